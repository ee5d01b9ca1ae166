// SPDX-License-Identifier: MIT
/*
 * Mutation driver for tests/host/verify-mutate.t: for each real quote,
 * flip one byte at a time (every byte of header and body, every stride-th
 * byte of the other regions) and require tdxg_quote_parse/verify to
 * reject it; bytes after the quote must not matter. Prints TAP.
 *
 * usage: verify-mutate AT STRIDE QUOTE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tdxg/verify.h>

static int tap_n;

static void tap(int ok, const char *fmt, const char *file, const char *what, size_t a, size_t b)
{
	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	printf(fmt, file, what, a, b);
	putchar('\n');
	fflush(stdout);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n ? n : 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* 0 if the (possibly mutated) quote verifies. */
static int check(struct tdxg_verifier *v, const unsigned char *buf, size_t len,
		 const struct tdxg_verify_opts *o, enum tdxg_verify_error *err)
{
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_quote q;

	if (tdxg_quote_parse(buf, len, &q, NULL)) {
		*err = TDXG_VERIFY_INVALID;
		return -1;
	}
	*err = tdxg_quote_verify(v, &q, o, &r) ? r.error : TDXG_VERIFY_OK;
	return *err ? -1 : 0;
}

int main(int argc, char **argv)
{
	/* Mutations of the quote, not the TCB: signatures and chain only. */
	struct tdxg_verify_opts o = { .size = sizeof(o), .at_set = 1, .flags = TDXG_VERIFY_NO_TCB };
	struct tdxg_verifier *v;
	size_t stride;
	int i, bad_total = 0;
	struct tdxg_err err;

	if (argc < 4 || tdxg_parse_time(argv[1], &o.at) || !(stride = strtoul(argv[2], NULL, 0))) {
		fprintf(stderr, "usage: verify-mutate AT STRIDE QUOTE...\n");
		return 2;
	}
	if (tdxg_verifier_new(&v, NULL, 0, &err)) {
		fprintf(stderr, "verifier: %s\n", err.msg);
		return 1;
	}
	for (i = 3; i < argc; i++) {
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		enum tdxg_verify_error e;
		struct tdxg_quote q;
		unsigned char *orig, *buf;
		size_t len, off, n, k, tried, accepted;
		int r;

		orig = slurp(argv[i], &len);
		if (!orig || tdxg_quote_parse(orig, len, &q, &err) || check(v, orig, len, &o, &e)) {
			tap(0, "%s%s unmodified quote verifies (%zu%zu)", name, "", 0, 0);
			bad_total++;
			free(orig);
			continue;
		}
		tap(1, "%s%s unmodified quote verifies (%zu bytes, %zu trailing)", name, "", q.len, q.trailing);
		buf = malloc(len);
		for (r = 0; r < TDXG_QR_COUNT; r++) {
			size_t step = r <= TDXG_QR_BODY ? 1 : stride;

			tdxg_quote_region(&q, r, &off, &n);
			tried = accepted = 0;
			for (k = 0; k < n; k += step) {
				memcpy(buf, orig, len);
				buf[off + k] ^= 0x01;
				tried++;
				if (!check(v, buf, len, &o, &e)) {
					accepted++;
					fprintf(stderr, "# %s: flip at offset %zu (%s +%zu) still verifies\n",
						name, off + k, tdxg_quote_region_name(r), k);
				}
			}
			tap(accepted == 0 && tried > 0, "%s: %s: all %zu single-byte flips rejected",
			    name, tdxg_quote_region_name(r), tried, 0);
			bad_total += accepted != 0;
		}
		/* Padding after the quote is not part of it. */
		tried = accepted = 0;
		for (k = q.len; k < len; k++) {
			memcpy(buf, orig, len);
			buf[k] ^= 0x01;
			tried++;
			accepted += !check(v, buf, len, &o, &e);
		}
		tap(accepted == tried, "%s: %s%zu trailing-byte flips all still verify (%zu)", name, "",
		    tried, accepted);
		free(buf);
		free(orig);
	}
	printf("1..%d\n", tap_n);
	tdxg_verifier_free(v);
	return bad_total ? 1 : 0;
}
