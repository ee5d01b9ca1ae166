// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "cli.h"

/* Placeholder until the quote-verification issue lands. */
int show_quote(const unsigned char *buf, unsigned long len, int json)
{
	(void)buf;
	(void)len;
	(void)json;
	fprintf(stderr, "%s show: quotes are not decoded yet\n", tdxg_prog);
	return TDXG_EXIT_INVALID;
}
