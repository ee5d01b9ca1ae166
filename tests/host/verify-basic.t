#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg verify on the real quotes and collateral in tests/data, with
# pinned times: signatures and chain, collateral status and freshness,
# custom roots, policy options, replay, exit codes and error messages.
# Env: TDXG=<binary> to test another build (the SAN run uses this).
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=$TOP/tests/data
if [ -z "${TDXG:-}" ]; then
	make -s -C "$TOP/user" >&2 || { echo "1..1"; echo "not ok 1 - build user/"; exit 1; }
	TDXG=$TOP/user/tdxg
fi
Q=$TD/quotes
C=$TD/collateral
BUNDLE=$C/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
# run EXPECTED_RC DESC ARGS...: stdout in $TMP/out, stderr in $TMP/err
run() {
	local want=$1 desc=$2 rc
	shift 2
	"$TDXG" verify "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -eq "$want" ] || { echo "# exit $rc, wanted $want: $*" ; sed 's/^/# /' "$TMP/err"; }
	ok $([ "$rc" -eq "$want" ]; echo $?) "$desc (exit $want)"
}
json_get() { python3 -c "import json,sys; d=json.load(open('$TMP/out')); print(json.dumps(d$1))"; }

# Signatures and chain of every real quote, each inside its validity.
run 0 "v4-phala verifies with the built-in Intel root" "$Q/v4-phala.dat" --at $AT
run 0 "v4-spr-e4 verifies (39 trailing bytes)" "$Q/v4-spr-e4.dat" --at $AT
run 0 "v5-sample (TD 1.5 body, NUL after PEM) verifies" "$Q/v5-sample.dat" --at 2026-06-01T00:00:00Z
run 0 "cos-113 quote (zero padded to 8000) verifies" "$TD/ccel/cos-113-tdx-quote.dat" --at $AT
run 0 "explicit --root with the installed Intel root PEM" "$Q/v4-phala.dat" --root "$TOP/user/data/intel-sgx-root-ca.pem" --at $AT
run 0 "--at as unix seconds" "$Q/v4-phala.dat" --at 1751328000
run 6 "v5-sample before its PCK leaf is valid fails" "$Q/v5-sample.dat" --at $AT
grep -q "pck_chain_validity" "$TMP/err"; ok $? "  ... naming the check pck_chain_validity"
run 6 "v4-spr-e4 after its PCK leaf expired (2029-09-20) fails" "$Q/v4-spr-e4.dat" --at 2030-01-01T00:00:00Z

# The built-in root is the installed data file, byte for byte.
[ "$(sed -n 's/^\t"\(.*\)\\n"$/\1/p' "$TOP/user/lib/verify_root.c" | tr -d '\n')" = "$(tr -d '\n' <"$TOP/user/data/intel-sgx-root-ca.pem")" ]
ok $? "built-in root equals user/data/intel-sgx-root-ca.pem"
cmp -s "$TOP/user/data/intel-sgx-root-ca.pem" "$TD/roots/intel-sgx-root-ca.pem"
ok $? "user/data root equals tests/data/roots/intel-sgx-root-ca.pem"

# Another root: the Intel chain must not verify against it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=Throwaway Root" \
	-days 3650 -keyout "$TMP/k.pem" -out "$TMP/root.pem" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
run 6 "--root with a throwaway CA rejects the Intel chain" "$Q/v4-phala.dat" --root "$TMP/root.pem" --at $AT
grep -q "FAILED pck_chain:" "$TMP/err"; ok $? "  ... naming the check pck_chain"
head -c 100 "$TD/roots/intel-sgx-root-ca.pem" >"$TMP/badroot.pem"
run 5 "--root that is not a certificate is malformed input" "$Q/v4-phala.dat" --root "$TMP/badroot.pem" --at $AT

# Collateral bundle: UpToDate, no advisories, as dcap-qvl says.
run 0 "v4-phala with its collateral at $AT" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --json
[ "$(json_get "['tcb_status']")" = '"UpToDate"' ]; ok $? "  ... TCB status UpToDate"
[ "$(json_get "['advisory_ids']")" = '[]' ]; ok $? "  ... no advisory IDs"
[ "$(json_get "['fmspc']")" = '"b0c06f000000"' ]; ok $? "  ... FMSPC b0c06f000000"
[ "$(json_get "['collateral_next_update']")" = '"2025-07-19T10:00:35Z"' ]; ok $? "  ... earliest nextUpdate 2025-07-19T10:00:35Z"
run 0 "text output of the same" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT
grep -q "tcb status *UpToDate" "$TMP/out"; ok $? "  ... prints tcb status UpToDate"
run 6 "after the TCB info nextUpdate (2025-07-19T10:16:03Z) fails as expired" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at 2025-07-19T10:16:04Z
grep -q "FAILED tcb_info_freshness: TCB info expired" "$TMP/err"; ok $? "  ... naming tcb_info_freshness / expired"
run 6 "after the PCK CRL nextUpdate fails" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at 2025-07-19T10:05:00Z
grep -q "FAILED crl_freshness" "$TMP/err"; ok $? "  ... naming crl_freshness"
run 6 "before the TCB info issueDate fails" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at 2025-06-19T10:16:02Z
grep -q "not yet valid" "$TMP/err"; ok $? "  ... as not yet valid"
run 7 "--accept without UpToDate rejects the UpToDate quote" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --accept OutOfDate,SWHardeningNeeded
grep -q "FAILED tcb_status: TCB status UpToDate is not accepted" "$TMP/err"; ok $? "  ... naming tcb_status"
run 2 "--accept with an unknown status is a usage error" "$Q/v4-phala.dat" --accept Fine
run 7 "collateral for another FMSPC (v4-spr-e4) is a TCB failure" "$Q/v4-spr-e4.dat" --collateral "$BUNDLE" --at $AT
grep -q "FAILED fmspc" "$TMP/err"; ok $? "  ... naming fmspc"

