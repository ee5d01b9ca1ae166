/* SPDX-License-Identifier: MIT */
/*
 * The one writer of stdout, after iproute2's json_print: a command first
 * computes its result, then renders it with these calls. Each printer takes
 * a JSON key and a text format, so one call writes the right thing in the
 * mode chosen with print_set_json():
 *   key NULL    text only;  key PRINT_ELEM ("")  an array element (no key);
 *   fmt NULL    JSON only;  else fmt is printf'ed with the value as ONE
 *               string (%s, widths allowed): numbers in decimal, bytes in
 *               hex, times as RFC 3339, booleans as "yes"/"no".
 * JSON objects and arrays are PRINT_BLOCK (a member a line, indented two
 * spaces a level) or PRINT_LINE (on one line, as is all inside them).
 * Usage text is the one exception: print_help() hands stdout to a
 * command's usage(FILE *) printer.
 */
#ifndef TDXG_PRINT_H
#define TDXG_PRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PRINT_ELEM	""

/*
 * "schema_version" of every top-level --json object, with "command" (the
 * subcommand): Documentation/tdxg-json.schema.json describes version 1.
 * Adding a key, or a value to an enumeration, keeps the version; removing
 * or renaming a key, or changing a value's type or meaning, raises it.
 */
#define TDXG_JSON_SCHEMA_VERSION	1

enum print_layout { PRINT_BLOCK, PRINT_LINE };

void print_set_json(int json);
int print_is_json(void);
/*
 * Quiet mode (verify -q): stdout and stderr become /dev/null, so nothing
 * the command or a library says reaches the caller; 0 or -errno.
 */
int print_set_quiet(void);
/* A whole JSON value has been written (a command's own result object). */
int print_json_done(void);

void print_open_object(const char *key, enum print_layout layout);
void print_close_object(void);
void print_open_array(const char *key, enum print_layout layout);
void print_close_array(void);

void print_string(const char *key, const char *fmt, const char *value);
void print_uint(const char *key, const char *fmt, unsigned long long value);
/* A number: decimal in JSON, 0x-prefixed hex in text. */
void print_xint(const char *key, const char *fmt, unsigned long long value);
void print_int(const char *key, const char *fmt, long long value);
void print_bool(const char *key, const char *fmt, int value);
/* JSON only: bits 0..n-1 of mask as an array of n booleans, on one line. */
void print_bit_array(const char *key, uint32_t mask, unsigned int n);
void print_hex(const char *key, const char *fmt, const void *buf, size_t len);
void print_time(const char *key, const char *fmt, int64_t t);
void print_null(const char *key, const char *fmt);
/* Text mode only: free text, printf-style. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The command's product as it is (a binary quote, a collateral bundle). */
void print_raw(const void *buf, size_t len);
/* stdout is a terminal (no binary output there). */
int print_isatty(void);
/* --help: usage(stdout). */
void print_help(void (*usage)(FILE *f));
/* The failure object {"schema_version", "command", "ok": false,
 * "exit_code": rc, "error": msg}, on one line (JSON). */
void print_failure(int rc, const char *msg);
/*
 * Flushes and closes stdout: a full disk or a closed pipe turns exit 0
 * into 4 (an earlier failure keeps its code); says so on stderr.
 */
int print_finish(int rc);

#endif
