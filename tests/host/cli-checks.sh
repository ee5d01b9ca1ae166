#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The host checks of the tdxg CLI: report, show, log and its replay,
# malformed input, usage errors, exit codes and every write checked. Run
# by cli-basic.t against user/tdxg, by cli-san.t against the ASan+UBSan
# build and by cli-valgrind.t under valgrind. Prints TAP, plan last.
#
#   TDXG_VARIANT the build to test (tests/lib.sh need_user; default plain)
#   TDXG_WRAP   command prefix for every run (valgrind ...), may be empty
#   FUZZ_N      number of mutated logs to feed in (default 200)
#   CHECK_LOGS  a directory whose files must hold no memory-error report
#               (valgrind --log-file targets); checked at the end
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/ (${TDXG_VARIANT:-plain})"
read -r -a WRAP <<<"${TDXG_WRAP:-}"
FUZZ_N=${FUZZ_N:-200}
PY="python3 $TOP/tests/host/cli-tcglog.py"
scratch
# A private copy: other suites may rebuild user/tdxg while this runs.
cp "$TDXG" "$W/tdxg" || bail "no tdxg binary at $TDXG"
BIN=$W/tdxg
runs=0

# tdxg ARGS...: the command under test, wrapped; each run's sanitizer or
# valgrind reports are kept in $W/reports whatever the test expected
# (TDXG_RUN names the valgrind log: pids wrap on a busy machine).
tdxg() {
	local r
	runs=$((runs + 1))
	TDXG_RUN=$runs "${WRAP[@]}" "$BIN" "$@" 2>"$W/err.run"
	r=$?
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|==[0-9]+== (Invalid|Conditional|Use of)' "$W/err.run"; then
		{ echo "== tdxg $*"; cat "$W/err.run"; } >>"$W/reports"
	fi
	cat "$W/err.run" >&2
	return $r
}
# has PATTERN FILE: FILE (out or err of the last run) matches PATTERN
has() { grep -qE -- "$1" "$W/$2"; }

CCEL=$TD/ccel/ccel_data.dat
QUOTE=$TD/ccel/cos-113-tdx-quote.dat
SYN=$TD/quotes/synthetic-tdreport.dat
PHALA=$TD/quotes/v4-phala.dat

# ---- acceptance: replay the real CCEL against the quote of the same boot
run tdxg log --ccel-file "$CCEL" --replay --against quote "$QUOTE"
ok $((rc != 0)) "log --replay --against quote exits 0"
has '43 events' out
ok $? "reports 43 events"
for i in 0 1 2 3; do
	want=$($PY quote-field "$QUOTE" rtmr$i)
	grep -qE "^RTMR$i +$want +match\$" "$W/out"
	ok $? "RTMR$i replays to the quote's value $want"
done
! has MISMATCH out
ok $? "no register reported as mismatching"

run tdxg log --ccel-file "$CCEL" --replay --against quote "$QUOTE" --json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["event_count"] == 43 and d["match"] is True and d["first_mismatch"] is None
assert d["logs"][0]["event_count"] == 43
for i in range(3):
    assert d["replayed"]["rtmr%d" % i] == d["against"]["rtmr%d" % i]
' "$W/out" 2>>"$W/err"
ok $? "log --json: valid JSON, 43 events, match true"

# Replay computed by Python from the same file agrees byte for byte.
$PY replay --ccel "$CCEL" >"$W/py-replay"
run tdxg log --ccel-file "$CCEL" --replay
awk '/^RTMR[0-3] /{print $2}' "$W/out" | diff -q - "$W/py-replay" >/dev/null
ok $? "replay equals an independent Python replay"

# ---- one flipped digest byte in an RTMR1 event names RTMR1
for r in 1 2; do
	cp "$CCEL" "$W/flip$r.dat"
	chmod u+w "$W/flip$r.dat"
	off=$($PY digest-offset "$W/flip$r.dat" $r)
	python3 -c '
