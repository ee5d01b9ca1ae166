#!/bin/bash
# SPDX-License-Identifier: MIT
# TCB status, revocation and freshness with throwaway collateral: quotes
# from the test QGS (its own root, intermediate and PCK leaf) and a bundle
# from verify-collateral.py signed under the same root. Each case builds
# the collateral so the quote's TCB lands on one status and checks the
# status, the advisory IDs, --accept and the exit code (0 ok, 7 TCB not
# acceptable, 6 revoked or stale). Env: TDXG_VARIANT=san (the SAN run) or
# TDXG=<binary>.
set -u
. "$(dirname "$0")/../lib.sh"
GEN=$TOP/tests/host/verify-collateral.py
scratch
need_user || bail "build user/"
need_qgs
ok $? "test QGS built"

KEYS=$W/keys
# TEE_TCB_SVN of the synthetic TDREPORT is 06 01 03 00..: module SVN 6, module version 1.
"$QGS" --keys "$KEYS" --make-quote "$TD/quotes/synthetic-tdreport.dat" >"$W/q4.dat" &&
	"$QGS" --keys "$KEYS" --make-quote "$TD/quotes/synthetic-tdreport.dat" --quote-version 5 >"$W/q5.dat"
ok $? "v4 and v5 quotes from the test QGS"
# The same TDREPORT with TEE_TCB_SVN[1] = 0 (no module version: no module identity applies).
python3 - "$TD/quotes/synthetic-tdreport.dat" "$W/r0.dat" <<'PY'
import sys
r = bytearray(open(sys.argv[1], 'rb').read())
assert r[256 + 8 + 1] == 1
r[256 + 8 + 1] = 0
open(sys.argv[2], 'wb').write(r)
PY
"$QGS" --keys "$KEYS" --make-quote "$W/r0.dat" >"$W/q4m0.dat"
ok $? "v4 quote with TDX module version 0"
# TD 1.5 quotes whose TEE_TCB_SVN2 says the TDX module was updated since
# launch: to module SVN 7 (one above the TDREPORT's 6) or only to 6.
python3 - "$TD/quotes/synthetic-tdreport.dat" "$W/r2.dat" "$W/r2old.dat" <<'PY'
import sys
r = bytearray(open(sys.argv[1], 'rb').read())
off = 256 + 8 + 16 + 48 + 48 + 8
r[off:off + 16] = bytes([7, 1, 3]) + bytes(13)
open(sys.argv[2], 'wb').write(r)
r[off:off + 16] = bytes([6, 1, 3]) + bytes(13)
open(sys.argv[3], 'wb').write(r)
PY
"$QGS" --keys "$KEYS" --make-quote "$W/r2.dat" --quote-version 5 >"$W/q5r.dat" &&
	"$QGS" --keys "$KEYS" --make-quote "$W/r2old.dat" --quote-version 5 >"$W/q5rold.dat" &&
	"$QGS" --keys "$KEYS" --make-quote "$W/r2.dat" >"$W/q4r.dat"
ok $? "v5 quotes with TEE_TCB_SVN2 07 01 03 and 06 01 03, and a v4 one"

