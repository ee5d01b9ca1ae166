/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * tdxg: TDX guest reports, RTMR extend with locks and a runtime event log.
 *
 * This header is the single definition of the tdxg ioctl ABI, the
 * TDREPORT_STRUCT layout and the runtime event-log record layout. The
 * kernel module and libtdxg both include it.
 */
#ifndef _UAPI_LINUX_TDXG_H
#define _UAPI_LINUX_TDXG_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define TDXG_ABI_VERSION	1

#define TDXG_REPORTDATA_LEN	64
#define TDXG_REPORT_LEN		1024
#define TDXG_DIGEST_LEN		48	/* SHA-384 */
#define TDXG_NR_RTMR		4
/* Largest event data an EXTEND may carry. */
#define TDXG_EVENT_DATA_MAX	4096

/* REPORTMACSTRUCT, TDX module ABI spec; first 256 bytes of a TDREPORT. */
struct tdxg_reportmac {
	__u8 report_type[4];	/* type 0x81 (TDX), subtype, version, rsvd */
	__u8 reserved1[12];
	__u8 cpusvn[16];
	__u8 tee_tcb_info_hash[48];	/* SHA-384 of the 239-byte TEE_TCB_INFO */
	__u8 tee_info_hash[48];		/* SHA-384 of the 512-byte TDINFO */
	__u8 reportdata[64];
	__u8 reserved2[32];
	__u8 mac[32];
};

#define TDXG_REPORT_TYPE_TDX	0x81
/* Bytes of TEE_TCB_INFO covered by tee_tcb_info_hash. */
#define TDXG_TEE_TCB_INFO_LEN	239

struct tdxg_tee_tcb_info {
	__u8 valid[8];
	__u8 tee_tcb_svn[16];
	__u8 mrseam[48];
	__u8 mrsignerseam[48];
	__u8 attributes[8];
	__u8 tee_tcb_svn2[16];	/* TDX 1.5 */
	__u8 reserved[95];
	__u8 pad[17];		/* TDREPORT reserves 256 bytes */
};

struct tdxg_tdinfo {
	__u8 attributes[8];
	__u8 xfam[8];
	__u8 mrtd[48];
	__u8 mrconfigid[48];
	__u8 mrowner[48];
	__u8 mrownerconfig[48];
	__u8 rtmr[TDXG_NR_RTMR][48];
	__u8 servtd_hash[48];	/* TDX 1.5 */
	__u8 reserved[64];
};

/* TDREPORT_STRUCT: 1024 bytes, as TDG.MR.REPORT writes it. */
struct tdxg_tdreport {
	struct tdxg_reportmac reportmac;	/* offset 0 */
	struct tdxg_tee_tcb_info tee_tcb_info;	/* offset 256 */
	struct tdxg_tdinfo tdinfo;		/* offset 512 */
};

/*
 * GET_REPORT0: same struct and number as upstream TDX_CMD_GET_REPORT0
 * (<linux/tdx-guest.h>), so code written for /dev/tdx_guest works on
 * /dev/tdxg. reportdata in, 1024-byte TDREPORT out.
 */
struct tdxg_report_req {
	__u8 reportdata[TDXG_REPORTDATA_LEN];
	__u8 tdreport[TDXG_REPORT_LEN];
};

#define TDXG_GET_REPORT0	_IOWR('T', 1, struct tdxg_report_req)

/*
 * tdxg_info.backend. 2 was a test-only backend that no module reports;
 * it stays reserved so that no new backend reuses it.
 */
enum tdxg_backend_id {
	TDXG_BACKEND_TDX = 1,
};

enum tdxg_policy {
	TDXG_POLICY_OPEN = 0,
	TDXG_POLICY_ONCE = 1,	/* one more extend, then LOCKED */
	TDXG_POLICY_LOCKED = 2,	/* no extends until reboot */
};

