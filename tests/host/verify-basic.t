#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg verify on the real quotes and collateral in tests/data, with
# pinned times: signatures and chain, collateral status and freshness,
# custom roots, policy options, replay, exit codes and error messages.
# Env: TDXG_VARIANT=san or TDXG=<binary> to test another build.
set -u
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/"
Q=$TD/quotes
C=$TD/collateral
BUNDLE=$C/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
scratch
# verify ARGS...: the command under test (expect runs it: stdout in
# $W/out, stderr in $W/err)
verify() { "$TDXG" verify "$@"; }
json_get() { python3 -c "import json,sys; d=json.load(open('$W/out')); print(json.dumps(d$1))"; }

# Signatures and chain of every real quote, each inside its validity.
expect 0 "v4-phala verifies with the built-in Intel root" verify --no-tcb "$Q/v4-phala.dat" --at $AT
expect 0 "v4-spr-e4 verifies (39 trailing bytes)" verify --no-tcb "$Q/v4-spr-e4.dat" --at $AT
expect 0 "v5-sample (TD 1.5 body, NUL after PEM) verifies" verify --no-tcb "$Q/v5-sample.dat" --at 2026-06-01T00:00:00Z
expect 0 "cos-113 quote (zero padded to 8000) verifies" verify --no-tcb "$TD/ccel/cos-113-tdx-quote.dat" --at $AT
expect 0 "explicit --root with the installed Intel root PEM" verify --no-tcb "$Q/v4-phala.dat" --root "$TOP/user/data/intel-sgx-root-ca.pem" --at $AT
expect 0 "--at as unix seconds" verify --no-tcb "$Q/v4-phala.dat" --at 1751328000
expect 6 "v5-sample before its PCK leaf is valid fails" verify --no-tcb "$Q/v5-sample.dat" --at $AT
grep -q "pck_chain_validity" "$W/err"; ok $? "  ... naming the check pck_chain_validity"
expect 6 "v4-spr-e4 after its PCK leaf expired (2029-09-20) fails" verify --no-tcb "$Q/v4-spr-e4.dat" --at 2030-01-01T00:00:00Z

# Fail closed: without collateral the TCB was not judged, and what was
# not judged must not pass. verify fetches it (--offline: from the cache
# alone) and fails when it gets none (exit 4 here) unless --no-tcb asks for
# signatures and policy only; a TCB rule is then refused (usage) rather
# than silently skipped.
expect 4 "no collateral to be had, no --no-tcb: fails closed (exit 4)" verify "$Q/v4-phala.dat" --at $AT --offline --cache "$W/no-cache"
grep -q "FAILED collateral: --offline: no valid cached collateral.*--collateral.*--no-tcb" "$W/err"; ok $? "  ... naming the missing collateral, --collateral and --no-tcb"
expect 4 "  ... and in --json: ok false" verify "$Q/v4-phala.dat" --at $AT --json --offline --cache "$W/no-cache"
[ "$(json_get "['ok']")" = false ] && [ "$(json_get "['failed_check']")" = '"collateral"' ]
ok $? "  ... \"ok\": false, failed_check collateral"
expect 4 "--accept without collateral is not silently ignored" verify "$Q/v4-phala.dat" --at $AT --accept UpToDate --offline --cache "$W/no-cache"
expect 0 "--no-tcb: signatures and chain only" verify "$Q/v4-phala.dat" --at $AT --no-tcb
grep -q "tcb status *not evaluated (--no-tcb)" "$W/out"; ok $? "  ... saying the TCB was not evaluated"
expect 6 "--no-tcb: a signature failure still fails" verify "$Q/v5-sample.dat" --at $AT --no-tcb
echo '{"accept": ["UpToDate"]}' >"$W/accept-policy.json"
echo '{"min_tcb_eval": 17}' >"$W/eval-policy.json"
for o in "--accept UpToDate" "--min-tcb-eval 17" --allow-expired-collateral "--collateral $BUNDLE" \
	 "--pccs https://127.0.0.1:9" --offline "--policy $W/accept-policy.json" "--policy $W/eval-policy.json"; do
	# shellcheck disable=SC2086 # o is an option and its value
	expect 2 "--no-tcb with ${o/$W\//} is a usage error" verify "$Q/v4-phala.dat" --at $AT --no-tcb $o
	grep -q "no-tcb" "$W/err"; ok $? "  ... naming --no-tcb"
