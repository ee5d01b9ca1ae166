/* SPDX-License-Identifier: MIT */
/*
 * Certificates, CRLs and ECDSA P-256 for quote verification. Private to
 * libtdxg. Signatures are checked from the DER the caller gave (the
 * signed TBS bytes are sliced out of it), never from a re-encoding.
 */
#ifndef TDXG_X509_H
#define TDXG_X509_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/types.h>
#include "tdxg/err.h"

struct tdxg_span {
	const uint8_t *p;
	size_t len;
};

/*
 * A parsed certificate. libtdxg parses Intel's certificates itself (DER,
 * X.509 v3, P-256 keys): OpenSSL 3.0's d2i_X509 decodes every public key
 * through its provider decoder machinery, which costs more than an ECDSA
 * verification. Names are compared as DER bytes.
 */
struct tdxg_cert {
	uint8_t *der;
	size_t der_len;
	EC_KEY *pk;
	const uint8_t *tbs, *sig;	/* slices of der: TBS TLV, ECDSA-Sig-Value */
	size_t tbs_len, sig_len;
	struct tdxg_span serial;	/* INTEGER contents */
	struct tdxg_span issuer, subject;	/* Name TLVs */
	struct tdxg_span sgx_ext;	/* contents of the SGX extension's OCTET STRING */
	int64_t not_before, not_after;
	int is_ca;			/* basicConstraints CA and keyCertSign */
	int can_sign_crl;
	int can_sign;			/* digitalSignature (or no keyUsage) */
	int pathlen;			/* -1: unlimited */
	int refs;
};

struct tdxg_crl {
	uint8_t *der;
	size_t der_len;
	const uint8_t *tbs, *sig;
	size_t tbs_len, sig_len;
	struct tdxg_span issuer;
	struct tdxg_span revoked;	/* contents of revokedCertificates */
	int64_t this_update, next_update;
};

struct tdxg_pck_ext {
	uint8_t ppid[16];
	uint8_t comp_svn[16];
	uint16_t pcesvn;
	uint8_t cpusvn[16];
	uint8_t pceid[2];
	uint8_t fmspc[6];
	int sgx_type;
};

int tdxg_name_eq(struct tdxg_span a, struct tdxg_span b);
/* "/CN=.../O=..." and the CN alone, for messages. */
void tdxg_name_text(struct tdxg_span name, char *buf, size_t n);
void tdxg_name_cn(struct tdxg_span name, char *buf, size_t n);

/* DER certificate -> new cert (refs 1), or NULL with err (-EBADMSG, -ENOMEM). */
struct tdxg_cert *tdxg_cert_from_der(const uint8_t *der, size_t len, struct tdxg_err *err);
struct tdxg_cert *tdxg_cert_ref(struct tdxg_cert *c);
void tdxg_cert_put(struct tdxg_cert *c);
/* cert's signature by issuer's key, name chaining and issuer constraints. */
int tdxg_cert_signed_by(const struct tdxg_cert *c, const struct tdxg_cert *issuer);
int tdxg_cert_valid_at(const struct tdxg_cert *c, int64_t at);
int tdxg_cert_pck_ext(const struct tdxg_cert *c, struct tdxg_pck_ext *e, struct tdxg_err *err);

/*
 * Splits a PEM bundle into DER certificates. Whitespace and one trailing
 * NUL are allowed around blocks; anything else is an error. Returns the
 * number of certificates (caller frees each der[i]), or -EBADMSG, -E2BIG
 * (more than max) or -ENOMEM.
 */
int tdxg_pem_certs(const uint8_t *pem, size_t len, uint8_t **der, size_t *der_len,
		   int max, struct tdxg_err *err);

struct tdxg_crl *tdxg_crl_from_der(const uint8_t *der, size_t len, struct tdxg_err *err);
void tdxg_crl_free(struct tdxg_crl *c);
int tdxg_crl_signed_by(const struct tdxg_crl *crl, const struct tdxg_cert *issuer);
/* 1 if c's serial is listed (caller checked the CRL issuer is c's issuer). */
int tdxg_crl_revokes(const struct tdxg_crl *crl, const struct tdxg_cert *c);

/*
 * ECDSA P-256 / SHA-256. sig_rs is 64 bytes r || s. Keys are EC_KEYs
 * (see x509.c for why): make them with tdxg_p256_key, free with
 * tdxg_p256_key_free.
 */
int tdxg_ecdsa_verify_rs(const EC_KEY *pk, const uint8_t *msg, size_t len, const uint8_t *sig_rs);
int tdxg_ecdsa_verify_der(const EC_KEY *pk, const uint8_t *msg, size_t len,
			  const uint8_t *sig, size_t sig_len);
/* Raw X || Y (64 bytes) -> P-256 public key (checked to be on the curve). */
EC_KEY *tdxg_p256_key(const uint8_t *xy);
void tdxg_p256_key_free(EC_KEY *k);

#endif
