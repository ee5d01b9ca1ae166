// SPDX-License-Identifier: MIT
/*
 * Collateral loading: the JSON bundle (as produced by dcap-qvl and
 * PCCS clients), Intel PCS responses, CRLs and issuer chains. Everything
 * is parsed and checked for shape here, once; signatures are checked by
 * the verifier on first use (verify.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "errmsg.h"
#include "collateral.h"
#include "hex.h"
#include "json.h"
#include "tcb_status.h"
#include "time_internal.h"
#include <tdxg/verify.h>

/* Hex string member of exactly outlen bytes. */
static int get_hex(const struct json_doc *d, int obj, const char *key, uint8_t *out, size_t outlen)
{
	int v = json_get_typed(d, obj, key, JSON_STRING);

	if (v < 0 || d->nodes[v].escaped)
		return -1;
	return tdxg_unhex(d->text + d->nodes[v].start, d->nodes[v].end - d->nodes[v].start, out, outlen);
}

static int get_uint(const struct json_doc *d, int obj, const char *key, int64_t max, int64_t *out)
{
	int v = json_get(d, obj, key);

	if (v < 0 || json_int(d, v, out) || *out < 0 || *out > max)
		return -1;
	return 0;
}

/* A string value's text: its span if it has no escapes, else decoded into buf. */
static const char *str_text(const struct json_doc *d, int v, char *buf, size_t cap, size_t *n)
{
	long l;

	if (v < 0 || d->nodes[v].type != JSON_STRING)
		return NULL;
	if (!d->nodes[v].escaped) {
		*n = d->nodes[v].end - d->nodes[v].start;
		return d->text + d->nodes[v].start;
	}
	l = json_str_decode(d, v, buf, cap);
	if (l < 0)
		return NULL;
	*n = (size_t)l;
	return buf;
}

/* A value's JSON text for messages, at most 40 bytes of it; "missing" for none. */
static const char *shown(const struct json_doc *d, int v, char buf[48])
{
	size_t start, end;

	if (v < 0)
		return "missing";
	start = d->nodes[v].start - (d->nodes[v].type == JSON_STRING);
	end = d->nodes[v].end + (d->nodes[v].type == JSON_STRING);
	snprintf(buf, 48, "%.*s%s", (int)(end - start > 40 ? 40 : end - start), d->text + start,
		 end - start > 40 ? "..." : "");
	return buf;
}

/* A date member; where names obj in the message ("" for the document). */
static int get_time(const struct json_doc *d, int obj, const char *where, const char *key, int64_t *out,
		    struct tdxg_err *err)
{
	char buf[40], b[48];
	size_t n;
	int v = json_get(d, obj, key);
	const char *t = str_text(d, v, buf, sizeof(buf), &n);

	if (!t || tdxg_parse_date_time(t, n, out))
		return tdxg_errf(err, -EBADMSG, "%s%s%s: %s is not an RFC 3339 date-time", where,
				 *where ? "." : "", key, shown(d, v, b));
	return 0;
}

/*
 * The members every level has: tcbStatus (one a level of this kind may
 * say), tcbDate (an RFC 3339 date-time) and advisoryIDs (optional: an
 * array of at most TDXG_MAX_ADVISORIES strings, each shorter than
 * TDXG_ADVISORY_ID_LEN), decoded into s->advisories. where names the
 * level in messages, as "tcbLevels[2]".
 */
static int get_level(struct tdxg_signed_json *s, const struct json_doc *d, int k,
		     enum tdxg_tcb_level_kind kind, const char *where, int *status, int64_t *date,
		     struct tdxg_advisory_span *adv, struct tdxg_err *err)
{
	int v = json_get(d, k, "tcbStatus"), e;
	char (*ids)[TDXG_ADVISORY_ID_LEN], b[48];
	unsigned i = 0;
	size_t n;

