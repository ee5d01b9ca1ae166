// SPDX-License-Identifier: MIT
/*
 * Quote verification throughput of libtdxg, against the cost of the
 * ECDSA P-256 verifications the work needs, measured in the same run.
 *
 *   ecdsa  one P-256 verification of a SHA-256 digest with everything
 *          prepared in advance, two ways: EVP_PKEY_verify with a ready
 *          context, and ECDSA_verify on an EC_KEY (what libtdxg calls).
 *          The lower median is the cost unit for the ratios.
 *   cold   collateral loaded from its raw bytes, the verifier's CA cache
 *          emptied, then one full verification: 9 ECDSA verifications
 *          (quote, QE report, PCK leaf, PCK CA, TCB info, QE identity,
 *          TCB signing cert, root CRL, PCK CRL). Only the pinned root is
 *          loaded once, as an installed tool would.
 *   warm   one verifier and one collateral object reused, its platform
 *          cache off, as for a platform not seen before: per quote the
 *          quote, QE report and PCK leaf signatures (3 ECDSA).
 *   repeat the same with the platform cache on, as for quotes from a
 *          platform already seen (same PCK chain and QE report): the
 *          quote signature alone (1 ECDSA).
 *
 * The five are timed round-robin, call by call, so a busy machine slows
 * the baseline and the verifications alike.
 *
 * Then throughput: 1 and 2 threads, each with its own warm verifier and
 * collateral (as tdxg verify --jobs runs them), for new and for repeat
 * platforms, in quotes per second.
 *
 * usage: bench QUOTE COLLATERAL_JSON TIME SECONDS   (prints JSON lines)
 */
/* ECDSA_verify on an EC_KEY, the baseline for what libtdxg calls. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <tdxg/verify.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0) {
		rewind(f);
		buf = malloc(n + 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct stats {
	double median, min;
	size_t runs;
};

struct job {
	int (*fn)(void *);
	void *arg;
	double *t;
	struct stats s;
};

/*
 * Runs the jobs round-robin, one call each per round, for about `seconds`
 * (at least 20 rounds), so that load from elsewhere on the machine hits
 * the ECDSA baseline and the verifications alike and their ratios hold.
 * Median and minimum of single-call times, in us.
 */
static void measure(struct job *jobs, int njobs, double seconds)
{
	size_t cap = 1 << 16, n = 0;
	double end, t0;
	int j;

	for (j = 0; j < njobs; j++) {
		jobs[j].t = malloc(cap * sizeof(double));
		if (!jobs[j].t || jobs[j].fn(jobs[j].arg)) {
			fprintf(stderr, "bench: the measured operation failed\n");
			exit(1);
		}
	}
	end = now_us() + seconds * 1e6;
	while ((now_us() < end || n < 20) && n < cap) {
		for (j = 0; j < njobs; j++) {
			t0 = now_us();
			if (jobs[j].fn(jobs[j].arg)) {
				fprintf(stderr, "bench: the measured operation failed\n");
				exit(1);
			}
			jobs[j].t[n] = now_us() - t0;
		}
		n++;
	}
	for (j = 0; j < njobs; j++) {
		qsort(jobs[j].t, n, sizeof(double), cmp_double);
		jobs[j].s.median = jobs[j].t[n / 2];
		jobs[j].s.min = jobs[j].t[0];
		jobs[j].s.runs = n;
		free(jobs[j].t);
	}
}

struct ecdsa_arg {
	EVP_PKEY_CTX *ctx;
	EC_KEY *ec;
	unsigned char digest[32], sig[80];
	size_t sig_len;
};

static int ecdsa_once(void *p)
{
	struct ecdsa_arg *a = p;

	return EVP_PKEY_verify(a->ctx, a->sig, a->sig_len, a->digest, 32) == 1 ? 0 : -1;
}

static int ecdsa_eckey_once(void *p)
{
	struct ecdsa_arg *a = p;

	return ECDSA_verify(0, a->digest, 32, a->sig, (int)a->sig_len, a->ec) == 1 ? 0 : -1;
}

struct verify_arg {
	const unsigned char *quote, *coll;
	size_t quote_len, coll_len;
	struct tdxg_verifier *v;
	struct tdxg_collateral *c;	/* warm only */
	struct tdxg_verify_opts o;
	int status;
};

static int cold_once(void *p)
{
	struct verify_arg *a = p;
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_collateral *c;
	struct tdxg_quote q;
	int rc;

	tdxg_verifier_flush(a->v);
	c = tdxg_collateral_new();
	if (!c || tdxg_collateral_add(c, a->coll, a->coll_len, NULL) ||
	    tdxg_quote_parse(a->quote, a->quote_len, &q, NULL)) {
		tdxg_collateral_free(c);
		return -1;
	}
	a->o.collateral = c;
	rc = tdxg_quote_verify(a->v, &q, &a->o, &r);
	a->status = r.tcb_status;
	tdxg_collateral_free(c);
	return rc;
}

