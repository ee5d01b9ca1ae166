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
 * What a parsed (not necessarily verified) collateral set is for and
 * until when: the TCB info's FMSPC, the PCK CRL's CA (by its issuer name)
 * and the earliest nextUpdate of the TCB info, QE identity and CRLs.
 * -EINVAL when the set lacks one of those parts.
 */
int tdxg_collateral_describe(const struct tdxg_collateral *c, uint8_t fmspc[6],
			     enum tdxg_pck_ca *ca, int64_t *next_update);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_PCS_H */
