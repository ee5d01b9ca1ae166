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
#include <stdio.h>
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
 * 0x81, never with a printable character, so text is an encoding:
 * - only hex digits (and white space, an optional 0x): hex, what
 *   `quote --hex` and `xxd -p` write;
 * - else only base64 characters, '=' and white space: base64, standard
 *   (+/) or URL-safe (-_) alphabet, padded or not, wrapped or not, as REST
 *   APIs and Intel Trust Authority hand quotes out.
 * Anything else is binary. Nothing in between is guessed at; text that is
 * neither fails on its first bad character.
 */
enum enc { ENC_BINARY, ENC_HEX, ENC_BASE64 };

/* Why the last hex or base64 text of this thread did not decode (-EILSEQ). */
static __thread char enc_why[96];

static int is_b64_char(int c)
{
	return isalnum(c) || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
}

static enum enc text_encoding(const uint8_t *p, size_t len)
{
	size_t i, digits = 0;
	int hex = 1;

	for (i = 0; i < len; i++) {
		if (isspace(p[i]))
			continue;
		if (!is_b64_char(p[i]))
			return ENC_BINARY;
		if (!isxdigit(p[i]) && !(digits == 1 && p[i - 1] == '0' && (p[i] == 'x' || p[i] == 'X')))
			hex = 0;
		digits++;
	}
	if (!digits)
		return ENC_BINARY;
	return hex ? ENC_HEX : ENC_BASE64;
}

static int b64_value(int c, int *alphabet)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	/* 1: standard (+/), 2: URL-safe (-_); one text uses one. */
	if (c == '+' || c == '/') {
		*alphabet |= 1;
		return c == '+' ? 62 : 63;
	}
	*alphabet |= 2;
	return c == '-' ? 62 : 63;
}

/* Decodes the n characters of p (no white space) in place; 0 or -EILSEQ (enc_why). */
static int b64_decode(uint8_t *p, size_t n, size_t *out)
{
	size_t i, k = 0, pad = 0, data;
	uint32_t acc = 0;
	int alphabet = 0, v;

	while (pad < n && p[n - 1 - pad] == '=')
		pad++;
	data = n - pad;
	for (i = 0; i < data; i++) {
		if (p[i] == '=') {
			snprintf(enc_why, sizeof(enc_why), "base64: '=' at character %zu, before the end", i + 1);
			return -EILSEQ;
		}
		v = b64_value(p[i], &alphabet);
		if (alphabet == 3) {
			snprintf(enc_why, sizeof(enc_why), "base64 mixes the standard (+/) and URL-safe (-_) "
				 "alphabets (character %zu)", i + 1);
			return -EILSEQ;
		}
		acc = acc << 6 | (uint32_t)v;
		if (i % 4 == 3) {
			p[k++] = (uint8_t)(acc >> 16);
			p[k++] = (uint8_t)(acc >> 8);
			p[k++] = (uint8_t)acc;
			acc = 0;
		}
	}
	/* A last group of 1 character holds no whole byte; padding completes a group. */
	if (data % 4 == 1 || (pad && (pad > 2 || (data + pad) % 4))) {
		snprintf(enc_why, sizeof(enc_why), "base64 of %zu characters and %zu '=' is truncated "
			 "or mispadded", data, pad);
		return -EILSEQ;
	}
	if (data % 4 == 2) {
		p[k++] = (uint8_t)(acc >> 4);
	} else if (data % 4 == 3) {
		p[k++] = (uint8_t)(acc >> 10);
		p[k++] = (uint8_t)(acc >> 2);
	}
	*out = k;
	return 0;
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
	enum enc enc;
	uint8_t *p;
	int ret;

	/* Hex takes twice the room, plus line breaks (base64 takes less). */
	ret = load_input(path, 2 * max + max / 16 + 64, buf, len);
	if (ret)
		return ret;
	p = *buf;
	enc = text_encoding(p, *len);
	if (enc == ENC_BINARY) {
		ret = *len <= max ? 0 : -EFBIG;
		goto out;
	}
	for (i = 0; i < *len; i++)
		if (!isspace(p[i]))
			p[n++] = p[i];
	p[n] = 0;
	if (enc == ENC_BASE64) {
		ret = b64_decode(p, n, &got);
	} else {
		ret = tdxg_hex_decode((char *)p, p, n / 2, &got);
		if (ret) {
			snprintf(enc_why, sizeof(enc_why), "hex with an odd number of digits");
			ret = -EILSEQ;
		}
	}
	if (ret)
		goto out;
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
	case -EILSEQ: return enc_why[0] ? enc_why : "bad hex or base64";
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

/*
 * A --root: PEM as given, or one DER certificate (a SEQUENCE, 0x30) turned
 * into PEM for libtdxg, which reads PEM. Whether it is a self-signed CA is
 * libtdxg's check (tdxg_verifier_new).
 */
int read_root(const char *path, uint8_t **pem, size_t *len)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint8_t *der, *p;
	size_t n, i, k = 0;
	int rc;

	rc = read_input("--root", path, 1U << 20, &der, &n);
	if (rc)
		return rc;
	if (!n || der[0] != 0x30 || memmem(der, n, "-----BEGIN", 10)) {
		*pem = der;
		*len = n;
		return TDXG_EXIT_OK;
	}
	/* 4 characters per 3 bytes, a line break per 64 characters, the armour. */
	p = malloc(n / 3 * 4 + 4 + n / 48 + 2 + 64);
	if (!p) {
		free(der);
		cli_err("--root %s: out of memory", name_of(path));
		return TDXG_EXIT_IO;
	}
	k += (size_t)sprintf((char *)p, "-----BEGIN CERTIFICATE-----\n");
	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)der[i] << 16 | (i + 1 < n ? der[i + 1] << 8 : 0) |
			     (i + 2 < n ? der[i + 2] : 0);

		p[k++] = tbl[v >> 18 & 63];
		p[k++] = tbl[v >> 12 & 63];
		p[k++] = i + 1 < n ? tbl[v >> 6 & 63] : '=';
		p[k++] = i + 2 < n ? tbl[v & 63] : '=';
		if ((i / 3 + 1) % 16 == 0 || i + 3 >= n)
			p[k++] = '\n';
	}
	k += (size_t)sprintf((char *)p + k, "-----END CERTIFICATE-----\n");
	free(der);
	*pem = p;
	*len = k;
	return TDXG_EXIT_OK;
}