import sys
p, o = sys.argv[1], int(sys.argv[2])
d = bytearray(open(p, "rb").read()); d[o + 7] ^= 0x01; open(p, "wb").write(d)' "$W/flip$r.dat" "$off"
	run tdxg log --ccel-file "$W/flip$r.dat" --replay --against quote "$QUOTE"
	[ "$rc" -eq 1 ]
	ok $? "flipped RTMR$r event digest: exit 1 (got $rc)"
	[ "$(grep -oE 'RTMR[0-9]' "$W/err" | sort -u)" = "RTMR$r" ]
	ok $? "flipped RTMR$r event digest: error names RTMR$r"
	grep -qE "^RTMR$r .*MISMATCH" "$W/out" && grep -qE "^RTMR0 .* match\$" "$W/out"
	ok $? "flipped RTMR$r event digest: RTMR0 still matches, RTMR$r does not"
done

# ---- show: a TDREPORT decodes to the values of the quote it was made from
run tdxg show "$SYN" --json
ok $((rc != 0)) "show synthetic-tdreport.dat --json exits 0"
for f in mrtd rtmr0 rtmr1 rtmr2 rtmr3 reportdata; do
	want=$($PY quote-field "$PHALA" $f)
	got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$W/out" $f 2>/dev/null)
	[ -n "$want" ] && [ "$got" = "$want" ]
	ok $? "show --json $f equals v4-phala.dat's ($want)"
done
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type"] == "tdreport" and d["report_type"] == "81000000"
assert d["tee_tcb_info_hash_valid"] is True and d["tee_info_hash_valid"] is True
' "$W/out"
ok $? "show --json: type tdreport, both hashes recomputed and valid"
run tdxg show "$SYN"
has '^  mrtd +91eb2b44' out && has 'matches TDINFO' out
ok $? "show (text) names fields and checks tee_info_hash"

# A TDREPORT with a changed RTMR no longer matches its tee_info_hash.
python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[512 + 64 + 4 * 48 + 5] ^= 0x80
open(sys.argv[2], "wb").write(d)' "$SYN" "$W/tampered-report.dat"
run tdxg show "$W/tampered-report.dat" --json
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["tee_info_hash_valid"] is False' "$W/out"
ok $? "show: tampered TDINFO reported as not matching tee_info_hash"

# ---- --against report FILE: the CCEL does not describe the phala TD
run tdxg log --ccel-file "$CCEL" --against report "$SYN"
[ "$rc" -eq 1 ] && has 'RTMR0' err
ok $? "log --against report FILE: unrelated report -> exit 1 naming RTMR0"

# ---- runtime logs and CCEL + runtime chained
$PY runtime "$W/runtime.log" "2:first" "3:second" "2:third with spaces" "0:boot"
run tdxg log --log-file "$W/runtime.log"
[ "$rc" -eq 0 ] && has '4 events' out && has 'RTMR2 +EV_IPL .*third with spaces' out
ok $? "runtime log file: 4 events listed with decoded data"
run tdxg log --ccel-file "$CCEL" --log-file "$W/runtime.log" --replay
$PY replay --ccel "$CCEL" --runtime "$W/runtime.log" >"$W/py-replay"
awk '/^RTMR[0-3] /{print $2}' "$W/out" | diff -q - "$W/py-replay" >/dev/null
ok $? "CCEL then runtime log replays like Python (RTMR0..3 all extended)"
has '^replayed 47 events' out
ok $? "CCEL + runtime: 47 events replayed"

# ---- several digest algorithms per event: SHA-384 is the one replayed
$PY multialg "$W/multi.dat"
run tdxg log --ccel-file "$W/multi.dat" --replay
$PY replay --ccel "$W/multi.dat" >"$W/py-replay"
[ "$rc" -eq 0 ] && awk '/^RTMR[0-3] /{print $2}' "$W/out" | diff -q - "$W/py-replay" >/dev/null
ok $? "SHA-256+SHA-384 CCEL replays with SHA-384, EV_NO_ACTION skipped"
run tdxg log --ccel-file "$W/multi.dat"
has 'sha256:[0-9a-f]{64} +sha384:[0-9a-f]{96} +loader' out
ok $? "multi-algorithm events print both digests"

