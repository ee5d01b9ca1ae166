#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg collateral and verify --pccs against a local HTTPS PCCS stand-in
# (pccs-server.py, real Intel responses from tests/data, throwaway TLS
# certificate): the bundle it writes verifies like the reference bundle,
# verify --pccs gives the same verdict, both URL forms and the QPL conf
# work, and every failure has its exit code: tampered body 6, wrong issuer
# chain 6, no chain header / truncated body 5, HTTP 404/500, cut-off
# body, server down and untrusted TLS 4, slow server 8 (--timeout).
set -u
. "$(dirname "$0")/pccs-lib.sh"
plan 58
ok $([ -n "$PORT" ]; echo $?) "stand-in PCCS listens on 127.0.0.1:${PORT:-?}"

C=("$TDXG" collateral "$Q" --pccs-ca "$CA" --no-cache --at "$AT")
V=("$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --json)
expect 0 "collateral fetches a bundle" "${C[@]}" --pccs "$URL" -o "$W/b.json"
has "fmspc=$FMSPC" "$SRV/requests" "TCB info requested for the quote's FMSPC ($FMSPC)"
has "pckcrl?ca=platform" "$SRV/requests" "PCK CRL requested for the PCK Platform CA"
has "/sgx/certification/v4/rootcacrl" "$SRV/requests" "root CA CRL from the PCCS"
python3 - "$W/b.json" "$BUNDLE" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert set(a) == set(b), set(a) ^ set(b)
for k in b:
    assert a[k].strip() == b[k].strip(), k
PY
ok $? "the bundle has the reference bundle's members and values"
"$TDXG" verify "$Q" --collateral "$BUNDLE" --at "$AT" --json >"$W/ref.json" 2>&1
expect 0 "verify --collateral with the fetched bundle" "$TDXG" verify "$Q" --collateral "$W/b.json" --at "$AT" --json
cmp -s "$W/out" "$W/ref.json"; ok $? "same verdict as with the reference bundle"
grep -q '"tcb_status": "UpToDate"' "$W/out"; ok $? "tcb_status UpToDate"
expect 0 "collateral writes the bundle to stdout without -o" "${C[@]}" --pccs "$URL"
cmp -s "$W/out" "$W/b.json"; ok $? "stdout bundle equals the -o file"

expect 0 "verify --pccs fetches and verifies" "${V[@]}" --pccs "$URL"
cmp -s "$W/out" "$W/ref.json"; ok $? "verify --pccs gives the bundle's verdict"
# Several --root: one verifier per root, each fetching through its own
# store; the quote is anchored in (and fetches for) the root it reaches.
expect 0 "verify --pccs with two --root (a foreign CA first, then Intel's)" \
	"${V[@]}" --pccs "$URL" --root "$CA" --root "$TD/roots/intel-sgx-root-ca.pem"
cmp -s "$W/out" "$W/ref.json"; ok $? "... the bundle's verdict, under the Intel root"
expect 0 "QPL URL form .../sgx/certification/v4/" "${V[@]}" --pccs "$URL/sgx/certification/v4/"
cat >"$TDXG_QCNL_CONF" <<CONF
{
  // as Intel ships it: comments allowed
  "pccs_url": "$URL/sgx/certification/v4/",
  "use_secure_cert": true, /* checked */
  "retry_times": 6
}
CONF
expect 0 "verify takes pccs_url from sgx_default_qcnl.conf" "$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --json
expect 4 "use_secure_cert true: the system store does not trust the stand-in" "$TDXG" verify "$Q" --no-cache --at "$AT"
sed -i 's/"use_secure_cert": true/"use_secure_cert": false/' "$TDXG_QCNL_CONF"
expect 0 "use_secure_cert false is honoured" "$TDXG" verify "$Q" --no-cache --at "$AT"
has "NOT checked" "$W/err" "... and never silently: a warning on stderr"
rm -f "$TDXG_QCNL_CONF"
# Without --collateral, --pccs or a PCCS in the conf, verify gets the
# collateral where tdxg collateral does: Intel PCS (here the stand-in, by
# TDXG_PCS_URL; its root CA CRL URL is unreachable, so 4 or 8), through the
# cache; --offline keeps it to the cache and fails closed on a miss.
# No option at all: Intel PCS is asked (the stand-in's certificate is not
# in the system store, so the fetch fails: exit 4 naming the server).
expect 4 "verify with no collateral and no option asks Intel PCS" env TDXG_PCS_URL=$URL "$TDXG" verify "$Q" --at "$AT" --json
grep -q '"failed_check": "collateral"' "$W/out" && grep -q "127.0.0.1:$PORT" "$W/out"
ok $? "... failed_check collateral, naming the server it asked"
r0=$(reqs)
TDXG_PCS_URL=$URL "$TDXG" verify "$Q" --pccs-ca "$CA" --cache "$W/pcs-cache" --at "$AT" --timeout 3 \
	--json >"$W/out" 2>"$W/err"
rc=$?
ok $([ $rc -eq 0 ] || [ $rc -eq 4 ] || [ $rc -eq 8 ]; echo $?) \
	"verify with no collateral source given asks Intel PCS (exit $rc: 0, 4 or 8)"
ok $([ $(($(reqs) - r0)) -eq 3 ] && tail -n 3 "$SRV/requests" | grep -q "^/tdx/certification/v4/tcb?fmspc=$FMSPC"; echo $?) \
	"... TCB info, QE identity and PCK CRL requested from it ($(($(reqs) - r0)) requests)"
ok $([ $rc -eq 0 ] || grep -q '"failed_check": "collateral"' "$W/out"; echo $?) \
	"... a failed fetch fails the quote: failed_check collateral"
# The same sources as tdxg collateral, through the cache: a PCCS in the conf.
printf '{"pccs_url": "%s/sgx/certification/v4/"}\n' "$URL" >"$TDXG_QCNL_CONF"
r0=$(reqs)
expect 0 "verify with the conf's PCCS, into a cache" "$TDXG" verify "$Q" --pccs-ca "$CA" --cache "$W/vc" --at "$AT" --json
ok $([ $(($(reqs) - r0)) -eq 4 ] && [ -s "$W/vc/tdx-$(echo "$FMSPC" | tr A-F a-f)-platform.json" ]; echo $?) \
	"... four requests, the set cached ($(($(reqs) - r0)))"
r0=$(reqs)
expect 0 "again: from the cache" "$TDXG" verify "$Q" --pccs-ca "$CA" --cache "$W/vc" --at "$AT" --json
grep -q '"tcb_status": "UpToDate"' "$W/out"; ok $? "... UpToDate, and no request ($(($(reqs) - r0)))"
ok $([ $(($(reqs) - r0)) -eq 0 ]; echo $?) "... the server not asked"
rm -f "$TDXG_QCNL_CONF"
expect 0 "--offline: the cached set, no server configured" "$TDXG" verify "$Q" --offline --cache "$W/vc" --at "$AT"
expect 4 "--offline with an empty cache fails closed (exit 4)" "$TDXG" verify "$Q" --offline --cache "$W/empty" --at "$AT" --json
grep -q '"failed_check": "collateral"' "$W/out" && grep -q '"ok": false' "$W/out" &&
	grep -q 'offline: no valid cached collateral for FMSPC' "$W/out"
ok $? "... failed_check collateral, ok false, saying no cached collateral"
ok $([ $(($(reqs) - r0)) -eq 0 ]; echo $?) "... and nothing fetched"
# Intel PCS (TDXG_PCS_URL points at the stand-in): the same API v4 paths, and the
# root CA CRL from the Intel SGX Root CA's CRL distribution point (unreachable here).
r0=$(reqs)
# Without network that request fails (4, or 8 when name resolution hangs); with it, the
# fetch succeeds. Either way the requests show where each piece came from.
TDXG_PCS_URL=$URL "$TDXG" collateral "$Q" --pcs --pccs-ca "$CA" --no-cache --at "$AT" --timeout 3 \
	--verbose >"$W/out" 2>"$W/err"
rc=$?
ok $([ $rc -eq 0 ] || [ $rc -eq 4 ] || [ $rc -eq 8 ]; echo $?) "Intel PCS via TDXG_PCS_URL (exit $rc: 0, 4 or 8)"
ok $([ $(($(reqs) - r0)) -eq 3 ] && ! tail -n 3 "$SRV/requests" | grep -q rootcacrl; echo $?) \
	"... TCB info, QE identity and PCK CRL from PCS, no rootcacrl request"
has "GET https://certificates.trustedservices.intel.com/IntelSGXRootCA.der" "$W/err" \
	"... and the root CA CRL requested from the root certificate's distribution point"
M rootder
expect 0 "root CA CRL as DER (older PCCS)" "${V[@]}" --pccs "$URL"

M tamper
expect 6 "tampered TCB info: verify --pccs" "${V[@]}" --pccs "$URL"
has '"failed_check": "tcb_info_signature"' "$W/out" "... fails the TCB info signature check"
rm -f "$W/t.json"
expect 6 "tampered TCB info: collateral" "${C[@]}" --pccs "$URL" -o "$W/t.json"
ok $([ ! -e "$W/t.json" ]; echo $?) "... and writes no bundle"
M badchain
expect 6 "wrong TCB-Info-Issuer-Chain header" "${V[@]}" --pccs "$URL"
M nochain
expect 5 "no issuer-chain header" "${V[@]}" --pccs "$URL"
M truncated
expect 5 "truncated TCB info body" "${V[@]}" --pccs "$URL"
said "TCB info" "... names the TCB info"
M short
expect 4 "body cut off before Content-Length" "${V[@]}" --pccs "$URL"
M 404
expect 4 "HTTP 404" "${V[@]}" --pccs "$URL"
said "HTTP 404.*No cache data" "... says HTTP 404 and Intel's error headers"
M 500
expect 4 "HTTP 500" "${V[@]}" --pccs "$URL"
M slow
t0=$(date +%s)
expect 8 "slow server times out" "${V[@]}" --pccs "$URL" --timeout 2
ok $([ $(($(date +%s) - t0)) -lt 10 ]; echo $?) "... within the --timeout"
M ok
expect 4 "untrusted TLS certificate (no --pccs-ca)" "$TDXG" verify "$Q" --pccs "$URL" --no-cache --at "$AT"
has "not trusted" "$W/err" "... says the certificate is not trusted"
env -u no_proxy -u NO_PROXY https_proxy=http://127.0.0.1:1 \
	"${V[@]}" --pccs "$URL" >"$W/out" 2>"$W/err"
rc=$?
ok $([ $rc -eq 4 ]; echo $?) "https_proxy from the environment is used (a dead proxy: exit $rc, wanted 4)"
said "proxy\|127.0.0.1 port 1" "... and named in the message"
expect 2 "plain http:// is refused" "${V[@]}" --pccs "http://127.0.0.1:$PORT"
kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null; SRV_PID=
expect 4 "server down" "${V[@]}" --pccs "$URL"
finish
