// SPDX-License-Identifier: MIT
/*
 * Certificate, CRL and ECDSA helpers on OpenSSL 3. OpenSSL parses the
 * certificates; the signed bytes are taken from the caller's DER so no
 * re-encoding can change what is verified, and only ECDSA P-256 with
 * SHA-256 (the only algorithm in Intel's PKI) is accepted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "x509.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* One DER TLV at *p; advances *p and *left past it. */
static int der_next(const uint8_t **p, size_t *left, uint8_t *tag,
		    const uint8_t **val, size_t *vlen)
{
	const uint8_t *s = *p;
	size_t n = *left, l, hdr = 2, i, k;

	if (n < 2 || (s[0] & 0x1f) == 0x1f)
		return -1;
	l = s[1];
	if (l & 0x80) {
		k = l & 0x7f;
		if (k == 0 || k > 4 || n < 2 + k || s[2] == 0)
			return -1;
		for (l = 0, i = 0; i < k; i++)
			l = l << 8 | s[2 + i];
		if (l < 0x80)
			return -1;
		hdr += k;
	}
	if (l > n - hdr)
		return -1;
	*tag = s[0];
	*val = s + hdr;
	*vlen = l;
	*p = s + hdr + l;
	*left = n - hdr - l;
	return 0;
}

static const uint8_t ecdsa_sha256_alg[] = {
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
};

/*
 * SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING } covering all of der.
 * The TBS must name the same algorithm after skip_tags optional leading
 * fields (certificate: [0] version and serial; CRL: version).
 */
static int split_signed(const uint8_t *der, size_t len, int is_cert,
			const uint8_t **tbs, size_t *tbs_len,
			const uint8_t **sig, size_t *sig_len)
{
	const uint8_t *p = der, *v, *t, *q, *alg;
	size_t left = len, vl, tl, ql;
	uint8_t tag;

	if (der_next(&p, &left, &tag, &v, &vl) || tag != 0x30 || left)
		return -1;
	p = v;
	left = vl;
	t = p;
	if (der_next(&p, &left, &tag, &q, &ql) || tag != 0x30)
		return -1;
	*tbs = t;
	*tbs_len = p - t;
	alg = p;
	if (left < sizeof(ecdsa_sha256_alg) || memcmp(p, ecdsa_sha256_alg, sizeof(ecdsa_sha256_alg)))
		return -1;
	p += sizeof(ecdsa_sha256_alg);
	left -= sizeof(ecdsa_sha256_alg);
	if (der_next(&p, &left, &tag, &v, &vl) || tag != 0x03 || left || vl < 2 || v[0] != 0)
		return -1;
	*sig = v + 1;
	*sig_len = vl - 1;

	/* Inside the TBS: skip the optional/leading fields, then the algorithm. */
	tl = ql;
	p = q;
	if (is_cert) {
		if (tl && p[0] == 0xa0 && der_next(&p, &tl, &tag, &v, &vl))
			return -1;
		if (der_next(&p, &tl, &tag, &v, &vl) || tag != 0x02)
			return -1;
	} else if (tl && p[0] == 0x02 && der_next(&p, &tl, &tag, &v, &vl)) {
		return -1;
	}
	if (tl < sizeof(ecdsa_sha256_alg) || memcmp(p, alg, sizeof(ecdsa_sha256_alg)))
		return -1;
	return 0;
}

int64_t tdxg_asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return INT64_MIN;
	return (int64_t)timegm(&tm);
}

static int is_p256(EVP_PKEY *pk)
{
	char group[32];
	size_t gl;

	return pk && EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
	       EVP_PKEY_get_group_name(pk, group, sizeof(group), &gl) == 1 &&
	       !strcmp(group, "prime256v1");
}

struct tdxg_cert *tdxg_cert_from_der(const uint8_t *der, size_t len, char *err, size_t errlen)
{
	struct tdxg_cert *c = calloc(1, sizeof(*c));
	const unsigned char *p;
	uint32_t flags, ku;

