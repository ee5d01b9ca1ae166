// SPDX-License-Identifier: MIT
/*
 * What to fetch from Intel PCS or a PCCS for a quote, and the raw API v4
 * responses turned into the collateral bundle (see <tdxg/pcs.h>). No I/O.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "collateral.h"
#include "x509.h"
#include "errmsg.h"
#include "extstruct.h"
#include "hex.h"
#include "json.h"
#include <tdxg/pcs.h>
#include <tdxg/verify.h>
#include <tdxg/util.h>

_Static_assert(sizeof(struct tdxg_pcs_responses) >= TDXG_PCS_RESPONSES_SIZE_VER0,
	       "a published size never shrinks");

const char *tdxg_pck_ca_name(enum tdxg_pck_ca ca)
{
	return ca == TDXG_PCK_CA_PROCESSOR ? "processor" : "platform";
}

/* Intel names its PCK CAs "Intel SGX PCK Platform CA" / "... Processor CA". */
static int ca_from_cn(const char *cn, enum tdxg_pck_ca *ca)
{
	if (strstr(cn, "Processor"))
		*ca = TDXG_PCK_CA_PROCESSOR;
	else if (strstr(cn, "Platform"))
		*ca = TDXG_PCK_CA_PLATFORM;
	else
		return -EINVAL;
	return 0;
}

int tdxg_quote_collateral_id(const struct tdxg_quote *q, uint8_t fmspc[6], enum tdxg_pck_ca *ca,
			     struct tdxg_err *err)
{
	struct tdxg_pck_info info = TDXG_PCK_INFO_INIT;
	const char *cn;
	int rc;

	rc = tdxg_quote_pck_info(q, &info, err);
	if (rc)
		return rc;
	if (!info.ncerts || !info.ext_valid)
		return tdxg_errf(err, -EBADMSG, "the PCK leaf has no SGX extension (no FMSPC)");
	cn = strstr(info.certs[0].issuer, "/CN=");
	if (!cn || ca_from_cn(cn, ca))
		return tdxg_errf(err, -EBADMSG, "the PCK leaf's issuer %s is neither the PCK "
			     "Platform CA nor the PCK Processor CA", info.certs[0].issuer);
	memcpy(fmspc, info.fmspc, 6);
	return 0;
}

int tdxg_cert_crl_url(const void *root_pem, size_t len, char *url, size_t url_size,
		      struct tdxg_err *err)
{
	STACK_OF(DIST_POINT) *dps = NULL;
	X509 *x = NULL;
	BIO *b;
	int i, k, rc = -ENOENT;

	if (!root_pem) {
		root_pem = tdxg_intel_sgx_root_ca_pem;
		len = strlen(tdxg_intel_sgx_root_ca_pem);
	}
	b = BIO_new_mem_buf(root_pem, (int)len);
	if (b)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (!x)
		return tdxg_errf(err, -EBADMSG, "the root is not a PEM certificate");
	dps = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
	for (i = 0; rc && i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);

		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		for (k = 0; rc && k < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); k++) {
			GENERAL_NAME *gn = sk_GENERAL_NAME_value(dp->distpoint->name.fullname, k);
			const unsigned char *s;
			int n;

			if (gn->type != GEN_URI)
				continue;
			s = ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier);
			n = ASN1_STRING_length(gn->d.uniformResourceIdentifier);
			if (n < 8 || strncmp((const char *)s, "https://", 8) || memchr(s, 0, n) ||
			    (size_t)n >= url_size)
				continue;
			memcpy(url, s, n);
			url[n] = 0;
			rc = 0;
		}
	}
	CRL_DIST_POINTS_free(dps);
	X509_free(x);
	return rc ? tdxg_errf(err, rc, "the root has no https CRL distribution point that fits %zu bytes",
			     url_size) : 0;
}

/* ---- the bundle ---- */

struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	char *np;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		np = realloc(b->p, cap);
		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

