// SPDX-License-Identifier: MIT
/*
 * tdxg verify: signatures and chain always; then the TCB status from
 * collateral, which is required unless --no-tcb says the caller knowingly
 * does without (a verifier fails what it did not judge); then the
 * caller's policy. The first failed check is named on
 * stderr (and in --json output) and selects the exit code:
 *   5 malformed quote/collateral/log, 6 signature, chain, validity,
 *   freshness or revocation, 7 TCB status not accepted or TCB not
 *   matched, 1 policy or replay mismatch, 2 usage.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include <tdxg/tdxg.h>

#include "cli.h"
#include "pccs.h"

#define QUOTE_MAX	(1U << 20)
#define COLLATERAL_MAX	(4U << 20)
#define LOG_MAX		(64U << 20)
#define MAX_FILES	16
#define MAX_QUOTES	65536
#define MAX_JOBS	256
#define MAX_KEYS	64
#define MAX_ROOTS	8

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s verify QUOTE... [--from FILE] [--jobs N] [--root CERT]...\n"
		"         [--collateral FILE]... [--at TIME] [--accept STATUS,...]\n"
		"         [--min-tcb-eval N] [--expect-mrtd HEX] [--expect-rtmr N=HEX]...\n"
		"         [--expect-{mrconfigid,mrowner,mrownerconfig,mrseam,mrsignerseam,\n"
		"         td-attributes,xfam,qe-vendor-id,mrservicetd} HEX]...\n"
		"         [--min-tee-tcb-svn HEX] [--min-tee-tcb-svn2 HEX] [--min-qe-svn N]\n"
		"         [--min-pce-svn N] [--policy FILE] [-q|--quiet]\n"
		"         [--report-data HEX] [--replay LOG]... [--expect-sealed N[,N...]]\n"
		"         [--expect-once N[,N...]] [--allow-debug] [--json]\n"
		"         [--pccs URL | --pcs] [--pccs-ca FILE] [--cache DIR | --no-cache]\n"
		"         [--offline] [--timeout SECS] [--tcb-update standard|early]\n"
		"         [--allow-expired-collateral] [--no-tcb]\n"
		"Verifies a TDX DCAP quote (v4/v5): quote signature, QE report signature and\n"
		"binding, PCK chain to the Intel SGX Root CA (or --root). With --collateral\n"
		"(JSON bundle, PCS TCB info / QE identity responses, CRLs, issuer chains;\n"
		"repeatable) also TCB info, QE identity, CRLs and the TCB status, which must\n"
		"be in --accept (default %s). Without collateral verify fails (exit 7)\n"
		"unless --no-tcb: signatures and policy only, no TCB option allowed.\n"
		"--at is RFC 3339, a date (YYYY-MM-DD, 00:00 UTC), unix seconds or now.\n"
		"--expect-mrservicetd and --min-tee-tcb-svn2 fail a TD 1.0 body (v4), which\n"
		"has neither. -q prints nothing: the exit code is the result (usage errors\n"
		"still say why).\n"
		"--replay LOG (one log each; repeat it) replays event logs (CCEL or tdxg\n"
		"runtime), compares RTMR0..3, and fails a register history tdxg's policies\n"
		"cannot write (after LOCKED, ...). Every other word is a QUOTE.\n"
		"--expect-sealed: each RTMR's history ends with tdxg's LOCKED marker;\n"
		"--expect-once: ONCE marker, exactly one extend, LOCKED marker (need --replay).\n"
		"--pccs fetches the collateral (see tdxg collateral --help), as does a PCCS in\n"
		"/etc/sgx_default_qcnl.conf. Several quotes (or --from, a list of paths) are\n"
		"verified by --jobs threads; --json prints one line per quote; the exit code\n"
		"is then that of the first failing quote, 0 when all verified.\n"
		"Exit: 0 ok, 1 policy/replay mismatch, 2 usage, 4 I/O, 5 malformed input,\n"
		"6 signature/chain/validity/revocation, 7 TCB not acceptable, 8 fetch timeout.\n",
		tdxg_prog, tdxg_tcb_status_name(TDXG_TCB_UP_TO_DATE));
}

struct policy {
	const char *replay[MAX_FILES];
	int nreplay;
	unsigned sealed_mask, once_mask;	/* --expect-sealed, --expect-once */
	uint8_t *stdin_log;		/* --replay -, read once */
	size_t stdin_log_len;
	int stdin_err;			/* why it could not be read: -errno */
};

struct outcome {
	int code;
	const char *check;
	char detail[320];
	/* replay_history: the event tdxg could not have written. */
	const char *ev_log;
	size_t ev_index;		/* in that log, from 1 as tdxg log lists it */
	unsigned int ev_rtmr;
	uint32_t ev_type;
	const char *ev_why;		/* tdxg_seal_why(): a static string */
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

