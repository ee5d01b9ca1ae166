#!/bin/bash
# SPDX-License-Identifier: MIT
# Only the writer (user/print.c) writes to stdout: every subcommand
# computes its result first and renders it with the print_* calls, so a
# failure midway never leaves half an output, and --json output has one
# shape code. In user/*.c other than print.c there is no printf, puts,
# putchar, vprintf, fwrite or write to fd 1, and no mention of stdout or
# STDOUT_FILENO at all (so no fputs(.., stdout), fprintf(stdout, ..), no
# usage(stdout)). The one exception, by design: usage text, which a
# command's usage(FILE *) printer writes when print_help() (print.c)
# hands it stdout for --help.
. "$(dirname "$0")/../lib.sh"
cd "$TOP/user" || exit 1
plan 3
files=$(ls *.c | grep -vx print.c)
# Comments and string literals are no code: dropped before looking.
strip() {
	sed -E -e "s/'([^'\\\\]|\\\\.)'/''/g" -e 's/"([^"\\]|\\.)*"/""/g' "$1" |
		sed -e 's://.*$::' -e ':a;s:/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/::g;/\/\*/{N;ba}'
}
hits() { for f in $files; do strip "$f" | grep -nE "$1" | sed "s|^|# $f:|"; done; }
h=$(hits '(^|[^a-z_])(printf|puts|putchar|vprintf|fwrite)[[:space:]]*\(|(^|[^a-z_])write(_all)?[[:space:]]*\([[:space:]]*1[[:space:]]*,')
[ -z "$h" ]; ok $? "no printf/puts/putchar/vprintf/fwrite/write(1) outside print.c"
[ -z "$h" ] || echo "$h"
h=$(hits '(^|[^A-Za-z_])(stdout|STDOUT_FILENO)([^A-Za-z_]|$)')
[ -z "$h" ]; ok $? "no stdout or STDOUT_FILENO outside print.c (help goes through print_help)"
[ -z "$h" ] || echo "$h"
# Every command renders through the writer: each cmd_* file calls print_*.
missing=
for f in $(grep -l '^int cmd_' *.c); do
	grep -q 'print_\(open_object\|string\|uint\|hex\|text\|raw\|help\)' "$f" || missing="$missing $f"
done
[ -z "$missing" ]; ok $? "every cmd_* file renders with print_* calls${missing:+ (not:$missing)}"
finish
