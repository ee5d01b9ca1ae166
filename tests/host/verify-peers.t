#!/bin/bash
# SPDX-License-Identifier: MIT
# go-tdx-guest check's rules in tdxg verify, libtdxg and the policy file,
# on the real quotes of tests/data: --expect-qe-vendor-id (the header's
# QE_VENDOR_ID), and for a TD 1.5 body --expect-mrservicetd and
# --min-tee-tcb-svn2, which fail a TD 1.0 body (v4) where go-tdx-guest
# skips them; each with the quote's own value (read here from the quote's
# bytes), one that differs, and a malformed one; and -q, which prints
# nothing in every outcome. Signatures only (--no-tcb): these are policy.
# Env: TDXG=<binary> to test another build.
set -u
. "$(dirname "$0")/../lib.sh"
scratch
need_user || bail "build user/"
V4=$TD/quotes/v4-phala.dat V5=$TD/quotes/v5-sample.dat
A4=2025-07-01T00:00:00Z A5=2026-06-01T00:00:00Z
# From the bytes: QE_VENDOR_ID at 12 (header); v5: body at 48 + 6, its
# TEE_TCB_SVN2 at 584 and MRSERVICETD at 600.
eval "$(python3 - "$V4" "$V5" <<'PY'
import sys
q4, q5 = (open(p, 'rb').read() for p in sys.argv[1:3])
assert q4[:2] == b'\x04\x00' and q5[:2] == b'\x05\x00' and q5[48:50] == b'\x03\x00'
print("QE4=%s QE5=%s SVN2=%s SERVICETD=%s" % (q4[12:28].hex(), q5[12:28].hex(),
      q5[54 + 584:54 + 600].hex(), q5[54 + 600:54 + 648].hex()))
PY
)"
flip() { python3 -c "import sys; h=bytearray.fromhex(sys.argv[1]); h[-1] ^= 1; print(h.hex())" "$1"; }
# v QUOTE AT ARGS...: verify --no-tcb --json
v() { local q=$1 at=$2; shift 2; "$TDXG" verify --no-tcb "$q" --at "$at" --json "$@"; }
# field KEY: a value of the last --json result
field() { python3 -c "import json, sys; v = json.load(open('$W/out'))[sys.argv[1]]; print(' '.join(v) if isinstance(v, list) else v)" "$1" 2>&1; }
check() { local got; got=$(field failed_check); [ "$got" = "$1" ]; ok $? "  ... failed_check $1 (got $got)"; }
plan 49

