/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxg internal interfaces. One state, shared by /dev/tdxg, the sysfs
 * nodes and the compat device.
 */
#ifndef _TDXG_H
#define _TDXG_H

#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include "uapi/linux/tdxg.h"

/* Kbuild defines TDXG_VERSION from the VERSION file. */
#ifndef TDXG_VERSION
#error "TDXG_VERSION is not defined: build through Kbuild"
#endif

/* TDX module completion status, upper 32 bits (class and code). */
#define TDX_SUCCESS			0ULL
#define TDX_STATUS_MASK			0xffffffff00000000ULL
#define TDX_OPERAND_INVALID		0xc000010000000000ULL
#define TDX_OPERAND_BUSY		0x8000020000000000ULL
/* Not a TDX code: the VMM refused the VMCALL. */
#define TDXG_STATUS_VMCALL_FAILED	0xffffffffffff0002ULL

/*
 * tdcall.c: the TDX module's leaves. They return a TDX status, never an
 * errno; tdxg_status_to_errno maps them in one place.
 */
int tdxg_tdcall_init(void);
/* TDG.MR.REPORT: tdreport is 1024-byte aligned, reportdata 64-byte. */
u64 tdxg_tdcall_report(u8 *tdreport, const u8 *reportdata);
/* TDG.MR.RTMR.EXTEND: digest is 48 bytes, 64-byte aligned. */
u64 tdxg_tdcall_extend(u32 index, const u8 *digest);
/*
 * TDG.VP.VMCALL<GetQuote> on a buffer already shared with the host, at
 * physical address pa (this adds the TD's shared bit): returns once the
 * host accepted it; completion is the buffer's status field.
 */
bool tdxg_kernel_shares_memory(void);
u64 tdxg_tdcall_get_quote(u64 pa, u64 size);

int tdxg_status_to_errno(u64 status);

/* measure.c: reports, extends and policies. */
extern struct mutex tdxg_mr_lock;
int tdxg_get_report(u8 *tdreport, const u8 *reportdata);
int tdxg_read_tdinfo(struct tdxg_tdinfo *out);
int tdxg_check_rtmr(u32 index, u32 event_size);
int tdxg_extend(u32 index, const u8 *digest, u32 event_type,
		const void *event, u32 event_size);
int tdxg_tighten(u32 index, enum tdxg_policy mode);
enum tdxg_policy tdxg_policy_get(u32 index);
bool tdxg_pinned(void);
bool tdxg_is_marker(const u8 *digest);
u32 tdxg_seal_pending(void);
void tdxg_load_seal_status(u32 *failed, s32 *error);
void tdxg_foreign_status(u32 *mask, u32 *count);
bool tdxg_foreign_watched(void);
int tdxg_measure_init(void);
int tdxg_apply_policies(char **words, unsigned int nr_words);
void tdxg_measure_exit(void);
int tdxg_policy_parse(const char *word, enum tdxg_policy *out);
extern const char *const tdxg_policy_names[];

/* eventlog.c: the runtime event log; appenders hold tdxg_mr_lock. */
int tdxg_log_init(size_t capacity);
void tdxg_log_exit(void);
size_t tdxg_log_record_size(u32 event_size);
bool tdxg_log_has_room(size_t bytes);
void tdxg_log_append(u32 index, u32 event_type, const u8 *digest,
		     const void *event, u32 event_size);
ssize_t tdxg_log_read(char *buf, loff_t off, size_t count);
void tdxg_log_usage(u64 *used, u64 *capacity, u64 *records);

/* ccel.c: the firmware event log from the ACPI CCEL table. */
int tdxg_ccel_init(void);
void tdxg_ccel_exit(void);
const u8 *tdxg_ccel_data(size_t *len);
bool tdxg_ccel_node_wanted(void);

/* quote.c and qgs.c: GetQuote through the VMM. */
int tdxg_quote_exchange(const void *in, u32 in_len, void *out, u32 out_cap,
			u32 *out_len, u64 *host_status);
int tdxg_get_quote(const u8 *reportdata, u32 flags, u8 *quote, u32 cap,
		   u32 *quote_len);
int tdxg_quote_legacy(const u8 *in, u32 in_len, u8 *out, u32 cap,
		      u32 *out_len, u64 *host_status);
u32 tdxg_quote_max(void);
bool tdxg_quote_broken(void);
void tdxg_quote_exit(void);
size_t tdxg_qgs_request_size(void);
void tdxg_qgs_frame_request(const u8 *tdreport, u8 *out);
bool tdxg_qgs_is_message(const u8 *msg, size_t len);
const u8 *tdxg_qgs_request_report(const u8 *msg, size_t len);
size_t tdxg_qgs_response_overhead(void);
void tdxg_qgs_frame_response(u8 *out, u32 quote_len);
int tdxg_qgs_parse_response(const u8 *msg, size_t len, const u8 **quote,
			    u32 *quote_len, u32 *qgs_error);

/* compat_dev.c: /dev/tdx_guest for kernels without one. */
extern bool tdxg_compat_registered;
extern bool tdxg_intree_present;
void tdxg_compat_init(void);
void tdxg_compat_exit(void);

/* sysfs.c */
extern const struct attribute_group *tdxg_groups[];
extern const struct attribute_group tdxg_measurements_group;
int tdxg_sysfs_add_ccel(struct device *dev);
void tdxg_sysfs_remove_ccel(struct device *dev);

/* device.c */
long tdxg_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
void tdxg_fill_info(struct tdxg_info *info);
extern struct miscdevice tdxg_miscdev;
extern bool tdxg_ccel_node;

#endif /* _TDXG_H */