	if (parse_hex_arg(opt, hex, out, want, &n))
		return -1;
	if (!pad && n != want) {
		cli_err("%s: %zu bytes of hex, need %zu", opt, n, want);
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
			char names[TDXG_TCB_COUNT * 40] = "";
			size_t k = 0;

			for (st = 0; st < TDXG_TCB_COUNT && k < sizeof(names); st++)
				k += snprintf(names + k, sizeof(names) - k, "%s%s", st ? ", " : "",
					      tdxg_tcb_status_name(st));
			cli_err("--accept: unknown TCB status '%.*s' (%s)", (int)n, p, names);
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
	struct tdxg_seal_state seals;
	struct outcome history = { 0 };
	unsigned int bad;
	int i;

	/* The TD policy (debug, expected values, minimums) is libtdxg's; replay is here. */
	if (!pol->nreplay)
		return 0;
	memset(replayed, 0, sizeof(replayed));
	tdxg_seal_init(&seals);
	for (i = 0; i < pol->nreplay; i++) {
		struct tdxg_event_log log;
		uint8_t *buf;
		size_t len, bad_ev = 0;
		int r;

		if (!strcmp(pol->replay[i], "-") && pol->stdin_err)
			r = pol->stdin_err;
		else if (!strcmp(pol->replay[i], "-"))	/* read once, before the workers */
			r = dup_input(pol->stdin_log, pol->stdin_log_len, &buf, &len);
		else
			r = tdxg_read_file(pol->replay[i], LOG_MAX, &buf, &len);
		if (r)
			return set_fail(o, input_exit(r), "replay", "%s: %s", pol->replay[i], input_strerror(r));
		/*
		 * A firmware CCEL starts with a Spec ID header; the runtime log
		 * has none, and is empty (0 bytes) until the first extend:
		 * replaying it changes nothing, and the comparison below still
		 * judges. Padding alone is no log.
		 */
		r = tdxg_event_log_parse(buf, len, TDXG_LOG_CCEL, &log);
		if (r) {
			/* Past the Spec ID header it was a CCEL: say where it broke. */
			size_t ccel_bad = log.bad_offset;

			r = tdxg_event_log_parse(buf, len, TDXG_LOG_RUNTIME, &log);
			if (r) {
				free(buf);
				return set_fail(o, TDXG_EXIT_INVALID, "replay",
						"%s: not a CCEL or tdxg runtime event log (malformed at offset %zu)",
						pol->replay[i], ccel_bad ? ccel_bad : log.bad_offset);
			}
			if (!log.nr_events && len) {
				tdxg_event_log_free(&log);
				free(buf);
				return set_fail(o, TDXG_EXIT_INVALID, "replay",
						"%s: not a CCEL or tdxg runtime event log (%zu bytes of padding)",
						pol->replay[i], len);
			}
		}
		r = tdxg_replay(&log, replayed, &bad_ev);
		if (r) {
			tdxg_event_log_free(&log);
			free(buf);
			return set_fail(o, TDXG_EXIT_INVALID, "replay", "%s: event %zu cannot be replayed",
					pol->replay[i], bad_ev);
		}
		/* After the first history tdxg cannot write, only malformed logs
		 * and the replay still decide. */
		r = history.code ? 0 : tdxg_seal_add(&seals, &log, &bad_ev);
		if (r == -EPERM) {
			const struct tdxg_event *ev = &log.events[bad_ev];
			const char *name = tdxg_event_type_name(ev->event_type);

			history.ev_log = pol->replay[i];
			history.ev_index = bad_ev + 1;
			history.ev_rtmr = ev->mr_index - 1;
			history.ev_type = ev->event_type;
			history.ev_why = tdxg_seal_why(&seals, history.ev_rtmr);
			set_fail(&history, TDXG_EXIT_MISMATCH, "replay_history",
				 "%s: event %zu (RTMR%u, %s) %s", pol->replay[i], bad_ev + 1,
				 history.ev_rtmr, name ? name : "unknown type",
				 history.ev_why);
			r = 0;
		}
		tdxg_event_log_free(&log);
		free(buf);
		if (r)
			return set_fail(o, TDXG_EXIT_INVALID, "replay",
					"%s: event %zu has a policy marker's digest or label but not both",
					pol->replay[i], bad_ev);
	}
	memcpy(quoted, q->body->rtmr, sizeof(quoted));
	if (tdxg_rtmr_compare(replayed, quoted, (1u << TDXG_NR_RTMR) - 1, &bad))
		return set_fail(o, TDXG_EXIT_MISMATCH, "replay",
				"replaying the event log%s does not give the quote's RTMR%u",
				pol->nreplay > 1 ? "s" : "", bad);
	/*
	 * The replay matches, but a history the module cannot write means
	 * its policies were bypassed: no seal in these logs can be trusted,
	 * whichever register was asked about.
	 */
	if (history.code) {
		*o = history;
		return o->code;
	}
	/* The replay matches the quote, so the markers are in the registers. */
	for (i = 0; i < TDXG_NR_RTMR; i++) {
		if ((pol->sealed_mask & (1u << i)) && tdxg_seal_check_sealed(&seals, i))
			return set_fail(o, TDXG_EXIT_MISMATCH, "expect_sealed",
					"RTMR%d's replayed events do not end with the TDXG_POLICY_LOCKED marker", i);
		if ((pol->once_mask & (1u << i)) && tdxg_seal_check_once(&seals, i))
			return set_fail(o, TDXG_EXIT_MISMATCH, "expect_once",
					"RTMR%d's replayed events do not end with TDXG_POLICY_ONCE, one extend, "
					"TDXG_POLICY_LOCKED", i);
	}
	return 0;
}

/* N[,N...] with N 0..3 into a mask; -1 on bad input. */
static int parse_rtmr_list(const char *opt, const char *s, unsigned *mask)
{
	char buf[64], *tok, *save = NULL;
	unsigned idx;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (parse_rtmr(tok, &idx))
			goto bad;
		*mask |= 1u << idx;
	}
	if (*mask)
		return 0;
bad:
	cli_err("%s takes N[,N...] with N 0..3", opt);
	return -1;
}

/* A TCB status by name, null when it was not evaluated. */
static void status_field(const char *key, const char *fmt, int st)
{
	if (st >= 0)
		print_string(key, fmt, tdxg_tcb_status_name(st));
	else
		print_null(key, NULL);
}

/* Text: the TCB lines; JSON: the statuses, advisories and collateral times. */
static void render_tcb(const struct tdxg_verify_result *r)
{
	int ev = r->tcb_status >= 0;
	unsigned i;

	if (!ev)
		print_text("  tcb status        not evaluated (--no-tcb)\n");
	status_field("tcb_status", ev ? "  tcb status        %s" : NULL, r->tcb_status);
	status_field("platform_status", ev ? " (platform %s" : NULL, r->platform_status);
	status_field("qe_status", ev ? ", QE %s" : NULL, r->qe_status);
	status_field("tdx_module_status", ev ? ", TDX module %s" : NULL, r->module_status);
	if (ev)
		print_text(")\n");
	if (ev)
		print_string("tcb_date", "  tcb date          %s\n", r->tcb_date);
	else
		print_null("tcb_date", NULL);
	if (ev)
		print_text("  advisories        %s", r->n_advisories ? "" : "none");
	print_open_array("advisory_ids", PRINT_LINE);
	for (i = 0; i < r->n_advisories; i++)
		print_string(PRINT_ELEM, !ev ? NULL : i ? ",%s" : "%s", r->advisory_ids[i]);
	print_close_array();
	if (ev) {
		print_uint("tcb_evaluation_data_number", "\n  tcb evaluation    %s\n", r->tcb_eval_num);
		print_bool("collateral_expired", NULL, r->collateral_expired);
		print_text("  collateral valid  until ");
	} else {
		/* Every key is in every object: null says "not evaluated". */
		print_null("tcb_evaluation_data_number", NULL);
		print_null("collateral_expired", NULL);
	}
	if (r->collateral_expires)
		print_time("collateral_next_update", ev ? "%s" : NULL, r->collateral_expires);
	else
		print_null("collateral_next_update", NULL);
	if (ev)
		print_text("%s\n", r->collateral_expired ? " (EXPIRED, allowed by --allow-expired-collateral)" : "");
}