	*status = v >= 0 && d->nodes[v].type == JSON_STRING && !d->nodes[v].escaped ?
		  tdxg_tcb_status_in_collateral(d->text + d->nodes[v].start,
						d->nodes[v].end - d->nodes[v].start, kind) : -1;
	if (*status < 0)
		return tdxg_errf(err, -EBADMSG, "%s.tcbStatus: %s is not a status %s", where, shown(d, v, b),
				 kind == TDXG_LEVEL_PLATFORM ? "a TCB level can have" :
				 "a QE or TDX module identity level can have");
	e = get_time(d, k, where, "tcbDate", date, err);
	if (e)
		return e;
	adv->first = s->nadvisories;
	adv->n = 0;
	v = json_get(d, k, "advisoryIDs");
	if (v < 0)
		return 0;
	if (d->nodes[v].type != JSON_ARRAY)
		return tdxg_errf(err, -EBADMSG, "%s.advisoryIDs is not an array", where);
	n = json_count(d, v);
	if (n > TDXG_MAX_ADVISORIES)
		return tdxg_errf(err, -EBADMSG, "%s.advisoryIDs: %zu IDs, more than %d", where, n,
				 TDXG_MAX_ADVISORIES);
	if (!n)
		return 0;
	ids = realloc(s->advisories, (s->nadvisories + n) * sizeof(*ids));
	if (!ids)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	s->advisories = ids;
	for (e = d->nodes[v].first; e >= 0; e = d->nodes[e].next, i++)
		if (json_str_decode(d, e, ids[s->nadvisories + i], TDXG_ADVISORY_ID_LEN) < 0)
			return tdxg_errf(err, -EBADMSG, "%s.advisoryIDs[%u]: %s is not a string of at "
					 "most %d bytes", where, i, shown(d, e, b), TDXG_ADVISORY_ID_LEN - 1);
	s->nadvisories += (unsigned)n;
	adv->n = (unsigned)n;
	return 0;
}

/* 16 entries of {"svn": N, ...}. */
static int get_components(const struct json_doc *d, int tcb, const char *key, uint8_t out[16])
{
	int a = json_get_typed(d, tcb, key, JSON_ARRAY), k, i = 0;
	int64_t v;

	if (a < 0 || json_count(d, a) != 16)
		return -1;
	for (k = d->nodes[a].first; k >= 0; k = d->nodes[k].next) {
		if (d->nodes[k].type != JSON_OBJECT || get_uint(d, k, "svn", 255, &v))
			return -1;
		out[i++] = (uint8_t)v;
	}
	return 0;
}

/*
 * Levels with {"tcb": {"isvsvn": N}, "tcbDate": ..., "tcbStatus": ...}, as
 * in QE and module identities (where names the array, as "tcbLevels"),
 * sorted highest ISVSVN first, no ISVSVN twice.
 */
static int get_isvsvn_levels(struct tdxg_signed_json *s, const struct json_doc *d, int arr,
			     const char *where, struct tdxg_module_level **out, size_t *n, int64_t max,
			     struct tdxg_err *err)
{
	struct tdxg_module_level *l;
	char at[64];
	int k, tcb, rc;
	int64_t v;
	size_t i = 0, j;

	if (arr < 0 || d->nodes[arr].type != JSON_ARRAY || !json_count(d, arr))
		return tdxg_errf(err, -EBADMSG, "%s is not a non-empty array", where);
	l = calloc(json_count(d, arr), sizeof(*l));
	if (!l)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	*out = l;
	for (k = d->nodes[arr].first; k >= 0; k = d->nodes[k].next, i++) {
		snprintf(at, sizeof(at), "%s[%zu]", where, i);
		tcb = json_get_typed(d, k, "tcb", JSON_OBJECT);
		if (tcb < 0 || get_uint(d, tcb, "isvsvn", max, &v))
			return tdxg_errf(err, -EBADMSG, "%s.tcb.isvsvn is not an integer 0..%lld", at,
					 (long long)max);
		l[i].isvsvn = (uint16_t)v;
		rc = get_level(s, d, k, TDXG_LEVEL_ISVSVN, at, &l[i].status, &l[i].tcb_date, &l[i].adv, err);
		if (rc)
			return rc;
	}
	*n = i;
	/* Highest ISVSVN first, so the first level not above ours is the match. */
	for (i = 1; i < *n; i++)
		for (j = i; j > 0 && l[j - 1].isvsvn < l[j].isvsvn; j--) {
			struct tdxg_module_level t = l[j];

			l[j] = l[j - 1];
			l[j - 1] = t;
		}
	for (i = 1; i < *n; i++)
		if (l[i].isvsvn == l[i - 1].isvsvn)
			return tdxg_errf(err, -EBADMSG, "%s: two levels for ISVSVN %u", where, l[i].isvsvn);
	return 0;
}