# Tampered collateral.
python3 - "$BUNDLE" "$TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = dict(d); t['tcb_info'] = d['tcb_info'].replace('"tcbEvaluationDataNumber":17', '"tcbEvaluationDataNumber":18')
assert t['tcb_info'] != d['tcb_info']
json.dump(t, open(sys.argv[2] + '/tcb.json', 'w'))
t = dict(d); t['qe_identity'] = d['qe_identity'].replace('"isvsvn":4', '"isvsvn":3')
assert t['qe_identity'] != d['qe_identity']
json.dump(t, open(sys.argv[2] + '/qe.json', 'w'))
t = dict(d); s = d['tcb_info_signature']; t['tcb_info_signature'] = s[:10] + ('0' if s[10] != '0' else '1') + s[11:]
json.dump(t, open(sys.argv[2] + '/sig.json', 'w'))
t = dict(d); c = d['root_ca_crl']; t['root_ca_crl'] = c[:-6] + ('00' if c[-6:-4] != '00' else '01') + c[-4:]
json.dump(t, open(sys.argv[2] + '/crl.json', 'w'))
t = dict(d); del t['pck_crl']
json.dump(t, open(sys.argv[2] + '/nocrl.json', 'w'))
t = dict(d); t['tcb_info'] = d['tcb_info'] + ' x'
json.dump(t, open(sys.argv[2] + '/junk.json', 'w'))
PY
run 6 "edited TCB info fails its signature" "$Q/v4-phala.dat" --collateral "$TMP/tcb.json" --at $AT
grep -q "FAILED tcb_info_signature" "$TMP/err"; ok $? "  ... naming tcb_info_signature"
run 6 "edited QE identity fails its signature" "$Q/v4-phala.dat" --collateral "$TMP/qe.json" --at $AT
grep -q "FAILED qe_identity_signature" "$TMP/err"; ok $? "  ... naming qe_identity_signature"
run 6 "flipped TCB info signature fails" "$Q/v4-phala.dat" --collateral "$TMP/sig.json" --at $AT
run 6 "flipped root CA CRL signature fails" "$Q/v4-phala.dat" --collateral "$TMP/crl.json" --at $AT
grep -q "FAILED crl_signature" "$TMP/err"; ok $? "  ... naming crl_signature"
run 5 "bundle without pck_crl is malformed" "$Q/v4-phala.dat" --collateral "$TMP/nocrl.json" --at $AT
grep -q '"pck_crl"' "$TMP/err"; ok $? "  ... naming the missing member"
run 5 "TCB info with trailing junk is malformed" "$Q/v4-phala.dat" --collateral "$TMP/junk.json" --at $AT
printf 'not collateral' >"$TMP/garbage"
run 5 "unrecognised collateral file" "$Q/v4-phala.dat" --collateral "$TMP/garbage" --at $AT
run 4 "missing collateral file is an I/O error" "$Q/v4-phala.dat" --collateral "$TMP/nonexistent" --at $AT
grep -q "nonexistent" "$TMP/err"; ok $? "  ... naming the path"

# Intel PCS responses + issuer chain (TCB info v5 format for the v5 quote's FMSPC).
python3 -c "import json; print(json.load(open('$BUNDLE'))['tcb_info_issuer_chain'], end='')" >"$TMP/chain.pem"
python3 -c "import urllib.parse,sys; sys.stdout.write(urllib.parse.quote(open('$TMP/chain.pem').read(), safe=''))" >"$TMP/chain.url"
PCS=(--collateral "$C/sample_tcbinfo_response_v5" --collateral "$C/sample_qeIdentity_response"
	--collateral "$C/pckcrl" --collateral "$C/rootcrl.der" --collateral "$TMP/chain.url")
