/* SPDX-License-Identifier: MIT */
/*
 * Shared by the tdxg subcommands: exit codes and the subcommand table.
 * The exit codes are an ABI for scripts; Documentation/tdxg.1 lists them.
 */
#ifndef TDXG_CLI_H
#define TDXG_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "print.h"

enum tdxg_exit {
	TDXG_EXIT_OK = 0,
	TDXG_EXIT_MISMATCH = 1,	/* replay or policy check did not match */
	TDXG_EXIT_USAGE = 2,	/* bad arguments */
	TDXG_EXIT_NODEV = 3,	/* no device, module not loadable, or no permission */
	TDXG_EXIT_IO = 4,	/* I/O, TDX or transport failure */
	TDXG_EXIT_INVALID = 5,	/* malformed input: quote, report, log, collateral */
	TDXG_EXIT_SIGNATURE = 6,/* bad signature or certificate chain */
	TDXG_EXIT_TCB = 7,	/* TCB status not acceptable */
	TDXG_EXIT_TIMEOUT = 8,	/* quote service or collateral server did not answer in time */
};

extern const char *tdxg_prog;
/* "tdxg show": the prefix of every message of the running subcommand. */
extern const char *tdxg_cmd;
/* --json was given: a failure then prints a JSON object as well. */
extern int tdxg_json;

/*
 * The one error formatter: "tdxg CMD: message" on stderr. The last message
 * is kept: with --json, a failed command that printed no JSON object of its
 * own gets {"ok": false, "exit_code": N, "error": message} on stdout.
 */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: one line, the message (if any, else getopt's); returns 2.
 * usage is kept for the callers; --help prints it. */
int usage_err(void (*usage)(FILE *f), const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* After the command: the failure object (print_failure), when --json is
 * given and the command wrote no JSON object of its own. */
void out_json_failure(int rc);

/* Each subcommand's long options: its getopt table, the completion's list. */
extern const struct option status_options[], report_options[], extend_options[], lock_options[],
	log_options[], quote_options[], show_options[], verify_options[], collateral_options[];

int cmd_status(int argc, char *argv[]);
int cmd_report(int argc, char *argv[]);
int cmd_extend(int argc, char *argv[]);
int cmd_lock(int argc, char *argv[]);
int cmd_log(int argc, char *argv[]);
int cmd_quote(int argc, char *argv[]);
int cmd_show(int argc, char *argv[]);
int cmd_verify(int argc, char *argv[]);
int cmd_collateral(int argc, char *argv[]);

/* show.c hands anything that is not a TDREPORT to the quote decoder; both
 * render in the writer's mode (print_set_json). */
int show_quote(const unsigned char *buf, unsigned long len, const char *name);

/* show.c decodes TDREPORTs for report.c too. */
int show_tdreport(const unsigned char *buf, unsigned long len, const char *name);

/* output.c */
/* Bytes as text, with non-printable ones escaped as \xNN. */
void out_text(FILE *f, const void *buf, size_t len);
/* Exit code for a failed device or file operation (-errno or errno). */
int exit_for_errno(int err);
/* "0".."3" to an RTMR index; -1 if it is not one. */
int parse_rtmr(const char *s, unsigned int *rtmr);
/* A whole number in base (0: C prefixes too), within min..max; -1 if not. */
int parse_number(const char *s, int base, unsigned long min, unsigned long max,
		 unsigned long *out);

/* Write all of buf to fd, retrying short writes; 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);
/* Create or truncate path (mode 0644) and write buf to it; 0 or -errno. */
int write_file(const char *path, const void *buf, size_t len);

/* A word that is a file operand, not an option: "-" (stdin) is one. */
static inline int is_operand(const char *s)
{
	return s[0] != '-' || !s[1];
}

/* input.c: FILE or "-" (stdin) into a new buffer; prints the error naming
 * WHAT (may be NULL) and FILE; returns the exit code (4 I/O, 5 too big). */
int read_input(const char *what, const char *path, size_t max, unsigned char **buf, size_t *len);
/* The same, silent: 0 or -errno (-EBADF: stdin read twice, -EFBIG). */
int load_input(const char *path, size_t max, unsigned char **buf, size_t *len);
/* Silent: a quote or TDREPORT, binary, hex or base64 (standard or URL-safe;
 * detected); 0 or -errno (-EILSEQ: bad hex or base64, input_strerror() says
 * what, -EFBIG: over max bytes). */
int load_binary_input(const char *path, size_t max, unsigned char **buf, size_t *len);
/* A copy of n bytes (one read of stdin serving several users); 0 or -ENOMEM. */
int dup_input(const unsigned char *src, size_t n, unsigned char **buf, size_t *len);
/* Words for load_input()'s and load_binary_input()'s errors, and their exit codes. */
const char *input_strerror(int err);
int input_exit(int err);
/* The same for a quote or TDREPORT: binary, hex or base64 text (detected). */
int read_binary_input(const char *what, const char *path, size_t max, unsigned char **buf,
		      size_t *len);
/* A --root certificate, PEM or DER (detected), as PEM for libtdxg; exit code. */
int read_root(const char *path, unsigned char **pem, size_t *len);
/* SHA-384 of FILE or stdin ("-"); exit code. */
int sha384_input(const char *what, const char *path, unsigned char out[48]);
/* Hex of an option into out (at most max bytes); says what is wrong; 0 or 2. */
int parse_hex_arg(const char *opt, const char *hex, unsigned char *out, size_t max, size_t *len);

struct tdxg_dev;
/* Open the tdxg device; prints why not and returns the exit code. */
int open_device(struct tdxg_dev **dev);

#endif
