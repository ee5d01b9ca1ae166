// SPDX-License-Identifier: MIT
/*
 * tdxg verify: signatures and chain always; collateral (TCB status) when
 * given; then the caller's policy. The first failed check is named on
 * stderr (and in --json output) and selects the exit code:
 *   5 malformed quote/collateral/log, 6 signature, chain, validity,
 *   freshness or revocation, 7 TCB status not accepted or TCB not
 *   matched, 1 policy or replay mismatch, 2 usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tdxg/tdxg.h>

#include "cli.h"

#define QUOTE_MAX	(1U << 20)
#define COLLATERAL_MAX	(4U << 20)
#define LOG_MAX		(64U << 20)
#define MAX_FILES	16

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s verify QUOTE [--root PEM] [--collateral FILE]... [--at TIME]\n"
		"         [--accept STATUS,...] [--min-tcb-eval N] [--expect-mrtd HEX]\n"
		"         [--expect-rtmr N=HEX]...\n"
		"         [--report-data HEX] [--replay LOGFILE...] [--allow-debug] [--json]\n"
		"Verifies a TDX DCAP quote (v4/v5): quote signature, QE report signature and\n"
		"binding, PCK chain to the Intel SGX Root CA (or --root). With --collateral\n"
		"(JSON bundle, PCS TCB info / QE identity responses, CRLs, issuer chains;\n"
		"repeatable) also TCB info, QE identity, CRLs and the TCB status, which must\n"
		"be in --accept (default UpToDate). --at is RFC 3339 or unix seconds.\n"
		"--replay replays event logs (CCEL or tdxg runtime) and compares RTMR0..3.\n"
		"Exit: 0 ok, 1 policy/replay mismatch, 2 usage, 4 I/O, 5 malformed input,\n"
		"6 signature/chain/validity/revocation, 7 TCB not acceptable.\n", tdxg_prog);
}

struct policy {
	int have_mrtd;
	uint8_t mrtd[48];
	unsigned rtmr_mask;
	uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	int have_rd;
	uint8_t rd[64];
	const char *replay[MAX_FILES];
	int nreplay;
	int allow_debug;
};

struct outcome {
	int code;
	const char *check;
	char detail[320];
};

static int set_fail(struct outcome *o, int code, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int set_fail(struct outcome *o, int code, const char *check, const char *fmt, ...)
{
	va_list ap;

	o->code = code;
	o->check = check;
	va_start(ap, fmt);
	vsnprintf(o->detail, sizeof(o->detail), fmt, ap);
	va_end(ap);
	return code;
}

static int hex_exact(const char *opt, const char *hex, uint8_t *out, size_t want, int pad)
{
	size_t n;

	if (tdxg_hex_decode(hex, out, want, &n) || (!pad && n != want) || !n) {
		fprintf(stderr, "%s verify: %s needs %s%zu bytes of hex\n", tdxg_prog, opt,
			pad ? "up to " : "", want);
		return -1;
	}
	memset(out + n, 0, want - n);
	return 0;
}

static int exit_for(enum tdxg_verify_error e)
{
	switch (e) {
	case TDXG_VERIFY_OK: return TDXG_EXIT_OK;
	case TDXG_VERIFY_INVALID: return TDXG_EXIT_INVALID;
	case TDXG_VERIFY_SIGNATURE: return TDXG_EXIT_SIGNATURE;
	case TDXG_VERIFY_TCB: return TDXG_EXIT_TCB;
	case TDXG_VERIFY_POLICY: return TDXG_EXIT_MISMATCH;
	default: return TDXG_EXIT_IO;
	}
}

static int parse_accept(const char *s, unsigned *mask)
{
	const char *p = s, *comma;
	int st;

	*mask = 0;
	while (*p) {
		comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		st = tdxg_tcb_status_from_name(p, n);
		if (st < 0) {
			fprintf(stderr, "%s verify: --accept: unknown TCB status '%.*s' (UpToDate, "
				"SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, "
				"OutOfDate, OutOfDateConfigurationNeeded, Revoked, TDRelaunchAdvised, "
				"TDRelaunchAdvisedConfigurationNeeded)\n", tdxg_prog, (int)n, p);
			return -1;
		}
		*mask |= 1u << st;
		p += n + (comma ? 1 : 0);
	}
	return *mask ? 0 : -1;
}

static int check_policy(const struct tdxg_quote *q, const struct policy *pol, struct outcome *o)
{
	uint8_t replayed[TDXG_NR_RTMR][TDXG_DIGEST_LEN], quoted[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	int i, bad;

	if (!pol->allow_debug && (q->body->td_attributes[0] & 1))
		return set_fail(o, TDXG_EXIT_MISMATCH, "td_debug",
				"the TD is a debug TD (TDATTRIBUTES.DEBUG); pass --allow-debug to accept");
	if (pol->have_mrtd && memcmp(pol->mrtd, q->body->mrtd, 48))
		return set_fail(o, TDXG_EXIT_MISMATCH, "expect_mrtd", "MRTD differs from --expect-mrtd");
	for (i = 0; i < TDXG_NR_RTMR; i++)
		if ((pol->rtmr_mask & (1u << i)) && memcmp(pol->rtmr[i], q->body->rtmr[i], 48))
			return set_fail(o, TDXG_EXIT_MISMATCH, "expect_rtmr", "RTMR%d differs from --expect-rtmr", i);
	if (pol->have_rd && memcmp(pol->rd, q->body->reportdata, 64))
		return set_fail(o, TDXG_EXIT_MISMATCH, "report_data", "REPORTDATA differs from --report-data");
	if (!pol->nreplay)
		return 0;
	memset(replayed, 0, sizeof(replayed));
	for (i = 0; i < pol->nreplay; i++) {
		struct tdxg_event_log log;
		uint8_t *buf;
		size_t len, bad_ev = 0;
		int r;

		r = tdxg_read_file(pol->replay[i], LOG_MAX, &buf, &len);
		if (r)
			return set_fail(o, TDXG_EXIT_IO, "replay", "%s: %s", pol->replay[i], strerror(-r));
		/* A firmware CCEL starts with a Spec ID header; the runtime log has none. */
		r = tdxg_event_log_parse(buf, len, TDXG_LOG_CCEL, &log);
		if (r)
			r = tdxg_event_log_parse(buf, len, TDXG_LOG_RUNTIME, &log);
		if (r || !log.nr_events) {
			if (!r)
				tdxg_event_log_free(&log);
			free(buf);
			return set_fail(o, TDXG_EXIT_INVALID, "replay",
					"%s: not a CCEL or tdxg runtime event log%s", pol->replay[i],
					r ? "" : " (no events)");
		}
		r = tdxg_replay(&log, replayed, &bad_ev);
		tdxg_event_log_free(&log);
		free(buf);
		if (r)
			return set_fail(o, TDXG_EXIT_INVALID, "replay", "%s: event %zu cannot be replayed",
					pol->replay[i], bad_ev);
	}
	memcpy(quoted, q->body->rtmr, sizeof(quoted));
	bad = tdxg_rtmr_first_mismatch(replayed, quoted, (1u << TDXG_NR_RTMR) - 1);
	if (bad >= 0)
		return set_fail(o, TDXG_EXIT_MISMATCH, "replay",
				"replaying the event log%s does not give the quote's RTMR%d",
				pol->nreplay > 1 ? "s" : "", bad);
	return 0;
}