static int warm_once(void *p)
{
	struct verify_arg *a = p;
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_quote q;
	int rc;

	if (tdxg_quote_parse(a->quote, a->quote_len, &q, NULL))
		return -1;
	a->o.collateral = a->c;
	rc = tdxg_quote_verify(a->v, &q, &a->o, &r);
	a->status = r.tcb_status;
	return rc;
}

struct tput_arg {
	const struct verify_arg *tmpl;
	int cache;			/* platform cache on */
	int *stop;
	size_t n;
	double cpu_s;			/* this thread's CPU time in the loop */
	int failed;
	pthread_barrier_t *start;
};

static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *tput_thread(void *p)
{
	struct tput_arg *t = p;
	struct verify_arg a = *t->tmpl;

	a.c = tdxg_collateral_new();
	if (tdxg_verifier_new(&a.v, NULL, 0, NULL) || !a.c ||
	    tdxg_collateral_add(a.c, a.coll, a.coll_len, NULL) ||
	    (!t->cache && tdxg_verifier_set_platform_cache(a.v, 0)) || warm_once(&a))
		t->failed = 1;
	/* Every verifier is warm before the clock starts. */
	pthread_barrier_wait(t->start);
	t->cpu_s = thread_cpu_s();
	while (!t->failed && !__atomic_load_n(t->stop, __ATOMIC_RELAXED)) {
		if (warm_once(&a))
			t->failed = 1;
		else
			t->n++;
	}
	t->cpu_s = thread_cpu_s() - t->cpu_s;
	tdxg_collateral_free(a.c);
	tdxg_verifier_free(a.v);
	return NULL;
}

/*
 * Quotes per second of wall time with `threads` warm verifiers for
 * `seconds`, and (*per_cpu_s) per second of the threads' own CPU time,
 * which other load on a shared machine does not dilute.
 */
static double throughput(const struct verify_arg *tmpl, int threads, int cache, double seconds,
			 double *per_cpu_s)
{
	struct tput_arg t[8];
	pthread_t tid[8];
	pthread_barrier_t b;
	struct timespec ts = { (time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9) };
	double t0, total = 0, cpu = 0;
	int i, stop = 0;

	pthread_barrier_init(&b, NULL, threads + 1);
	for (i = 0; i < threads; i++) {
		t[i] = (struct tput_arg){ .tmpl = tmpl, .cache = cache, .stop = &stop, .start = &b };
		pthread_create(&tid[i], NULL, tput_thread, &t[i]);
	}
	pthread_barrier_wait(&b);
	t0 = now_us();
	nanosleep(&ts, NULL);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		if (t[i].failed) {
			fprintf(stderr, "bench: a throughput thread failed\n");
			exit(1);
		}
		total += t[i].n;
		cpu += t[i].cpu_s;
	}
	pthread_barrier_destroy(&b);
	*per_cpu_s = cpu > 0 ? total / cpu : 0;
	return total / ((now_us() - t0) / 1e6);
}

