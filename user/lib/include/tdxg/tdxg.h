/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: TDX guest attestation helpers.
 *
 * The device ABI, the TDREPORT layout and the runtime event-log record come
 * from the UAPI header <linux/tdxg.h>; the DCAP quote layout comes from
 * <tdxg/quote.h>. This header adds functions, never a second layout.
 *
 * Conventions:
 *  - Functions that can fail return 0 on success and a negative errno on
 *    failure, with a message in a struct tdxg_err where they take one
 *    (<tdxg/err.h>); nothing here prints or exits.
 *  - Every length read from a buffer is checked against that buffer, so
 *    hostile or truncated input gives -EINVAL (malformed) and never reads
 *    out of bounds.
 *  - RTMR values are arrays of TDXG_DIGEST_LEN (48) bytes, indexed 0..3.
 *
 * The event-log, replay, comparison and hex functions are used by the quote
 * verifier as well; their signatures are stable.
 */
#ifndef TDXG_TDXG_H
#define TDXG_TDXG_H

#include <stddef.h>
#include <stdint.h>
#include <linux/tdxg.h>
#include <tdxg/err.h>
#include <tdxg/quote.h>
#include <tdxg/qgs.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what these headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

/* Library version, "MAJOR.MINOR.PATCH". */
const char *tdxg_lib_version(void);

/* ---- Device --------------------------------------------------------- */

#define TDXG_DEVICE_PATH	"/dev/tdxg"
#define TDXG_SYSFS_PATH		"/sys/class/misc/tdxg"
#define TDXG_MODULE_NAME	"tdxg"

/*
 * The environment variables TDXG_DEVICE and TDXG_SYSFS replace the two
 * paths above (tests use them to point at fakes). Like every TDXG_*
 * variable they are read with secure_getenv(): a setuid, setgid or
 * file-capability program ignores them.
 */
const char *tdxg_device_path(void);
const char *tdxg_sysfs_path(void);

/* tdxg_open() flags */
#define TDXG_OPEN_NO_LOAD	(1U << 0) /* never try to load the module */

struct tdxg_dev;

/*
 * Opens the tdxg device. When it is absent and the caller has
 * CAP_SYS_MODULE, loads module "tdxg" through libkmod first and waits
 * briefly for the device node.
 * Errors: -ENOENT device absent and module not installed (or NO_LOAD);
 * -EPERM device absent and the caller may not load modules; -ENODEV the
 * module refused to load (not a TDX guest); -EACCES no permission on the
 * device node; any other -errno from open(2) or libkmod.
 */
int tdxg_open(struct tdxg_dev **dev, unsigned int flags);
void tdxg_close(struct tdxg_dev *dev);
/* One line explaining an error of tdxg_open() to a person. */
const char *tdxg_open_strerror(int err);
/* Whether module tdxg is loaded (1), not (0). */
int tdxg_module_loaded(void);

/* TDXG_GET_REPORT0: reportdata (64 bytes) in, 1024-byte TDREPORT out. */
int tdxg_get_report(struct tdxg_dev *dev, const uint8_t reportdata[TDXG_REPORTDATA_LEN],
		    uint8_t tdreport[TDXG_REPORT_LEN]);
/* TDXG_INFO */
int tdxg_get_info(struct tdxg_dev *dev, struct tdxg_info *info);
/*
 * TDXG_EXTEND: extend rtmr (0..3) with digest and record an event of
 * event_type with event_size bytes of event_data (may be NULL if 0).
 * -ENXIO bad index, -EPERM locked, -ENOSPC log full, -EINVAL bad sizes.
 */
int tdxg_extend(struct tdxg_dev *dev, unsigned int rtmr, const uint8_t digest[TDXG_DIGEST_LEN],
		uint32_t event_type, const void *event_data, size_t event_size);
/* TDXG_LOCK: tighten rtmr to TDXG_POLICY_ONCE or TDXG_POLICY_LOCKED. */
int tdxg_lock(struct tdxg_dev *dev, unsigned int rtmr, enum tdxg_policy mode);
/*
 * TDXG_GET_QUOTE: quote over reportdata into buf; *len is the buffer size
 * on entry and the quote size on return. flags: TDXG_QUOTE_*.
 */
int tdxg_get_quote(struct tdxg_dev *dev, const uint8_t reportdata[TDXG_REPORTDATA_LEN],
		   uint8_t *buf, size_t *len, uint32_t flags);

/* ---- sysfs ---------------------------------------------------------- */

/*
 * Reads a whole file (sysfs, tables or a regular file) into a new buffer
 * of at most max bytes; -EFBIG if it is larger. Free *buf with free().
 */
int tdxg_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
/* The same from an open descriptor (a pipe, stdin), read to its end. */
int tdxg_read_fd(int fd, size_t max, uint8_t **buf, size_t *len);