static int signed_json_init(struct tdxg_signed_json *s, struct json_doc *d, const char *text, size_t len,
			    const char *sig_hex, size_t sig_hex_len, struct tdxg_err *err)
{
	int rc;

	s->text = malloc(len + 1);
	if (!s->text)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	memcpy(s->text, text, len);
	s->text[len] = 0;
	s->len = len;
	if (tdxg_unhex(sig_hex, sig_hex_len, s->sig, 64))
		return tdxg_errf(err, -EBADMSG, "signature is not 128 hex digits");
	rc = json_parse(d, s->text, len, err);
	if (rc)
		return rc;
	if (d->nodes[0].type != JSON_OBJECT)
		return tdxg_errf(err, -EBADMSG, "signed document is not a JSON object");
	return 0;
}

static void signed_json_free(struct tdxg_signed_json *s)
{
	free(s->advisories);
	free(s->text);
}

static int cmp_levels(const void *a, const void *b)
{
	const struct tdxg_tcb_level *x = a, *y = b;
	int c = memcmp(y->sgx, x->sgx, 16);

	if (c)
		return c;
	if (x->pcesvn != y->pcesvn)
		return x->pcesvn < y->pcesvn ? 1 : -1;
	return memcmp(y->tdx, x->tdx, 16);
}

