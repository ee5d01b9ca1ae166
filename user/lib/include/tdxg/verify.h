/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: quote verification: the verifier and its trust root, Intel
 * collateral, TCB statuses, the caller's policy (struct tdxg_verify_opts,
 * also from JSON) and the times it is checked at. Quotes are parsed by
 * <tdxg/quote.h>; collateral is fetched by the caller (<tdxg/pcs.h>).
 */
#ifndef TDXG_VERIFY_H
#define TDXG_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include <tdxg/err.h>
#include <tdxg/quote.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what the public headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

enum tdxg_tcb_status {
	TDXG_TCB_NONE = -1,		/* no collateral given */
	TDXG_TCB_UP_TO_DATE = 0,
	TDXG_TCB_SW_HARDENING_NEEDED,
	TDXG_TCB_CONFIGURATION_NEEDED,
	TDXG_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED,
	TDXG_TCB_OUT_OF_DATE,
	TDXG_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED,
	TDXG_TCB_REVOKED,
	/*
	 * TD 1.5 (TEE_TCB_SVN2): the TDX module was updated since the TD
	 * launched and the current one is the latest; relaunching the TD
	 * brings it up to date. Reported as Intel's QVL does; never a status
	 * in the TCB info itself.
	 */
	TDXG_TCB_TD_RELAUNCH_ADVISED,
	TDXG_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED,
	TDXG_TCB_COUNT
};
/* "UpToDate", ... for a TDXG_TCB_* status; "None" for any other value. */
const char *tdxg_tcb_status_name(int status);
/* Returns the status for an Intel name such as "UpToDate", or -ENOENT. */
int tdxg_tcb_status_from_name(const char *name, size_t len);

/*
 * What class of check failed: the CLI maps these to exit codes, and
 * tdxg_quote_verify() returns one errno for each (see there).
 */
enum tdxg_verify_error {
	TDXG_VERIFY_OK = 0,
	TDXG_VERIFY_INVALID,		/* malformed quote or collateral */
	TDXG_VERIFY_SIGNATURE,		/* signature, chain, validity, revocation */
	TDXG_VERIFY_TCB,		/* TCB status not in the accepted set */
	TDXG_VERIFY_POLICY,		/* caller's expectations not met */
	TDXG_VERIFY_INTERNAL,		/* allocation or OpenSSL failure */
	/* the verifier's collateral source could not give the collateral */
	TDXG_VERIFY_FETCH,
};

struct tdxg_verifier;
struct tdxg_collateral;

/*
 * A verifier holds the trust anchor, a cache of CA certificates it has
 * already chained to it and a store of collateral by platform (see
 * tdxg_verifier_set_collateral_source() in <tdxg/pcs.h>), so repeated
 * verifications do per-quote work only. root_pem NULL selects the
 * built-in Intel SGX Root CA. Thread-safe: one verifier serves every
 * thread of a batch, and what one thread checked (a CA, a platform's PCK
 * chain and QE report, a collateral set) no other thread checks again.
 * Sets *v (NULL on failure).
 * Errors: -EINVAL v NULL, or root_pem holds more than one certificate or
 * one that is not a self-signed CA; -EBADMSG root_pem is not a PEM
 * certificate tdxg can use (P-256, X.509 v3); -ENOMEM.
 */
int tdxg_verifier_new(struct tdxg_verifier **v, const void *root_pem, size_t len,
		      struct tdxg_err *err);
void tdxg_verifier_free(struct tdxg_verifier *v);
/*
 * Forget cached CA certificates and platforms (below). Collateral stays
 * checked: its signatures depend on the trust root only; the collateral
 * store is kept. Not while a verification runs in another thread.
 */
void tdxg_verifier_flush(struct tdxg_verifier *v);
/*
 * Platforms remembered (default 16, 0 turns it off, at most 4096): a quote
 * whose PCK chain, QE report and QE report signature are byte for byte
 * those of a quote that verified before needs only its own signature
 * checked with ECDSA (1 instead of 3 verifications). Time checks, the QE
 * report data binding, revocation and the TCB are evaluated every time.
 * Clears the cache. -EINVAL beyond 4096, -ENOMEM.
 */
int tdxg_verifier_set_platform_cache(struct tdxg_verifier *v, unsigned int entries);

/* The built-in Intel SGX Root CA as PEM text, what a NULL root_pem selects. */
extern const char tdxg_intel_sgx_root_ca_pem[];

