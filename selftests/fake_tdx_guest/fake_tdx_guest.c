// SPDX-License-Identifier: GPL-2.0
/*
 * Test stand-in for the in-tree tdx-guest driver, which binds only on a
 * real TDX guest: it owns the misc name tdx_guest, so the harness can
 * check that tdxg then leaves /dev/tdx_guest alone. Every ioctl answers
 * -ENOTTY, so a test can tell whose device it opened.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

static long fake_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct file_operations fake_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = fake_ioctl,
};

static struct miscdevice fake_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "tdx_guest",
	.fops = &fake_fops,
	.mode = 0600,
};

module_misc_device(fake_dev);

MODULE_DESCRIPTION("tdxg selftests: a tdx_guest misc device that does nothing");
MODULE_LICENSE("GPL");
