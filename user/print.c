// SPDX-License-Identifier: MIT
/*
 * The one writer of stdout (see print.h): text or JSON, the same calls.
 * Nothing else in the command writes to stdout; tests/host/cli-shape.t
 * checks that.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tdxg/tdxg.h>

#include "cli.h"

#define MAX_DEPTH	8

static int json_mode, json_done, nomem;
/* The errno of the first failed write: a later flush may not have it. */
static int werr;
static int depth;
static struct level {
	unsigned char line, first, array;
} stack[MAX_DEPTH];

static void wrote(int failed)
{
	if (failed && !werr)
		werr = errno ? errno : EIO;
}

void print_set_json(int json)
{
	json_mode = !!json;
}

int print_set_quiet(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	fflush(stdout);
	fflush(stderr);
	if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) {
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

int print_is_json(void)
{
	return json_mode;
}

int print_json_done(void)
{
	return json_done;
}

/*
 * Bytes of a well-formed UTF-8 character at p (Unicode table 3-7: no
 * overlong forms, surrogates or code points above U+10FFFF), else 0.
 * p is NUL-terminated, and NUL is never a continuation byte.
 */
static size_t utf8_char(const unsigned char *p)
{
	/* The second byte's range for each lead byte; later bytes are 80..bf. */
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	if (*p == 0xe0)
		lo = 0xa0;
	else if (*p == 0xed)
		hi = 0x9f;
	else if (*p == 0xf0)
		lo = 0x90;
	else if (*p == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/*
 * UTF-8 is written as it is (JSON text is UTF-8), so a path or message
 * comes back as the characters it holds; controls, DEL and bytes that are
 * not UTF-8 are written as \u00XX, so the output is valid JSON whatever
 * the input was.
 */
static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	wrote(putchar('"') == EOF);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			wrote(printf("\\%c", *p) < 0);
		else if (*p == '\n')
			wrote(fputs("\\n", stdout) == EOF);
		else if (*p >= 0x80 && (n = utf8_char(p))) {
			wrote(fwrite(p, 1, n, stdout) != n);
			p += n - 1;
		} else if (*p < 0x20 || *p > 0x7e)
			wrote(printf("\\u%04x", *p) < 0);
		else
			wrote(putchar(*p) == EOF);
	}
	wrote(putchar('"') == EOF);
}

/* Before a value: the separator, the indent and the key, if any. */
static void member(const char *key)
{
	struct level *l;

	if (!depth)
		return;
	l = &stack[depth - 1];
	if (l->line)
		wrote(fputs(l->first ? "" : ", ", stdout) == EOF);
	else
		wrote(printf("%s\n%*s", l->first ? "" : ",", 2 * depth, "") < 0);
	l->first = 0;
	if (key && *key && !l->array) {
		json_string(key);
		wrote(fputs(": ", stdout) == EOF);
	}
}

/* JSON gets key: value; text gets fmt with the value as a string. */
static int wants(const char *key, const char *fmt)
{
	return json_mode ? key != NULL : fmt != NULL;
}

static void emit(const char *key, const char *fmt, const char *json, const char *text)
{
	if (!wants(key, fmt))
		return;
	if (!json_mode) {
		wrote(printf(fmt, text) < 0);
		return;
	}
	member(key);
	wrote(fputs(json, stdout) == EOF);
}

static void open_container(const char *key, enum print_layout layout, int array)
{
	struct level *l;

	if (!json_mode)
		return;
	member(key);
	wrote(putchar(array ? '[' : '{') == EOF);
	if (depth == MAX_DEPTH)
		abort();	/* a bug in a command's rendering */
	l = &stack[depth++];
	l->line = layout == PRINT_LINE;
	l->first = 1;
	l->array = (unsigned char)array;
	/* The contract's keys, first in every top-level object (tdxg(1), JSON OUTPUT). */
	if (depth == 1 && !array) {
		const char *sp = strchr(tdxg_cmd, ' ');

		print_uint("schema_version", NULL, TDXG_JSON_SCHEMA_VERSION);
		print_string("command", NULL, sp ? sp + 1 : tdxg_cmd);
	}
}

static void close_container(void)
{
	struct level *l;

	if (!json_mode || !depth)
		return;
	l = &stack[--depth];
	if (!l->line && !l->first)
		wrote(printf("\n%*s", 2 * depth, "") < 0);
	wrote(putchar(l->array ? ']' : '}') == EOF);
	if (!depth) {
		wrote(putchar('\n') == EOF);
		json_done = 1;
	}
}

void print_open_object(const char *key, enum print_layout layout)
{
	open_container(key, layout, 0);
}

void print_close_object(void)
{
	close_container();
}

void print_open_array(const char *key, enum print_layout layout)
{
	open_container(key, layout, 1);
}

void print_close_array(void)
{
	close_container();
}

void print_string(const char *key, const char *fmt, const char *value)
{
	if (!wants(key, fmt))
		return;
	if (!json_mode) {
		wrote(printf(fmt, value ? value : "") < 0);
		return;
	}
	member(key);
	if (value)
		json_string(value);
	else
		wrote(fputs("null", stdout) == EOF);
}

void print_uint(const char *key, const char *fmt, unsigned long long value)
{
	char s[24];

	snprintf(s, sizeof(s), "%llu", value);
	emit(key, fmt, s, s);
}

void print_xint(const char *key, const char *fmt, unsigned long long value)
{
	char s[24], x[24];

	snprintf(s, sizeof(s), "%llu", value);
	snprintf(x, sizeof(x), "0x%llx", value);
	emit(key, fmt, s, x);
}

void print_int(const char *key, const char *fmt, long long value)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", value);
	emit(key, fmt, s, s);
}