/*
 * Collateral: add files in any order. Accepted: the JSON bundle
 * (tcb_info, qe_identity, their signatures and issuer chains, root_ca_crl,
 * pck_crl, pck_crl_issuer_chain), Intel PCS responses (TCB info, QE
 * identity), CRLs (DER, PEM or hex) and PEM issuer chains (plain or
 * URL-encoded, as in the PCS response headers). Every field verification
 * uses is decoded and checked here, on every level whether or not a quote
 * reaches it: malformed collateral fails here, with err naming the field
 * (as "TCB info: tcbLevels[3].tcbDate: ..."), not later in a verification.
 * Signatures are checked once, on first use by a verifier, and remembered
 * for every verifier with the same trust root: one collateral object may
 * be shared, read-only (const), by verifiers in several threads. Add
 * nothing to it once it is in use.
 */
struct tdxg_collateral *tdxg_collateral_new(void);
/*
 * Errors: -EINVAL c or buf NULL; -EBUSY c is already in use by a
 * verifier; -EBADMSG malformed or unrecognised, err naming the piece and
 * field; -EEXIST a TCB info, QE identity or a CRL of one issuer given
 * twice; -E2BIG more certificates or CRLs than a collateral set holds, or
 * an issuer chain of more than 4 certificates;
 * -ENOMEM. After a failure c may hold part of buf: free it.
 */
int tdxg_collateral_add(struct tdxg_collateral *c, const void *buf, size_t len,
			struct tdxg_err *err);
void tdxg_collateral_free(struct tdxg_collateral *c);

/*
 * Advisory IDs merged from the matched TCB, TDX module and QE levels.
 * Intel's IDs are ~14 characters and a level carries a few dozen; these
 * bounds are far above that (QVL has none): beyond them the collateral is
 * refused as malformed rather than a list silently cut short.
 */
#define TDXG_MAX_ADVISORIES 256
#define TDXG_ADVISORY_ID_LEN 64		/* bytes, NUL included */

/* Bits of tdxg_verify_opts.expect: which expected values are set. */
#define TDXG_EXPECT_MRTD		(1u << 0)
#define TDXG_EXPECT_RTMR(n)		(1u << (1 + (n)))	/* n 0..3 */
#define TDXG_EXPECT_REPORT_DATA		(1u << 5)
#define TDXG_EXPECT_MRCONFIGID		(1u << 6)
#define TDXG_EXPECT_MROWNER		(1u << 7)
#define TDXG_EXPECT_MROWNERCONFIG	(1u << 8)
#define TDXG_EXPECT_MRSEAM		(1u << 9)
#define TDXG_EXPECT_MRSIGNERSEAM	(1u << 10)
#define TDXG_EXPECT_TD_ATTRIBUTES	(1u << 11)
#define TDXG_EXPECT_XFAM		(1u << 12)
/* Since TDXG_VERIFY_OPTS_SIZE_VER1: */
#define TDXG_EXPECT_QE_VENDOR_ID	(1u << 13)
#define TDXG_EXPECT_MRSERVICETD		(1u << 14)

