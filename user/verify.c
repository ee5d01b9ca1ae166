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
		"be in --accept (default %s). Without --collateral it is fetched as by\n"
		"tdxg collateral (--pccs, the qcnl conf's PCCS, else Intel PCS) through the\n"
		"cache (--offline: the cache alone); none fails the quote, unless --no-tcb:\n"
		"signatures and policy only, no TCB option allowed. Several --collateral\n"
		"bundles for different platforms: each quote gets its platform's.\n"
		"Several --root: each quote is anchored in the first its chain reaches.\n"
		"--at is RFC 3339, a date (YYYY-MM-DD, 00:00 UTC), unix seconds or now.\n"
		"--expect-mrservicetd and --min-tee-tcb-svn2 fail a TD 1.0 body (v4), which\n"
		"has neither. -q prints nothing: the exit code is the result (usage errors\n"
		"still say why).\n"
		"--replay LOG (one log each; repeat it) replays event logs (CCEL or tdxg\n"
		"runtime), compares RTMR0..3, and fails a register history tdxg's policies\n"
		"cannot write (after LOCKED, ...). Every other word is a QUOTE.\n"
		"--expect-sealed: each RTMR's history ends with tdxg's LOCKED marker;\n"
		"--expect-once: ONCE marker, exactly one extend, LOCKED marker (need --replay).\n"
		"Several quotes (or --from, a list of paths) are verified by --jobs threads\n"
		"sharing one verifier; --json prints one line per quote; the exit code\n"
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

/* ---- many quotes: one verifier per root, one collateral store each, N threads ---- */

struct run;

/* The collateral source of one root's verifier. */
struct source {
	struct run *r;
	int root;			/* index in run.root */
};