/* "key": "JSON-escaped bytes" (bytes >= 0x80 kept: the input is UTF-8 JSON or PEM). */
static void sb_member(struct sbuf *b, const char *key, const void *val, size_t n, int last)
{
	const unsigned char *v = val;
	char esc[8];
	size_t i, run = 0;

	sb_put(b, "  \"", 3);
	sb_put(b, key, strlen(key));
	sb_put(b, "\": \"", 4);
	for (i = 0; i < n; i++) {
		if (v[i] >= 0x20 && v[i] != '"' && v[i] != '\\')
			continue;
		sb_put(b, (const char *)v + run, i - run);
		if (v[i] == '\n')
			snprintf(esc, sizeof(esc), "\\n");
		else if (v[i] == '"' || v[i] == '\\')
			snprintf(esc, sizeof(esc), "\\%c", v[i]);
		else
			snprintf(esc, sizeof(esc), "\\u%04x", v[i]);
		sb_put(b, esc, strlen(esc));
		run = i + 1;
	}
	sb_put(b, (const char *)v + run, n - run);
	sb_put(b, last ? "\"\n" : "\",\n", last ? 2 : 3);
}

/* The signed object of a PCS response and its signature (hex). */
static int signed_part(const void *body, size_t len, const char *obj_key, const char *what,
		       struct sbuf *b, const char *key, struct tdxg_err *err)
{
	struct json_doc d;
	struct tdxg_err e;
	char skey[48];
	int v, s, rc;

	if (!body || !len)
		return tdxg_errf(err, -EBADMSG, "%s: empty response", what);
	rc = json_parse(&d, body, len, &e);
	if (rc)
		return tdxg_errf(err, rc, "%s: %s", what, e.msg);
	v = d.nodes[0].type == JSON_OBJECT ? json_get_typed(&d, 0, obj_key, JSON_OBJECT) : -1;
	s = d.nodes[0].type == JSON_OBJECT ? json_get_typed(&d, 0, "signature", JSON_STRING) : -1;
	if (v < 0 || s < 0 || d.nodes[s].escaped || d.nodes[s].end - d.nodes[s].start != 128) {
		rc = tdxg_errf(err, -EBADMSG, "%s: not a PCS response (no \"%s\" object and "
			   "128-digit \"signature\")", what, obj_key);
	} else {
		sb_member(b, key, d.text + d.nodes[v].start, d.nodes[v].end - d.nodes[v].start, 0);
		snprintf(skey, sizeof(skey), "%s_signature", key);
		sb_member(b, skey, d.text + d.nodes[s].start, 128, 0);
	}
	json_free(&d);
	return rc;
}

static int chain_part(const char *hdr, const char *what, struct sbuf *b, const char *key,
		      struct tdxg_err *err)
{
	uint8_t *pem, *der[4];
	size_t n, dl[4];
	struct tdxg_err e;
	int k, i;

	if (!hdr || !*hdr)
		return tdxg_errf(err, -EBADMSG, "%s: no issuer chain header", what);
	pem = tdxg_url_decode((const uint8_t *)hdr, strlen(hdr), &n);
	if (!pem)
		return tdxg_errf(err, -EBADMSG, "%s: issuer chain header is not URL-encoded PEM", what);
	k = tdxg_pem_certs(pem, n, der, dl, 4, &e);
	for (i = 0; i < k; i++)
		free(der[i]);
	if (k < 2) {
		free(pem);
		return k < 0 ? tdxg_errf(err, k, "%s: issuer chain header: %s", what, e.msg) :
		       tdxg_errf(err, -EBADMSG, "%s: issuer chain header: fewer than two certificates",
				 what);
	}
	sb_member(b, key, pem, n, 0);
	free(pem);
	return 0;
}

static int is_hex(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')))
			return 0;
	return 1;
}

/* A CRL body, DER or hex, as lower-case hex; its DER must parse. */
static int crl_part(const void *body, size_t len, const char *what, struct sbuf *b, const char *key,
		    int last, struct tdxg_err *err)
{
	const uint8_t *p = body;
	uint8_t *der = NULL;
	struct tdxg_crl *crl;
	struct tdxg_err e;
	char *hex;
	size_t n = p ? len : 0;

	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (!n)
		return tdxg_errf(err, -EBADMSG, "%s: empty response", what);
	if (p[0] != 0x30) {
		if (n % 2 || !is_hex(p, n))
			return tdxg_errf(err, -EBADMSG, "%s: neither a DER nor a hex CRL", what);
		der = malloc(n / 2);
		if (!der)
			return tdxg_errf(err, -ENOMEM, "out of memory");
		tdxg_unhex((const char *)p, n, der, n / 2);
		p = der;
		n /= 2;
	} else {
		n = len;
	}
	crl = tdxg_crl_from_der(p, n, &e);
	if (!crl) {
		free(der);
		return tdxg_errf(err, e.code, "%s: %s", what, e.msg);
	}
	tdxg_crl_free(crl);
	hex = malloc(2 * n + 1);
	if (!hex) {
		free(der);
		return tdxg_errf(err, -ENOMEM, "out of memory");
	}
	tdxg_hex_encode(p, n, hex);
	sb_member(b, key, hex, 2 * n, last);
	free(hex);
	free(der);
	return 0;
}

