// SPDX-License-Identifier: GPL-2.0
/*
 * The compat device: /dev/tdx_guest with upstream's ABI and the 6.16
 * measurements/ directory, for kernels without one, so existing tools
 * work unchanged. One state, two faces: it shares the policies and the
 * event log with /dev/tdxg. It also accepts the legacy EXTEND_RTMR and
 * GET_QUOTE ioctls older libtdx_attest builds use.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tdxg.h"

/*
 * Where the kernel builds its own tdx_guest driver, it may load after tdxg
 * (tdxg from an initrd, the driver later from udev): taking the name then
 * would make it fail, and configfs-tsm with it. So the compat device is
 * off by default there, in either load order.
 */
static bool compat_device = !IS_ENABLED(CONFIG_TDX_GUEST_DRIVER);
module_param(compat_device, bool, 0444);
MODULE_PARM_DESC(compat_device,
		 "Register /dev/tdx_guest when no tdx_guest device exists (default on unless the kernel builds its own tdx_guest driver)");

bool tdxg_compat_registered;
bool tdxg_intree_present;

#define LEGACY_HDR_LEN	sizeof(struct tdxg_legacy_quote_hdr)

static long legacy_extend(struct file *file, void __user *argp)
{
	struct tdxg_legacy_extend_req req;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	return tdxg_extend(req.index, req.data, TDXG_EV_SYSFS_EXTEND, NULL, 0);
}

/*
 * The caller's buffer is the GetQuote buffer: header, then in_len bytes
 * to send. The host's status and answer are written back into it; a
 * status the host reported is not an ioctl error, as in the legacy ABI.
 * A failure before the host answered (the VMCALL refused, GetQuote off
 * after a failed page conversion, a timeout) is one, and leaves the
 * caller's buffer alone.
 */
static long legacy_get_quote(void __user *argp)
{
	struct tdxg_legacy_quote_req req;
	struct tdxg_legacy_quote_hdr hdr;
	u32 cap, out_len = 0;
	/* tdxg_quote_exchange sets it only once the host has answered. */
	u64 host_status = TDXG_GET_QUOTE_IN_FLIGHT;
	void __user *ubuf;
	void *in, *out;
	long ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.len < LEGACY_HDR_LEN)
		return -EINVAL;
	ubuf = u64_to_user_ptr(req.buf);
	if (copy_from_user(&hdr, ubuf, sizeof(hdr)))
		return -EFAULT;
	cap = min_t(u64, req.len - LEGACY_HDR_LEN, tdxg_quote_max());
	if (hdr.version != 1 || !hdr.in_len || hdr.in_len > cap)
		return -EINVAL;
	in = memdup_user(ubuf + LEGACY_HDR_LEN, hdr.in_len);
	if (IS_ERR(in))
		return PTR_ERR(in);
	out = kvmalloc(cap, GFP_KERNEL);
	ret = -ENOMEM;
	if (!out)
		goto out;
	ret = tdxg_quote_legacy(in, hdr.in_len, out, cap, &out_len, &host_status);
	if (host_status != TDXG_GET_QUOTE_IN_FLIGHT &&
	    host_status != TDXG_GET_QUOTE_SUCCESS) {
		out_len = 0;
		ret = 0;
	} else if (ret) {
		goto out;
	}
	hdr.status = host_status;
	hdr.out_len = out_len;
	if (copy_to_user(ubuf + LEGACY_HDR_LEN, out, out_len) ||
	    copy_to_user(ubuf, &hdr, sizeof(hdr)))
		ret = -EFAULT;
out:
	kvfree(out);
	kfree(in);
	return ret;
}

static long compat_ioctl_handler(struct file *file, unsigned int cmd,
				 unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	long ret;

	switch (cmd) {
	case TDXG_GET_REPORT0:
		ret = tdxg_ioctl(file, cmd, arg);
		/*
		 * Upstream's /dev/tdx_guest answers an invalid operand with
		 * ENXIO since Linux 6.16 (tdx_mcall_get_report0()); EINVAL has
		 * no other source on this path.
		 */
		return ret == -EINVAL ? -ENXIO : ret;
	case TDXG_LEGACY_EXTEND_RTMR_R:
	case TDXG_LEGACY_EXTEND_RTMR_W:
	case TDXG_LEGACY_EXTEND_RTMR_WR:
		return legacy_extend(file, argp);
	case TDXG_LEGACY_GET_QUOTE_R:
	case TDXG_LEGACY_GET_QUOTE_W:
	case TDXG_LEGACY_GET_QUOTE_WR:
		return legacy_get_quote(argp);
	}
	return -ENOTTY;
}

static const struct file_operations compat_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = compat_ioctl_handler,
	.compat_ioctl = compat_ptr_ioctl,
};

static const struct attribute_group *compat_groups[] = {
	&tdxg_measurements_group,
	NULL,
};

static struct miscdevice compat_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "tdx_guest",
	.fops = &compat_fops,
	.mode = 0600,
	.groups = compat_groups,
};

static bool tdx_guest_exists(void)
{
	struct path path;

	if (kern_path("/sys/class/misc/tdx_guest", 0, &path))
		return false;
	path_put(&path);
	return true;
}

/* Never fatal: /dev/tdxg works without the compat face. */
void tdxg_compat_init(void)
{
	int ret;

	if (tdx_guest_exists()) {
		tdxg_intree_present = true;
		pr_info("tdx_guest device exists (in-tree driver): /dev/tdx_guest left to it\n");
		return;
	}
	if (!compat_device) {
		if (IS_ENABLED(CONFIG_TDX_GUEST_DRIVER))
			pr_info("this kernel builds tdx_guest (CONFIG_TDX_GUEST_DRIVER): /dev/tdx_guest left to it; compat_device=1 forces the compat device\n");
		return;
	}
	ret = misc_register(&compat_miscdev);
	if (ret) {
		pr_warn("cannot register compat /dev/tdx_guest: %d; continuing without it\n",
			ret);
		return;
	}
	tdxg_compat_registered = true;
	pr_info("registered compat /dev/tdx_guest\n");
}

void tdxg_compat_exit(void)
{
	if (tdxg_compat_registered)
		misc_deregister(&compat_miscdev);
}