void print_bool(const char *key, const char *fmt, int value)
{
	emit(key, fmt, value ? "true" : "false", value ? "yes" : "no");
}

void print_bit_array(const char *key, uint32_t mask, unsigned int n)
{
	unsigned int i;

	print_open_array(key, PRINT_LINE);
	for (i = 0; i < n; i++)
		print_bool(PRINT_ELEM, NULL, mask & (1u << i));
	print_close_array();
}

void print_null(const char *key, const char *fmt)
{
	emit(key, fmt, "null", "");
}

void print_hex(const char *key, const char *fmt, const void *buf, size_t len)
{
	char *s;

	if (!wants(key, fmt))
		return;
	s = malloc(2 * len + 3);
	if (!s) {
		nomem = 1;
		return;
	}
	s[0] = '"';
	tdxg_hex_encode(buf, len, s + 1);
	s[2 * len + 1] = '"';
	s[2 * len + 2] = 0;
	if (json_mode) {
		member(key);
		wrote(fputs(s, stdout) == EOF);
	} else {
		s[2 * len + 1] = 0;
		wrote(printf(fmt, s + 1) < 0);
	}
	free(s);
}

void print_time(const char *key, const char *fmt, int64_t t)
{
	char ts[40], js[44];

	tdxg_format_time(t, ts, sizeof(ts));
	snprintf(js, sizeof(js), "\"%s\"", ts);
	emit(key, fmt, js, ts);
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json_mode)
		return;
	va_start(ap, fmt);
	wrote(vprintf(fmt, ap) < 0);
	va_end(ap);
}

void print_raw(const void *buf, size_t len)
{
	wrote(fwrite(buf, 1, len, stdout) != len);
}

int print_isatty(void)
{
	return isatty(fileno(stdout));
}

void print_help(void (*usage)(FILE *f))
{
	usage(stdout);
}

void print_failure(int rc, const char *msg)
{
	json_mode = 1;
	depth = 0;
	/* One line, as every failure under --json (tdxg(1), JSON OUTPUT). */
	print_open_object(NULL, PRINT_LINE);
	print_bool("ok", NULL, 0);
	print_int("exit_code", NULL, rc);
	print_string("error", NULL, msg);
	print_close_object();
}

int print_finish(int rc)
{
	int err = 0;

	if (fflush(stdout))
		err = werr ? werr : errno;
	else if (ferror(stdout) || werr)
		err = werr ? werr : EIO;
	if (fclose(stdout) && !err)
		err = errno;
	if (nomem && !err)
		err = ENOMEM;
	if (!err)
		return rc;
	fprintf(stderr, "%s: stdout: %s\n", tdxg_prog, strerror(err));
	return rc == TDXG_EXIT_OK ? TDXG_EXIT_IO : rc;
}
