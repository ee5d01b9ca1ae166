// SPDX-License-Identifier: MIT
/*
 * libtdxg's error convention as a caller sees it (tests/host/lib-api.t):
 * each public function that can fail returns 0 or one documented negative
 * errno, sets err->code to the same value with a message, and takes
 * err = NULL; tdxg_quote_verify() returns the documented errno of each
 * failure class; the option and result structs keep their size contract
 * ("Extensible structs" in <tdxg/quote.h>); and no call starts a thread,
 * installs a signal handler or loads a kernel module unless asked to
 * (pthread_create and dlopen are wrapped at link time to count them).
 * Prints TAP.
 *
 * usage: lib-api DIR
 * DIR holds: root.pem (test QGS root), leaf.pem (its PCK certificate),
 * q.dat (quote under that root), ok.json (collateral: UpToDate),
 * ood.json (OutOfDate), phala.dat and phala.json (a real quote and its
 * collateral), tdreport.dat (the TDREPORT q.dat was made from),
 * rootcrl.der (Intel's root CA CRL), and sealed.log/sealed.q (a runtime
 * log: an extend, then LOCKED on RTMR0, and a quote of its replay) and
 * history.log/history.q (an extend after LOCKED).
 */
#define _GNU_SOURCE	/* memmem */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tdxg/tdxg.h>
#include <tdxg/pcs.h>

static int tap_n, fails;

static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	fails += !ok;
}

/*
 * Runs call twice: with a struct tdxg_err (E), which must then hold the
 * returned code and a message, and with E = NULL, which must return the
 * same code without crashing.
 */
#define EXPECT(want, desc, call) do {						\
	struct tdxg_err e_ = { 12345, "" }, *E = &e_;				\
	int rc_ = (call);							\
										\
	tap(rc_ == (want) && e_.code == rc_ && e_.msg[0],			\
	    "%s: %s (rc %d, err.code %d, \"%s\")", desc, #want, rc_, e_.code, e_.msg); \
	E = NULL;								\
	rc_ = (call);								\
	tap(rc_ == (want), "%s: %s with err NULL (rc %d)", desc, #want, rc_);	\
} while (0)

static char dir[512];

/* Linked with --wrap: every thread libtdxg starts and library it dlopens. */
int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
void *__real_dlopen(const char *name, int flags);
static int threads_started, kmod_opened;

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	__atomic_add_fetch(&threads_started, 1, __ATOMIC_SEQ_CST);
	return __real_pthread_create(t, a, fn, arg);
}

void *__wrap_dlopen(const char *name, int flags)
{
	if (name && strstr(name, "libkmod")) {
		kmod_opened++;
		return NULL;	/* a test loads no kernel module: libkmod is "absent" */
	}
	return __real_dlopen(name, flags);
}

static int wake_signal_default(void)
{
	struct sigaction sa;

	return !sigaction(TDXG_QGS_WAKE_SIGNAL, NULL, &sa) && sa.sa_handler == SIG_DFL;
}

/*
 * Process-wide effects are the caller's choice: a plain tdxg_open() of an
 * absent device loads no module, and a tdvmcall quote (the device a
 * regular file, so the ioctl fails at once) starts no watchdog thread and
 * installs no handler for TDXG_QGS_WAKE_SIGNAL; with the flags they do.
 * Runs first, while the process still has the default disposition.
 */
static void side_effects(void)
{
	char absent[600], fake[600];
	struct tdxg_qgs_request req;
	struct tdxg_qgs_error qe;
	struct tdxg_dev *dev;
	uint8_t rd[TDXG_REPORTDATA_LEN] = { 0 }, *quote;
	size_t quote_len;
	int rc, fd, was_default = wake_signal_default();

	snprintf(absent, sizeof(absent), "%s/absent-device", dir);
	snprintf(fake, sizeof(fake), "%s/regular-file-device", dir);
	fd = open(fake, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || close(fd)) {
		fprintf(stderr, "cannot create %s\n", fake);
		exit(2);
	}

	setenv("TDXG_DEVICE", absent, 1);
	rc = tdxg_open(&dev, 0);
	tap(rc == -ENOENT && !dev && kmod_opened == 0,
	    "tdxg_open(absent device, no flags): -ENOENT, libkmod never opened (rc %d, %d opens)", rc, kmod_opened);

	setenv("TDXG_DEVICE", fake, 1);
	tdxg_qgs_request_init(&req);
	req.reportdata = rd;
	req.timeout_ms = 5000;
	rc = tdxg_qgs_parse_transport("tdvmcall", &req.transport, &qe);
	tap(rc == 0 && req.flags == 0, "tdxg_qgs_request_init: flags 0 (rc %d)", rc);
	rc = tdxg_qgs_get_quote(&req, &quote, &quote_len, NULL, &qe);
	tap(rc < 0 && qe.err.code == rc && threads_started == 0 && was_default && wake_signal_default(),
	    "tdxg_qgs_get_quote(tdvmcall, no flags): fails (%d, \"%s\"), no thread started (%d), "
	    "TDXG_QGS_WAKE_SIGNAL still SIG_DFL", rc, qe.err.msg, threads_started);
	req.flags = 1U << 7;
	rc = tdxg_qgs_get_quote(&req, &quote, &quote_len, NULL, &qe);
	tap(rc == -EINVAL && qe.status == TDXG_QGS_E_USAGE && threads_started == 0,
	    "tdxg_qgs_get_quote(unknown flag): -EINVAL, usage (\"%s\")", qe.err.msg);
	req.flags = TDXG_QGS_WATCHDOG;
	rc = tdxg_qgs_get_quote(&req, &quote, &quote_len, NULL, &qe);
	tap(rc < 0 && threads_started == 1 && !wake_signal_default(),
	    "tdxg_qgs_get_quote(tdvmcall, TDXG_QGS_WATCHDOG): one watchdog thread (%d), "
	    "the wake handler installed (rc %d)", threads_started, rc);

	setenv("TDXG_DEVICE", absent, 1);
	if (tdxg_module_loaded()) {
		tap(1, "# SKIP tdxg_open(TDXG_OPEN_LOAD_MODULE): module tdxg is loaded here");
	} else {
		rc = tdxg_open(&dev, TDXG_OPEN_LOAD_MODULE);
		tap((rc == -EPERM && kmod_opened == 0) || (rc == -ENOENT && kmod_opened == 1),
		    "tdxg_open(absent device, TDXG_OPEN_LOAD_MODULE): libkmod opened only if the caller "
		    "may load modules (rc %d, %d opens)", rc, kmod_opened);
	}
	unsetenv("TDXG_DEVICE");
}