AT=$(date +%s)
Q=$W/q4.dat
# gen ARGS: collateral for $Q into $W/c.json
gen() {
	python3 "$GEN" --keys "$KEYS" --quote "$Q" --out "$W/c.json" --at "$AT" "$@" 2>"$W/gen.err" ||
		{ echo "# verify-collateral.py $*:"; sed 's/^/#   /' "$W/gen.err"; }
}
# verify ARGS...: tdxg verify on $Q with $W/c.json, the command under test
verify() { "$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --collateral "$W/c.json" --at "$AT" "$@"; }
# field KEY EXPECTED: compares a member of the JSON in $W/out (as JSON text)
field() {
	local got
	got=$(python3 -c "import json,sys; print(json.dumps(json.load(open('$W/out'))['$1']))" 2>&1)
	[ "$got" = "$2" ] || echo "# $1 is $got, wanted $2"
	ok $([ "$got" = "$2" ]; echo $?) "  ... $1 $2"
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# UpToDate.
gen
expect 0 "generated collateral, quote at the matching UpToDate level" verify --json
field tcb_status '"UpToDate"'
field platform_status '"UpToDate"'
field qe_status '"UpToDate"'
field tdx_module_status '"UpToDate"'
field advisory_ids '[]'
field fmspc '"50806f000000"'
field pcesvn 13
field collateral_next_update "\"$(iso $((AT + 30 * 86400)))\""
"$TDXG" verify "$Q" --collateral "$W/c.json" --at "$AT" >/dev/null 2>"$W/err"
[ $? -eq 6 ] && grep -q "FAILED pck_chain" "$W/err"
ok $? "the same without --root: the throwaway chain is not Intel's (exit 6, pck_chain)"

# SWHardeningNeeded with advisories: not accepted by default.
gen --status SWHardeningNeeded --advisory INTEL-SA-00615 --advisory INTEL-SA-00657
expect 7 "SWHardeningNeeded is not accepted by default" verify --json
field failed_check '"tcb_status"'
field tcb_status '"SWHardeningNeeded"'
field advisory_ids '["INTEL-SA-00615", "INTEL-SA-00657"]'
expect 0 "--accept UpToDate,SWHardeningNeeded accepts it" verify  --accept UpToDate,SWHardeningNeeded
grep -q "tcb status *SWHardeningNeeded (platform SWHardeningNeeded, QE UpToDate, TDX module UpToDate)" "$W/out"
ok $? "  ... text output names the status and its parts"
grep -q "advisories *INTEL-SA-00615,INTEL-SA-00657$" "$W/out"
ok $? "  ... text output lists the advisory IDs"
expect 7 "--accept UpToDate,OutOfDate does not" verify --accept UpToDate,OutOfDate
grep -q "FAILED tcb_status: TCB status SWHardeningNeeded is not accepted" "$W/err"
ok $? "  ... stderr names tcb_status and the status"

for st in OutOfDate ConfigurationNeeded ConfigurationAndSWHardeningNeeded OutOfDateConfigurationNeeded Revoked; do
	gen --status "$st" --advisory INTEL-SA-01234
	expect 7 "platform level $st is not accepted by default" verify --json
	field tcb_status "\"$st\""
	field advisory_ids '["INTEL-SA-01234"]'
	expect 0 "--accept $st accepts it" verify --accept "$st"
done

# Convergence of the platform status with the TDX module's and the QE's.
gen --module-status OutOfDate --module-advisory INTEL-SA-00777
expect 7 "TDX module identity OutOfDate, platform UpToDate" verify --json
field tcb_status '"OutOfDate"'
field platform_status '"UpToDate"'
field tdx_module_status '"OutOfDate"'
field advisory_ids '["INTEL-SA-00777"]'
gen --status ConfigurationNeeded --module-status OutOfDate
expect 7 "TDX module OutOfDate, platform ConfigurationNeeded" verify --json
field tcb_status '"OutOfDateConfigurationNeeded"'
gen --status SWHardeningNeeded --advisory INTEL-SA-00615 --module-status Revoked
expect 7 "TDX module Revoked" verify --json
field tcb_status '"Revoked"'
# Every status that collateral can give a TCB level.
ALL=UpToDate,SWHardeningNeeded,ConfigurationNeeded,ConfigurationAndSWHardeningNeeded,OutOfDate,OutOfDateConfigurationNeeded,Revoked
# Every platform status with every TDX module status (QVL's convergence):
# Revoked wins, OutOfDate replaces SWHardeningNeeded and keeps
# ConfigurationNeeded, UpToDate changes nothing.
for c in UpToDate:UpToDate:OutOfDate:Revoked SWHardeningNeeded:SWHardeningNeeded:OutOfDate:Revoked \
	ConfigurationNeeded:ConfigurationNeeded:OutOfDateConfigurationNeeded:Revoked \
	ConfigurationAndSWHardeningNeeded:ConfigurationAndSWHardeningNeeded:OutOfDateConfigurationNeeded:Revoked \
	OutOfDate:OutOfDate:OutOfDate:Revoked \
	OutOfDateConfigurationNeeded:OutOfDateConfigurationNeeded:OutOfDateConfigurationNeeded:Revoked \
	Revoked:Revoked:Revoked:Revoked; do
	IFS=: read -r plat want_utd want_ood want_rev <<<"$c"
	got=
	for m in UpToDate:$want_utd OutOfDate:$want_ood Revoked:$want_rev; do
		gen --status "$plat" --module-status "${m%%:*}"
		"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --collateral "$W/c.json" --at "$AT" \
			--accept $ALL --json >"$W/out" 2>/dev/null
		got="$got $(python3 -c "import json; print(json.load(open('$W/out')).get('tcb_status'))")"
	done
	[ "$got" = " $want_utd $want_ood $want_rev" ]
	ok $? "platform $plat with module UpToDate, OutOfDate, Revoked:$got"
done
gen --qe-status OutOfDate --qe-advisory INTEL-SA-00888 --status SWHardeningNeeded --advisory INTEL-SA-00615
expect 7 "QE identity level OutOfDate, platform SWHardeningNeeded" verify --json
field tcb_status '"OutOfDate"'
field qe_status '"OutOfDate"'
field advisory_ids '["INTEL-SA-00888", "INTEL-SA-00615"]'
expect 0 "  ... accepted with --accept OutOfDate" verify --accept OutOfDate

# TCB not matched.
gen --unmatched
expect 7 "every TCB level is above the platform (SGX component, PCESVN, TDX component)" verify --json
field failed_check '"tcb_level"'
field tcb_status 'null'
expect 7 "  ... and no --accept helps" verify --accept UpToDate,SWHardeningNeeded,ConfigurationNeeded,ConfigurationAndSWHardeningNeeded,OutOfDate,OutOfDateConfigurationNeeded,Revoked
gen --module-identity other
expect 7 "no TDX module identity TDX_01 in the TCB info" verify --json
field failed_check '"tdx_module_identity"'
gen --module-identity none
expect 7 "no tdxModuleIdentities at all while the quote has module version 1" verify --json
field failed_check '"tdx_module_identity"'
gen --qe-mrsigner "$(printf '%064d' 7)"
expect 7 "QE identity with another MRSIGNER" verify --json
field failed_check '"qe_identity"'
gen --fmspc 00906ED50000
expect 7 "TCB info for another FMSPC" verify --json
field failed_check '"fmspc"'

# Revocation: exit 6 whatever --accept says.
gen --revoke pck
expect 6 "PCK leaf serial in the PCK CRL" verify --accept $ALL
grep -q "FAILED pck_revocation: certificate 'tdxg test SGX PCK Certificate' is revoked" "$W/err"
ok $? "  ... names pck_revocation and the PCK certificate"
gen --revoke intermediate
expect 6 "PCK platform CA serial in the root CA CRL" verify --accept $ALL
grep -q "FAILED .*revocation: certificate 'tdxg test SGX PCK Platform CA' is revoked" "$W/err"
ok $? "  ... names the revoked intermediate"
gen --revoke tcb-signer
expect 6 "TCB signing certificate in the root CA CRL" verify --accept $ALL
grep -q "FAILED collateral_chain_revocation: certificate 'tdxg test SGX TCB Signing' is revoked" "$W/err"
ok $? "  ... names collateral_chain_revocation and the signer"

# The TCB info and QE identity signer is pinned as in QVL: a certificate
# whose CN contains "SGX TCB Signing", issued directly by the root, in an
# issuer chain of exactly that certificate and the root (either order).
gen --signer pck --status OutOfDate
expect 6 "TCB info signed with the PCK leaf's key (chain PCK, platform CA, root)" verify --accept $ALL --json
field failed_check '"tcb_info_signature"'
gen --signer sub-ca
expect 6 "TCB info signer 'SGX TCB Signing' issued by the platform CA, not the root" verify --accept $ALL --json
field failed_check '"tcb_info_signature"'
gen --signer other-cn
expect 6 "TCB info signer issued by the root whose CN lacks 'SGX TCB Signing'" verify --accept $ALL --json
field failed_check '"tcb_info_signature"'
gen --signer-chain extra
expect 6 "TCB signing issuer chain of three certificates" verify --accept $ALL --json
field failed_check '"tcb_info_signature"'
gen --signer-chain root-first
expect 0 "TCB signing issuer chain root first (QVL accepts it)" verify --json
field tcb_status '"UpToDate"'
# The PCK chain likewise: PCK certificate, SGX PCK Platform/Processor CA, root.
gen --quote-out "$W/qp.dat" --pck-under-root
Q=$W/qp.dat
expect 6 "PCK certificate issued directly by the root (no platform CA)" verify --accept $ALL --json
field failed_check '"pck_chain"'
Q=$W/q4.dat

# Agreement with Intel's QVL on the QE identity, the TDX module and the
# shape of the TCB info.
# MISCSELECT is compared in report byte order: identity "01000000" is the
# report's bytes 01 00 00 00, the little-endian u32 1.
gen --quote-out "$W/qm.dat" --report-miscselect 1
Q=$W/qm.dat
expect 0 "QE MISCSELECT 1 and identity miscselect 01000000 (report byte order)" verify --json
field qe_status '"UpToDate"'
Q=$W/q4.dat
gen --quote-out "$W/qm.dat" --report-miscselect 1 --qe-miscselect 00000001
Q=$W/qm.dat
expect 7 "QE MISCSELECT 1 and identity miscselect 00000001 (the big-endian reading)" verify --json
field failed_check '"qe_identity"'
Q=$W/q4.dat
gen --qe-attributes 15000000000000000000000000000000
expect 7 "QE identity attributes with a bit outside attributesMask (report & mask differs)" verify --json
field failed_check '"qe_identity"'
gen --quote-out "$W/qs.dat" --seam-attributes 0100000000000000 --seam-mask FEFFFFFFFFFFFFFF
Q=$W/qs.dat
expect 7 "SEAMATTRIBUTES not zero, even outside the module's attributesMask" verify --accept $ALL --json
field failed_check '"tdx_module_identity"'
Q=$W/q4.dat
gen --no-tdx-module
expect 5 "TCB info v3 without tdxModule" verify --accept $ALL --json
field failed_check '"collateral"'
gen --qe-status SWHardeningNeeded
expect 5 "QE identity level status SWHardeningNeeded (QE levels are UpToDate, OutOfDate or Revoked)" verify --accept $ALL
# Stricter than QVL, as tdxg.1 documents: QVL reads these QE levels as OutOfDate.
for st in ConfigurationNeeded OutOfDateConfigurationNeeded; do
	gen --qe-status $st
	expect 5 "QE identity level status $st is malformed (QVL: OutOfDate)" verify --accept $ALL --json
	field failed_check '"collateral"'
done
gen --module-status ConfigurationNeeded
expect 5 "TDX module level status ConfigurationNeeded" verify --accept $ALL
gen --duplicate-level
expect 5 "the matching TCB level twice (the copy Revoked)" verify --accept $ALL --json
field failed_check '"collateral"'
gen --tcb-date yesterday
expect 5 "tcbDate that is not a date" verify --accept $ALL
# Every field verification reads is decoded when the collateral is loaded:
# malformed ones are refused there (exit 5, failed_check collateral), with
# the field named, whether or not the quote's TCB lands on that level.
# tcbLevels: 0-2 above the platform, 3 the quote's, 4 the lowest.
# malformed WHAT DETAIL PATCH...: the collateral with those patches is refused at load
malformed() {
	local what=$1 want=$2 got p args=()
	shift 2
	for p; do args+=(--patch "$p"); done
	gen "${args[@]}"
	expect 5 "malformed at load: $what" verify --accept $ALL --json
	got=$(python3 -c "import json; d=json.load(open('$W/out')); print(d['failed_check'], d['detail'])" 2>&1)
	case $got in
	"collateral "*"$want"*) ok 0 "  ... collateral: $want" ;;
	*) echo "# got: $got"; ok 1 "  ... collateral: $want" ;;
	esac
}
malformed "tcbDate of the matching level a 13th month" 'tcbLevels[3].tcbDate: "2024-13-01T00:00:00Z" is not an RFC 3339 date-time' \
	'tcb:tcbLevels.3.tcbDate="2024-13-01T00:00:00Z"'
