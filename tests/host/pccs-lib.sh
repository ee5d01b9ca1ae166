# SPDX-License-Identifier: MIT
# Sourced by tests/host/pccs-*.t and verify-batch.t, after tests/lib.sh:
# builds tdxg, makes a throwaway TLS CA and a server certificate for
# 127.0.0.1 with openssl, and starts the PCCS stand-in (pccs-server.py) on
# a free port. Sets TDXG W URL CA Q AT FMSPC; mode M sets the stand-in's
# behaviour; reqs counts requests so far.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
scratch
SRV_PID=
on_exit 'for p in ${SRV_PIDS:-}; do kill "$p" 2>/dev/null; done'
# Proxies from the environment must not catch the stand-in.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
# No machine-wide QPL configuration in the tests.
export TDXG_QCNL_CONF=$W/no-qcnl.conf

need_user || bail "build user/"
Q=$TD/quotes/v4-phala.dat
BUNDLE=$TD/collateral/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
FMSPC=$(python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["tcb_info"])["fmspc"].upper())' "$BUNDLE")

# tls_cert NAME [CA-NAME]: key and certificate for 127.0.0.1, signed by CA-NAME (or self-signed).
tls_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=tdxg test $1 CA" -keyout "$W/$1.key" -out "$W/$1.pem" 2>/dev/null
}
tls_server() { # name ca
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$W/$1.key" -out "$W/$1.csr" 2>/dev/null &&
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$W/$1.ext" &&
	openssl x509 -req -in "$W/$1.csr" -CA "$W/$2.pem" -CAkey "$W/$2.key" -CAcreateserial \
		-days 2 -extfile "$W/$1.ext" -out "$W/$1.pem" 2>/dev/null
}
tls_ca ca && tls_server server ca
CA=$W/ca.pem
# stand_in DIR BUNDLE: starts a stand-in serving BUNDLE (state in DIR); sets SPID and SPORT.
SRV_PIDS=
stand_in() {
	mkdir -p "$1"
	python3 "$TOP/tests/host/pccs-server.py" --dir "$1" --bundle "$2" \
		--cert "$W/server.pem" --key "$W/server.key" >/dev/null 2>>"$W/server.log" &
	SPID=$!
	SRV_PIDS="$SRV_PIDS $SPID"
	for _ in $(seq 100); do [ -s "$1/port" ] && break; sleep 0.1; done
	SPORT=$(cat "$1/port" 2>/dev/null)
}
SRV=$W/srv
M() { echo "$1" >"$SRV/mode"; }
stand_in "$SRV" "$BUNDLE"
SRV_PID=$SPID
PORT=$SPORT
URL=https://127.0.0.1:$PORT
reqs() { if [ -f "$SRV/requests" ]; then wc -l <"$SRV/requests"; else echo 0; fi; }
# has PATTERN FILE DESC
has() { grep -q -- "$1" "$2"; local r=$?; [ $r -eq 0 ] || { echo "# no '$1' in $2:"; sed 's/^/#   /' "$2" | head -10; }; ok $r "$3"; }
# said PATTERN DESC: the last command's stdout or stderr has PATTERN
said() { cat "$W/out" "$W/err" >"$W/both"; has "$1" "$W/both" "$2"; }
