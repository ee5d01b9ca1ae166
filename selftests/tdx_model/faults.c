// SPDX-License-Identifier: GPL-2.0
/*
 * A host that fails page conversion. On a TD, set_memory_decrypted() and
 * set_memory_encrypted() ask the host to convert pages (MapGPA) and can
 * fail; on this non-TD guest they succeed without asking anyone. The
 * model makes the next N calls return -EIO instead, by rewriting their
 * return value, so callers' failure paths run. No page changes state, so
 * a caller that then frees or reuses the memory corrupts nothing here;
 * tests check what the caller did, not what happened to the page.
 * Below: the kernel's shared-page mask, as tdxg sees it.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
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

/*
 * The kernel's shared-page mask. On a TD, torvalds/linux
 * arch/x86/coco/core.c cc_mkdec() sets cc_mask, the TD's shared GPA bit
 * (tdx_early_init() in arch/x86/coco/tdx/tdx.c sets cc_vendor and
 * cc_mask from TDG.VP.INFO), and set_memory_decrypted() converts pages
 * with MapGPA. This guest is not a TD: cc_mkdec() returns its argument,
 * set_memory_decrypted() converts nothing, and tdxg refuses GetQuote as
 * it must on such a kernel. guest_mem_encrypt makes cc_mkdec() add the
 * model's shared bit for tdxg's own calls only (the caller is looked up
 * by its return address), so tdxg's quote path runs here; every other
 * caller keeps the kernel's answer. The pages tdxg then "shares" stay
 * private: the model's host reads them through the direct map
 * (model_gpa_to_virt()).
 */
static bool guest_mem_encrypt = true;
module_param(guest_mem_encrypt, bool, 0644);
MODULE_PARM_DESC(guest_mem_encrypt,
		 "tdxg's cc_mkdec() adds the TD's shared bit, as on a TD (default 1)");
static unsigned int nr_mkdec_asked;
module_param(nr_mkdec_asked, uint, 0444);
MODULE_PARM_DESC(nr_mkdec_asked, "tdxg's cc_mkdec() calls");

static int mkdec_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, get_kretprobe_retaddr(ri));
	if (!strstr(sym, " [tdxg]"))
		return 0;
	nr_mkdec_asked++;
	if (READ_ONCE(guest_mem_encrypt))
		regs_set_return_value(regs, regs_return_value(regs) | MODEL_SHARED_BIT);
	return 0;
}

static struct kretprobe mkdec_probe = {
	.kp.symbol_name = "cc_mkdec",
	.handler = mkdec_ret,
	.maxactive = 16,
};

int model_faults_init(void)
{
	int ret = register_kretprobe(&mkdec_probe);

	if (ret) {
		pr_err("cannot probe cc_mkdec: %d\n", ret);
		return ret;
	}
	ret = register_kretprobe(&decrypt_probe);

	if (ret) {
		pr_err("cannot probe set_memory_decrypted: %d\n", ret);
		goto err_cc;
	}
	ret = register_kretprobe(&encrypt_probe);
	if (ret) {
		pr_err("cannot probe set_memory_encrypted: %d\n", ret);
		unregister_kretprobe(&decrypt_probe);
		goto err_cc;
	}
	return 0;
err_cc:
	unregister_kretprobe(&mkdec_probe);
	return ret;
}

void model_faults_exit(void)
{
	unregister_kretprobe(&encrypt_probe);
	unregister_kretprobe(&decrypt_probe);
	unregister_kretprobe(&mkdec_probe);
}