struct run {
	const struct policy *pol;
	struct tdxg_verify_opts vo;	/* at, accept, logs; the same for every quote */
	const char **paths;
	size_t npaths;
	const char **coll_paths;
	int ncoll;
	uint8_t *coll_buf[MAX_FILES];
	size_t coll_len[MAX_FILES];
	uint8_t coll_fmspc[MAX_FILES][6];	/* each file's, when they are whole bundles */
	enum tdxg_pck_ca coll_ca[MAX_FILES];
	struct tdxg_collateral *coll_set[MAX_FILES];	/* each bundle as parsed, until the store takes it */
	int bundles;			/* several --collateral bundles, one per FMSPC and CA */
	uint8_t *root[MAX_ROOTS];	/* PEM; one NULL: the built-in root */
	size_t root_len[MAX_ROOTS];
	const char **root_paths;
	int nroots;			/* at least 1 */
	struct pccs_cfg *pc;
	pthread_mutex_t fetch_lock;	/* pc serves every root's store */
	struct source src[MAX_ROOTS];
	struct tdxg_verifier *v[MAX_ROOTS];	/* one per root, shared by every thread */
	struct tdxg_collateral *coll[MAX_ROOTS];	/* one --collateral set, per root, read-only */
	uint8_t *log_buf[MAX_FILES];	/* --replay, read once */
	struct tdxg_verify_log logs[MAX_FILES];
	struct outcome setup;		/* a failure every quote shares (root, collateral, logs) */
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

/* The exit code of a failed fetch by the collateral source's errno (fetch_collateral()). */
static int fetch_exit(int err)
{
	switch (err) {
	case -ETIMEDOUT: return TDXG_EXIT_TIMEOUT;
	case -EBADMSG: return TDXG_EXIT_INVALID;
	case -EINVAL: return TDXG_EXIT_USAGE;
	default: return TDXG_EXIT_IO;
	}
}

/*
 * With several --root, which one anchors the quote: the first under which
 * its signatures and PCK chain verify (TCB aside), else the first root
 * that the chain reaches before failing, else the first. One extra
 * verification per quote, only when several roots are given.
 */
static int pick_root(struct run *r, const struct tdxg_quote *q)
{
	struct tdxg_verify_opts vo = TDXG_VERIFY_OPTS_INIT;
	struct tdxg_verify_result res;
	int j, reached = -1;

	vo.at = r->vo.at;
	vo.at_set = r->vo.at_set;
	vo.flags = TDXG_VERIFY_NO_TCB;
	vo.allow_debug = 1;
	for (j = 0; j < r->nroots; j++) {
		tdxg_verify_result_init(&res);
		if (!tdxg_quote_verify(r->v[j], q, &vo, &res))
			return j;
		if (reached < 0 && strcmp(res.check, "pck_chain"))
			reached = j;
	}
	return reached < 0 ? 0 : reached;
}

/* The library's verdict as verify reports it: exit code, check, detail. */
static void outcome_from(const struct run *r, struct outcome *o, const struct tdxg_verify_result *res)
{
	const struct policy *pol = r->pol;
	unsigned int n;
	int k;

	set_fail(o, res->error == TDXG_VERIFY_FETCH ? fetch_exit(res->fetch_error) : exit_for(res->error),
		 "", "%s", res->detail);
	o->check = res->check;
	/* As the library's check when a set is for another platform: fmspc, exit 7. */
	if (res->error == TDXG_VERIFY_FETCH && r->bundles && res->fetch_error == -ENOENT)
		set_fail(o, TDXG_EXIT_TCB, "fmspc", "%s", res->detail);
	else if (!strcmp(res->check, "tcb_not_evaluated") || res->error == TDXG_VERIFY_FETCH)
		set_fail(o, o->code, res->check, "%s; without collateral the TCB is not evaluated: give "
			 "--collateral FILE or --pccs URL, or --no-tcb to check signatures and policy only",
			 res->detail);
	/* The library numbers the logs; the user named them. */
	if (!strncmp(res->check, "replay", 6) && sscanf(res->detail, "log %u: %n", &n, &k) == 1 &&
	    n >= 1 && n <= (unsigned)pol->nreplay)
		set_fail(o, o->code, res->check, "%s: %s", pol->replay[n - 1], res->detail + k);
	if (!strcmp(res->check, "replay_history") && res->failed_event &&
	    res->failed_log < (unsigned)pol->nreplay) {
		o->ev_log = pol->replay[res->failed_log];
		o->ev_index = res->failed_event;
		o->ev_rtmr = res->failed_rtmr;
		o->ev_type = res->failed_event_type;
		o->ev_why = res->failed_why;
	}
}

static int verify_one(struct run *r, size_t idx)
{
	const char *path = r->paths[idx];
	struct tdxg_verify_result res;
	struct outcome o = { 0 };
	struct tdxg_quote q;
	uint8_t *qbuf = NULL;
	size_t qlen;
	struct tdxg_err err = { 0 };
	int rc, have_q = 0;

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
	if (r->nroots > 1) {
		/* Each root's verifier has its own collateral (a set is checked against one root). */
		struct tdxg_verify_opts vo = r->vo;
		int root = pick_root(r, &q);

		vo.collateral = r->coll[root];
		rc = tdxg_quote_verify(r->v[root], &q, &vo, &res);
	} else {
		rc = tdxg_quote_verify(r->v[0], &q, &r->vo, &res);
	}
	if (rc && res.error == TDXG_VERIFY_OK)
		/* libtdxg refused the call itself (arguments, memory): never a pass. */
		set_fail(&o, rc == -EINVAL ? TDXG_EXIT_USAGE : TDXG_EXIT_IO, "verify",
			 "libtdxg refused to verify: %s", strerror(-rc));
	else if (rc)
		outcome_from(r, &o, &res);
done:
	pthread_mutex_lock(&r->lock);
	render_result(path, have_q ? &q : NULL, &res, &o, &r->vo, r->pol);
	pthread_mutex_unlock(&r->lock);
	free(qbuf);
	return o.code;
}

static void *worker_main(void *arg)
{
	struct run *r = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		i = r->next++;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->npaths)
			break;
		r->codes[i] = verify_one(r, i);
	}
	return NULL;
}

/*
 * The verifier's collateral source: the cache, else the server (--pccs,
 * the qcnl conf's PCCS, else Intel PCS); a set fetched is cached once
 * libtdxg has checked it (cache_collateral()). Every root's store asks
 * through the one pccs_cfg, one at a time.
 */
static int fetch_collateral(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca, int64_t at,
			    unsigned int flags, void **bundle, size_t *len, struct tdxg_collateral **parsed,
			    struct tdxg_err *err)
{
	struct source *s = ctx;
	struct run *r = s->r;
	int from_cache, rc, again = flags & TDXG_FETCH_AGAIN;

