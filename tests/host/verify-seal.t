#!/bin/bash
# SPDX-License-Identifier: MIT
#
# tdxg verify --expect-sealed and --expect-once over a replayed runtime
# log. Each case builds a tdxg runtime log, a TDREPORT whose RTMRs are
# that log's replay, and a quote of it from the test QGS, so the replay
# matches and only the seal checks decide: sealed registers pass, an
# extend after the LOCKED marker, a missing marker, two extends under
# once, and a marker digest under another label fail as documented.
set -u
. "$(dirname "$0")/quote-lib.sh"
ROOT=$KEYS/root-ca.pem

plan 14
need_user && need_qgs
ok $? "tdxg and tdxg-test-qgs build"
[ -x "$QGS" ] && [ -x "$TDXG" ] || exit 1
start_qgs v4 >/dev/null
ok $? "test QGS starts"

# mklog NAME SPEC...: SPEC is RTMR:WHAT with WHAT once, locked, an
# extend's label, or fake-locked (the LOCKED digest under EV_IPL). Writes
# $W/NAME.log and $W/NAME.rep (the synthetic TDREPORT with the replay).
mklog() {
	local name=$1
	shift
	python3 - "$REPORT" "$W/$name.log" "$W/$name.rep" "$@" <<'PY'
import hashlib, struct, sys
rep = bytearray(open(sys.argv[1], 'rb').read())
rtmr = [bytes(48)] * 4
log = b''
for spec in sys.argv[4:]:
    i, what = spec.split(':')
    i = int(i)
    if what in ('once', 'locked'):
        data = ('TDXG_POLICY_' + what.upper()).encode()
        typ, digest = 0x54440002, hashlib.sha384(data).digest()
    elif what == 'fake-locked':
        data = b'fake'
        typ, digest = 0xd, hashlib.sha384(b'TDXG_POLICY_LOCKED').digest()
    else:
        data = what.encode()
        typ, digest = 0xd, hashlib.sha384(data).digest()
    log += struct.pack('<IIIH', i + 1, typ, 1, 0xc) + digest + struct.pack('<I', len(data)) + data
    rtmr[i] = hashlib.sha384(rtmr[i] + digest).digest()
for i in range(4):
    off = 512 + 8 + 8 + 48 * 4 + 48 * i  # TDINFO.rtmr[i]
    rep[off:off + 48] = rtmr[i]
open(sys.argv[2], 'wb').write(log)
open(sys.argv[3], 'wb').write(rep)
PY
	"$TDXG" quote --report "$W/$name.rep" --transport "unix:$W/v4.sock" -o "$W/$name.q" 2>"$W/err"
}

# v NAME ARGS...: verify NAME's quote against its log; sets rc.
v() {
	local name=$1
	shift
	"$TDXG" verify "$W/$name.q" --root "$ROOT" --replay "$W/$name.log" "$@" >"$W/out" 2>"$W/err"
	rc=$?
}

mklog good 1:app 2:cfg 2:locked 3:before 3:once 3:the-one 3:locked
ok $? "quote of a log with RTMR2 locked and RTMR3 once-then-locked"
v good --expect-sealed 2,3 --expect-once 3
ok $rc "--expect-sealed 2,3 --expect-once 3 pass (exit $rc)"; [ $rc -eq 0 ] || diag "$W/err"
v good --expect-sealed 1
[ $rc -eq 1 ] && grep -q 'expect_sealed' "$W/err" && grep -q 'RTMR1' "$W/err"
ok $? "--expect-sealed 1 on an open register: exit 1 naming expect_sealed and RTMR1"
v good --expect-once 2
[ $rc -eq 1 ] && grep -q 'expect_once' "$W/err"
ok $? "--expect-once 2 on a register locked without once: exit 1"
v good --expect-sealed 0
[ $rc -eq 1 ]
ok $? "--expect-sealed 0 with no RTMR0 events: exit 1"

mklog after 3:locked 3:late
v after --expect-sealed 3
[ $rc -eq 1 ] && grep -q 'expect_sealed' "$W/err"
ok $? "an extend after the LOCKED marker fails --expect-sealed"

mklog two 3:once 3:a 3:b 3:locked
v two --expect-sealed 3
ok $rc "two extends under once: still sealed (exit $rc)"
v two --expect-once 3
[ $rc -eq 1 ] && grep -q 'expect_once' "$W/err"
ok $? "two extends between ONCE and LOCKED fail --expect-once"

mklog zero 3:once 3:locked
v zero --expect-once 3
[ $rc -eq 1 ]
ok $? "no extend between ONCE and LOCKED fails --expect-once"

mklog forged 3:once 3:x 3:fake-locked
v forged --expect-sealed 3
[ $rc -eq 5 ] && grep -q "marker's digest or label" "$W/err"
ok $? "the LOCKED digest under another label is malformed: exit 5 (got $rc)"

"$TDXG" verify "$W/good.q" --root "$ROOT" --expect-sealed 3 >"$W/out" 2>"$W/err"
[ $? -eq 2 ] && grep -q -- '--replay' "$W/err"
ok $? "--expect-sealed without --replay is a usage error (exit 2)"
"$TDXG" verify "$W/good.q" --root "$ROOT" --replay "$W/good.log" --expect-once 4 >"$W/out" 2>"$W/err"
[ $? -eq 2 ]
ok $? "--expect-once 4 is a usage error (exit 2)"
finish
