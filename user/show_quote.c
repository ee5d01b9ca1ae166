// SPDX-License-Identifier: MIT
/* tdxg show QUOTE: every field of a DCAP quote v4/v5 by name (no verification). */
#include <endian.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <tdxg/tdxg.h>

#include "cli.h"

struct field {
	const char *name;
	size_t off, size;
};

#define F(type, member) { #member, offsetof(type, member), sizeof(((type *)0)->member) }

static const struct field td10_fields[] = {
	F(struct tdxg_quote_body_td10, tee_tcb_svn),
	F(struct tdxg_quote_body_td10, mrseam),
	F(struct tdxg_quote_body_td10, mrsignerseam),
	F(struct tdxg_quote_body_td10, seam_attributes),
	F(struct tdxg_quote_body_td10, td_attributes),
	F(struct tdxg_quote_body_td10, xfam),
	F(struct tdxg_quote_body_td10, mrtd),
	F(struct tdxg_quote_body_td10, mrconfigid),
	F(struct tdxg_quote_body_td10, mrowner),
	F(struct tdxg_quote_body_td10, mrownerconfig),
	{ "rtmr0", offsetof(struct tdxg_quote_body_td10, rtmr[0]), 48 },
	{ "rtmr1", offsetof(struct tdxg_quote_body_td10, rtmr[1]), 48 },
	{ "rtmr2", offsetof(struct tdxg_quote_body_td10, rtmr[2]), 48 },
	{ "rtmr3", offsetof(struct tdxg_quote_body_td10, rtmr[3]), 48 },
	F(struct tdxg_quote_body_td10, reportdata),
};

static const struct field td15_fields[] = {
	F(struct tdxg_quote_body_td15, tee_tcb_svn2),
	F(struct tdxg_quote_body_td15, mrservicetd),
};

static const struct field qe_fields[] = {
	F(struct tdxg_enclave_report, cpusvn),
	F(struct tdxg_enclave_report, attributes),
	F(struct tdxg_enclave_report, mrenclave),
	F(struct tdxg_enclave_report, mrsigner),
	F(struct tdxg_enclave_report, reportdata),
};

/* Computed, then rendered. */
struct quote_view {
	struct tdxg_quote q;
	struct tdxg_pck_info pck;
	int pck_ok;
	struct tdxg_err err;
};

/* One named byte field or number: "  name  value" in text, "name": value in JSON. */
static void field(const char *name, const void *p, size_t n)
{
	print_text("  %-20s ", name);
	print_hex(name, "%s\n", p, n);
}

static void number(const char *name, unsigned long v)
{
	print_text("  %-20s ", name);
	print_uint(name, "%s\n", v);
}

static void xnumber(const char *name, unsigned long v)
{
	print_text("  %-20s ", name);
	print_xint(name, "%s\n", v);
}

static void fields(const struct field *f, size_t n, const void *base)
{
	size_t k;

	for (k = 0; k < n; k++)
		field(f[k].name, (const uint8_t *)base + f[k].off, f[k].size);
}

static void section(const char *name)
{
	print_open_object(name, PRINT_BLOCK);
	print_text("%s:\n", name);
}

static void render_header(const struct tdxg_quote *q)
{
	const struct tdxg_quote_header *h = q->header;
	size_t k;

	section("header");
	number("version", le16toh(h->version));
	number("att_key_type", le16toh(h->att_key_type));
	xnumber("tee_type", le32toh(h->tee_type));
	number("qe_svn", le16toh(h->qe_svn));
	number("pce_svn", le16toh(h->pce_svn));
	field("qe_vendor_id", h->qe_vendor_id, 16);
	field("user_data", h->user_data, 20);
	print_close_object();

	section("body");
	number("body_type", q->body_type);
	fields(td10_fields, sizeof(td10_fields) / sizeof(td10_fields[0]), q->body);
	if (q->body15)
		fields(td15_fields, sizeof(td15_fields) / sizeof(td15_fields[0]), q->body15);
	else	/* every key in every outcome: a TD 1.0 body has none of these */
		for (k = 0; k < sizeof(td15_fields) / sizeof(td15_fields[0]); k++)
			print_null(td15_fields[k].name, NULL);
	print_close_object();
}

