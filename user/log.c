// SPDX-License-Identifier: MIT
/*
 * tdxg log: print the CCEL and the runtime event log, replay them into
 * RTMR0..3 and compare with a TDREPORT or a quote.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <tdxg/tdxg.h>

#include "cli.h"

#define LOG_FILE_MAX	(64U << 20)
#define QUOTE_FILE_MAX	(16U << 20)
/* Text output shortens event data; --json carries all of it. */
#define TEXT_DATA_MAX	120
/* A fresh report races with concurrent extends; retry this often. */
#define REPORT_TRIES	5

struct source {
	const char *kind;		/* "ccel" or "runtime" */
	enum tdxg_log_format format;
	char path[4096];
	uint8_t *buf;
	size_t len;
	struct tdxg_event_log log;
	int loaded;
};

enum against { AGAINST_NONE, AGAINST_REPORT, AGAINST_QUOTE };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s log [--ccel] [--runtime] [--ccel-file F] [--log-file F]\n"
		"              [--replay] [--against report [FILE] | --against quote FILE]\n"
		"              [--events] [--json]\n"
		"Prints the firmware CCEL and the tdxg runtime event log; --replay\n"
		"replays them into RTMR0..3 and --against compares the result.\n",
		tdxg_prog);
}

static void release(struct source *s)
{
	tdxg_event_log_free(&s->log);
	free(s->buf);
	s->buf = NULL;
	s->loaded = 0;
}

/* Returns an exit code; prints the error naming the path. */
static int load(struct source *s, const char *file, int optional)
{
	int ret;

	if (file) {
		snprintf(s->path, sizeof(s->path), "%s", strcmp(file, "-") ? file : "stdin");
		ret = read_input(NULL, file, LOG_FILE_MAX, &s->buf, &s->len);
		if (ret)
			return ret;
	} else if (s->format == TDXG_LOG_CCEL) {
		ret = tdxg_read_ccel(&s->buf, &s->len, s->path, sizeof(s->path));
	} else {
		snprintf(s->path, sizeof(s->path), "%s/event_log", tdxg_sysfs_path());
		ret = tdxg_read_runtime_log(&s->buf, &s->len);
	}
	if (ret == -ENOENT && optional)
		return TDXG_EXIT_OK;
	if (ret) {
		cli_err("%s: %s", s->path, strerror(-ret));
		if (ret == -EFBIG)
			return TDXG_EXIT_INVALID;
		/* A file the user named is an I/O matter; a system log that is
		 * missing means the module or the firmware table is. */
		return file ? TDXG_EXIT_IO : exit_for_errno(ret);
	}
	ret = tdxg_event_log_parse(s->buf, s->len, s->format, &s->log);
	if (ret) {
		cli_err("%s: malformed %s event log at offset %zu (%s)", s->path, s->kind,
			s->log.bad_offset, strerror(-ret));
		free(s->buf);
		s->buf = NULL;
		return ret == -ENOMEM ? TDXG_EXIT_IO : TDXG_EXIT_INVALID;
	}
	s->loaded = 1;
	return TDXG_EXIT_OK;
}

static int printable(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] < 0x20 || p[i] > 0x7e) && p[i] != '\n' && p[i] != '\t')
			return 0;
	return n > 0;
}