/* "open", "once" or "locked" of policy/rtmrN. */
int tdxg_read_policy(unsigned int rtmr, enum tdxg_policy *policy);
const char *tdxg_policy_name(enum tdxg_policy policy);
/* Contents of the backend node ("tdx"), NUL-terminated. */
int tdxg_read_backend(char *buf, size_t size);
/*
 * measurements/<name>: "mrtd:sha384", "mrconfigid", "mrowner",
 * "mrownerconfig", "rtmr0:sha384" .. "rtmr3:sha384"; exactly 48 bytes.
 */
int tdxg_read_measurement(const char *name, uint8_t value[TDXG_DIGEST_LEN]);
/* The runtime event log (event_log node). Free *buf with free(). */
int tdxg_read_runtime_log(uint8_t **buf, size_t *len);
/*
 * The firmware CCEL: /sys/firmware/acpi/tables/data/CCEL, else the tdxg
 * ccel node. path (may be NULL) receives the file tried last, so errors
 * can name it. -ENOENT when neither exists.
 */
int tdxg_read_ccel(uint8_t **buf, size_t *len, char *path, size_t path_size);

/* ---- TDREPORT -------------------------------------------------------- */

/*
 * Checks that buf is a TDREPORT (exactly TDXG_REPORT_LEN bytes, report
 * type 0x81) and returns a pointer to it. -EINVAL otherwise.
 */
int tdxg_tdreport_parse(const void *buf, size_t len, const struct tdxg_tdreport **report);
/*
 * Recomputes tee_tcb_info_hash and tee_info_hash. Sets *tcb_ok and
 * *info_ok to 1 when they match the stored hashes.
 */
int tdxg_tdreport_check_hashes(const struct tdxg_tdreport *report, int *tcb_ok, int *info_ok);

/* One named field of a TDREPORT, for decoders that print every field. */
struct tdxg_field {
	const char *name;
	size_t offset;		/* from the start of the TDREPORT */
	size_t size;
};
/* All named fields of a TDREPORT in layout order; *count is set. */
const struct tdxg_field *tdxg_tdreport_fields(size_t *count);

/* ---- Event logs ----------------------------------------------------- */

#define TCG_ALG_SHA1		0x0004
#define TCG_ALG_SHA256		0x000b
#define TCG_ALG_SHA384		TDXG_TCG_ALG_SHA384
#define TCG_ALG_SHA512		0x000d

#define TCG_EV_NO_ACTION	0x00000003

/* Limits applied while parsing; larger values are rejected as malformed. */
#define TDXG_LOG_MAX_ALGS	8
#define TDXG_LOG_MAX_DIGEST	64

enum tdxg_log_format {
	/* Firmware CCEL: SHA1-format Spec ID Event03 header, then
	 * TCG_PCR_EVENT2 records, then 0xff or 0x00 padding. */
	TDXG_LOG_CCEL = 1,
	/* tdxg runtime log: TCG_PCR_EVENT2 records, SHA-384 only. */
	TDXG_LOG_RUNTIME = 2,
};

struct tdxg_digest {
	uint16_t alg;			/* TCG_ALG_* */
	uint16_t size;
	const uint8_t *value;		/* points into the parsed buffer */
};

struct tdxg_event {
	size_t offset;			/* of the record in the buffer */
	uint32_t mr_index;		/* 0 = MRTD, i = RTMR[i-1] */
	uint32_t event_type;
	uint32_t digest_count;
	struct tdxg_digest digests[TDXG_LOG_MAX_ALGS];
	const uint8_t *sha384;		/* the SHA-384 digest, NULL if none */
	uint32_t data_size;
	const uint8_t *data;		/* points into the parsed buffer */
};

struct tdxg_event_log {
	enum tdxg_log_format format;
	size_t nr_algs;			/* from the Spec ID header (CCEL) */
	struct { uint16_t alg, size; } algs[TDXG_LOG_MAX_ALGS];
	size_t nr_events;		/* not counting the Spec ID header */
	struct tdxg_event *events;
	size_t used;			/* bytes before the padding */
	size_t bad_offset;		/* on -EINVAL: where the bad record starts */
};

/*
 * Parses an event log. The events point into buf, which must outlive log.
 * -EINVAL (malformed, truncated, unknown algorithm, MR index > 4),
 * -ENOMEM. On error log is left empty but for bad_offset, the offset of
 * the header or record that is malformed. Free with tdxg_event_log_free().
 */
int tdxg_event_log_parse(const void *buf, size_t len, enum tdxg_log_format format,
			 struct tdxg_event_log *log);
void tdxg_event_log_free(struct tdxg_event_log *log);

/*
 * Replays log into rtmr[0..3], which the caller initialises (to zeros, or
 * to the result of replaying an earlier log): for every event except
 * EV_NO_ACTION, rtmr[mr_index-1] = SHA-384(rtmr[mr_index-1] || SHA-384
 * digest). -EINVAL when such an event has no SHA-384 digest or MR index
 * 0 (MRTD is not extended from a log); *bad_event (optional) is then the
 * index of that event in log->events.
 */
