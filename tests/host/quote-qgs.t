#!/bin/bash
# SPDX-License-Identifier: MIT
#
# tdxg quote against the test QGS on a unix socket, with no module: the
# --report path. The quote's body must be the TDREPORT's fields and its
# signatures must verify against the test CA, checked twice: by
# quote-check.py (hand-walked layout + openssl command line) and by
# tdxg verify --root. Then v5, output forms, 50 back-to-back quotes,
# 4 concurrent callers, and the transport-spec and input errors.
set -u
. "$(dirname "$0")/quote-lib.sh"
CHECK=$TOP/tests/host/quote-check.py
ROOT=$KEYS/root-ca.pem

plan 35
need_user && need_qgs
ok $? "tdxg and tdxg-test-qgs build"
[ -x "$QGS" ] && [ -x "$TDXG" ] || exit 1

# The checker itself must accept a real Intel quote and reject a flipped one,
# or its PASS lines below would mean nothing.
python3 "$CHECK" "$TD/quotes/v4-phala.dat" "$REPORT" "$TD/roots/intel-sgx-root-ca.pem" >"$W/chk" 2>&1
ok $? "quote-check.py accepts the real v4-phala quote (synthetic report, Intel root)"

start_qgs v4 >/dev/null
ok $? "test QGS starts and creates a throwaway CA in $KEYS"

tq --report "$REPORT" --transport "unix:$W/v4.sock" -o "$W/q4.dat"
ok $rc "quote --report synthetic-tdreport.dat --transport unix:SOCK exits 0 (${ms} ms)"
[ $rc -eq 0 ] || diag "$W/err"

python3 "$CHECK" "$W/q4.dat" "$REPORT" "$ROOT" >"$W/chk" 2>&1
for c in layout body quote-signature qe-report-signature qe-binding pck-chain; do
	grep -qx "PASS $c" "$W/chk"
	ok $? "v4 quote: $c (openssl command line)"
done
grep FAIL "$W/chk" | sed 's/^/# /'

# Real values, not just "equal": MRTD and RTMR0 of the source quote.
mrtd=$(od -An -tx1 -v -j $((512 + 16)) -N 48 "$REPORT" | tr -d ' \n')
[ "$(quote_body_hex "$W/q4.dat" | cut -c $((136 * 2 + 1))-$((184 * 2)))" = "$mrtd" ] &&
	[ "${mrtd:0:16}" = 91eb2b44d141d4ec ]
ok $? "quote MRTD is the report's (91eb2b44d141d4ec...)"
cmp -s <(quote_body_hex "$W/q4.dat") <(od -An -tx1 -v -j 48 -N 584 "$TD/quotes/v4-phala.dat" | tr -d ' \n')
ok $? "quote body equals the body of the real quote the report was made from"

"$TDXG" verify --no-tcb "$W/q4.dat" --root "$ROOT" >"$W/v.out" 2>&1
ok $? "tdxg verify --root test CA accepts the v4 quote"
"$TDXG" verify --no-tcb "$W/q4.dat" >"$W/v.out" 2>&1
[ $? -eq 6 ]
ok $? "tdxg verify against the Intel root refuses it (exit 6)"

start_qgs v5 --quote-version 5 >/dev/null
tq --report "$REPORT" --transport "unix:$W/v5.sock" -o "$W/q5.dat"
ok $rc "v5 quote exits 0"
python3 "$CHECK" "$W/q5.dat" "$REPORT" "$ROOT" >"$W/chk5" 2>&1
ok $? "v5 quote (body type 3): all six independent checks pass"
grep FAIL "$W/chk5" | sed 's/^/# /'
"$TDXG" verify --no-tcb "$W/q5.dat" --root "$ROOT" >"$W/v.out" 2>&1
ok $? "tdxg verify --root accepts the v5 quote"

# Output forms carry the same bytes (signatures differ per quote, so
# compare the signed part).
tq --report "$REPORT" --transport "unix:$W/v4.sock" --hex
[ $rc -eq 0 ] && [ "$(tr -d '\n' <"$W/out" | cut -c 1-$((632 * 2)))" = "$(od -An -tx1 -v -N 632 "$W/q4.dat" | tr -d ' \n')" ]
ok $? "--hex prints the quote as hex"
tq --report "$REPORT" --transport "unix:$W/v4.sock"
[ $rc -eq 0 ] && cmp -s -n 632 "$W/out" "$W/q4.dat"
ok $? "without -o the binary quote goes to stdout"

tq --report "$REPORT" --transport "unix:$W/v4.sock" --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
q = bytes.fromhex(d["quote"])
assert d["transport"] == "unix:" + sys.argv[2] and d["version"] == 4 and d["size"] == len(q)
assert q[:632] == open(sys.argv[3], "rb").read()[:632]
' "$W/out" "$W/v4.sock" "$W/q4.dat"
ok $? "--json gives transport, version, size and the quote"

# No output form may lose the quote silently.
for form in --hex --json ""; do
	$TDXG_WRAP "$TDXG" quote --report "$REPORT" --transport "unix:$W/v4.sock" $form >/dev/full 2>"$W/err"
	rc=$?
	[ $rc -eq 4 ] && grep -q 'stdout.*No space left on device' "$W/err"
	ok $? "quote ${form:-(binary)} > /dev/full: exit 4 naming stdout (exit $rc)"
