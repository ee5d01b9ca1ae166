// SPDX-License-Identifier: MIT
/*
 * Certificates, CRLs and ECDSA for Intel's PKI. The DER is read here, to
 * the letter of what Intel issues (X.509 v3, ECDSA P-256 with SHA-256,
 * no unknown critical extension); OpenSSL 3 does the cryptography. The
 * signed bytes are sliced from the caller's DER, never re-encoded.
 */
/* EC_KEY and ECDSA_verify: see tdxg_p256_key(). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>

#include "errmsg.h"
#include "time_internal.h"
#include "hash.h"
#include "x509.h"

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

/* ---- DER reading ---- */

static int two(const uint8_t *p, int *v)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	*v = (p[0] - '0') * 10 + p[1] - '0';
	return 0;
}

/* UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
static int der_time(uint8_t tag, const uint8_t *v, size_t n, int64_t *out)
{
	int c = 19, y, mo, d, h, mi, se;

	if (tag == 0x17 && n == 13) {
		if (two(v, &y))
			return -1;
		c = y < 50 ? 20 : 19;
		v += 2;
	} else if (tag == 0x18 && n == 15) {
		if (two(v, &c) || two(v + 2, &y))
			return -1;
		v += 4;
	} else {
		return -1;
	}
	if (two(v, &mo) || two(v + 2, &d) || two(v + 4, &h) || two(v + 6, &mi) ||
	    two(v + 8, &se) || v[10] != 'Z')
		return -1;
	return se > 59 ? -1 : tdxg_civil_time(c * 100 + y, mo, d, h, mi, se, out);
}

static int der_expect(const uint8_t **p, size_t *left, uint8_t want, const uint8_t **v, size_t *vl)
{
	uint8_t tag;

	return der_next(p, left, &tag, v, vl) || tag != want ? -1 : 0;
}

/* Replaces the cursor with the contents of the TLV it points at. */
static int der_enter(const uint8_t **p, size_t *left, uint8_t want)
{
	const uint8_t *v;
	size_t vl;

	if (der_expect(p, left, want, &v, &vl))
		return -1;
	*p = v;
	*left = vl;
	return 0;
}

/* Minimal-encoding positive or negative INTEGER contents. */
static int der_int_ok(const uint8_t *v, size_t n)
{
	return n && !(n > 1 && ((v[0] == 0 && !(v[1] & 0x80)) || (v[0] == 0xff && (v[1] & 0x80))));
}

static const uint8_t p256_spki_alg[] = {
	0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
};
static const uint8_t oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_key_usage[] = { 0x55, 0x1d, 0x0f };
/* Non-critical in Intel's certificates, but harmless to know. */
static const uint8_t oid_known[][3] = {
	{ 0x55, 0x1d, 0x0e }, { 0x55, 0x1d, 0x23 }, { 0x55, 0x1d, 0x1f }, { 0x55, 0x1d, 0x20 },
};
/* 1.2.840.113741.1.13.1 */
static const uint8_t sgx_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01 };

static int oid_eq(const uint8_t *v, size_t n, const uint8_t *oid, size_t on)
{
	return n == on && !memcmp(v, oid, on);
}