malformed "tcbDate of a level above the platform with a space for T" 'tcbLevels[0].tcbDate: "2024-01-01 00:00:00Z"' \
	'tcb:tcbLevels.0.tcbDate="2024-01-01 00:00:00Z"'
malformed "QE identity level tcbDate on February 29 of 2023" 'tcbLevels[0].tcbDate: "2023-02-29T00:00:00Z"' \
	'qe:tcbLevels.0.tcbDate="2023-02-29T00:00:00Z"'
malformed "TDX module level tcbDate a number" 'tdxModuleIdentities[0].tcbLevels[0].tcbDate: 20240101 is not' \
	'tcb:tdxModuleIdentities.0.tcbLevels.0.tcbDate=20240101'
malformed "advisory ID of 64 characters on a level the quote does not reach" \
	'tcbLevels[0].advisoryIDs[1]: "INTEL-SA-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA... is not a string of at most 63 bytes' \
	"tcb:tcbLevels.0.advisoryIDs=[\"INTEL-SA-00001\",\"INTEL-SA-$(printf 'A%.0s' $(seq 55))\"]"
malformed "advisory ID that is a number" 'tcbLevels[3].advisoryIDs[0]: 615 is not a string' \
	'tcb:tcbLevels.3.advisoryIDs=[615]'