/* tdxg_info.flags */
#define TDXG_INFO_COMPAT_DEVICE	(1U << 0) /* tdxg registered /dev/tdx_guest */
#define TDXG_INFO_INTREE_DRIVER	(1U << 1) /* another tdx_guest misc device exists */
#define TDXG_INFO_CCEL_NODE	(1U << 2) /* /sys/class/misc/tdxg/ccel exists */
#define TDXG_INFO_PINNED	(1U << 3) /* an extend or seal may have landed; rmmod refused */
#define TDXG_INFO_GET_QUOTE	(1U << 4) /* GET_QUOTE is available */
#define TDXG_INFO_SEAL_PENDING	(1U << 5) /* a seal's marker is not measured yet */
#define TDXG_INFO_LOAD_SEAL_FAILED (1U << 6) /* rtmr_policy could not seal all */
#define TDXG_INFO_FOREIGN_WATCH	(1U << 7) /* foreign_mask is kept (SHA-384 available) */

struct tdxg_info {
	__u32 abi_version;		/* TDXG_ABI_VERSION */
	__u32 backend;			/* enum tdxg_backend_id */
	char version[32];		/* module version, NUL-terminated */
	__u32 policy[TDXG_NR_RTMR];	/* enum tdxg_policy */
	__u32 flags;			/* TDXG_INFO_* */
	/*
	 * Bit N: RTMR N has a seal whose marker is not measured yet. It
	 * refuses extends; the next tighten of it retries the marker.
	 */
	__u32 seal_pending;
	__u64 log_used;			/* bytes in the runtime event log */
	__u64 log_capacity;		/* bytes the log may hold */
	__u64 log_records;		/* records in the runtime event log */
	__u32 load_seal_failed;		/* bit N: rtmr_policy did not seal RTMR N */
	__s32 load_seal_error;		/* the first such failure, -errno, or 0 */
	/*
	 * Bit N: a TDREPORT tdxg took showed RTMR N moved without a tdxg
	 * extend (the kernel's own driver, another module): tdxg's log
	 * cannot replay to it any more. Sticky until unload. foreign_count
	 * counts such findings (one per register per report). Checked
	 * against tdxg's first TDREPORT after load, on every TDREPORT tdxg
	 * takes (GET_REPORT, a stale read of measurements/); only while
	 * flags has TDXG_INFO_FOREIGN_WATCH.
	 */
	__u32 foreign_mask;
	__u32 foreign_count;
	__u64 reserved[2];
};

#define TDXG_INFO		_IOR('T', 0x10, struct tdxg_info)

/*
 * EXTEND: extend rtmr[index] with digest and append one event-log record
 * of event_type carrying event_size bytes from event_data, atomically.
 * event_type TDXG_EV_POLICY and EV_NO_ACTION (3) are reserved: EINVAL.
 * The two seal marker digests (SHA-384 of TDXG_POLICY_MARKER_ONCE and
 * _LOCKED) belong to the seal alone: EINVAL on every extend path.
 */
struct tdxg_extend_req {
	__u32 index;			/* 0..3 */
	__u32 event_type;
	__u8 digest[TDXG_DIGEST_LEN];
	__u32 event_size;		/* <= TDXG_EVENT_DATA_MAX */
	__u32 reserved;			/* must be 0 */
	__u64 event_data;		/* user pointer, or 0 if event_size is 0 */
};

#define TDXG_EXTEND		_IOW('T', 0x11, struct tdxg_extend_req)

/* LOCK: tighten rtmr[index] to mode (TDXG_POLICY_ONCE or _LOCKED). */
struct tdxg_lock_req {
	__u32 index;
	__u32 mode;
};

#define TDXG_LOCK		_IOW('T', 0x12, struct tdxg_lock_req)

/* tdxg_quote_req.flags */
#define TDXG_QUOTE_FRAMED	(1U << 0) /* send a QGS GET_QUOTE_REQ, not a raw TDREPORT */

/*
 * GET_QUOTE: take a TDREPORT over reportdata and turn it into a quote
 * through TDG.VP.VMCALL<GetQuote>. The quote is written to buf; len is
 * the buffer size on input and the quote size on output.
 */