/* tdxg_collateral_add to a new collateral object, freed after. */
static int add_to_new(const void *buf, size_t len, struct tdxg_err *err)
{
	struct tdxg_collateral *c = tdxg_collateral_new();
	int rc = c ? tdxg_collateral_add(c, buf, len, err) : -ENOMEM;

	tdxg_collateral_free(c);
	return rc;
}

static uint8_t *slurp(const char *name, size_t *len)
{
	char path[700];
	uint8_t *buf;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (tdxg_read_file(path, 1 << 22, &buf, len)) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	return buf;
}

static struct tdxg_collateral *coll(const uint8_t *buf, size_t len)
{
	struct tdxg_collateral *c = tdxg_collateral_new();

	if (!c || tdxg_collateral_add(c, buf, len, NULL))
		exit(3);
	return c;
}

/* Bytes a library call must not have touched (filled with 0xa5). */
static int guard_ok(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0xa5)
			return 0;
	return 1;
}

/*
 * The size contract of tdxg_verify_opts and tdxg_verify_result, with a
 * quote that verifies under o: an old caller (the first published size),
 * a future one (bigger, tail zero: accepted; tail set: -E2BIG), size 0,
 * and results smaller or larger than the library's.
 */
static void sizes(struct tdxg_verifier *v, const struct tdxg_quote *q,
		  const struct tdxg_verify_opts *o)
{
	struct tdxg_verify_opts init = TDXG_VERIFY_OPTS_INIT, fn;
	struct tdxg_verify_result ri = TDXG_VERIFY_RESULT_INIT, rf;
	size_t big = sizeof(struct tdxg_verify_result) + 64;
	struct tdxg_verify_opts *fo = calloc(1, sizeof(*fo) + 16);
	uint8_t *rb = malloc(big);
	struct tdxg_verify_result *r = (struct tdxg_verify_result *)rb;
	int rc;

	memset(&fn, 0xff, sizeof(fn));
	tdxg_verify_opts_init(&fn);
	memset(&rf, 0xff, sizeof(rf));
	tdxg_verify_result_init(&rf);
	tap(init.size == sizeof(init) && fn.size == sizeof(fn) && !fn.at_set && !fn.collateral &&
	    !fn.expect && ri.size == sizeof(ri) && rf.size == sizeof(rf) && rf.error == 0,
	    "TDXG_VERIFY_*_INIT and tdxg_verify_*_init() set size %u/%u, the rest zero",
	    fn.size, rf.size);
	tap(TDXG_VERIFY_OPTS_SIZE_VER0 == 624 && TDXG_VERIFY_RESULT_SIZE_VER0 == 16792,
	    "the first published sizes: opts 624, result 16792");
	/* A later version's members start past the earlier size, tail padding included. */
	tap(TDXG_VERIFY_OPTS_SIZE_VER1 == 712 && TDXG_VERIFY_OPTS_SIZE_VER2 == 736 &&
	    offsetof(struct tdxg_verify_opts, qe_vendor_id) >= TDXG_VERIFY_OPTS_SIZE_VER0 &&
	    offsetof(struct tdxg_verify_opts, logs) >= TDXG_VERIFY_OPTS_SIZE_VER1 &&
	    sizeof(struct tdxg_verify_opts) == TDXG_VERIFY_OPTS_SIZE_VER2 &&
	    TDXG_VERIFY_RESULT_SIZE_VER1 == 16912 &&
	    offsetof(struct tdxg_verify_result, failed_log) >= TDXG_VERIFY_RESULT_SIZE_VER0 &&
	    sizeof(struct tdxg_verify_result) == TDXG_VERIFY_RESULT_SIZE_VER1,
	    "later sizes: opts VER1 712, VER2 736 (logs at %zu), result VER1 16912 (failed_log at %zu)",
	    offsetof(struct tdxg_verify_opts, logs), offsetof(struct tdxg_verify_result, failed_log));

	memcpy(fo, o, sizeof(*o));
	memset(rb, 0xa5, big);
	r->size = TDXG_VERIFY_RESULT_SIZE_VER0;
	fo->size = TDXG_VERIFY_OPTS_SIZE_VER0;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == 0 && r->size == TDXG_VERIFY_RESULT_SIZE_VER0 && r->tcb_status == TDXG_TCB_UP_TO_DATE &&
	    guard_ok(rb + TDXG_VERIFY_RESULT_SIZE_VER0, big - TDXG_VERIFY_RESULT_SIZE_VER0),
	    "old caller (VER0 sizes): 0, result filled, not a byte past its size (rc %d)", rc);

	fo->size = sizeof(*fo) + 16;
	memset(rb, 0xa5, big);
	r->size = big;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == 0 && r->size == sizeof(struct tdxg_verify_result) &&
	    guard_ok(rb + sizeof(struct tdxg_verify_result), 64),
	    "future caller, unknown option bytes zero: 0; result size set to %u, its tail untouched (rc %d)",
	    r->size, rc);

	((uint8_t *)fo)[sizeof(*fo) + 9] = 1;
	memset(rb, 0xa5, big);
	r->size = big;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == -E2BIG && guard_ok(rb + 4, big - 4),
	    "future caller, an unknown option set: -E2BIG, result untouched (rc %d)", rc);

	fo->size = 0;
	r->size = big;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == -EINVAL, "options of size 0: -EINVAL (rc %d)", rc);
	fo->size = TDXG_VERIFY_OPTS_SIZE_VER0 - 4;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == -EINVAL, "options below the first published size: -EINVAL (rc %d)", rc);

	fo->size = sizeof(*fo);
	memset(rb, 0xa5, big);
	r->size = TDXG_VERIFY_RESULT_SIZE_VER0 - 8;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == -EINVAL && guard_ok(rb + 4, big - 4),
	    "result below the first published size: -EINVAL, not a byte written (rc %d)", rc);
	memset(rb, 0xa5, big);
	r->size = 0;
	rc = tdxg_quote_verify(v, q, fo, r);
	tap(rc == -EINVAL && guard_ok(rb + 4, big - 4), "result of size 0: -EINVAL, not a byte written (rc %d)", rc);

	tap(tdxg_verify_policy_load(fo, "{\"min_qe_svn\": 3}", 17, NULL) == 0 && fo->min_qe_svn == 3,
	    "tdxg_verify_policy_load(opts of its size): 0");
	fo->size = sizeof(*fo) + 16;
	((uint8_t *)fo)[sizeof(*fo) + 9] = 1;
	EXPECT(-E2BIG, "tdxg_verify_policy_load(future opts, an unknown option set)",
	       tdxg_verify_policy_load(fo, "{\"min_qe_svn\": 4}", 17, E));
	tap(fo->min_qe_svn == 3, "tdxg_verify_policy_load(unknown option set): opts unchanged");
	((uint8_t *)fo)[sizeof(*fo) + 9] = 0;
	tap(tdxg_verify_policy_load(fo, "{\"min_qe_svn\": 4}", 17, NULL) == 0 && fo->min_qe_svn == 4,
	    "tdxg_verify_policy_load(future opts, unknown bytes zero): 0");
	fo->size = 8;
	EXPECT(-EINVAL, "tdxg_verify_policy_load(size 8)", tdxg_verify_policy_load(fo, "{}", 2, E));
	free(fo);
	free(rb);
}

