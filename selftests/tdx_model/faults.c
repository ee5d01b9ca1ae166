// SPDX-License-Identifier: GPL-2.0
/*
 * A host that fails page conversion. On a TD, set_memory_decrypted() and
 * set_memory_encrypted() ask the host to convert pages (MapGPA) and can
 * fail; on this non-TD guest they succeed without asking anyone. The
 * model makes the next N calls return -EIO instead, by rewriting their
 * return value, so callers' failure paths run. No page changes state, so
 * a caller that then frees or reuses the memory corrupts nothing here;
 * tests check what the caller did, not what happened to the page.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <asm/ptrace.h>

#include "model.h"

static atomic_t fail_decrypt_left = ATOMIC_INIT(0);
static atomic_t fail_encrypt_left = ATOMIC_INIT(0);
static unsigned int nr_failed_conversions;
module_param(nr_failed_conversions, uint, 0444);
MODULE_PARM_DESC(nr_failed_conversions, "Page conversions failed on purpose so far");

static int set_counter(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	atomic_set(kp->arg, n);
	return 0;
}

static int get_counter(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%d\n", atomic_read(kp->arg));
}

static const struct kernel_param_ops counter_ops = {
	.set = set_counter,
	.get = get_counter,
};

module_param_cb(fail_decrypt, &counter_ops, &fail_decrypt_left, 0644);
MODULE_PARM_DESC(fail_decrypt, "Fail the next N set_memory_decrypted() with -EIO");
module_param_cb(fail_encrypt, &counter_ops, &fail_encrypt_left, 0644);
MODULE_PARM_DESC(fail_encrypt, "Fail the next N set_memory_encrypted() with -EIO");

static void maybe_fail(atomic_t *left, struct pt_regs *regs)
{
	if (regs_return_value(regs) || atomic_dec_if_positive(left) < 0)
		return;
	regs_set_return_value(regs, -EIO);
	nr_failed_conversions++;
}

static int decrypt_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	maybe_fail(&fail_decrypt_left, regs);
	return 0;
}

static int encrypt_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	maybe_fail(&fail_encrypt_left, regs);
	return 0;
}

static struct kretprobe decrypt_probe = {
	.kp.symbol_name = "set_memory_decrypted",
	.handler = decrypt_ret,
	.maxactive = 16,
};

static struct kretprobe encrypt_probe = {
	.kp.symbol_name = "set_memory_encrypted",
	.handler = encrypt_ret,
	.maxactive = 16,
};

int model_faults_init(void)
{
	int ret = register_kretprobe(&decrypt_probe);

	if (ret) {
		pr_err("cannot probe set_memory_decrypted: %d\n", ret);
		return ret;
	}
	ret = register_kretprobe(&encrypt_probe);
	if (ret) {
		pr_err("cannot probe set_memory_encrypted: %d\n", ret);
		unregister_kretprobe(&decrypt_probe);
	}
	return ret;
}

void model_faults_exit(void)
{
	unregister_kretprobe(&encrypt_probe);
	unregister_kretprobe(&decrypt_probe);
}
