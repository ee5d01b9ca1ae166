// SPDX-License-Identifier: MIT
/*
 * The relying party's policy on the TD, checked by tdxg_quote_verify()
 * after the signatures and the TCB status (so a library caller gets the
 * same checks as tdxg verify), and its JSON form (tdxg verify --policy).
 */
#include <endian.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "extstruct.h"
#include "json.h"
#include "hex.h"
#include "policy.h"
#include "verify_result.h"
#include <tdxg/verify.h>

static const struct expect_field {
	unsigned bit;
	const char *check, *name, *key;
	size_t len, opt_off, body_off;
} fields[] = {
#define F(bit, check, name, key, len, member) \
	{ bit, check, name, key, len, offsetof(struct tdxg_verify_opts, member), \
	  offsetof(struct tdxg_quote_body_td10, member) }
	F(TDXG_EXPECT_MRTD, "expect_mrtd", "MRTD", "mrtd", 48, mrtd),
	F(TDXG_EXPECT_MRCONFIGID, "expect_mrconfigid", "MRCONFIGID", "mrconfigid", 48, mrconfigid),
	F(TDXG_EXPECT_MROWNER, "expect_mrowner", "MROWNER", "mrowner", 48, mrowner),
	F(TDXG_EXPECT_MROWNERCONFIG, "expect_mrownerconfig", "MROWNERCONFIG", "mrownerconfig", 48,
	  mrownerconfig),
	F(TDXG_EXPECT_MRSEAM, "expect_mrseam", "MRSEAM", "mrseam", 48, mrseam),
	F(TDXG_EXPECT_MRSIGNERSEAM, "expect_mrsignerseam", "MRSIGNERSEAM", "mrsignerseam", 48,
	  mrsignerseam),
	F(TDXG_EXPECT_TD_ATTRIBUTES, "expect_td_attributes", "TDATTRIBUTES", "td_attributes", 8,
	  td_attributes),
	F(TDXG_EXPECT_XFAM, "expect_xfam", "XFAM", "xfam", 8, xfam),
#undef F
};

#define P TDXG_VERIFY_POLICY

static int nonzero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 1;
	return 0;
}

/*
 * go-tdx-guest check's header and TD 1.5 rules. A TD 1.0 body has no
 * MRSERVICETD or TEE_TCB_SVN2: where go-tdx-guest skips the rule, tdxg
 * fails it, as it fails a TCB it did not evaluate.
 */
static int td15_check(const struct tdxg_quote *q, const struct tdxg_verify_opts *o,
		      struct tdxg_verify_result *res)
{
	const struct tdxg_quote_body_td15 *b = q->body15;
	size_t i;

	if ((o->expect & TDXG_EXPECT_QE_VENDOR_ID) &&
	    memcmp(o->qe_vendor_id, q->header->qe_vendor_id, sizeof(o->qe_vendor_id)))
		return vfail(res, P, "expect_qe_vendor_id", "QE_VENDOR_ID differs from the expected value");
	if ((o->expect & TDXG_EXPECT_MRSERVICETD) && !b)
		return vfail(res, P, "expect_mrservicetd", "the quote's body is TD 1.0 (type %u): "
			     "it has no MRSERVICETD", q->body_type);
	if ((o->expect & TDXG_EXPECT_MRSERVICETD) && memcmp(o->mrservicetd, b->mrservicetd, 48))
		return vfail(res, P, "expect_mrservicetd", "MRSERVICETD differs from the expected value");
	if (!nonzero(o->min_tee_tcb_svn2, 16))
		return 0;
	if (!b)
		return vfail(res, P, "min_tee_tcb_svn2", "the quote's body is TD 1.0 (type %u): "
			     "it has no TEE_TCB_SVN2", q->body_type);
	for (i = 0; i < 16; i++)
		if (b->tee_tcb_svn2[i] < o->min_tee_tcb_svn2[i])
			return vfail(res, P, "min_tee_tcb_svn2", "TEE_TCB_SVN2[%zu] %u is below the minimum %u",
				     i, b->tee_tcb_svn2[i], o->min_tee_tcb_svn2[i]);
	return 0;
}

int tdxg_policy_check(const struct tdxg_quote *q, const struct tdxg_verify_opts *o, uint16_t pcesvn,
		      struct tdxg_verify_result *res)
{
	const struct tdxg_quote_body_td10 *b = q->body;
	const uint8_t *opts = (const uint8_t *)o, *body = (const uint8_t *)b;
	uint16_t qe_svn = le16toh(q->qe_report->isvsvn);
	size_t i;

