/* SPDX-License-Identifier: MIT */
/*
 * Shared by the tdxg subcommands: exit codes and the subcommand table.
 * The exit codes are an ABI for scripts; Documentation/tdxg.1 lists them.
 */
#ifndef TDXG_CLI_H
#define TDXG_CLI_H

#include <stddef.h>
#include <stdio.h>

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

int cmd_status(int argc, char *argv[]);
int cmd_report(int argc, char *argv[]);
int cmd_extend(int argc, char *argv[]);
int cmd_lock(int argc, char *argv[]);
int cmd_log(int argc, char *argv[]);
int cmd_quote(int argc, char *argv[]);
int cmd_show(int argc, char *argv[]);
int cmd_verify(int argc, char *argv[]);
int cmd_collateral(int argc, char *argv[]);

/* show.c hands anything that is not a TDREPORT to the quote decoder. */
int show_quote(const unsigned char *buf, unsigned long len, int json);

/* show.c decodes TDREPORTs for report.c too. */
int show_tdreport(const unsigned char *buf, unsigned long len, int json);

/* output.c */
void out_hex(FILE *f, const void *buf, size_t len);
void out_json_hex(FILE *f, const void *buf, size_t len);
void out_json_string(FILE *f, const void *buf, size_t len);
/* Bytes as text, with non-printable ones escaped as \xNN. */
void out_text(FILE *f, const void *buf, size_t len);
/* Exit code for a failed device or file operation (-errno or errno). */
int exit_for_errno(int err);
/* "0".."3" to an RTMR index; -1 if it is not one. */
int parse_rtmr(const char *s, unsigned int *rtmr);

/* Write all of buf to fd, retrying short writes; 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);
/* Create or truncate path (mode 0644) and write buf to it; 0 or -errno. */
int write_file(const char *path, const void *buf, size_t len);

struct tdxg_dev;
/* Open the tdxg device for subcommand cmd; prints why not and returns the exit code. */
int open_device(const char *cmd, struct tdxg_dev **dev);

#endif
