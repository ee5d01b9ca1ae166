#!/bin/bash
# SPDX-License-Identifier: MIT
# A PCK certificate issued by the PCK Processor CA: tdxg takes the CA type
# from the quote's PCK chain and fetches the PCK CRL with ca=processor, and
# caches the set as tdx-FMSPC-processor.json. The quote comes from the test
# QGS with a Processor CA intermediate (--pck-ca processor), its collateral
# from verify-collateral.py under the same throwaway root, served by the
# PCCS stand-in.
set -u
. "$(dirname "$0")/pccs-lib.sh"
plan 7
QGS=$TOP/build/selftests/bin/tdxg-test-qgs
make -s -C "$TOP/selftests/qgs" OUT="$TOP/build/selftests/bin" >>"$W/build.log" 2>&1
ok $? "test QGS built"
KEYS=$W/keys
NOW=$(date +%s)
"$QGS" --keys "$KEYS" --pck-ca processor --make-quote "$TD/quotes/synthetic-tdreport.dat" >"$W/q.dat" &&
	python3 "$TOP/tests/host/verify-collateral.py" --keys "$KEYS" --quote "$W/q.dat" \
		--out "$W/c.json" --at "$NOW" 2>"$W/gen.err"
ok $? "quote under a PCK Processor CA, and its collateral"
stand_in "$W/srv2" "$W/c.json"
U2=https://127.0.0.1:$SPORT
D=$W/cache
expect 0 "verify --pccs" "$TDXG" verify "$W/q.dat" --root "$KEYS/root-ca.pem" --pccs "$U2" \
	--pccs-ca "$CA" --cache "$D" --at "$NOW" --json
grep -q '"tcb_status": "UpToDate"' "$W/out"; ok $? "... TCB UpToDate"
has "pckcrl?ca=processor" "$W/srv2/requests" "PCK CRL requested with ca=processor"
ok $([ -s "$D/tdx-$(python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["tcb_info"])["fmspc"].lower())' "$W/c.json")-processor.json" ]; echo $?) \
	"cached as tdx-FMSPC-processor.json"
expect 0 "tdxg collateral --offline from that entry" "$TDXG" collateral "$W/q.dat" --root "$KEYS/root-ca.pem" \
	--cache "$D" --offline --at "$NOW" -o "$W/b.json"
finish
