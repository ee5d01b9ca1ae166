// SPDX-License-Identifier: MIT
/* Output helpers shared by the subcommands: hex, JSON strings, exit codes. */
#include <errno.h>
#include <stdio.h>

#include "cli.h"

void out_hex(FILE *f, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

/* Bytes above 0x7e are written as \u00XX so the output is valid JSON
 * whatever the input was. */
void out_json_string(FILE *f, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void out_json_hex(FILE *f, const void *buf, size_t len)
{
	fputc('"', f);
	out_hex(f, buf, len);
	fputc('"', f);
}

void out_text(FILE *f, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\\')
			fputs("\\\\", f);
		else if (p[i] >= 0x20 && p[i] <= 0x7e)
			fputc(p[i], f);
		else if (p[i] == '\n')
			fputs("\\n", f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
}

int exit_for_errno(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case ENOENT:
	case ENODEV:
	case EACCES:
	case EPERM:
		return TDXG_EXIT_NODEV;
	case ETIMEDOUT:
		return TDXG_EXIT_TIMEOUT;
	}
	return TDXG_EXIT_IO;
}

int parse_rtmr(const char *s, unsigned int *rtmr)
{
	if (s[0] < '0' || s[0] > '3' || s[1])
		return -1;
	*rtmr = (unsigned int)(s[0] - '0');
	return 0;
}