static void render_signature(const struct tdxg_quote *q)
{
	section("signature_data");
	number("length", q->sig_data_len);
	field("signature", q->signature, 64);
	field("attestation_key", q->attest_key, 64);
	number("cert_data_type", TDXG_CERT_TYPE_QE_REPORT);
	number("cert_data_length", q->cert_data_len);
	print_close_object();

	section("qe_report");
	fields(qe_fields, 2, q->qe_report);
	xnumber("miscselect", le32toh(q->qe_report->miscselect));
	fields(qe_fields + 2, 2, q->qe_report);
	number("isvprodid", le16toh(q->qe_report->isvprodid));
	number("isvsvn", le16toh(q->qe_report->isvsvn));
	field("reportdata", q->qe_report->reportdata, 64);
	field("qe_report_signature", q->qe_report_sig, 64);
	field("qe_auth_data", q->qe_auth, q->qe_auth_len);
	print_close_object();
}

static void render_pck(const struct quote_view *v)
{
	const struct tdxg_pck_info *pck = &v->pck;
	int i;

	section("pck_chain");
	number("cert_data_type", TDXG_CERT_TYPE_PCK_CHAIN);
	number("length", v->q.pck_chain_len);
	print_string("error", v->pck_ok ? NULL : "  error: %s\n", v->pck_ok ? NULL : v->err.msg);
	print_open_array("certificates", PRINT_BLOCK);
	for (i = 0; i < pck->ncerts; i++) {
		print_open_object(PRINT_ELEM, PRINT_LINE);
		print_text("  certificate %d:     ", i + 1);
		print_string("subject", "%s\n", pck->certs[i].subject);
		print_string("issuer", "    issuer             %s\n", pck->certs[i].issuer);
		print_time("not_before", "    valid              %s", pck->certs[i].not_before);
		print_time("not_after", " .. %s", pck->certs[i].not_after);
		print_bool("ca", NULL, pck->certs[i].is_ca);
		print_text("%s\n", pck->certs[i].is_ca ? " (CA)" : "");
		print_close_object();
	}
	print_close_array();
	if (pck->ext_valid) {
		field("fmspc", pck->fmspc, 6);
		field("pceid", pck->pceid, 2);
		field("cpusvn", pck->cpusvn, 16);
		field("tcb_component_svns", pck->comp_svn, 16);
		number("pcesvn", pck->pcesvn);
		field("ppid", pck->ppid, 16);
		number("sgx_type", (unsigned long)pck->sgx_type);
	} else {
		static const char *const ext_keys[] = {
			"fmspc", "pceid", "cpusvn", "tcb_component_svns", "pcesvn", "ppid", "sgx_type",
		};

		for (i = 0; i < (int)(sizeof(ext_keys) / sizeof(ext_keys[0])); i++)
			print_null(ext_keys[i], NULL);
	}
	print_close_object();
}

static void render_quote(const struct quote_view *v)
{
	const struct tdxg_quote *q = &v->q;

	print_open_object(NULL, PRINT_BLOCK);
	print_text("DCAP quote v%u, %s body, %zu bytes (%zu trailing bytes ignored)\n", q->version,
		   q->body_type == 3 ? "TD 1.5" : "TD 1.0", q->len, q->trailing);
	print_string("type", NULL, "quote");
	print_uint("length", NULL, q->len);
	print_uint("trailing_bytes", NULL, q->trailing);
	render_header(q);
	render_signature(q);
	render_pck(v);
	print_close_object();
}

int show_quote(const unsigned char *buf, unsigned long len, const char *name)
{
	struct quote_view v;

	memset(&v, 0, sizeof(v));
	tdxg_pck_info_init(&v.pck);
	if (tdxg_quote_parse(buf, len, &v.q, &v.err)) {
		cli_err("%s: not a TDREPORT or a valid TDX quote: %s", name, v.err.msg);
		return TDXG_EXIT_INVALID;
	}
	v.pck_ok = !tdxg_quote_pck_info(&v.q, &v.pck, &v.err);
	render_quote(&v);
	return v.pck_ok ? TDXG_EXIT_OK : TDXG_EXIT_INVALID;
}