	if (!o->allow_debug && (b->td_attributes[0] & 1))
		return vfail(res, P, "td_debug", "the TD is a debug TD (TDATTRIBUTES.DEBUG)");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if ((o->expect & fields[i].bit) &&
		    memcmp(opts + fields[i].opt_off, body + fields[i].body_off, fields[i].len))
			return vfail(res, P, fields[i].check, "%s differs from the expected value",
				     fields[i].name);
	for (i = 0; i < 4; i++)
		if ((o->expect & TDXG_EXPECT_RTMR(i)) && memcmp(o->rtmr[i], b->rtmr[i], 48))
			return vfail(res, P, "expect_rtmr", "RTMR%zu differs from the expected value", i);
	if ((o->expect & TDXG_EXPECT_REPORT_DATA) && memcmp(o->report_data, b->reportdata, 64))
		return vfail(res, P, "report_data", "REPORTDATA differs from the expected value");
	for (i = 0; i < 16; i++)
		if (b->tee_tcb_svn[i] < o->min_tee_tcb_svn[i])
			return vfail(res, P, "min_tee_tcb_svn", "TEE_TCB_SVN[%zu] %u is below the minimum %u",
				     i, b->tee_tcb_svn[i], o->min_tee_tcb_svn[i]);
	if (qe_svn < o->min_qe_svn)
		return vfail(res, P, "min_qe_svn", "QE ISVSVN %u is below the minimum %u", qe_svn,
			     o->min_qe_svn);
	if (pcesvn < o->min_pce_svn)
		return vfail(res, P, "min_pce_svn", "PCESVN %u is below the minimum %u", pcesvn,
			     o->min_pce_svn);
	return td15_check(q, o, res);
}

static int hex_member(const struct json_doc *d, int v, const char *key, uint8_t *out, size_t len,
		      struct tdxg_err *err)
{
	const struct json_node *n = &d->nodes[v];

	if (n->type != JSON_STRING || n->escaped || tdxg_unhex(d->text + n->start, n->end - n->start, out, len))
		return tdxg_errf(err, -EINVAL, "\"%s\" must be %zu bytes of hex", key, len);
	return 0;
}

static int uint_member(const struct json_doc *d, int v, const char *key, int64_t max, int64_t *out,
		       struct tdxg_err *err)
{
	if (json_int(d, v, out) || *out < 0 || *out > max)
		return tdxg_errf(err, -EINVAL, "\"%s\" must be an integer 0..%lld", key, (long long)max);
	return 0;
}