static int parse_extensions(struct tdxg_cert *c, const uint8_t *p, size_t left)
{
	const uint8_t *v, *ov, *bv, *ev;
	size_t vl, ol, bl, el;
	int have_bc = 0, have_ku = 0, ku_sign = 1, ku_cert = 1, ku_crl = 1, ca = 0, i, known;
	uint8_t tag;

	if (der_enter(&p, &left, 0x30))
		return -1;
	if (!left)
		return -1;
	while (left) {
		int critical = 0;

		if (der_expect(&p, &left, 0x30, &v, &vl) || der_expect(&v, &vl, 0x06, &ov, &ol))
			return -1;
		if (vl && v[0] == 0x01) {
			if (der_expect(&v, &vl, 0x01, &bv, &bl) || bl != 1 || bv[0] != 0xff)
				return -1;	/* DER: TRUE only, FALSE is the default */
			critical = 1;
		}
		if (der_expect(&v, &vl, 0x04, &ev, &el) || vl)
			return -1;
		if (oid_eq(ov, ol, oid_basic_constraints, 3)) {
			const uint8_t *sv = ev, *x;
			size_t sl = el, xl;

			if (have_bc++ || der_enter(&sv, &sl, 0x30) || sv + sl != ev + el)
				return -1;
			if (sl && sv[0] == 0x01) {
				if (der_expect(&sv, &sl, 0x01, &x, &xl) || xl != 1 || x[0] != 0xff)
					return -1;
				ca = 1;
			}
			if (sl) {
				if (der_expect(&sv, &sl, 0x02, &x, &xl) || sl || xl > 2 || !der_int_ok(x, xl) ||
				    (x[0] & 0x80) || !ca)
					return -1;
				c->pathlen = xl == 1 ? x[0] : x[0] << 8 | x[1];
			}
		} else if (oid_eq(ov, ol, oid_key_usage, 3)) {
			const uint8_t *sv = ev, *x;
			size_t sl = el, xl;

			if (have_ku++ || der_expect(&sv, &sl, 0x03, &x, &xl) || sl || xl < 2 || x[0] > 7)
				return -1;
			ku_sign = !!(x[1] & 0x80);
			ku_cert = !!(x[1] & 0x04);
			ku_crl = !!(x[1] & 0x02);
		} else if (oid_eq(ov, ol, sgx_oid, sizeof(sgx_oid))) {
			if (c->sgx_ext.p)
				return -1;
			c->sgx_ext.p = ev;
			c->sgx_ext.len = el;
		} else {
			for (known = 0, i = 0; i < 4; i++)
				known |= oid_eq(ov, ol, oid_known[i], 3);
			if (critical && !known)
				return -1;	/* a constraint we would silently ignore */
		}
		(void)tag;
	}
	c->is_ca = ca && ku_cert;
	c->can_sign_crl = ca && ku_crl;
	c->can_sign = ku_sign;
	return 0;
}

struct tdxg_cert *tdxg_cert_from_der(const uint8_t *der, size_t len, struct tdxg_err *err)
{
	struct tdxg_cert *c = calloc(1, sizeof(*c));
	const uint8_t *p, *v, *val;
	size_t left, vl, tl;
	uint8_t tag;

	if (!c || !(c->der = malloc(len ? len : 1))) {
		tdxg_errf(err, -ENOMEM, "out of memory");
		goto bad;
	}
	c->refs = 1;
	c->pathlen = -1;
	memcpy(c->der, der, len);
	c->der_len = len;
	if (split_signed(c->der, len, 1, &c->tbs, &c->tbs_len, &c->sig, &c->sig_len)) {
		tdxg_errf(err, -EBADMSG, "not a DER X.509 certificate signed with ecdsa-with-SHA256");
		goto bad;
	}
	p = c->tbs;
	left = c->tbs_len;
	if (der_enter(&p, &left, 0x30))
		goto malformed;
	/* version [0] EXPLICIT INTEGER 2 (v3) */
	if (der_expect(&p, &left, 0xa0, &v, &vl) || der_expect(&v, &vl, 0x02, &val, &tl) || vl ||
	    tl != 1 || val[0] != 2) {
		tdxg_errf(err, -EBADMSG, "certificate is not X.509 v3");
		goto bad;
	}
	if (der_expect(&p, &left, 0x02, &c->serial.p, &c->serial.len) ||
	    !der_int_ok(c->serial.p, c->serial.len))
		goto malformed;
	if (der_next(&p, &left, &tag, &v, &vl) || tag != 0x30)	/* signature (checked by split) */
		goto malformed;
	c->issuer.p = p;
	if (der_expect(&p, &left, 0x30, &v, &vl))
		goto malformed;
	c->issuer.len = p - c->issuer.p;
	if (der_expect(&p, &left, 0x30, &v, &vl) ||
	    der_next(&v, &vl, &tag, &val, &tl) || der_time(tag, val, tl, &c->not_before) ||
	    der_next(&v, &vl, &tag, &val, &tl) || der_time(tag, val, tl, &c->not_after) || vl) {
		tdxg_errf(err, -EBADMSG, "certificate validity is not readable");
		goto bad;
	}
	c->subject.p = p;
	if (der_expect(&p, &left, 0x30, &v, &vl))
		goto malformed;
	c->subject.len = p - c->subject.p;
	if (der_expect(&p, &left, 0x30, &v, &vl) || vl != sizeof(p256_spki_alg) + 2 + 66 ||
	    memcmp(v, p256_spki_alg, sizeof(p256_spki_alg)) ||
	    memcmp(v + sizeof(p256_spki_alg), "\x03\x42\x00\x04", 4)) {
		tdxg_errf(err, -EBADMSG, "certificate key is not ECDSA P-256");
		goto bad;
	}
	c->pk = tdxg_p256_key(v + sizeof(p256_spki_alg) + 4);
	if (!c->pk) {
		tdxg_errf(err, -EBADMSG, "certificate key is not a P-256 point");
		goto bad;
	}
	/* Unique IDs are not used by Intel; extensions [3] are. */
	if (left && (p[0] == 0x81 || p[0] == 0x82))
		goto malformed;
	if (left) {
		if (der_expect(&p, &left, 0xa3, &v, &vl) || left)
			goto malformed;
		if (parse_extensions(c, v, vl)) {
			tdxg_errf(err, -EBADMSG, "certificate has malformed or unknown critical extensions");
			goto bad;
		}
	} else {
		c->can_sign = 1;
	}
	return c;
malformed:
	tdxg_errf(err, -EBADMSG, "malformed X.509 certificate");
bad:
	tdxg_cert_put(c);
	return NULL;
}