/* ---- the pipeline: replay and seals, the collateral store (issue 24) ---- */

/* A collateral source for the store: counts calls, gives phala.json or fails. */
struct source {
	const uint8_t *bundle;
	size_t len;
	int fail;		/* errno to return, 0: give the bundle */
	int cached_bad;		/* first answer: a damaged set "from a cache" */
	int calls, again, accepted;
	pthread_mutex_t lock;
};

static int source_fetch(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca, int64_t at,
			unsigned int flags, void **bundle, size_t *len, struct tdxg_collateral **parsed,
			struct tdxg_err *err)
{
	struct source *s = ctx;

	(void)fmspc, (void)ca, (void)at, (void)parsed;
	pthread_mutex_lock(&s->lock);
	s->calls++;
	s->again += !!(flags & TDXG_FETCH_AGAIN);
	pthread_mutex_unlock(&s->lock);
	if (s->fail) {
		snprintf(err->msg, sizeof(err->msg), "test source: no collateral");
		return s->fail;
	}
	*bundle = malloc(s->len);
	memcpy(*bundle, s->bundle, s->len);
	*len = s->len;
	if (s->cached_bad && !(flags & TDXG_FETCH_AGAIN)) {
		/* One byte of the signed TCB info changed: it parses, its signature fails. */
		uint8_t *p = memmem(*bundle, s->len, "tcbEvaluationDataNumber", 23);

		p[26] ^= 1;
		return 1;
	}
	return 0;
}

static void source_accepted(void *ctx, const uint8_t fmspc[6], enum tdxg_pck_ca ca, const void *bundle,
			    size_t len)
{
	struct source *s = ctx;

	(void)fmspc, (void)ca, (void)bundle, (void)len;
	s->accepted++;
}

struct batch {
	struct tdxg_verifier *v;
	const struct tdxg_quote *q;
	const struct tdxg_verify_opts *o;
	int ok;
};

static void *batch_thread(void *arg)
{
	struct batch *b = arg;
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	int i;

	for (i = 0; i < 5; i++)
		b->ok += !tdxg_quote_verify(b->v, b->q, b->o, &r) && r.tcb_status == TDXG_TCB_UP_TO_DATE;
	return NULL;
}

static struct tdxg_quote *quote_of(const char *name, uint8_t **buf)
{
	static struct tdxg_quote q[8];
	static int n;
	size_t len;

	*buf = slurp(name, &len);
	if (tdxg_quote_parse(*buf, len, &q[n], NULL))
		exit(5);
	return &q[n++];
}