static int parse_tcb_info(struct tdxg_tcb_info *t, const struct json_doc *d, struct tdxg_err *err)
{
	char at[64];
	int64_t v;
	int lv, k, m, rc;
	size_t i;

	if (!json_str_eq(d, json_get(d, 0, "id"), "TDX"))
		return tdxg_errf(err, -EBADMSG, "id is not \"TDX\"");
	if (get_uint(d, 0, "version", 1000, &v) || v != 3)
		return tdxg_errf(err, -EBADMSG, "version is not 3");
	t->s.version = (int)v;
	rc = get_time(d, 0, "", "issueDate", &t->s.issue_date, err);
	if (!rc)
		rc = get_time(d, 0, "", "nextUpdate", &t->s.next_update, err);
	if (rc)
		return rc;
	if (get_hex(d, 0, "fmspc", t->fmspc, 6) || get_hex(d, 0, "pceId", t->pceid, 2))
		return tdxg_errf(err, -EBADMSG, "bad fmspc or pceId");
	if (get_uint(d, 0, "tcbType", 255, &v) || v != 0)
		return tdxg_errf(err, -EBADMSG, "tcbType is not 0");
	if (get_uint(d, 0, "tcbEvaluationDataNumber", UINT32_MAX, &v))
		return tdxg_errf(err, -EBADMSG, "bad tcbEvaluationDataNumber");
	t->eval_num = (uint32_t)v;
	/* Required in TDX TCB info v3 (QVL refuses the TCB info without it). */
	m = json_get_typed(d, 0, "tdxModule", JSON_OBJECT);
	if (m < 0)
		return tdxg_errf(err, -EBADMSG, "no tdxModule");
	if (get_hex(d, m, "mrsigner", t->mod_mrsigner, 48) ||
	    get_hex(d, m, "attributes", t->mod_attributes, 8) ||
	    get_hex(d, m, "attributesMask", t->mod_attributes_mask, 8))
		return tdxg_errf(err, -EBADMSG, "bad tdxModule");
	t->has_module = 1;
	m = json_get(d, 0, "tdxModuleIdentities");
	if (m >= 0) {
		if (d->nodes[m].type != JSON_ARRAY)
			return tdxg_errf(err, -EBADMSG, "tdxModuleIdentities is not an array");
		t->mods = calloc(json_count(d, m) + 1, sizeof(*t->mods));
		if (!t->mods)
			return tdxg_errf(err, -ENOMEM, "out of memory");
		for (k = d->nodes[m].first; k >= 0; k = d->nodes[k].next) {
			struct tdxg_module_identity *mi = &t->mods[t->nmods];

			snprintf(at, sizeof(at), "tdxModuleIdentities[%zu]", t->nmods++);
			if (json_str_decode(d, json_get(d, k, "id"), mi->id, sizeof(mi->id)) < 0 ||
			    get_hex(d, k, "mrsigner", mi->mrsigner, 48) ||
			    get_hex(d, k, "attributes", mi->attributes, 8) ||
			    get_hex(d, k, "attributesMask", mi->attributes_mask, 8))
				return tdxg_errf(err, -EBADMSG, "bad %s", at);
			strcat(at, ".tcbLevels");
			rc = get_isvsvn_levels(&t->s, d, json_get(d, k, "tcbLevels"), at, &mi->levels,
					       &mi->nlevels, 255, err);
			if (rc)
				return rc;
		}
	}
	lv = json_get_typed(d, 0, "tcbLevels", JSON_ARRAY);
	if (lv < 0 || !json_count(d, lv))
		return tdxg_errf(err, -EBADMSG, "no tcbLevels");
	t->levels = calloc(json_count(d, lv), sizeof(*t->levels));
	if (!t->levels)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	for (k = d->nodes[lv].first; k >= 0; k = d->nodes[k].next) {
		struct tdxg_tcb_level *l = &t->levels[t->nlevels];
		int tcb = json_get_typed(d, k, "tcb", JSON_OBJECT);

		snprintf(at, sizeof(at), "tcbLevels[%zu]", t->nlevels++);
		if (tcb < 0 || get_components(d, tcb, "sgxtcbcomponents", l->sgx) ||
		    get_components(d, tcb, "tdxtcbcomponents", l->tdx) ||
		    get_uint(d, tcb, "pcesvn", 65535, &v))
			return tdxg_errf(err, -EBADMSG, "bad %s.tcb", at);
		l->pcesvn = (uint16_t)v;
		rc = get_level(&t->s, d, k, TDXG_LEVEL_PLATFORM, at, &l->status, &l->tcb_date, &l->adv, err);
		if (rc)
			return rc;
	}
	qsort(t->levels, t->nlevels, sizeof(*t->levels), cmp_levels);
	/* Two levels for one TCB would leave the status to the sort order. */
	for (i = 1; i < t->nlevels; i++)
		if (!cmp_levels(&t->levels[i - 1], &t->levels[i]))
			return tdxg_errf(err, -EBADMSG, "two tcbLevels for the same TCB");
	return 0;
}

static int parse_qe_identity(struct tdxg_qe_identity *q, const struct json_doc *d, struct tdxg_err *err)
{
	int64_t v;
	int rc;

	if (!json_str_eq(d, json_get(d, 0, "id"), "TD_QE"))
		return tdxg_errf(err, -EBADMSG, "id is not \"TD_QE\"");
	if (get_uint(d, 0, "version", 1000, &v) || v != 2)
		return tdxg_errf(err, -EBADMSG, "version is not 2");
	q->s.version = (int)v;
	rc = get_time(d, 0, "", "issueDate", &q->s.issue_date, err);
	if (!rc)
		rc = get_time(d, 0, "", "nextUpdate", &q->s.next_update, err);
	if (rc)
		return rc;
	if (get_uint(d, 0, "tcbEvaluationDataNumber", UINT32_MAX, &v))
		return tdxg_errf(err, -EBADMSG, "bad tcbEvaluationDataNumber");
	q->eval_num = (uint32_t)v;
	/*
	 * miscselect is the report's 4 bytes as they are in the report (so
	 * "01000000" is the little-endian u32 1), as QVL and dcap-qvl read it.
	 */
	if (get_hex(d, 0, "miscselect", q->miscselect, 4))
		return tdxg_errf(err, -EBADMSG, "bad miscselect");
	if (get_hex(d, 0, "miscselectMask", q->miscselect_mask, 4))
		return tdxg_errf(err, -EBADMSG, "bad miscselectMask");
	if (get_hex(d, 0, "attributes", q->attributes, 16) ||
	    get_hex(d, 0, "attributesMask", q->attributes_mask, 16) ||
	    get_hex(d, 0, "mrsigner", q->mrsigner, 32))
		return tdxg_errf(err, -EBADMSG, "bad attributes, attributesMask or mrsigner");
	if (get_uint(d, 0, "isvprodid", 65535, &v))
		return tdxg_errf(err, -EBADMSG, "bad isvprodid");
	q->isvprodid = (uint16_t)v;
	return get_isvsvn_levels(&q->s, d, json_get(d, 0, "tcbLevels"), "tcbLevels", &q->levels,
				 &q->nlevels, 65535, err);
}

