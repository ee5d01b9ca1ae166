#!/bin/bash
# SPDX-License-Identifier: MIT
#
# tdxg verify --expect-sealed and --expect-once over a replayed runtime
# log. Each case builds a tdxg runtime log, a TDREPORT whose RTMRs are
# that log's replay, and a quote of it from the test QGS, so the replay
# matches and only the seal checks decide: sealed registers pass, an
# extend after the LOCKED marker, a missing marker, two extends under
# once, and a marker digest under another label fail as documented.
# Every register's whole history must be one kmod/measure.c can write:
# open extends, then ONCE, at most one extend and LOCKED, or LOCKED;
# nothing after LOCKED. Anything else fails, naming the event.
set -u
. "$(dirname "$0")/quote-lib.sh"
ROOT=$KEYS/root-ca.pem

plan 32
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
	python3 "$TOP/tests/host/seal-log.py" "$REPORT" "$W/$name.log" "$W/$name.rep" "$@"
	"$TDXG" quote --report "$W/$name.rep" --transport "unix:$W/v4.sock" -o "$W/$name.q" 2>"$W/err"
}

# v NAME ARGS...: verify NAME's quote against its log; sets rc.
v() {
	local name=$1
	shift
	"$TDXG" verify --no-tcb "$W/$name.q" --root "$ROOT" --replay "$W/$name.log" "$@" >"$W/out" 2>"$W/err"
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


# bad NAME EVENT RTMR TYPE ARGS...: verify fails with exit 1, naming the
# event (its number in the log, from 1), register and type, as text and
# as --json (failed_check replay_history and a failed_event object).
bad() {
	local name=$1 ev=$2 reg=$3 typ=$4
	shift 4
	v "$name" "$@"
	[ $rc -eq 1 ] && grep -q "FAILED replay_history: $W/$name.log: event $ev (RTMR$reg, $typ)" "$W/err" || {
		diag "$W/err"
		return 1
	}
	v "$name" "$@" --json
	[ $rc -eq 1 ] && python3 - "$W/out" "$W/$name.log" "$ev" "$reg" "$typ" <<'PY' || { diag "$W/out"; return 1; }
import json, sys
d = json.loads(open(sys.argv[1]).read())
e = d['failed_event']
assert d['ok'] is False and d['exit_code'] == 1 and d['failed_check'] == 'replay_history', d
why = e.pop('why')
assert e == {'log': sys.argv[2], 'index': int(sys.argv[3]), 'rtmr': int(sys.argv[4]),
             'event_type_name': sys.argv[5], 'event_type': {'TDXG_EV_POLICY': 0x54440002, 'EV_IPL': 0xd}[sys.argv[5]]}, e
assert d['detail'] == '%s: event %s (RTMR%s, %s) %s' % tuple(sys.argv[2:6] + [why]), d['detail']
PY
}

mklog after 3:locked 3:late
bad after 2 3 EV_IPL --expect-sealed 3
ok $? "an extend after the LOCKED marker fails --expect-sealed, naming event 2"

mklog two 3:once 3:a 3:b 3:locked
bad two 3 3 EV_IPL --expect-sealed 3 && v two --expect-sealed 3 && grep -q "event 3 (RTMR3, EV_IPL) is a second extend after the TDXG_POLICY_ONCE marker: tdxg allows one" "$W/err"
ok $? "two extends under once: the second (event 3) cannot follow ONCE, so not sealed"
bad two 3 3 EV_IPL --expect-once 3
ok $? "two extends between ONCE and LOCKED fail --expect-once, naming event 3"

mklog zero 3:once 3:locked
v zero --expect-once 3
[ $rc -eq 1 ] && grep -q 'FAILED expect_once' "$W/err"
ok $? "no extend between ONCE and LOCKED fails --expect-once"
v zero --expect-sealed 3
ok $rc "ONCE then LOCKED with no extend (a once register locked unused) is sealed (exit $rc)"

# The histories kmod/measure.c can write pass.
mklog open-locked 3:a 3:b 3:c 3:locked
v open-locked --expect-sealed 3
ok $rc "open with extends, then LOCKED: sealed (exit $rc)"
mklog only-locked 3:locked
v only-locked --expect-sealed 3
ok $rc "LOCKED alone: sealed (exit $rc)"
mklog pending 1:a 1:once 1:x 3:locked
v pending --expect-sealed 3
ok $rc "ONCE, one extend and no LOCKED yet (a pending seal) on another register: sealed 3 passes (exit $rc)"
v pending --expect-sealed 1
[ $rc -eq 1 ] && grep -q 'FAILED expect_sealed' "$W/err"
ok $? "... and RTMR1 with its LOCKED marker pending is not sealed (exit $rc)"
mklog interleaved 3:once 2:a 3:x 2:once 2:y 3:locked 2:locked
v interleaved --expect-once 2,3 --expect-sealed 2,3
ok $rc "two once registers, interleaved: each history is checked on its own (exit $rc)"

# The histories only a bypass can write: each fails, naming its event.
mklog relock 3:app 3:locked 3:x 3:locked
bad relock 3 3 EV_IPL --expect-sealed 3
ok $? "[app, LOCKED, x, LOCKED]: x (event 3) follows LOCKED"
mklog lock-once 3:locked 3:once 3:x 3:locked
bad lock-once 2 3 TDXG_EV_POLICY --expect-sealed 3
ok $? "[LOCKED, ONCE, x, LOCKED]: ONCE (event 2) follows LOCKED"
mklog once-twice 3:once 3:a 3:locked 3:once 3:b 3:locked
bad once-twice 4 3 TDXG_EV_POLICY --expect-once 3
ok $? "[ONCE, a, LOCKED, ONCE, b, LOCKED] under --expect-once: the second ONCE (event 4) follows LOCKED"
bad once-twice 4 3 TDXG_EV_POLICY --expect-sealed 3
ok $? "... and under --expect-sealed"
mklog lock-lock 3:locked 3:locked
bad lock-lock 2 3 TDXG_EV_POLICY --expect-sealed 3
ok $? "[LOCKED, LOCKED]: the second LOCKED (event 2) cannot be written"
mklog once-once 3:once 3:once 3:x 3:locked
bad once-once 2 3 TDXG_EV_POLICY --expect-sealed 3 && v once-once --expect-sealed 3 && grep -q "event 2 (RTMR3, TDXG_EV_POLICY) repeats the TDXG_POLICY_ONCE marker: tdxg measures it once per register" "$W/err"
ok $? "[ONCE, ONCE, x, LOCKED]: a second ONCE (event 2) is never measured"
mklog elsewhere 1:locked 1:x 3:locked
bad elsewhere 2 1 EV_IPL --expect-sealed 3
ok $? "an impossible history of a register not named by --expect-sealed fails too"
v elsewhere
[ $rc -eq 1 ] && grep -q 'FAILED replay_history' "$W/err"
ok $? "... and with --replay alone (exit $rc)"

mklog forged 3:once 3:x 3:fake-locked
v forged --expect-sealed 3
[ $rc -eq 5 ] && grep -q "marker's digest or label" "$W/err"
ok $? "the LOCKED digest under another label is malformed: exit 5 (got $rc)"

# tdxg log --replay checks the same histories: exit 1 naming the event.
"$TDXG" log --log-file "$W/good.log" --against quote "$W/good.q" >"$W/out" 2>"$W/err"
ok $? "log --replay of a history tdxg can write, against its quote: exit 0"
"$TDXG" log --log-file "$W/relock.log" --against quote "$W/relock.q" >"$W/out" 2>"$W/err"
[ $? -eq 1 ] && grep -q "^RTMR3  .*  match\$" "$W/out" &&
	grep -q "$W/relock.log: event 3 (RTMR3, EV_IPL) follows the TDXG_POLICY_LOCKED marker" "$W/err"
ok $? "log --against quote: the replay matches, but event 3 follows LOCKED: exit 1 naming it"
"$TDXG" log --log-file "$W/lock-lock.log" --replay --json >"$W/out" 2>"$W/err"
rc=$?
[ $rc -eq 1 ] && python3 - "$W/out" "$W/lock-lock.log" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d['history_ok'] is False, d
assert d['history_violation'] == {'log': sys.argv[2], 'index': 2, 'rtmr': 3, 'event_type': 0x54440002,
                                  'event_type_name': 'TDXG_EV_POLICY',
                                  'why': 'follows the TDXG_POLICY_LOCKED marker: tdxg refuses every extend and seal of a locked register'}, d['history_violation']
PY
ok $? "log --replay --json: history_ok false and the event in history_violation (exit $rc)"
"$TDXG" log --log-file "$W/interleaved.log" --replay --json >"$W/out" 2>"$W/err"
rc=$?
[ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["history_ok"] is True and d["history_violation"] is None, d' "$W/out"
ok $? "log --replay --json of a history tdxg can write: history_ok true (exit $rc)"

"$TDXG" verify --no-tcb "$W/good.q" --root "$ROOT" --expect-sealed 3 >"$W/out" 2>"$W/err"
[ $? -eq 2 ] && grep -q -- '--replay' "$W/err"
ok $? "--expect-sealed without --replay is a usage error (exit 2)"
"$TDXG" verify --no-tcb "$W/good.q" --root "$ROOT" --replay "$W/good.log" --expect-once 4 >"$W/out" 2>"$W/err"
[ $? -eq 2 ]
ok $? "--expect-once 4 is a usage error (exit 2)"
finish
