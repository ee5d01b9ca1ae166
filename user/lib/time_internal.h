/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: the calendar (time.c), the one place that parses and
 * formats times. Not exported (libtdxg.map). The public face is
 * tdxg_parse_time() and tdxg_format_time() (tdxg/quote.h).
 */
#ifndef TDXG_TIME_INTERNAL_H
#define TDXG_TIME_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Unix seconds of a UTC date and time; -1 when it is not one (month,
 * day of that month, February 29 of a leap year only, hour, minute,
 * second up to a leap second 60).
 */
int tdxg_civil_time(int64_t year, int month, int day, int hour, int min, int sec, int64_t *out);

/*
 * An RFC 3339 date-time of exactly n bytes as Intel writes its collateral:
 * "2024-03-13T00:00:00Z", an optional fraction, Z or an offset; the
 * separator is 'T' only (tdxg_parse_time also takes 't' and a space).
 */
int tdxg_parse_date_time(const char *s, size_t n, int64_t *out);

#endif
