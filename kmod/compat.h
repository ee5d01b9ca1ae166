/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compatibility shims, selected by header probes in Kbuild. Logic never
 * tests kernel versions; it uses the names defined here.
 */
#ifndef _TDXG_COMPAT_H
#define _TDXG_COMPAT_H

/* Force-included first, so every log line carries the module name. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#ifndef __ASSEMBLY__

#if defined(TDXG_HAVE_CONST_BIN_ATTRS) && !defined(TDXG_HAVE_BIN_ATTR_READ_NEW)
/* bin_attribute callbacks and lists are const throughout. */
#define TDXG_BIN_CONST			const
#define TDXG_BIN_LIST_CONST		const
#define TDXG_BIN_OPS(r, w)		.read = (r), .write = (w)
#define TDXG_GROUP_BIN_ATTRS		bin_attrs
#elif defined(TDXG_HAVE_BIN_ATTR_READ_NEW)
/* Transition: const callbacks under read_new/write_new, bin_attrs_new. */
#define TDXG_BIN_CONST			const
#define TDXG_BIN_LIST_CONST		const
#define TDXG_BIN_OPS(r, w)		.read_new = (r), .write_new = (w)
#define TDXG_GROUP_BIN_ATTRS		bin_attrs_new
#else
#define TDXG_BIN_CONST
#define TDXG_BIN_LIST_CONST
#define TDXG_BIN_OPS(r, w)		.read = (r), .write = (w)
#define TDXG_GROUP_BIN_ATTRS		bin_attrs
#endif

/* 6.12 moved the unaligned accessors to linux/. */
#ifdef TDXG_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * The kernel's shared-page mask: on a TD, cc_mkdec() sets the TD's shared
 * GPA bit, and set_memory_decrypted() converts pages with MapGPA.
 * Elsewhere (not a TD, or no TDX guest support at all, as in vanilla
 * 5.15, which has no cc_mkdec()) set_memory_decrypted() returns 0 and
 * converts nothing, so its return value alone cannot say.
 */
#ifdef TDXG_HAVE_CC_MKDEC
#include <asm/coco.h>
#define tdxg_cc_mkdec(val)	cc_mkdec(val)
#else
#define tdxg_cc_mkdec(val)	(val)
#endif

#endif /* __ASSEMBLY__ */
#endif /* _TDXG_COMPAT_H */