# ---- malformed input: exit 5, no crash, the path in the message
head -c 1000 "$CCEL" >"$W/trunc.dat"
expect 5 "truncated CCEL" tdxg log --ccel-file "$W/trunc.dat"
has "$W/trunc.dat" err
ok $? "truncated CCEL: error names the file"
head -c 40 "$CCEL" >"$W/trunc-hdr.dat"
expect 5 "CCEL cut inside the Spec ID header" tdxg log --ccel-file "$W/trunc-hdr.dat" --replay
: >"$W/empty.dat"
expect 5 "empty CCEL" tdxg log --ccel-file "$W/empty.dat"
head -c 4096 /dev/zero | tr '\0' 'A' >"$W/garbage.dat"
expect 5 "garbage CCEL" tdxg log --ccel-file "$W/garbage.dat"
expect 5 "garbage runtime log" tdxg log --log-file "$W/garbage.dat"
head -c 130 "$W/runtime.log" >"$W/runtime-trunc.log"
expect 5 "truncated runtime log" tdxg log --log-file "$W/runtime-trunc.log"
python3 -c '
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
struct.pack_into("<I", d, 0x41 + 12 + 2 + 48, 0xfffffff0)   # first event: huge event size
open(sys.argv[2], "wb").write(d)
d = bytearray(open(sys.argv[1], "rb").read())
struct.pack_into("<I", d, 32 + 24, 100000)                     # Spec ID: 100000 algorithms
open(sys.argv[3], "wb").write(d)
d = bytearray(open(sys.argv[1], "rb").read())
struct.pack_into("<I", d, 0x41, 9)                              # MR index 9
open(sys.argv[4], "wb").write(d)
' "$CCEL" "$W/huge-event.dat" "$W/many-algs.dat" "$W/bad-mr.dat"
expect 5 "CCEL event size 0xfffffff0" tdxg log --ccel-file "$W/huge-event.dat"
expect 5 "CCEL Spec ID with 100000 algorithms" tdxg log --ccel-file "$W/many-algs.dat"
expect 5 "CCEL event with MR index 9" tdxg log --ccel-file "$W/bad-mr.dat"
head -c 600 "$QUOTE" >"$W/quote-trunc.dat"
expect 5 "truncated quote for --against" tdxg log --ccel-file "$CCEL" --against quote "$W/quote-trunc.dat"
expect 5 "garbage quote for --against" tdxg log --ccel-file "$CCEL" --against quote "$W/garbage.dat"
head -c 1000 "$SYN" >"$W/report-trunc.dat"
expect 5 "truncated TDREPORT for --against report" tdxg log --ccel-file "$CCEL" --against report "$W/report-trunc.dat"
expect 5 "show of a truncated TDREPORT" tdxg show "$W/report-trunc.dat"
expect 5 "show of an empty file" tdxg show "$W/empty.dat"
expect 4 "missing log file is an I/O error" tdxg log --ccel-file "$W/does-not-exist"
has "$W/does-not-exist: No such file or directory" err
ok $? "missing log file: message names path and errno"
expect 4 "show of a missing file" tdxg show "$W/does-not-exist"

# Mutated copies of the real log: any exit but a crash or a hang.
python3 - "$CCEL" "$W/fuzz" "$FUZZ_N" <<'PY'
import os, random, sys
src, out, n = open(sys.argv[1], 'rb').read()[:0x4700], sys.argv[2], int(sys.argv[3])
os.makedirs(out)
rng = random.Random(4)
for i in range(n):
    d = bytearray(src)
    for _ in range(rng.randint(1, 4)):
        o = rng.randrange(len(d))
        d[o] = rng.choice([0, 0xff, rng.randrange(256), d[o] ^ (1 << rng.randrange(8))])
    if rng.random() < 0.3:
        d = d[:rng.randrange(len(d))]
    open(f'{out}/{i:04d}', 'wb').write(d)
