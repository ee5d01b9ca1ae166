#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg show on quotes: every field by name, text and JSON, real values.
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=$TOP/tests/data
if [ -z "${TDXG:-}" ]; then
	make -s -C "$TOP/user" >&2 || { echo "1..1"; echo "not ok 1 - build user/"; exit 1; }
	TDXG=$TOP/user/tdxg
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

"$TDXG" show "$TD/quotes/v4-phala.dat" >"$TMP/out" 2>"$TMP/err"
ok $? "show v4-phala exits 0"
grep -q "^DCAP quote v4, TD 1.0 body, 4936 bytes (70 trailing bytes ignored)" "$TMP/out"; ok $? "summary line with length and trailing bytes"
MRTD=$(python3 -c "print(open('$TD/quotes/v4-phala.dat','rb').read()[48+136:48+184].hex())")
grep -q "^  mrtd  *$MRTD\$" "$TMP/out"; ok $? "mrtd printed with the quote's value"
for f in version att_key_type tee_type qe_vendor_id user_data tee_tcb_svn mrseam mrsignerseam seam_attributes \
	td_attributes xfam mrconfigid mrowner mrownerconfig rtmr0 rtmr1 rtmr2 rtmr3 reportdata signature \
	attestation_key cpusvn miscselect mrenclave mrsigner isvprodid isvsvn qe_report_signature qe_auth_data \
	fmspc pceid pcesvn ppid; do
	grep -q "^ *$f " "$TMP/out" || { echo "# missing field $f"; false; } || break
done
ok $? "every header, body, QE report and PCK field is named"
grep -q "fmspc  *b0c06f000000" "$TMP/out"; ok $? "PCK FMSPC b0c06f000000"
grep -q "certificate 1: .*CN=Intel SGX PCK Certificate" "$TMP/out"; ok $? "PCK leaf subject"

"$TDXG" show --json "$TD/quotes/v5-sample.dat" >"$TMP/out" 2>"$TMP/err"
ok $? "show --json v5-sample exits 0"
python3 - "$TMP/out" <<'PY'
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

head -c 600 "$TD/quotes/v4-phala.dat" >"$TMP/short"
"$TDXG" show "$TMP/short" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 5 ] && grep -q "quote ends inside the body" "$TMP/err"
ok $? "truncated quote: exit 5 naming where it ends (rc=$rc)"
echo "1..$n"
[ $fails -eq 0 ]