static size_t strip_nul(const uint8_t *p, size_t n)
{
	while (n && p[n - 1] == 0)
		n--;
	return n;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/*
 * A readable summary of the event data for the types whose data has a
 * known shape, written to buf. UEFI variable names are UTF-16; only their
 * ASCII subset is kept, which covers the names firmware measures.
 */
static void describe(const struct tdxg_event *ev, char *buf, size_t size)
{
	const uint8_t *d = ev->data;
	size_t n = ev->data_size, i, o = 0;

	buf[0] = 0;
	switch (ev->event_type) {
	case 0x80000001: /* EV_EFI_VARIABLE_DRIVER_CONFIG */
	case 0x80000002: /* EV_EFI_VARIABLE_BOOT */
	case 0x8000000c: /* EV_EFI_VARIABLE_BOOT2 */
	case 0x800000e0: /* EV_EFI_VARIABLE_AUTHORITY */
		/* UEFI_VARIABLE_DATA: GUID, u64 name chars, u64 data size, name */
		if (n >= 32) {
			uint64_t chars = le64(d + 16);

			if (chars <= (n - 32) / 2 && chars < size - 1) {
				for (i = 0; i < chars && o + 1 < size; i++) {
					uint16_t ch = (uint16_t)(d[32 + 2 * i] | d[33 + 2 * i] << 8);

					buf[o++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
				}
				buf[o] = 0;
				return;
			}
		}
		break;
	case 0x8000000a: /* EV_EFI_PLATFORM_FIRMWARE_BLOB2 */
	case 0x8000000b: /* EV_EFI_HANDOFF_TABLES2 */
		/* u8 description size, then the description */
		if (n >= 1 && d[0] <= n - 1 && printable(d + 1, strip_nul(d + 1, d[0]))) {
			snprintf(buf, size, "%.*s", (int)strip_nul(d + 1, d[0]), (const char *)d + 1);
			return;
		}
		break;
	case 0x80000006: /* EV_EFI_GPT_EVENT */
		if (n >= 8 && !memcmp(d, "EFI PART", 8)) {
			snprintf(buf, size, "GPT header and partition entries");
			return;
		}
		break;
	case 0x00000004: /* EV_SEPARATOR */
		if (n == 4) {
			snprintf(buf, size, "%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
			return;
		}
		break;
	}
	n = strip_nul(d, n);
	if (printable(d, n)) {
		FILE *f = fmemopen(buf, size, "w");

		if (f) {
			out_text(f, d, n > TEXT_DATA_MAX ? TEXT_DATA_MAX : n);
			if (n > TEXT_DATA_MAX)
				fputs("...", f);
			fclose(f);
		}
		return;
	}
	if (ev->data_size)
		snprintf(buf, size, "(%u bytes)", ev->data_size);
}

static const char *mr_name(uint32_t mr_index, char *buf, size_t size)
{
	if (mr_index == 0)
		return "MRTD";
	snprintf(buf, size, "RTMR%u", mr_index - 1);
	return buf;
}

static void print_events_text(const struct source *s)
{
	size_t i, j;

	for (i = 0; i < s->log.nr_events; i++) {
		const struct tdxg_event *ev = &s->log.events[i];
		const char *name = tdxg_event_type_name(ev->event_type);
		char mr[16], type[16], desc[512];

		if (!name) {
			snprintf(type, sizeof(type), "0x%08x", ev->event_type);
			name = type;
		}
		describe(ev, desc, sizeof(desc));
		printf("%4zu  %-5s  %-32s", i + 1, mr_name(ev->mr_index, mr, sizeof(mr)), name);
		for (j = 0; j < ev->digest_count; j++) {
			const char *alg = tdxg_alg_name(ev->digests[j].alg);

			if (alg)
				printf("  %s:", alg);
			else
				printf("  alg-0x%04x:", ev->digests[j].alg);
			out_hex(stdout, ev->digests[j].value, ev->digests[j].size);
		}
		if (desc[0])
			printf("  %s", desc);
		putchar('\n');
	}
}

static void print_events_json(const struct source *s)
{
	size_t i, j;

	for (i = 0; i < s->log.nr_events; i++) {
		const struct tdxg_event *ev = &s->log.events[i];
		const char *name = tdxg_event_type_name(ev->event_type);
		char desc[512];

		describe(ev, desc, sizeof(desc));
		printf("%s\n        {\"index\": %zu, \"offset\": %zu, \"mr_index\": %u, ",
		       i ? "," : "", i + 1, ev->offset, ev->mr_index);
		if (ev->mr_index)
			printf("\"rtmr\": %u, ", ev->mr_index - 1);
		printf("\"event_type\": %u, \"event_type_name\": ", ev->event_type);
		if (name)
			out_json_string(stdout, name, strlen(name));
		else
			printf("null");
		printf(", \"digests\": {");
		for (j = 0; j < ev->digest_count; j++) {
			const char *alg = tdxg_alg_name(ev->digests[j].alg);
			char key[16];

			if (!alg) {
				snprintf(key, sizeof(key), "0x%04x", ev->digests[j].alg);
				alg = key;
			}
			printf("%s\"%s\": ", j ? ", " : "", alg);
			out_json_hex(stdout, ev->digests[j].value, ev->digests[j].size);
		}
		printf("}, \"data\": ");
		out_json_hex(stdout, ev->data, ev->data_size);
		printf(", \"description\": ");
		out_json_string(stdout, desc, strlen(desc));
		printf("}");
	}
}

static int expected_from_file(enum against kind, const char *path,
			      uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN])
{
	const struct tdxg_tdreport *r;
	char why[256] = "";
	uint8_t *buf;
	size_t len;
	int ret;

	ret = read_binary_input(NULL, path, QUOTE_FILE_MAX, &buf, &len);
	if (ret)
		return ret;
	if (kind == AGAINST_QUOTE) {
		struct tdxg_quote q;

		/* Only the body is used; `tdxg verify` judges the signatures. */
		ret = tdxg_quote_parse(buf, len, &q, why, sizeof(why));
		if (!ret)
			memcpy(rtmr, q.body->rtmr, sizeof(q.body->rtmr));
	} else {
		ret = tdxg_tdreport_parse(buf, len, &r);
		if (ret)
			snprintf(why, sizeof(why), "not a TDREPORT (%zu bytes, need %d with type 0x%02x)",
				 len, TDXG_REPORT_LEN, TDXG_REPORT_TYPE_TDX);
		else
			memcpy(rtmr, r->tdinfo.rtmr, sizeof(r->tdinfo.rtmr));
	}
	free(buf);
	if (ret) {
		cli_err("%s: %s", path,
			why[0] ? why : "malformed quote");
		return TDXG_EXIT_INVALID;
	}
	return TDXG_EXIT_OK;
}

static int same_log(const struct source *s, const uint8_t *buf, size_t len)
{
	return s->len == len && (!len || !memcmp(s->buf, buf, len));
}

/*
 * A fresh TDREPORT, taken while the runtime log stays unchanged, so the
 * report and the log describe the same sequence of extends.
 */
static int expected_from_device(struct source *runtime, uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN])
{
	uint8_t zero[TDXG_REPORTDATA_LEN] = { 0 }, report[TDXG_REPORT_LEN];
	const struct tdxg_tdreport *r;
	struct tdxg_dev *dev;
	int ret, tries;

	ret = open_device(&dev);
	if (ret)
		return ret;
	for (tries = 0; tries < REPORT_TRIES; tries++) {
		uint8_t *buf;
		size_t len;
		int stable;

		ret = tdxg_get_report(dev, zero, report);
		if (ret) {
			cli_err("%s: GET_REPORT0: %s", tdxg_device_path(), strerror(-ret));
			tdxg_close(dev);
			return exit_for_errno(ret);
		}
		if (!runtime->loaded)
			break;
		ret = tdxg_read_runtime_log(&buf, &len);
		if (ret)
			break;	/* the log read before is the best we have */
		stable = same_log(runtime, buf, len);
		if (stable) {
			free(buf);
			break;
		}
		release(runtime);
		runtime->buf = buf;
		runtime->len = len;
		ret = tdxg_event_log_parse(buf, len, runtime->format, &runtime->log);
		if (ret) {
			cli_err("%s: malformed runtime event log (%s)", runtime->path, strerror(-ret));
			tdxg_close(dev);
			return TDXG_EXIT_INVALID;
		}
		runtime->loaded = 1;
	}
	tdxg_close(dev);
	if (tdxg_tdreport_parse(report, sizeof(report), &r)) {
		cli_err("%s returned a malformed TDREPORT", tdxg_device_path());
		return TDXG_EXIT_IO;
	}
	memcpy(rtmr, r->tdinfo.rtmr, sizeof(r->tdinfo.rtmr));
	return TDXG_EXIT_OK;
}

/* Also what `tdxg --complete log` lists, for the bash completion. */
const struct option log_options[] = {
	{ "ccel", no_argument, NULL, 'c' },
	{ "runtime", no_argument, NULL, 'r' },
	{ "ccel-file", required_argument, NULL, 'C' },
	{ "log-file", required_argument, NULL, 'L' },
	{ "replay", no_argument, NULL, 'R' },
	{ "against", required_argument, NULL, 'a' },
	{ "events", no_argument, NULL, 'e' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_log(int argc, char *argv[])
{
	struct source src[2] = {
		{ .kind = "ccel", .format = TDXG_LOG_CCEL },
		{ .kind = "runtime", .format = TDXG_LOG_RUNTIME },
	};
	struct source *ccel = &src[0], *runtime = &src[1];
	const char *ccel_file = NULL, *log_file = NULL, *against_file = NULL;
	uint8_t replayed[TDXG_NR_RTMR][TDXG_DIGEST_LEN], expected[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	int want_ccel = 0, want_runtime = 0, replay = 0, events = 0, json = 0;
	enum against against = AGAINST_NONE;
	int c, ret = TDXG_EXIT_OK, i, bad = -1, first;
	unsigned int first_bad;
	size_t total = 0;

	/* "+": stop at the first non-option, so --against can take FILE. */
	while ((c = getopt_long(argc, argv, "+h", log_options, NULL)) != -1) {
		switch (c) {
		case 'c':
			want_ccel = 1;
			break;
		case 'r':
			want_runtime = 1;
			break;
		case 'C':
			ccel_file = optarg;
			want_ccel = 1;
			break;
		case 'L':
			log_file = optarg;
			want_runtime = 1;
			break;
		case 'R':
			replay = 1;
			break;
		case 'a':
			if (!strcmp(optarg, "report"))
				against = AGAINST_REPORT;
			else if (!strcmp(optarg, "quote"))
				against = AGAINST_QUOTE;
			else {
				return usage_err(usage, "--against takes 'report' or 'quote', not '%s'",
						 optarg);
			}
			against_file = NULL;
			if (optind < argc && is_operand(argv[optind]))
				against_file = argv[optind++];
			replay = 1;
			break;
		case 'e':
			events = 1;
			break;
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
	if (optind != argc)
		return usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if (against == AGAINST_QUOTE && !against_file)
		return usage_err(usage, "--against quote needs a FILE");
	if (!replay)
		events = 1;

	/* Neither chosen: both system logs, and a machine without a CCEL is fine. */
	if (!want_ccel && !want_runtime) {
		ret = load(ccel, NULL, 1);
		if (!ret)
			ret = load(runtime, NULL, 0);
	} else {
		if (want_ccel)
			ret = load(ccel, ccel_file, 0);
		if (!ret && want_runtime)
			ret = load(runtime, log_file, 0);
	}
	if (ret)
		goto out;

	if (against == AGAINST_REPORT && !against_file)
		ret = expected_from_device(runtime, expected);
	else if (against != AGAINST_NONE)
		ret = expected_from_file(against, against_file, expected);
	if (ret)
		goto out;

	if (replay) {
		memset(replayed, 0, sizeof(replayed));
		for (i = 0; i < 2; i++) {
			size_t at = 0;
			int r;

			if (!src[i].loaded)
				continue;
			r = tdxg_replay(&src[i].log, replayed, &at);
			if (r) {
				cli_err("%s: event %zu cannot be replayed (no SHA-384 digest or MR index 0)",
					src[i].path, at + 1);
				ret = r == -EINVAL ? TDXG_EXIT_INVALID : TDXG_EXIT_IO;
				goto out;
			}
		}
	}
	if (against != AGAINST_NONE)
		bad = tdxg_rtmr_compare(replayed, expected, (1U << TDXG_NR_RTMR) - 1, &first_bad) ?
		      (int)first_bad : -1;

	for (i = 0; i < 2; i++)
		total += src[i].loaded ? src[i].log.nr_events : 0;

	if (json) {
		out_json_open();
		printf("\n  \"logs\": [");
		first = 1;
		for (i = 0; i < 2; i++) {
			if (!src[i].loaded)
				continue;
			printf("%s\n    {\"source\": \"%s\", \"path\": ", first ? "" : ",", src[i].kind);
			out_json_string(stdout, src[i].path, strlen(src[i].path));
			printf(", \"size\": %zu, \"used\": %zu, \"event_count\": %zu",
			       src[i].len, src[i].log.used, src[i].log.nr_events);
			if (events) {
				printf(", \"events\": [");
				print_events_json(&src[i]);
				printf("\n      ]");
			}
			printf("}");
			first = 0;
		}
		printf("\n  ],\n  \"event_count\": %zu", total);
		if (replay) {
			printf(",\n  \"replayed\": {");
			for (i = 0; i < TDXG_NR_RTMR; i++) {
				printf("%s\"rtmr%d\": ", i ? ", " : "", i);
				out_json_hex(stdout, replayed[i], TDXG_DIGEST_LEN);
			}
			printf("}");
		}
		if (against != AGAINST_NONE) {
			printf(",\n  \"against\": {\"kind\": \"%s\", \"path\": ",
			       against == AGAINST_QUOTE ? "quote" : "report");
			if (against_file)
				out_json_string(stdout, against_file, strlen(against_file));
			else
				out_json_string(stdout, tdxg_device_path(), strlen(tdxg_device_path()));
			for (i = 0; i < TDXG_NR_RTMR; i++) {
				printf(", \"rtmr%d\": ", i);
				out_json_hex(stdout, expected[i], TDXG_DIGEST_LEN);
			}
			printf("},\n  \"match\": %s,\n  \"first_mismatch\": ", bad < 0 ? "true" : "false");
			if (bad < 0)
				printf("null");
			else
				printf("\"RTMR%d\"", bad);
		}
		printf("\n}\n");
	} else {
		for (i = 0; i < 2; i++) {
			if (!src[i].loaded)
				continue;
			printf("%s log %s: %zu events\n", src[i].kind, src[i].path,
			       src[i].log.nr_events);
			if (events)
				print_events_text(&src[i]);
		}
		if (!ccel->loaded && !want_ccel && !want_runtime)
			printf("ccel log: none found\n");
		if (replay) {
			printf("replayed %zu events\n", total);
			for (i = 0; i < TDXG_NR_RTMR; i++) {
				printf("RTMR%d  ", i);
				out_hex(stdout, replayed[i], TDXG_DIGEST_LEN);
				if (against != AGAINST_NONE) {
					int same = !memcmp(replayed[i], expected[i], TDXG_DIGEST_LEN);

					printf("  %s", same ? "match" : "MISMATCH");
					if (!same) {
						printf(", %s has ", against == AGAINST_QUOTE ? "quote" : "report");
						out_hex(stdout, expected[i], TDXG_DIGEST_LEN);
					}
				}
				putchar('\n');
			}
		}
	}
	if (against != AGAINST_NONE) {
		if (bad >= 0) {
			cli_err("RTMR%d replayed from the log differs from the %s", bad, against == AGAINST_QUOTE ? "quote" : "TDREPORT");
			ret = TDXG_EXIT_MISMATCH;
		} else if (!json) {
			printf("RTMR0..RTMR3 all match the %s\n",
			       against == AGAINST_QUOTE ? "quote" : "TDREPORT");
		}
	}
out:
	release(ccel);
	release(runtime);
	return ret;
}