static void tcb_info_free(struct tdxg_tcb_info *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nmods; i++)
		free(t->mods[i].levels);
	free(t->mods);
	free(t->levels);
	signed_json_free(&t->s);
	free(t);
}

static void qe_identity_free(struct tdxg_qe_identity *q)
{
	if (!q)
		return;
	free(q->levels);
	signed_json_free(&q->s);
	free(q);
}

struct tdxg_collateral *tdxg_collateral_new(void)
{
	struct tdxg_collateral *c = calloc(1, sizeof(struct tdxg_collateral));

	if (c && pthread_mutex_init(&c->lock, NULL)) {
		free(c);
		return NULL;
	}
	return c;
}

void tdxg_collateral_free(struct tdxg_collateral *c)
{
	int i;

	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	tdxg_cert_put(c->checked_root);
	tcb_info_free(c->tcb);
	qe_identity_free(c->qe);
	for (i = 0; i < c->ncrls; i++) {
		tdxg_crl_free(c->crls[i]);
		tdxg_cert_put(c->crl_issuer[i]);
	}
	for (i = 0; i < c->npool; i++) {
		tdxg_cert_put(c->pool[i]);
		free(c->pool_der[i]);
	}
	tdxg_cert_put(c->tcb_signer);
	tdxg_cert_put(c->qe_signer);
	free(c);
}

/* PEM certificates -> pool (deduplicated), and their indexes as a chain. */
static int add_pem(struct tdxg_collateral *c, const uint8_t *pem, size_t len,
		   int *chain, int *nchain, int max, struct tdxg_err *err)
{
	uint8_t *der[8];
	size_t dl[8];
	int n, i, k, rc = 0;

	n = tdxg_pem_certs(pem, len, der, dl, 8, err);
	if (n < 0)
		return n;
	/* A chain cut short would be checked as another chain: refuse it. */
	if (chain && n > max - *nchain) {
		for (i = 0; i < n; i++)
			free(der[i]);
		return tdxg_errf(err, -E2BIG, "an issuer chain of %d certificates (at most %d)",
				 *nchain + n, max);
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < c->npool; k++)
			if (c->pool_len[k] == dl[i] && !memcmp(c->pool_der[k], der[i], dl[i]))
				break;
		if (k == c->npool) {
			if (c->npool == TDXG_MAX_POOL) {
				rc = tdxg_errf(err, -E2BIG, "too many certificates in the collateral");
				free(der[i]);
				continue;
			}
			c->pool_der[k] = der[i];
			c->pool_len[k] = dl[i];
			c->npool++;
		} else {
			free(der[i]);
		}
		if (chain)
			chain[(*nchain)++] = k;
	}
	return rc;
}

static int add_crl_der(struct tdxg_collateral *c, const uint8_t *der, size_t len, struct tdxg_err *err)
{
	struct tdxg_err e;
	struct tdxg_crl *crl;
	int i;

	if (c->ncrls == TDXG_MAX_CRLS)
		return tdxg_errf(err, -E2BIG, "too many CRLs");
	/* A NULL pointer carries no errno: take it from our own tdxg_err. */
	crl = tdxg_crl_from_der(der, len, &e);
	if (!crl)
		return tdxg_errf(err, e.code, "%s", e.msg);
	for (i = 0; i < c->ncrls; i++)
		if (tdxg_name_eq(c->crls[i]->issuer, crl->issuer)) {
			tdxg_crl_free(crl);
			return tdxg_errf(err, -EEXIST, "two CRLs from the same issuer");
		}
	c->crls[c->ncrls++] = crl;
	return 0;
}

