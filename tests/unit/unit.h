/* SPDX-License-Identifier: MIT */
/*
 * A minimal TAP producer for libtdxg's unit tests: one executable per
 * library module, each printing "ok N - ..." lines and its plan at the end
 * (TAP allows a trailing plan, so tests need not be counted by hand).
 */
#ifndef TDXG_UNIT_H
#define TDXG_UNIT_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_n, unit_failed;

__attribute__((format(printf, 1, 2), unused))
static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

__attribute__((format(printf, 2, 3), unused))
static int ok(int pass, const char *fmt, ...)
{
	va_list ap;

	unit_n++;
	printf("%sok %d - ", pass ? "" : "not ", unit_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass)
		unit_failed++;
	fflush(stdout);
	return pass;
}

/* Compare and, on a mismatch, show both values. */
#define is_int(got, want, ...) do {						\
	long long g_ = (long long)(got), w_ = (long long)(want);		\
	if (!ok(g_ == w_, __VA_ARGS__))						\
		diag("got %lld, want %lld", g_, w_);				\
} while (0)

#define is_str(got, want, ...) do {						\
	const char *g_ = (got), *w_ = (want);					\
	if (!ok(g_ && w_ && !strcmp(g_, w_), __VA_ARGS__))			\
		diag("got \"%s\", want \"%s\"", g_ ? g_ : "(null)", w_);	\
} while (0)

/* got contains want as a substring (error messages). */
#define like(got, want, ...) do {						\
	const char *g_ = (got), *w_ = (want);					\
	if (!ok(g_ && strstr(g_, w_) != NULL, __VA_ARGS__))			\
		diag("\"%s\" does not contain \"%s\"", g_ ? g_ : "(null)", w_);	\
} while (0)

__attribute__((unused))
static void unit_hexdiag(const char *what, const uint8_t *p, size_t n)
{
	size_t i;

	printf("# %s ", what);
	for (i = 0; i < n && i < 64; i++)
		printf("%02x", p[i]);
	printf("%s\n", n > 64 ? "..." : "");
}

#define is_mem(got, want, n, ...) do {						\
	const uint8_t *g_ = (const uint8_t *)(got), *w_ = (const uint8_t *)(want); \
	size_t n_ = (n);							\
	if (!ok(g_ && !memcmp(g_, w_, n_), __VA_ARGS__) && g_) {		\
		unit_hexdiag("got ", g_, n_);					\
		unit_hexdiag("want", w_, n_);					\
	}									\
} while (0)

/* Bytes from hex text, for expected values copied from specs and tools. */
__attribute__((unused))
static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned b;

	while (s[0] && s[1] && n < cap && sscanf(s, "%2x", &b) == 1) {
		out[n++] = (uint8_t)b;
		s += 2;
	}
	return n;
}

#ifndef UNIT_SRCDIR
#define UNIT_SRCDIR "."
#endif

/*
 * A file of the source tree (tests/data/...), whole. TDXG_TOP overrides the
 * tree the build was made from, as for the host suites. Exits on failure:
 * without its data a unit test has nothing to assert.
 */
__attribute__((unused))
static uint8_t *read_data(const char *rel, size_t *len)
{
	const char *top = getenv("TDXG_TOP");
	char path[4096];
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top && *top ? top : UNIT_SRCDIR, rel);
	f = fopen(path, "rb");
	if (!f) {
		printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf) {
				printf("Bail out! out of memory\n");
				exit(1);
			}
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = 0;	/* for text files; not counted in *len */
	*len = n;
	return buf;
}

/* Exact-size heap copy, so a sanitizer sees any read past its end. */
__attribute__((unused))
static uint8_t *dup_exact(const void *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	if (!c) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	memcpy(c, p, n);
	return c;
}

/* Prints the plan; the exit status is the number of failures (capped). */
static inline int done_testing(void)
{
	printf("1..%d\n", unit_n);
	if (unit_failed)
		diag("%d of %d checks failed", unit_failed, unit_n);
	return unit_failed > 100 ? 100 : unit_failed;
}

#endif