static void pipeline(struct tdxg_verifier *vt, struct tdxg_verifier *vi, const struct tdxg_quote *pq,
		     const uint8_t *pjb, size_t pjl, int64_t at)
{
	struct tdxg_verify_result res = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_verify_opts o;
	struct tdxg_verify_log logs[2];
	struct tdxg_quote *sq, *hq;
	uint8_t *sb, *hb, *slog, *hlog;
	size_t sll, hll;
	struct source src = { .bundle = pjb, .len = pjl, .lock = PTHREAD_MUTEX_INITIALIZER };
	struct batch b[4];
	pthread_t t[4];
	int rc, i, ok;

	sq = quote_of("sealed.q", &sb);
	hq = quote_of("history.q", &hb);
	slog = slurp("sealed.log", &sll);
	hlog = slurp("history.log", &hll);

	/* Replay and seals: the library's verdicts, no CLI. */
	tdxg_verify_opts_init(&o);
	o.flags = TDXG_VERIFY_NO_TCB;
	logs[0] = (struct tdxg_verify_log){ slog, sll };
	o.logs = logs;
	o.nr_logs = 1;
	o.expect_sealed = 1u << 0;
	rc = tdxg_quote_verify(vt, sq, &o, &res);
	tap(rc == 0, "verify(logs, expect_sealed RTMR0): the replay matches and RTMR0 is sealed: 0 (%s: %s)",
	    res.check, res.detail);
	o.expect_sealed = 0;
	o.expect_once = 1u << 0;
	rc = tdxg_quote_verify(vt, sq, &o, &res);
	tap(rc == -EPERM && res.error == TDXG_VERIFY_POLICY && !strcmp(res.check, "expect_once"),
	    "verify(expect_once RTMR0) of a register sealed without ONCE: -EPERM, expect_once (%s)", res.check);
	o.expect_once = 0;
	o.expect_sealed = 1u << 1;
	rc = tdxg_quote_verify(vt, sq, &o, &res);
	tap(rc == -EPERM && !strcmp(res.check, "expect_sealed") && strstr(res.detail, "RTMR1"),
	    "verify(expect_sealed RTMR1), never sealed: -EPERM, expect_sealed (%s)", res.detail);
	o.expect_sealed = 0;
	logs[0] = (struct tdxg_verify_log){ hlog, hll };
	rc = tdxg_quote_verify(vt, hq, &o, &res);
	tap(rc == -EPERM && !strcmp(res.check, "replay_history") && res.failed_log == 0 &&
	    res.failed_event == 3 && res.failed_rtmr == 0 && res.failed_event_type == 0xd && res.failed_why[0],
	    "verify(a log with an extend after LOCKED): -EPERM, replay_history, event 3 of log 0, "
	    "RTMR0, EV_IPL (%s: %s)", res.check, res.detail);
	rc = tdxg_quote_verify(vt, sq, &o, &res);
	tap(rc == -EPERM && !strcmp(res.check, "replay") && !res.failed_event,
	    "verify(another quote's log): -EPERM, replay (%s)", res.detail);
	logs[0] = (struct tdxg_verify_log){ "\0\0\0\0\0\0\0\0", 8 };
	rc = tdxg_quote_verify(vt, sq, &o, &res);
	tap(rc == -EBADMSG && res.error == TDXG_VERIFY_INVALID && !strcmp(res.check, "replay"),
	    "verify(8 bytes of padding as a log): -EBADMSG, replay (%s)", res.detail);
	o.nr_logs = 0;
	o.expect_sealed = 1;
	tap(tdxg_quote_verify(vt, sq, &o, &res) == -EINVAL, "verify(expect_sealed without logs): -EINVAL");
	o.expect_sealed = 1u << 4;
	o.nr_logs = 1;
	logs[0] = (struct tdxg_verify_log){ slog, sll };
	tap(tdxg_quote_verify(vt, sq, &o, &res) == -EINVAL, "verify(expect_sealed RTMR4): -EINVAL");
	o.expect_sealed = 0;
	o.logs = NULL;
	tap(tdxg_quote_verify(vt, sq, &o, &res) == -EINVAL, "verify(nr_logs 1, logs NULL): -EINVAL");

	/* The store: one fetch for every quote of a platform, in every thread. */
	tap(tdxg_verifier_set_collateral_source(NULL, source_fetch, NULL, &src) == -EINVAL,
	    "tdxg_verifier_set_collateral_source(NULL verifier): -EINVAL");
	tdxg_verify_opts_init(&o);
	o.at_set = 1;
	o.at = at;
	tap(tdxg_verifier_set_collateral_source(vi, source_fetch, source_accepted, &src) == 0,
	    "tdxg_verifier_set_collateral_source: 0");
	for (i = 0; i < 4; i++) {
		b[i] = (struct batch){ vi, pq, &o, 0 };
		pthread_create(&t[i], NULL, batch_thread, &b[i]);
	}
	for (ok = 0, i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ok += b[i].ok;
	}
	tap(ok == 20 && src.calls == 1 && src.accepted == 1,
	    "4 threads, 20 verifications of one platform, one verifier: all UpToDate, the source asked "
	    "once (%d), the set accepted once (%d)", src.calls, src.accepted);
	/* A set from the source's cache that fails its signature is asked for again, fresh. */
	src.calls = src.accepted = 0;
	src.cached_bad = 1;
	tdxg_verifier_set_collateral_source(vi, source_fetch, source_accepted, &src);
	rc = tdxg_quote_verify(vi, pq, &o, &res);
	rc |= tdxg_quote_verify(vi, pq, &o, &res);
	tap(rc == 0 && src.calls == 2 && src.again == 1 && src.accepted == 1,
	    "a cached set whose signature fails: asked again with TDXG_FETCH_AGAIN, then verified "
	    "(calls %d, again %d, accepted %d)", src.calls, src.again, src.accepted);
	/* A failed fetch fails every quote of the platform, asked once. */
	src.calls = 0;
	src.cached_bad = 0;
	src.fail = -ETIMEDOUT;
	tdxg_verifier_set_collateral_source(vi, source_fetch, NULL, &src);
	rc = tdxg_quote_verify(vi, pq, &o, &res);
	tap(rc == -ETIMEDOUT && res.error == TDXG_VERIFY_FETCH && res.fetch_error == -ETIMEDOUT &&
	    !strcmp(res.check, "collateral") && strstr(res.detail, "test source"),
	    "the source fails (-ETIMEDOUT): TDXG_VERIFY_FETCH, its errno returned, its message (%s)", res.detail);
	rc = tdxg_quote_verify(vi, pq, &o, &res);
	tap(rc == -ETIMEDOUT && src.calls == 1, "... the next quote fails alike, the source not asked again (%d)",
	    src.calls);
	o.flags = TDXG_VERIFY_NO_TCB;
	tap(tdxg_quote_verify(vi, pq, &o, &res) == 0 && src.calls == 1,
	    "TDXG_VERIFY_NO_TCB: the store is not used (calls %d)", src.calls);
	tdxg_verifier_set_collateral_source(vi, NULL, NULL, NULL);
	free(sb), free(hb), free(slog), free(hlog);
}