static int member(const struct json_doc *d, int k, struct tdxg_verify_opts *o, struct tdxg_err *err)
{
	const struct json_node *kn = &d->nodes[d->nodes[k].key];
	char key[32];
	int64_t v;
	size_t i;
	int e, rc;

	if (json_str_decode(d, d->nodes[k].key, key, sizeof(key)) < 0)
		return tdxg_errf(err, -EINVAL, "unknown key \"%.*s\"", (int)(kn->end - kn->start), d->text + kn->start);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(key, fields[i].key)) {
			rc = hex_member(d, k, key, (uint8_t *)o + fields[i].opt_off, fields[i].len, err);
			if (rc)
				return rc;
			o->expect |= fields[i].bit;
			return 0;
		}
	if (!strcmp(key, "rtmrs")) {
		if (d->nodes[k].type != JSON_ARRAY || json_count(d, k) != 4)
			return tdxg_errf(err, -EINVAL, "\"rtmrs\" must be an array of 4 (hex or null)");
		for (e = d->nodes[k].first, i = 0; e >= 0; e = d->nodes[e].next, i++) {
			if (d->nodes[e].type == JSON_NULL)
				continue;
			rc = hex_member(d, e, "rtmrs[]", o->rtmr[i], 48, err);
			if (rc)
				return rc;
			o->expect |= TDXG_EXPECT_RTMR(i);
		}
		return 0;
	}
	if (!strcmp(key, "report_data")) {
		rc = hex_member(d, k, key, o->report_data, 64, err);
		if (rc)
			return rc;
		o->expect |= TDXG_EXPECT_REPORT_DATA;
		return 0;
	}
	if (!strcmp(key, "min_tee_tcb_svn"))
		return hex_member(d, k, key, o->min_tee_tcb_svn, 16, err);
	if (!strcmp(key, "min_tee_tcb_svn2"))
		return hex_member(d, k, key, o->min_tee_tcb_svn2, 16, err);
	if (!strcmp(key, "qe_vendor_id") || !strcmp(key, "mrservicetd")) {
		int qe = key[0] == 'q';

		rc = hex_member(d, k, key, qe ? o->qe_vendor_id : o->mrservicetd, qe ? 16 : 48, err);
		if (rc)
			return rc;
		o->expect |= qe ? TDXG_EXPECT_QE_VENDOR_ID : TDXG_EXPECT_MRSERVICETD;
		return 0;
	}
	if (!strcmp(key, "min_qe_svn") || !strcmp(key, "min_pce_svn")) {
		rc = uint_member(d, k, key, 65535, &v, err);
		if (rc)
			return rc;
		*(key[4] == 'q' ? &o->min_qe_svn : &o->min_pce_svn) = (uint16_t)v;
		return 0;
	}
	if (!strcmp(key, "min_tcb_eval")) {
		rc = uint_member(d, k, key, UINT32_MAX, &v, err);
		if (rc)
			return rc;
		o->min_tcb_eval = (uint32_t)v;
		return 0;
	}
	if (!strcmp(key, "allow_debug")) {
		if (d->nodes[k].type != JSON_TRUE && d->nodes[k].type != JSON_FALSE)
			return tdxg_errf(err, -EINVAL, "\"allow_debug\" must be true or false");
		o->allow_debug = d->nodes[k].type == JSON_TRUE;
		return 0;
	}
	if (!strcmp(key, "accept")) {
		unsigned mask = 0;
		int st;

		if (d->nodes[k].type != JSON_ARRAY || !json_count(d, k))
			return tdxg_errf(err, -EINVAL, "\"accept\" must be a non-empty array of TCB statuses");
		for (e = d->nodes[k].first; e >= 0; e = d->nodes[e].next) {
			const struct json_node *n = &d->nodes[e];

			st = n->type == JSON_STRING && !n->escaped ?
			     tdxg_tcb_status_from_name(d->text + n->start, n->end - n->start) : -1;
			if (st < 0)
				return tdxg_errf(err, -EINVAL, "\"accept\": unknown TCB status");
			mask |= 1u << st;
		}
		o->accept_mask = mask;
		return 0;
	}
	return tdxg_errf(err, -EINVAL, "unknown key \"%s\"", key);
}

int tdxg_verify_policy_load(struct tdxg_verify_opts *o, const void *json, size_t len,
			    struct tdxg_err *err)
{
	struct tdxg_verify_opts t;
	struct json_doc d;
	struct tdxg_err je;
	size_t n;
	int k, rc;

	if (!o || !json)
		return tdxg_errf(err, -EINVAL, "no options or no policy");
	/* The size contract of tdxg_quote_verify: a policy set over opts that
	 * verify would refuse must not load either. */
	rc = tdxg_opts_in(&t, sizeof(t), o, TDXG_VERIFY_OPTS_SIZE_VER0);
	if (rc == -E2BIG)
		return tdxg_errf(err, rc, "options of %u bytes: a member this libtdxg does not know is set",
				 o->size);
	if (rc)
		return tdxg_errf(err, rc, "options of %u bytes: below the first published %u (set size)",
				 o->size, TDXG_VERIFY_OPTS_SIZE_VER0);
	/* Only what both sides know is written back. */
	n = o->size < sizeof(t) ? o->size : sizeof(t);
	rc = json_parse(&d, json, len, &je);
	if (rc)
		return tdxg_errf(err, rc == -ENOMEM ? rc : -EINVAL, "%s", je.msg);
	if (d.nodes[0].type != JSON_OBJECT)
		rc = tdxg_errf(err, -EINVAL, "the policy is not a JSON object");
	for (k = d.nodes[0].first; !rc && k >= 0; k = d.nodes[k].next)
		rc = member(&d, k, &t, err);
	json_free(&d);
	/* A key whose member is past the caller's struct is refused, not dropped. */
	if (!rc && nonzero((const uint8_t *)&t + n, sizeof(t) - n))
		rc = tdxg_errf(err, -EINVAL, "options of %u bytes: a key of this policy needs %zu "
			       "(TDXG_VERIFY_OPTS_SIZE_VER1)", o->size, sizeof(t));
	if (!rc)
		memcpy(o, &t, n);
	return rc;
}