PY
bad=0
for f in "$W"/fuzz/*; do
	run tdxg log --ccel-file "$f" --replay --against quote "$QUOTE"
	case $rc in 0|1|5) ;; *) bad=$((bad + 1)); echo "# $f: exit $rc" ;; esac
done
ok $bad "$FUZZ_N mutated CCELs: every run exits 0, 1 or 5"

# ---- usage errors: exit 2
expect 2 "no subcommand" tdxg
expect 2 "unknown subcommand" tdxg frobnicate
expect 2 "log --against with a bad kind" tdxg log --ccel-file "$CCEL" --against foo x
expect 2 "log --against quote without FILE" tdxg log --ccel-file "$CCEL" --against quote
expect 2 "log with a stray argument" tdxg log --ccel-file "$CCEL" stray
expect 2 "log with an unknown option" tdxg log --bogus
expect 2 "extend --rtmr 4" tdxg extend --rtmr 4 --data x
expect 2 "extend without a digest source" tdxg extend --rtmr 1
expect 2 "extend with two digest sources" tdxg extend --rtmr 1 --data x --digest 00
expect 2 "extend --digest of the wrong length" tdxg extend --rtmr 1 --digest abcd
expect 2 "extend with an unknown event type" tdxg extend --rtmr 1 --data x --event-type EV_NOPE
expect 2 "lock without --rtmr" tdxg lock
expect 2 "lock --rtmr x" tdxg lock --rtmr x
expect 2 "report --data that is not hex" tdxg report --data zz
expect 2 "report --data longer than 64 bytes" tdxg report --data "$(printf '%0130d' 0)"
expect 2 "report with two data sources" tdxg report --nonce --data 00
expect 2 "show without FILE" tdxg show
expect 2 "show with two FILEs" tdxg show "$SYN" "$SYN"
expect 2 "status with an argument" tdxg status extra
expect 0 "log --help" tdxg log --help
has '^Usage: tdxg log' out
ok $? "log --help prints usage on stdout"

# ---- without a device: exit 3, errors name the path
TDXG_DEVICE=$W/no-such-device expect 3 "status without a device" tdxg status
TDXG_DEVICE=$W/no-such-device run tdxg status --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["device_available"] is False' "$W/out"
ok $? "status --json without a device is valid JSON saying so"
TDXG_DEVICE=$W/no-such-device expect 3 "report without a device" tdxg report
has "$W/no-such-device" err
ok $? "report without a device: message names the device"
# /dev/null takes no ioctls: the errno is passed through, exit 4.
TDXG_DEVICE=/dev/null expect 4 "report on a device without the ioctl" tdxg report
has 'GET_REPORT0: Inappropriate ioctl' err
ok $? "report ioctl failure names the ioctl and errno"
TDXG_DEVICE=/dev/null expect 4 "extend on a device without the ioctl" tdxg extend --rtmr 2 --data x
TDXG_DEVICE=/dev/null expect 4 "lock on a device without the ioctl" tdxg lock --rtmr 1 --once

# ---- every write is checked: stdout on /dev/full is exit 4, never 0
AT=2025-07-01T00:00:00Z
for args in "show $SYN" "show $SYN --json" "show $PHALA" "show $PHALA --json" \
	"verify $PHALA --at $AT --no-tcb" "verify $PHALA --at $AT --no-tcb --json" \
	"log --ccel-file $CCEL" "log --ccel-file $CCEL --replay --json" \
	"--help" "--version" "log --help" "verify --help"; do
	# shellcheck disable=SC2086
	TDXG_DEVICE=$W/no-such-device RUN_OUT=/dev/full run tdxg $args
	[ "$rc" -eq 4 ] && has 'stdout.*No space left on device' err
	ok $? "tdxg ${args//$TD\//} > /dev/full: exit 4 naming stdout (exit $rc)"
	[ "$rc" -eq 4 ] || sed 's/^/#   /' "$W/err" | head -3
done
# A command that failed anyway keeps its own exit code, and still says so.
TDXG_DEVICE=$W/no-such-device RUN_OUT=/dev/full run tdxg status --json
[ "$rc" -eq 3 ] && has 'stdout.*No space left on device' err
ok $? "status --json without a device > /dev/full: exit 3, and the lost output is reported"

# ---- every file read takes "-" for stdin
run tdxg verify --no-tcb - --at "$AT" <"$PHALA"
[ "$rc" -eq 0 ] && has '^-: OK' out
ok $? "verify - reads the quote from stdin (exit $rc)"
# leaked: the last run leaked (LeakSanitizer in cli-san.t, valgrind in cli-valgrind.t)
leaked() {
	grep -q 'ERROR: LeakSanitizer' "$W/err" && return 0
	[ -n "${CHECK_LOGS:-}" ] && cat "$CHECK_LOGS/$runs"-*.log 2>/dev/null |
		grep -qE '(definitely|indirectly) lost: [1-9]'
}
run tdxg verify --no-tcb - --root "$W/does-not-exist" <"$PHALA"
[ "$rc" -eq 4 ] && ! leaked
ok $? "verify - --root MISSING: exit 4, the quote read from stdin is freed (exit $rc)"
run tdxg verify --no-tcb - --expect-sealed 3 <"$PHALA"
[ "$rc" -eq 2 ] && ! leaked
ok $? "verify - --expect-sealed without --replay: usage error, nothing leaked (exit $rc)"
run tdxg log --ccel-file - --replay <"$CCEL"
[ "$rc" -eq 0 ] && has '^ccel log stdin: 43 events' out
ok $? "log --ccel-file - reads the CCEL from stdin (exit $rc)"
run tdxg log --ccel-file "$CCEL" --against quote - --json <"$QUOTE"
[ "$rc" -eq 0 ] && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["match"] is True' "$W/out"
ok $? "log --against quote - reads the quote from stdin (exit $rc)"
: >"$W/empty.log"
run tdxg verify --no-tcb "$QUOTE" --at "$AT" --replay "$CCEL" --replay - <"$W/empty.log"
[ "$rc" -eq 0 ]
ok $? "verify --replay CCEL --replay - reads the (empty) runtime log from stdin (exit $rc)"
run tdxg verify --no-tcb - --at "$AT" --replay - <"$QUOTE"
[ "$rc" -eq 2 ] && has 'can be read only once' err
ok $? "stdin named twice is a usage error, not an empty second file (exit $rc)"
# No device: extend gets as far as the ioctl, so the file was read.
printf 'measured binary' >"$W/bin"
TDXG_DEVICE=/dev/null run tdxg extend --rtmr 2 --file - --json <"$W/bin"
[ "$rc" -eq 4 ] && has 'EXTEND rtmr2' err
ok $? "extend --file - hashes stdin and reaches the EXTEND ioctl (exit $rc)"
TDXG_DEVICE=/dev/null run tdxg extend --rtmr 2 --data x --event-file - <"$W/bin"
[ "$rc" -eq 4 ] && has 'EXTEND rtmr2' err
ok $? "extend --event-file - reads the event data from stdin (exit $rc)"
run tdxg show - <"$SYN"
[ "$rc" -eq 0 ] && has '^  mrtd +91eb2b44' out
ok $? "show - still reads stdin"

# ---- hex quotes and TDREPORTs are accepted wherever one is read (detected)
od -An -tx1 -v "$PHALA" | tr -d ' \n' >"$W/phala.hex"; echo >>"$W/phala.hex"
od -An -tx1 -v "$QUOTE" | tr -d ' \n' | fold -w 60 >"$W/cos.hex"      # xxd -p style lines
{ printf 0x; od -An -tx1 -v "$SYN" | tr -d ' \n'; } >"$W/syn.hex"
run tdxg show "$PHALA" --json; cp "$W/out" "$W/show-bin.json"
run tdxg show "$W/phala.hex" --json
[ "$rc" -eq 0 ] && cmp -s "$W/out" "$W/show-bin.json"
ok $? "show of a hex quote (quote --hex output) decodes like the binary (exit $rc)"
run tdxg show "$W/syn.hex"
[ "$rc" -eq 0 ] && has '^  mrtd +91eb2b44' out
ok $? "show of a 0x-prefixed hex TDREPORT (exit $rc)"
run tdxg verify --no-tcb "$W/phala.hex" --at "$AT"
[ "$rc" -eq 0 ]
ok $? "verify of a hex quote (exit $rc)"
run tdxg verify --no-tcb - --at "$AT" --replay "$CCEL" <"$W/cos.hex"
[ "$rc" -eq 0 ]
ok $? "verify - of a line-wrapped hex quote on stdin, with replay (exit $rc)"
run tdxg log --ccel-file "$CCEL" --against quote "$W/cos.hex"
[ "$rc" -eq 0 ]
ok $? "log --against quote HEXFILE (exit $rc)"
run tdxg log --ccel-file "$CCEL" --against report "$W/syn.hex"
[ "$rc" -eq 1 ] && has RTMR0 err
ok $? "log --against report HEXFILE: read, and the unrelated report mismatches (exit $rc)"
printf 'abc\n' >"$W/odd.hex"
expect 5 "hex quote with an odd number of digits" tdxg verify "$W/odd.hex"
has 'odd.hex.*hex with an odd number of digits' err
ok $? "odd-digit hex file: the message says so"
printf 'hello, not hex\n' >"$W/text"
expect 5 "text that is not hex is judged as binary, never guessed" tdxg show "$W/text"

# ---- options in any order
run tdxg verify --no-tcb --json "$QUOTE" --replay "$CCEL" --replay "$W/empty.log" --at "$AT"
[ "$rc" -eq 0 ] && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["ok"] is True' "$W/out"
ok $? "verify --json QUOTE --replay A --replay B --at T: QUOTE is the first operand (exit $rc)"
run tdxg verify --no-tcb --at "$AT" --replay "$CCEL" --replay "$W/empty.log" "$QUOTE"
[ "$rc" -eq 0 ]
ok $? "verify --replay A --replay B QUOTE (exit $rc)"
# --replay takes one LOG: every other word is a QUOTE, wherever it stands.
run tdxg verify --no-tcb --at "$AT" --replay "$CCEL" "$W/empty.log" "$QUOTE"
[ "$rc" -eq 5 ] && has 'empty.log: FAILED quote_format' err && has '2 quotes: 1 verified, 1 failed' err
ok $? "verify --replay A B QUOTE: B is a QUOTE (not a log), and fails as one (exit $rc)"
run tdxg verify --no-tcb --at "$AT" --replay "$CCEL" "$QUOTE"
[ "$rc" -eq 0 ] && ! has 'quotes:' err
ok $? "verify --replay A QUOTE: one log, one quote (exit $rc)"
run tdxg verify --no-tcb --replay "$CCEL" --json --at "$AT" "$QUOTE"
[ "$rc" -eq 0 ]
ok $? "verify --replay A --json --at T QUOTE (exit $rc)"
run tdxg show --json "$SYN"
[ "$rc" -eq 0 ]
ok $? "show --json FILE (exit $rc)"
run tdxg verify --no-tcb "$QUOTE" --replay "$CCEL" --replay "$W/empty.log" --at "$AT" "$PHALA"
[ "$rc" -eq 1 ] && has 'v4-phala.dat: FAILED replay' err && ! has 'cos-113-tdx-quote.dat: FAILED' err
ok $? "verify Q1 --replay A --replay B --at T Q2: Q2 is a quote, not a log (exit $rc)"

# ---- the runtime log is empty until the first extend
run tdxg verify --no-tcb "$QUOTE" --at "$AT" --replay "$CCEL" --replay "$W/empty.log"
[ "$rc" -eq 0 ]
ok $? "verify --replay accepts an empty runtime log (exit $rc)"
head -c 64 /dev/zero >"$W/zeros.log"
expect 5 "64 zero bytes are no event log" tdxg verify --no-tcb "$QUOTE" --at "$AT" --replay "$CCEL" --replay "$W/zeros.log"

# ---- --json: a JSON object for every failure, usage errors included
# json_fail RC ARGS...: exit RC, and stdout is one object with ok false and exit_code RC
json_fail() {
	local want=$1
	shift
	run tdxg "$@"
	[ "$rc" -eq "$want" ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if "match" in d:     # log --against: its own object says which register
    assert d["match"] is False and d["first_mismatch"], d
else:
    assert d["ok"] is False and d["exit_code"] == int(sys.argv[2]), d
    assert d.get("error") or d.get("detail"), d
' "$W/out" "$want" 2>>"$W/err"
	ok $? "--json failure object, exit $want: tdxg ${*//$TD\//}"
}
json_fail 2 verify --json
json_fail 2 verify --json "$QUOTE" --bogus
json_fail 2 verify --at yesterday --json "$QUOTE"
json_fail 2 show --json
json_fail 2 log --json --against foo
json_fail 2 report --json --data abc
json_fail 4 verify --json "$W/does-not-exist"
json_fail 4 log --json --ccel-file "$W/does-not-exist"
json_fail 5 show --json "$W/text"
json_fail 5 verify --json "$W/odd.hex"
TDXG_DEVICE=$W/no-such-device json_fail 3 report --json
json_fail 6 verify --json "$PHALA" --at 2035-01-01T00:00:00Z
json_fail 1 log --json --ccel-file "$CCEL" --against report "$SYN"

