#!/bin/bash
# SPDX-License-Identifier: MIT
# Every subcommand with --json (show, status, report, extend, log, quote,
# verify), on success and on each failure class this host can reach
# (malformed input, missing file, usage, no device, mismatch, failed
# check, unreadable stdin): stdout is exactly one JSON object (python3
# json parses all of it), its exit_code is the exit status, and the text
# mode shows the same values. Values are real: the MRTD and RTMR0 are
# read from the quote files' bytes here, not from tdxg.
set -u
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/"
scratch
export TDXG_DEVICE=$W/no-such-device TDXG_QCNL_CONF=$W/no-qcnl.conf
Q=$TD/quotes/v4-phala.dat SYN=$TD/quotes/synthetic-tdreport.dat V5=$TD/quotes/v5-sample.dat
CQ=$TD/ccel/cos-113-tdx-quote.dat CCEL=$TD/ccel/ccel_data.dat
B=$TD/collateral/v4-phala.collateral.json AT=2025-07-01T00:00:00Z
# Quote body fields straight from the bytes: header 48, MRTD at 184, RTMR0 at 376.
field() { python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d[int(sys.argv[2]):int(sys.argv[2])+48].hex())' "$1" "$2"; }
MRTD=$(field "$Q" 184) CRTMR0=$(field "$CQ" 376) PRTMR0=$(field "$Q" 376)
export MRTD CRTMR0 PRTMR0 Q CQ

# js RC DESC PYEXPR ARGS...: tdxg ARGS exits RC, stdout is one JSON object d
# (exit_code, where it has one, is RC) and PYEXPR holds.
js() {
	local want=$1 desc=$2 expr=$3 rc
	shift 3
	"$TDXG" "$@" >"$W/out" 2>"$W/err" <"${STDIN:-/dev/null}"
	rc=$?
	python3 - "$W/out" "$rc" "$expr" <<'PY'
import json, os, sys
text = open(sys.argv[1]).read()
d = json.loads(text)
assert isinstance(d, dict) and text.endswith("}\n"), "not one object"
rc = int(sys.argv[2])
assert d.get("exit_code", rc) == rc, "exit_code %s, exit %d" % (d.get("exit_code"), rc)
assert ("ok" not in d) or d["ok"] == (rc == 0), d
E = os.environ
assert eval(sys.argv[3]), sys.argv[3]
PY
	local r=$?
	[ "$rc" -eq "$want" ] && [ $r -eq 0 ]
	ok $? "$desc: exit $want, one JSON object"
	[ "$rc" -eq "$want" ] && [ $r -eq 0 ] || { echo "# exit $rc: $*"; sed 's/^/#   /' "$W/out" "$W/err" | head -8; }
}
# tx RC DESC REGEX ARGS...: the text mode exits RC and stdout matches REGEX (empty: stdout is empty).
tx() {
	local want=$1 desc=$2 re=$3 rc r
	shift 3
	"$TDXG" "$@" >"$W/out" 2>"$W/err" <"${STDIN:-/dev/null}"
	rc=$?
	if [ -z "$re" ]; then [ ! -s "$W/out" ]; else grep -qE -- "$re" "$W/out"; fi
	r=$?
	[ "$rc" -eq "$want" ] && [ $r -eq 0 ]
	ok $? "$desc: text, exit $want"
	[ "$rc" -eq "$want" ] && [ $r -eq 0 ] || { echo "# exit $rc: $*"; sed 's/^/#   /' "$W/out" "$W/err" | head -8; }
}
# The failure object: these five keys, on one line (text ends with the first newline).
failobj() { echo "d['ok'] is False and set(d) == {'schema_version', 'command', 'ok', 'exit_code', 'error'} and d['schema_version'] == 1 and text.count(chr(10)) == 1 and $1"; }
plan 57

