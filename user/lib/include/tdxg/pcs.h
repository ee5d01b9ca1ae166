/* SPDX-License-Identifier: MIT */
/*
 * Collateral from Intel PCS or a PCCS (API v4), without the HTTP.
 *
 * libtdxg does not fetch anything: HTTPS, proxies and the cache live in the
 * tdxg command (user/pccs.c), so programs linking libtdxg gain no libcurl
 * dependency. What is here says what to fetch for a quote and turns the
 * raw responses into the JSON bundle that tdxg_collateral_add() reads and
 * `tdxg collateral` writes. Nothing here checks a signature: the verifier
 * does, every time the bundle is used.
 *
 * Conventions as in <tdxg/err.h>: 0 or a negative errno, with a message
 * in err (may be NULL) on failure.
 */
#ifndef TDXG_PCS_H
#define TDXG_PCS_H

#include <stddef.h>
#include <stdint.h>
#include <tdxg/quote.h>
#include <tdxg/verify.h>

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

/* The CA that issued a PCK certificate: the ca= of the PCK CRL request. */
enum tdxg_pck_ca {
	TDXG_PCK_CA_PLATFORM = 0,
	TDXG_PCK_CA_PROCESSOR = 1,
};
/* "platform" or "processor". */
const char *tdxg_pck_ca_name(enum tdxg_pck_ca ca);

/*
 * The FMSPC (from the PCK leaf's SGX extension) and the PCK CA (from the
 * leaf's issuer, "Intel SGX PCK Platform CA" or "... Processor CA") of a
 * parsed quote. -EBADMSG when the chain or the extension is malformed or
 * the issuer is neither CA; -ENOMEM.
 */
int tdxg_quote_collateral_id(const struct tdxg_quote *q, uint8_t fmspc[6], enum tdxg_pck_ca *ca,
			     struct tdxg_err *err);

/*
 * The first https URL of the CRL distribution points of a PEM certificate
 * (for Intel PCS, the root CA CRL comes from the root's). NULL root_pem
 * means the built-in Intel SGX Root CA. -EBADMSG when root_pem is not a
 * PEM certificate; -ENOENT when it has no https URL that fits url_size.
 */
int tdxg_cert_crl_url(const void *root_pem, size_t len, char *url, size_t url_size,
		      struct tdxg_err *err);

/*
 * Raw API v4 responses. Bodies as received; issuer chains as the header
 * values (URL-encoded PEM, as PCS sends them, or plain PEM). CRL bodies
 * may be DER or hex (PCCS versions differ).
 */
/* Set size with TDXG_PCS_RESPONSES_INIT or tdxg_pcs_responses_init(). */
struct tdxg_pcs_responses {
	uint32_t size;		/* sizeof, see "Extensible structs" in <tdxg/quote.h> */
	const void *tcb_info;		/* /tdx/certification/v4/tcb?fmspc= */
	size_t tcb_info_len;
	const char *tcb_info_issuer_chain;	/* TCB-Info-Issuer-Chain */
	const void *qe_identity;	/* /tdx/certification/v4/qe/identity */
	size_t qe_identity_len;
	const char *qe_identity_issuer_chain;	/* SGX-Enclave-Identity-Issuer-Chain */
	const void *pck_crl;		/* /sgx/certification/v4/pckcrl?ca= */
	size_t pck_crl_len;
	const char *pck_crl_issuer_chain;	/* SGX-PCK-CRL-Issuer-Chain */
	const void *root_ca_crl;	/* CRL distribution point or .../rootcacrl */
	size_t root_ca_crl_len;
};
#define TDXG_PCS_RESPONSES_SIZE_VER0	96	/* the first published size */
#ifndef __cplusplus	/* C++: the _init() function */
#define TDXG_PCS_RESPONSES_INIT		{ .size = sizeof(struct tdxg_pcs_responses) }
#endif
void tdxg_pcs_responses_init(struct tdxg_pcs_responses *r);

/*
 * Builds the collateral bundle (one JSON object, the format of
 * tdxg_collateral_add(); the signed tcbInfo/enclaveIdentity bytes are kept
 * exactly) into a new NUL-terminated buffer (free() it). Checks that every
 * piece has the right form, so a truncated or foreign body is -EBADMSG
 * here (with err naming the piece) and never reaches a cache; -ENOMEM.
 */
