# SPDX-License-Identifier: MIT
# Sourced by the quote-*.t and verify-seal.t host tests, after
# tests/lib.sh: the test QGS and its lifetime. $TDXG picks the tdxg binary
# (need_user; the SAN suite sets TDXG_VARIANT=san); $TDXG_WRAP (e.g.
# "valgrind ...") runs in front of it.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
TDXG_WRAP=${TDXG_WRAP:-}
REPORT=$TD/quotes/synthetic-tdreport.dat
scratch
KEYS=$W/keys
QGS_PIDS=()
on_exit 'for p in "${QGS_PIDS[@]}"; do kill "$p" 2>/dev/null; done'

# start_qgs NAME [tdxg-test-qgs options]: a daemon on $W/NAME.sock
start_qgs() {
	local name=$1 pid
	shift
	pid=$("$QGS" --keys "$KEYS" --unix "$W/$name.sock" --daemon --log "$W/qgs.log" "$@") || return 1
	QGS_PIDS+=("$pid")
	echo "$pid"
}

# tq ARGS...: runs tdxg quote, stdout to $W/out, stderr to $W/err, sets
# rc and ms (elapsed milliseconds).
tq() {
	local t0=${EPOCHREALTIME/./} t1
	$TDXG_WRAP "$TDXG" quote "$@" >"$W/out" 2>"$W/err"
	rc=$?
	t1=${EPOCHREALTIME/./}
	ms=$(((t1 - t0) / 1000))
}

# Body bytes of a quote file (v4: offset 48, v5: 54) as hex.
quote_body_hex() {
	local off=48 len=584
	if [ "$(od -An -tu2 -N2 "$1" | tr -d ' ')" = 5 ]; then off=54; len=648; fi
	od -An -tx1 -v -j "$off" -N "$len" "$1" | tr -d ' \n'
}
