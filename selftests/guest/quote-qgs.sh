#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Guest test of tdxg quote. Starts the test QGS on the unix
# socket the TDX-module model, acting as the VMM, forwards GetQuote to
# (tdx_model parameter qgs_socket, default /run/tdxg-qgs.sock), then
# checks that
# `tdxg quote --transport tdvmcall` and `--transport unix:...` both return
# quotes whose body is a fresh TDREPORT's (every field, so MRTD, RTMRs and
# report data) and whose signatures verify against the test CA, and that
# the module's faults and a slow QGS end in the documented exit codes
# within --timeout. Prints TAP. Leaves the module parameters as found.
set -uo pipefail
export PATH=$PATH:/usr/bin:/usr/sbin
W=$(mktemp -d)
P=/sys/module/tdxg/parameters
M=/sys/module/tdx_model/parameters
SOCK=/run/tdxg-qgs.sock
KEYS=$W/keys
ROOT=$KEYS/root-ca.pem
QGS_PIDS=()
orig_sock= orig_fault= orig_delay=

cleanup() {
	local p
	[ -n "$orig_fault" ] && echo "$orig_fault" >"$M/quote_fault" 2>/dev/null
	[ -n "$orig_delay" ] && echo "$orig_delay" >"$M/quote_delay_ms" 2>/dev/null
	[ -n "$orig_sock" ] && printf %s "$orig_sock" >"$M/qgs_socket" 2>/dev/null
	for p in "${QGS_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT

# TAP helpers (tests/tap.sh, put there by selftests/vm/run.sh).
. /lib/tdxg-tests/tap.sh
show_err() { sed 's/^/#   /' "$W/err" | head -5; }
now_ms() { local t; t=$(cat /proc/uptime); t=${t%% *}; echo $((${t%.*} * 1000 + 10#${t#*.} * 10)); }
# tq ARGS...: tdxg quote; sets rc and ms
tq() {
	local t0 t1
	t0=$(now_ms)
	tdxg quote "$@" >"$W/out" 2>"$W/err"
	rc=$?
	t1=$(now_ms)
	ms=$((t1 - t0))
}
hexof() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }

# The quote body a QGS must build from TDREPORT $1 (v4 / TD 1.0 layout).
expected_body() {
	local r=$1
	hexof "$r" $((256 + 8)) 16	# TEE_TCB_SVN
	hexof "$r" $((256 + 24)) 96	# MRSEAM, MRSIGNERSEAM
	hexof "$r" $((256 + 120)) 8	# SEAM attributes
	hexof "$r" 512 400		# TD attributes .. RTMR3
	hexof "$r" 128 64		# REPORTDATA
}
# body_field QUOTE OFFSET LEN: hex of a body field of a v4 quote
body_field() { hexof "$1" $((48 + $2)) "$3"; }

if [ ! -e /dev/tdxg ]; then
	echo "1..0 # SKIP no /dev/tdxg"
	exit 0
fi
if ! command -v tdxg-test-qgs >/dev/null; then
	echo "1..0 # SKIP tdxg-test-qgs not in the guest"
	exit 0
fi
echo "1..34"

# ---- the test QGS where the model (as the VMM) looks for it
if [ -w "$M/qgs_socket" ]; then
	orig_sock=$(cat "$M/qgs_socket")
	printf %s "$SOCK" >"$M/qgs_socket"
fi
orig_fault=$(cat "$M/quote_fault" 2>/dev/null)
orig_delay=$(cat "$M/quote_delay_ms" 2>/dev/null)
echo 0 >"$M/quote_fault" 2>/dev/null
echo 0 >"$M/quote_delay_ms" 2>/dev/null
pid=$(tdxg-test-qgs --keys "$KEYS" --unix "$SOCK" --daemon --log "$W/qgs.log")
ok $? "test QGS listens on $SOCK (qgs_socket=$(cat "$M/qgs_socket" 2>/dev/null))"
QGS_PIDS+=("$pid")

data=$(od -An -tx1 -v -N 64 /dev/urandom | tr -d ' \n')

check_quote() { # transport-label quote-file
	local t=$1 q=$2
	tdxg report --data "$data" -o "$W/fresh.dat" 2>"$W/err"
	ok $? "$t: fresh TDREPORT over the same report data"
	[ "$(hexof "$q" 48 584)" = "$(expected_body "$W/fresh.dat")" ]
	ok $? "$t: quote body is the fresh TDREPORT's (all TD 1.0 fields)"
	[ "$(body_field "$q" 136 48)" = "$(hexof "$W/fresh.dat" $((512 + 16)) 48)" ] &&
		[ "$(body_field "$q" 328 192)" = "$(hexof "$W/fresh.dat" $((512 + 208)) 192)" ] &&
		[ "$(body_field "$q" 520 64)" = "$data" ]
	ok $? "$t: MRTD, RTMR0..3 and report data match (reportdata ${data:0:16}...)"
	tdxg verify --no-tcb "$q" --root "$ROOT" --report-data "$data" >"$W/verify" 2>&1
	local v=$?
	ok $v "$t: tdxg verify --root test CA --report-data: quote, QE report and chain verify"
	[ $v -eq 0 ] || sed 's/^/#   /' "$W/verify" | head -5
}

# quote_and_check LABEL TRANSPORT FILE: a quote over TRANSPORT into FILE,
# then check_quote's four checks (skipped when there is no quote).
quote_and_check() {
	tq --data "$data" --transport "$2" -o "$3" --timeout 20
	ok $rc "tdxg quote --transport $2 (${ms} ms)"
	if [ $rc -eq 0 ]; then
		check_quote "$1" "$3"
	else
		show_err
		for i in 1 2 3 4; do skip "$1 check $i" "no quote"; done
	fi
}

# ---- tdvmcall: module -> TDX-module model (VMM) -> QGS
quote_and_check tdvmcall tdvmcall "$W/q-tdvmcall.dat"

tq --data "$data" --transport tdvmcall --framed -o "$W/q-framed.dat" --timeout 20
if [ "$(cat "$M/vmm" 2>/dev/null)" = qemu ]; then
	# Upstream QEMU wraps the QGS message in another one: QGS refuses it.
	[ $rc -ne 0 ] && [ ! -s "$W/q-framed.dat" ]
	ok $? "tdvmcall --framed fails on upstream QEMU, which frames the payload itself (exit $rc)"
else
	[ $rc -eq 0 ] && [ "$(hexof "$W/q-framed.dat" 48 584)" = "$(hexof "$W/q-tdvmcall.dat" 48 584)" ] &&
		tdxg verify --no-tcb "$W/q-framed.dat" --root "$ROOT" >/dev/null 2>&1
	ok $? "tdvmcall --framed (QGS message in the shared buffer) gives a verifying quote"
fi
[ $rc -eq 0 ] || show_err

# ---- unix: straight to the QGS, TDREPORT from the device
quote_and_check unix "unix:$SOCK" "$W/q-unix.dat"

# ---- auto ends at a working transport here (tsm where the kernel has it)
TDXG_QGS_VSOCK=off TDXG_QGS_UNIX=$SOCK tq --data "$data" -o "$W/q-auto.dat" --timeout 20
[ $rc -eq 0 ] && tdxg verify --no-tcb "$W/q-auto.dat" --root "$ROOT" --report-data "$data" >/dev/null 2>&1
ok $? "auto gives a verifying quote ($(grep -c 'auto:' "$W/err") failed attempts before it)"

# ---- 4 concurrent callers, 5 tdvmcall quotes each, every one verified
for c in 1 2 3 4; do
	(
		k=0
		for i in 1 2 3 4 5; do
			tdxg quote --data "$data" --transport tdvmcall -o "$W/c$c-$i.dat" --timeout 60 2>>"$W/c.err" &&
				tdxg verify --no-tcb "$W/c$c-$i.dat" --root "$ROOT" >/dev/null 2>&1 && k=$((k + 1))
		done
		echo $k >"$W/c$c.count"
	) &
done
wait
total=$(( $(cat "$W/c1.count") + $(cat "$W/c2.count") + $(cat "$W/c3.count") + $(cat "$W/c4.count") ))
[ "$total" -eq 20 ]
ok $? "4 concurrent tdvmcall callers x 5: $total/20 quotes verify"
[ "$total" -eq 20 ] && rm -f "$W/c.err" || sed 's/^/#   /' "$W/c.err" | head -5

# ---- 50 back-to-back through the module
good=0
t0=$(now_ms)
for i in $(seq 1 50); do
	tdxg quote --data "$data" --transport tdvmcall -o "$W/b.dat" --timeout 30 2>>"$W/b.err" && good=$((good + 1))
done
t1=$(now_ms)
tdxg verify --no-tcb "$W/b.dat" --root "$ROOT" --report-data "$data" >/dev/null 2>&1
[ $? -eq 0 ] && [ $good -eq 50 ]
ok $? "50 back-to-back tdvmcall quotes succeed ($good/50, $(((t1 - t0) / 50)) ms each), the last verifies"

# ---- a QGS that errs, behind the module
if [ -w "$M/qgs_socket" ]; then
	pid=$(tdxg-test-qgs --keys "$KEYS" --unix "$W/err.sock" --mode error --error 0x12003 --daemon --log "$W/qgs.log")
	QGS_PIDS+=("$pid")
	printf %s "$W/err.sock" >"$M/qgs_socket"
	tq --data "$data" --transport tdvmcall -o "$W/x" --timeout 10
	[ $rc -eq 4 ] && [ ! -e "$W/x" ]
	ok $? "QGS error behind the VMM: tdvmcall exits 4 ($(head -c 100 "$W/err"))"
	printf %s "$SOCK" >"$M/qgs_socket"
else
	skip "QGS error behind the VMM" "no TDX-module model"
fi

# ---- a kernel that cannot share memory with the host (not a TD): refused
if [ -w "$M/guest_mem_encrypt" ]; then
	echo 0 >"$M/guest_mem_encrypt"
	tq --data "$data" --transport tdvmcall -o "$W/x" --timeout 10
	echo 1 >"$M/guest_mem_encrypt"
	[ $rc -eq 3 ] && grep -q "cannot share memory with the host" "$W/err" && [ ! -e "$W/x" ]
	ok $? "kernel without shareable memory: tdvmcall exits 3 ($(head -c 120 "$W/err"))"
else
	skip "kernel without shareable memory" "no TDX-module model"
fi

# ---- VMM faults (the model): documented exit code, one clear line, in time
fault() { # number want pattern description
	echo "$1" >"$M/quote_fault"
	tq --data "$data" --transport tdvmcall -o "$W/x" --timeout 5
	echo 0 >"$M/quote_fault"
	[ $rc -eq "$2" ] && grep -q "$3" "$W/err" && [ $ms -le 7000 ] && [ ! -e "$W/x" ]
	ok $? "VMM fault $1 ($4): exit $rc in ${ms} ms"
	[ $rc -eq "$2" ] || show_err
}
if [ -w "$M/quote_fault" ]; then
	fault 1 4 "service is unavailable" "service unavailable"
	fault 2 4 "out of bounds" "hostile out_len"
	fault 4 4 "GetQuote failed" "error status"
	fault 6 4 "tdvmcall" "VMCALL refused"
else
	for d in unavailable out_len error refuse; do skip "VMM fault $d" "no TDX-module model"; done
fi

# ---- a slow host: our deadline interrupts the ioctl (the module's own
# quote_timeout is 30 s); the abandoned request completes later.
if [ -w "$M/quote_delay_ms" ]; then
	echo 4000 >"$M/quote_delay_ms"
	tq --data "$data" --transport tdvmcall -o "$W/x" --timeout 1
	echo 0 >"$M/quote_delay_ms"
	# Before the host's 4 s: our deadline ended it, however loaded the machine.
	[ $rc -eq 8 ] && [ $ms -lt 3900 ] && grep -q "within 1.000 s" "$W/err"
	ok $? "slow host, --timeout 1: exit 8 after ${ms} ms"
	[ $rc -eq 8 ] || show_err
	sleep 4
	tq --data "$data" --transport tdvmcall -o "$W/after.dat" --timeout 20
	[ $rc -eq 0 ] && tdxg verify --no-tcb "$W/after.dat" --root "$ROOT" >/dev/null 2>&1
	ok $? "after the timeout the next quote succeeds and verifies"
	[ $rc -eq 0 ] || show_err
else
	skip "slow host" "no TDX-module model"
	skip "quote after a timeout" "no TDX-module model"
fi
# ---- vsock: the test QGS on vsock_loopback (CID 1 is the local CID), as a
# guest reaches the QGS on its host at CID 2
vsock() { # mode port [args]: start a test QGS on vsock
	local pid
	pid=$(tdxg-test-qgs --keys "$KEYS" --vsock "$2" --mode "$1" "${@:3}" --daemon --log "$W/qgs-v.log") &&
		QGS_PIDS+=("$pid")
}
if [ -d /sys/module/vsock_loopback ] && vsock ok 4051; then
	quote_and_check vsock vsock:1:4051 "$W/q-vsock.dat"
	tdxg report --data "$data" -o "$W/r-vsock.dat" &&
		tq --report "$W/r-vsock.dat" --transport vsock:1:4051 -o "$W/q-vr.dat" --timeout 20
	[ $rc -eq 0 ] && [ "$(hexof "$W/q-vr.dat" 48 584)" = "$(expected_body "$W/r-vsock.dat")" ]
	ok $? "--report FILE over vsock: the quote's body is that TDREPORT's"
	# tsm and tdvmcall both end in the model's GetQuote, refused here, and
	# no unix QGS: auto must fall through to vsock.
	echo 6 >"$M/quote_fault"
	TDXG_QGS_VSOCK=1:4051 TDXG_QGS_UNIX=$W/none.sock tq --data "$data" --json --timeout 20
	echo 0 >"$M/quote_fault"
	[ $rc -eq 0 ] && grep -q '"transport": *"vsock:1:4051"' "$W/out"
	ok $? "auto falls through to vsock:1:4051 after $(grep -c 'auto:' "$W/err") failed attempts (exit $rc)"
	[ $rc -eq 0 ] || show_err
	tq --data "$data" --transport vsock:1:4059 -o "$W/x" --timeout 5
	[ $rc -eq 3 ] && [ ! -e "$W/x" ]
	ok $? "vsock port with no QGS: exit 3 (got $rc)"
	vsock error 4052 --error 0x12003
	tq --data "$data" --transport vsock:1:4052 -o "$W/x" --timeout 10
	[ $rc -eq 4 ] && [ ! -e "$W/x" ]
	ok $? "QGS error over vsock: exit 4 (got $rc)"
	vsock short-read 4053
	tq --data "$data" --transport vsock:1:4053 -o "$W/x" --timeout 10
	[ $rc -eq 5 ] || [ $rc -eq 4 ] && [ ! -e "$W/x" ]
	ok $? "truncated reply over vsock: exit 4 or 5, no output (got $rc)"
	vsock slow 4054 --delay 30
	tq --data "$data" --transport vsock:1:4054 -o "$W/x" --timeout 1
	[ $rc -eq 8 ] && [ $ms -le 15000 ] && [ ! -e "$W/x" ]
	ok $? "slow QGS over vsock, --timeout 1: exit 8 in ${ms} ms (got $rc)"
else
	for i in $(seq 1 11); do skip "vsock $i" "no vsock_loopback in this kernel"; done
fi
exit 0