int tdxg_collateral_bundle(const struct tdxg_pcs_responses *r, char **json, size_t *len,
			   struct tdxg_err *err);
/*
 * tdxg_collateral_bundle(), and in *parsed (when not NULL) the collateral
 * set it parsed to check the bundle, as tdxg_collateral_add() would give
 * it: a caller that verifies with the set parses the responses once.
 * *parsed is NULL on failure.
 */
int tdxg_collateral_bundle_parse(const struct tdxg_pcs_responses *r, char **json, size_t *len,
				 struct tdxg_collateral **parsed, struct tdxg_err *err);

/*
 * What a parsed (not necessarily verified) collateral set is for and
 * until when: the TCB info's FMSPC, the PCK CRL's CA (by its issuer name)
 * and the earliest nextUpdate of the TCB info, QE identity and CRLs.
 * -EINVAL when the set lacks one of those parts.
 */
int tdxg_collateral_describe(const struct tdxg_collateral *c, uint8_t fmspc[6],
			     enum tdxg_pck_ca *ca, int64_t *next_update);

/*
 * The verifier's collateral store: a verification without
 * opts->collateral takes the collateral for the quote's FMSPC and PCK CA
 * from its verifier's store, which asks the caller's source once per
 * FMSPC and CA (the first quote of a platform; the other threads wait for
 * it) and keeps the parsed, checked set for every later quote, in every
 * thread, until the verifier is freed. A failed fetch is kept too: every
 * quote of that platform fails with it (TDXG_VERIFY_FETCH), without
 * asking again.
 */
#define TDXG_FETCH_AGAIN	(1u << 0)	/* the set given before failed its checks */

/**
 * tdxg_collateral_fetch_fn - gets the collateral for one platform
 * @ctx: the caller's, as given to tdxg_verifier_set_collateral_source()
 * @fmspc: the FMSPC of the quote's PCK certificate
 * @ca: the CA that issued it
 * @at: the verification time: the set must be current then
 * @flags: TDXG_FETCH_AGAIN when the set this source gave from a cache was
 *	malformed or its signatures failed: fetch it anew, not from a cache
 * @bundle: receives the set, in any form tdxg_collateral_add() reads (the
 *	bundle of tdxg_collateral_bundle()), in memory from malloc(): the store
 *	frees it
 * @len: receives its length
 * @parsed: NULL, or receives the set already parsed from @bundle (as
 *	tdxg_collateral_bundle_parse() or tdxg_collateral_add() gave it), so the
 *	store does not parse it again; the store takes it
 * @err: for the message on failure
 *
 * Called with the store locked, one call at a time, from the thread that
 * verifies the platform's first quote.
 *
 * Return: 0 for a set fetched now, 1 for a set from a cache (asked again,
 * with TDXG_FETCH_AGAIN, when it fails its checks), else a negative errno
 * (-ETIMEDOUT, -EIO, -ENOENT nothing cached and fetching not allowed,
 * -EBADMSG a malformed response...) with a message in err, which the
 * verification passes on as res->fetch_error and res->detail.
 */
typedef int (*tdxg_collateral_fetch_fn)(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca,
					int64_t at, unsigned int flags, void **bundle, size_t *len,
					struct tdxg_collateral **parsed, struct tdxg_err *err);

/**
 * tdxg_collateral_accepted_fn - a fetched set passed its checks
 * @ctx: the caller's
 * @fmspc: the platform's FMSPC
 * @ca: its PCK CA
 * @bundle: the set as the fetch gave it
 * @len: its length
 *
 * Called once per set fetched now (not from a cache) whose signatures and
 * issuer chains verified against the verifier's root: the moment to
 * cache it. Optional.
 */
typedef void (*tdxg_collateral_accepted_fn)(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca,
					    const void *bundle, size_t len);

/**
 * tdxg_verifier_set_collateral_source - where v's collateral store gets sets
 * @v: the verifier
 * @fetch: the source; NULL turns the store off (and empties it)
 * @accepted: told of each fetched set that verified; may be NULL
 * @ctx: passed to both
 *
 * Set before the verifier is in use by other threads. Empties the store.
 *
 * Return: 0, or -EINVAL when v is NULL.
 */
int tdxg_verifier_set_collateral_source(struct tdxg_verifier *v, tdxg_collateral_fetch_fn fetch,
					tdxg_collateral_accepted_fn accepted, void *ctx);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_PCS_H */
