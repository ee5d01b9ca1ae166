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

/* One event: a line of text, or an object on a line. */
static void render_event(const struct tdxg_event *ev, size_t i)
{
	const char *name = tdxg_event_type_name(ev->event_type);
	char mr[16], type[16], key[16], desc[512];
	size_t j;

	snprintf(type, sizeof(type), "0x%08x", ev->event_type);
	describe(ev, desc, sizeof(desc));
	print_open_object(PRINT_ELEM, PRINT_LINE);
	print_uint("index", "%4s", i + 1);
	print_uint("offset", NULL, ev->offset);
	print_uint("mr_index", NULL, ev->mr_index);
	if (ev->mr_index)
		print_uint("rtmr", NULL, ev->mr_index - 1);
	else
		print_null("rtmr", NULL);	/* MRTD: no RTMR */
	print_text("  %-5s  %-32s", mr_name(ev->mr_index, mr, sizeof(mr)), name ? name : type);
	print_uint("event_type", NULL, ev->event_type);
	print_string("event_type_name", NULL, name);
	print_open_object("digests", PRINT_LINE);
	for (j = 0; j < ev->digest_count; j++) {
		const char *alg = tdxg_alg_name(ev->digests[j].alg);

		snprintf(key, sizeof(key), "0x%04x", ev->digests[j].alg);
		print_text(alg ? "  %s:" : "  alg-%s:", alg ? alg : key);
		print_hex(alg ? alg : key, "%s", ev->digests[j].value, ev->digests[j].size);
	}
	print_close_object();
	print_hex("data", NULL, ev->data, ev->data_size);
	print_string("description", desc[0] ? "  %s" : NULL, desc);
	print_text("\n");
	print_close_object();
}