	pthread_mutex_lock(&r->fetch_lock);
	/* --offline: the cached set is all there is, and its verdict stands. */
	if (again && !r->pc->offline)
		fprintf(stderr, "%s: cached collateral %s failed its checks; fetching again\n",
			tdxg_prog, r->pc->entry);
	/* Intel PCS: the root CA CRL is found from the root's distribution point. */
	r->pc->root_pem = (const char *)r->root[s->root];
	r->pc->root_len = r->root_len[s->root];
	rc = pccs_get_id(r->pc, fmspc, ca, at, again && !r->pc->offline, (char **)bundle, len,
			 parsed, &from_cache, err->msg, sizeof(err->msg));
	pthread_mutex_unlock(&r->fetch_lock);
	if (!rc)
		return from_cache && !again;
	err->code = rc == TDXG_EXIT_TIMEOUT ? -ETIMEDOUT : rc == TDXG_EXIT_INVALID ? -EBADMSG :
		    rc == TDXG_EXIT_USAGE ? -EINVAL : -EIO;
	return err->code;
}

static void cache_collateral(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca, const void *bundle,
			     size_t len)
{
	struct source *s = ctx;

	pthread_mutex_lock(&s->r->fetch_lock);
	pccs_store_id(s->r->pc, fmspc, ca, bundle, len);
	pthread_mutex_unlock(&s->r->fetch_lock);
}