int tdxg_replay(const struct tdxg_event_log *log, uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
		size_t *bad_event);

/*
 * Compares the registers selected by mask (bit i = RTMR i): 0 when they
 * all match; 1 when one differs, *first (may be NULL) then being the index
 * of the first that does; -EINVAL for a mask beyond RTMR0..3. Neither array
 * is modified; they are not const because ISO C before C23 does not
 * convert uint8_t[4][48] to a pointer to const arrays.
 */
int tdxg_rtmr_compare(uint8_t replayed[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
		      uint8_t expected[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
		      unsigned int mask, unsigned int *first);

/* "EV_IPL", "EV_EFI_ACTION", "TDXG_EV_POLICY", ...; NULL when unknown. */
const char *tdxg_event_type_name(uint32_t type);
/* Parses a name from tdxg_event_type_name() or a number (0x.. or decimal). */
int tdxg_event_type_parse(const char *s, uint32_t *type);
/* "sha384", ...; NULL when unknown. */
const char *tdxg_alg_name(uint16_t alg);

/*
 * Seals in replayed logs (userspace-api.rst, "Seals"). Feed every log in
 * replay order to tdxg_seal_add(); then ask about each RTMR. A policy
 * marker is an event of type TDXG_EV_POLICY whose data is the marker
 * string and whose SHA-384 digest is SHA-384 of it. tdxg_seal_add() gives
 * -EINVAL (with *bad_event) when an event carries only part of that: a
 * marker digest under another label, or a marker label over another
 * digest; tdxg never logs such a record.
 *
 * It also runs each register's whole history through tdxg's policy
 * machine: extends, then either the LOCKED marker, or the ONCE marker,
 * at most one extend and the LOCKED marker (which a log may still lack);
 * nothing after LOCKED. An event outside that gives -EPERM with
 * *bad_event, its index in log->events: only a bypass of the module
 * (another extender, a forced unload and a forged log) writes it.
 * tdxg_seal_why() then says what is wrong with it; the state is good
 * for nothing else, and both checks answer -EPERM for that register.
 */
struct tdxg_seal_state {
	/* Per RTMR: where the policy machine stands (private), and the
	 * kind of the event it refused, 0 while it refused none. */
	uint8_t state[TDXG_NR_RTMR];
	uint8_t broken[TDXG_NR_RTMR];
	uint8_t reserved[TDXG_NR_RTMR];	/* the size of libtdxg 0.1's struct */
};

void tdxg_seal_init(struct tdxg_seal_state *s);
int tdxg_seal_add(struct tdxg_seal_state *s, const struct tdxg_event_log *log,
		  size_t *bad_event);
/*
 * After tdxg_seal_add() gave -EPERM for an event of RTMR rtmr: why tdxg
 * could not have written it ("follows the TDXG_POLICY_LOCKED marker: ...",
 * to follow a description of the event). NULL for a register it did not
 * refuse. A static string.
 */
const char *tdxg_seal_why(const struct tdxg_seal_state *s, unsigned int rtmr);
/*
 * 0 when RTMR rtmr's history ends with the LOCKED marker, else -ENOENT;
 * -EPERM when tdxg_seal_add() refused one of its events.
 */
int tdxg_seal_check_sealed(const struct tdxg_seal_state *s, unsigned int rtmr);
/*
 * 0 when RTMR rtmr was sealed under once: ONCE marker, exactly one event
 * that is not a marker, LOCKED marker, which ends its history; else
 * -ENOENT, or -EPERM as above.
 */
int tdxg_seal_check_once(const struct tdxg_seal_state *s, unsigned int rtmr);

/* ---- Helpers -------------------------------------------------------- */

/* SHA-384 of buf. */
int tdxg_sha384(const void *buf, size_t len, uint8_t out[TDXG_DIGEST_LEN]);
/* SHA-384 of a file's contents, read in chunks. */
int tdxg_sha384_file(const char *path, uint8_t out[TDXG_DIGEST_LEN]);
/* The same from an open descriptor, read to its end. */
int tdxg_sha384_fd(int fd, uint8_t out[TDXG_DIGEST_LEN]);
/* rtmr = SHA-384(rtmr || digest). */
int tdxg_rtmr_extend(uint8_t rtmr[TDXG_DIGEST_LEN], const uint8_t digest[TDXG_DIGEST_LEN]);

/* Lower-case hex of len bytes into out, which holds 2 * len + 1 chars. */
void tdxg_hex_encode(const void *buf, size_t len, char *out);
/*
 * Decodes hex (an optional "0x" prefix, then an even number of hex
 * digits) into out, at most max bytes; *len is the decoded size.
 * -EINVAL for bad digits or odd length, -E2BIG if longer than max.
 */
int tdxg_hex_decode(const char *hex, uint8_t *out, size_t max, size_t *len);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_TDXG_H */
