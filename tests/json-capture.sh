#!/bin/bash
# SPDX-License-Identifier: MIT
# The --json hook of the test library (tests/lib.sh need_user): stands in
# for tdxg while $TDXG_JSON_SAMPLES names a directory, runs the real
# binary ($TDXG_JSON_REAL) with the caller's stdin, stdout, stderr and
# exit status, and keeps a copy of what a run with --json wrote to stdout
# in that directory (NNN.json, and NNN.args with the arguments), for
# tests/host/json-schema.t to validate against
# Documentation/tdxg-json.schema.json. Runs without --json, with --help,
# and with a stdout that is neither a file nor a pipe (a terminal,
# /dev/full, /dev/null) are exec'ed as they are.
real=${TDXG_JSON_REAL:?}
dir=${TDXG_JSON_SAMPLES:-}
json=
for a in "$@"; do
	case $a in
	--json) json=1 ;;
	--help | -h) exec "$real" "$@" ;;
	esac
done
if [ -z "$json" ] || [ ! -d "$dir" ]; then
	exec "$real" "$@"
fi
out=$(readlink /proc/$$/fd/1)
# stderr into the same file (2>&1): the messages would be in the sample.
[ "$out" != "$(readlink /proc/$$/fd/2)" ] || exec "$real" "$@"
save() { # file: the sample and its arguments
	[ -s "$1" ] || { rm -f "$1"; return; }
	printf '%s\n' "$@" >"${1%.json}.args"
}
sample=$(mktemp "$dir/XXXXXXXX.json") || exec "$real" "$@"
if [ -f "$out" ]; then
	# A regular file: what this run writes from the shared offset on (from
	# the end when it was opened O_APPEND, >>, whose offset moves on write).
	flags=$(awk '/^flags:/ {print $2}' /proc/$$/fdinfo/1)
	if (((8#$flags) & 8#2000)); then
		pos=$(stat -c %s "$out")
	else
		pos=$(awk '/^pos:/ {print $2}' /proc/$$/fdinfo/1)
	fi
	"$real" "$@"
	rc=$?
	end=$(stat -c %s "$out")
	(((8#$flags) & 8#2000)) || end=$(awk '/^pos:/ {print $2}' /proc/$$/fdinfo/1)
	tail -c +$((pos + 1)) "$out" | head -c $((end - pos)) >"$sample"
	save "$sample" "$@"
	exit $rc
elif [ -p /proc/$$/fd/1 ]; then
	"$real" "$@" | tee "$sample"
	rc=${PIPESTATUS[0]}
	save "$sample" "$@"
	exit "$rc"
fi
rm -f "$sample"
exec "$real" "$@"
