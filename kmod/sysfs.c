// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/class/misc/tdxg/: backend, measurements/ (upstream 6.16 names and
 * semantics), policy/, event_log and ccel.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "tdxg.h"

static ssize_t backend_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "tdx\n");
}
static DEVICE_ATTR_RO(backend);

static ssize_t event_log_read(struct file *file, struct kobject *kobj,
			      TDXG_BIN_CONST struct bin_attribute *attr,
			      char *buf, loff_t off, size_t count)
{
	return tdxg_log_read(buf, off, count);
}

/*
 * Size 0: the log grows. sysfs serves at most a page per read, so reads
 * are short long before the end: readers read until a read returns 0.
 */
static TDXG_BIN_CONST struct bin_attribute bin_attr_event_log = {
	.attr = { .name = "event_log", .mode = 0444 },
	TDXG_BIN_OPS(event_log_read, NULL),
};

static struct attribute *tdxg_attrs[] = {
	&dev_attr_backend.attr,
	NULL,
};

static TDXG_BIN_LIST_CONST struct bin_attribute *TDXG_BIN_LIST_CONST tdxg_bin_attrs[] = {
	&bin_attr_event_log,
	NULL,
};

static const struct attribute_group tdxg_group = {
	.attrs = tdxg_attrs,
	.TDXG_GROUP_BIN_ATTRS = tdxg_bin_attrs,
};

/*
 * measurements/: each file holds one raw 48-byte register, from tdxg's
 * last TDREPORT, taken anew after every extend through tdxg and at least
 * every tenth of a second (tdxg_read_tdinfo). A write to rtmrN:sha384 of
 * exactly 48 bytes at offset 0 extends it, as upstream 6.16 does;
 * anything else is -EINVAL.
 */
enum mr_field { MR_MRTD, MR_CONFIGID, MR_OWNER, MR_OWNERCONFIG, MR_RTMR0 };

static const u8 *mr_field_ptr(const struct tdxg_tdinfo *t, unsigned long f)
{
	switch (f) {
	case MR_MRTD:
		return t->mrtd;
	case MR_CONFIGID:
		return t->mrconfigid;
	case MR_OWNER:
		return t->mrowner;
	case MR_OWNERCONFIG:
		return t->mrownerconfig;
	}
	return t->rtmr[f - MR_RTMR0];
}

static ssize_t mr_read(struct file *file, struct kobject *kobj,
		       TDXG_BIN_CONST struct bin_attribute *attr,
		       char *buf, loff_t off, size_t count)
{
	struct tdxg_tdinfo *tdinfo;
	ssize_t ret;

	if (off < 0)
		return -EINVAL;
	if (off >= TDXG_DIGEST_LEN)
		return 0;
	tdinfo = kmalloc(sizeof(*tdinfo), GFP_KERNEL);
	if (!tdinfo)
		return -ENOMEM;
	ret = tdxg_read_tdinfo(tdinfo);
	if (!ret) {
		ret = min_t(size_t, count, TDXG_DIGEST_LEN - off);
		memcpy(buf, mr_field_ptr(tdinfo, (unsigned long)attr->private) + off,
		       ret);
	}
	kfree(tdinfo);
	return ret;
}

static ssize_t rtmr_write(struct file *file, struct kobject *kobj,
			  TDXG_BIN_CONST struct bin_attribute *attr,
			  char *buf, loff_t off, size_t count)
{
	u32 index = (unsigned long)attr->private - MR_RTMR0;
	int ret;

	if (off != 0 || count != TDXG_DIGEST_LEN)
		return -EINVAL;
	ret = tdxg_extend(index, buf, TDXG_EV_SYSFS_EXTEND, NULL, 0);
	return ret ? ret : count;
}

#define TDXG_MR_ATTR(_var, _name, _field, _mode, _write)		\
	static TDXG_BIN_CONST struct bin_attribute _var = {		\
		.attr = { .name = _name, .mode = _mode },		\
		.private = (void *)(_field),				\
		TDXG_BIN_OPS(mr_read, _write),				\
	}

