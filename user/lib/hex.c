// SPDX-License-Identifier: MIT
/*
 * The library's one hex table: the hex of the collateral, of policies and
 * of the public tdxg_hex_decode() is decoded here.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <tdxg/util.h>

#include "hex.h"

/*
 * Value of each byte as a hex digit, or -1. Built once: decoding the
 * collateral byte by byte with branches showed up in the cold
 * verification profile.
 */
static signed char hex_tab[256];
static pthread_once_t hex_tab_once = PTHREAD_ONCE_INIT;

static void hex_tab_init(void)
{
	int i;

	memset(hex_tab, -1, sizeof(hex_tab));
	for (i = 0; i < 10; i++)
		hex_tab['0' + i] = (signed char)i;
	for (i = 0; i < 6; i++)
		hex_tab['a' + i] = hex_tab['A' + i] = (signed char)(10 + i);
}

int tdxg_hex_digit(unsigned char c)
{
	pthread_once(&hex_tab_once, hex_tab_init);
	return hex_tab[c];
}

int tdxg_unhex(const char *s, size_t n, uint8_t *out, size_t outlen)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i;
	int hi, lo;

	if (n != 2 * outlen)
		return -1;
	pthread_once(&hex_tab_once, hex_tab_init);
	for (i = 0; i < outlen; i++) {
		hi = hex_tab[u[2 * i]];
		lo = hex_tab[u[2 * i + 1]];
		if ((hi | lo) < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void tdxg_hex_encode(const void *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

int tdxg_hex_decode(const char *hex, uint8_t *out, size_t max, size_t *len)
{
	size_t n, i;

	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	n = strlen(hex);
	if (n % 2)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (tdxg_hex_digit((unsigned char)hex[i]) < 0)
			return -EINVAL;
	if (n / 2 > max)
		return -E2BIG;
	tdxg_unhex(hex, n, out, n / 2);
	*len = n / 2;
	return 0;
}