	if (!c) {
		fail(err, errlen, "out of memory");
		return NULL;
	}
	c->refs = 1;
	c->der = malloc(len ? len : 1);
	if (!c->der) {
		fail(err, errlen, "out of memory");
		goto bad;
	}
	memcpy(c->der, der, len);
	c->der_len = len;
	p = c->der;
	c->x = d2i_X509(NULL, &p, (long)len);
	if (!c->x || p != c->der + len) {
		fail(err, errlen, "not a DER X.509 certificate");
		goto bad;
	}
	if (split_signed(c->der, len, 1, &c->tbs, &c->tbs_len, &c->sig, &c->sig_len)) {
		fail(err, errlen, "certificate is not signed with ecdsa-with-SHA256");
		goto bad;
	}
	c->pk = X509_get0_pubkey(c->x);
	if (!is_p256(c->pk)) {
		fail(err, errlen, "certificate key is not ECDSA P-256");
		goto bad;
	}
	c->not_before = tdxg_asn1_time(X509_get0_notBefore(c->x));
	c->not_after = tdxg_asn1_time(X509_get0_notAfter(c->x));
	if (c->not_before == INT64_MIN || c->not_after == INT64_MIN) {
		fail(err, errlen, "certificate validity is not readable");
		goto bad;
	}
	if (X509_get_version(c->x) != 2) {
		fail(err, errlen, "certificate is not X.509 v3");
		goto bad;
	}
	flags = X509_get_extension_flags(c->x);
	if (flags & (EXFLAG_INVALID | EXFLAG_CRITICAL)) {
		fail(err, errlen, "certificate has invalid or unknown critical extensions");
		goto bad;
	}
	ku = X509_get_key_usage(c->x);
	c->is_ca = (flags & EXFLAG_CA) && (ku & KU_KEY_CERT_SIGN);
	c->can_sign_crl = (flags & EXFLAG_CA) && (ku & KU_CRL_SIGN);
	c->pathlen = (int)X509_get_pathlen(c->x);
	return c;
bad:
	tdxg_cert_put(c);
	return NULL;
}

struct tdxg_cert *tdxg_cert_ref(struct tdxg_cert *c)
{
	if (c)
		c->refs++;
	return c;
}

void tdxg_cert_put(struct tdxg_cert *c)
{
	if (!c || --c->refs > 0)
		return;
	X509_free(c->x);
	free(c->der);
	free(c);
}

int tdxg_cert_valid_at(const struct tdxg_cert *c, int64_t at)
{
	return at >= c->not_before && at <= c->not_after;
}

int tdxg_cert_signed_by(const struct tdxg_cert *c, const struct tdxg_cert *issuer)
{
	if (!issuer->is_ca)
		return 0;
	if (c->is_ca && issuer->pathlen == 0 && c != issuer)
		return 0;
	if (X509_NAME_cmp(X509_get_issuer_name(c->x), X509_get_subject_name(issuer->x)))
		return 0;
	return tdxg_ecdsa_verify_der(issuer->pk, c->tbs, c->tbs_len, c->sig, c->sig_len);
}

/* ---- ECDSA ---- */

int tdxg_ecdsa_verify_der(EVP_PKEY *pk, const uint8_t *msg, size_t len,
			  const uint8_t *sig, size_t sig_len)
{
	uint8_t d[SHA256_DIGEST_LENGTH];
	EVP_PKEY_CTX *ctx;
	int ok;

	SHA256(msg, len, d);
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	ok = ctx && EVP_PKEY_verify_init(ctx) == 1 &&
	     EVP_PKEY_verify(ctx, sig, sig_len, d, sizeof(d)) == 1;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static size_t der_uint(uint8_t *out, const uint8_t *v, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n - 1 && v[i] == 0)
		i++;
	out[k++] = 0x02;
	out[k++] = (uint8_t)(n - i + (v[i] & 0x80 ? 1 : 0));
	if (v[i] & 0x80)
		out[k++] = 0;
	memcpy(out + k, v + i, n - i);
	return k + n - i;
}

int tdxg_ecdsa_verify_rs(EVP_PKEY *pk, const uint8_t *msg, size_t len, const uint8_t *sig_rs)
{
	uint8_t der[2 + 2 * 35];
	size_t n = 2;

	n += der_uint(der + n, sig_rs, 32);
	n += der_uint(der + n, sig_rs + 32, 32);
	der[0] = 0x30;
	der[1] = (uint8_t)(n - 2);
	return tdxg_ecdsa_verify_der(pk, msg, len, der, n);
}

EVP_PKEY *tdxg_p256_key(const uint8_t *xy)
{
	uint8_t pub[65];
	char group[] = "prime256v1";
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub)),
		OSSL_PARAM_END,
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;

	pub[0] = 0x04;
	memcpy(pub + 1, xy, 64);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

/* ---- CRLs ---- */

struct tdxg_crl *tdxg_crl_from_der(const uint8_t *der, size_t len, char *err, size_t errlen)
{
	struct tdxg_crl *c = calloc(1, sizeof(*c));
	const unsigned char *p;

