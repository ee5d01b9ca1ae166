// SPDX-License-Identifier: MIT
/*
 * Helpers shared by the subcommands: error messages and the --json failure
 * object, escaped text, exit codes, output files and opening the device.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include <tdxg/tdxg.h>

#include "cli.h"

int tdxg_json;
static char last_error[512];

static void verr(const char *fmt, va_list ap)
{
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	fprintf(stderr, "%s: %s\n", tdxg_cmd, last_error);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

/*
 * One line, with or without --json (tdxg(1)): the message, or getopt's own
 * line, which has said which option already; --help has the usage.
 */
int usage_err(void (*usage)(FILE *f), const char *fmt, ...)
{
	va_list ap;

	(void)usage;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(last_error, sizeof(last_error), fmt, ap);
		va_end(ap);
		fprintf(stderr, "%s: %s (see %s --help)\n", tdxg_cmd, last_error, tdxg_cmd);
	} else if (!last_error[0]) {
		snprintf(last_error, sizeof(last_error), "unknown option or missing option argument");
	}
	return TDXG_EXIT_USAGE;
}

void out_json_failure(int rc)
{
	if (!tdxg_json || print_json_done() || rc == TDXG_EXIT_OK)
		return;
	print_failure(rc, last_error[0] ? last_error : "failed");
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

int parse_number(const char *s, int base, unsigned long min, unsigned long max,
		 unsigned long *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, base);
	/* strtoul negates "-1" into a large number rather than refusing it */
	if (errno || end == s || *end || strchr(s, '-') || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int write_file(const char *path, const void *buf, size_t len)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = write_all(fd, buf, len);
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int open_device(struct tdxg_dev **dev)
{
	int ret = tdxg_open(dev, TDXG_OPEN_LOAD_MODULE);

	if (!ret)
		return TDXG_EXIT_OK;
	cli_err("%s: %s", tdxg_device_path(), tdxg_open_strerror(ret));
	return exit_for_errno(ret);
}