done

# The built-in root is the installed data file, byte for byte.
[ "$(sed -n 's/^\t"\(.*\)\\n"$/\1/p' "$TOP/user/lib/verify_root.c" | tr -d '\n')" = "$(tr -d '\n' <"$TOP/user/data/intel-sgx-root-ca.pem")" ]
ok $? "built-in root equals user/data/intel-sgx-root-ca.pem"
cmp -s "$TOP/user/data/intel-sgx-root-ca.pem" "$TD/roots/intel-sgx-root-ca.pem"
ok $? "user/data root equals tests/data/roots/intel-sgx-root-ca.pem"

# Another root: the Intel chain must not verify against it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=Throwaway Root" \
	-days 3650 -keyout "$W/k.pem" -out "$W/root.pem" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
expect 6 "--root with a throwaway CA rejects the Intel chain" verify "$Q/v4-phala.dat" --root "$W/root.pem" --at $AT
grep -q "FAILED pck_chain:" "$W/err"; ok $? "  ... naming the check pck_chain"
head -c 100 "$TD/roots/intel-sgx-root-ca.pem" >"$W/badroot.pem"
expect 5 "--root that is not a certificate is malformed input" verify "$Q/v4-phala.dat" --root "$W/badroot.pem" --at $AT

# Collateral bundle: UpToDate, no advisories, as dcap-qvl says.
expect 0 "v4-phala with its collateral at $AT" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --json
[ "$(json_get "['tcb_status']")" = '"UpToDate"' ]; ok $? "  ... TCB status UpToDate"
[ "$(json_get "['advisory_ids']")" = '[]' ]; ok $? "  ... no advisory IDs"
[ "$(json_get "['fmspc']")" = '"b0c06f000000"' ]; ok $? "  ... FMSPC b0c06f000000"
[ "$(json_get "['collateral_next_update']")" = '"2025-07-19T10:00:35Z"' ]; ok $? "  ... earliest nextUpdate 2025-07-19T10:00:35Z"
expect 0 "text output of the same" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT
grep -q "tcb status *UpToDate" "$W/out"; ok $? "  ... prints tcb status UpToDate"
expect 6 "after the TCB info nextUpdate (2025-07-19T10:16:03Z) fails as expired" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at 2025-07-19T10:16:04Z
grep -q "FAILED tcb_info_freshness: TCB info expired" "$W/err"; ok $? "  ... naming tcb_info_freshness / expired"
expect 6 "after the PCK CRL nextUpdate fails" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at 2025-07-19T10:05:00Z
grep -q "FAILED crl_freshness" "$W/err"; ok $? "  ... naming crl_freshness"
expect 6 "before the TCB info issueDate fails" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at 2025-06-19T10:16:02Z
grep -q "not yet valid" "$W/err"; ok $? "  ... as not yet valid"
expect 7 "--accept without UpToDate rejects the UpToDate quote" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --accept OutOfDate,SWHardeningNeeded
grep -q "FAILED tcb_status: TCB status UpToDate is not accepted" "$W/err"; ok $? "  ... naming tcb_status"
expect 2 "--accept with an unknown status is a usage error" verify "$Q/v4-phala.dat" --accept Fine
expect 7 "collateral for another FMSPC (v4-spr-e4) is a TCB failure" verify "$Q/v4-spr-e4.dat" --collateral "$BUNDLE" --at $AT
grep -q "FAILED fmspc" "$W/err"; ok $? "  ... naming fmspc"