malformed "advisoryIDs that is a string" 'tcbLevels[4].advisoryIDs is not an array' \
	'tcb:tcbLevels.4.advisoryIDs="INTEL-SA-00001"'
malformed "257 advisory IDs in one level" 'tcbLevels[3].advisoryIDs: 257 IDs, more than 256' \
	"tcb:tcbLevels.3.advisoryIDs=[$(seq -s, -f '"INTEL-SA-%05g"' 257)]"
malformed "QE identity level advisoryIDs with an object" 'tcbLevels[0].advisoryIDs[0]: {} is not a string' \
	'qe:tcbLevels.0.advisoryIDs=[{}]'
malformed "unknown tcbStatus of a TCB level" 'tcbLevels[4].tcbStatus: "UpToDateish" is not a status a TCB level can have' \
	'tcb:tcbLevels.4.tcbStatus="UpToDateish"'
malformed "a relaunch verdict as a TCB level status" 'tcbLevels[3].tcbStatus: "TDRelaunchAdvised" is not a status' \
	'tcb:tcbLevels.3.tcbStatus="TDRelaunchAdvised"'
malformed "unknown tcbStatus of a QE identity level" 'tcbLevels[0].tcbStatus: "upToDate" is not a status a QE or TDX module identity level can have' \
	'qe:tcbLevels.0.tcbStatus="upToDate"'
