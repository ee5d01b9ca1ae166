# SPDX-License-Identifier: MIT
# Sourced by the quote-*.t host tests: TAP helpers, the test QGS and its
# lifetime. $TDXG picks the tdxg binary (the SAN suite points it at an
# ASan build); $TDXG_WRAP (e.g. "valgrind ...") runs in front of it.
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TESTDATA=$TOP/tests/data
TDXG=${TDXG:-$TOP/user/tdxg}
TDXG_WRAP=${TDXG_WRAP:-}
QGS=$TOP/build/selftests/bin/tdxg-test-qgs
REPORT=$TESTDATA/quotes/synthetic-tdreport.dat
W=$(mktemp -d /tmp/tdxg-quote.XXXXXX)
KEYS=$W/keys
QGS_PIDS=()
n=0
fails=0

cleanup() {
	local p
	for p in "${QGS_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT

ok() { # status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}

diag() { sed 's/^/#   /' "$@" | head -8; }

# Builds what the tests run; prints a TAP bail-out when that fails.
build_all() {
	make -s -C "$TOP/user" >/dev/null 2>"$W/build.err" &&
		make -s -C "$TOP/selftests/qgs" OUT="$TOP/build/selftests/bin" >/dev/null 2>>"$W/build.err"
}

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