/* Set size with TDXG_VERIFY_OPTS_INIT or tdxg_verify_opts_init(). */
struct tdxg_verify_opts {
	uint32_t size;			/* sizeof, see "Extensible structs" */
	int at_set;			/* 0: use the clock */
	int64_t at;			/* unix seconds; see at_set */
	const struct tdxg_collateral *collateral;	/* NULL: see flags */
	unsigned accept_mask;		/* 1 << tdxg_tcb_status; 0: UpToDate */
	uint32_t min_tcb_eval;		/* lowest tcbEvaluationDataNumber accepted; 0: any */
	/*
	 * Collateral (TCB info, QE identity, CRLs) past its nextUpdate passes
	 * with res->collateral_expired set, as QvE reports it, instead of
	 * failing. Dates in the future and certificate validity still fail.
	 */
	int allow_expired_collateral;
	/*
	 * Policy on the TD, checked last (TDXG_VERIFY_POLICY): a debug TD is
	 * refused unless allow_debug; each expected value whose TDXG_EXPECT_*
	 * bit is in expect must equal the quote's; TEE_TCB_SVN must reach
	 * min_tee_tcb_svn byte by byte, the QE report's ISVSVN min_qe_svn and
	 * the PCK certificate's PCESVN min_pce_svn. Zero means no requirement.
	 */
	int allow_debug;
	unsigned expect;
	uint8_t mrtd[48], mrconfigid[48], mrowner[48], mrownerconfig[48];
	uint8_t mrseam[48], mrsignerseam[48];
	uint8_t rtmr[4][48];
	uint8_t report_data[64];
	uint8_t td_attributes[8], xfam[8];
	uint8_t min_tee_tcb_svn[16];
	uint16_t min_qe_svn, min_pce_svn;
	/*
	 * TDXG_VERIFY_* flags. Without collateral the TCB is not evaluated,
	 * and a verifier must not pass what it did not judge: the
	 * verification fails (TDXG_VERIFY_TCB, check "tcb_not_evaluated")
	 * unless TDXG_VERIFY_NO_TCB asks for signatures and policy only.
	 */
	uint32_t flags;
	/*
	 * Since TDXG_VERIFY_OPTS_SIZE_VER1, go-tdx-guest's check policy:
	 * the quote header's QE_VENDOR_ID (TDXG_EXPECT_QE_VENDOR_ID), a TD
	 * 1.5 body's MRSERVICETD (TDXG_EXPECT_MRSERVICETD) and its
	 * TEE_TCB_SVN2 byte by byte against min_tee_tcb_svn2 (all zero: no
	 * requirement). Where go-tdx-guest skips the TD 1.5 checks on a TD
	 * 1.0 body (a v4 quote, or v5 with body type 2), tdxg fails them
	 * (TDXG_VERIFY_POLICY, checks "expect_mrservicetd" and
	 * "min_tee_tcb_svn2"): a rule that cannot be applied is not passed.
	 */
	uint8_t qe_vendor_id[16];
	uint8_t mrservicetd[48];
	uint8_t min_tee_tcb_svn2[16];
	/*
	 * Since TDXG_VERIFY_OPTS_SIZE_VER2 (past VER1's 4 bytes of tail
	 * padding, at 712): event logs replayed after every
	 * other check (TDXG_VERIFY_POLICY, checks "replay",
	 * "replay_history", "expect_sealed", "expect_once"; a malformed log
	 * is TDXG_VERIFY_INVALID, check "replay"): each a CCEL or a tdxg
	 * runtime log, in order, as read. Their replay must give the quote's
	 * RTMR0..3, and every register's history must be one tdxg's policies
	 * can write (no extend after LOCKED, markers only as the module
	 * writes them). expect_sealed and expect_once are RTMR bit masks (bit
	 * n: RTMRn): the register's replayed history ends with the LOCKED
	 * marker, or with the ONCE marker, exactly one extend and the LOCKED
	 * marker. They need logs.
	 */
	const struct tdxg_verify_log *logs;
	unsigned int nr_logs;
	unsigned int expect_sealed, expect_once;
};
#define TDXG_VERIFY_OPTS_SIZE_VER0	624	/* the first published size */
#define TDXG_VERIFY_OPTS_SIZE_VER1	712	/* qe_vendor_id, mrservicetd, min_tee_tcb_svn2 */
#define TDXG_VERIFY_OPTS_SIZE_VER2	736	/* logs, nr_logs, expect_sealed, expect_once */

/* One event log for tdxg_verify_opts.logs, the bytes as read. */
struct tdxg_verify_log {
	const void *buf;
	size_t len;
};
/*
 * Signatures, chain and policy only, the TCB knowingly not evaluated.
 * Every TCB option must then be unset (collateral, accept_mask,
 * min_tcb_eval, allow_expired_collateral): a rule that cannot be applied
 * is refused (-EINVAL), not skipped.
 */
#define TDXG_VERIFY_NO_TCB		(1u << 0)
/* Every default is zero: the clock, no collateral (so fail), UpToDate only. */
#ifndef __cplusplus	/* C++: the _init() function */
#define TDXG_VERIFY_OPTS_INIT		{ .size = sizeof(struct tdxg_verify_opts) }
#endif
void tdxg_verify_opts_init(struct tdxg_verify_opts *opts);

/*
 * Sets opts from a JSON policy object, over what opts already holds: hex
 * strings mrtd, mrconfigid, mrowner, mrownerconfig, mrseam, mrsignerseam
 * (48 bytes), td_attributes, xfam (8), report_data (64), min_tee_tcb_svn
 * (16), qe_vendor_id (16), mrservicetd (48), min_tee_tcb_svn2 (16);
 * rtmrs (array of 4, hex or null); numbers min_qe_svn, min_pce_svn,
 * min_tcb_eval; allow_debug (boolean); accept (array of TCB status names).
 * Unknown keys are an error. On failure opts is as it was.
 * Errors: -EINVAL opts or json NULL, opts->size below
 * TDXG_VERIFY_OPTS_SIZE_VER0, or the policy is not such an object
 * (bad JSON, an unknown key, a bad value; err names it); -E2BIG opts
 * larger than this libtdxg knows with an unknown member set (as
 * tdxg_quote_verify); -ENOMEM.
 */
int tdxg_verify_policy_load(struct tdxg_verify_opts *opts, const void *json, size_t len,
			    struct tdxg_err *err);