static void hex_fmspc(const uint8_t fmspc[6], char out[13])
{
	int i;

	for (i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02X", fmspc[i]);
}

/*
 * The source of several --collateral bundles: the one for fmspc/ca, the
 * set parsed by load_collateral() handed over the first time; else
 * -ENOENT, why in err (outcome_from(): check fmspc, exit 7).
 */
static int bundle_collateral(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca, int64_t at,
			     unsigned int flags, void **bundle, size_t *len, struct tdxg_collateral **parsed,
			     struct tdxg_err *err)
{
	struct run *r = ((struct source *)ctx)->r;
	char fm[13], have[160] = "";
	size_t n = 0;
	int j;

	(void)at;
	(void)flags;
	for (j = 0; j < r->ncoll; j++) {
		if (!memcmp(r->coll_fmspc[j], fmspc, 6) && r->coll_ca[j] == ca) {
			*bundle = malloc(r->coll_len[j]);
			if (!*bundle) {
				snprintf(err->msg, sizeof(err->msg), "out of memory");
				return err->code = -ENOMEM;
			}
			memcpy(*bundle, r->coll_buf[j], r->coll_len[j]);
			*len = r->coll_len[j];
			/* Parsed once; a second root's store parses its own copy. */
			*parsed = __atomic_exchange_n(&r->coll_set[j], NULL, __ATOMIC_ACQ_REL);
			return 0;
		}
		hex_fmspc(r->coll_fmspc[j], fm);
		if (n < sizeof(have))
			n += (size_t)snprintf(have + n, sizeof(have) - n, "%s%s (%s)", n ? ", " : "", fm,
					      tdxg_pck_ca_name(r->coll_ca[j]));
	}
	hex_fmspc(fmspc, fm);
	snprintf(err->msg, sizeof(err->msg), "no --collateral bundle is for this quote's FMSPC %s "
		 "(PCK %s CA); the bundles are for %s", fm, tdxg_pck_ca_name(ca), have);
	return err->code = -ENOENT;
}

/*
 * The --collateral files: each a whole bundle (TCB info, QE identity,
 * CRLs) for its own FMSPC and PCK CA, when there are several such (the
 * store then serves each quote its platform's, bundle_collateral());
 * otherwise the parts of one set, parsed once per root into r->coll.
 * Failures go to r->setup.
 */
static void load_collateral(struct run *r)
{
	struct tdxg_collateral *one;
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
		/* One file is one set: parsed once, below. */
		if (r->ncoll == 1)
			break;
		one = tdxg_collateral_new();
		if (one && !tdxg_collateral_add(one, r->coll_buf[j], r->coll_len[j], NULL) &&
		    !tdxg_collateral_describe(one, r->coll_fmspc[j], &r->coll_ca[j], &next)) {
			whole++;
			r->coll_set[j] = one;
		} else {
			tdxg_collateral_free(one);
		}
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
	for (j = 0; j < r->ncoll; j++) {
		tdxg_collateral_free(r->coll_set[j]);
		r->coll_set[j] = NULL;
	}
	/* A set is checked against one root: one per root. */
	for (k = 0; r->ncoll && k < r->nroots && !r->setup.code; k++) {
		r->coll[k] = tdxg_collateral_new();
		if (!r->coll[k]) {
			set_fail(&r->setup, TDXG_EXIT_IO, "collateral", "out of memory");
			return;
		}
		for (j = 0; j < r->ncoll && !r->setup.code; j++)
			if (tdxg_collateral_add(r->coll[k], r->coll_buf[j], r->coll_len[j], &err))
				set_fail(&r->setup, TDXG_EXIT_INVALID, "collateral", "%s: %s",
					 r->coll_paths[j], err.msg);
	}
}

/* What every quote shares, checked once: the roots, the --collateral files, the logs. */
static void setup(struct run *r)
{
	struct tdxg_err err;
	size_t len;
	int j, e;

	for (j = 0; j < r->nroots; j++) {
		if (tdxg_verifier_new(&r->v[j], r->root[j], r->root_len[j], &err)) {
			set_fail(&r->setup, TDXG_EXIT_INVALID, "root", "%s: %s",
				 r->root_paths[j] ? r->root_paths[j] : "built-in root", err.msg);
			return;
		}
		r->src[j].r = r;
		r->src[j].root = j;
	}
	load_collateral(r);
	for (j = 0; !r->setup.code && j < r->pol->nreplay; j++) {
		const char *p = r->pol->replay[j];

		if (!strcmp(p, "-") && r->pol->stdin_err)
			e = r->pol->stdin_err;
		else if (!strcmp(p, "-"))
			e = dup_input(r->pol->stdin_log, r->pol->stdin_log_len, &r->log_buf[j], &len);
		else
			e = tdxg_read_file(p, LOG_MAX, &r->log_buf[j], &len);
		if (e) {
			set_fail(&r->setup, input_exit(e), "replay", "%s: %s", p, input_strerror(e));
			break;
		}
		r->logs[j].buf = r->log_buf[j];
		r->logs[j].len = len;
	}
	r->vo.logs = r->logs;
	r->vo.nr_logs = (unsigned int)r->pol->nreplay;
	r->vo.collateral = r->coll[0];
	if (r->setup.code || (r->vo.flags & TDXG_VERIFY_NO_TCB))
		return;
	/*
	 * Without --collateral the collateral comes from where `tdxg
	 * collateral` gets it (--pccs, the qcnl conf's PCCS, else Intel PCS),
	 * through the cache (--offline: the cache alone), once per FMSPC and
	 * PCK CA for the batch; several bundles fill the store the same way,
	 * each platform from its own; --no-tcb: nothing for what is not judged.
	 */
	for (j = 0; j < r->nroots; j++) {
		if (r->bundles)
			tdxg_verifier_set_collateral_source(r->v[j], bundle_collateral, NULL, &r->src[j]);
		else if (!r->ncoll)
			tdxg_verifier_set_collateral_source(r->v[j], fetch_collateral, cache_collateral,
							    &r->src[j]);
	}
}

/*
 * Verifies every quote of r with `jobs` threads sharing one verifier per
 * root; results are printed as they complete. Exit code: that of the only
 * quote, or for several 0 when all passed, else the first failing
 * quote's (in the order given).
 */

static int run_batch(struct run *r, int jobs)
{
	pthread_t *tid = NULL;
	size_t i, ok = 0;
	int rc = 0, j;

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
	tid = calloc(jobs, sizeof(*tid));
	if (!r->codes || !tid) {
		rc = TDXG_EXIT_IO;
		goto out;
	}
	/*
	 * Verification needs no OpenSSL configuration (keys, digests and
	 * ECDSA are used directly): reading openssl.cnf and initialising the
	 * engines it may name cost a whole process about 1.7 M instructions.
	 * A run that fetches keeps it, for libcurl's TLS.
	 */
	if (r->ncoll || (r->vo.flags & TDXG_VERIFY_NO_TCB) || r->pc->offline)
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	pthread_mutex_init(&r->fetch_lock, NULL);
	setup(r);
	if ((size_t)jobs > r->npaths)
		jobs = (int)r->npaths;
	if (jobs == 1) {
		worker_main(r);
	} else {
		for (j = 0; j < jobs; j++)
			if (pthread_create(&tid[j], NULL, worker_main, r))
				break;
		if (!j)
			worker_main(r);
		while (j-- > 0)
			pthread_join(tid[j], NULL);
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
	free(tid);
	for (j = 0; j < MAX_FILES; j++)
		free(r->log_buf[j]);
	free(r->codes);
	for (j = 0; j < MAX_ROOTS; j++) {
		tdxg_verifier_free(r->v[j]);
		tdxg_collateral_free(r->coll[j]);
	}
	for (j = 0; j < MAX_FILES; j++) {
		free(r->coll_buf[j]);
		tdxg_collateral_free(r->coll_set[j]);
	}
	for (j = 0; j < r->nroots; j++)
		free(r->root[j]);
	free(r->stdin_quote);
	pthread_mutex_destroy(&r->fetch_lock);
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
	vo.expect_sealed = pol.sealed_mask;
	vo.expect_once = pol.once_mask;
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
