#!/bin/bash
# SPDX-License-Identifier: MIT
# libtdxg's public API as a C caller uses it (tests/host/lib-api.c): every
# function that can fail returns 0 or its documented negative errno, sets
# struct tdxg_err to the same code with a message, and accepts err = NULL;
# tdxg_quote_verify() returns the documented errno of each failure class
# (throwaway collateral from verify-collateral.py for TCB, the real quote
# for the others). Built with -Wall -Wextra -Werror.
# Env: TDXG_VARIANT=san to use the ASan+UBSan build.
set -u
. "$(dirname "$0")/../lib.sh"
GEN=$TOP/tests/host/verify-collateral.py
scratch
need_user || bail "build user/"
need_qgs || bail "build the test QGS"
# The wraps count the threads and dlopen()s a plain library call makes.
DRIVER_LDFLAGS="-Wl,--wrap=pthread_create -Wl,--wrap=dlopen" build_driver lib-api ||
	bail "build lib-api.c with -Wall -Wextra -Werror"
BIN=$DRIVER

K=$W/keys
"$QGS" --keys "$K" --make-quote "$TD/quotes/synthetic-tdreport.dat" >"$W/q.dat" 2>"$W/log" ||
	bail "a quote from the test QGS" "$W/log"
python3 "$GEN" --keys "$K" --quote "$W/q.dat" --out "$W/ok.json" --at "$(date +%s)" >"$W/log" 2>&1 &&
	python3 "$GEN" --keys "$K" --quote "$W/q.dat" --out "$W/ood.json" --at "$(date +%s)" \
		--status OutOfDate >"$W/log" 2>&1 || bail "throwaway collateral (verify-collateral.py)" "$W/log"
cp "$K/root-ca.pem" "$W/root.pem"
cp "$K/pck-cert.pem" "$W/leaf.pem"
cp "$TD/quotes/v4-phala.dat" "$W/phala.dat"
cp "$TD/collateral/v4-phala.collateral.json" "$W/phala.json"
cp "$TD/quotes/synthetic-tdreport.dat" "$W/tdreport.dat"
cp "$TD/collateral/rootcrl.der" "$W/rootcrl.der"
# The phala bundle taken apart into PCS responses (tdxg_collateral_bundle's input).
python3 - "$W/phala.json" "$W" <<'PY' || bail "PCS responses from the phala bundle" "$W/log"
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
# Runtime logs and quotes of their replay (seal-log.py): RTMR0
# extended then sealed; and extended after LOCKED.
for spec in "sealed 0:boot 0:locked" "history 0:boot 0:locked 0:late"; do
	set -- $spec
	python3 "$TOP/tests/host/seal-log.py" "$TD/quotes/synthetic-tdreport.dat" "$W/$1.log" "$W/$1.rep" "${@:2}" &&
	"$QGS" --keys "$K" --make-quote "$W/$1.rep" >"$W/$1.q" 2>"$W/log" || bail "a quote of $1.log" "$W/log"
done
"$BIN" "$W"
