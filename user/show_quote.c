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

static const char *indent_of(int json)
{
	return json ? "    " : "  ";
}

/* One named byte field, in either format; first says whether a comma is due. */
static void field(int json, int *first, const char *name, const void *p, size_t n)
{
	if (json) {
		printf("%s\n    \"%s\": ", *first ? "" : ",", name);
		out_json_hex(stdout, p, n);
	} else {
		printf("%s%-20s ", indent_of(json), name);
		out_hex(stdout, p, n);
		putchar('\n');
	}
	*first = 0;
}

static void number(int json, int *first, const char *name, unsigned long v, int hex)
{
	if (json)
		printf("%s\n    \"%s\": %lu", *first ? "" : ",", name, v);
	else if (hex)
		printf("%s%-20s 0x%lx\n", indent_of(json), name, v);
	else
		printf("%s%-20s %lu\n", indent_of(json), name, v);
	*first = 0;
}

static void section(int json, int *open, const char *name)
{
	if (json)
		printf("%s  \"%s\": {", *open ? "\n  },\n" : "", name);
	else
		printf("%s:\n", name);
	*open = 1;
}

int show_quote(const unsigned char *buf, unsigned long len, int json, const char *name)
{
	struct tdxg_quote q;
	struct tdxg_pck_info pck;
	const struct tdxg_quote_header *h;
	char err[160], t1[32], t2[32];
	int first, open = 0, pck_ok, i;
	size_t k;

	if (tdxg_quote_parse(buf, len, &q, err, sizeof(err))) {
		cli_err("%s: not a TDREPORT or a valid TDX quote: %s", name, err);
		return TDXG_EXIT_INVALID;
	}
	pck_ok = !tdxg_quote_pck_info(&q, &pck, err, sizeof(err));
	h = q.header;
	if (json) {
		out_json_open();
		printf("\n  \"type\": \"quote\",\n  \"length\": %zu,\n  \"trailing_bytes\": %zu,\n",
		       q.len, q.trailing);
	} else {
		printf("DCAP quote v%u, %s body, %zu bytes (%zu trailing bytes ignored)\n", q.version,
		       q.body_type == 3 ? "TD 1.5" : "TD 1.0", q.len, q.trailing);
	}

	section(json, &open, "header");
	first = 1;
	number(json, &first, "version", le16toh(h->version), 0);
	number(json, &first, "att_key_type", le16toh(h->att_key_type), 0);
	number(json, &first, "tee_type", le32toh(h->tee_type), 1);
	number(json, &first, "qe_svn", le16toh(h->qe_svn), 0);
	number(json, &first, "pce_svn", le16toh(h->pce_svn), 0);
	field(json, &first, "qe_vendor_id", h->qe_vendor_id, 16);
	field(json, &first, "user_data", h->user_data, 20);

	section(json, &open, "body");
	first = 1;
	number(json, &first, "body_type", q.body_type, 0);
	for (k = 0; k < sizeof(td10_fields) / sizeof(td10_fields[0]); k++)
		field(json, &first, td10_fields[k].name, (const uint8_t *)q.body + td10_fields[k].off,
		      td10_fields[k].size);
	if (q.body15)
		for (k = 0; k < sizeof(td15_fields) / sizeof(td15_fields[0]); k++)
			field(json, &first, td15_fields[k].name,
			      (const uint8_t *)q.body15 + td15_fields[k].off, td15_fields[k].size);

	section(json, &open, "signature_data");
	first = 1;
	number(json, &first, "length", q.sig_data_len, 0);
	field(json, &first, "signature", q.signature, 64);
	field(json, &first, "attestation_key", q.attest_key, 64);
	number(json, &first, "cert_data_type", TDXG_CERT_TYPE_QE_REPORT, 0);
	number(json, &first, "cert_data_length", q.cert_data_len, 0);

	section(json, &open, "qe_report");
	first = 1;
	for (k = 0; k < 2; k++)
		field(json, &first, qe_fields[k].name, (const uint8_t *)q.qe_report + qe_fields[k].off,
		      qe_fields[k].size);
	number(json, &first, "miscselect", le32toh(q.qe_report->miscselect), 1);
	for (k = 2; k < 4; k++)
		field(json, &first, qe_fields[k].name, (const uint8_t *)q.qe_report + qe_fields[k].off,
		      qe_fields[k].size);
	number(json, &first, "isvprodid", le16toh(q.qe_report->isvprodid), 0);
	number(json, &first, "isvsvn", le16toh(q.qe_report->isvsvn), 0);
	field(json, &first, "reportdata", q.qe_report->reportdata, 64);
	field(json, &first, "qe_report_signature", q.qe_report_sig, 64);
	field(json, &first, "qe_auth_data", q.qe_auth, q.qe_auth_len);

	section(json, &open, "pck_chain");
	first = 1;
	number(json, &first, "cert_data_type", TDXG_CERT_TYPE_PCK_CHAIN, 0);
	number(json, &first, "length", q.pck_chain_len, 0);
	if (!pck_ok) {
		if (json)
			printf(",\n    \"error\": ");
		if (json)
			out_json_string(stdout, err, strlen(err));
		else
			printf("  error: %s\n", err);
	}
	if (json)
		printf(",\n    \"certificates\": [");
	for (i = 0; i < pck.ncerts; i++) {
		tdxg_format_time(pck.certs[i].not_before, t1, sizeof(t1));
		tdxg_format_time(pck.certs[i].not_after, t2, sizeof(t2));
		if (json) {
			printf("%s\n      {\"subject\": ", i ? "," : "");
			out_json_string(stdout, pck.certs[i].subject, strlen(pck.certs[i].subject));
			printf(", \"issuer\": ");
			out_json_string(stdout, pck.certs[i].issuer, strlen(pck.certs[i].issuer));
			printf(", \"not_before\": \"%s\", \"not_after\": \"%s\", \"ca\": %s}", t1, t2,
			       pck.certs[i].is_ca ? "true" : "false");
		} else {
			printf("  certificate %d:     %s\n", i + 1, pck.certs[i].subject);
			printf("    issuer             %s\n", pck.certs[i].issuer);
			printf("    valid              %s .. %s%s\n", t1, t2, pck.certs[i].is_ca ? " (CA)" : "");
		}
	}
	if (json)
		printf("%s]", pck.ncerts ? "\n    " : "");
	if (pck.ext_valid) {
		field(json, &first, "fmspc", pck.fmspc, 6);
		field(json, &first, "pceid", pck.pceid, 2);
		field(json, &first, "cpusvn", pck.cpusvn, 16);
		field(json, &first, "tcb_component_svns", pck.comp_svn, 16);
		number(json, &first, "pcesvn", pck.pcesvn, 0);
		field(json, &first, "ppid", pck.ppid, 16);
		number(json, &first, "sgx_type", (unsigned long)pck.sgx_type, 0);
	}
	if (json)
		printf("\n  }\n}\n");
	return pck_ok ? TDXG_EXIT_OK : TDXG_EXIT_INVALID;
}