void tdxg_pcs_responses_init(struct tdxg_pcs_responses *r)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
}

int tdxg_collateral_bundle(const struct tdxg_pcs_responses *resp, char **json, size_t *len,
			   struct tdxg_err *err)
{
	return tdxg_collateral_bundle_parse(resp, json, len, NULL, err);
}

int tdxg_collateral_bundle_parse(const struct tdxg_pcs_responses *resp, char **json, size_t *len,
				 struct tdxg_collateral **parsed, struct tdxg_err *err)
{
	const struct tdxg_pcs_responses *r;
	struct tdxg_pcs_responses k;
	struct sbuf b = { 0 };
	struct tdxg_collateral *c;
	int rc;

	*json = NULL;
	*len = 0;
	if (parsed)
		*parsed = NULL;
	if (!resp)
		return tdxg_errf(err, -EINVAL, "no responses");
	rc = tdxg_opts_in(&k, sizeof(k), resp, TDXG_PCS_RESPONSES_SIZE_VER0);
	if (rc == -E2BIG)
		return tdxg_errf(err, rc, "responses: a member this libtdxg does not know is set");
	if (rc)
		return tdxg_errf(err, rc, "responses of %u bytes: below the first published %u (set size)",
				 resp->size, TDXG_PCS_RESPONSES_SIZE_VER0);
	r = &k;
	sb_put(&b, "{\n", 2);
	rc = signed_part(r->tcb_info, r->tcb_info_len, "tcbInfo", "TCB info", &b, "tcb_info", err);
	if (!rc)
		rc = chain_part(r->tcb_info_issuer_chain, "TCB info", &b, "tcb_info_issuer_chain", err);
	if (!rc)
		rc = signed_part(r->qe_identity, r->qe_identity_len, "enclaveIdentity", "QE identity",
				 &b, "qe_identity", err);
	if (!rc)
		rc = chain_part(r->qe_identity_issuer_chain, "QE identity", &b,
				"qe_identity_issuer_chain", err);
	if (!rc)
		rc = chain_part(r->pck_crl_issuer_chain, "PCK CRL", &b, "pck_crl_issuer_chain", err);
	if (!rc)
		rc = crl_part(r->root_ca_crl, r->root_ca_crl_len, "root CA CRL", &b, "root_ca_crl", 0, err);
	if (!rc)
		rc = crl_part(r->pck_crl, r->pck_crl_len, "PCK CRL", &b, "pck_crl", 1, err);
	sb_put(&b, "}\n", 2);
	if (!rc && b.oom)
		rc = tdxg_errf(err, -ENOMEM, "out of memory");
	if (!rc) {
		/* The same parser as verify --collateral: what is written, verify reads. */
		c = tdxg_collateral_new();
		rc = !c ? tdxg_errf(err, -ENOMEM, "out of memory") :
		     tdxg_collateral_add(c, b.p, b.len, err);
		if (rc || !parsed)
			tdxg_collateral_free(c);
		else
			*parsed = c;
	}
	if (rc) {
		free(b.p);
		return rc;
	}
	*json = b.p;
	*len = b.len;
	return 0;
}

int tdxg_collateral_describe(const struct tdxg_collateral *c, uint8_t fmspc[6],
			     enum tdxg_pck_ca *ca, int64_t *next_update)
{
	char cn[96];
	int i, have_ca = 0;
	int64_t t;

	if (!c || !c->tcb || !c->qe || !c->ncrls)
		return -EINVAL;
	t = c->tcb->s.next_update;
	if (c->qe->s.next_update < t)
		t = c->qe->s.next_update;
	for (i = 0; i < c->ncrls; i++) {
		if (c->crls[i]->next_update < t)
			t = c->crls[i]->next_update;
		tdxg_name_cn(c->crls[i]->issuer, cn, sizeof(cn));
		if (strstr(cn, "PCK") && !ca_from_cn(cn, ca))
			have_ca = 1;
	}
	if (!have_ca)
		return -EINVAL;
	memcpy(fmspc, c->tcb->fmspc, 6);
	*next_update = t;
	return 0;
}
