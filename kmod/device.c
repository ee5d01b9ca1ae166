// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/tdxg: GET_REPORT0 (upstream's struct and number), INFO, EXTEND and
 * LOCK. Every user buffer is copied once into kernel memory before use.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tdxg.h"

/* TCG EV_NO_ACTION events are never extended, so none may be logged. */
#define TCG_EV_NO_ACTION	0x3

static long ioctl_get_report0(struct tdxg_report_req __user *req)
{
	u8 *reportdata, *tdreport;
	long ret;

	/* kmalloc of a power of two is naturally aligned, as TDCALL needs. */
	reportdata = kmalloc(TDXG_REPORTDATA_LEN, GFP_KERNEL);
	tdreport = kzalloc(TDXG_REPORT_LEN, GFP_KERNEL);
	ret = -ENOMEM;
	if (!reportdata || !tdreport)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(reportdata, req->reportdata, TDXG_REPORTDATA_LEN))
		goto out;
	ret = tdxg_get_report(tdreport, reportdata);
	if (ret)
		goto out;
	if (copy_to_user(req->tdreport, tdreport, TDXG_REPORT_LEN))
		ret = -EFAULT;
out:
	kfree_sensitive(reportdata);
	kfree_sensitive(tdreport);
	return ret;
}

void tdxg_fill_info(struct tdxg_info *info)
{
	u32 i;

	memset(info, 0, sizeof(*info));
	info->abi_version = TDXG_ABI_VERSION;
	info->backend = TDXG_BACKEND_TDX;
	strscpy(info->version, TDXG_VERSION, sizeof(info->version));
	for (i = 0; i < TDXG_NR_RTMR; i++)
		info->policy[i] = tdxg_policy_get(i);
	if (tdxg_ccel_node)
		info->flags |= TDXG_INFO_CCEL_NODE;
	if (tdxg_pinned())
		info->flags |= TDXG_INFO_PINNED;
	if (!tdxg_quote_broken())
		info->flags |= TDXG_INFO_GET_QUOTE;
	if (tdxg_compat_registered)
		info->flags |= TDXG_INFO_COMPAT_DEVICE;
	if (tdxg_intree_present)
		info->flags |= TDXG_INFO_INTREE_DRIVER;
	info->seal_pending = tdxg_seal_pending();
	if (info->seal_pending)
		info->flags |= TDXG_INFO_SEAL_PENDING;
	tdxg_load_seal_status(&info->load_seal_failed, &info->load_seal_error);
	if (info->load_seal_failed)
		info->flags |= TDXG_INFO_LOAD_SEAL_FAILED;
	tdxg_log_usage(&info->log_used, &info->log_capacity, &info->log_records);
	if (tdxg_foreign_watched())
		info->flags |= TDXG_INFO_FOREIGN_WATCH;
	tdxg_foreign_status(&info->foreign_mask, &info->foreign_count);
}

static long ioctl_info(struct tdxg_info __user *uinfo)
{
	struct tdxg_info info;

	tdxg_fill_info(&info);
	return copy_to_user(uinfo, &info, sizeof(info)) ? -EFAULT : 0;
}

static long ioctl_extend(struct file *file, struct tdxg_extend_req __user *ureq)
{
	struct tdxg_extend_req req;
	void *event = NULL;
	long ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	/*
	 * Types tdxg writes itself are reserved, so a record of them always
	 * means what the ABI says: a seal, or a root-only extend through
	 * measurements/ or the legacy ioctl.
	 */
	if (req.reserved || req.event_type == TDXG_EV_POLICY ||
	    req.event_type == TDXG_EV_SYSFS_EXTEND ||
	    req.event_type == TCG_EV_NO_ACTION ||
	    (!req.event_size && req.event_data))
		return -EINVAL;
	/* Before the copy, so a bad index is ENXIO and not a wasted copy. */
	ret = tdxg_check_rtmr(req.index, req.event_size);
	if (ret)
		return ret;
	if (req.event_size) {
		event = memdup_user(u64_to_user_ptr(req.event_data),
				    req.event_size);
		if (IS_ERR(event))
			return PTR_ERR(event);
	}
	ret = tdxg_extend(req.index, req.digest, req.event_type, event,
			  req.event_size);
	kfree(event);
	return ret;
}

static long ioctl_lock(struct tdxg_lock_req __user *ureq)
{
	struct tdxg_lock_req req;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	/* OPEN is a valid policy word but not a tighten this ioctl offers. */
	if (req.mode != TDXG_POLICY_ONCE && req.mode != TDXG_POLICY_LOCKED)
		return -EINVAL;
	return tdxg_tighten(req.index, req.mode);
}

static long ioctl_get_quote(struct tdxg_quote_req __user *ureq)
{
	struct tdxg_quote_req req;
	u8 *reportdata, *quote;
	u32 cap, len = 0;
	long ret;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~TDXG_QUOTE_FRAMED || !req.len)
		return -EINVAL;
	cap = min(req.len, tdxg_quote_max());
	reportdata = kmalloc(TDXG_REPORTDATA_LEN, GFP_KERNEL);
	quote = kvmalloc(cap, GFP_KERNEL);
	ret = -ENOMEM;
	if (!reportdata || !quote)
		goto out;
	memcpy(reportdata, req.reportdata, TDXG_REPORTDATA_LEN);
	ret = tdxg_get_quote(reportdata, req.flags, quote, cap, &len);
	if (ret && ret != -EFBIG)
		goto out;
	/* On -EFBIG, len tells the caller the size it needs. */
	if (put_user(len, &ureq->len))
		ret = -EFAULT;
	else if (!ret && copy_to_user(u64_to_user_ptr(req.buf), quote, len))
		ret = -EFAULT;
out:
	kvfree(quote);
	kfree(reportdata);
	return ret;
}

long tdxg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case TDXG_GET_REPORT0:
		return ioctl_get_report0(argp);
	case TDXG_INFO:
		return ioctl_info(argp);
	case TDXG_EXTEND:
		return ioctl_extend(file, argp);
	case TDXG_LOCK:
		return ioctl_lock(argp);
	case TDXG_GET_QUOTE:
		return ioctl_get_quote(argp);
	}
	return -ENOTTY;
}

static const struct file_operations tdxg_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = tdxg_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

struct miscdevice tdxg_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "tdxg",
	.fops = &tdxg_fops,
	.mode = 0600,
	.groups = tdxg_groups,
};
