#!/bin/bash
# SPDX-License-Identifier: MIT
# The --json contract in the guests (tdxg(1), JSON OUTPUT): the outputs
# only a TD can produce (status with a device, report, extend, quote, log
# of the live registers) are valid against
# Documentation/tdxg-json.schema.json. The guest has no python: its
# scripts' tdxg (tests/tap.sh, TDXG_JSON_TAP) prints each --json output
# as one "# tdxg-json: JSON" line after "# tdxg-json-args: ARGS", which
# tap-collect.sh keeps in the guest suites' logs. make check runs this
# after the guest suites.
#
# json-schema-guest.t [LOG...]: the logs (default build/logs/guest-*.log).
set -u
. "$(dirname "$0")/../lib.sh"
scratch
need_jsonschema
SCHEMA=$TOP/Documentation/tdxg-json.schema.json
# What only a guest produces: each needs a valid sample.
NEEDS=(need=status:device_available=true need=extend need=tdreport:command='"report"'
	need=quote need=log)
logs=("$@")
if ((!${#logs[@]})); then
	shopt -s nullglob
	logs=("$TOP"/build/logs/guest-*.log)
fi
# A make check without any guest run (no kernel built: every guest suite
# skipped) has nothing to check; a guest that ran and printed no sample fails.
if ((!${#logs[@]})) || ! grep -qE '^# tdxg-json: |^(not )?ok .*guest (booted|did not)' "${logs[@]}"; then
	echo "1..0 # SKIP no guest run logged (build/logs/guest-*.log): run the guest suites first"
	exit 0
fi

# extract DIR LOG...: each sample into DIR (NNN.json, NNN.args as
# tests/json-capture.sh writes them); prints each args line not followed
# by exactly one JSON line, and fails then.
extract() {
	local dir=$1
	shift
	mkdir -p "$dir"
	awk -v dir="$dir" '
	function close_run() {
		if (args != "" && lines != 1) { printf "%s: tdxg %s: %d JSON lines, wanted 1\n", src, args, lines; bad++ }
		args = ""; lines = 0
	}
	/^# tdxg-json-args: / { close_run(); src = FILENAME; args = substr($0, 19); k++
		f = sprintf("%s/%05d", dir, k); printf "%s\n%s\n", FILENAME, args > (f ".args"); close(f ".args"); next }
	/^# tdxg-json: / {
		if (args == "") { printf "%s: a JSON line without its args line\n", FILENAME; bad++; next }
		lines++; printf "%s", substr($0, 14) > (f ".json"); close(f ".json"); next }
	{ close_run() }
	END { close_run(); exit bad > 0 }' "$@"
}

# check DIR: json-check.py's TAP on DIR's samples, as this suite's tests.
check() {
	local line
	$PY "$TOP/tests/host/json-check.py" "$SCHEMA" "$1" "${NEEDS[@]}" >"$W/check.out" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok "*) ok 0 "${line#ok * - }" ;;
		"not ok "*) ok 1 "${line#not ok * - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$W/check.out"
}

extract "$W/samples" "${logs[@]}" >"$W/extract.out"
ok $? "every --json output in ${#logs[@]} guest log(s) is one line ($(grep -c '^# tdxg-json-args: ' "${logs[@]}" | awk -F: '{s += $NF} END {print s}') runs)"
diag "$W/extract.out"
check "$W/samples"
echo "# samples per command: $(cat "$W"/samples/*.json | $PY -c '
import json, sys, collections
d, t, c = json.JSONDecoder(), sys.stdin.read(), collections.Counter()
i = 0
while i < len(t):
    o, i = d.raw_decode(t, i)
    c["%s%s" % (o.get("command"), " (ok false)" if o.get("ok") is False else "")] += 1
print(", ".join("%s %d" % kv for kv in sorted(c.items())))' 2>&1)"

# The check can fail: the samples without the extend ones, a guest log
# whose sample lost a key, or whose output spans two lines, are refused.
mkdir -p "$W/noextend"
for f in "$W"/samples/*.json; do
	grep -q '"command": *"extend"' "$f" || cp "$f" "${f%.json}.args" "$W/noextend/" 2>/dev/null
done
! $PY "$TOP/tests/host/json-check.py" "$SCHEMA" "$W/noextend" "${NEEDS[@]}" >"$W/noextend.out" 2>&1 &&
	grep -q '^not ok .* a valid extend object (0)' "$W/noextend.out"
ok $? "the guest samples without their extend ones are refused (no extend sample)"
one=$(grep -h -m1 -B1 '^# tdxg-json: {"schema_version": *1, *"command": *"status"' "${logs[@]}" | head -2)
if [ -n "$one" ]; then
	sed -E 's/"backend": *("[^"]*"|null),//' <<<"$one" >"$W/altered.log"
	if extract "$W/altered" "$W/altered.log" >/dev/null &&
		! $PY "$TOP/tests/host/json-check.py" "$SCHEMA" "$W/altered" >"$W/altered.out" 2>&1; then
		grep -q 'backend' "$W/altered.out"
	else
		false
	fi
	ok $? "a guest status sample without \"backend\" is refused, naming the key"
	{ head -1 <<<"$one"; sed -E 's/,"command"/,\n# tdxg-json: "command"/' <<<"$one" | tail -2; } >"$W/split.log"
	! extract "$W/split" "$W/split.log" >"$W/split.out" && grep -q '2 JSON lines, wanted 1' "$W/split.out"
	ok $? "a guest --json output on two lines is refused"
else
	skip "a guest status sample without \"backend\" is refused" "no status sample"
	skip "a guest --json output on two lines is refused" "no status sample"
fi
finish