int main(int argc, char **argv)
{
	size_t ql, pl, rl, ll, okl, oodl, pjl, trl, n;
	uint8_t *qb, *pb, *rb, *lb, *okb, *oodb, *pjb, *trb, *crl, *bad, *two, *three;
	struct tdxg_verifier *vt, *vi, *v;
	struct tdxg_collateral *c, *cok, *cood, *cphala;
	struct tdxg_quote q, pq, badq;
	struct tdxg_pck_info info = TDXG_PCK_INFO_INIT;
	struct tdxg_verify_opts o;
	struct tdxg_verify_result res = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_pcs_responses r;
	uint8_t fmspc[6];
	enum tdxg_pck_ca ca;
	char url[256], *json;
	size_t off, len;
	int64_t at;
	int rc;

	if (argc != 2)
		return 2;
	snprintf(dir, sizeof(dir), "%s", argv[1]);
	side_effects();
	qb = slurp("q.dat", &ql);
	pb = slurp("phala.dat", &pl);
	rb = slurp("root.pem", &rl);
	lb = slurp("leaf.pem", &ll);
	okb = slurp("ok.json", &okl);
	oodb = slurp("ood.json", &oodl);
	pjb = slurp("phala.json", &pjl);
	trb = slurp("tdreport.dat", &trl);
	if (tdxg_quote_parse(qb, ql, &q, NULL) || tdxg_quote_parse(pb, pl, &pq, NULL) ||
	    tdxg_verifier_new(&vt, rb, rl, NULL) || tdxg_verifier_new(&vi, NULL, 0, NULL))
		return 4;

	/* ---- quotes */
	EXPECT(-EINVAL, "tdxg_quote_parse(NULL buffer)", tdxg_quote_parse(NULL, 10, &badq, E));
	EXPECT(-EINVAL, "tdxg_quote_parse(NULL result)", tdxg_quote_parse(pb, pl, NULL, E));
	EXPECT(-EBADMSG, "tdxg_quote_parse(10 bytes)", tdxg_quote_parse(pb, 10, &badq, E));
	EXPECT(-EBADMSG, "tdxg_quote_parse(quote cut inside its PCK chain)",
	       tdxg_quote_parse(pb, pq.len - 100, &badq, E));
	/* The same quote with the PCK chain's first certificate damaged. */
	bad = malloc(pl);
	memcpy(bad, pb, pl);
	tdxg_quote_region(&pq, TDXG_QR_PCK_CHAIN, &off, &len);
	memcpy(bad + off, "-----BEGIN CERTIFICATE-----\n!!!!", 32);
	if (tdxg_quote_parse(bad, pl, &badq, NULL))
		return 5;
	EXPECT(-EBADMSG, "tdxg_quote_pck_info(bad base64 in the PCK chain)",
	       tdxg_quote_pck_info(&badq, &info, E));
	EXPECT(-EINVAL, "tdxg_quote_pck_info(NULL info)", tdxg_quote_pck_info(&pq, NULL, E));
	EXPECT(-EBADMSG, "tdxg_quote_collateral_id(bad base64 in the PCK chain)",
	       tdxg_quote_collateral_id(&badq, fmspc, &ca, E));
	tap(!tdxg_quote_pck_info(&pq, &info, NULL) && info.ncerts == 3 && info.ext_valid,
	    "tdxg_quote_pck_info(real quote): 0, 3 certificates, SGX extension");
	/* A bad PEM block in the third certificate: the two before it are in info. */
	memcpy(bad, pb, pl);
	{
		char *c3 = memmem(bad + off + 1, len - 1, "-----BEGIN CERTIFICATE-----", 27);

		c3 = c3 ? memmem(c3 + 1, len - (c3 + 1 - (char *)bad - off), "-----BEGIN CERTIFICATE-----", 27) : NULL;
		if (!c3 || tdxg_quote_parse(bad, pl, &badq, NULL))
			return 5;
		memcpy(c3 + 28, "!!!!", 4);
	}
	EXPECT(-EBADMSG, "tdxg_quote_pck_info(bad base64 in the third certificate)",
	       tdxg_quote_pck_info(&badq, &info, E));
	tap(info.ncerts == 2 && info.ext_valid && info.certs[1].is_ca,
	    "tdxg_quote_pck_info(bad third certificate): the two before it are in info (ncerts %d)", info.ncerts);

	/* ---- TDREPORT binding: one byte of MRTD changed */
	trb[512 + 8 + 8 + 8] ^= 1;
	EXPECT(-EBADMSG, "tdxg_qgs_quote_matches_report(other MRTD)",
	       tdxg_qgs_quote_matches_report(&q, (const struct tdxg_tdreport *)trb, E));
	trb[512 + 8 + 8 + 8] ^= 1;
	tap(tdxg_qgs_quote_matches_report(&q, (const struct tdxg_tdreport *)trb, NULL) == 0,
	    "tdxg_qgs_quote_matches_report(its own TDREPORT): 0");

	/* ---- verifiers */
	EXPECT(-EINVAL, "tdxg_verifier_new(NULL result)", tdxg_verifier_new(NULL, rb, rl, E));
	EXPECT(-EBADMSG, "tdxg_verifier_new(not PEM)", tdxg_verifier_new(&v, "hello", 5, E));
	EXPECT(-EBADMSG, "tdxg_verifier_new(bad base64)",
	       tdxg_verifier_new(&v, "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n", 58, E));
	two = malloc(2 * rl);
	memcpy(two, rb, rl);
	memcpy(two + rl, rb, rl);
	EXPECT(-EINVAL, "tdxg_verifier_new(two certificates)", tdxg_verifier_new(&v, two, 2 * rl, E));
	three = malloc(3 * rl);
	memcpy(three, two, 2 * rl);
	memcpy(three + 2 * rl, rb, rl);
	EXPECT(-EINVAL, "tdxg_verifier_new(three certificates)", tdxg_verifier_new(&v, three, 3 * rl, E));
	EXPECT(-EINVAL, "tdxg_verifier_new(a PCK leaf, not a CA)", tdxg_verifier_new(&v, lb, ll, E));
	v = (struct tdxg_verifier *)1;
	tdxg_verifier_new(&v, "x", 1, NULL);
	tap(v == NULL, "tdxg_verifier_new: *v is NULL after a failure");

	/* ---- collateral */
	c = tdxg_collateral_new();
	EXPECT(-EINVAL, "tdxg_collateral_add(NULL collateral)", tdxg_collateral_add(NULL, okb, okl, E));
	EXPECT(-EINVAL, "tdxg_collateral_add(NULL buffer)", tdxg_collateral_add(c, NULL, 1, E));
	EXPECT(-EBADMSG, "tdxg_collateral_add(empty)", tdxg_collateral_add(c, "  \n", 3, E));
	EXPECT(-EBADMSG, "tdxg_collateral_add(unrecognised)", tdxg_collateral_add(c, "hello", 5, E));
	EXPECT(-EBADMSG, "tdxg_collateral_add(truncated JSON)", tdxg_collateral_add(c, "{\"a\": ", 6, E));
	EXPECT(-EBADMSG, "tdxg_collateral_add(bundle without members)", tdxg_collateral_add(c, "{\"tcb_info\": 1}", 15, E));
	EXPECT(-EBADMSG, "tdxg_collateral_add(odd-length hex CRL)", tdxg_collateral_add(c, "30821", 5, E));
	tdxg_collateral_free(c);
	c = coll(okb, okl);
	EXPECT(-EEXIST, "tdxg_collateral_add(the bundle twice)", tdxg_collateral_add(c, okb, okl, E));
	tdxg_collateral_free(c);

	/* ---- policy */
	tdxg_verify_opts_init(&o);
	EXPECT(-EINVAL, "tdxg_verify_policy_load(unknown key)",
	       tdxg_verify_policy_load(&o, "{\"bogus\": 1}", 12, E));
	EXPECT(-EINVAL, "tdxg_verify_policy_load(bad JSON)", tdxg_verify_policy_load(&o, "{", 1, E));
	EXPECT(-EINVAL, "tdxg_verify_policy_load(short mrtd)",
	       tdxg_verify_policy_load(&o, "{\"mrtd\": \"00\"}", 14, E));
	EXPECT(-EINVAL, "tdxg_verify_policy_load(NULL opts)", tdxg_verify_policy_load(NULL, "{}", 2, E));
	tap(o.expect == 0, "tdxg_verify_policy_load: opts unchanged after failures");

	/* ---- PCS */
	EXPECT(-EBADMSG, "tdxg_cert_crl_url(not PEM)", tdxg_cert_crl_url("hello", 5, url, sizeof(url), E));
	EXPECT(-ENOENT, "tdxg_cert_crl_url(URL longer than the buffer)",
	       tdxg_cert_crl_url(NULL, 0, url, 10, E));
	tdxg_pcs_responses_init(&r);
	EXPECT(-EBADMSG, "tdxg_collateral_bundle(no responses)", tdxg_collateral_bundle(&r, &json, &n, E));
	r.tcb_info = "{\"tcbInfo\": {}}";
	r.tcb_info_len = 15;
	EXPECT(-EBADMSG, "tdxg_collateral_bundle(TCB info without signature)",
	       tdxg_collateral_bundle(&r, &json, &n, E));

	/* PCS responses as tdxg collateral fetches them: a bundle; a NULL body is an error. */
	{
		const char *names[] = { "pcs-tcb.json", "pcs-qe.json", "pcs-tcb_info_issuer_chain",
					"pcs-qe_identity_issuer_chain", "pcs-pck_crl_issuer_chain",
					"pcs-root_ca_crl", "pcs-pck_crl" };
		uint8_t *p[7];
		size_t pn[7], i;

		for (i = 0; i < 7; i++)
			p[i] = slurp(names[i], &pn[i]);
		tdxg_pcs_responses_init(&r);
		r.tcb_info = p[0], r.tcb_info_len = pn[0];
		r.qe_identity = p[1], r.qe_identity_len = pn[1];
		r.tcb_info_issuer_chain = (const char *)p[2];
		r.qe_identity_issuer_chain = (const char *)p[3];
		r.pck_crl_issuer_chain = (const char *)p[4];
		r.root_ca_crl = p[5], r.root_ca_crl_len = pn[5];
		r.pck_crl = p[6], r.pck_crl_len = pn[6];
		rc = tdxg_collateral_bundle(&r, &json, &n, NULL);
		c = tdxg_collateral_new();
		tap(rc == 0 && c && tdxg_collateral_add(c, json, n, NULL) == 0,
		    "tdxg_collateral_bundle(phala's PCS responses): 0, a bundle tdxg_collateral_add takes (rc %d)", rc);
		tdxg_collateral_free(c);
		if (!rc)
			free(json);
		/* A bundle whose issuer chain has 6 certificates: refused, not cut to 4. */
		{
			uint8_t *six = slurp("chain6.json", &n);

			EXPECT(-E2BIG, "tdxg_collateral_add(an issuer chain of 6 certificates)",
			       add_to_new(six, n, E));
			free(six);
		}
		r.root_ca_crl = NULL;
		EXPECT(-EBADMSG, "tdxg_collateral_bundle(no root CA CRL body, a length)",
		       tdxg_collateral_bundle(&r, &json, &n, E));
		r.root_ca_crl = p[5];
		r.pck_crl = NULL;
		EXPECT(-EBADMSG, "tdxg_collateral_bundle(no PCK CRL body, a length)",
		       tdxg_collateral_bundle(&r, &json, &n, E));
		for (i = 0; i < 7; i++)
			free(p[i]);
		tdxg_pcs_responses_init(&r);
	}

	/* ---- lookups and QGS */
	tap(tdxg_parse_time("2025-13-01T00:00:00Z", &at) == -EINVAL && tdxg_parse_time("", &at) == -EINVAL,
	    "tdxg_parse_time(month 13, empty): -EINVAL");
	tap(tdxg_tcb_status_from_name("Bogus", 5) == -ENOENT &&
	    tdxg_tcb_status_from_name("OutOfDate", 9) == TDXG_TCB_OUT_OF_DATE,
	    "tdxg_tcb_status_from_name: -ENOENT for an unknown name, the status for a known one");
	{
		struct tdxg_qgs_transport t;
		struct tdxg_qgs_request qr;
		struct tdxg_qgs_error qe;
		const uint8_t *quote;
		uint8_t *got, bad_msg[24] = { 1, 0, 1, 0, 1 };
		size_t quote_len;

		rc = tdxg_qgs_parse_transport("carrier-pigeon", &t, &qe);
		tap(rc == -EINVAL && qe.err.code == rc && qe.status == TDXG_QGS_E_USAGE && qe.err.msg[0],
		    "tdxg_qgs_parse_transport(unknown): -EINVAL = err.code, usage (\"%s\")", qe.err.msg);
		rc = tdxg_qgs_parse_response(bad_msg, sizeof(bad_msg), &quote, &quote_len, &qe);
		tap(rc == -EBADMSG && qe.err.code == rc && qe.status == TDXG_QGS_E_MALFORMED && qe.err.msg[0],
		    "tdxg_qgs_parse_response(24 bytes of junk): -EBADMSG = err.code, malformed (\"%s\")",
		    qe.err.msg);
		tdxg_qgs_request_init(&qr);
		qr.tdreport = trb;
		tdxg_qgs_parse_transport("unix:/nonexistent/qgs.socket", &qr.transport, NULL);
		rc = tdxg_qgs_get_quote(&qr, &got, &quote_len, NULL, &qe);
		tap(rc < 0 && qe.err.code == rc && qe.status == TDXG_QGS_E_UNAVAILABLE,
		    "tdxg_qgs_get_quote(unix socket absent): %d = err.code, unavailable (\"%s\")", rc,
		    qe.err.msg);
	}

	/* ---- tdxg_quote_verify: one errno per failure class */
	tdxg_parse_time("2025-07-01T00:00:00Z", &at);
	cok = coll(okb, okl);
	cood = coll(oodb, oodl);
	cphala = coll(pjb, pjl);
	tdxg_verify_opts_init(&o);
	o.at_set = 1;
	o.at = at;
	o.collateral = cphala;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == 0 && res.error == TDXG_VERIFY_OK,
	    "verify: real quote, its collateral: 0 (%s)", res.detail);
	o.at = time(NULL);
	o.collateral = cok;
	tap(tdxg_quote_verify(vt, &q, &o, &res) == 0, "verify: test quote, UpToDate collateral: 0 (%s)",
	    res.detail);
	o.collateral = cood;
	tap(tdxg_quote_verify(vt, &q, &o, &res) == -EKEYEXPIRED && res.error == TDXG_VERIFY_TCB,
	    "verify: OutOfDate: TDXG_VERIFY_TCB, -EKEYEXPIRED (%s: %s)", res.check, res.detail);
	o.collateral = NULL;
	tap(tdxg_quote_verify(vi, &q, &o, &res) == -EKEYREJECTED && res.error == TDXG_VERIFY_SIGNATURE,
	    "verify: test quote under Intel's root: TDXG_VERIFY_SIGNATURE, -EKEYREJECTED (%s)", res.check);
	o.at = at;
	/* Without collateral the TCB was not judged: that fails, unless asked for. */
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EKEYEXPIRED && res.error == TDXG_VERIFY_TCB &&
	    !strcmp(res.check, "tcb_not_evaluated"),
	    "verify: no collateral: TDXG_VERIFY_TCB, -EKEYEXPIRED, tcb_not_evaluated (%s)", res.check);
	o.flags = TDXG_VERIFY_NO_TCB;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == 0 && res.tcb_status == TDXG_TCB_NONE,
	    "verify: no collateral, TDXG_VERIFY_NO_TCB: 0, tcb_status TDXG_TCB_NONE (%s)", res.detail);
	o.collateral = cphala;
	memset(&res, 0xa5, sizeof(res));
	res.size = sizeof(res);
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EINVAL && res.error == (enum tdxg_verify_error)0xa5a5a5a5,
	    "verify: TDXG_VERIFY_NO_TCB with collateral: -EINVAL, res untouched");
	o.collateral = NULL;
	o.accept_mask = 1u << TDXG_TCB_OUT_OF_DATE;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EINVAL, "verify: TDXG_VERIFY_NO_TCB with accept_mask: -EINVAL");
	o.accept_mask = 0;
	o.min_tcb_eval = 17;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EINVAL, "verify: TDXG_VERIFY_NO_TCB with min_tcb_eval: -EINVAL");
	o.min_tcb_eval = 0;
	o.allow_expired_collateral = 1;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EINVAL,
	    "verify: TDXG_VERIFY_NO_TCB with allow_expired_collateral: -EINVAL");
	o.allow_expired_collateral = 0;
	o.flags = 1u << 31;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EINVAL, "verify: an unknown flag: -EINVAL");
	o.flags = TDXG_VERIFY_NO_TCB;
	o.expect = TDXG_EXPECT_MRTD;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EPERM && res.error == TDXG_VERIFY_POLICY &&
	    !strcmp(res.check, "expect_mrtd"),
	    "verify: MRTD not the expected: TDXG_VERIFY_POLICY, -EPERM (%s)", res.check);
	o.expect = 0;
	o.flags = 0;
	/* A collateral set without a QE identity is malformed. */
	crl = slurp("rootcrl.der", &n);
	c = coll(crl, n);
	free(crl);
	o.collateral = c;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EBADMSG && res.error == TDXG_VERIFY_INVALID,
	    "verify: collateral without TCB info: TDXG_VERIFY_INVALID, -EBADMSG (%s: %s)",
	    res.check, res.detail);
	/* ok.json was checked under the test root above: Intel's verifier refuses it. */
	o.collateral = cok;
	tap(tdxg_quote_verify(vi, &pq, &o, &res) == -EIO && res.error == TDXG_VERIFY_INTERNAL,
	    "verify: collateral checked under another root: TDXG_VERIFY_INTERNAL, -EIO (%s: %s)",
	    res.check, res.detail);
	tap(tdxg_quote_verify(NULL, &pq, &o, &res) == -EINVAL && tdxg_quote_verify(vi, NULL, &o, &res) == -EINVAL &&
	    tdxg_quote_verify(vi, &pq, NULL, &res) == -EINVAL && tdxg_quote_verify(vi, &pq, &o, NULL) == -EINVAL,
	    "verify: NULL verifier, quote, opts or result: -EINVAL");
	EXPECT(-EBUSY, "tdxg_collateral_add(collateral in use)", tdxg_collateral_add(cok, okb, okl, E));

	/* ---- size contract */
	o.collateral = cphala;
	sizes(vi, &pq, &o);
	{
		struct tdxg_pck_info *pi = calloc(1, sizeof(*pi) + 64);

		memset(pi, 0xa5, sizeof(*pi) + 64);
		pi->size = TDXG_PCK_INFO_SIZE_VER0 - 8;
		EXPECT(-EINVAL, "tdxg_quote_pck_info(size below VER0)", tdxg_quote_pck_info(&pq, pi, E));
		tap(guard_ok((uint8_t *)pi + 4, sizeof(*pi) + 60),
		    "tdxg_quote_pck_info(size below VER0): nothing written");
		pi->size = sizeof(*pi) + 64;
		rc = tdxg_quote_pck_info(&pq, pi, NULL);
		tap(rc == 0 && pi->ncerts == 3 && pi->size == sizeof(*pi) &&
		    guard_ok((uint8_t *)pi + sizeof(*pi), 64),
		    "tdxg_quote_pck_info(larger struct): 0, filled, size set to %u, its tail untouched",
		    pi->size);
		free(pi);
	}
	{
		struct tdxg_pcs_responses *pr = calloc(1, sizeof(*pr) + 8);

		pr->size = sizeof(*pr) + 8;
		((uint8_t *)pr)[sizeof(*pr) + 3] = 1;
		EXPECT(-E2BIG, "tdxg_collateral_bundle(unknown member set)", tdxg_collateral_bundle(pr, &json, &n, E));
		pr->size = 0;
		EXPECT(-EINVAL, "tdxg_collateral_bundle(size 0)", tdxg_collateral_bundle(pr, &json, &n, E));
		free(pr);
	}
	{
		struct tdxg_qgs_request *qr = calloc(1, sizeof(*qr) + 8);
		struct tdxg_qgs_error qe;
		uint8_t *quote;
		size_t quote_len;

		tdxg_qgs_request_init(qr);
		tap(qr->size == sizeof(*qr) && qr->size >= TDXG_QGS_REQUEST_SIZE_VER0,
		    "tdxg_qgs_request_init sets size %u", qr->size);
		qr->size = sizeof(*qr) + 8;
		((uint8_t *)qr)[sizeof(*qr) + 7] = 1;
		qr->reportdata = trb;
		rc = tdxg_qgs_get_quote(qr, &quote, &quote_len, NULL, &qe);
		tap(rc == -E2BIG && qe.err.code == rc && qe.status == TDXG_QGS_E_USAGE && qe.err.msg[0],
		    "tdxg_qgs_get_quote(unknown member set): -E2BIG = err.code, usage (\"%s\")", qe.err.msg);
		qr->size = TDXG_QGS_REQUEST_SIZE_VER0 - 1;
		rc = tdxg_qgs_get_quote(qr, &quote, &quote_len, NULL, &qe);
		tap(rc == -EINVAL && qe.err.code == rc && qe.status == TDXG_QGS_E_USAGE,
		    "tdxg_qgs_get_quote(size below VER0): -EINVAL = err.code (rc %d, \"%s\")", rc, qe.err.msg);
		free(qr);
	}

	pipeline(vt, vi, &pq, pjb, pjl, at);

	tdxg_collateral_free(c);
	tdxg_collateral_free(cok);
	tdxg_collateral_free(cood);
	tdxg_collateral_free(cphala);
	tdxg_verifier_free(vt);
	tdxg_verifier_free(vi);
	free(qb), free(pb), free(rb), free(lb), free(okb), free(oodb), free(pjb), free(trb);
	free(bad), free(two), free(three);
	printf("1..%d\n", tap_n);
	return fails != 0;
}