	if (!c || !(c->der = malloc(len ? len : 1))) {
		fail(err, errlen, "out of memory");
		goto bad;
	}
	memcpy(c->der, der, len);
	c->der_len = len;
	p = c->der;
	c->crl = d2i_X509_CRL(NULL, &p, (long)len);
	if (!c->crl || p != c->der + len) {
		fail(err, errlen, "not a DER CRL");
		goto bad;
	}
	if (split_signed(c->der, len, 0, &c->tbs, &c->tbs_len, &c->sig, &c->sig_len)) {
		fail(err, errlen, "CRL is not signed with ecdsa-with-SHA256");
		goto bad;
	}
	c->this_update = tdxg_asn1_time(X509_CRL_get0_lastUpdate(c->crl));
	c->next_update = tdxg_asn1_time(X509_CRL_get0_nextUpdate(c->crl));
	if (c->this_update == INT64_MIN || c->next_update == INT64_MIN) {
		fail(err, errlen, "CRL has no readable thisUpdate/nextUpdate");
		goto bad;
	}
	return c;
bad:
	tdxg_crl_free(c);
	return NULL;
}

void tdxg_crl_free(struct tdxg_crl *c)
{
	if (!c)
		return;
	X509_CRL_free(c->crl);
	free(c->der);
	free(c);
}

int tdxg_crl_signed_by(const struct tdxg_crl *crl, const struct tdxg_cert *issuer)
{
	if (!issuer->can_sign_crl)
		return 0;
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl->crl), X509_get_subject_name(issuer->x)))
		return 0;
	return tdxg_ecdsa_verify_der(issuer->pk, crl->tbs, crl->tbs_len, crl->sig, crl->sig_len);
}

int tdxg_crl_revokes(const struct tdxg_crl *crl, const struct tdxg_cert *c)
{
	X509_REVOKED *rev;

	return X509_CRL_get0_by_serial(crl->crl, &rev, X509_get0_serialNumber(c->x)) == 1;
}

/* ---- PEM ---- */

static int b64val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64 with line breaks; strict about padding. Returns length or -1. */
static long b64_decode(const uint8_t *s, size_t n, uint8_t *out)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	int bits = 0, pad = 0, v;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad || (v = b64val(s[i])) < 0)
			return -1;
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (bits == 0 && pad) || (bits == 2 && pad != 1) ||
	    (bits == 4 && pad != 2) || bits == 6 || (acc & ((1u << bits) - 1)))
		return -1;
	return (long)o;
}

static const char pem_begin[] = "-----BEGIN CERTIFICATE-----";
static const char pem_end[] = "-----END CERTIFICATE-----";

static int is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int tdxg_pem_certs(const uint8_t *pem, size_t len, uint8_t **der, size_t *der_len,
		   int max, char *err, size_t errlen)
{
	size_t pos = 0, bl = sizeof(pem_begin) - 1, el = sizeof(pem_end) - 1;
	int n = 0, i;

	for (;;) {
		const uint8_t *body, *end;
		long dl;

		while (pos < len && is_space(pem[pos]))
			pos++;
		if (pos == len || (pos == len - 1 && pem[pos] == 0))
			break;
		if (len - pos < bl || memcmp(pem + pos, pem_begin, bl)) {
			fail(err, errlen, "PEM: expected '%s' at byte %zu", pem_begin, pos);
			goto bad;
		}
		pos += bl;
		body = pem + pos;
		end = memmem(body, len - pos, pem_end, el);
		if (!end) {
			fail(err, errlen, "PEM: certificate %d has no END line", n + 1);
			goto bad;
		}
		if (n == max) {
			fail(err, errlen, "PEM: more than %d certificates", max);
			goto bad;
		}
		der[n] = malloc((end - body) * 3 / 4 + 3);
		if (!der[n]) {
			fail(err, errlen, "out of memory");
			goto bad;
		}
		dl = b64_decode(body, end - body, der[n]);
		if (dl <= 0) {
			free(der[n]);
			fail(err, errlen, "PEM: bad base64 in certificate %d", n + 1);
			goto bad;
		}
		der_len[n++] = (size_t)dl;
		pos = end - pem + el;
	}
	if (!n) {
		fail(err, errlen, "PEM: no certificate");
		return -1;
	}
	return n;
bad:
	for (i = 0; i < n; i++)
		free(der[i]);
	return -1;
}

/* ---- Intel SGX extension of PCK certificates ---- */

/* 1.2.840.113741.1.13.1 */
static const uint8_t sgx_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01 };

static int der_small_uint(const uint8_t *v, size_t vl, unsigned max, unsigned *out)
{
	unsigned x = 0;
	size_t i;

	if (vl == 0 || vl > 3 || (v[0] & 0x80) || (vl > 1 && v[0] == 0 && !(v[1] & 0x80)))
		return -1;
	for (i = 0; i < vl; i++)
		x = x << 8 | v[i];
	if (x > max)
		return -1;
	*out = x;
	return 0;
}