malformed "TDX module level tcbStatus missing" 'tdxModuleIdentities[0].tcbLevels[0].tcbStatus: null is not a status' \
	'tcb:tdxModuleIdentities.0.tcbLevels.0.tcbStatus=null'
malformed "TCB info issueDate on February 30" 'TCB info: issueDate: "2024-02-30T00:00:00Z" is not an RFC 3339 date-time' \
	'tcb:issueDate="2024-02-30T00:00:00Z"'
malformed "QE identity nextUpdate without a zone" 'QE identity: nextUpdate: "2030-01-01T00:00:00" is not' \
	'qe:nextUpdate="2030-01-01T00:00:00"'
# A tcbDate is a time: reported in UTC, whatever offset the collateral wrote.
gen --tcb-date 2024-03-13T01:30:00+01:30
expect 0 "tcbDate with an offset is a date" verify
grep -q "tcb date *2024-03-13T00:00:00Z$" "$W/out"
ok $? "  ... reported in UTC: $(grep "tcb date" "$W/out")"
# Fractional seconds are RFC 3339 too (QVL takes only ...:ssZ, tdxg.1 says so).
gen --tcb-date 2024-03-13T00:00:00.5Z
expect 0 "tcbDate with fractional seconds is a date" verify
grep -q "tcb date *2024-03-13T00:00:00Z$" "$W/out"
ok $? "  ... reported to the second: $(grep "tcb date" "$W/out")"
gen --status OutOfDate --advisories 120 --advisory INTEL-SA-00001-A-LONGER-ADVISORY-IDENTIFIER
expect 0 "121 advisory IDs, one of 43 characters, with --accept OutOfDate" verify --accept OutOfDate --json
n_adv=$(python3 -c "import json; d=json.load(open('$W/out')); print(len(d['advisory_ids']), d['advisory_ids'][0])")
[ "$n_adv" = "121 INTEL-SA-00001-A-LONGER-ADVISORY-IDENTIFIER" ]
ok $? "  ... all 121 reported, the long one whole ($n_adv)"