static int add_crl_hex(struct tdxg_collateral *c, const char *hex, size_t n, struct tdxg_err *err)
{
	uint8_t *der;
	int rc;

	if (n % 2 || !n)
		return tdxg_errf(err, -EBADMSG, "CRL hex has odd length");
	der = malloc(n / 2);
	if (!der)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	rc = tdxg_unhex(hex, n, der, n / 2) ? tdxg_errf(err, -EBADMSG, "CRL is not hex") :
	     add_crl_der(c, der, n / 2, err);
	free(der);
	return rc;
}

static const char *str_span(const struct json_doc *d, int obj, const char *key, size_t *n)
{
	int v = json_get_typed(d, obj, key, JSON_STRING);

	if (v < 0 || d->nodes[v].escaped)
		return NULL;
	*n = d->nodes[v].end - d->nodes[v].start;
	return d->text + d->nodes[v].start;
}

/* A JSON string member, unescaped into a new buffer. */
static char *str_dup(const struct json_doc *d, int obj, const char *key, size_t *n)
{
	int v = json_get_typed(d, obj, key, JSON_STRING);
	size_t cap;
	char *s;
	long l;

	if (v < 0)
		return NULL;
	cap = d->nodes[v].end - d->nodes[v].start + 1;
	s = malloc(cap);
	if (!s)
		return NULL;
	l = json_str_decode(d, v, s, cap);
	if (l < 0) {
		free(s);
		return NULL;
	}
	*n = (size_t)l;
	return s;
}

/* Two string members with the same JSON text (hence the same value). */
static int same_string(const struct json_doc *d, const char *key1, const char *key2)
{
	int a = json_get_typed(d, 0, key1, JSON_STRING), b = json_get_typed(d, 0, key2, JSON_STRING);
	size_t la, lb;

	if (a < 0 || b < 0)
		return 0;
	la = d->nodes[a].end - d->nodes[a].start;
	lb = d->nodes[b].end - d->nodes[b].start;
	return la == lb && !memcmp(d->text + d->nodes[a].start, d->text + d->nodes[b].start, la);
}

static int add_tcb_info(struct tdxg_collateral *c, const char *text, size_t len,
			const char *sig, size_t sl, struct tdxg_err *err)
{
	struct json_doc d = { 0 };
	struct tdxg_err e;
	int rc;

	if (c->tcb)
		return tdxg_errf(err, -EEXIST, "TCB info given twice");
	c->tcb = calloc(1, sizeof(*c->tcb));
	if (!c->tcb)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	rc = signed_json_init(&c->tcb->s, &d, text, len, sig, sl, &e);
	if (!rc)
		rc = parse_tcb_info(c->tcb, &d, &e);
	json_free(&d);
	if (rc)
		return tdxg_errf(err, rc, "TCB info: %s", e.msg);
	return 0;
}

static int add_qe_identity(struct tdxg_collateral *c, const char *text, size_t len,
			   const char *sig, size_t sl, struct tdxg_err *err)
{
	struct json_doc d = { 0 };
	struct tdxg_err e;
	int rc;

	if (c->qe)
		return tdxg_errf(err, -EEXIST, "QE identity given twice");
	c->qe = calloc(1, sizeof(*c->qe));
	if (!c->qe)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	rc = signed_json_init(&c->qe->s, &d, text, len, sig, sl, &e);
	if (!rc)
		rc = parse_qe_identity(c->qe, &d, &e);
	json_free(&d);
	if (rc)
		return tdxg_errf(err, rc, "QE identity: %s", e.msg);
	return 0;
}