# ---- show
js 0 "show quote" "d['type'] == 'quote' and d['body']['mrtd'] == E['MRTD'] and d['header']['version'] == 4 and len(d['pck_chain']['certificates']) == 3" show "$Q" --json
tx 0 "show quote" "^  mrtd +$MRTD\$" show "$Q"
js 0 "show TDREPORT" "d['type'] == 'tdreport' and d['mrtd'] == E['MRTD'] and d['tee_info_hash_valid'] is True" show "$SYN" --json
tx 0 "show TDREPORT" "^  mrtd +$MRTD\$" show "$SYN"
js 5 "show malformed" "$(failobj "'nonce.dat' in d['error']")" show "$TD/ccel/nonce.dat" --json
tx 5 "show malformed" "" show "$TD/ccel/nonce.dat"
js 4 "show missing file" "$(failobj "'none' in d['error']")" show "$W/none" --json
js 2 "show usage" "$(failobj "'FILE' in d['error']")" show --json
# ---- status, report, extend without a device
js 3 "status without a device" "d['device_available'] is False and d['device'] == E['TDXG_DEVICE'] and 'error' in d" status --json
tx 3 "status without a device" "^device: +$W/no-such-device: " status
js 3 "report without a device" "$(failobj "'no-such-device' in d['error']")" report --json
js 2 "report usage" "$(failobj 'True')" report --json --hex
js 3 "extend without a device" "$(failobj "'no-such-device' in d['error']")" extend --rtmr 2 --data x --json
js 2 "extend usage" "$(failobj "'--rtmr' in d['error']")" extend --data x --json
# "--json" as an option's value is that value, not the JSON mode.
tx 3 "extend --event-data --json: a value, text mode" "" extend --rtmr 2 --event-data --json --data x
tx 3 "extend --event-d --json (an abbreviation): a value, text mode" "" extend --rtmr 2 --event-d --json --data x
# ---- log
js 0 "log replay against its quote" "d['match'] is True and d['event_count'] == 43 and d['replayed']['rtmr0'] == E['CRTMR0'] and d['against']['rtmr0'] == E['CRTMR0'] and d['against']['foreign_extend'] is None and d['first_mismatch'] is None and len(d['logs'][0]['events']) == 43" log --ccel-file "$CCEL" --events --against quote "$CQ" --json
tx 0 "log replay against its quote" "^RTMR0  $CRTMR0  match\$" log --ccel-file "$CCEL" --against quote "$CQ"
js 1 "log against another quote" "d['match'] is False and d['first_mismatch'] == 'RTMR0' and d['against']['rtmr0'] == E['PRTMR0']" log --ccel-file "$CCEL" --against quote "$Q" --json
tx 1 "log against another quote" "^RTMR0  $CRTMR0  MISMATCH, quote has $PRTMR0\$" log --ccel-file "$CCEL" --against quote "$Q"
js 5 "log malformed" "$(failobj "'offset' in d['error']")" log --ccel-file "$Q" --json
tx 5 "log malformed" "" log --ccel-file "$Q"
js 2 "log usage" "$(failobj "'quote' in d['error']")" log --against quote --json
js 3 "log without the device's log" "$(failobj 'True')" log --runtime --json
# ---- quote (no quote service here)
js 3 "quote, transport unavailable" "$(failobj 'True')" quote --data 00 --transport unix:$W/none.sock --json
js 2 "quote usage" "$(failobj "'transport' in d['error'] or 'bogus' in d['error']")" quote --transport bogus --json
js 5 "quote, malformed --report" "$(failobj 'True')" quote --report "$Q" --transport unix:$W/none.sock --json
# ---- verify
js 0 "verify with collateral" "d['quote'] == E['Q'] and d['tcb_status'] == 'UpToDate' and d['fmspc'] == 'b0c06f000000' and d['advisory_ids'] == [] and d['collateral_next_update'] == '2025-07-19T10:00:35Z'" verify "$Q" --collateral "$B" --at "$AT" --json
tx 0 "verify with collateral" "^  tcb status +UpToDate \(platform UpToDate, QE UpToDate, TDX module UpToDate\)\$" verify "$Q" --collateral "$B" --at "$AT"
tx 0 "verify with collateral" "^  fmspc +b0c06f000000\$" verify "$Q" --collateral "$B" --at "$AT"
js 6 "verify, failed check: fmspc and the rest are there, null" "d['failed_check'] == 'pck_chain_validity' and d['tcb_status'] is None and 'fmspc' in d and 'pcesvn' in d and d['tcb_evaluation_data_number'] is None and d['version'] == 5" verify --no-tcb "$V5" --at "$AT" --json
tx 6 "verify, failed check" "" verify --no-tcb "$V5" --at "$AT"
js 1 "verify, policy mismatch" "d['failed_check'] == 'expect_mrtd' and d['version'] == 4" verify --no-tcb "$Q" --at "$AT" --expect-mrtd "$(printf '%096d' 0)" --json
js 5 "verify malformed" "d['failed_check'] == 'quote_format' and d['version'] is None and d['fmspc'] is None and 'is not 4 or 5' in d['detail']" verify --no-tcb "$SYN" --at "$AT" --json
js 4 "verify missing file" "d['failed_check'] == 'quote_format' and d['quote'] == E['TDXG_DEVICE'] + '.q'" verify --no-tcb "$W/no-such-device.q" --at "$AT" --json
printf 'abc' >"$W/odd"
STDIN=$W/odd js 5 "verify - with odd hex on stdin: verify's own object" "d['quote'] == '-' and d['failed_check'] == 'quote_format' and 'odd' in d['detail']" verify --no-tcb - --at "$AT" --json
js 2 "verify usage" "$(failobj "'QUOTE' in d['error']")" verify --no-tcb --json
js 5 "verify, bad --collateral" "d['failed_check'] == 'collateral'" verify "$Q" --collateral "$Q" --at "$AT" --json
# the failure object carries the reason of every option error, not "failed"
echo '{"bogus": 1}' >"$W/bogus-policy.json"
js 4 "verify, missing --policy" "$(failobj "'--policy' in d['error'] and 'none.json' in d['error']")" verify --no-tcb "$Q" --policy "$W/none.json" --json
js 2 "verify, bad --policy" "$(failobj "'unknown key' in d['error'] and 'bogus' in d['error']")" verify --no-tcb "$Q" --policy "$W/bogus-policy.json" --json
js 2 "verify, --min-qe-svn out of range" "$(failobj "'--min-qe-svn' in d['error']")" verify --no-tcb "$Q" --min-qe-svn 65536 --json
js 2 "verify, bad --timeout" "$(failobj "'--timeout' in d['error']")" verify --no-tcb "$Q" --timeout 0 --json
js 2 "collateral takes no --json: a usage error that says so" "$(failobj "'option' in d['error']")" collateral "$W/none.q" --json
# JSON strings are escaped: a path with a quote, a backslash, a tab and a newline
ODD=$W/$'a"b\\c\td\ne.dat'
cp "$Q" "$ODD"
export ODD
js 0 "verify, a path that needs escaping" "d['quote'] == E['ODD'] and d['ok'] is True" verify --no-tcb "$ODD" --at "$AT" --json
# UTF-8 passes through as the characters it is (JSON text is UTF-8), so a
# consumer gets the path back; bytes that are not UTF-8 become \u00XX.
UTF=$W/$'caf\xc3\xa9-\xe2\x82\xac-\xf0\x9f\x94\x92.dat'
cp "$Q" "$UTF"
export UTF
js 0 "verify, a UTF-8 path comes back as itself" "d['quote'] == E['UTF'] and d['ok'] is True" verify --no-tcb "$UTF" --at "$AT" --json
BADU=$W/$'x\xc3(\xed\xa0\x80\xc0\xaf\xff.dat'
cp "$Q" "$BADU"
js 0 "verify, a path with bytes that are not UTF-8: each escaped" "d['quote'].endswith('x\\u00c3(\\u00ed\\u00a0\\u0080\\u00c0\\u00af\\u00ff.dat')" verify --no-tcb "$BADU" --at "$AT" --json
# Every key in every outcome (tdxg(1), JSON OUTPUT): one verify key set
# for a pass with collateral, a pass without, a chain failure, a policy
# mismatch, a malformed quote, a missing file and a failed --replay.
keys() { "$TDXG" "$@" --json 2>/dev/null | python3 -c 'import json, sys; print(sorted(json.load(sys.stdin)))'; }
ref=$(keys verify "$Q" --collateral "$B" --at "$AT")
bad=
for args in "--no-tcb $Q --at $AT" "--no-tcb $V5 --at $AT" "--no-tcb $Q --at $AT --expect-mrtd $(printf '%096d' 0)" \
	"--no-tcb $SYN --at $AT" "--no-tcb $W/none.q" "--no-tcb $CQ --at $AT --replay $CCEL" "$Q --at $AT"; do
	# shellcheck disable=SC2086 # the words of one case
	[ "$(keys verify $args)" = "$ref" ] || bad="$bad [$args]"
