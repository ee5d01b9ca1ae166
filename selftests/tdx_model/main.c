// SPDX-License-Identifier: GPL-2.0
/*
 * Entry: TDCALL (66 0f 01 cc) raises #UD on a CPU that is not in TDX
 * non-root mode. The #UD path offers kernel-mode traps to the die notifier
 * chain before it oopses; the model claims those whose opcode is TDCALL,
 * runs the leaf on the trapped registers and steps over the instruction,
 * so the caller sees what a TDX module would have returned.
 *
 * The model also sets X86_FEATURE_TDX_GUEST on every CPU, which is what
 * the kernel's own tdx_guest driver and tdxg test for (the CPUID leaf
 * 0x21 they would otherwise read cannot be changed from a module).
 */
#include <linux/kdebug.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

#include "model.h"

static const u8 tdcall_insn[] = { 0x66, 0x0f, 0x01, 0xcc };

static unsigned long nr_tdcalls;
module_param(nr_tdcalls, ulong, 0444);
MODULE_PARM_DESC(nr_tdcalls, "TDCALLs answered so far");

static void ctx_from_regs(struct tdcall_ctx *c, const struct pt_regs *regs)
{
	c->rax = regs->ax;
	c->rcx = regs->cx;
	c->rdx = regs->dx;
	c->r8 = regs->r8;
	c->r9 = regs->r9;
	c->r10 = regs->r10;
	c->r11 = regs->r11;
	c->r12 = regs->r12;
	c->r13 = regs->r13;
	c->r14 = regs->r14;
	c->r15 = regs->r15;
}

static void ctx_to_regs(const struct tdcall_ctx *c, struct pt_regs *regs)
{
	regs->ax = c->rax;
	regs->cx = c->rcx;
	regs->dx = c->rdx;
	regs->r8 = c->r8;
	regs->r9 = c->r9;
	regs->r10 = c->r10;
	regs->r11 = c->r11;
	regs->r12 = c->r12;
	regs->r13 = c->r13;
	regs->r14 = c->r14;
	regs->r15 = c->r15;
}

static void tdcall(struct tdcall_ctx *c)
{
	switch (c->rax) {
	case TDG_VP_VMCALL:
		model_vp_vmcall(c);
		break;
	case TDG_VP_INFO:
		model_vp_info(c);
		break;
	case TDG_MR_RTMR_EXTEND:
		model_mr_rtmr_extend(c);
		break;
	case TDG_MR_REPORT:
		model_mr_report(c);
		break;
	default:
		/* An unknown leaf is an invalid RAX operand, never a success. */
		c->rax = TDX_OPERAND_INVALID;
		break;
	}
}

static int model_die(struct notifier_block *nb, unsigned long val, void *data)
{
	struct die_args *args = data;
	struct pt_regs *regs = args->regs;
	struct tdcall_ctx c;
	u8 insn[sizeof(tdcall_insn)];

	if (val != DIE_TRAP || args->trapnr != X86_TRAP_UD || user_mode(regs))
		return NOTIFY_DONE;
	if (copy_from_kernel_nofault(insn, (void *)regs->ip, sizeof(insn)) ||
	    memcmp(insn, tdcall_insn, sizeof(insn)))
		return NOTIFY_DONE;
	ctx_from_regs(&c, regs);
	tdcall(&c);
	ctx_to_regs(&c, regs);
	regs->ip += sizeof(tdcall_insn);
	nr_tdcalls++;
	return NOTIFY_STOP;
}

static struct notifier_block model_die_nb = {
	.notifier_call = model_die,
	/* Ahead of anything that would report the #UD. */
	.priority = INT_MAX,
};

static void set_tdx_feature(bool on)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		if (on)
			set_bit(X86_FEATURE_TDX_GUEST,
				(unsigned long *)cpu_data(cpu).x86_capability);
		else
			clear_bit(X86_FEATURE_TDX_GUEST,
				  (unsigned long *)cpu_data(cpu).x86_capability);
	}
	if (on)
		set_bit(X86_FEATURE_TDX_GUEST,
			(unsigned long *)boot_cpu_data.x86_capability);
	else
		clear_bit(X86_FEATURE_TDX_GUEST,
			  (unsigned long *)boot_cpu_data.x86_capability);
}

/* The instruction itself, to check the trap path before anyone relies on it. */
static u64 self_tdcall(u64 leaf, u64 *rcx, u64 *r10)
{
	register u64 r10_reg asm("r10") = 0;
	u64 rax = leaf, c = 0;

	asm volatile(".byte 0x66, 0x0f, 0x01, 0xcc"
		     : "+a" (rax), "+c" (c), "+r" (r10_reg)
		     : : "rdx", "r8", "r9", "r11", "memory");
	*rcx = c;
	*r10 = r10_reg;
	return rax;
}

static int self_check(void)
{
	u64 rcx, r10, st;

	st = self_tdcall(0xff, &rcx, &r10);
	if ((st & ~0xffffffffULL) != TDX_OPERAND_INVALID) {
		pr_err("self-check: unknown leaf returned %#llx\n", st);
		return -EIO;
	}
	st = self_tdcall(TDG_VP_INFO, &rcx, &r10);
	if (st || (rcx & 0x3f) != MODEL_GPAW || r10 != MODEL_VP_INFO_SYS_RD) {
		pr_err("self-check: TDG.VP.INFO returned %#llx, GPAW %llu, R10 %#llx\n",
		       st, rcx & 0x3f, r10);
		return -EIO;
	}
	return 0;
}

static int __init model_init(void)
{
	int ret;

	if (boot_cpu_has(X86_FEATURE_TDX_GUEST)) {
		pr_err("this is a TD already: the model would shadow the real TDX module\n");
		return -EEXIST;
	}
	ret = model_mr_init();
	if (ret)
		return ret;
	ret = model_vmm_init();
	if (ret)
		goto err_mr;
	ret = model_faults_init();
	if (ret)
		goto err_vmm;
	ret = register_die_notifier(&model_die_nb);
	if (ret)
		goto err_faults;
	ret = self_check();
	if (ret) {
		unregister_die_notifier(&model_die_nb);
		goto err_faults;
	}
	set_tdx_feature(true);
	pr_info("answering TDCALL (GPA width %u); this guest is not a TD\n",
		MODEL_GPAW);
	return 0;

err_faults:
	model_faults_exit();
err_vmm:
	model_vmm_exit();
err_mr:
	model_mr_exit();
	return ret;
}

static void __exit model_exit(void)
{
	set_tdx_feature(false);
	unregister_die_notifier(&model_die_nb);
	model_faults_exit();
	model_vmm_exit();
	model_mr_exit();
}

module_init(model_init);
module_exit(model_exit);

MODULE_DESCRIPTION("Test-only model of the TDX module for non-TD QEMU guests");
MODULE_LICENSE("GPL");