# ---- exit codes as tdxg(1) documents them
expect 4 "report --data-file that does not exist is an I/O error" tdxg report --data-file "$W/does-not-exist"
TDXG_DEVICE=/dev/null expect 3 "status on a device that does not answer" tdxg status
TDXG_DEVICE=$W/no-such-device expect 3 "quote: no socket at a unix: path" tdxg \
	quote --report "$SYN" --transport "unix:$W/no-such.sock" --hex
expect 2 "REPORTDATA longer than 64 bytes from --data-file" tdxg report --data-file "$CCEL"

# ---- messages
run tdxg show --bogus
has "^tdxg show: unrecognized option '--bogus'" err
ok $? "getopt errors start with 'tdxg show:'"
expect 2 "report --data with an odd number of digits" tdxg report --data abc
has 'odd number of hex digits' err
ok $? "odd-length hex: the message says odd, not 'not hex'"
expect 2 "report --data with a bad digit" tdxg report --data 00zz
has "'z' at position 3 is not a hex digit" err
ok $? "a bad hex digit is named with its position"
expect 5 "show of a 1000-byte file" tdxg show "$W/report-trunc.dat"
has "$W/report-trunc.dat" err
ok $? "show errors name the file"
run tdxg log --ccel-file "$W/trunc.dat"
has 'at offset [0-9]+' err
ok $? "a malformed log names the offset"
run tdxg log --log-file "$W/runtime.log"
! has 'ccel log: none found' out
ok $? "log --log-file X does not print 'ccel log: none found'"
TDXG_DEVICE=$W/no-such-device run tdxg quote --transport "unix:$W/no-such.sock" --hex
has 'warning: no --data' err
ok $? "quote without --data warns that REPORTDATA is all zeros (no nonce)"