/* What was attested, by the names tdxg show uses; null where not applicable. */
static const struct {
	const char *name;
	size_t off, len;
	int td15;		/* only in a TD 1.5 body */
} attested[] = {
#define B(m) { #m, offsetof(struct tdxg_quote_body_td10, m), sizeof(((struct tdxg_quote_body_td10 *)0)->m), 0 }
#define R(n) { "rtmr" #n, offsetof(struct tdxg_quote_body_td10, rtmr[n]), 48, 0 }
#define B15(m) { #m, offsetof(struct tdxg_quote_body_td15, m), sizeof(((struct tdxg_quote_body_td15 *)0)->m), 1 }
	B(mrtd), R(0), R(1), R(2), R(3), B(reportdata), B(mrconfigid), B(mrowner),
	B(mrownerconfig), B(mrseam), B(mrsignerseam), B(seam_attributes), B(td_attributes),
	B(xfam), B(tee_tcb_svn), B15(tee_tcb_svn2), B15(mrservicetd),
#undef B
#undef R
#undef B15
};

static void render_attested(const struct tdxg_quote *q)
{
	char label[24];
	size_t i;

	for (i = 0; i < sizeof(attested) / sizeof(attested[0]); i++) {
		const uint8_t *base = !q ? NULL : attested[i].td15 ? (const uint8_t *)q->body15 :
				      (const uint8_t *)q->body;

		if (!base) {
			print_null(attested[i].name, NULL);
			continue;
		}
		snprintf(label, sizeof(label), "  %-18s", attested[i].name);
		print_text("%s", label);
		print_hex(attested[i].name, "%s\n", base + attested[i].off, attested[i].len);
	}
}

/*
 * The checks this verification applies, in their order, by the names
 * failed_check uses (":N" for a register): what a relying party needs to
 * know what "ok" covered. A failed one stops the list's run there.
 */
static void render_checks(const struct tdxg_verify_opts *vo, const struct policy *pol, int tcb)
{
	static const struct { unsigned bit; const char *name; } ex[] = {
		{ TDXG_EXPECT_MRTD, "expect_mrtd" }, { TDXG_EXPECT_MRCONFIGID, "expect_mrconfigid" },
		{ TDXG_EXPECT_MROWNER, "expect_mrowner" }, { TDXG_EXPECT_MROWNERCONFIG, "expect_mrownerconfig" },
		{ TDXG_EXPECT_MRSEAM, "expect_mrseam" }, { TDXG_EXPECT_MRSIGNERSEAM, "expect_mrsignerseam" },
		{ TDXG_EXPECT_TD_ATTRIBUTES, "expect_td_attributes" }, { TDXG_EXPECT_XFAM, "expect_xfam" },
	};
	static const uint8_t zero16[16];
	const char *sep = "";
	char buf[32];
	size_t i;

#define CHECK(s) do { print_string(PRINT_ELEM, NULL, s); print_text("%s%s", sep, s); sep = ", "; } while (0)
	print_text("  checks            ");
	print_open_array("checks", PRINT_LINE);
	CHECK("pck_chain");
	CHECK("qe_report_signature");
	CHECK("qe_report_data");
	CHECK("quote_signature");
	if (tcb) {
		CHECK("collateral");
		CHECK("pck_revocation");
		if (vo->min_tcb_eval)
			CHECK("min_tcb_eval");
		CHECK("tcb_status");
	}
	if (!vo->allow_debug)
		CHECK("td_debug");
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++)
		if (vo->expect & ex[i].bit)
			CHECK(ex[i].name);
	for (i = 0; i < 4; i++)
		if (vo->expect & TDXG_EXPECT_RTMR(i)) {
			snprintf(buf, sizeof(buf), "expect_rtmr:%zu", i);
			CHECK(buf);
		}
	if (vo->expect & TDXG_EXPECT_REPORT_DATA)
		CHECK("report_data");
	if (memcmp(vo->min_tee_tcb_svn, zero16, 16))
		CHECK("min_tee_tcb_svn");
	if (vo->min_qe_svn)
		CHECK("min_qe_svn");
	if (vo->min_pce_svn)
		CHECK("min_pce_svn");
	if (vo->expect & TDXG_EXPECT_QE_VENDOR_ID)
		CHECK("expect_qe_vendor_id");
	if (vo->expect & TDXG_EXPECT_MRSERVICETD)
		CHECK("expect_mrservicetd");
	if (memcmp(vo->min_tee_tcb_svn2, zero16, 16))
		CHECK("min_tee_tcb_svn2");
	if (pol->nreplay) {
		CHECK("replay");
		CHECK("replay_history");
	}
	for (i = 0; i < 4; i++)
		if (pol->sealed_mask & (1u << i)) {
			snprintf(buf, sizeof(buf), "expect_sealed:%zu", i);
			CHECK(buf);
		}
	for (i = 0; i < 4; i++)
		if (pol->once_mask & (1u << i)) {
			snprintf(buf, sizeof(buf), "expect_once:%zu", i);
			CHECK(buf);
		}
#undef CHECK
	print_close_array();
	print_text("\n");
}

/*
 * One quote's result: with --json an object on one line, pass or fail;
 * as text a verdict on stdout, or the failed check on stderr.
 */
static void render_result(const char *path, const struct tdxg_quote *q, const struct tdxg_verify_result *r,
			  const struct outcome *o, const struct tdxg_verify_opts *vo, const struct policy *pol)
{
	int64_t at = vo->at;

	if (o->code && !print_is_json()) {
		cli_err("%s: FAILED %s: %s", path, o->check, o->detail);
		return;
	}
	print_open_object(NULL, PRINT_LINE);
	print_string("quote", "%s: OK", path);
	print_bool("ok", NULL, !o->code);
	print_int("exit_code", NULL, o->code);
	/* Every key in every outcome: null where it does not apply. */
	print_string("failed_check", NULL, o->code ? o->check : NULL);
	print_string("detail", NULL, o->code ? o->detail : NULL);
	if (!o->code || !o->ev_log) {
		print_null("failed_event", NULL);
	} else {
		print_open_object("failed_event", PRINT_LINE);
		print_string("log", NULL, o->ev_log);
		print_uint("index", NULL, o->ev_index);
		print_uint("rtmr", NULL, o->ev_rtmr);
		print_uint("event_type", NULL, o->ev_type);
		print_string("event_type_name", NULL, tdxg_event_type_name(o->ev_type));
		print_string("why", NULL, o->ev_why);
		print_close_object();
	}
	if (q)
		print_text(" (quote v%u, %s body)", q->version, q->body_type == 3 ? "TD 1.5" : "TD 1.0");
	print_time("at", " at %s\n", at);
	if (q) {
		print_uint("version", NULL, q->version);
		print_uint("body_type", NULL, q->body_type);
		print_hex("qe_vendor_id", NULL, q->header->qe_vendor_id, sizeof(q->header->qe_vendor_id));
	} else {
		print_null("version", NULL);
		print_null("body_type", NULL);
		print_null("qe_vendor_id", NULL);
	}
	print_text("  signatures        quote, QE report, PCK chain to the trusted root\n");
	if (q)
		print_text("  qe vendor id      ");
	if (q)
		print_hex(NULL, "%s\n", q->header->qe_vendor_id, sizeof(q->header->qe_vendor_id));
	if (r->pck_ext_valid) {
		print_hex("fmspc", "  fmspc             %s\n", r->fmspc, 6);
		print_hex("pceid", NULL, r->pceid, 2);
		print_uint("pcesvn", NULL, r->pcesvn);
	} else {
		print_null("fmspc", NULL);
		print_null("pceid", NULL);
		print_null("pcesvn", NULL);
	}
	render_attested(q);
	render_tcb(r);
	render_checks(vo, pol, !(vo->flags & TDXG_VERIFY_NO_TCB));
	print_close_object();
}

