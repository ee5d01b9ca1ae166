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
#include <openssl/evp.h>
#include <openssl/x509.h>

struct tdxg_cert {
	X509 *x;
	uint8_t *der;
	size_t der_len;
	EVP_PKEY *pk;			/* owned by x */
	const uint8_t *tbs, *sig;	/* slices of der: TBS TLV, ECDSA-Sig-Value */
	size_t tbs_len, sig_len;
	int64_t not_before, not_after;
	int is_ca;			/* basicConstraints CA, may sign certificates */
	int can_sign_crl;
	int pathlen;			/* -1: unlimited */
	int refs;
};

struct tdxg_crl {
	X509_CRL *crl;
	uint8_t *der;
	size_t der_len;
	const uint8_t *tbs, *sig;
	size_t tbs_len, sig_len;
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

/* DER certificate -> new cert (refs 1), or NULL with err. */
struct tdxg_cert *tdxg_cert_from_der(const uint8_t *der, size_t len, char *err, size_t errlen);
struct tdxg_cert *tdxg_cert_ref(struct tdxg_cert *c);
void tdxg_cert_put(struct tdxg_cert *c);
/* cert's signature by issuer's key, name chaining and issuer constraints. */
int tdxg_cert_signed_by(const struct tdxg_cert *c, const struct tdxg_cert *issuer);
int tdxg_cert_valid_at(const struct tdxg_cert *c, int64_t at);
int tdxg_cert_pck_ext(const struct tdxg_cert *c, struct tdxg_pck_ext *e, char *err, size_t errlen);

/*
 * Splits a PEM bundle into DER certificates. Whitespace and one trailing
 * NUL are allowed around blocks; anything else is an error. Returns the
 * number of certificates (caller frees each der[i]), or -1.
 */
int tdxg_pem_certs(const uint8_t *pem, size_t len, uint8_t **der, size_t *der_len,
		   int max, char *err, size_t errlen);

struct tdxg_crl *tdxg_crl_from_der(const uint8_t *der, size_t len, char *err, size_t errlen);
void tdxg_crl_free(struct tdxg_crl *c);
int tdxg_crl_signed_by(const struct tdxg_crl *crl, const struct tdxg_cert *issuer);
/* 1 if c's serial is listed (caller checked the CRL issuer is c's issuer). */
int tdxg_crl_revokes(const struct tdxg_crl *crl, const struct tdxg_cert *c);

/* ECDSA P-256 / SHA-256. sig_rs is 64 bytes r || s. */
int tdxg_ecdsa_verify_rs(EVP_PKEY *pk, const uint8_t *msg, size_t len, const uint8_t *sig_rs);
int tdxg_ecdsa_verify_der(EVP_PKEY *pk, const uint8_t *msg, size_t len,
			  const uint8_t *sig, size_t sig_len);
/* Raw X || Y (64 bytes) -> P-256 public key. */
EVP_PKEY *tdxg_p256_key(const uint8_t *xy);

int64_t tdxg_asn1_time(const ASN1_TIME *t);
int tdxg_unhex(const char *s, size_t n, uint8_t *out, size_t outlen);

#endif