# Tampered collateral.
python3 - "$BUNDLE" "$W" <<'PY'
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
expect 6 "edited TCB info fails its signature" verify "$Q/v4-phala.dat" --collateral "$W/tcb.json" --at $AT
grep -q "FAILED tcb_info_signature" "$W/err"; ok $? "  ... naming tcb_info_signature"
expect 6 "edited QE identity fails its signature" verify "$Q/v4-phala.dat" --collateral "$W/qe.json" --at $AT
grep -q "FAILED qe_identity_signature" "$W/err"; ok $? "  ... naming qe_identity_signature"
expect 6 "flipped TCB info signature fails" verify "$Q/v4-phala.dat" --collateral "$W/sig.json" --at $AT
expect 6 "flipped root CA CRL signature fails" verify "$Q/v4-phala.dat" --collateral "$W/crl.json" --at $AT
grep -q "FAILED crl_signature" "$W/err"; ok $? "  ... naming crl_signature"
expect 5 "bundle without pck_crl is malformed" verify "$Q/v4-phala.dat" --collateral "$W/nocrl.json" --at $AT
grep -q '"pck_crl"' "$W/err"; ok $? "  ... naming the missing member"
expect 5 "TCB info with trailing junk is malformed" verify "$Q/v4-phala.dat" --collateral "$W/junk.json" --at $AT
printf 'not collateral' >"$W/garbage"
expect 5 "unrecognised collateral file" verify "$Q/v4-phala.dat" --collateral "$W/garbage" --at $AT
expect 4 "missing collateral file is an I/O error" verify "$Q/v4-phala.dat" --collateral "$W/nonexistent" --at $AT
grep -q "nonexistent" "$W/err"; ok $? "  ... naming the path"

# Intel PCS responses + issuer chain (TCB info v5 format for the v5 quote's FMSPC).
python3 -c "import json; print(json.load(open('$BUNDLE'))['tcb_info_issuer_chain'], end='')" >"$W/chain.pem"
python3 -c "import urllib.parse,sys; sys.stdout.write(urllib.parse.quote(open('$W/chain.pem').read(), safe=''))" >"$W/chain.url"
PCS=(--collateral "$C/sample_tcbinfo_response_v5" --collateral "$C/sample_qeIdentity_response"
	--collateral "$C/pckcrl" --collateral "$C/rootcrl.der" --collateral "$W/chain.url")
expect 6 "PCS responses: signatures verify, then the 2023 QE identity is expired in 2026" verify "$Q/v5-sample.dat" "${PCS[@]}" --at 2026-02-15T00:00:00Z
grep -q "FAILED qe_identity_freshness" "$W/err"; ok $? "  ... naming qe_identity_freshness (after the signature checks)"
sed 's/"tcbEvaluationDataNumber":18/"tcbEvaluationDataNumber":19/' "$C/sample_tcbinfo_response_v5" >"$W/tcbv5"
cmp -s "$W/tcbv5" "$C/sample_tcbinfo_response_v5"; ok $((! $?)) "  (edited copy of the PCS TCB info differs)"
expect 6 "edited PCS TCB info fails its signature" verify "$Q/v5-sample.dat" --collateral "$W/tcbv5" \
	--collateral "$C/sample_qeIdentity_response" --collateral "$C/pckcrl" --collateral "$C/rootcrl.der" \
	--collateral "$W/chain.pem" --at 2026-02-15T00:00:00Z
grep -q "FAILED tcb_info_signature" "$W/err"; ok $? "  ... naming tcb_info_signature"

