// SPDX-License-Identifier: GPL-2.0
/*
 * TDCALLs into the TDX module. The kernel exports no usable TDCALL helper
 * before 6.16, so tdxg carries its own.
 */
#include <linux/io.h>
#include <linux/kernel.h>
#include <asm/processor.h>

#include "tdxg.h"

#define TDX_CPUID_LEAF		0x21

#define TDG_VP_VMCALL		0
#define TDG_VP_INFO		1
#define TDG_MR_RTMR_EXTEND	2
#define TDG_MR_REPORT		4

struct tdcall_regs {
	u64 rcx, rdx, r8, r9, r10, r11, r12, r13;
};

/*
 * TDCALL is encoded as bytes so that assemblers without TDX support work.
 * Only the registers each leaf defines are inputs or outputs; the TDX
 * module preserves the rest.
 */
static u64 tdcall(u64 leaf, struct tdcall_regs *regs)
{
	register u64 r8 asm("r8") = regs->r8;
	register u64 r9 asm("r9") = regs->r9;
	register u64 r10 asm("r10") = regs->r10;
	register u64 r11 asm("r11") = regs->r11;
	register u64 r12 asm("r12") = regs->r12;
	register u64 r13 asm("r13") = regs->r13;
	u64 rax = leaf, rcx = regs->rcx, rdx = regs->rdx;

	asm volatile(".byte 0x66, 0x0f, 0x01, 0xcc"
		     : "+a" (rax), "+c" (rcx), "+d" (rdx),
		       "+r" (r8), "+r" (r9), "+r" (r10), "+r" (r11),
		       "+r" (r12), "+r" (r13)
		     : : "memory");
	regs->rcx = rcx;
	regs->rdx = rdx;
	regs->r8 = r8;
	regs->r9 = r9;
	regs->r10 = r10;
	regs->r11 = r11;
	regs->r12 = r12;
	regs->r13 = r13;
	return rax;
}

/*
 * The kernel's own detection first, where it has one (5.19+): it is set
 * from the same CPUID leaf on a TD. Older kernels have only the leaf.
 */
static bool tdxg_cpu_is_tdx(void)
{
	u32 eax, sig[3];

#ifdef X86_FEATURE_TDX_GUEST
	if (boot_cpu_has(X86_FEATURE_TDX_GUEST))
		return true;
#endif
	if (boot_cpu_data.cpuid_level < TDX_CPUID_LEAF)
		return false;
	cpuid_count(TDX_CPUID_LEAF, 0, &eax, &sig[0], &sig[2], &sig[1]);
	return !memcmp("IntelTDX    ", sig, sizeof(sig));
}

u64 tdxg_tdcall_report(u8 *tdreport, const u8 *reportdata)
{
	struct tdcall_regs regs = {
		.rcx = __pa(tdreport),
		.rdx = __pa(reportdata),
		.r8 = 0,	/* report subtype 0 */
	};

	return tdcall(TDG_MR_REPORT, &regs);
}

u64 tdxg_tdcall_extend(u32 index, const u8 *digest)
{
	struct tdcall_regs regs = {
		.rcx = __pa(digest),
		.rdx = index,
	};

	return tdcall(TDG_MR_RTMR_EXTEND, &regs);
}

#define TDVMCALL_GET_QUOTE	0x10002
#define TDVMCALL_STATUS_RETRY	1
/* RCX bitmap: R10..R13 are passed to and from the VMM. */
#define TDVMCALL_EXPOSE_R10_R13	0x3c00

/*
 * The GPA bit that marks shared memory is the top bit of the TD's guest
 * physical address width, which TDG.VP.INFO reports. Deriving it here
 * needs no kernel helper, so it works on kernels that export none.
 */
static u64 shared_gpa_bit;

/*
 * Whether the kernel's decrypted pages carry the TD's shared bit, i.e.
 * set_memory_decrypted() really makes pages shared with the host.
 */
bool tdxg_kernel_shares_memory(void)
{
	return shared_gpa_bit && tdxg_cc_mkdec(0) == shared_gpa_bit;
}

u64 tdxg_tdcall_get_quote(u64 pa, u64 size)
{
	struct tdcall_regs regs = {
		.rcx = TDVMCALL_EXPOSE_R10_R13,
		.r10 = 0,	/* GHCI standard VMCALL */
		.r11 = TDVMCALL_GET_QUOTE,
		.r12 = pa | shared_gpa_bit,
		.r13 = size,
	};
	u64 status = tdcall(TDG_VP_VMCALL, &regs);

	if (status)
		return status;
	if (regs.r10 == TDVMCALL_STATUS_RETRY)
		return TDX_OPERAND_BUSY;
	return regs.r10 ? TDXG_STATUS_VMCALL_FAILED : TDX_SUCCESS;
}

int tdxg_tdcall_init(void)
{
	struct tdcall_regs regs = {};
	unsigned int gpaw;
	u64 status;

	if (!tdxg_cpu_is_tdx()) {
		pr_err("not a TDX guest (no X86_FEATURE_TDX_GUEST, and CPUID leaf 0x21 does not report IntelTDX)\n");
		return -ENODEV;
	}
	/* TDG.VP.INFO proves the TDX module answers before we claim it. */
	status = tdcall(TDG_VP_INFO, &regs);
	if (status) {
		pr_err("TDG.VP.INFO failed: status %#llx\n", status);
		return -EIO;
	}
	gpaw = regs.rcx & 0x3f;
	if (gpaw < 32 || gpaw > 52) {
		pr_err("TDG.VP.INFO: implausible GPA width %u\n", gpaw);
		return -EIO;
	}
	shared_gpa_bit = BIT_ULL(gpaw - 1);
	pr_info("TDX module: GPA width %u, TD attributes %#llx\n", gpaw, regs.rdx);
	return 0;
}
