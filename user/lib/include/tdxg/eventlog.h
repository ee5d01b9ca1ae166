/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: TCG2 crypto-agile event logs (the firmware CCEL and tdxg's
 * runtime log), their replay into RTMR values, and the seals they record.
 * RTMR values are arrays of TDXG_DIGEST_LEN (48) bytes, indexed 0..3.
 * Every length read from a log is checked against its buffer, so a hostile
 * or truncated log gives -EINVAL and is never read out of bounds.
 */
#ifndef TDXG_EVENTLOG_H
#define TDXG_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>
#include <linux/tdxg.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what the public headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

/* ---- Event logs ----------------------------------------------------- */

/* TCG algorithm IDs; TDXG_TCG_ALG_SHA384 comes from <linux/tdxg.h>. */
#define TDXG_TCG_ALG_SHA1	0x0004
#define TDXG_TCG_ALG_SHA256	0x000b
#define TDXG_TCG_ALG_SHA512	0x000d

#define TDXG_TCG_EV_NO_ACTION	0x00000003

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
	uint16_t alg;			/* TDXG_TCG_ALG_* */
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

/* An empty state; then tdxg_seal_add() each log, in replay order (above). */
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


/* rtmr = SHA-384(rtmr || digest). */
int tdxg_rtmr_extend(uint8_t rtmr[TDXG_DIGEST_LEN], const uint8_t digest[TDXG_DIGEST_LEN]);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_EVENTLOG_H */