# Times in messages are RFC 3339, as everywhere else, never unix seconds.
run tdxg verify "$PHALA" --at 2035-01-01T00:00:00Z
[ "$rc" -eq 6 ] && has 'valid 20[0-9-]+T[0-9:]+Z\.\.20[0-9-]+T[0-9:]+Z, at 2035-01-01T00:00:00Z' err &&
	! grep -qE '[0-9]{9,}' "$W/err"
ok $? "an expired certificate's message gives RFC 3339 times"
run tdxg verify "$PHALA" --collateral "$TD/collateral/v4-phala.collateral.json" --at 2025-07-19T10:16:04Z
[ "$rc" -eq 6 ] && has 'next update 2025-07-19T10:1[0-9]:[0-9]{2}Z, at 2025-07-19T10:16:04Z' err
ok $? "expired collateral's message gives RFC 3339 times"

# Collateral with a piece missing is incomplete input (5), not a bad signature (6).
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
w = sys.argv[2]
open(w + "/tcb.json", "w").write("{\"tcbInfo\":%s,\"signature\":\"%s\"}" % (d["tcb_info"], d["tcb_info_signature"]))
open(w + "/qe.json", "w").write("{\"enclaveIdentity\":%s,\"signature\":\"%s\"}" % (d["qe_identity"], d["qe_identity_signature"]))
open(w + "/chain.pem", "w").write(d["tcb_info_issuer_chain"])
' "$TD/collateral/v4-phala.collateral.json" "$W"
expect 5 "PCS TCB info and QE identity without their issuer chain" tdxg \
	verify "$PHALA" --collateral "$W/tcb.json" --collateral "$W/qe.json" --at "$AT"