TDXG_MR_ATTR(mr_mrtd, "mrtd:sha384", MR_MRTD, 0444, NULL);
TDXG_MR_ATTR(mr_mrconfigid, "mrconfigid", MR_CONFIGID, 0444, NULL);
TDXG_MR_ATTR(mr_mrowner, "mrowner", MR_OWNER, 0444, NULL);
TDXG_MR_ATTR(mr_mrownerconfig, "mrownerconfig", MR_OWNERCONFIG, 0444, NULL);
TDXG_MR_ATTR(mr_rtmr0, "rtmr0:sha384", MR_RTMR0 + 0, 0644, rtmr_write);
TDXG_MR_ATTR(mr_rtmr1, "rtmr1:sha384", MR_RTMR0 + 1, 0644, rtmr_write);
TDXG_MR_ATTR(mr_rtmr2, "rtmr2:sha384", MR_RTMR0 + 2, 0644, rtmr_write);
TDXG_MR_ATTR(mr_rtmr3, "rtmr3:sha384", MR_RTMR0 + 3, 0644, rtmr_write);

static TDXG_BIN_LIST_CONST struct bin_attribute *TDXG_BIN_LIST_CONST mr_bin_attrs[] = {
	&mr_mrtd, &mr_mrconfigid, &mr_mrowner, &mr_mrownerconfig,
	&mr_rtmr0, &mr_rtmr1, &mr_rtmr2, &mr_rtmr3,
	NULL,
};

const struct attribute_group tdxg_measurements_group = {
	.name = "measurements",
	.TDXG_GROUP_BIN_ATTRS = mr_bin_attrs,
};

/* policy/rtmrN: one word. Writing a word tightens; see measure.c. */
struct policy_attr {
	struct device_attribute attr;
	u32 index;
};

static ssize_t policy_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	u32 index = container_of(attr, struct policy_attr, attr)->index;

	return sysfs_emit(buf, "%s\n", tdxg_policy_names[tdxg_policy_get(index)]);
}

static ssize_t policy_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	u32 index = container_of(attr, struct policy_attr, attr)->index;
	enum tdxg_policy mode;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = tdxg_policy_parse(buf, &mode);
	if (ret)
		return ret;
	ret = tdxg_tighten(index, mode);
	return ret ? ret : count;
}

#define TDXG_POLICY_ATTR(_n)						\
	static struct policy_attr policy_rtmr##_n = {			\
		.attr = __ATTR(rtmr##_n, 0644, policy_show, policy_store), \
		.index = _n,						\
	}

TDXG_POLICY_ATTR(0);
TDXG_POLICY_ATTR(1);
TDXG_POLICY_ATTR(2);
TDXG_POLICY_ATTR(3);

static struct attribute *policy_attrs[] = {
	&policy_rtmr0.attr.attr, &policy_rtmr1.attr.attr,
	&policy_rtmr2.attr.attr, &policy_rtmr3.attr.attr,
	NULL,
};

static const struct attribute_group tdxg_policy_group = {
	.name = "policy",
	.attrs = policy_attrs,
};

const struct attribute_group *tdxg_groups[] = {
	&tdxg_group,
	&tdxg_measurements_group,
	&tdxg_policy_group,
	NULL,
};

static ssize_t ccel_read(struct file *file, struct kobject *kobj,
			 TDXG_BIN_CONST struct bin_attribute *attr,
			 char *buf, loff_t off, size_t count)
{
	size_t len;
	const u8 *data = tdxg_ccel_data(&len);

	if (off < 0 || off >= len)
		return 0;
	count = min_t(size_t, count, len - off);
	memcpy(buf, data + off, count);
	return count;
}

static struct bin_attribute bin_attr_ccel = {
	.attr = { .name = "ccel", .mode = 0444 },
	TDXG_BIN_OPS(ccel_read, NULL),
};

int tdxg_sysfs_add_ccel(struct device *dev)
{
	size_t len;

	tdxg_ccel_data(&len);
	bin_attr_ccel.size = len;
	return sysfs_create_bin_file(&dev->kobj, &bin_attr_ccel);
}

void tdxg_sysfs_remove_ccel(struct device *dev)
{
	sysfs_remove_bin_file(&dev->kobj, &bin_attr_ccel);
}