/* ---- many quotes: one collateral set (or one per FMSPC and CA), N warm verifiers ---- */

/*
 * The collateral of one FMSPC and PCK CA under one root: fetched (verify
 * --pccs and friends) or one of several --collateral bundles.
 */
struct fetched {
	uint8_t fmspc[6];
	enum tdxg_pck_ca ca;
	int root;			/* index in run.root */
	char *json;
	size_t len;
	int code;			/* exit code of a failed fetch, or no bundle */
	const char *check;		/* its failed check */
	char msg[480];
};

struct run {
	const struct policy *pol;
	struct tdxg_verify_opts vo;	/* at, accept; collateral per worker */
	const char **paths;
	size_t npaths;
	const char **coll_paths;
	int ncoll;
	uint8_t *coll_buf[MAX_FILES];
	size_t coll_len[MAX_FILES];
	uint8_t coll_fmspc[MAX_FILES][6];	/* each file's, when they are whole bundles */
	enum tdxg_pck_ca coll_ca[MAX_FILES];
	uint8_t *root[MAX_ROOTS];	/* PEM; one NULL: the built-in root */
	size_t root_len[MAX_ROOTS];
	const char **root_paths;
	int nroots;			/* at least 1 */
	int *qroot;			/* per quote: the root anchoring it */
	struct pccs_cfg *pc;
	int fetch;
	int bundles;			/* several --collateral bundles, one per FMSPC and CA */
	struct fetched keys[MAX_KEYS];
	int nkeys;
	int *qkey;			/* per quote: index in keys, or -1 */
	struct outcome setup;		/* a failure every quote shares (root, collateral) */
	int *codes;
	size_t next;
	pthread_mutex_t lock;
	uint8_t *stdin_quote;		/* QUOTE -, read once */
	size_t stdin_quote_len;
	int stdin_err;			/* why it could not be read: -errno */
};

/* A quote, binary or hex; "-" is the copy of stdin read before the workers. */
static int read_quote(const struct run *r, const char *path, uint8_t **buf, size_t *len)
{
	if (!strcmp(path, "-") && r->stdin_err)
		return r->stdin_err;
	if (!strcmp(path, "-"))
		return dup_input(r->stdin_quote, r->stdin_quote_len, buf, len);
	return load_binary_input(path, QUOTE_MAX, buf, len);
}

struct worker {
	struct run *r;
	pthread_t tid;
	struct tdxg_verifier *v[MAX_ROOTS];
	struct tdxg_collateral *coll[MAX_ROOTS];	/* from --collateral, one set */
	struct tdxg_collateral *kcoll[MAX_KEYS];
};

/* --from FILE ("-": stdin): one quote path a line; blank lines and # comments skipped. */
static int read_list(const char *file, const char **paths, size_t *n)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t l;

	if (!f) {
		cli_err("--from %s: %s", file, strerror(errno));
		return -1;
	}
	while ((l = getline(&line, &cap, f)) > 0) {
		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = 0;
		if (!l || line[0] == '#')
			continue;
		if (*n == MAX_QUOTES) {
			cli_err("at most %d quotes in one call", MAX_QUOTES);
			break;
		}
		paths[(*n)++] = strdup(line);	/* lives until exit */
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return *n == MAX_QUOTES ? -1 : 0;
}

static int verify_one(struct worker *w, size_t idx)
{
	struct run *r = w->r;
	const char *path = r->paths[idx];
	struct tdxg_verify_opts vo = r->vo;
	struct tdxg_verify_result res;
	struct outcome o = { 0 };
	struct tdxg_quote q;
	uint8_t *qbuf = NULL;
	size_t qlen;
	struct tdxg_err err = { 0 };
	int rc, have_q = 0, k;

	tdxg_verify_result_init(&res);
	res.tcb_status = res.platform_status = res.qe_status = res.module_status = -1;
	rc = read_quote(r, path, &qbuf, &qlen);
	if (rc) {
		/* A batch keeps one result per quote, in --json too. */
		set_fail(&o, input_exit(rc), "quote_format", "cannot read it: %s", input_strerror(rc));
		goto done;
	}
	if (r->setup.code) {
		o = r->setup;
		goto done;
	}
	if (tdxg_quote_parse(qbuf, qlen, &q, &err)) {
		set_fail(&o, TDXG_EXIT_INVALID, "quote_format", "%s", err.msg);
		goto done;
	}
	have_q = 1;
	vo.collateral = w->coll[r->qroot[idx]];
	if (r->fetch || r->bundles) {
		k = r->qkey[idx];
		if (k < 0) {
			set_fail(&o, TDXG_EXIT_INVALID, "collateral", "cannot tell which collateral this "
				 "quote needs (FMSPC and PCK CA from its PCK chain)");
			goto done;
		}
		if (r->keys[k].code) {
			set_fail(&o, r->keys[k].code, r->keys[k].check, "%s", r->keys[k].msg);
			goto done;
		}
		if (!w->kcoll[k]) {
			w->kcoll[k] = tdxg_collateral_new();
			if (!w->kcoll[k] ||
			    tdxg_collateral_add(w->kcoll[k], r->keys[k].json, r->keys[k].len, &err)) {
				set_fail(&o, TDXG_EXIT_INVALID, "collateral", "%s", err.msg);
				goto done;
			}
		}
		vo.collateral = w->kcoll[k];
	}
	if (tdxg_quote_verify(w->v[r->qroot[idx]], &q, &vo, &res)) {
		set_fail(&o, exit_for(res.error), "", "%s", res.detail);
		if (!strcmp(res.check, "tcb_not_evaluated"))
			set_fail(&o, o.code, "", "%s: give --collateral FILE or --pccs URL, or --no-tcb "
				 "to check signatures and policy only", res.detail);
		o.check = res.check;
		goto done;
	}
	check_policy(&q, r->pol, &o);
done:
	pthread_mutex_lock(&r->lock);
	render_result(path, have_q ? &q : NULL, &res, &o, &vo, r->pol);
	pthread_mutex_unlock(&r->lock);
	free(qbuf);
	return o.code;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->r;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		i = r->next++;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->npaths)
			break;
		r->codes[i] = verify_one(w, i);
	}
	return NULL;
}