/* Set size with TDXG_VERIFY_RESULT_INIT or tdxg_verify_result_init(). */
struct tdxg_verify_result {
	uint32_t size;			/* sizeof, see "Extensible structs" */
	enum tdxg_verify_error error;
	char check[48];			/* name of the first failed check */
	char detail[256];
	/* Always filled once the PCK leaf has been parsed: */
	uint8_t fmspc[6];
	uint8_t pceid[2];
	uint8_t cpusvn[16];
	uint16_t pcesvn;
	int pck_ext_valid;
	/* With collateral: */
	int tcb_status;			/* enum tdxg_tcb_status */
	int platform_status, qe_status, module_status;	/* -1 when not evaluated */
	char tcb_date[24];		/* the matched TCB level's tcbDate, RFC 3339 UTC */
	unsigned n_advisories;
	char advisory_ids[TDXG_MAX_ADVISORIES][TDXG_ADVISORY_ID_LEN];
	int64_t collateral_expires;	/* earliest nextUpdate, unix seconds */
	/* tcbEvaluationDataNumber: the lower of the TCB info's and QE identity's. */
	uint32_t tcb_eval_num;
	int collateral_expired;		/* see allow_expired_collateral */
	/*
	 * Since TDXG_VERIFY_RESULT_SIZE_VER1. Check "replay_history": the
	 * first event tdxg could not have written: its log (index in
	 * opts->logs), its place in that log (from 1), its RTMR and event
	 * type, and why (tdxg_seal_why()). failed_event is 0 for any other
	 * outcome.
	 */
	unsigned int failed_log;
	uint32_t failed_event;
	uint32_t failed_rtmr, failed_event_type;
	char failed_why[96];
	/* TDXG_VERIFY_FETCH: the negative errno of the collateral source. */
	int fetch_error;
};
#define TDXG_VERIFY_RESULT_SIZE_VER0	16792	/* the first published size */
#define TDXG_VERIFY_RESULT_SIZE_VER1	16912	/* failed_log ... failed_why, fetch_error */
#ifndef __cplusplus	/* C++: the _init() function */
#define TDXG_VERIFY_RESULT_INIT		{ .size = sizeof(struct tdxg_verify_result) }
#endif
void tdxg_verify_result_init(struct tdxg_verify_result *res);

/*
 * Verifies a parsed quote. Returns 0 when every check passed. Otherwise
 * res->error holds the class of the failed check, res->check its name and
 * res->detail what was found, and the return value is the class's errno:
 *
 *   TDXG_VERIFY_INVALID    -EBADMSG       malformed quote or collateral
 *   TDXG_VERIFY_SIGNATURE  -EKEYREJECTED  signature, chain, validity, revocation
 *   TDXG_VERIFY_TCB        -EKEYEXPIRED   TCB status or level not accepted
 *   TDXG_VERIFY_POLICY     -EPERM         the caller's expectations not met
 *   TDXG_VERIFY_INTERNAL   -EIO           allocation or OpenSSL failure
 *   TDXG_VERIFY_FETCH      the source's   no collateral from the verifier's
 *                          errno          collateral source (check "collateral")
 *
 * Without opts->collateral the collateral comes from the verifier's store,
 * filled through its collateral source (<tdxg/pcs.h>) once per FMSPC and
 * PCK CA; with neither the TCB is not evaluated: that fails as
 * TDXG_VERIFY_TCB (-EKEYEXPIRED, check "tcb_not_evaluated"), after the
 * signature checks, unless opts->flags has TDXG_VERIFY_NO_TCB.
 *
 * -EINVAL (res untouched) when v, q, opts or res is NULL, opts->size or
 * res->size is below its *_SIZE_VER0, opts->flags has a bit this library
 * does not know, or TDXG_VERIFY_NO_TCB comes with collateral, accept_mask,
 * min_tcb_eval or allow_expired_collateral, expect_sealed or expect_once
 * name a register above 3 or come without logs, or nr_logs is set and
 * logs NULL; -E2BIG (res untouched) when
 * opts is larger than this library's and a member it does not know is set.
 */
int tdxg_quote_verify(struct tdxg_verifier *v, const struct tdxg_quote *q,
		      const struct tdxg_verify_opts *opts,
		      struct tdxg_verify_result *res);

/*
 * "2025-07-01T00:00:00Z", with optional fraction and offset (RFC 3339), a
 * date alone ("2025-07-01": 00:00:00 UTC), unix seconds, or "now" (the
 * clock); -EINVAL for anything else.
 */
int tdxg_parse_time(const char *s, int64_t *out);
/*
 * t as RFC 3339 UTC, "2025-07-01T00:00:00Z", into buf (n >= 21 bytes);
 * -EINVAL (and the number, if n allows) when t is outside the years 0000 to
 * 9999 or n is smaller.
 */
int tdxg_format_time(int64_t t, char *buf, size_t n);


/* A published size never changes; a struct grows only at its end. */
TDXG_STATIC_ASSERT(sizeof(struct tdxg_verify_opts) >= TDXG_VERIFY_OPTS_SIZE_VER2, "verify_opts");
TDXG_STATIC_ASSERT(sizeof(struct tdxg_verify_result) >= TDXG_VERIFY_RESULT_SIZE_VER1, "verify_result");

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_VERIFY_H */