has 'no SGX TCB Signing certificate' err
ok $? "... says the signing certificate is missing"
expect 5 "collateral without CRLs" tdxg \
	verify "$PHALA" --collateral "$W/tcb.json" --collateral "$W/qe.json" --collateral "$W/chain.pem" --at "$AT"
has 'no CRL from the issuer' err
ok $? "... says which CRL is missing"

# ---- every exit code of tdxg(1) (user/cli.h), driven once each
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4); time.sleep(60)' "$W/silent.sock" &
silent=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$W/silent.sock" ] && break; sleep 0.1; done
driven=
code() { local want=$1; shift; expect "$want" "documented exit $want: $1" tdxg "${@:2}"; driven="$driven $want"; }
code 0 "verified" verify "$PHALA" --collateral "$TD/collateral/v4-phala.collateral.json" --at "$AT"
code 1 "replay mismatch" log --ccel-file "$CCEL" --against report "$SYN"
code 2 "usage" verify
TDXG_DEVICE=$W/no-such-device code 3 "no device" report
code 4 "unreadable file" show "$W/does-not-exist"
code 5 "malformed input" show "$W/text"
code 6 "certificate outside its validity" verify "$PHALA" --at 2035-01-01T00:00:00Z
code 7 "TCB status not accepted" verify "$PHALA" --collateral "$TD/collateral/v4-phala.collateral.json" \
	--at "$AT" --accept OutOfDate
