#!/bin/bash
# SPDX-License-Identifier: MIT
# The --json contract (tdxg(1), JSON OUTPUT): every --json output the host
# suites produced is valid against Documentation/tdxg-json.schema.json
# (python3-jsonschema, draft 2020-12), every subcommand with --json has
# a sample, and the check refuses altered objects. make check runs it
# after the other host suites, which the --json hook of tests/lib.sh has
# recorded in $TDXG_JSON_SAMPLES; run alone, it runs the suites that
# print --json itself.
set -u
. "$(dirname "$0")/../lib.sh"
scratch
need_jsonschema
need_user || bail "build user/"
REAL=${TDXG_JSON_REAL:-$TDXG}
if [ -z "${TDXG_JSON_SAMPLES:-}" ] || [ -z "$(ls -A "$TDXG_JSON_SAMPLES" 2>/dev/null)" ]; then
	export TDXG_JSON_SAMPLES=$W/samples
	mkdir -p "$TDXG_JSON_SAMPLES"
	for s in cli-json cli-basic verify-tcb verify-peers quote-qgs; do
		"$TOP/tests/host/$s.t" >"$W/$s.log" 2>&1 || echo "# $s.t failed (its own suite says why)"
	done
fi
# The subcommands that take --json, from the option tables (tdxg --complete).
subs=$(for s in $("$REAL" --complete); do "$REAL" --complete "$s" | grep -qx -- --json && echo "$s"; done)
# shellcheck disable=SC2086 # one word a subcommand
$PY "$TOP/tests/host/json-check.py" "$TOP/Documentation/tdxg-json.schema.json" "$TDXG_JSON_SAMPLES" $subs