int main(int argc, char **argv)
{
	struct verify_arg va = { 0 }, wa, ra;
	struct job jobs[5];
	struct ecdsa_arg ea = { 0 };
	struct stats ecdsa, ecdsa2, cold, warm, rep;
	unsigned char pub[65];
	size_t pub_len;
	struct tdxg_quote q;
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *kctx;
	double secs;
	struct tdxg_err err = { 0 };

	if (argc != 5 || tdxg_parse_time(argv[3], &va.o.at) || (secs = atof(argv[4])) <= 0) {
		fprintf(stderr, "usage: bench QUOTE COLLATERAL_JSON TIME SECONDS\n");
		return 2;
	}
	va.o.size = sizeof(va.o);
	va.o.at_set = 1;
	va.quote = slurp(argv[1], &va.quote_len);
	va.coll = slurp(argv[2], &va.coll_len);
	if (!va.quote || !va.coll || tdxg_quote_parse(va.quote, va.quote_len, &q, &err)) {
		fprintf(stderr, "bench: cannot read the quote or collateral\n");
		return 1;
	}

	/* ECDSA floor: a fresh P-256 key signs a digest; verify it repeatedly. */
	kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!kctx || EVP_PKEY_keygen_init(kctx) != 1 ||
	    EVP_PKEY_CTX_set_group_name(kctx, "prime256v1") != 1 || EVP_PKEY_keygen(kctx, &pk) != 1)
		return 1;
	EVP_PKEY_CTX_free(kctx);
	SHA256(va.quote, q.signed_len, ea.digest);
	kctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	ea.sig_len = sizeof(ea.sig);
	if (!kctx || EVP_PKEY_sign_init(kctx) != 1 ||
	    EVP_PKEY_sign(kctx, ea.sig, &ea.sig_len, ea.digest, 32) != 1)
		return 1;
	EVP_PKEY_CTX_free(kctx);
	ea.ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	if (!ea.ctx || EVP_PKEY_verify_init(ea.ctx) != 1)
		return 1;
	ea.ec = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
	if (!ea.ec || EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub),
						      &pub_len) != 1 ||
	    EC_KEY_oct2key(ea.ec, pub, pub_len, NULL) != 1)
		return 1;

	/* Separate verifiers: cold empties its cache every time, warm keeps its own. */
	wa = va;
	wa.c = tdxg_collateral_new();
	if (tdxg_verifier_new(&va.v, NULL, 0, &err) || tdxg_verifier_new(&wa.v, NULL, 0, &err) ||
	    !wa.c || tdxg_collateral_add(wa.c, wa.coll, wa.coll_len, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	ra = wa;
	ra.c = tdxg_collateral_new();
	if (tdxg_verifier_new(&ra.v, NULL, 0, &err) || !ra.c ||
	    tdxg_collateral_add(ra.c, ra.coll, ra.coll_len, &err) ||
	    tdxg_verifier_set_platform_cache(wa.v, 0)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	jobs[0] = (struct job){ .fn = ecdsa_once, .arg = &ea };
	jobs[1] = (struct job){ .fn = ecdsa_eckey_once, .arg = &ea };
	jobs[2] = (struct job){ .fn = cold_once, .arg = &va };
	jobs[3] = (struct job){ .fn = warm_once, .arg = &wa };
	jobs[4] = (struct job){ .fn = warm_once, .arg = &ra };
	/* The same total time as five measurements one after the other. */
	measure(jobs, 5, 5 * secs);
	ecdsa = jobs[0].s;
	ecdsa2 = jobs[1].s;
	cold = jobs[2].s;
	warm = jobs[3].s;
	rep = jobs[4].s;

	printf("{\"name\": \"ecdsa-evp\", \"runs\": %zu, \"median_us\": %.2f, \"min_us\": %.2f}\n",
	       ecdsa.runs, ecdsa.median, ecdsa.min);
	printf("{\"name\": \"ecdsa-eckey\", \"runs\": %zu, \"median_us\": %.2f, \"min_us\": %.2f}\n",
	       ecdsa2.runs, ecdsa2.median, ecdsa2.min);
	printf("{\"name\": \"tdxg-cold\", \"status\": \"%s\", \"ecdsa_ops\": 9, \"runs\": %zu, "
	       "\"median_us\": %.2f, \"min_us\": %.2f}\n", tdxg_tcb_status_name(va.status),
	       cold.runs, cold.median, cold.min);
	printf("{\"name\": \"tdxg-warm\", \"ecdsa_ops\": 3, \"runs\": %zu, "
	       "\"median_us\": %.2f, \"min_us\": %.2f, \"status\": \"%s\"}\n",
	       warm.runs, warm.median, warm.min, tdxg_tcb_status_name(wa.status));
	printf("{\"name\": \"tdxg-repeat\", \"ecdsa_ops\": 1, \"runs\": %zu, "
	       "\"median_us\": %.2f, \"min_us\": %.2f, \"status\": \"%s\"}\n",
	       rep.runs, rep.median, rep.min, tdxg_tcb_status_name(ra.status));
	for (int th = 1; th <= 2; th++) {
		for (int cache = 0; cache <= 1; cache++) {
			double per_cpu, qps = throughput(&wa, th, cache, secs, &per_cpu);

			printf("{\"name\": \"batch-%s-%d\", \"threads\": %d, \"ecdsa_ops\": %d, "
			       "\"quotes_per_s\": %.1f, \"quotes_per_cpu_s\": %.1f}\n",
			       cache ? "repeat" : "new", th, th, cache ? 1 : 3, qps, per_cpu);
		}
	}
	tdxg_collateral_free(ra.c);
	tdxg_verifier_free(ra.v);
	tdxg_collateral_free(wa.c);
	tdxg_verifier_free(wa.v);
	tdxg_verifier_free(va.v);
	EVP_PKEY_CTX_free(ea.ctx);
	EC_KEY_free(ea.ec);
	EVP_PKEY_free(pk);
	free((void *)va.quote);
	free((void *)va.coll);
	return 0;
}