code 8 "quote service silent" quote --report "$SYN" --transport "unix:$W/silent.sock" --timeout 0.5 --hex
kill "$silent" 2>/dev/null
wait "$silent" 2>/dev/null
codes=$(grep -oE 'TDXG_EXIT_[A-Z]+ = [0-9]+' "$TOP/user/cli.h" | awk '{print $3}' | sort -n | tr '\n' ' ')
[ "$codes" = "$(tr ' ' '\n' <<<"$driven" | grep . | sort -n | tr '\n' ' ')" ]
ok $? "every exit code in cli.h ($codes) was driven"

# ---- memory errors anywhere above
[ ! -s "$W/reports" ]
ok $? "no sanitizer report in any run"
[ -s "$W/reports" ] && head -40 "$W/reports" | sed 's/^/#   /'
if [ -n "${CHECK_LOGS:-}" ]; then
	bad=$(grep -LE 'ERROR SUMMARY: 0 errors' "$CHECK_LOGS"/* 2>/dev/null | wc -l)
	leaks=$(grep -lE '(definitely|indirectly|possibly) lost: [1-9]' "$CHECK_LOGS"/* 2>/dev/null | wc -l)
	total=$(find "$CHECK_LOGS" -type f | wc -l)
	[ "$total" -eq "$runs" ] && [ "$bad" -eq 0 ]
	ok $? "valgrind: $total logs of $runs runs, $bad with memory errors"
	[ "$total" -eq "$runs" ] && [ "$leaks" -eq 0 ]
	ok $? "valgrind: no leaks in $total runs ($leaks leaking)"
	for f in $(grep -LE 'ERROR SUMMARY: 0 errors' "$CHECK_LOGS"/* | head -2) \
		$(grep -lE '(definitely|indirectly|possibly) lost: [1-9]' "$CHECK_LOGS"/* | head -2); do
		sed 's/^/#   /' "$f" | head -30
	done
fi
finish