done

# 50 back-to-back quotes, each verified.
good=0
t0=${EPOCHREALTIME/./}
for i in $(seq 1 50); do
	if "$TDXG" quote --report "$REPORT" --transport "unix:$W/v4.sock" -o "$W/b.dat" --timeout 10 2>>"$W/b.err" &&
		"$TDXG" verify --no-tcb "$W/b.dat" --root "$ROOT" >/dev/null 2>&1; then
		good=$((good + 1))
	fi
done
t1=${EPOCHREALTIME/./}
[ $good -eq 50 ]
ok $? "50 back-to-back quotes all succeed and verify ($good/50, $(((t1 - t0) / 50000)) ms each)"

# 4 concurrent callers, 10 quotes each.
for c in 1 2 3 4; do
	(
		k=0
		for i in $(seq 1 10); do
			"$TDXG" quote --report "$REPORT" --transport "unix:$W/v4.sock" -o "$W/c$c-$i.dat" --timeout 20 &&
				"$TDXG" verify --no-tcb "$W/c$c-$i.dat" --root "$ROOT" >/dev/null && k=$((k + 1))
		done
		echo $k >"$W/c$c.count"
	) 2>>"$W/c.err" &
done
wait
total=$(cat "$W"/c?.count | paste -sd+ | bc)
[ "$total" -eq 40 ]
ok $? "4 concurrent callers x 10 quotes all succeed and verify ($total/40)"

# Spec and input errors: usage (2) or malformed input (5), named clearly.
tq --report "$REPORT" --transport bogus -o "$W/x"
[ $rc -eq 2 ] && grep -q "unknown transport 'bogus'" "$W/err"
ok $? "unknown transport: exit 2, named"
tq --report "$REPORT" --transport vsock:2 -o "$W/x"
[ $rc -eq 2 ] && grep -q "vsock:CID:PORT" "$W/err"
ok $? "vsock:2 without a port: exit 2"
tq --report "$REPORT" --transport tdvmcall -o "$W/x"
[ $rc -eq 2 ] && grep -q "takes report data" "$W/err"
ok $? "--report with tdvmcall: exit 2 (the module quotes its own reports)"
head -c 1000 "$REPORT" >"$W/short.dat"
tq --report "$W/short.dat" --transport "unix:$W/v4.sock" -o "$W/x"
[ $rc -eq 5 ] && grep -q "short.dat: not a TDREPORT" "$W/err"
ok $? "1000-byte --report: exit 5 naming the file"
tq --report "$W/missing.dat" --transport "unix:$W/v4.sock" -o "$W/x"
[ $rc -eq 4 ] && grep -q "missing.dat: No such file" "$W/err"
ok $? "missing --report file: exit 4 with errno text"
tq --report "$REPORT" --transport "unix:$W/nobody.sock" -o "$W/x"
[ $rc -eq 3 ] && grep -q "nobody.sock: connect: No such file" "$W/err"
ok $? "no QGS at the socket: exit 3 (unavailable, as the man page says) naming the path"
tq --data 0011zz --transport "unix:$W/v4.sock" -o "$W/x"
[ $rc -eq 2 ]
ok $? "--data that is not hex: exit 2"

# Transport defaults. The device path points nowhere so nothing connects
# anywhere: the error line shows the endpoint that would have been used.
printf '# QGS port\n  port = 4321  # comment\n' >"$W/attest.conf"
TDXG_DEVICE=$W/no-device TDXG_ATTEST_CONF=$W/attest.conf tq --data 00 --transport vsock -o "$W/x"
grep -q "vsock:2:4321" "$W/err"
ok $? "vsock port comes from tdx-attest.conf (port = 4321 with comments)"
TDXG_DEVICE=$W/no-device TDXG_TSM_DIR=$W/no-tsm TDXG_QGS_VSOCK=off TDXG_QGS_UNIX=$W/v4.sock \
	tq --data 00 --transport auto -o "$W/x"
[ $rc -eq 3 ] && [ "$(grep -c '^tdxg quote: auto: ' "$W/err")" -eq 3 ] &&
	grep -q "auto: tsm: .*no configfs-tsm" "$W/err" && grep -q "auto: tdvmcall: " "$W/err" &&
	grep -q "auto: unix:$W/v4.sock: " "$W/err"
r=$?
ok $r "auto without device or tsm: one line per attempt (tsm, tdvmcall, unix), exit 3"
[ $r -eq 0 ] || diag "$W/err"
TDXG_QGS_VSOCK=off TDXG_QGS_UNIX=$W/v4.sock tq --report "$REPORT" --transport auto -o "$W/auto.dat"
[ $rc -eq 0 ] && "$TDXG" verify --no-tcb "$W/auto.dat" --root "$ROOT" >/dev/null 2>&1
ok $? "auto with --report reaches the unix QGS and the quote verifies"

echo "# measured: back-to-back $(((t1 - t0) / 50000)) ms per quote+verify"
finish