struct tdxg_quote_req {
	__u8 reportdata[TDXG_REPORTDATA_LEN];
	__u64 buf;			/* user pointer */
	__u32 len;
	__u32 flags;			/* TDXG_QUOTE_* */
};

#define TDXG_GET_QUOTE		_IOWR('T', 0x13, struct tdxg_quote_req)

/*
 * Legacy ioctls of Intel's early TDX guest driver, which older
 * libtdx_attest builds use. tdxg accepts them on the compat device
 * /dev/tdx_guest only, in the _IOR, _IOW and _IOWR encodings those
 * builds used.
 */
struct tdxg_legacy_extend_req {
	__u8 data[TDXG_DIGEST_LEN];
	__u8 index;
};

struct tdxg_legacy_quote_req {
	__u64 buf;	/* user pointer: struct tdxg_legacy_quote_hdr + data */
	__u64 len;	/* bytes at buf */
};

/* The GetQuote buffer header of the GHCI spec; data follows it. */
struct tdxg_legacy_quote_hdr {
	__u64 version;	/* 1 */
	__u64 status;	/* GetQuote status the host wrote */
	__u32 in_len;	/* bytes of data sent to the host */
	__u32 out_len;	/* bytes of data the host returned */
};

#define TDXG_GET_QUOTE_SUCCESS		0ULL
#define TDXG_GET_QUOTE_IN_FLIGHT	0xffffffffffffffffULL
#define TDXG_GET_QUOTE_ERROR		0x8000000000000000ULL
#define TDXG_GET_QUOTE_SERVICE_UNAVAILABLE 0x8000000000000001ULL

#define TDXG_LEGACY_EXTEND_RTMR_R	_IOR('T', 3, struct tdxg_legacy_extend_req)
#define TDXG_LEGACY_EXTEND_RTMR_W	_IOW('T', 3, struct tdxg_legacy_extend_req)
#define TDXG_LEGACY_EXTEND_RTMR_WR	_IOWR('T', 3, struct tdxg_legacy_extend_req)
#define TDXG_LEGACY_GET_QUOTE_R		_IOR('T', 4, struct tdxg_legacy_quote_req)
#define TDXG_LEGACY_GET_QUOTE_W		_IOW('T', 4, struct tdxg_legacy_quote_req)
#define TDXG_LEGACY_GET_QUOTE_WR	_IOWR('T', 4, struct tdxg_legacy_quote_req)

/*
 * Runtime event log: a sequence of TCG_PCR_EVENT2 records (TCG PC Client
 * Platform Firmware Profile, crypto-agile format) with exactly one SHA-384
 * digest each, little-endian, no Spec ID header:
 *
 *   u32 mr_index     RTMR index + 1, as in the CCEL
 *   u32 event_type
 *   u32 digest_count 1
 *   u16 alg_id       TDXG_TCG_ALG_SHA384
 *   u8  digest[48]
 *   u32 event_size
 *   u8  event[event_size]
 */
#define TDXG_TCG_ALG_SHA384	0x000c
#define TDXG_LOG_RECORD_HDR	(4 + 4 + 4 + 2 + TDXG_DIGEST_LEN + 4)

/*
 * Event type of an extend that carries no event data: a write to
 * measurements/rtmrN:sha384, or the legacy EXTEND_RTMR ioctl.
 */
#define TDXG_EV_SYSFS_EXTEND	0x54440001
/*
 * Event type of a policy tightening. The event data is the ASCII marker
 * (no NUL) and the digest, which is extended into the RTMR, is SHA-384
 * of that marker.
 */
#define TDXG_EV_POLICY		0x54440002
#define TDXG_POLICY_MARKER_ONCE		"TDXG_POLICY_ONCE"
#define TDXG_POLICY_MARKER_LOCKED	"TDXG_POLICY_LOCKED"

#endif /* _UAPI_LINUX_TDXG_H */