# Policy.
MRTD=$(python3 -c "print(open('$Q/v4-phala.dat','rb').read()[48+136:48+184].hex())")
RD=$(python3 -c "print(open('$Q/v4-phala.dat','rb').read()[48+520:48+584].hex())")
RTMR2=$(python3 -c "print(open('$Q/v4-phala.dat','rb').read()[48+424:48+472].hex())")
BAD=$(printf '%096d' 0)
expect 0 "--expect-mrtd with the quote's MRTD" verify --no-tcb "$Q/v4-phala.dat" --at $AT --expect-mrtd "$MRTD"
expect 1 "--expect-mrtd with another MRTD is a policy mismatch" verify --no-tcb "$Q/v4-phala.dat" --at $AT --expect-mrtd "$BAD"
grep -q "FAILED expect_mrtd" "$W/err"; ok $? "  ... naming expect_mrtd"
expect 0 "--expect-rtmr 2=<quote's RTMR2>" verify --no-tcb "$Q/v4-phala.dat" --at $AT --expect-rtmr "2=$RTMR2"
expect 1 "--expect-rtmr 2=<zeros> mismatches" verify --no-tcb "$Q/v4-phala.dat" --at $AT --expect-rtmr "2=$BAD"
expect 2 "--expect-rtmr 4=... is a usage error" verify --no-tcb "$Q/v4-phala.dat" --at $AT --expect-rtmr "4=$BAD"
expect 0 "--report-data with the quote's REPORTDATA" verify --no-tcb "$Q/v4-phala.dat" --at $AT --report-data "$RD"
expect 1 "--report-data differing in one byte" verify --no-tcb "$Q/v4-phala.dat" --at $AT --report-data "00${RD:2}"
expect 2 "--report-data that is not hex" verify --no-tcb "$Q/v4-phala.dat" --at $AT --report-data xyz
expect 0 "--report-data = ccel/nonce.dat for the cos-113 quote" verify --no-tcb "$TD/ccel/cos-113-tdx-quote.dat" --at $AT \
	--report-data "$(python3 -c "print(open('$TD/ccel/nonce.dat','rb').read().hex())")"
expect 1 "policy is checked after signatures: wrong MRTD with collateral" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --expect-mrtd "$BAD"

# Replay (the event-log parser and replay are libtdxg's).
expect 0 "--replay ccel_data.dat matches the cos-113 quote's RTMRs" verify --no-tcb "$TD/ccel/cos-113-tdx-quote.dat" --at $AT --replay "$TD/ccel/ccel_data.dat"
expect 1 "--replay of that log against another quote mismatches" verify --no-tcb "$Q/v4-phala.dat" --at $AT --replay "$TD/ccel/ccel_data.dat"
grep -q "FAILED replay" "$W/err"; ok $? "  ... naming replay"
expect 5 "--replay of a file that is no event log" verify --no-tcb "$TD/ccel/cos-113-tdx-quote.dat" --at $AT --replay "$TD/ccel/nonce.dat"

# Malformed quotes and usage.
head -c 1000 "$Q/v4-phala.dat" >"$W/short.dat"
expect 5 "truncated quote is malformed" verify --no-tcb "$W/short.dat" --at $AT
grep -q "FAILED quote_format" "$W/err"; ok $? "  ... naming quote_format"
expect 5 "TDREPORT is not a quote" verify --no-tcb "$Q/synthetic-tdreport.dat" --at $AT
expect 4 "missing quote file" verify --no-tcb "$W/none.dat" --at $AT
grep -q "none.dat" "$W/err"; ok $? "  ... naming the path"
expect 2 "bad --at" verify --no-tcb "$Q/v4-phala.dat" --at 2025-13-01T00:00:00Z
expect 2 "no QUOTE" verify --no-tcb --at $AT
expect 0 "--json on failure still prints JSON" verify --no-tcb "$Q/v4-phala.dat" --at $AT --json
"$TDXG" verify --no-tcb "$Q/v5-sample.dat" --at $AT --json >"$W/out" 2>/dev/null
[ "$(json_get "['failed_check']")" = '"pck_chain_validity"' ] && [ "$(json_get "['exit_code']")" = 6 ]
ok $? "JSON failure names failed_check pck_chain_validity and exit_code 6"

finish