static int add_bundle(struct tdxg_collateral *c, const struct json_doc *d, struct tdxg_err *err)
{
	static const char *const keys[] = {
		"tcb_info", "tcb_info_signature", "tcb_info_issuer_chain", "qe_identity",
		"qe_identity_signature", "qe_identity_issuer_chain", "root_ca_crl", "pck_crl",
		"pck_crl_issuer_chain",
	};
	size_t n, sl, i;
	const char *sig, *s;
	struct tdxg_err e;
	char *text;
	int rc;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_get_typed(d, 0, keys[i], JSON_STRING) < 0)
			return tdxg_errf(err, -EBADMSG, "collateral bundle: no string member \"%s\"", keys[i]);

	text = str_dup(d, 0, "tcb_info", &n);
	sig = str_span(d, 0, "tcb_info_signature", &sl);
	rc = !text || !sig ? tdxg_errf(err, -EBADMSG, "collateral bundle: bad tcb_info") :
	     add_tcb_info(c, text, n, sig, sl, err);
	free(text);
	if (rc)
		return rc;
	text = str_dup(d, 0, "qe_identity", &n);
	sig = str_span(d, 0, "qe_identity_signature", &sl);
	rc = !text || !sig ? tdxg_errf(err, -EBADMSG, "collateral bundle: bad qe_identity") :
	     add_qe_identity(c, text, n, sig, sl, err);
	free(text);
	if (rc)
		return rc;

	text = str_dup(d, 0, "tcb_info_issuer_chain", &n);
	rc = !text ? tdxg_errf(&e, -EBADMSG, "not a string") :
	     add_pem(c, (uint8_t *)text, n, c->tcb->s.chain, &c->tcb->s.nchain, 4, &e);
	free(text);
	if (rc)
		return tdxg_errf(err, rc, "tcb_info_issuer_chain: %s", e.msg);
	/* Intel signs both with the same certificate: decode that chain once. */
	if (same_string(d, "qe_identity_issuer_chain", "tcb_info_issuer_chain")) {
		memcpy(c->qe->s.chain, c->tcb->s.chain, sizeof(c->qe->s.chain));
		c->qe->s.nchain = c->tcb->s.nchain;
	} else {
		text = str_dup(d, 0, "qe_identity_issuer_chain", &n);
		rc = !text ? tdxg_errf(&e, -EBADMSG, "not a string") :
		     add_pem(c, (uint8_t *)text, n, c->qe->s.chain, &c->qe->s.nchain, 4, &e);
		free(text);
		if (rc)
			return tdxg_errf(err, rc, "qe_identity_issuer_chain: %s", e.msg);
	}
	text = str_dup(d, 0, "pck_crl_issuer_chain", &n);
	rc = !text ? tdxg_errf(&e, -EBADMSG, "not a string") :
	     add_pem(c, (uint8_t *)text, n, NULL, NULL, 0, &e);
	free(text);
	if (rc)
		return tdxg_errf(err, rc, "pck_crl_issuer_chain: %s", e.msg);
	s = str_span(d, 0, "root_ca_crl", &n);
	rc = !s ? tdxg_errf(&e, -EBADMSG, "not a plain string") : add_crl_hex(c, s, n, &e);
	if (rc)
		return tdxg_errf(err, rc, "root_ca_crl: %s", e.msg);
	s = str_span(d, 0, "pck_crl", &n);
	rc = !s ? tdxg_errf(&e, -EBADMSG, "not a plain string") : add_crl_hex(c, s, n, &e);
	if (rc)
		return tdxg_errf(err, rc, "pck_crl: %s", e.msg);
	return 0;
}

/* Percent-decoding of PCS issuer-chain headers (pcs.c too). */
uint8_t *tdxg_url_decode(const uint8_t *s, size_t n, size_t *out_len)
{
	uint8_t *o = malloc(n + 1);
	size_t i, k = 0;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			uint8_t b;

			if (i + 2 >= n || tdxg_unhex((const char *)s + i + 1, 2, &b, 1)) {
				free(o);
				return NULL;
			}
			o[k++] = b;
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	*out_len = k;
	return o;
}

static const char pem_crl_begin[] = "-----BEGIN X509 CRL-----";