# TD relaunch (TD 1.5, as QVL): platform and module OutOfDate while the SGX
# side is current, and TEE_TCB_SVN2 reaches the latest module level (7).
Q=$W/q5r.dat
gen --status OutOfDate --module-status OutOfDate
expect 7 "TD 1.5, module updated to the latest since launch: TDRelaunchAdvised" verify --accept OutOfDate --json
field tcb_status '"TDRelaunchAdvised"'
field tdx_module_status '"OutOfDate"'
expect 0 "  ... accepted by --accept TDRelaunchAdvised" verify --accept TDRelaunchAdvised
gen --status OutOfDateConfigurationNeeded --module-status OutOfDate
expect 0 "  ... platform OutOfDateConfigurationNeeded: TDRelaunchAdvisedConfigurationNeeded" verify --accept TDRelaunchAdvisedConfigurationNeeded --json
field tcb_status '"TDRelaunchAdvisedConfigurationNeeded"'
gen --status OutOfDate --module-status OutOfDate --qe-status OutOfDate
expect 0 "  ... not with the QE OutOfDate" verify --accept OutOfDate --json
field tcb_status '"OutOfDate"'
Q=$W/q5rold.dat
gen --status OutOfDate --module-status OutOfDate
expect 0 "TD 1.5 whose TEE_TCB_SVN2 module SVN 6 is below the latest 7: OutOfDate" verify --accept OutOfDate --json
field tcb_status '"OutOfDate"'
Q=$W/q4r.dat
gen --status OutOfDate --module-status OutOfDate
expect 0 "TD 1.0 body (no TEE_TCB_SVN2): OutOfDate" verify --accept OutOfDate --json
field tcb_status '"OutOfDate"'
"$TDXG" verify "$Q" --accept OutOfDate,TDRelaunch >/dev/null 2>"$W/err"
[ $? -eq 2 ] && grep -q "TDRelaunchAdvisedConfigurationNeeded" "$W/err"
ok $? "--accept with an unknown name: usage error listing the relaunch statuses"
Q=$W/q4.dat

# tcbEvaluationDataNumber: the lower of the TCB info's and QE identity's.
gen --tcb-eval 18 --qe-eval 17
expect 0 "tcbEvaluationDataNumber reported" verify --json
field tcb_evaluation_data_number 17
expect 0 "--min-tcb-eval 17 accepts 17" verify --min-tcb-eval 17
grep -q "tcb evaluation *17$" "$W/out"
ok $? "  ... text output shows it"
expect 7 "--min-tcb-eval 18 refuses the QE identity's 17" verify --min-tcb-eval 18 --json
field failed_check '"min_tcb_eval"'
"$TDXG" verify "$Q" --min-tcb-eval x17 >/dev/null 2>&1
ok $([ $? -eq 2 ]; echo $?) "--min-tcb-eval x17 is a usage error"

# Freshness at --at.
for w in tcb:tcb_info_freshness qe:qe_identity_freshness root-crl:crl_freshness pck-crl:crl_freshness; do
	gen --stale "${w%%:*}"
	expect 6 "${w%%:*} nextUpdate a minute before --at" verify --accept $ALL --json
	field failed_check "\"${w#*:}\""
	grep -q '"detail": ".* expired' "$W/out"
	ok $? "  ... as expired"
done
gen --stale tcb --stale qe --stale root-crl --stale pck-crl
AT0=$AT AT=$((AT - 3600))
expect 0 "the same stale collateral verified an hour earlier is fresh" verify
AT=$AT0
expect 0 "--allow-expired-collateral: all four stale, passes with the flag (as QvE)" verify --allow-expired-collateral --json
field collateral_expired true
grep -q '"tcb_status": "UpToDate"' "$W/out"
ok $? "  ... and still evaluates the TCB status"
gen
expect 0 "fresh collateral" verify --json
field collateral_expired false
AT=$((AT0 - 7200))
expect 6 "--allow-expired-collateral does not allow collateral issued after --at" verify --allow-expired-collateral --json
field failed_check '"tcb_info_freshness"'
AT=$AT0

# Other quote shapes.
Q=$W/q5.dat
gen --status SWHardeningNeeded --advisory INTEL-SA-00615
expect 0 "v5 quote (TD 1.5 body) with its collateral, --accept SWHardeningNeeded" verify --accept SWHardeningNeeded --json
field version 5
field body_type 3
field tcb_status '"SWHardeningNeeded"'
Q=$W/q4m0.dat
gen --module-identity none
expect 0 "TDX module version 0: tdxModule only, TDX components compared from index 0" verify --json
field tdx_module_status 'null'
field tcb_status '"UpToDate"'

finish
