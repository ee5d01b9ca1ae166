# SPDX-License-Identifier: MIT
# Sourced by tests/host/pccs-*.t: builds tdxg, makes a throwaway TLS CA and
# a server certificate for 127.0.0.1 with openssl, and starts the PCCS
# stand-in (pccs-server.py) on a free port. Sets TOP TD TDXG TMP URL CA Q AT
# FMSPC; mode M sets the stand-in's behaviour; reqs counts requests so far.
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=$TOP/tests/data
TMP=$(mktemp -d)
SRV_PID=
trap 'for p in ${SRV_PIDS:-}; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
# Proxies from the environment must not catch the stand-in.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
# No machine-wide QPL configuration in the tests.
export TDXG_QCNL_CONF=$TMP/no-qcnl.conf

if [ -z "${TDXG:-}" ]; then
	nice make -s -C "$TOP/user" >"$TMP/build.log" 2>&1 || { echo "1..1"; echo "not ok 1 - build user/"; cat "$TMP/build.log" | sed 's/^/# /'; exit 1; }
	TDXG=$TOP/user/tdxg
fi
Q=$TD/quotes/v4-phala.dat
BUNDLE=$TD/collateral/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
FMSPC=$(python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["tcb_info"])["fmspc"].upper())' "$BUNDLE")

# tls_cert NAME [CA-NAME]: key and certificate for 127.0.0.1, signed by CA-NAME (or self-signed).
tls_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=tdxg test $1 CA" -keyout "$TMP/$1.key" -out "$TMP/$1.pem" 2>/dev/null
}
tls_server() { # name ca
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$TMP/$1.key" -out "$TMP/$1.csr" 2>/dev/null &&
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$TMP/$1.ext" &&
	openssl x509 -req -in "$TMP/$1.csr" -CA "$TMP/$2.pem" -CAkey "$TMP/$2.key" -CAcreateserial \
		-days 2 -extfile "$TMP/$1.ext" -out "$TMP/$1.pem" 2>/dev/null
}
tls_ca ca && tls_server server ca
CA=$TMP/ca.pem
# stand_in DIR BUNDLE: starts a stand-in serving BUNDLE (state in DIR); sets SPID and SPORT.
SRV_PIDS=
stand_in() {
	mkdir -p "$1"
	python3 "$TOP/tests/host/pccs-server.py" --dir "$1" --bundle "$2" \
		--cert "$TMP/server.pem" --key "$TMP/server.key" >/dev/null 2>>"$TMP/server.log" &
	SPID=$!
	SRV_PIDS="$SRV_PIDS $SPID"
	for _ in $(seq 100); do [ -s "$1/port" ] && break; sleep 0.1; done
	SPORT=$(cat "$1/port" 2>/dev/null)
}
SRV=$TMP/srv
M() { echo "$1" >"$SRV/mode"; }
stand_in "$SRV" "$BUNDLE"
SRV_PID=$SPID
PORT=$SPORT
URL=https://127.0.0.1:$PORT
reqs() { if [ -f "$SRV/requests" ]; then wc -l <"$SRV/requests"; else echo 0; fi; }
# expect RC DESC CMD...: runs CMD (stdout $TMP/out, stderr $TMP/err) and checks its exit code.
expect() {
	local want=$1 desc=$2 rc
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -eq "$want" ] || { echo "# exit $rc, wanted $want: $*"; sed 's/^/#   /' "$TMP/out" "$TMP/err" | head -6; }
	ok $([ "$rc" -eq "$want" ]; echo $?) "$desc (exit $want)"
}
# has PATTERN FILE DESC
has() { grep -q -- "$1" "$2"; local r=$?; [ $r -eq 0 ] || { echo "# no '$1' in $2:"; sed 's/^/#   /' "$2" | head -10; }; ok $r "$3"; }
# said PATTERN DESC: the last command's stdout or stderr has PATTERN
said() { cat "$TMP/out" "$TMP/err" >"$TMP/both"; has "$1" "$TMP/both" "$2"; }