done
[ -z "$bad" ] && [ -n "$ref" ]; ok $? "verify --json: the same $(python3 -c "print(len($ref))" 2>/dev/null) keys in every outcome${bad:+, not in:$bad}"
[ "$(keys show "$Q")" = "$(keys show "$V5")" ] && [ "$("$TDXG" show "$Q" --json | python3 -c 'import json, sys; d = json.load(sys.stdin); print(sorted(d["body"]) == sorted(json.load(open(sys.argv[1]))["body"]) and d["body"]["mrservicetd"] is None)' <("$TDXG" show "$V5" --json))" = True ]
ok $? "show --json: a v4 quote has the v5 keys, its TD 1.5 fields null"
[ "$(keys log --ccel-file "$CCEL")" = "$(keys log --ccel-file "$CCEL" --against quote "$CQ")" ]
ok $? "log --json: the same keys with and without a replay"
# Usage errors are one line on stderr (no usage text), with or without --json.
for args in "verify" "verify --bogus" "verify --no-tcb --json" "show" "log --against foo" ""; do
	# shellcheck disable=SC2086
	"$TDXG" $args >"$W/out" 2>"$W/err" </dev/null
	rc=$? lines=$(wc -l <"$W/err") olines=$(wc -l <"$W/out")
	[ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && { [ "$olines" -eq 0 ] || { [ "$olines" -eq 1 ] && [[ $args == *--json* ]]; }; }
	ok $? "usage error 'tdxg $args': exit 2, one line on stderr, stdout $([[ $args == *--json* ]] && echo "one line" || echo empty) ($lines, $olines)"
done
# the text mode keeps stdout empty on failure
tx 4 "verify missing file" "" verify --no-tcb "$W/none.q" --at "$AT"
tx 2 "verify usage" "" verify
finish
