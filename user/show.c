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

int show_tdreport(const unsigned char *buf, unsigned long len, int json, const char *name)
{
	const struct tdxg_tdreport *r;
	const struct tdxg_field *fields;
	int tcb_ok = 0, info_ok = 0;
	size_t n, i;

	if (tdxg_tdreport_parse(buf, len, &r)) {
		cli_err("%s: not a TDREPORT (%lu bytes, need %d with type 0x%02x)", name, len, TDXG_REPORT_LEN,
			TDXG_REPORT_TYPE_TDX);
		return TDXG_EXIT_INVALID;
	}
	if (tdxg_tdreport_check_hashes(r, &tcb_ok, &info_ok)) {
		cli_err("SHA-384 unavailable");
		return TDXG_EXIT_IO;
	}
	fields = tdxg_tdreport_fields(&n);
	if (json) {
		out_json_open();
		printf("\n  \"type\": \"tdreport\",\n");
		printf("  \"report_subtype\": %u,\n  \"report_version\": %u,\n",
		       r->reportmac.report_type[1], r->reportmac.report_type[2]);
		for (i = 0; i < n; i++) {
			printf("  \"%s\": ", fields[i].name);
			out_json_hex(stdout, buf + fields[i].offset, fields[i].size);
			printf(",\n");
		}
		printf("  \"tee_tcb_info_hash_valid\": %s,\n", tcb_ok ? "true" : "false");
		printf("  \"tee_info_hash_valid\": %s\n}\n", info_ok ? "true" : "false");
		return TDXG_EXIT_OK;
	}
	printf("TDREPORT: type 0x%02x (TDX), subtype %u, version %u\n",
	       r->reportmac.report_type[0], r->reportmac.report_type[1],
	       r->reportmac.report_type[2]);
	for (i = 0; i < n; i++) {
		printf("  %-20s ", fields[i].name);
		out_hex(stdout, buf + fields[i].offset, fields[i].size);
		if (!strcmp(fields[i].name, "tee_tcb_info_hash"))
			printf(tcb_ok ? " (matches TEE_TCB_INFO)" : " (DOES NOT match TEE_TCB_INFO)");
		else if (!strcmp(fields[i].name, "tee_info_hash"))
			printf(info_ok ? " (matches TDINFO)" : " (DOES NOT match TDINFO)");
		putchar('\n');
	}
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
			usage(stdout);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind != argc - 1)
		return usage_err(usage, optind == argc ? "no FILE given" : "one FILE only, not '%s'",
				 argv[argc - 1]);
	path = argv[optind];
	ret = read_binary_input(NULL, path, SHOW_MAX, &buf, &len);
	if (ret)
		return ret;
	if (len == TDXG_REPORT_LEN && buf[0] == TDXG_REPORT_TYPE_TDX)
		ret = show_tdreport(buf, len, json, path);
	else
		ret = show_quote(buf, len, json, path);
	free(buf);
	return ret;
}