struct tdxg_cert *tdxg_cert_ref(struct tdxg_cert *c)
{
	if (c)
		__atomic_add_fetch(&c->refs, 1, __ATOMIC_RELAXED);
	return c;
}

void tdxg_cert_put(struct tdxg_cert *c)
{
	/* Atomic: collateral shared by verifiers in several threads holds refs. */
	if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	tdxg_p256_key_free(c->pk);
	free(c->der);
	free(c);
}

int tdxg_cert_valid_at(const struct tdxg_cert *c, int64_t at)
{
	return at >= c->not_before && at <= c->not_after;
}

int tdxg_name_eq(struct tdxg_span a, struct tdxg_span b)
{
	return a.len == b.len && !memcmp(a.p, b.p, a.len);
}

int tdxg_cert_signed_by(const struct tdxg_cert *c, const struct tdxg_cert *issuer)
{
	if (!issuer->is_ca)
		return 0;
	if (c->is_ca && issuer->pathlen == 0 && c != issuer)
		return 0;
	if (!tdxg_name_eq(c->issuer, issuer->subject))
		return 0;
	return tdxg_ecdsa_verify_der(issuer->pk, c->tbs, c->tbs_len, c->sig, c->sig_len);
}

/* Walks Name = SEQ OF SET OF SEQ { OID, value }, calling fn for each attribute. */
static void name_walk(struct tdxg_span name, void (*fn)(const uint8_t *oid, size_t ol,
		      const uint8_t *val, size_t vl, void *arg), void *arg)
{
	const uint8_t *p = name.p, *set, *atv, *oid, *val;
	size_t left = name.len, sl, al, ol, vl;
	uint8_t tag;

	if (der_enter(&p, &left, 0x30))
		return;
	while (left && !der_expect(&p, &left, 0x31, &set, &sl)) {
		while (sl && !der_expect(&set, &sl, 0x30, &atv, &al)) {
			if (der_expect(&atv, &al, 0x06, &oid, &ol) || der_next(&atv, &al, &tag, &val, &vl))
				return;
			fn(oid, ol, val, vl, arg);
		}
	}
}

struct name_buf {
	char *buf;
	size_t n, used;
	int cn_only;
};

static void name_append(const uint8_t *oid, size_t ol, const uint8_t *val, size_t vl, void *arg)
{
	static const struct { uint8_t id; const char *name; } attrs[] = {
		{ 3, "CN" }, { 6, "C" }, { 7, "L" }, { 8, "ST" }, { 10, "O" }, { 11, "OU" },
	};
	struct name_buf *b = arg;
	const char *an = NULL;
	size_t i;
	int w;

	if (ol == 3 && oid[0] == 0x55 && oid[1] == 0x04)
		for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
			if (attrs[i].id == oid[2])
				an = attrs[i].name;
	if (b->cn_only && (!an || strcmp(an, "CN")))
		return;
	if (b->used >= b->n)
		return;
	if (!b->cn_only) {
		w = snprintf(b->buf + b->used, b->n - b->used, "/%s=", an ? an : "?");
		b->used += w > 0 ? (size_t)w : 0;
	}
	for (i = 0; i < vl && b->used + 1 < b->n; i++)
		b->buf[b->used++] = val[i] >= 0x20 && val[i] < 0x7f ? (char)val[i] : '?';
	if (b->used >= b->n)
		b->used = b->n - 1;
	b->buf[b->used] = 0;
}

