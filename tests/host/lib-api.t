#!/bin/bash
# SPDX-License-Identifier: MIT
# libtdxg's public API as a C caller uses it (tests/host/lib-api.c): every
# function that can fail returns 0 or its documented negative errno, sets
# struct tdxg_err to the same code with a message, and accepts err = NULL;
# tdxg_quote_verify() returns the documented errno of each failure class
# (throwaway collateral from verify-collateral.py for TCB, the real quote
# for the others). Built with -Wall -Wextra -Werror.
# Env: TDXG_SAN_DIR=<dir with a SAN build of user/> to use that build.
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=$TOP/tests/data
USER_DIR=${TDXG_SAN_DIR:-$TOP/user}
QGS=$TOP/build/selftests/bin/tdxg-test-qgs
GEN=$TOP/tests/host/verify-collateral.py
OUT=$TOP/build/host
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$OUT"
fail() { echo "1..1"; echo "not ok 1 - $1"; [ -f "$W/log" ] && sed 's/^/# /' "$W/log" | tail -20; exit 1; }

SAN_FLAGS=
[ -n "${TDXG_SAN_DIR:-}" ] && SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if [ -z "${TDXG_SAN_DIR:-}" ]; then
	make -s -C "$TOP/user" >"$W/log" 2>&1 || fail "build user/"
fi
make -s -C "$TOP/selftests/qgs" OUT="$TOP/build/selftests/bin" >"$W/log" 2>&1 || fail "build the test QGS"
BIN=$OUT/lib-api${TDXG_SAN_DIR:+-san}
cc -O2 -g -std=gnu11 -Wall -Wextra -Werror $SAN_FLAGS -I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" \
	-Wl,--wrap=pthread_create -Wl,--wrap=dlopen \
	-o "$BIN" "$TOP/tests/host/lib-api.c" "$USER_DIR/lib/libtdxg.a" \
	$(pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto) -ldl -lpthread >"$W/log" 2>&1 ||
	fail "build lib-api.c with -Wall -Wextra -Werror"

K=$W/keys
"$QGS" --keys "$K" --make-quote "$TD/quotes/synthetic-tdreport.dat" >"$W/q.dat" 2>"$W/log" ||
	fail "a quote from the test QGS"
python3 "$GEN" --keys "$K" --quote "$W/q.dat" --out "$W/ok.json" --at "$(date +%s)" >"$W/log" 2>&1 &&
	python3 "$GEN" --keys "$K" --quote "$W/q.dat" --out "$W/ood.json" --at "$(date +%s)" \
		--status OutOfDate >"$W/log" 2>&1 || fail "throwaway collateral (verify-collateral.py)"
cp "$K/root-ca.pem" "$W/root.pem"
cp "$K/pck-cert.pem" "$W/leaf.pem"
cp "$TD/quotes/v4-phala.dat" "$W/phala.dat"
cp "$TD/collateral/v4-phala.collateral.json" "$W/phala.json"
cp "$TD/quotes/synthetic-tdreport.dat" "$W/tdreport.dat"
cp "$TD/collateral/rootcrl.der" "$W/rootcrl.der"
# The phala bundle taken apart into PCS responses (tdxg_collateral_bundle's input).
python3 - "$W/phala.json" "$W" <<'PY' || fail "PCS responses from the phala bundle"
import json, sys
d, w = json.load(open(sys.argv[1])), sys.argv[2]
open(w + "/pcs-tcb.json", "w").write('{"tcbInfo":%s,"signature":"%s"}' % (d["tcb_info"], d["tcb_info_signature"]))
open(w + "/pcs-qe.json", "w").write('{"enclaveIdentity":%s,"signature":"%s"}' % (d["qe_identity"], d["qe_identity_signature"]))
for k in ("tcb_info_issuer_chain", "qe_identity_issuer_chain", "pck_crl_issuer_chain", "root_ca_crl", "pck_crl"):
    open(w + "/pcs-" + k, "w").write(d[k])
# The bundle with a TCB info issuer chain of 6 certificates (its 2, thrice).
d["tcb_info_issuer_chain"] *= 3
json.dump(d, open(w + "/chain6.json", "w"))
PY
"$BIN" "$W"