static int expected_from_file(enum against kind, const char *path,
			      uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN])
{
	const struct tdxg_tdreport *r;
	struct tdxg_err why = { 0 };
	uint8_t *buf;
	size_t len;
	int ret;

	ret = read_binary_input(NULL, path, QUOTE_FILE_MAX, &buf, &len);
	if (ret)
		return ret;
	if (kind == AGAINST_QUOTE) {
		struct tdxg_quote q;

		/* Only the body is used; `tdxg verify` judges the signatures. */
		ret = tdxg_quote_parse(buf, len, &q, &why);
		if (!ret)
			memcpy(rtmr, q.body->rtmr, sizeof(q.body->rtmr));
	} else {
		ret = tdxg_tdreport_parse(buf, len, &r);
		if (ret)
			snprintf(why.msg, sizeof(why.msg), "not a TDREPORT (%zu bytes, need %d with type 0x%02x)",
				 len, TDXG_REPORT_LEN, TDXG_REPORT_TYPE_TDX);
		else
			memcpy(rtmr, r->tdinfo.rtmr, sizeof(r->tdinfo.rtmr));
	}
	free(buf);
	if (ret) {
		cli_err("%s: %s", path,
			why.msg[0] ? why.msg : "malformed quote");
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
static int expected_from_device(struct source *runtime, uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
				uint32_t *foreign, int *foreign_known)
{
	struct tdxg_info info;
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
	/* After the report, so it was compared too: who else extended (0 if unknown). */
	*foreign = 0;
	*foreign_known = 0;
	if (!tdxg_get_info(dev, &info) && (info.flags & TDXG_INFO_FOREIGN_WATCH)) {
		*foreign = info.foreign_mask;
		*foreign_known = 1;
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

struct log_opts {
	int want_ccel, want_runtime, replay, events, json;
	const char *ccel_file, *log_file, *against_file;
	enum against against;
};

/* What log computes before it prints anything. */
struct log_run {
	struct source src[2];		/* ccel, runtime */
	uint8_t replayed[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	uint32_t foreign;	/* INFO foreign_mask, against this TD's report */
	int foreign_known;	/* the module watched (TDXG_INFO_FOREIGN_WATCH) */
	uint8_t expected[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	int bad;			/* first RTMR that differs, or -1 */
	size_t total;
	/* The first event tdxg's policies cannot have let through, if any. */
	const struct source *hist_src;
	const struct tdxg_event *hist_ev;
	size_t hist_index;		/* from 1, as the events are listed */
	const char *hist_why;
};

/* 0, an exit code, or -1 after --help. */
static int log_args(int argc, char *argv[], struct log_opts *o)
{
	int c;

	/* "+": stop at the first non-option, so --against can take FILE. */
	while ((c = getopt_long(argc, argv, "+h", log_options, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->want_ccel = 1;
			break;
		case 'r':
			o->want_runtime = 1;
			break;
		case 'C':
			o->ccel_file = optarg;
			o->want_ccel = 1;
			break;
		case 'L':
			o->log_file = optarg;
			o->want_runtime = 1;
			break;
		case 'R':
			o->replay = 1;
			break;
		case 'a':
			if (!strcmp(optarg, "report"))
				o->against = AGAINST_REPORT;
			else if (!strcmp(optarg, "quote"))
				o->against = AGAINST_QUOTE;
			else
				return usage_err(usage, "--against takes 'report' or 'quote', not '%s'", optarg);
			o->against_file = NULL;
			if (optind < argc && is_operand(argv[optind]))
				o->against_file = argv[optind++];
			o->replay = 1;
			break;
		case 'e':
			o->events = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'h':
			print_help(usage);
			return -1;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind != argc)
		return usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if (o->against == AGAINST_QUOTE && !o->against_file)
		return usage_err(usage, "--against quote needs a FILE");
	if (!o->replay)
		o->events = 1;
	return TDXG_EXIT_OK;
}

static int log_load(const struct log_opts *o, struct log_run *r)
{
	int ret = TDXG_EXIT_OK;

	/* Neither chosen: both system logs, and a machine without a CCEL is fine. */
	if (!o->want_ccel && !o->want_runtime) {
		ret = load(&r->src[0], NULL, 1);
		if (!ret)
			ret = load(&r->src[1], NULL, 0);
		return ret;
	}
	if (o->want_ccel)
		ret = load(&r->src[0], o->ccel_file, 0);
	if (!ret && o->want_runtime)
		ret = load(&r->src[1], o->log_file, 0);
	return ret;
}

/*
 * Runs every register's history through tdxg's policy machine, as tdxg
 * verify does: a log the module cannot write (anything after a LOCKED
 * marker, a second extend under once) replays as well as any other, so
 * the replay alone would not show the bypass.
 */
static int check_history(struct log_run *r)
{
	struct tdxg_seal_state seals;
	int i, ret;

	tdxg_seal_init(&seals);
	for (i = 0; i < 2; i++) {
		const struct source *s = &r->src[i];
		size_t at = 0;

		if (!s->loaded)
			continue;
		ret = tdxg_seal_add(&seals, &s->log, &at);
		if (ret == -EPERM) {
			r->hist_src = s;
			r->hist_ev = &s->log.events[at];
			r->hist_index = at + 1;
			r->hist_why = tdxg_seal_why(&seals, r->hist_ev->mr_index - 1);
			return TDXG_EXIT_OK;
		}
		if (ret) {
			cli_err("%s: event %zu has a policy marker's digest or label but not both",
				s->path, at + 1);
			return ret == -EINVAL ? TDXG_EXIT_INVALID : TDXG_EXIT_IO;
		}
	}
	return TDXG_EXIT_OK;
}

static int log_compute(const struct log_opts *o, struct log_run *r)
{
	unsigned int first_bad;
	int ret, i;

	ret = log_load(o, r);
	if (!ret && o->against == AGAINST_REPORT && !o->against_file)
		ret = expected_from_device(&r->src[1], r->expected, &r->foreign, &r->foreign_known);
	else if (!ret && o->against != AGAINST_NONE)
		ret = expected_from_file(o->against, o->against_file, r->expected);
	if (ret)
		return ret;
	memset(r->replayed, 0, sizeof(r->replayed));
	for (i = 0; o->replay && i < 2; i++) {
		size_t at = 0;

		if (!r->src[i].loaded)
			continue;
		ret = tdxg_replay(&r->src[i].log, r->replayed, &at);
		if (ret) {
			cli_err("%s: event %zu cannot be replayed (no SHA-384 digest or MR index 0)",
				r->src[i].path, at + 1);
			return ret == -EINVAL ? TDXG_EXIT_INVALID : TDXG_EXIT_IO;
		}
	}
	if (o->replay) {
		ret = check_history(r);
		if (ret)
			return ret;
	}
	r->bad = -1;
	if (o->against != AGAINST_NONE &&
	    tdxg_rtmr_compare(r->replayed, r->expected, (1U << TDXG_NR_RTMR) - 1, &first_bad))
		r->bad = (int)first_bad;
	for (i = 0; i < 2; i++)
		r->total += r->src[i].loaded ? r->src[i].log.nr_events : 0;
	return TDXG_EXIT_OK;
}

static void render_logs(const struct log_opts *o, const struct log_run *r)
{
	size_t e;
	int i;

	print_open_array("logs", PRINT_BLOCK);
	for (i = 0; i < 2; i++) {
		const struct source *s = &r->src[i];

		if (!s->loaded)
			continue;
		print_open_object(PRINT_ELEM, PRINT_LINE);
		print_string("source", "%s log ", s->kind);
		print_string("path", "%s: ", s->path);
		print_uint("size", NULL, s->len);
		print_uint("used", NULL, s->log.used);
		print_uint("event_count", "%s events\n", s->log.nr_events);
		if (o->events) {
			print_open_array("events", PRINT_BLOCK);
			for (e = 0; e < s->log.nr_events; e++)
				render_event(&s->log.events[e], e);
			print_close_array();
		} else {
			print_null("events", NULL);	/* not asked for (--events) */
		}
		print_close_object();
	}
	print_close_array();
	if (!r->src[0].loaded && !o->want_ccel && !o->want_runtime)
		print_text("ccel log: none found\n");
}

/* The replayed registers; against a report or quote, what it has and whether they match. */
static void render_replay(const struct log_opts *o, const struct log_run *r)
{
	const char *kind = o->against == AGAINST_QUOTE ? "quote" : "report";
	char key[16];
	int i;

	print_open_object("replayed", PRINT_LINE);
	for (i = 0; i < TDXG_NR_RTMR; i++) {
		int same = !memcmp(r->replayed[i], r->expected[i], TDXG_DIGEST_LEN);

		snprintf(key, sizeof(key), "rtmr%d", i);
		print_text("RTMR%d  ", i);
		print_hex(key, "%s", r->replayed[i], TDXG_DIGEST_LEN);
		if (o->against != AGAINST_NONE) {
			print_text("  %s", same ? "match" : "MISMATCH");
			if (!same && (r->foreign & (1u << i)))
				print_text(" (extended outside tdxg's log)");
			if (!same) {
				print_text(", %s has ", kind);
				print_hex(NULL, "%s", r->expected[i], TDXG_DIGEST_LEN);
			}
		}
		print_text("\n");
	}
	print_close_object();
	if (o->against == AGAINST_NONE) {
		print_null("against", NULL);
		print_null("match", NULL);
		print_null("first_mismatch", NULL);
		return;
	}
	print_open_object("against", PRINT_LINE);
	print_string("kind", NULL, kind);
	print_string("path", NULL, o->against_file ? o->against_file : tdxg_device_path());
	for (i = 0; i < TDXG_NR_RTMR; i++) {
		snprintf(key, sizeof(key), "rtmr%d", i);
		print_hex(key, NULL, r->expected[i], TDXG_DIGEST_LEN);
	}
	/* Only this TD's module knows: null against a file or a quote. */
	if (r->foreign_known)
		print_bit_array("foreign_extend", r->foreign, TDXG_NR_RTMR);
	else
		print_null("foreign_extend", NULL);
	print_close_object();
	print_bool("match", NULL, r->bad < 0);
	if (r->bad < 0) {
		print_null("first_mismatch", NULL);
		print_text("RTMR0..RTMR3 all match the %s\n", o->against == AGAINST_QUOTE ? "quote" : "TDREPORT");
	} else {
		snprintf(key, sizeof(key), "RTMR%d", r->bad);
		print_string("first_mismatch", NULL, key);
	}
}

/* JSON only: whether the histories are ones tdxg can write; text says so on stderr. */
static void render_history(const struct log_run *r)
{
	const struct tdxg_event *ev = r->hist_ev;

	print_bool("history_ok", NULL, !ev);
	if (!ev) {
		print_null("history_violation", NULL);
		return;
	}
	print_open_object("history_violation", PRINT_LINE);
	print_string("log", NULL, r->hist_src->path);
	print_uint("index", NULL, r->hist_index);
	print_uint("rtmr", NULL, ev->mr_index - 1);
	print_uint("event_type", NULL, ev->event_type);
	print_string("event_type_name", NULL, tdxg_event_type_name(ev->event_type));
	print_string("why", NULL, r->hist_why);
	print_close_object();
}

static void render_log(const struct log_opts *o, const struct log_run *r)
{
	print_open_object(NULL, PRINT_BLOCK);
	render_logs(o, r);
	print_uint("event_count", o->replay ? "replayed %s events\n" : NULL, r->total);
	if (o->replay) {
		render_replay(o, r);
		render_history(r);
	} else {
		/* Every key in every outcome: nothing was replayed. */
		static const char *const replay_keys[] = {
			"replayed", "against", "match", "first_mismatch", "history_ok", "history_violation",
		};
		size_t i;

		for (i = 0; i < sizeof(replay_keys) / sizeof(replay_keys[0]); i++)
			print_null(replay_keys[i], NULL);
	}
	print_close_object();
}

int cmd_log(int argc, char *argv[])
{
	struct log_run r = {
		.src = {
			{ .kind = "ccel", .format = TDXG_LOG_CCEL },
			{ .kind = "runtime", .format = TDXG_LOG_RUNTIME },
		},
	};
	struct log_opts o = { 0 };
	int ret;

	ret = log_args(argc, argv, &o);
	if (ret)
		return ret < 0 ? TDXG_EXIT_OK : ret;
	print_set_json(o.json);
	ret = log_compute(&o, &r);
	if (!ret) {
		render_log(&o, &r);
		if (r.bad >= 0 && (r.foreign & (1u << r.bad))) {
			cli_err("RTMR%d replayed from the log differs from the TDREPORT: an extend outside tdxg's log (tdxg saw RTMR%d move without its record)",
				r.bad, r.bad);
			ret = TDXG_EXIT_MISMATCH;
		} else if (r.bad >= 0) {
			cli_err("RTMR%d replayed from the log differs from the %s", r.bad,
				o.against == AGAINST_QUOTE ? "quote" : "TDREPORT");
			ret = TDXG_EXIT_MISMATCH;
		}
		if (r.hist_ev) {
			const char *name = tdxg_event_type_name(r.hist_ev->event_type);

			cli_err("%s: event %zu (RTMR%u, %s) %s", r.hist_src->path, r.hist_index,
				r.hist_ev->mr_index - 1, name ? name : "unknown type", r.hist_why);
			ret = TDXG_EXIT_MISMATCH;
		}
	}
	release(&r.src[0]);
	release(&r.src[1]);
	return ret;
}