void tdxg_name_text(struct tdxg_span name, char *buf, size_t n)
{
	struct name_buf b = { buf, n, 0, 0 };

	if (!n)
		return;
	buf[0] = 0;
	name_walk(name, name_append, &b);
}

void tdxg_name_cn(struct tdxg_span name, char *buf, size_t n)
{
	struct name_buf b = { buf, n, 0, 1 };

	if (!n)
		return;
	buf[0] = 0;
	name_walk(name, name_append, &b);
	if (!buf[0])
		snprintf(buf, n, "?");
}

/* ---- ECDSA ---- */

/*
 * OpenSSL 3.0 imports a public key through its provider layer
 * (EVP_PKEY_fromdata: ~45 us here, d2i_PUBKEY: ~300 us) while EC_KEY_oct2key
 * takes ~5 us, and a quote needs a new key per quote (attestation key and
 * PCK leaf). So the keys here are EC_KEYs on one shared group and are
 * verified with ECDSA_verify, deprecated in 3.0 but present in all 3.x.
 */
static EC_GROUP *p256_group;
static pthread_once_t p256_once = PTHREAD_ONCE_INIT;

static void p256_init(void)
{
	p256_group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
}

int tdxg_ecdsa_verify_der(const EC_KEY *pk, const uint8_t *msg, size_t len,
			  const uint8_t *sig, size_t sig_len)
{
	uint8_t d[SHA256_DIGEST_LENGTH];

	if (!pk || sig_len > INT32_MAX)
		return 0;
	tdxg_sha256(msg, len, d);
	/* ECDSA_verify rejects signatures that are not canonical DER. */
	return ECDSA_verify(0, d, sizeof(d), sig, (int)sig_len, (EC_KEY *)pk) == 1;
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

int tdxg_ecdsa_verify_rs(const EC_KEY *pk, const uint8_t *msg, size_t len, const uint8_t *sig_rs)
{
	uint8_t der[2 + 2 * 35];
	size_t n = 2;

	n += der_uint(der + n, sig_rs, 32);
	n += der_uint(der + n, sig_rs + 32, 32);
	der[0] = 0x30;
	der[1] = (uint8_t)(n - 2);
	return tdxg_ecdsa_verify_der(pk, msg, len, der, n);
}

EC_KEY *tdxg_p256_key(const uint8_t *xy)
{
	uint8_t pub[65];
	EC_KEY *k;

	pthread_once(&p256_once, p256_init);
	if (!p256_group || !(k = EC_KEY_new()))
		return NULL;
	pub[0] = 0x04;
	memcpy(pub + 1, xy, 64);
	/* oct2key decodes the point and checks that it is on the curve. */
	if (EC_KEY_set_group(k, p256_group) != 1 || EC_KEY_oct2key(k, pub, sizeof(pub), NULL) != 1) {
		EC_KEY_free(k);
		return NULL;
	}
	return k;
}

void tdxg_p256_key_free(EC_KEY *k)
{
	EC_KEY_free(k);
}

/* ---- CRLs ---- */

struct tdxg_crl *tdxg_crl_from_der(const uint8_t *der, size_t len, struct tdxg_err *err)
{
	struct tdxg_crl *c = calloc(1, sizeof(*c));
	const uint8_t *p, *v, *val, *e, *x;
	size_t left, vl, tl, el, xl;
	uint8_t tag;

	if (!c || !(c->der = malloc(len ? len : 1))) {
		tdxg_errf(err, -ENOMEM, "out of memory");
		goto bad;
	}
	memcpy(c->der, der, len);
	c->der_len = len;
	if (split_signed(c->der, len, 0, &c->tbs, &c->tbs_len, &c->sig, &c->sig_len)) {
		tdxg_errf(err, -EBADMSG, "not a DER CRL signed with ecdsa-with-SHA256");
		goto bad;
	}
	p = c->tbs;
	left = c->tbs_len;
	if (der_enter(&p, &left, 0x30) ||
	    der_expect(&p, &left, 0x02, &val, &tl) || tl != 1 || val[0] != 1 ||	/* v2 */
	    der_expect(&p, &left, 0x30, &v, &vl))
		goto malformed;
	c->issuer.p = p;
	if (der_expect(&p, &left, 0x30, &v, &vl))
		goto malformed;
	c->issuer.len = p - c->issuer.p;
	if (der_next(&p, &left, &tag, &val, &tl) || der_time(tag, val, tl, &c->this_update) ||
	    der_next(&p, &left, &tag, &val, &tl) || der_time(tag, val, tl, &c->next_update)) {
		tdxg_errf(err, -EBADMSG, "CRL has no readable thisUpdate/nextUpdate");
		goto bad;
	}
	if (left && p[0] == 0x30) {
		if (der_expect(&p, &left, 0x30, &c->revoked.p, &c->revoked.len))
			goto malformed;
		/* Entries: { serial, revocationDate, extensions (none critical) }. */
		v = c->revoked.p;
		vl = c->revoked.len;
		while (vl) {
			const uint8_t *ent;
			size_t entl;

			if (der_expect(&v, &vl, 0x30, &ent, &entl) ||
			    der_expect(&ent, &entl, 0x02, &val, &tl) || !der_int_ok(val, tl) ||
			    der_next(&ent, &entl, &tag, &val, &tl) || (tag != 0x17 && tag != 0x18))
				goto malformed;
			if (entl) {
				if (der_expect(&ent, &entl, 0x30, &e, &el) || entl)
					goto malformed;
				while (el) {
					if (der_expect(&e, &el, 0x30, &x, &xl) ||
					    der_expect(&x, &xl, 0x06, &val, &tl))
						goto malformed;
					if (xl && x[0] == 0x01)
						goto unsupported;	/* critical entry extension */
				}
			}
		}
	}
	if (left) {
		if (der_expect(&p, &left, 0xa0, &v, &vl) || left || der_expect(&v, &vl, 0x30, &e, &el) || vl)
			goto malformed;
		while (el) {
			if (der_expect(&e, &el, 0x30, &x, &xl) || der_expect(&x, &xl, 0x06, &val, &tl))
				goto malformed;
			/* Issuing distribution point may be critical; it only narrows scope. */
			if (xl && x[0] == 0x01 && !oid_eq(val, tl, (const uint8_t *)"\x55\x1d\x1c", 3))
				goto unsupported;
		}
	}
	return c;
unsupported:
	tdxg_errf(err, -EBADMSG, "CRL has a critical extension that is not supported");
	goto bad;
malformed:
	tdxg_errf(err, -EBADMSG, "malformed CRL");
bad:
	tdxg_crl_free(c);
	return NULL;
}

void tdxg_crl_free(struct tdxg_crl *c)
{
	if (!c)
		return;
	free(c->der);
	free(c);
}

int tdxg_crl_signed_by(const struct tdxg_crl *crl, const struct tdxg_cert *issuer)
{
	if (!issuer->can_sign_crl || !tdxg_name_eq(crl->issuer, issuer->subject))
		return 0;
	return tdxg_ecdsa_verify_der(issuer->pk, crl->tbs, crl->tbs_len, crl->sig, crl->sig_len);
}

int tdxg_crl_revokes(const struct tdxg_crl *crl, const struct tdxg_cert *c)
{
	const uint8_t *v = crl->revoked.p, *ent, *val;
	size_t vl = crl->revoked.len, entl, tl;

	while (vl) {
		if (der_expect(&v, &vl, 0x30, &ent, &entl) || der_expect(&ent, &entl, 0x02, &val, &tl))
			return 1;	/* validated at load; unreachable */
		if (tl == c->serial.len && !memcmp(val, c->serial.p, tl))
			return 1;
	}
	return 0;
}

/* ---- PEM ---- */

/*
 * Value of each byte as a base64 digit, or -1. Built once: decoding the
 * collateral's chains and CRLs byte by byte with branches showed up in the
 * cold verification profile.
 */
static signed char b64_tab[256];

static void b64_tab_init(void)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int i;

	memset(b64_tab, -1, sizeof(b64_tab));
	for (i = 0; i < 64; i++)
		b64_tab[(uint8_t)b64[i]] = (signed char)i;
}

