#!/bin/bash
# SPDX-License-Identifier: MIT
# Intel's QPL configuration as QCNL reads it, against the PCCS stand-in
# (issue 24 item 7): collateral_service is where collateral comes from
# when set; tcb_update_type (or --tcb-update) sends update=early|standard
# with the TCB info and QE identity requests (standard when unset, as
# QCNL), and early sets get their own cache entry; retry_times and
# retry_delay retry a 503; the default --timeout outlasts a PCCS that
# retries Intel PCS for a minute, so its 502 is shown, with the reason
# from the body, bounded and sanitized; tdxg collateral says when the set
# came from the cache.
set -u
. "$(dirname "$0")/pccs-lib.sh"
plan 37
V=("$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --json)
last() { tail -n "$1" "$SRV/requests"; }

# ---- update=: standard unless configured ----
expect 0 "verify --pccs" "${V[@]}" --pccs "$URL"
last 4 | grep -q "^/tdx/certification/v4/tcb?fmspc=$FMSPC&update=standard$"
ok $? "TCB info requested with update=standard (QCNL's default)"
last 4 | grep -q "^/tdx/certification/v4/qe/identity?update=standard$"
ok $? "QE identity requested with update=standard"
ok $(last 4 | grep -E "pckcrl|rootcacrl" | grep -q update; [ $? -ne 0 ]; echo $?) "... and the CRLs without it"
cat >"$TDXG_QCNL_CONF" <<CONF
{ "pccs_url": "$URL/sgx/certification/v4/", "tcb_update_type": "EARLY" }
CONF
D=$W/cache
expect 0 "conf tcb_update_type EARLY (any case)" "$TDXG" verify "$Q" --pccs-ca "$CA" --cache "$D" --at "$AT" --json
last 4 | grep -q "tcb?fmspc=$FMSPC&update=early$" && last 4 | grep -q "qe/identity?update=early$"
ok $? "... update=early on both requests"
E=$D/tdx-$(echo "$FMSPC" | tr A-F a-f)-platform
ok $([ -s "$E-early.json" ] && [ ! -e "$E.json" ]; echo $?) "... cached apart, as $(basename "$E")-early.json"
expect 0 "--tcb-update standard overrides the conf" "$TDXG" verify "$Q" --pccs-ca "$CA" --cache "$D" --at "$AT" --tcb-update standard
last 4 | grep -q "update=standard$" && ! last 4 | grep -q "update=early"
ok $? "... update=standard, and the early entry is not used for it"
ok $([ -s "$E.json" ]; echo $?) "... which has its own entry"
expect 2 "--tcb-update with another word is a usage error" "$TDXG" verify "$Q" --pccs "$URL" --tcb-update all
sed -i 's/"EARLY"/"all"/' "$TDXG_QCNL_CONF"
expect 2 "tcb_update_type neither early nor standard: usage error, as QCNL refuses the conf" \
	"$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT"
said "tcb_update_type is neither early nor standard" "... naming the key"

# ---- collateral_service: where collateral comes from when set ----
cat >"$TDXG_QCNL_CONF" <<CONF
{
  "pccs_url": "https://127.0.0.1:9/sgx/certification/v4/",
  // PCK certificates from pccs_url, verification collateral from here
  "collateral_service": "$URL/sgx/certification/v4/"
}
CONF
r0=$(reqs)
expect 0 "collateral_service is used, not pccs_url (a dead port)" "$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --json
ok $([ $(($(reqs) - r0)) -eq 4 ]; echo $?) "... four requests at the collateral service"
printf '{ "collateral_service": "%s" }\n' "$URL" >"$TDXG_QCNL_CONF"
expect 0 "collateral_service alone makes verify fetch" "$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --json
expect 0 "... and tdxg collateral" "$TDXG" collateral "$Q" --pccs-ca "$CA" --no-cache --at "$AT" -o "$W/b.json"
cmp -s <(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1])).items()))' "$W/b.json") \
	<(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1])).items()))' "$BUNDLE")
ok $? "... a bundle equal to the reference"
printf '{ "pccs_url": "%s", "collateral_service": "https://127.0.0.1:9" }\n' "$URL" >"$TDXG_QCNL_CONF"
expect 4 "collateral_service wins over pccs_url even when it is down" "$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --timeout 5
said "127.0.0.1:9" "... naming it"
rm -f "$TDXG_QCNL_CONF"

# ---- errors: the PCCS's reason, bounded and sanitized ----
M 502body
expect 4 "HTTP 502 with a reason in the body" "${V[@]}" --pccs "$URL"
said "HTTP 502; the server says: Intel PCS server returned an error: \[31mUpstream timed out x*\.\.\." \
	"... shows the reason, its control characters dropped, cut with ..."
ok $(LC_ALL=C grep -q "$(printf '[\033\007\r]')" "$W/out" "$W/err"; [ $? -ne 0 ]; echo $?) "... no control character reaches the output"
ok $([ "$(LC_ALL=C grep -o 'x*' "$W/err" | awk '{ if (length > m) m = length } END { print m + 0 }')" -le 120 ]; echo $?) \
	"... at most 120 characters of the body"
# A PCCS retries Intel PCS for about a minute before its 502: the default
# timeout (90 s) waits for it instead of giving up at 30 s.
M "slow502 33"
t0=$(date +%s)
expect 4 "a 502 after 33 s, default --timeout: the PCCS's answer, not a timeout" "${V[@]}" --pccs "$URL"
t=$(($(date +%s) - t0))
said "HTTP 502; the server says: Intel PCS" "... with its reason (after ${t}s)"
ok $([ "$t" -ge 33 ]; echo $?) "... after waiting the 33 s"
expect 8 "--timeout still bounds it" "${V[@]}" --pccs "$URL" --timeout 2

# ---- retry_times / retry_delay: a 503 is tried again, as QCNL does ----
rm -f "$SRV/count"; M "503 2"
printf '{ "pccs_url": "%s", "retry_times": 2, "retry_delay": 1 }\n' "$URL" >"$TDXG_QCNL_CONF"
r0=$(reqs)
expect 0 "two 503s, retry_times 2: verified" "$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT" --json
ok $([ $(($(reqs) - r0)) -eq 6 ]; echo $?) "... six requests (two 503s, then four)"
rm -f "$SRV/count"; M "503 2"
printf '{ "pccs_url": "%s", "retry_times": 1, "retry_delay": 1 }\n' "$URL" >"$TDXG_QCNL_CONF"
expect 4 "two 503s, retry_times 1: HTTP 503" "$TDXG" verify "$Q" --pccs-ca "$CA" --no-cache --at "$AT"
said "HTTP 503" "... says so"
rm -f "$TDXG_QCNL_CONF" "$SRV/count"

# ---- tdxg collateral says where the set came from ----
M ok
C=("$TDXG" collateral "$Q" --pccs "$URL" --pccs-ca "$CA" --cache "$W/c2" --at "$AT" -o "$W/o.json")
expect 0 "collateral, cold cache" "${C[@]}"
said "o.json: fetched from $URL, valid until" "... says it fetched from the server"
r0=$(reqs)
expect 0 "collateral again" "${C[@]}"
ok $([ "$(reqs)" -eq "$r0" ]; echo $?) "... makes no request"
said "o.json: from the cache ($W/c2/tdx-.*-platform.json, no request made), valid until" \
	"... and says it came from the cache"
finish
