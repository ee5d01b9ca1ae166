// SPDX-License-Identifier: MIT
/* tdxg show: decode a TDREPORT here, anything else as a quote. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <tdxg/tdxg.h>

#include "cli.h"

/* Quotes with certification data are a few KiB; this bounds a bad FILE. */
#define SHOW_MAX	(16U << 20)

static void usage(FILE *f)
{
	fprintf(f, "Usage: %s show FILE [--json]\n"
		"Decodes a TDREPORT (1024 bytes, type 0x81) or a DCAP quote; FILE - reads stdin.\n",
		tdxg_prog);
}

/* Computed, then rendered: what show and report print of a TDREPORT. */
struct tdreport_view {
	const unsigned char *buf;
	const struct tdxg_tdreport *r;
	int tcb_ok, info_ok;
};

static void render_tdreport(const struct tdreport_view *v)
{
	const struct tdxg_field *fields;
	const uint8_t *type = v->r->reportmac.report_type;
	size_t n, i;

	fields = tdxg_tdreport_fields(&n);
	print_open_object(NULL, PRINT_BLOCK);
	print_text("TDREPORT: type 0x%02x (TDX), subtype %u, version %u\n", type[0], type[1], type[2]);
	print_string("type", NULL, "tdreport");
	print_uint("report_subtype", NULL, type[1]);
	print_uint("report_version", NULL, type[2]);
	for (i = 0; i < n; i++) {
		print_text("  %-20s ", fields[i].name);
		print_hex(fields[i].name, "%s", v->buf + fields[i].offset, fields[i].size);
		if (!strcmp(fields[i].name, "tee_tcb_info_hash"))
			print_text("%s", v->tcb_ok ? " (matches TEE_TCB_INFO)" : " (DOES NOT match TEE_TCB_INFO)");
		else if (!strcmp(fields[i].name, "tee_info_hash"))
			print_text("%s", v->info_ok ? " (matches TDINFO)" : " (DOES NOT match TDINFO)");
		print_text("\n");
	}
	print_bool("tee_tcb_info_hash_valid", NULL, v->tcb_ok);
	print_bool("tee_info_hash_valid", NULL, v->info_ok);
	print_close_object();
}

int show_tdreport(const unsigned char *buf, unsigned long len, const char *name)
{
	struct tdreport_view v = { .buf = buf };

	if (tdxg_tdreport_parse(buf, len, &v.r)) {
		cli_err("%s: not a TDREPORT (%lu bytes, need %d with type 0x%02x)", name, len, TDXG_REPORT_LEN,
			TDXG_REPORT_TYPE_TDX);
		return TDXG_EXIT_INVALID;
	}
	if (tdxg_tdreport_check_hashes(v.r, &v.tcb_ok, &v.info_ok)) {
		cli_err("SHA-384 unavailable");
		return TDXG_EXIT_IO;
	}
	render_tdreport(&v);
	return TDXG_EXIT_OK;
}

/* Also what `tdxg --complete show` lists, for the bash completion. */
const struct option show_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_show(int argc, char *argv[])
{
	const char *path;
	uint8_t *buf;
	size_t len;
	int json = 0, c, ret;

	while ((c = getopt_long(argc, argv, "jh", show_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			print_help(usage);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind != argc - 1)
		return usage_err(usage, optind == argc ? "no FILE given" : "one FILE only, not '%s'",
				 argv[argc - 1]);
	path = argv[optind];
	print_set_json(json);
	ret = read_binary_input(NULL, path, SHOW_MAX, &buf, &len);
	if (ret)
		return ret;
	if (len == TDXG_REPORT_LEN && buf[0] == TDXG_REPORT_TYPE_TDX)
		ret = show_tdreport(buf, len, path);
	else
		ret = show_quote(buf, len, path);
	free(buf);
	return ret;
}
