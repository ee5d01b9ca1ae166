#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg show on quotes: every field by name, text and JSON, real values.
set -u
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/"
scratch

"$TDXG" show "$TD/quotes/v4-phala.dat" >"$W/out" 2>"$W/err"
ok $? "show v4-phala exits 0"
grep -q "^DCAP quote v4, TD 1.0 body, 4936 bytes (70 trailing bytes ignored)" "$W/out"; ok $? "summary line with length and trailing bytes"
MRTD=$(python3 -c "print(open('$TD/quotes/v4-phala.dat','rb').read()[48+136:48+184].hex())")
grep -q "^  mrtd  *$MRTD\$" "$W/out"; ok $? "mrtd printed with the quote's value"
for f in version att_key_type tee_type qe_vendor_id user_data tee_tcb_svn mrseam mrsignerseam seam_attributes \
	td_attributes xfam mrconfigid mrowner mrownerconfig rtmr0 rtmr1 rtmr2 rtmr3 reportdata signature \
	attestation_key cpusvn miscselect mrenclave mrsigner isvprodid isvsvn qe_report_signature qe_auth_data \
	fmspc pceid pcesvn ppid; do
	grep -q "^ *$f " "$W/out" || { echo "# missing field $f"; false; } || break
done
ok $? "every header, body, QE report and PCK field is named"
grep -q "fmspc  *b0c06f000000" "$W/out"; ok $? "PCK FMSPC b0c06f000000"
grep -q "certificate 1: .*CN=Intel SGX PCK Certificate" "$W/out"; ok $? "PCK leaf subject"

"$TDXG" show --json "$TD/quotes/v5-sample.dat" >"$W/out" 2>"$W/err"
ok $? "show --json v5-sample exits 0"
python3 - "$W/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type"] == "quote" and d["header"]["version"] == 5, d["header"]
b = d["body"]
assert b["body_type"] == 3
assert b["tee_tcb_svn2"] == "0d010400000000000000000000000000", b["tee_tcb_svn2"]
assert b["mrservicetd"] == "00" * 48
assert d["qe_report"]["isvsvn"] == 7 and d["qe_report"]["isvprodid"] == 2
assert len(d["pck_chain"]["certificates"]) == 3
assert d["pck_chain"]["fmspc"] == "90c06f000000"
assert d["signature_data"]["length"] == 4300
PY
ok $? "JSON parses and holds v5 TD 1.5 fields with real values"

head -c 600 "$TD/quotes/v4-phala.dat" >"$W/short"
"$TDXG" show "$W/short" >"$W/out" 2>"$W/err"
rc=$?
[ $rc -eq 5 ] && grep -q "quote ends inside the body" "$W/err"
ok $? "truncated quote: exit 5 naming where it ends (rc=$rc)"
finish
