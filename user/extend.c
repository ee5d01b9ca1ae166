// SPDX-License-Identifier: MIT
/* tdxg extend: extend an RTMR with SHA-384 and record the event. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tdxg/tdxg.h>

#include "cli.h"

/* EV_IPL: "measurements by the OS loader or OS", a string by convention. */
#define DEFAULT_EVENT_TYPE	0x0000000d

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s extend --rtmr N (--digest HEX | --file F | --data STR)\n"
		"                 [--event-type T] [--event-data STR | --event-file F] [--json]\n"
		"Extends RTMR N (0..3) with a SHA-384 digest (given, or of F or STR) and\n"
		"records an event (default type EV_IPL; default data STR or F's name).\n"
		"Prints the new RTMR value.\n",
		tdxg_prog);
}

/* The value after our extend; another extend may already have followed. */
static int read_rtmr(struct tdxg_dev *dev, unsigned int rtmr, uint8_t value[TDXG_DIGEST_LEN])
{
	uint8_t zero[TDXG_REPORTDATA_LEN] = { 0 }, report[TDXG_REPORT_LEN];
	const struct tdxg_tdreport *r;
	char name[16];
	int ret;

	snprintf(name, sizeof(name), "rtmr%u:sha384", rtmr);
	if (tdxg_read_measurement(name, value) == 0)
		return 0;
	ret = tdxg_get_report(dev, zero, report);
	if (ret)
		return ret;
	ret = tdxg_tdreport_parse(report, sizeof(report), &r);
	if (ret)
		return ret;
	memcpy(value, r->tdinfo.rtmr[rtmr], TDXG_DIGEST_LEN);
	return 0;
}

/* The new value (NULL: not read back) on a line; with --json the digest
 * and event type too. */
static void render_extend(unsigned int rtmr, const uint8_t digest[TDXG_DIGEST_LEN], uint32_t event_type,
			  const uint8_t *value)
{
	print_open_object(NULL, PRINT_LINE);
	print_uint("rtmr", value ? "rtmr%s: " : NULL, rtmr);
	print_hex("digest", NULL, digest, TDXG_DIGEST_LEN);
	print_uint("event_type", NULL, event_type);
	if (value)
		print_hex("value", "%s\n", value, TDXG_DIGEST_LEN);
	else
		print_null("value", NULL);
	print_close_object();
}

/* Also what `tdxg --complete extend` lists, for the bash completion. */
const struct option extend_options[] = {
	{ "rtmr", required_argument, NULL, 'r' },
	{ "digest", required_argument, NULL, 'D' },
	{ "file", required_argument, NULL, 'f' },
	{ "data", required_argument, NULL, 'd' },
	{ "event-type", required_argument, NULL, 't' },
	{ "event-data", required_argument, NULL, 'e' },
	{ "event-file", required_argument, NULL, 'E' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_extend(int argc, char *argv[])
{
	const char *digest_hex = NULL, *file = NULL, *data = NULL;
	const char *event_str = NULL, *event_file = NULL;
	uint8_t digest[TDXG_DIGEST_LEN], value[TDXG_DIGEST_LEN];
	uint32_t event_type = DEFAULT_EVENT_TYPE;
	uint8_t *event_buf = NULL;
	const void *event_data = NULL;
	size_t event_size = 0, len;
	unsigned int rtmr = 0;
	int have_rtmr = 0, json = 0, c, ret;
	struct tdxg_dev *dev;

	while ((c = getopt_long(argc, argv, "r:h", extend_options, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (parse_rtmr(optarg, &rtmr)) {
				cli_err("--rtmr takes 0..3, not '%s'", optarg);
				return TDXG_EXIT_USAGE;
			}
			have_rtmr = 1;
			break;
		case 'D':
			digest_hex = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'd':
			data = optarg;
			break;
		case 't':
			if (tdxg_event_type_parse(optarg, &event_type)) {
				cli_err("unknown event type '%s'", optarg);
				return TDXG_EXIT_USAGE;
			}
			break;
		case 'e':
			event_str = optarg;
			break;
		case 'E':
			event_file = optarg;
			break;
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
	if (optind != argc)
		return usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if (!have_rtmr)
		return usage_err(usage, "--rtmr N is needed");
	print_set_json(json);
	if (!!digest_hex + !!file + !!data != 1)
		return usage_err(usage, "give exactly one of --digest, --file and --data");
	if (event_str && event_file)
		return usage_err(usage, "give at most one of --event-data and --event-file");

	if (digest_hex) {
		ret = parse_hex_arg("--digest", digest_hex, digest, sizeof(digest), &len);
		if (ret)
			return ret;
		if (len != sizeof(digest)) {
			cli_err("--digest: %zu bytes of hex, need 48 (SHA-384)", len);
			return TDXG_EXIT_USAGE;
		}
	} else if (file) {
		ret = sha384_input("--file", file, digest);
		if (ret)
			return ret;
		event_data = file;
		event_size = strlen(file);
	} else {
		ret = tdxg_sha384(data, strlen(data), digest);
		if (ret) {
			cli_err("SHA-384: %s", strerror(-ret));
			return TDXG_EXIT_IO;
		}
		event_data = data;
		event_size = strlen(data);
	}
	if (event_str) {
		event_data = event_str;
		event_size = strlen(event_str);
	} else if (event_file) {
		ret = read_input("--event-file", event_file, TDXG_EVENT_DATA_MAX, &event_buf, &event_size);
		if (ret)	/* over the event data limit is a usage error */
			return ret == TDXG_EXIT_INVALID ? TDXG_EXIT_USAGE : ret;
		event_data = event_buf;
	}
	if (event_size > TDXG_EVENT_DATA_MAX) {
		cli_err("event data is %zu bytes, the limit is %d", event_size, TDXG_EVENT_DATA_MAX);
		free(event_buf);
		return TDXG_EXIT_USAGE;
	}

	ret = open_device(&dev);
	if (ret) {
		free(event_buf);
		return ret;
	}
	ret = tdxg_extend(dev, rtmr, digest, event_type, event_data, event_size);
	free(event_buf);
	if (ret) {
		cli_err("%s: EXTEND rtmr%u: %s%s", tdxg_device_path(),
			rtmr, strerror(-ret),
			ret == -EPERM ? " (the RTMR is locked)" :
			ret == -ENOSPC ? " (the runtime event log is full)" : "");
		tdxg_close(dev);
		return exit_for_errno(ret);
	}
	ret = read_rtmr(dev, rtmr, value);
	tdxg_close(dev);
	/* The extend happened; only the echo may have failed. */
	if (ret)
		cli_err("rtmr%u extended, but reading it back failed: %s", rtmr, strerror(-ret));
	render_extend(rtmr, digest, event_type, ret ? NULL : value);
	return TDXG_EXIT_OK;
}