static int worker_init(struct worker *w, struct run *r)
{
	int i, j;

	memset(w, 0, sizeof(*w));
	w->r = r;
	if (r->setup.code)
		return 0;	/* every quote fails with it, no verifier needed */
	for (j = 0; j < r->nroots; j++) {
		if (tdxg_verifier_new(&w->v[j], r->root[j], r->root_len[j], NULL))
			return -1;
		/* A collateral set is checked against one root: one set per root. */
		if (!r->ncoll || r->bundles)
			continue;
		w->coll[j] = tdxg_collateral_new();
		if (!w->coll[j])
			return -1;
		for (i = 0; i < r->ncoll; i++)
			if (tdxg_collateral_add(w->coll[j], r->coll_buf[i], r->coll_len[i], NULL))
				return -1;
	}
	return 0;
}

static void worker_free(struct worker *w)
{
	int k;

	for (k = 0; k < MAX_KEYS; k++)
		tdxg_collateral_free(w->kcoll[k]);
	for (k = 0; k < MAX_ROOTS; k++) {
		tdxg_collateral_free(w->coll[k]);
		tdxg_verifier_free(w->v[k]);
	}
}

static void hex_fmspc(const uint8_t fmspc[6], char out[13])
{
	int i;

	for (i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02X", fmspc[i]);
}

/* The --collateral bundle for f's FMSPC and PCK CA into f, else why there is none. */
static void find_bundle(struct run *r, struct fetched *f)
{
	char fm[13], have[240] = "";
	size_t n = 0;
	int j;

	for (j = 0; j < r->ncoll; j++) {
		if (!memcmp(r->coll_fmspc[j], f->fmspc, 6) && r->coll_ca[j] == f->ca) {
			f->json = malloc(r->coll_len[j]);
			if (!f->json) {
				f->code = TDXG_EXIT_IO;
				snprintf(f->msg, sizeof(f->msg), "out of memory");
				return;
			}
			memcpy(f->json, r->coll_buf[j], r->coll_len[j]);
			f->len = r->coll_len[j];
			return;
		}
		hex_fmspc(r->coll_fmspc[j], fm);
		if (n < sizeof(have))
			n += (size_t)snprintf(have + n, sizeof(have) - n, "%s%s (%s)", n ? ", " : "", fm,
					      tdxg_pck_ca_name(r->coll_ca[j]));
	}
	hex_fmspc(f->fmspc, fm);
	/* As the library's check when a set is for another platform: fmspc, exit 7. */
	f->code = TDXG_EXIT_TCB;
	f->check = "fmspc";
	snprintf(f->msg, sizeof(f->msg), "no --collateral bundle is for this quote's FMSPC %s "
		 "(PCK %s CA); the bundles are for %s", fm, tdxg_pck_ca_name(f->ca), have);
}

/*
 * With several --root, which one anchors quote i: the first under which
 * its signatures and PCK chain verify (TCB aside), else the first root
 * that the chain reaches before failing, else the first. One extra
 * verification per quote, only when several roots are given.
 */
static int pick_root(struct run *r, struct tdxg_verifier **v, const struct tdxg_quote *q)
{
	struct tdxg_verify_opts vo = TDXG_VERIFY_OPTS_INIT;
	struct tdxg_verify_result res;
	int j, reached = -1;

	vo.at = r->vo.at;
	vo.at_set = 1;
	vo.flags = TDXG_VERIFY_NO_TCB;
	vo.allow_debug = 1;
	for (j = 0; j < r->nroots; j++) {
		if (!v[j])
			continue;
		tdxg_verify_result_init(&res);
		if (!tdxg_quote_verify(v[j], q, &vo, &res))
			return j;
		if (reached < 0 && strcmp(res.check, "pck_chain"))
			reached = j;
	}
	return reached < 0 ? 0 : reached;
}

/*
 * Per quote, before the workers: its root (several --root), and the
 * collateral for its FMSPC and PCK CA under that root, from one of
 * several --collateral bundles or fetched once for the whole batch.
 */
static void assign_keys(struct run *r)
{
	struct tdxg_verifier *v[MAX_ROOTS] = { 0 };
	struct tdxg_verify_result res;
	struct tdxg_verify_opts vo = r->vo;
	struct tdxg_quote q;
	enum tdxg_pck_ca ca;
	uint8_t fmspc[6], *buf;
	size_t i, len;
	int j, k, keyed = r->fetch || r->bundles;

	for (j = 0; j < r->nroots; j++)
		if (tdxg_verifier_new(&v[j], r->root[j], r->root_len[j], NULL))
			v[j] = NULL;
	for (i = 0; i < r->npaths; i++) {
		int root = 0;

		r->qkey[i] = -1;
		r->qroot[i] = 0;
		if (read_quote(r, r->paths[i], &buf, &len))
			continue;
		if (tdxg_quote_parse(buf, len, &q, NULL)) {
			free(buf);
			continue;
		}
		if (r->nroots > 1)
			root = r->qroot[i] = pick_root(r, v, &q);
		if (keyed && v[root] && !tdxg_quote_collateral_id(&q, fmspc, &ca, NULL)) {
			for (k = 0; k < r->nkeys; k++)
				if (!memcmp(r->keys[k].fmspc, fmspc, 6) && r->keys[k].ca == ca &&
				    r->keys[k].root == root)
					break;
			if (k == r->nkeys && k < MAX_KEYS) {
				struct fetched *f = &r->keys[r->nkeys++];

				memcpy(f->fmspc, fmspc, 6);
				f->ca = ca;
				f->root = root;
				f->check = "collateral";
				if (r->fetch) {
					r->pc->root_pem = (const char *)r->root[root];
					r->pc->root_len = r->root_len[root];
					tdxg_verify_result_init(&res);
					f->code = pccs_verify(r->pc, v[root], &q, &vo, &res, &f->json, &f->len,
							      f->msg, sizeof(f->msg));
				} else {
					find_bundle(r, f);
				}
			}
			if (k < MAX_KEYS)
				r->qkey[i] = k;
		}
		free(buf);
	}
	for (j = 0; j < r->nroots; j++)
		tdxg_verifier_free(v[j]);
}

/*
 * Verifies every quote of r with `jobs` threads, each with its own warm
 * verifier; results are printed as they complete. Exit code: that of the
 * only quote, or for several 0 when all passed, else the first failing
 * quote's (in the order given).
 */
/*
 * The --collateral files: each a whole bundle (TCB info, QE identity,
 * CRLs) for its own FMSPC and PCK CA, when there are several such (each
 * quote then gets its platform's); otherwise the parts of one set, as
 * before. Failures go to r->setup.
 */
static void load_collateral(struct run *r)
{
	struct tdxg_collateral *c = NULL, *one;
	struct tdxg_err err;
	char fm[13];
	int64_t next;
	int j, k, whole = 0;

	for (j = 0; j < r->ncoll; j++) {
		int e = load_input(r->coll_paths[j], COLLATERAL_MAX, &r->coll_buf[j], &r->coll_len[j]);

		if (e) {
			set_fail(&r->setup, input_exit(e), "collateral", "%s: %s", r->coll_paths[j],
				 input_strerror(e));
			return;
		}
		/* One file is one set: parsed once, below, as it always was. */
		if (r->ncoll == 1)
			break;
		one = tdxg_collateral_new();
		if (one && !tdxg_collateral_add(one, r->coll_buf[j], r->coll_len[j], NULL) &&
		    !tdxg_collateral_describe(one, r->coll_fmspc[j], &r->coll_ca[j], &next))
			whole++;
		tdxg_collateral_free(one);
	}
	if (whole == r->ncoll && whole > 1) {
		for (j = 0; j < r->ncoll; j++)
			for (k = 0; k < j; k++)
				if (!memcmp(r->coll_fmspc[j], r->coll_fmspc[k], 6) &&
				    r->coll_ca[j] == r->coll_ca[k]) {
					hex_fmspc(r->coll_fmspc[j], fm);
					set_fail(&r->setup, TDXG_EXIT_USAGE, "collateral", "%s and %s are both "
						 "for FMSPC %s (PCK %s CA): give one", r->coll_paths[k],
						 r->coll_paths[j], fm, tdxg_pck_ca_name(r->coll_ca[j]));
					return;
				}
		r->bundles = 1;
		return;
	}
	c = tdxg_collateral_new();
	if (!c) {
		set_fail(&r->setup, TDXG_EXIT_IO, "collateral", "out of memory");
		return;
	}
	for (j = 0; j < r->ncoll && !r->setup.code; j++)
		if (tdxg_collateral_add(c, r->coll_buf[j], r->coll_len[j], &err))
			set_fail(&r->setup, TDXG_EXIT_INVALID, "collateral", "%s: %s",
				 r->coll_paths[j], err.msg);
	tdxg_collateral_free(c);
}

static int run_batch(struct run *r, int jobs)
{
	struct worker *w = NULL;
	size_t i, ok = 0;
	struct tdxg_err err;
	int rc = 0, nw = 0, j;

	for (j = 0; j < r->nroots; j++) {
		if (!r->root_paths[j])
			continue;	/* the built-in root */
		rc = read_root(r->root_paths[j], &r->root[j], &r->root_len[j]);
		if (rc) {
			while (j-- > 0)
				free(r->root[j]);
			free(r->stdin_quote);
			return rc;
		}
	}
	pthread_mutex_init(&r->lock, NULL);
	r->codes = calloc(r->npaths, sizeof(*r->codes));
	r->qkey = calloc(r->npaths, sizeof(*r->qkey));
	r->qroot = calloc(r->npaths, sizeof(*r->qroot));
	w = calloc(jobs, sizeof(*w));
	if (!r->codes || !r->qkey || !r->qroot || !w) {
		rc = TDXG_EXIT_IO;
		goto out;
	}
	/*
	 * Verification needs no OpenSSL configuration (keys, digests and
	 * ECDSA are used directly): reading openssl.cnf and initialising the
	 * engines it may name cost a whole process about 1.7 M instructions.
	 * A run that fetches keeps it, for libcurl's TLS.
	 */
	if (r->ncoll || !pccs_wanted(r->pc))
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	/* What every quote shares is checked once: the roots and the --collateral files. */
	for (j = 0; j < r->nroots && !r->setup.code; j++) {
		struct tdxg_verifier *v;

		if (tdxg_verifier_new(&v, r->root[j], r->root_len[j], &err))
			set_fail(&r->setup, TDXG_EXIT_INVALID, "root", "%s: %s",
				 r->root_paths[j] ? r->root_paths[j] : "built-in root", err.msg);
		tdxg_verifier_free(v);
	}
	if (!r->setup.code)
		load_collateral(r);
	/* --no-tcb: a PCCS in the qcnl conf is not asked for what is not judged. */
	r->fetch = !r->setup.code && !r->ncoll && !(r->vo.flags & TDXG_VERIFY_NO_TCB) && pccs_wanted(r->pc);
	if (!r->setup.code && (r->fetch || r->bundles || r->nroots > 1))
		assign_keys(r);
	if ((size_t)jobs > r->npaths)
		jobs = (int)r->npaths;
	for (nw = 0; nw < jobs; nw++) {
		if (worker_init(&w[nw], r)) {
			worker_free(&w[nw]);
			break;
		}
	}
	if (!nw) {
		rc = TDXG_EXIT_IO;
		goto out;
	}
	if (nw == 1) {
		worker_main(&w[0]);
	} else {
		for (j = 0; j < nw; j++)
			if (pthread_create(&w[j].tid, NULL, worker_main, &w[j]))
				break;
		while (j-- > 0)
			pthread_join(w[j].tid, NULL);
	}
	for (i = 0; i < r->npaths; i++) {
		if (!r->codes[i])
			ok++;
		else if (!rc)
			rc = r->codes[i];
	}
	if (r->npaths > 1 && !print_is_json())
		fprintf(stderr, "%s: %zu quotes: %zu verified, %zu failed\n", tdxg_cmd, r->npaths, ok,
			r->npaths - ok);
out:
	for (j = 0; j < nw; j++)
		worker_free(&w[j]);
	free(w);
	for (j = 0; j < r->nkeys; j++)
		free(r->keys[j].json);
	for (j = 0; j < r->ncoll; j++)
		free(r->coll_buf[j]);
	free(r->codes);
	free(r->qkey);
	free(r->qroot);
	for (j = 0; j < r->nroots; j++)
		free(r->root[j]);
	free(r->stdin_quote);
	pthread_mutex_destroy(&r->lock);
	return rc;
}

/*
 * The options that take a value of the quote in hex, exactly its size:
 * 0 when c was one and is taken, -1 when not, else the exit code. An
 * expected value sets its TDXG_EXPECT_* bit; a minimum has none.
 */
static int hex_option(int c, const char *arg, struct tdxg_verify_opts *vo)
{
	static const struct {
		int c;
		const char *name;
		unsigned bit;
		size_t off, len;
	} f[] = {
#define X(c, name, bit, m) { c, name, bit, offsetof(struct tdxg_verify_opts, m), \
		  sizeof(((struct tdxg_verify_opts *)0)->m) }
		X(0x200, "--expect-mrconfigid", TDXG_EXPECT_MRCONFIGID, mrconfigid),
		X(0x201, "--expect-mrowner", TDXG_EXPECT_MROWNER, mrowner),
		X(0x202, "--expect-mrownerconfig", TDXG_EXPECT_MROWNERCONFIG, mrownerconfig),
		X(0x203, "--expect-mrseam", TDXG_EXPECT_MRSEAM, mrseam),
		X(0x204, "--expect-mrsignerseam", TDXG_EXPECT_MRSIGNERSEAM, mrsignerseam),
		X(0x205, "--expect-td-attributes", TDXG_EXPECT_TD_ATTRIBUTES, td_attributes),
		X(0x206, "--expect-xfam", TDXG_EXPECT_XFAM, xfam),
		X(0x20d, "--expect-qe-vendor-id", TDXG_EXPECT_QE_VENDOR_ID, qe_vendor_id),
		X(0x20e, "--expect-mrservicetd", TDXG_EXPECT_MRSERVICETD, mrservicetd),
		X(0x207, "--min-tee-tcb-svn", 0, min_tee_tcb_svn),
		X(0x20f, "--min-tee-tcb-svn2", 0, min_tee_tcb_svn2),
#undef X
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (f[i].c != c)
			continue;
		if (hex_exact(f[i].name, arg, (uint8_t *)vo + f[i].off, f[i].len, 0))
			return TDXG_EXIT_USAGE;
		vo->expect |= f[i].bit;
		return 0;
	}
	return -1;
}

