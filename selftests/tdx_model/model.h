/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model of the Intel TDX module, as a guest sees it through TDCALL, for
 * QEMU TCG guests that are not TDs. Written from the TDX Module ABI and
 * GHCI specifications; it deliberately shares no header with tdxg, so a
 * misreading of the spec in one does not hide in the other.
 */
#ifndef TDX_MODEL_H
#define TDX_MODEL_H

#include <linux/types.h>

struct pt_regs;

/* TDCALL leaves (RAX). */
#define TDG_VP_VMCALL		0
#define TDG_VP_INFO		1
#define TDG_MR_RTMR_EXTEND	2
#define TDG_MR_REPORT		4

/* Completion status (RAX): class and code in bits 63:32, detail below. */
#define TDX_SUCCESS		0x0000000000000000ULL
#define TDX_OPERAND_INVALID	0xc000010000000000ULL
#define TDX_OPERAND_BUSY	0x8000020000000000ULL
/* Status detail: which operand was invalid or busy. */
#define OPERAND_ID_RCX		1
#define OPERAND_ID_RDX		2
#define OPERAND_ID_R8		8
/* intel/tdx-module (tdx_1.5) include/auto_gen/tdx_error_codes_defs.h */
#define OPERAND_ID_RTMR		0xa8

/* The TD's guest physical address width; the top bit marks shared GPAs. */
#define MODEL_GPAW		48
#define MODEL_SHARED_BIT	BIT_ULL(MODEL_GPAW - 1)

/* TDG.VP.INFO R10 bit 0: TDG.SYS.RD and TDG.SYS.RDALL are available. */
#define MODEL_VP_INFO_SYS_RD	BIT_ULL(0)

#define MODEL_NR_RTMR		4
#define MODEL_MR_LEN		48

/* Operands a leaf reads and writes: the subset of pt_regs the ABI uses. */
struct tdcall_ctx {
	u64 rax, rcx, rdx, r8, r9, r10, r11, r12, r13, r14, r15;
};

/* mr.c */
int model_mr_init(void);
void model_mr_exit(void);
void model_vp_info(struct tdcall_ctx *c);
void model_mr_report(struct tdcall_ctx *c);
void model_mr_rtmr_extend(struct tdcall_ctx *c);
void *model_gpa_to_virt(u64 gpa, u64 len);

/* vmm.c */
int model_vmm_init(void);
void model_vmm_exit(void);
void model_vp_vmcall(struct tdcall_ctx *c);

/* faults.c */
int model_faults_init(void);
void model_faults_exit(void);

/* Knobs (module parameters) shared between files. */
extern unsigned int extend_busy;
extern unsigned int report_hold_us;
extern unsigned int busy_returned;

#endif /* TDX_MODEL_H */