static void fmt_time(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "%lld", (long long)t);
}

static void print_result(const char *path, const struct tdxg_quote *q, const struct tdxg_verify_result *r,
			 const struct outcome *o, int64_t at, int json)
{
	char ts[32], exp[32];
	unsigned i;

	fmt_time(at, ts, sizeof(ts));
	if (r->collateral_expires)
		fmt_time(r->collateral_expires, exp, sizeof(exp));
	if (json) {
		printf("{\n  \"quote\": ");
		out_json_string(stdout, path, strlen(path));
		printf(",\n  \"ok\": %s,\n  \"exit_code\": %d,\n", o->code ? "false" : "true", o->code);
		if (o->code) {
			printf("  \"failed_check\": ");
			out_json_string(stdout, o->check, strlen(o->check));
			printf(",\n  \"detail\": ");
			out_json_string(stdout, o->detail, strlen(o->detail));
			printf(",\n");
		}
		printf("  \"at\": \"%s\",\n", ts);
		if (q)
			printf("  \"version\": %u,\n  \"body_type\": %u,\n", q->version, q->body_type);
		if (r->pck_ext_valid) {
			printf("  \"fmspc\": ");
			out_json_hex(stdout, r->fmspc, 6);
			printf(",\n  \"pceid\": ");
			out_json_hex(stdout, r->pceid, 2);
			printf(",\n  \"pcesvn\": %u,\n", r->pcesvn);
		}
		printf("  \"tcb_status\": ");
		if (r->tcb_status >= 0)
			printf("\"%s\"", tdxg_tcb_status_name(r->tcb_status));
		else
			printf("null");
		printf(",\n  \"platform_status\": ");
		if (r->platform_status >= 0)
			printf("\"%s\"", tdxg_tcb_status_name(r->platform_status));
		else
			printf("null");
		printf(",\n  \"qe_status\": ");
		if (r->qe_status >= 0)
			printf("\"%s\"", tdxg_tcb_status_name(r->qe_status));
		else
			printf("null");
		printf(",\n  \"tdx_module_status\": ");
		if (r->module_status >= 0)
			printf("\"%s\"", tdxg_tcb_status_name(r->module_status));
		else
			printf("null");
		printf(",\n  \"advisory_ids\": [");
		for (i = 0; i < r->n_advisories; i++)
			printf("%s\"%s\"", i ? ", " : "", r->advisory_ids[i]);
		printf("]");
		if (r->tcb_status >= 0)
			printf(",\n  \"tcb_evaluation_data_number\": %u", r->tcb_eval_num);
		if (r->collateral_expires)
			printf(",\n  \"collateral_next_update\": \"%s\"", exp);
		printf("\n}\n");
		return;
	}
	if (o->code) {
		fprintf(stderr, "%s verify: %s: FAILED %s: %s\n", tdxg_prog, path, o->check, o->detail);
		return;
	}
	printf("%s: OK (quote v%u, %s body) at %s\n", path, q->version,
	       q->body_type == 3 ? "TD 1.5" : "TD 1.0", ts);
	printf("  signatures        quote, QE report, PCK chain to the trusted root\n");
	if (r->pck_ext_valid) {
		printf("  fmspc             ");
		out_hex(stdout, r->fmspc, 6);
		printf("\n");
	}
	if (r->tcb_status >= 0) {
		printf("  tcb status        %s (platform %s, QE %s", tdxg_tcb_status_name(r->tcb_status),
		       tdxg_tcb_status_name(r->platform_status), tdxg_tcb_status_name(r->qe_status));
		if (r->module_status >= 0)
			printf(", TDX module %s", tdxg_tcb_status_name(r->module_status));
		printf(")\n  tcb date          %s\n  advisories        ", r->tcb_date);
		if (!r->n_advisories)
			printf("none");
		for (i = 0; i < r->n_advisories; i++)
			printf("%s%s", i ? "," : "", r->advisory_ids[i]);
		printf("\n  tcb evaluation    %u\n  collateral valid  until %s\n", r->tcb_eval_num, exp);
	} else {
		printf("  tcb status        not evaluated (no --collateral)\n");
	}
}