/*
 * The options that set what a quote must satisfy (time, TCB statuses,
 * expected values, minimums, --policy): 0 when c was one and is taken,
 * -1 when c is not one of them, else the exit code.
 */
static int policy_option(int c, const char *arg, struct tdxg_verify_opts *vo)
{
	unsigned idx;

	switch (c) {
	case 't':
		if (tdxg_parse_time(arg, &vo->at)) {
			cli_err("--at '%s' is not RFC 3339 (2025-07-01T00:00:00Z), a date "
				"(2025-07-01), unix seconds or now", arg);
			return TDXG_EXIT_USAGE;
		}
		vo->at_set = 1;
		break;
	case 'a':
		if (parse_accept(arg, &vo->accept_mask))
			return TDXG_EXIT_USAGE;
		break;
	case 'E': {
		unsigned long n;

		if (parse_number(arg, 10, 0, UINT32_MAX, &n)) {
			cli_err("--min-tcb-eval takes a number");
			return TDXG_EXIT_USAGE;
		}
		vo->min_tcb_eval = (uint32_t)n;
		break;
	}
	case 'm':
		if (hex_exact("--expect-mrtd", arg, vo->mrtd, 48, 0))
			return TDXG_EXIT_USAGE;
		vo->expect |= TDXG_EXPECT_MRTD;
		break;
	case 0x20b:
		vo->allow_expired_collateral = 1;
		break;
	case 0x20c:
		vo->flags |= TDXG_VERIFY_NO_TCB;
		break;
	case 0x208:
	case 0x209: {
		unsigned long n;

		if (parse_number(arg, 0, 0, 65535, &n)) {
			cli_err("--min-%s-svn takes a number 0..65535", c == 0x208 ? "qe" : "pce");
			return TDXG_EXIT_USAGE;
		}
		*(c == 0x208 ? &vo->min_qe_svn : &vo->min_pce_svn) = (uint16_t)n;
		break;
	}
	case 0x20a: {
		uint8_t *pbuf;
		size_t plen;
		struct tdxg_err perr;
		int r = tdxg_read_file(arg, 1U << 20, &pbuf, &plen);

		if (r) {
			cli_err("--policy %s: %s", arg, strerror(-r));
			return TDXG_EXIT_IO;
		}
		r = tdxg_verify_policy_load(vo, pbuf, plen, &perr);
		free(pbuf);
		if (r) {
			cli_err("--policy %s: %s", arg, perr.msg);
			return TDXG_EXIT_USAGE;
		}
		break;
	}
	case 'e': {
		char *eq = strchr(arg, '=');

		if (!eq || (*eq = 0, parse_rtmr(arg, &idx))) {
			cli_err("--expect-rtmr takes N=HEX with N 0..3");
			return TDXG_EXIT_USAGE;
		}
		if (hex_exact("--expect-rtmr", eq + 1, vo->rtmr[idx], 48, 0))
			return TDXG_EXIT_USAGE;
		vo->expect |= TDXG_EXPECT_RTMR(idx);
		break;
	}
	case 'd':
		if (hex_exact("--report-data", arg, vo->report_data, 64, 1))
			return TDXG_EXIT_USAGE;
		vo->expect |= TDXG_EXPECT_REPORT_DATA;
		break;
	case 'D':
		vo->allow_debug = 1;
		break;
	default:
		return hex_option(c, arg, vo);
	}
	return 0;
}