static int parse_tcb_seq(const uint8_t *p, size_t left, struct tdxg_pck_ext *e)
{
	unsigned seen = 0, x;
	const uint8_t *v, *iv, *ov;
	size_t vl, il, ol;
	uint8_t tag, sub[2];

	while (left) {
		if (der_next(&p, &left, &tag, &v, &vl) || tag != 0x30)
			return -1;
		if (der_next(&v, &vl, &tag, &ov, &ol) || tag != 0x06 ||
		    der_next(&v, &vl, &tag, &iv, &il) || vl)
			return -1;
		if (ol != sizeof(sgx_oid) + 2 || memcmp(ov, sgx_oid, sizeof(sgx_oid)) || ov[ol - 2] != 2)
			return -1;
		sub[0] = 2;
		sub[1] = ov[ol - 1];
		if (sub[1] >= 1 && sub[1] <= 16) {
			if (tag != 0x02 || der_small_uint(iv, il, 255, &x))
				return -1;
			e->comp_svn[sub[1] - 1] = (uint8_t)x;
		} else if (sub[1] == 17) {
			if (tag != 0x02 || der_small_uint(iv, il, 65535, &x))
				return -1;
			e->pcesvn = (uint16_t)x;
		} else if (sub[1] == 18) {
			if (tag != 0x04 || il != 16)
				return -1;
			memcpy(e->cpusvn, iv, 16);
		} else {
			return -1;
		}
		if (seen & (1u << sub[1]))
			return -1;
		seen |= 1u << sub[1];
	}
	return seen == 0x7fffe ? 0 : -1;	/* components 1..16, pcesvn, cpusvn */
}

int tdxg_cert_pck_ext(const struct tdxg_cert *c, struct tdxg_pck_ext *e, char *err, size_t errlen)
{
	const ASN1_OCTET_STRING *os = NULL;
	const uint8_t *p, *v, *ov, *iv;
	size_t left, vl, ol, il;
	unsigned seen = 0, x;
	uint8_t tag;
	int i, n = X509_get_ext_count(c->x);

	memset(e, 0, sizeof(*e));
	for (i = 0; i < n; i++) {
		X509_EXTENSION *ext = X509_get_ext(c->x, i);
		const ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);

		if ((size_t)OBJ_length(obj) == sizeof(sgx_oid) &&
		    !memcmp(OBJ_get0_data(obj), sgx_oid, sizeof(sgx_oid))) {
			if (os)
				return fail(err, errlen, "PCK certificate has two SGX extensions");
			os = X509_EXTENSION_get_data(ext);
		}
	}
	if (!os)
		return fail(err, errlen, "PCK certificate has no SGX extension (1.2.840.113741.1.13.1)");
	p = ASN1_STRING_get0_data(os);
	left = (size_t)ASN1_STRING_length(os);
	if (der_next(&p, &left, &tag, &v, &vl) || tag != 0x30 || left)
		goto bad;
	p = v;
	left = vl;
	while (left) {
		uint8_t id;

		if (der_next(&p, &left, &tag, &v, &vl) || tag != 0x30)
			goto bad;
		if (der_next(&v, &vl, &tag, &ov, &ol) || tag != 0x06 ||
		    der_next(&v, &vl, &tag, &iv, &il) || vl)
			goto bad;
		if (ol != sizeof(sgx_oid) + 1 || memcmp(ov, sgx_oid, sizeof(sgx_oid)))
			goto bad;
		id = ov[ol - 1];
		if (id < 1 || id > 31 || (seen & (1u << id)))
			goto bad;
		seen |= 1u << id;
		switch (id) {
		case 1:
			if (tag != 0x04 || il != 16)
				goto bad;
			memcpy(e->ppid, iv, 16);
			break;
		case 2:
			if (tag != 0x30 || parse_tcb_seq(iv, il, e))
				goto bad;
			break;
		case 3:
			if (tag != 0x04 || il != 2)
				goto bad;
			memcpy(e->pceid, iv, 2);
			break;
		case 4:
			if (tag != 0x04 || il != 6)
				goto bad;
			memcpy(e->fmspc, iv, 6);
			break;
		case 5:
			if (tag != 0x0a || der_small_uint(iv, il, 255, &x))
				goto bad;
			e->sgx_type = (int)x;
			break;
		default:	/* platform instance ID, configuration: not needed */
			break;
		}
	}
	if ((seen & 0x3e) != 0x3e)
		return fail(err, errlen, "PCK SGX extension lacks PPID, TCB, PCE-ID, FMSPC or SGX type");
	return 0;
bad:
	return fail(err, errlen, "PCK SGX extension is malformed");
}

int tdxg_unhex(const char *s, size_t n, uint8_t *out, size_t outlen)
{
	size_t i;

	if (n != 2 * outlen)
		return -1;
	for (i = 0; i < outlen; i++) {
		int hi = -1, lo = -1, k;

		for (k = 0; k < 2; k++) {
			char c = s[2 * i + k];
			int v = c >= '0' && c <= '9' ? c - '0' :
				c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (k)
				lo = v;
			else
				hi = v;
		}
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