[ "$QE4" = 939a7233f79c4ca9940a0db3957f0607 ] && [ "$QE5" = "$QE4" ] && [ "$SVN2" = 0d010400000000000000000000000000 ]
ok $? "the quotes' values: QE_VENDOR_ID $QE4 (Intel's QE), v5 TEE_TCB_SVN2 $SVN2"
# ---- --expect-qe-vendor-id
expect 0 "--expect-qe-vendor-id with the v4 quote's value" v "$V4" $A4 --expect-qe-vendor-id "$QE4"
[ "$(field checks)" = "pck_chain qe_report_signature qe_report_data quote_signature td_debug expect_qe_vendor_id" ]
ok $? "  ... and checks lists expect_qe_vendor_id"
[ "$(field qe_vendor_id)" = "$QE4" ]; ok $? "  ... and --json shows qe_vendor_id $QE4"
expect 0 "--expect-qe-vendor-id with the v5 quote's value" v "$V5" $A5 --expect-qe-vendor-id "$QE5"
expect 1 "--expect-qe-vendor-id with its last bit flipped" v "$V4" $A4 --expect-qe-vendor-id "$(flip "$QE4")"
check expect_qe_vendor_id
expect 2 "--expect-qe-vendor-id with 15 bytes is a usage error" v "$V4" $A4 --expect-qe-vendor-id "${QE4:2}"
# ---- --expect-mrservicetd
expect 0 "--expect-mrservicetd with the v5 quote's value" v "$V5" $A5 --expect-mrservicetd "$SERVICETD"
expect 1 "--expect-mrservicetd with its last bit flipped" v "$V5" $A5 --expect-mrservicetd "$(flip "$SERVICETD")"
check expect_mrservicetd
expect 1 "--expect-mrservicetd on a v4 quote (TD 1.0 body): fails, not skipped" v "$V4" $A4 --expect-mrservicetd "$SERVICETD"
check expect_mrservicetd
grep -q 'TD 1.0' <<<"$(field detail)"; ok $? "  ... saying the body is TD 1.0"
expect 2 "--expect-mrservicetd with 47 bytes is a usage error" v "$V5" $A5 --expect-mrservicetd "${SERVICETD:2}"
# ---- --min-tee-tcb-svn2
expect 0 "--min-tee-tcb-svn2 equal to the v5 TEE_TCB_SVN2" v "$V5" $A5 --min-tee-tcb-svn2 "$SVN2"
expect 0 "--min-tee-tcb-svn2 below it in byte 0" v "$V5" $A5 --min-tee-tcb-svn2 "0c${SVN2:2}"
expect 1 "--min-tee-tcb-svn2 one above in byte 1" v "$V5" $A5 --min-tee-tcb-svn2 "${SVN2:0:2}02${SVN2:4}"
check min_tee_tcb_svn2
grep -q 'TEE_TCB_SVN2\[1\] 1 is below the minimum 2' <<<"$(field detail)"; ok $? "  ... naming byte 1: 1 below 2"
expect 1 "--min-tee-tcb-svn2 on a v4 quote (TD 1.0 body): fails, not skipped" v "$V4" $A4 --min-tee-tcb-svn2 "$SVN2"
check min_tee_tcb_svn2
expect 0 "--min-tee-tcb-svn2 of zeros is no requirement, on v4 too" v "$V4" $A4 --min-tee-tcb-svn2 "$(printf '%032d' 0)"
# ---- the policy file
cat >"$W/p.json" <<EOF
{"qe_vendor_id": "$QE5", "mrservicetd": "$SERVICETD", "min_tee_tcb_svn2": "$SVN2"}
EOF
expect 0 "--policy with qe_vendor_id, mrservicetd, min_tee_tcb_svn2 of the v5 quote" v "$V5" $A5 --policy "$W/p.json"
[ "$(field checks)" = "pck_chain qe_report_signature qe_report_data quote_signature td_debug expect_qe_vendor_id expect_mrservicetd min_tee_tcb_svn2" ]
ok $? "  ... checks lists the three ($(field checks))"
expect 1 "  ... the same policy on the v4 quote" v "$V4" $A4 --policy "$W/p.json"
check expect_mrservicetd
sed "s/\"$QE5\"/\"$(flip "$QE5")\"/" "$W/p.json" >"$W/p-qe.json"
expect 1 "--policy with another qe_vendor_id" v "$V5" $A5 --policy "$W/p-qe.json"
check expect_qe_vendor_id
sed "s/\"min_tee_tcb_svn2\": \"0d/\"min_tee_tcb_svn2\": \"0e/" "$W/p.json" >"$W/p-svn.json"
expect 1 "--policy with min_tee_tcb_svn2 above in byte 0" v "$V5" $A5 --policy "$W/p-svn.json"
check min_tee_tcb_svn2
echo '{"mrservicetd": "00"}' >"$W/p-bad.json"
expect 2 "--policy with a 1-byte mrservicetd is a usage error" v "$V5" $A5 --policy "$W/p-bad.json"
grep -q mrservicetd "$W/err"; ok $? "  ... naming mrservicetd"
# ---- libtdxg: the opts fields, checked by tdxg_quote_verify()
build_driver verify-peers
ok $? "library caller built"
lib() { got=$("$DRIVER" "$@" 2>&1); [ "$got" = "$want" ]; ok $? "libtdxg: ${*:3}: '$want' (got '$got')"; }
want="0 " lib "$V4" $A4 qe "$QE4"
want="4 expect_qe_vendor_id" lib "$V4" $A4 qe "$(flip "$QE4")"
want="0 " lib "$V5" $A5 servicetd "$SERVICETD"
want="4 expect_mrservicetd" lib "$V4" $A4 servicetd "$SERVICETD"
want="4 min_tee_tcb_svn2" lib "$V5" $A5 svn2 "0e${SVN2:2}"
want="0 " lib "$V5" $A5 policy "$W/p.json"
# A caller built against the first struct cannot hold these members: the
# policy is refused, not loaded without them.
got=$("$DRIVER" "$V5" $A5 policy-ver0 "$W/p.json" 2>&1)
[[ $got == "load -22 "*"needs"* ]]; ok $? "libtdxg: a policy with them into opts of the first size: -EINVAL (got '$got')"
# ---- -q
quiet() { # rc desc args...
	local want=$1 desc=$2
	shift 2
	"$TDXG" verify -q "$@" >"$W/out" 2>"$W/err" </dev/null
	local rc=$?
	[ "$rc" -eq "$want" ] && [ ! -s "$W/out" ] && [ ! -s "$W/err" ]
	ok $? "-q, $desc: exit $want, nothing on stdout or stderr (exit $rc, $(wc -c <"$W/out")+$(wc -c <"$W/err") bytes)"
}
quiet 0 "verified" --no-tcb "$V4" --at $A4 --expect-qe-vendor-id "$QE4"
quiet 1 "policy mismatch" --no-tcb "$V4" --at $A4 --expect-qe-vendor-id "$(flip "$QE4")"
quiet 6 "chain not valid at --at" --no-tcb "$V5" --at $A4
quiet 7 "TCB status not accepted" "$V4" --at $A4 --collateral "$TD/collateral/v4-phala.collateral.json" --accept OutOfDate
quiet 4 "no cached collateral (--offline)" "$V4" --at $A4 --offline --cache "$W/empty-cache"
quiet 4 "missing quote" --no-tcb "$W/none.dat"
quiet 1 "two quotes, one failing (no batch summary either)" --no-tcb "$V4" "$V4" --at $A4 --expect-mrtd "$(printf '%096d' 0)"
"$TDXG" verify -q --json --no-tcb "$V4" >"$W/out" 2>"$W/err"
[ $? -eq 2 ] && [ "$(wc -l <"$W/err")" -eq 1 ] && grep -q quiet "$W/err"
ok $? "-q with --json is a usage error, one line naming --quiet"
finish