int cmd_verify(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "collateral", required_argument, NULL, 'c' },
		{ "at", required_argument, NULL, 't' },
		{ "accept", required_argument, NULL, 'a' },
		{ "min-tcb-eval", required_argument, NULL, 'E' },
		{ "expect-mrtd", required_argument, NULL, 'm' },
		{ "expect-rtmr", required_argument, NULL, 'e' },
		{ "report-data", required_argument, NULL, 'd' },
		{ "replay", required_argument, NULL, 'p' },
		{ "allow-debug", no_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root_path = NULL, *coll_paths[MAX_FILES], *path = NULL;
	struct tdxg_verify_opts vo = { 0 };
	struct tdxg_verify_result res;
	struct tdxg_verifier *v = NULL;
	struct tdxg_collateral *coll = NULL;
	struct policy pol = { 0 };
	struct outcome o = { 0 };
	struct tdxg_quote q;
	int ncoll = 0, json = 0, c, i, have_q = 0;
	uint8_t *qbuf = NULL, *buf = NULL;
	size_t qlen, len;
	char err[256];
	unsigned idx;

	memset(&res, 0, sizeof(res));
	res.tcb_status = res.platform_status = res.qe_status = res.module_status = -1;
	/* QUOTE first (as documented), so that --replay can take several logs. */
	if (argc > 1 && argv[1][0] != '-') {
		path = argv[1];
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "r:c:t:a:E:m:e:d:p:Djh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root_path = optarg;
			break;
		case 'c':
			if (ncoll == MAX_FILES) {
				fprintf(stderr, "%s verify: at most %d --collateral files\n", tdxg_prog, MAX_FILES);
				return TDXG_EXIT_USAGE;
			}
			coll_paths[ncoll++] = optarg;
			break;
		case 't':
			if (tdxg_parse_time(optarg, &vo.at)) {
				fprintf(stderr, "%s verify: --at '%s' is not RFC 3339 (2025-07-01T00:00:00Z) "
					"or unix seconds\n", tdxg_prog, optarg);
				return TDXG_EXIT_USAGE;
			}
			vo.at_set = 1;
			break;
		case 'a':
			if (parse_accept(optarg, &vo.accept_mask))
				return TDXG_EXIT_USAGE;
			break;
		case 'E': {
			char *end;
			unsigned long n;

			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || n > UINT32_MAX) {
				fprintf(stderr, "%s verify: --min-tcb-eval takes a number\n", tdxg_prog);
				return TDXG_EXIT_USAGE;
			}
			vo.min_tcb_eval = (uint32_t)n;
			break;
		}
		case 'm':
			if (hex_exact("--expect-mrtd", optarg, pol.mrtd, 48, 0))
				return TDXG_EXIT_USAGE;
			pol.have_mrtd = 1;
			break;
		case 'e': {
			char *eq = strchr(optarg, '=');

			if (!eq || (*eq = 0, parse_rtmr(optarg, &idx))) {
				fprintf(stderr, "%s verify: --expect-rtmr takes N=HEX with N 0..3\n", tdxg_prog);
				return TDXG_EXIT_USAGE;
			}
			if (hex_exact("--expect-rtmr", eq + 1, pol.rtmr[idx], 48, 0))
				return TDXG_EXIT_USAGE;
			pol.rtmr_mask |= 1u << idx;
			break;
		}
		case 'd':
			if (hex_exact("--report-data", optarg, pol.rd, 64, 1))
				return TDXG_EXIT_USAGE;
			pol.have_rd = 1;
			break;
		case 'p':
			pol.replay[pol.nreplay++] = optarg;
			/* --replay A B C: the following non-option words are logs too. */
			while (optind < argc && argv[optind][0] != '-' && pol.nreplay < MAX_FILES &&
			       (path || optind + 1 < argc))
				pol.replay[pol.nreplay++] = argv[optind++];
			if (pol.nreplay == MAX_FILES) {
				fprintf(stderr, "%s verify: at most %d --replay logs\n", tdxg_prog, MAX_FILES);
				return TDXG_EXIT_USAGE;
			}
			break;
		case 'D':
			pol.allow_debug = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return TDXG_EXIT_OK;
		default:
			usage(stderr);
			return TDXG_EXIT_USAGE;
		}
	}
	if (!path && optind < argc)
		path = argv[optind++];
	if (!path || optind < argc) {
		usage(stderr);
		return TDXG_EXIT_USAGE;
	}
	if (!vo.at_set)
		vo.at = (int64_t)time(NULL);

	i = tdxg_read_file(path, QUOTE_MAX, &qbuf, &qlen);
	if (i) {
		fprintf(stderr, "%s verify: %s: %s\n", tdxg_prog, path, strerror(-i));
		return TDXG_EXIT_IO;
	}
	if (root_path) {
		i = tdxg_read_file(root_path, 1U << 20, &buf, &len);
		if (i) {
			fprintf(stderr, "%s verify: --root %s: %s\n", tdxg_prog, root_path, strerror(-i));
			free(qbuf);
			return TDXG_EXIT_IO;
		}
	}
	v = tdxg_verifier_new(buf, len, err, sizeof(err));
	free(buf);
	buf = NULL;
	if (!v) {
		set_fail(&o, TDXG_EXIT_INVALID, "root", "%s: %s", root_path ? root_path : "built-in root", err);
		goto done;
	}
	if (ncoll) {
		coll = tdxg_collateral_new();
		if (!coll) {
			set_fail(&o, TDXG_EXIT_IO, "collateral", "out of memory");
			goto done;
		}
		for (i = 0; i < ncoll; i++) {
			int r = tdxg_read_file(coll_paths[i], COLLATERAL_MAX, &buf, &len);

			if (r) {
				set_fail(&o, TDXG_EXIT_IO, "collateral", "%s: %s", coll_paths[i], strerror(-r));
				goto done;
			}
			r = tdxg_collateral_add(coll, buf, len, err, sizeof(err));
			free(buf);
			buf = NULL;
			if (r) {
				set_fail(&o, TDXG_EXIT_INVALID, "collateral", "%s: %s", coll_paths[i], err);
				goto done;
			}
		}
		vo.collateral = coll;
	}
	if (tdxg_quote_parse(qbuf, qlen, &q, err, sizeof(err))) {
		set_fail(&o, TDXG_EXIT_INVALID, "quote_format", "%s", err);
		goto done;
	}
	have_q = 1;
	if (tdxg_quote_verify(v, &q, &vo, &res)) {
		set_fail(&o, exit_for(res.error), "", "%s", res.detail);
		o.check = res.check;
		goto done;
	}
	check_policy(&q, &pol, &o);
done:
	print_result(path, have_q ? &q : NULL, &res, &o, vo.at, json);
	tdxg_collateral_free(coll);
	tdxg_verifier_free(v);
	free(qbuf);
	return o.code;
}
