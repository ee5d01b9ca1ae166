// SPDX-License-Identifier: MIT
/* tdxg report: a TDREPORT over caller data, as binary, hex or decoded. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <tdxg/tdxg.h>

#include "cli.h"

enum format { FMT_TEXT, FMT_JSON, FMT_HEX, FMT_BINARY, FMT_NONE };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s report [--data HEX | --data-file F | --nonce] [-o|--output FILE]\n"
		"                 [--json | --hex | --binary]\n"
		"REPORTDATA is 64 bytes, zero-padded; --nonce uses random bytes.\n"
		"-o writes the raw 1024-byte TDREPORT to FILE.\n",
		tdxg_prog);
}

/* Also what `tdxg --complete report` lists, for the bash completion. */
const struct option report_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "data-file", required_argument, NULL, 'f' },
	{ "nonce", no_argument, NULL, 'n' },
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'j' },
	{ "hex", no_argument, NULL, 'x' },
	{ "binary", no_argument, NULL, 'b' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_report(int argc, char *argv[])
{
	uint8_t reportdata[TDXG_REPORTDATA_LEN] = { 0 }, report[TDXG_REPORT_LEN];
	const char *output = NULL, *data_file = NULL, *data_hex = NULL;
	enum format fmt = FMT_TEXT;
	int sources = 0, fmt_set = 0, nonce = 0, c, ret;
	struct tdxg_dev *dev;
	size_t len;

	while ((c = getopt_long(argc, argv, "o:h", report_options, NULL)) != -1) {
		switch (c) {
		case 'd':
			data_hex = optarg;
			sources++;
			break;
		case 'f':
			data_file = optarg;
			sources++;
			break;
		case 'n':
			nonce = 1;
			sources++;
			break;
		case 'o':
			output = optarg;
			break;
		case 'j':
		case 'x':
		case 'b':
			fmt = c == 'j' ? FMT_JSON : c == 'x' ? FMT_HEX : FMT_BINARY;
			fmt_set++;
			break;
		case 'h':
			print_help(usage);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind != argc)
		return usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if (sources > 1 || fmt_set > 1)
		return usage_err(usage, "give at most one of --data, --data-file, --nonce "
				 "and one output format");
	if (output && !fmt_set)
		fmt = FMT_NONE;

	if (data_hex) {
		ret = parse_hex_arg("--data", data_hex, reportdata, sizeof(reportdata), &len);
		if (ret)
			return ret;
	} else if (data_file) {
		uint8_t *buf;

		ret = read_input("--data-file", data_file, TDXG_REPORTDATA_LEN, &buf, &len);
		if (ret)	/* REPORTDATA over 64 bytes is a usage error */
			return ret == TDXG_EXIT_INVALID ? TDXG_EXIT_USAGE : ret;
		memcpy(reportdata, buf, len);
		free(buf);
	} else if (nonce) {
		if (getrandom(reportdata, sizeof(reportdata), 0) != sizeof(reportdata)) {
			cli_err("getrandom: %s", strerror(errno));
			return TDXG_EXIT_IO;
		}
	}

	ret = open_device(&dev);
	if (ret)
		return ret;
	ret = tdxg_get_report(dev, reportdata, report);
	tdxg_close(dev);
	if (ret) {
		cli_err("%s: GET_REPORT0: %s", tdxg_device_path(), strerror(-ret));
		return exit_for_errno(ret);
	}

	if (output) {
		ret = write_file(output, report, sizeof(report));
		if (ret) {
			cli_err("%s: %s", output, strerror(-ret));
			return TDXG_EXIT_IO;
		}
	}
	print_set_json(fmt == FMT_JSON);
	switch (fmt) {
	case FMT_TEXT:
	case FMT_JSON:
		return show_tdreport(report, sizeof(report), tdxg_device_path());
	case FMT_HEX:
		print_hex(NULL, "%s\n", report, sizeof(report));
		break;
	case FMT_BINARY:
		print_raw(report, sizeof(report));
		break;
	case FMT_NONE:
		break;
	}
	return TDXG_EXIT_OK;
}
