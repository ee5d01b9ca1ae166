// SPDX-License-Identifier: MIT
/*
 * What the subcommands read: files or stdin ("-"), binary or hex quotes
 * and TDREPORTs, and hex arguments. Every error names what it was reading
 * and comes back as the exit code of Documentation/tdxg.1.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <tdxg/tdxg.h>

#include "cli.h"

static int stdin_taken;

static const char *name_of(const char *path)
{
	return strcmp(path, "-") ? path : "stdin";
}

int load_input(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	if (strcmp(path, "-"))
		return tdxg_read_file(path, max, buf, len);
	/* A second "-" would read an empty stream and look like a file. */
	if (stdin_taken++)
		return -EBADF;
	return tdxg_read_fd(STDIN_FILENO, max, buf, len);
}

int read_input(const char *what, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	const char *w = what ? what : "", *sp = what ? " " : "";
	int ret;

	ret = load_input(path, max, buf, len);
	if (ret == -EBADF && !strcmp(path, "-")) {
		cli_err("%s%s-: stdin can be read only once", w, sp);
		return TDXG_EXIT_USAGE;
	}
	if (!ret)
		return TDXG_EXIT_OK;
	if (ret == -EFBIG) {
		cli_err("%s%s%s: larger than %zu bytes", w, sp, name_of(path), max);
		return TDXG_EXIT_INVALID;
	}
	/* A file named on the command line is an I/O matter (exit 4). */
	cli_err("%s%s%s: %s", w, sp, name_of(path), strerror(-ret));
	return TDXG_EXIT_IO;
}

int sha384_input(const char *what, const char *path, uint8_t out[TDXG_DIGEST_LEN])
{
	int ret;

	if (!strcmp(path, "-")) {
		/* as in load_input() */
		if (stdin_taken++) {
			cli_err("%s -: stdin can be read only once", what);
			return TDXG_EXIT_USAGE;
		}
		ret = tdxg_sha384_fd(STDIN_FILENO, out);
	} else {
		ret = tdxg_sha384_file(path, out);
	}
	if (ret)
		cli_err("%s %s: %s", what, name_of(path), strerror(-ret));
	return ret ? TDXG_EXIT_IO : TDXG_EXIT_OK;
}

int parse_hex_arg(const char *opt, const char *hex, uint8_t *out, size_t max, size_t *len)
{
	const char *p = hex;
	size_t n;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	n = strspn(p, "0123456789abcdefABCDEF");
	if (p[n]) {
		cli_err("%s: '%c' at position %zu is not a hex digit", opt, p[n], (size_t)(p - hex) + n + 1);
		return TDXG_EXIT_USAGE;
	}
	if (!n || n % 2) {
		cli_err("%s: %s (%zu digits): hex needs two digits a byte", opt,
			n ? "odd number of hex digits" : "no hex digits", n);
		return TDXG_EXIT_USAGE;
	}
	if (n / 2 > max) {
		cli_err("%s: %zu bytes of hex, at most %zu", opt, n / 2, max);
		return TDXG_EXIT_USAGE;
	}
	return tdxg_hex_decode(hex, out, max, len) ? TDXG_EXIT_USAGE : TDXG_EXIT_OK;
}

/*
 * A binary quote starts with its version (4 or 5) and a TDREPORT with type
 * 0x81, never with an ASCII hex digit: text of hex digits and white space
 * is therefore hex (what `quote --hex` and `xxd -p` write), and anything
 * else is binary. Nothing in between is guessed at.
 */
static int is_hex_text(const uint8_t *p, size_t len)
{
	size_t i, digits = 0;

	for (i = 0; i < len; i++) {
		if (isspace(p[i]))
			continue;
		if (!isxdigit(p[i]) && !(digits == 1 && p[i - 1] == '0' && (p[i] == 'x' || p[i] == 'X')))
			return 0;
		digits++;
	}
	return digits > 0;
}

int dup_input(const uint8_t *src, size_t n, uint8_t **buf, size_t *len)
{
	*buf = malloc(n + 1);
	if (!*buf)
		return -ENOMEM;
	if (n)
		memcpy(*buf, src, n);
	(*buf)[n] = 0;
	*len = n;
	return 0;
}

int load_binary_input(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	size_t i, n = 0, got = 0;
	uint8_t *p;
	int ret;

	/* Hex takes twice the room, plus line breaks. */
	ret = load_input(path, 2 * max + max / 16 + 64, buf, len);
	if (ret)
		return ret;
	p = *buf;
	if (!is_hex_text(p, *len)) {
		ret = *len <= max ? 0 : -EFBIG;
		goto out;
	}
	for (i = 0; i < *len; i++)
		if (!isspace(p[i]))
			p[n++] = p[i];
	p[n] = 0;
	ret = tdxg_hex_decode((char *)p, p, n / 2, &got);
	if (ret) {
		ret = -EILSEQ;	/* an odd number of hex digits */
		goto out;
	}
	ret = got <= max ? 0 : -EFBIG;
	*len = got;
out:
	if (ret) {
		free(*buf);
		*buf = NULL;
		*len = 0;
	}
	return ret;
}

const char *input_strerror(int err)
{
	switch (err) {
	case -EBADF: return "stdin can be read only once";
	case -EILSEQ: return "hex with an odd number of digits";
	case -EFBIG: return "too large";
	}
	return strerror(-err);
}

int read_binary_input(const char *what, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int ret = load_binary_input(path, max, buf, len);

	if (!ret)
		return TDXG_EXIT_OK;
	cli_err("%s%s%s: %s", what ? what : "", what ? " " : "", name_of(path), input_strerror(ret));
	return input_exit(ret);
}

int input_exit(int err)
{
	switch (err) {
	case -EBADF: return TDXG_EXIT_USAGE;
	case -EILSEQ:
	case -EFBIG: return TDXG_EXIT_INVALID;
	}
	return TDXG_EXIT_IO;
}
