// SPDX-License-Identifier: MIT
/*
 * Times: the calendar, RFC 3339 parsing and formatting. The one place in
 * libtdxg and tdxg(1) that turns dates into seconds and back: collateral
 * dates, certificate validity (x509.c) and --at all come here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <tdxg/verify.h>

#include "time_internal.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int tdxg_civil_time(int64_t y, int mo, int d, int h, int mi, int se, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || se < 0 || se > 60)
		return -1;
	if (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return -1;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "YYYY-MM-DD" sep "hh:mm:ss" [.fraction] ("Z" | "z" | ±hh:mm), n bytes. */
static int rfc3339(const char *s, size_t n, const char *seps, int64_t *out)
{
	int Y, M, D, h, m, sec, oh = 0, om = 0, sign = 0;
	const char *p, *e = s + n;
	int64_t t;

	if (n < 20 || digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
	    digits(s + 8, 2, &D) || !s[10] || !strchr(seps, s[10]) ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &m) || s[16] != ':' ||
	    digits(s + 17, 2, &sec) || tdxg_civil_time(Y, M, D, h, m, sec, &t))
		return -1;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (p == e || *p < '0' || *p > '9')
			return -1;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < e && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (e - p >= 6 && (*p == '+' || *p == '-')) {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (p != e)
		return -1;
	t -= sign * (oh * 3600 + om * 60);
	/* A leap second ends a UTC day (23:59:60Z is the next 00:00:00Z). */
	if (sec == 60 && (t % 86400 + 86400) % 86400)
		return -1;
	*out = t;
	return 0;
}

int tdxg_parse_date_time(const char *s, size_t n, int64_t *out)
{
	return rfc3339(s, n, "T", out);
}

int tdxg_parse_time(const char *s, int64_t *out)
{
	size_t n;
	int64_t u = 0;

	if (!s || !*s)
		return -EINVAL;
	n = strlen(s);
	if (!strcmp(s, "now")) {
		*out = (int64_t)time(NULL);
		return 0;
	}
	/* A date alone is its first second, UTC. */
	if (n == 10 && s[4] == '-') {
		int Y, M, D;

		if (digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
		    digits(s + 8, 2, &D) || tdxg_civil_time(Y, M, D, 0, 0, 0, out))
			return -EINVAL;
		return 0;
	}
	if (strspn(s, "0123456789") == n) {
		if (n > 12)
			return -EINVAL;
		while (*s)
			u = u * 10 + (*s++ - '0');
		*out = u;
		return 0;
	}
	return rfc3339(s, n, "Tt ", out) ? -EINVAL : 0;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static char *put(char *p, unsigned v, int width, char after)
{
	int i;

	for (i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	p[width] = after;
	return p + width + 1;
}

/* By hand: strftime costs more than a whole collateral date lookup. */
int tdxg_format_time(int64_t t, char *buf, size_t n)
{
	int64_t days, y;
	unsigned s, m, d;
	char *p = buf;

	/* RFC 3339 years: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
	if (t < -62167219200LL || t > 253402300799LL || n < 21) {
		if (n)
			snprintf(buf, n, "%lld", (long long)t);
		return -EINVAL;
	}
	days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	s = (unsigned)(t - days * 86400);
	civil_from_days(days, &y, &m, &d);
	p = put(p, (unsigned)y, 4, '-');
	p = put(p, m, 2, '-');
	p = put(p, d, 2, 'T');
	p = put(p, s / 3600, 2, ':');
	p = put(p, s / 60 % 60, 2, ':');
	p = put(p, s % 60, 2, 'Z');
	*p = 0;
	return 0;
}