static pthread_once_t b64_tab_once = PTHREAD_ONCE_INIT;

/* Base64 with line breaks; strict about padding. Returns length or -1. */
static long b64_decode(const uint8_t *s, size_t n, uint8_t *out)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	int bits = 0, pad = 0, v;

	pthread_once(&b64_tab_once, b64_tab_init);
	for (i = 0; i < n; i++) {
		/* Whole groups of four digits at a time (PEM lines are 64 digits). */
		while (!bits && !pad && n - i >= 4) {
			int a = b64_tab[s[i]], b = b64_tab[s[i + 1]], c = b64_tab[s[i + 2]],
			    d = b64_tab[s[i + 3]];
			uint32_t g;

			if ((a | b | c | d) < 0)
				break;
			g = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
			out[o++] = (uint8_t)(g >> 16);
			out[o++] = (uint8_t)(g >> 8);
			out[o++] = (uint8_t)g;
			i += 4;
		}
		if (i == n)
			break;
		v = b64_tab[s[i]];
		if (v >= 0 && !pad) {
			acc = acc << 6 | v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[o++] = (uint8_t)(acc >> bits);
			}
			continue;
		}
		if (s[i] == '\n' || s[i] == '\r')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		return -1;	/* not base64, or a digit after padding */
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
		   int max, struct tdxg_err *err)
{
	size_t pos = 0, bl = sizeof(pem_begin) - 1, el = sizeof(pem_end) - 1;
	int n = 0, i, rc;

	for (;;) {
		const uint8_t *body, *end;
		long dl;

		while (pos < len && is_space(pem[pos]))
			pos++;
		if (pos == len || (pos == len - 1 && pem[pos] == 0))
			break;
		if (len - pos < bl || memcmp(pem + pos, pem_begin, bl)) {
			rc = tdxg_errf(err, -EBADMSG, "PEM: expected '%s' at byte %zu", pem_begin, pos);
			goto bad;
		}
		pos += bl;
		body = pem + pos;
		end = memmem(body, len - pos, pem_end, el);
		if (!end) {
			rc = tdxg_errf(err, -EBADMSG, "PEM: certificate %d has no END line", n + 1);
			goto bad;
		}
		if (n == max) {
			rc = tdxg_errf(err, -E2BIG, "PEM: more than %d certificates", max);
			goto bad;
		}
		der[n] = malloc((end - body) * 3 / 4 + 3);
		if (!der[n]) {
			rc = tdxg_errf(err, -ENOMEM, "out of memory");
			goto bad;
		}
		dl = b64_decode(body, end - body, der[n]);
		if (dl <= 0) {
			free(der[n]);
			rc = tdxg_errf(err, -EBADMSG, "PEM: bad base64 in certificate %d", n + 1);
			goto bad;
		}
		der_len[n++] = (size_t)dl;
		pos = end - pem + el;
	}
	if (!n)
		return tdxg_errf(err, -EBADMSG, "PEM: no certificate");
	return n;
bad:
	for (i = 0; i < n; i++)
		free(der[i]);
	return rc;
}

/* ---- Intel SGX extension of PCK certificates ---- */

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

int tdxg_cert_pck_ext(const struct tdxg_cert *c, struct tdxg_pck_ext *e, struct tdxg_err *err)
{
	const uint8_t *p, *v, *ov, *iv;
	size_t left, vl, ol, il;
	unsigned seen = 0, x;
	uint8_t tag;

	memset(e, 0, sizeof(*e));
	if (!c->sgx_ext.p)
		return tdxg_errf(err, -EBADMSG, "PCK certificate has no SGX extension (1.2.840.113741.1.13.1)");
	p = c->sgx_ext.p;
	left = c->sgx_ext.len;
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
		return tdxg_errf(err, -EBADMSG, "PCK SGX extension lacks PPID, TCB, PCE-ID, FMSPC or SGX type");
	return 0;
bad:
	return tdxg_errf(err, -EBADMSG, "PCK SGX extension is malformed");
}