static int add_json(struct tdxg_collateral *c, const char *text, size_t len, struct tdxg_err *err)
{
	struct json_doc d;
	const char *sig;
	size_t sl;
	int v, rc;

	rc = json_parse(&d, text, len, err);
	if (rc)
		return rc;
	if (d.nodes[0].type != JSON_OBJECT) {
		rc = tdxg_errf(err, -EBADMSG, "collateral JSON is not an object");
	} else if (json_get(&d, 0, "tcb_info") >= 0) {
		rc = add_bundle(c, &d, err);
	} else if ((v = json_get_typed(&d, 0, "tcbInfo", JSON_OBJECT)) >= 0) {
		/* Intel signs the exact bytes of the tcbInfo value. */
		sig = str_span(&d, 0, "signature", &sl);
		rc = !sig ? tdxg_errf(err, -EBADMSG, "TCB info response has no signature") :
		     add_tcb_info(c, text + d.nodes[v].start, d.nodes[v].end - d.nodes[v].start,
				  sig, sl, err);
	} else if ((v = json_get_typed(&d, 0, "enclaveIdentity", JSON_OBJECT)) >= 0) {
		sig = str_span(&d, 0, "signature", &sl);
		rc = !sig ? tdxg_errf(err, -EBADMSG, "QE identity response has no signature") :
		     add_qe_identity(c, text + d.nodes[v].start, d.nodes[v].end - d.nodes[v].start,
				     sig, sl, err);
	} else {
		rc = tdxg_errf(err, -EBADMSG, "JSON is neither a collateral bundle nor a PCS TCB info/QE identity response");
	}
	json_free(&d);
	return rc;
}

int tdxg_collateral_add(struct tdxg_collateral *c, const void *buf, size_t len,
			struct tdxg_err *err)
{
	const uint8_t *p = buf;
	size_t i = 0, n;
	uint8_t *dec;
	int rc;

	if (!c || !buf)
		return tdxg_errf(err, -EINVAL, "no collateral");
	if (__atomic_load_n(&c->checked, __ATOMIC_ACQUIRE))
		return tdxg_errf(err, -EBUSY, "collateral already in use");
	while (i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
		i++;
	if (i == len)
		return tdxg_errf(err, -EBADMSG, "collateral file is empty");
	if (p[i] == '{')
		return add_json(c, buf, len, err);
	if (p[0] == 0x30)
		return add_crl_der(c, p, len, err);
	/* PCS sends issuer chains URL-encoded in a header: "-----BEGIN%20CERTIFICATE..." */
	if ((len - i >= 3 && !memcmp(p + i, "%2D", 3)) ||
	    (len - i >= 13 && !memcmp(p + i, "-----BEGIN%20", 13))) {
		dec = tdxg_url_decode(p, len, &n);
		if (!dec)
			return tdxg_errf(err, -EBADMSG, "bad URL-encoded issuer chain");
		rc = add_pem(c, dec, n, NULL, NULL, 0, err);
		free(dec);
		return rc;
	}
	if (len - i >= sizeof(pem_crl_begin) - 1 && !memcmp(p + i, pem_crl_begin, sizeof(pem_crl_begin) - 1)) {
		const uint8_t *b = p + i + sizeof(pem_crl_begin) - 1;
		const uint8_t *e = memmem(b, len - (b - p), "-----END X509 CRL-----", 22);
		EVP_ENCODE_CTX *ctx;
		int ol = 0, fl = 0;

		if (!e)
			return tdxg_errf(err, -EBADMSG, "PEM CRL has no END line");
		dec = malloc((e - b) + 3);
		ctx = EVP_ENCODE_CTX_new();
		rc = !dec || !ctx;
		if (!rc) {
			EVP_DecodeInit(ctx);
			rc = EVP_DecodeUpdate(ctx, dec, &ol, b, (int)(e - b)) < 0 ||
			     EVP_DecodeFinal(ctx, dec + ol, &fl) != 1;
		}
		rc = rc ? tdxg_errf(err, -EBADMSG, "PEM CRL: bad base64") :
		     add_crl_der(c, dec, (size_t)(ol + fl), err);
		EVP_ENCODE_CTX_free(ctx);
		free(dec);
		return rc;
	}
	if (len - i >= 5 && !memcmp(p + i, "-----", 5))
		return add_pem(c, p, len, NULL, NULL, 0, err);
	n = len;
	while (n > i && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n - i >= 4 && !memcmp(p + i, "3082", 4))
		return add_crl_hex(c, (const char *)p + i, n - i, err);
	return tdxg_errf(err, -EBADMSG, "unrecognised collateral (not JSON, PEM, DER or hex CRL)");
}
