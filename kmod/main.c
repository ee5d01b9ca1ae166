// SPDX-License-Identifier: GPL-2.0
/*
 * tdxg: TDX guest reports, RTMR extend with one-way policies and a runtime
 * event log, for every kernel.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "tdxg.h"

bool tdxg_ccel_node;

static char *rtmr_policy[TDXG_NR_RTMR];
static unsigned int nr_rtmr_policy;
module_param_array(rtmr_policy, charp, &nr_rtmr_policy, 0444);
MODULE_PARM_DESC(rtmr_policy,
		 "Policies to apply at load, e.g. locked,locked,locked,open (open|once|locked per RTMR)");

static unsigned int log_size = 1 << 20;
module_param(log_size, uint, 0444);
MODULE_PARM_DESC(log_size, "Runtime event log capacity in bytes (default 1 MiB)");

/*
 * Room for what measure.c reserves while every register is open (seal
 * markers and a full-size once extend each: about 17 KiB), and more.
 */
#define LOG_SIZE_MIN	(32 << 10)
#define LOG_SIZE_MAX	(64 << 20)

static bool tdxg_dev_registered;

/*
 * Order matters for the seals: rtmr_policy is applied before any device
 * or sysfs node exists, so nothing can extend a register before its seal.
 * From the first runtime-log record on, the load does not fail: the
 * module is pinned and its log must stay, so what comes after (devices,
 * the ccel node, the compat device) is best effort and says what failed.
 */
static int __init tdxg_init(void)
{
	int ret;

	if (log_size < LOG_SIZE_MIN || log_size > LOG_SIZE_MAX) {
		pr_err("log_size %u out of range [%u, %u]\n", log_size,
		       LOG_SIZE_MIN, LOG_SIZE_MAX);
		return -EINVAL;
	}
	ret = tdxg_ccel_init();
	if (ret)
		return ret;
	ret = tdxg_tdcall_init();
	if (ret)
		goto err_ccel;
	ret = tdxg_log_init(log_size);
	if (ret)
		goto err_ccel;
	ret = tdxg_measure_init();
	if (ret)
		goto err_log;
	ret = tdxg_apply_policies(rtmr_policy, nr_rtmr_policy);
	if (ret)
		goto err_measure;
	ret = misc_register(&tdxg_miscdev);
	if (ret) {
		if (!tdxg_pinned())
			goto err_measure;
		pr_err("cannot register /dev/tdxg: %d; staying loaded for the runtime log\n",
		       ret);
		return 0;
	}
	tdxg_dev_registered = true;
	if (tdxg_ccel_node_wanted()) {
		ret = tdxg_sysfs_add_ccel(tdxg_miscdev.this_device);
		if (ret)
			pr_warn("cannot add the ccel node: %d\n", ret);
		else
			tdxg_ccel_node = true;
	}
	tdxg_compat_init();
	pr_info("tdxg %s: backend tdx, event log %u bytes\n", TDXG_VERSION,
		log_size);
	return 0;

err_measure:
	tdxg_measure_exit();
err_log:
	tdxg_log_exit();
err_ccel:
	tdxg_ccel_exit();
	return ret;
}

static void __exit tdxg_exit(void)
{
	tdxg_compat_exit();
	if (tdxg_ccel_node)
		tdxg_sysfs_remove_ccel(tdxg_miscdev.this_device);
	if (tdxg_dev_registered)
		misc_deregister(&tdxg_miscdev);
	tdxg_measure_exit();
	tdxg_log_exit();
	tdxg_quote_exit();
	tdxg_ccel_exit();
}

module_init(tdxg_init);
module_exit(tdxg_exit);

MODULE_AUTHOR("tdxg developers");
MODULE_DESCRIPTION("TDX guest reports, RTMR extend with locks and a runtime event log");
MODULE_LICENSE("GPL");
MODULE_VERSION(TDXG_VERSION);
/* Let the in-tree driver claim tdx_guest first where it exists. */
MODULE_SOFTDEP("pre: tdx_guest");
