#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel style suite (TAP): checkpatch.pl --strict from Debian's
# linux-source package (extracted by selftests/Makefile into build/ksft)
# on every kernel source and header, one test per file. An ERROR fails;
# warnings and checks are listed as diagnostics. A canary with a known
# error proves the checker runs.
set -uo pipefail
. "$(dirname "$0")/../tests/lib.sh"
cd "$TOP" || exit 1
CP=$TOP/build/ksft/scripts/checkpatch.pl
[ -f "$CP" ] || make -s -C selftests "$TOP/build/ksft/.stamp" >&2
checkpatch() { perl "$CP" --strict --no-tree --no-color --show-types -f "$@"; }

files=()
for f in kmod/*.c kmod/*.h kmod/uapi/linux/tdxg.h; do
	# kbuild's generated *.mod.c is not ours to style.
	case $f in *.mod.c) continue ;; esac
	files+=("$f")
done
plan $((${#files[@]} + 1))
if [ ! -f "$CP" ]; then
	for f in "${files[@]}" canary; do ok 1 "$f: no checkpatch.pl (linux-source-6.x missing?)"; done
	exit 1
fi
for f in "${files[@]}"; do
	out=$(checkpatch "$f" 2>&1)
	total=$(grep -E '^total: ' <<<"$out")
	errors=$(sed -nE 's/^total: ([0-9]+) errors.*/\1/p' <<<"$out")
	[ -n "$errors" ] && [ "$errors" -eq 0 ]
	ok $? "checkpatch --strict $f: ${total:-no result}"
	grep -E '^(ERROR|WARNING|CHECK):' -A1 <<<"$out" | sed 's/^/# /'
done

canary=$(mktemp --suffix=.c)
trap 'rm -f "$canary"' EXIT
printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' 'int canary( int x ){' \
	'	return x;' '}' >"$canary"
out=$(checkpatch "$canary" 2>&1)
grep -qE '^total: [1-9][0-9]* errors' <<<"$out"
ok $? "checkpatch reports an error in a canary with bad spacing"
finish