/* How many of the n paths are "-" (stdin); NULL ones are not. */
static size_t dashes(const char *const *paths, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += paths[i] && !strcmp(paths[i], "-");
	return k;
}

/* Also what `tdxg --complete verify` lists, for the bash completion. */
const struct option verify_options[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "collateral", required_argument, NULL, 'c' },
	{ "at", required_argument, NULL, 't' },
	{ "accept", required_argument, NULL, 'a' },
	{ "min-tcb-eval", required_argument, NULL, 'E' },
	{ "allow-expired-collateral", no_argument, NULL, 0x20b },
	{ "no-tcb", no_argument, NULL, 0x20c },
	{ "expect-mrtd", required_argument, NULL, 'm' },
	{ "expect-rtmr", required_argument, NULL, 'e' },
	{ "report-data", required_argument, NULL, 'd' },
	{ "replay", required_argument, NULL, 'p' },
	{ "expect-sealed", required_argument, NULL, 'S' },
	{ "expect-once", required_argument, NULL, 'O' },
	{ "allow-debug", no_argument, NULL, 'D' },
	{ "expect-mrconfigid", required_argument, NULL, 0x200 },
	{ "expect-mrowner", required_argument, NULL, 0x201 },
	{ "expect-mrownerconfig", required_argument, NULL, 0x202 },
	{ "expect-mrseam", required_argument, NULL, 0x203 },
	{ "expect-mrsignerseam", required_argument, NULL, 0x204 },
	{ "expect-td-attributes", required_argument, NULL, 0x205 },
	{ "expect-xfam", required_argument, NULL, 0x206 },
	{ "min-tee-tcb-svn", required_argument, NULL, 0x207 },
	{ "min-tee-tcb-svn2", required_argument, NULL, 0x20f },
	{ "expect-qe-vendor-id", required_argument, NULL, 0x20d },
	{ "expect-mrservicetd", required_argument, NULL, 0x20e },
	{ "min-qe-svn", required_argument, NULL, 0x208 },
	{ "min-pce-svn", required_argument, NULL, 0x209 },
	{ "policy", required_argument, NULL, 0x20a },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "from", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'J' },
	PCCS_LONG_OPTIONS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_verify(int argc, char *argv[])
{
	const char *root_paths[MAX_ROOTS] = { NULL }, *coll_paths[MAX_FILES], *from = NULL;
	static const char *paths[MAX_QUOTES];
	struct tdxg_verify_opts vo = TDXG_VERIFY_OPTS_INIT;
	struct pccs_cfg pc = { 0 };
	struct policy pol = { 0 };
	struct run run = { 0 };
	int ncoll = 0, nroots = 0, json = 0, quiet = 0, c, jobs = 1, rc, li = -1;
	const char *fetch_opt = NULL;	/* the first --pccs, --pcs, ... given */
	size_t npaths = 0;

	/*
	 * Options and operands in any order ("-": operands come as 1). Every
	 * operand is a QUOTE; --replay takes exactly one LOG and is repeated
	 * for more (--replay ccel.bin --replay runtime.bin), so no word's
	 * meaning depends on what came before it.
	 */
	while ((c = getopt_long(argc, argv, "-r:c:t:a:E:m:e:d:p:Djqh", verify_options, &li)) != -1) {
		int pr = pccs_option(&pc, c, optarg);

		if (pr > 0 && !fetch_opt && li >= 0)
			fetch_opt = verify_options[li].name;
		li = -1;
		if (c == 1) {
			if (npaths == MAX_QUOTES)
				return usage_err(usage, "at most %d quotes in one call", MAX_QUOTES);
			paths[npaths++] = optarg;
			continue;
		}

		if (pr) {
			if (pr < 0)
				return TDXG_EXIT_USAGE;
			continue;
		}
		pr = policy_option(c, optarg, &vo);
		if (pr > 0)
			return pr;
		if (!pr)
			continue;
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 'J': {
			unsigned long n;

			if (parse_number(optarg, 10, 1, MAX_JOBS, &n)) {
				cli_err("--jobs takes 1..%d", MAX_JOBS);
				return TDXG_EXIT_USAGE;
			}
			jobs = (int)n;
			break;
		}
		case 'r':
			if (nroots == MAX_ROOTS) {
				cli_err("at most %d --root certificates", MAX_ROOTS);
				return TDXG_EXIT_USAGE;
			}
			root_paths[nroots++] = optarg;
			break;
		case 'c':
			if (ncoll == MAX_FILES) {
				cli_err("at most %d --collateral files", MAX_FILES);
				return TDXG_EXIT_USAGE;
			}
			coll_paths[ncoll++] = optarg;
			break;
		case 'p':
			if (pol.nreplay == MAX_FILES)
				return usage_err(usage, "at most %d --replay logs", MAX_FILES);
			pol.replay[pol.nreplay++] = optarg;
			break;
		case 'S':
			if (parse_rtmr_list("--expect-sealed", optarg, &pol.sealed_mask))
				return TDXG_EXIT_USAGE;
			break;
		case 'O':
			if (parse_rtmr_list("--expect-once", optarg, &pol.once_mask))
				return TDXG_EXIT_USAGE;
			break;
		case 'j':
			json = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			print_help(usage);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (quiet && json)
		return usage_err(usage, "--quiet prints nothing, --json an object: give one");
	if (from && read_list(from, paths, &npaths))
		return TDXG_EXIT_USAGE;
	if (!npaths)
		return usage_err(usage, "no QUOTE given");
	/* stdin is read once: by one QUOTE, --replay, --collateral, --root or --from. */
	if (dashes(paths, npaths) + dashes(pol.replay, (size_t)pol.nreplay) + dashes(coll_paths, (size_t)ncoll) +
	    dashes(root_paths, (size_t)nroots) + dashes(&from, 1) > 1)
		return usage_err(usage, "stdin ('-') can be read only once");
	if ((pol.sealed_mask || pol.once_mask) && !pol.nreplay) {
		cli_err("--expect-sealed and --expect-once check the replayed "
			"runtime log: give it with --replay");
		return TDXG_EXIT_USAGE;
	}
	/* Two sources of collateral: one would be silently ignored. */
	if (ncoll && pc.used) {
		cli_err("--collateral FILE and --%s exclude each other: the bundle is the collateral, "
			"nothing is fetched", fetch_opt ? fetch_opt : "pccs");
		return TDXG_EXIT_USAGE;
	}
	/*
	 * --no-tcb and a TCB rule contradict each other: the rule would be
	 * silently skipped, so neither wins.
	 */
	if (vo.flags & TDXG_VERIFY_NO_TCB) {
		const char *what = ncoll ? "--collateral" : pc.used ? "--pccs, --pcs and their options" :
			vo.accept_mask ? "--accept (or a --policy's accept)" :
			vo.min_tcb_eval ? "--min-tcb-eval (or a --policy's min_tcb_eval)" :
			vo.allow_expired_collateral ? "--allow-expired-collateral" : NULL;

		if (what)
			return usage_err(usage, "--no-tcb: the TCB is not evaluated, so %s cannot apply", what);
	}
	/* An unreadable stdin fails the quotes it is for, each in its own result. */
	if (dashes(paths, npaths))
		run.stdin_err = load_binary_input("-", QUOTE_MAX, &run.stdin_quote, &run.stdin_quote_len);
	if (dashes(pol.replay, (size_t)pol.nreplay))
		pol.stdin_err = load_input("-", LOG_MAX, &pol.stdin_log, &pol.stdin_log_len);
	if (!vo.at_set)
		vo.at = (int64_t)time(NULL);
	vo.at_set = 1;
	run.pol = &pol;
	run.vo = vo;
	print_set_json(json);
	/* From here on the exit code is the only result (go-tdx-guest check -quiet). */
	if (quiet && print_set_quiet()) {
		cli_err("-q: /dev/null: %s", strerror(errno));
		return TDXG_EXIT_IO;
	}
	run.paths = paths;
	run.npaths = npaths;
	run.coll_paths = coll_paths;
	run.ncoll = ncoll;
	run.pc = &pc;
	run.root_paths = root_paths;
	run.nroots = nroots ? nroots : 1;	/* none: the built-in root alone */
	rc = run_batch(&run, jobs);
	free(pol.stdin_log);
	return rc;
}
