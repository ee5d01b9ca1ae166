// SPDX-License-Identifier: MIT
/*
 * libtdxg's calendar (user/lib/time.c) against glibc's: tdxg_format_time
 * writes what gmtime_r + strftime write, as RFC 3339 for every year it
 * takes (four digits, zero-padded), tdxg_parse_time reads it back, and
 * dates that do not exist are refused. Prints TAP.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tdxg/verify.h>

static int n, fails;

static void ok(int cond, const char *fmt, const char *a, const char *b)
{
	n++;
	if (!cond)
		fails++;
	printf("%sok %d - ", cond ? "" : "not ", n);
	printf(fmt, a, b);
	printf("\n");
}

int main(void)
{
	static const struct {
		const char *text;
		long long want;	/* -1: refused */
	} parse[] = {
		{ "2024-02-29T00:00:00Z", 1709164800 },
		{ "2023-02-29T00:00:00Z", -1 },
		{ "2100-02-29T00:00:00Z", -1 },
		{ "2000-02-29T00:00:00Z", 951782400 },
		{ "2024-04-31T00:00:00Z", -1 },
		{ "2024-13-01T00:00:00Z", -1 },
		{ "2024-01-01T24:00:00Z", -1 },
		{ "2024-01-01T00:00:00", -1 },
		{ "2024-01-01T00:00:00+0100", -1 },
		{ "2016-12-31T23:59:60Z", 1483228800 },
		{ "2017-01-01T00:59:60+01:00", 1483228800 },
		{ "2024-01-01T00:00:60Z", -1 },
		{ "2016-12-31T23:59:60+01:00", -1 },
		{ "2024-03-13T01:30:00+01:30", 1710288000 },
		{ "2024-03-12T22:00:00.123-02:00", 1710288000 },
		{ "2024-03-13 00:00:00z", 1710288000 },
		{ "1710288000", 1710288000 },
		{ "0001-01-01T00:00:00Z", -62135596800LL },
		{ "2024-03-13", 1710288000 },
		{ "2024-02-30", -1 },
		{ "2024-3-13", -1 },
		{ "2024-03-1x", -1 },
		{ "Now", -1 },
	};
	char a[64], b[64], want[32];
	long long bad = 0, i;
	int64_t t, back;
	time_t tt;
	struct tm tm;
	size_t k;

	/* Every day of years 1000..9999 at a random second, against glibc. */
	srand(15);
	for (i = -30610224000LL; i < 253402300800LL; i += 86400) {
		t = i + rand() % 86400;
		tt = (time_t)t;
		if (!gmtime_r(&tt, &tm) || !strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm) ||
		    tdxg_format_time(t, a, sizeof(a)) || strcmp(a, b) || tdxg_parse_time(a, &back) ||
		    back != t) {
			if (!bad++)
				printf("# %lld: %s, glibc %s\n", (long long)t, a, b);
		}
	}
	snprintf(a, sizeof(a), "%lld", bad);
	ok(!bad, "tdxg_format_time is strftime's %%Y-%%m-%%dT%%H:%%M:%%SZ, and tdxg_parse_time reads it back, "
	   "on every day of 1000..9999 (%s differ)%s", a, "");
	tdxg_format_time(-62135596800LL, a, sizeof(a));
	tdxg_format_time(-30641760001LL, b, sizeof(b));
	ok(!strcmp(a, "0001-01-01T00:00:00Z") && !strcmp(b, "0998-12-31T23:59:59Z"),
	   "years below 1000 have four digits, as RFC 3339 says (%s, %s)", a, b);
	ok(tdxg_format_time(253402300800LL, a, sizeof(a)) == -EINVAL && !strcmp(a, "253402300800") &&
	   tdxg_format_time(-62167219201LL, b, sizeof(b)) == -EINVAL,
	   "outside 0000..9999: -EINVAL and the number (%s)%s", a, "");
	ok(tdxg_format_time(0, a, 20) == -EINVAL && !tdxg_format_time(0, b, 21) &&
	   !strcmp(b, "1970-01-01T00:00:00Z"), "a buffer of 20 bytes is too small, 21 take %s%s", b, "");
	for (k = 0; k < sizeof(parse) / sizeof(parse[0]); k++) {
		int rc = tdxg_parse_time(parse[k].text, &t);

		snprintf(want, sizeof(want), "%lld", parse[k].want);
		snprintf(b, sizeof(b), "%s", rc ? "refused" : "");
		if (!rc)
			snprintf(b, sizeof(b), "%lld", (long long)t);
		ok(parse[k].want == -1 ? rc != 0 : !rc && t == parse[k].want, "tdxg_parse_time(\"%s\"): %s",
		   parse[k].text, b);
	}
	printf("1..%d\n", n);
	return fails != 0;
}
