#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Every misbehaviour of the test QGS, and broken local transports, must
# give one clear line on stderr, the documented exit code, and return
# within --timeout (plus 1 s of slack) -- never a hang or a crash.
# Exit codes: 4 I/O or QGS error, 5 malformed reply, 8 timeout, 3 absent.
set -u
. "$(dirname "$0")/quote-lib.sh"
# Start-up time allowed on top of --timeout (valgrind runs need more).
SLACK=${TDXG_SLACK_MS:-1000}

# mode  exit  stderr pattern
CASES=(
	"error              4 QGS returned error 0x12001 (QGS_MSG_ERROR_UNEXPECTED)"
	"bad-version        5 protocol version 2.1, expected 1.x"
	"bad-type           5 message type 0, expected GET_QUOTE_RESP"
	"bad-size           5 header says [0-9]* bytes but the frame holds"
	"bad-quote-size     5 claims a 0-byte ID and a [0-9]*-byte quote in"
	"short-read         4 closed the connection after [0-9]* of [0-9]* reply bytes"
	"oversized          5 reply length 4294967040 is outside 16..66584"
	"slow               8 waiting for the reply: no answer within 1.500 s"
	"disconnect         4 closed the connection without answering"
	"not-quote          5 returned 200 bytes that are not a quote"
	"wrong-report       5 returned a quote of another TDREPORT: quote body field reportdata differs"
)
ERRORS=(0x12002 0x12003 0x12004 0x12005 0x12006 0x12007 0x12345)
ERRNAMES=(OUT_OF_MEMORY INVALID_PARAMETER INVALID_VERSION INVALID_TYPE INVALID_SIZE INVALID_CODE "unknown error 0x12345")

RUNS=${TDXG_MUTATE_RUNS:-100}

echo "1..$((1 + 2 * ${#CASES[@]} + ${#ERRORS[@]} + 8))"
need_user && need_qgs
ok $? "tdxg and tdxg-test-qgs build"
[ -x "$QGS" ] && [ -x "$TDXG" ] || exit 1

for c in "${CASES[@]}"; do
	read -r mode want pat <<<"$c"
	start_qgs "$mode" --mode "$mode" --delay 20 >/dev/null
	tq --report "$REPORT" --transport "unix:$W/$mode.sock" -o "$W/$mode.out" --timeout 1.5
	[ "$rc" -eq "$want" ] && grep -q -- "$pat" "$W/err" && [ "$(wc -l <"$W/err")" -eq 1 ]
	ok $? "$mode: exit $want, one line: $pat"
	[ "$rc" -eq "$want" ] && grep -q -- "$pat" "$W/err" || { echo "#   got exit $rc"; diag "$W/err"; }
	[ "$ms" -le $((1500 + SLACK)) ] && [ ! -e "$W/$mode.out" ]
	ok $? "$mode: returned in ${ms} ms (timeout 1.5 s + ${SLACK} ms), wrote no quote file"
done

for i in "${!ERRORS[@]}"; do
	code=${ERRORS[$i]}
	start_qgs "err$code" --mode error --error "$code" >/dev/null
	tq --report "$REPORT" --transport "unix:$W/err$code.sock" -o "$W/x" --timeout 5
	[ "$rc" -eq 4 ] && grep -q "${ERRNAMES[$i]}" "$W/err"
	ok $? "QGS error $code: exit 4, decoded as ${ERRNAMES[$i]}"
	[ "$rc" -eq 4 ] || diag "$W/err"
done

# A peer that accepts and never reads or writes: the deadline still holds.
python3 - "$W/mute.sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(8)
conns = []
end = time.time() + 15
s.settimeout(1)
while time.time() < end:
    try:
        conns.append(s.accept()[0])
    except socket.timeout:
        pass
PY
QGS_PIDS+=($!)
for i in $(seq 50); do [ -S "$W/mute.sock" ] && break; sleep 0.1; done
tq --report "$REPORT" --transport "unix:$W/mute.sock" -o "$W/x" --timeout 1
[ "$rc" -eq 8 ] && [ "$ms" -le $((1000 + SLACK)) ] && grep -q "no answer within 1.000 s" "$W/err"
ok $? "mute peer: exit 8 after ${ms} ms with --timeout 1"

# A socket path that is a regular file, not a socket.
: >"$W/not-a-socket"
tq --report "$REPORT" --transport "unix:$W/not-a-socket" -o "$W/x" --timeout 2
[ "$rc" -eq 3 ] && grep -q "connect: Connection refused" "$W/err"
ok $? "path is not a socket: exit 3, unavailable (connection refused)"

# Local vsock (CID 1) never leaves this machine: whatever the kernel has,
# the call ends by the deadline with a transport exit code.
tq --report "$REPORT" --transport vsock:1:39999 -o "$W/x" --timeout 1
{ [ "$rc" -eq 3 ] || [ "$rc" -eq 4 ] || [ "$rc" -eq 8 ]; } && [ "$ms" -le $((1000 + SLACK)) ]
ok $? "vsock:1:39999: exit $rc in ${ms} ms ($(head -c 80 "$W/err"))"

# tdvmcall on something that is not the tdxg device: the ioctl is refused.
TDXG_DEVICE=/dev/null tq --data 00 --transport tdvmcall -o "$W/x" --timeout 2
[ "$rc" -eq 3 ] && grep -q "does not offer GET_QUOTE" "$W/err"
ok $? "tdvmcall on /dev/null: exit 3, no GET_QUOTE"
[ "$rc" -eq 3 ] || diag "$W/err"

# configfs-tsm absent, and present but broken (a plain directory): clear
# errors, and the entry made for the request is removed again.
TDXG_TSM_DIR=$W/no-tsm tq --data 00 --transport tsm -o "$W/x"
[ "$rc" -eq 3 ] && grep -q "no-tsm: no configfs-tsm here" "$W/err"
ok $? "tsm absent: exit 3"
mkdir "$W/fake-tsm"
TDXG_TSM_DIR=$W/fake-tsm tq --data 00 --transport tsm -o "$W/x"
[ "$rc" -eq 4 ] && grep -q "inblob: No such file" "$W/err" && [ -z "$(ls -A "$W/fake-tsm")" ]
ok $? "tsm without inblob: exit 4, report entry removed"

# Random single-byte damage to the framing: a quote, or exit 4/5 with one
# line, never anything else (a crash would be 134/139, a hang 8).
start_qgs mutate --mode mutate >/dev/null
bad=0 got0=0 got4=0 got5=0
for i in $(seq "$RUNS"); do
	tq --report "$REPORT" --transport "unix:$W/mutate.sock" -o "$W/m.dat" --timeout 5
	case $rc in
	0) got0=$((got0 + 1)) ;;
	4) got4=$((got4 + 1)) ;;
	5) got5=$((got5 + 1)) ;;
	*) bad=$((bad + 1)); echo "#   run $i: exit $rc: $(head -c 160 "$W/err")" ;;
	esac
	[ $rc -eq 0 ] || [ "$(wc -l <"$W/err")" -eq 1 ] || { bad=$((bad + 1)); diag "$W/err"; }
	rm -f "$W/m.dat"
done
[ $bad -eq 0 ]
ok $? "$RUNS replies with one random framing byte changed: $got0 quotes, $got4 exit 4, $got5 exit 5, $bad other"

# --timeout must be positive seconds.
tq --report "$REPORT" --transport "unix:$W/x.sock" --timeout 0
[ "$rc" -eq 2 ]
ok $? "--timeout 0: exit 2"

finish