run 6 "PCS responses: signatures verify, then the 2023 QE identity is expired in 2026" "$Q/v5-sample.dat" "${PCS[@]}" --at 2026-02-15T00:00:00Z
grep -q "FAILED qe_identity_freshness" "$TMP/err"; ok $? "  ... naming qe_identity_freshness (after the signature checks)"
sed 's/"tcbEvaluationDataNumber":18/"tcbEvaluationDataNumber":19/' "$C/sample_tcbinfo_response_v5" >"$TMP/tcbv5"
cmp -s "$TMP/tcbv5" "$C/sample_tcbinfo_response_v5"; ok $((! $?)) "  (edited copy of the PCS TCB info differs)"
run 6 "edited PCS TCB info fails its signature" "$Q/v5-sample.dat" --collateral "$TMP/tcbv5" \
	--collateral "$C/sample_qeIdentity_response" --collateral "$C/pckcrl" --collateral "$C/rootcrl.der" \
	--collateral "$TMP/chain.pem" --at 2026-02-15T00:00:00Z
grep -q "FAILED tcb_info_signature" "$TMP/err"; ok $? "  ... naming tcb_info_signature"

# Policy.
MRTD=$(python3 -c "print(open('$Q/v4-phala.dat','rb').read()[48+136:48+184].hex())")
RD=$(python3 -c "print(open('$Q/v4-phala.dat','rb').read()[48+520:48+584].hex())")
RTMR2=$(python3 -c "print(open('$Q/v4-phala.dat','rb').read()[48+424:48+472].hex())")
BAD=$(printf '%096d' 0)
run 0 "--expect-mrtd with the quote's MRTD" "$Q/v4-phala.dat" --at $AT --expect-mrtd "$MRTD"
run 1 "--expect-mrtd with another MRTD is a policy mismatch" "$Q/v4-phala.dat" --at $AT --expect-mrtd "$BAD"
grep -q "FAILED expect_mrtd" "$TMP/err"; ok $? "  ... naming expect_mrtd"
run 0 "--expect-rtmr 2=<quote's RTMR2>" "$Q/v4-phala.dat" --at $AT --expect-rtmr "2=$RTMR2"
run 1 "--expect-rtmr 2=<zeros> mismatches" "$Q/v4-phala.dat" --at $AT --expect-rtmr "2=$BAD"
run 2 "--expect-rtmr 4=... is a usage error" "$Q/v4-phala.dat" --at $AT --expect-rtmr "4=$BAD"
run 0 "--report-data with the quote's REPORTDATA" "$Q/v4-phala.dat" --at $AT --report-data "$RD"
run 1 "--report-data differing in one byte" "$Q/v4-phala.dat" --at $AT --report-data "00${RD:2}"
run 2 "--report-data that is not hex" "$Q/v4-phala.dat" --at $AT --report-data xyz
run 0 "--report-data = ccel/nonce.dat for the cos-113 quote" "$TD/ccel/cos-113-tdx-quote.dat" --at $AT \
	--report-data "$(python3 -c "print(open('$TD/ccel/nonce.dat','rb').read().hex())")"
run 1 "policy is checked after signatures: wrong MRTD with collateral" "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --expect-mrtd "$BAD"

# Replay (the event-log parser and replay are libtdxg's).
run 0 "--replay ccel_data.dat matches the cos-113 quote's RTMRs" "$TD/ccel/cos-113-tdx-quote.dat" --at $AT --replay "$TD/ccel/ccel_data.dat"
run 1 "--replay of that log against another quote mismatches" "$Q/v4-phala.dat" --at $AT --replay "$TD/ccel/ccel_data.dat"
grep -q "FAILED replay" "$TMP/err"; ok $? "  ... naming replay"
run 5 "--replay of a file that is no event log" "$TD/ccel/cos-113-tdx-quote.dat" --at $AT --replay "$TD/ccel/nonce.dat"

# Malformed quotes and usage.
head -c 1000 "$Q/v4-phala.dat" >"$TMP/short.dat"
run 5 "truncated quote is malformed" "$TMP/short.dat" --at $AT
grep -q "FAILED quote_format" "$TMP/err"; ok $? "  ... naming quote_format"
run 5 "TDREPORT is not a quote" "$Q/synthetic-tdreport.dat" --at $AT
run 4 "missing quote file" "$TMP/none.dat" --at $AT
grep -q "none.dat" "$TMP/err"; ok $? "  ... naming the path"
run 2 "bad --at" "$Q/v4-phala.dat" --at 2025-13-01T00:00:00Z
run 2 "no QUOTE" --at $AT
run 0 "--json on failure still prints JSON" "$Q/v4-phala.dat" --at $AT --json
"$TDXG" verify "$Q/v5-sample.dat" --at $AT --json >"$TMP/out" 2>/dev/null
[ "$(json_get "['failed_check']")" = '"pck_chain_validity"' ] && [ "$(json_get "['exit_code']")" = 6 ]
ok $? "JSON failure names failed_check pck_chain_validity and exit_code 6"

echo "1..$n"
[ $fails -eq 0 ]
