#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg verify shows what was attested, so a relying party needs no second
# `tdxg show`: every TD measurement and attribute of the body, the TCB
# date, and the checks applied. Values are read here from the quote bytes
# (header 48 bytes, v5 body descriptor 6) and the collateral, not from tdxg.
set -u
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/"
scratch
Q=$TD/quotes
BUNDLE=$TD/collateral/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z

# body_fields QUOTE: "name hex" per body field, or "name null" when the
# body has none (TD 1.0: tee_tcb_svn2, mrservicetd).
body_fields() {
	python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
ver = struct.unpack_from('<H', b, 0)[0]
off = 48 + (6 if ver == 5 else 0)
td15 = ver == 5 and struct.unpack_from('<H', b, 48)[0] == 3
layout = [('tee_tcb_svn', 16), ('mrseam', 48), ('mrsignerseam', 48), ('seam_attributes', 8),
          ('td_attributes', 8), ('xfam', 8), ('mrtd', 48), ('mrconfigid', 48), ('mrowner', 48),
          ('mrownerconfig', 48), ('rtmr0', 48), ('rtmr1', 48), ('rtmr2', 48), ('rtmr3', 48),
          ('reportdata', 64), ('tee_tcb_svn2', 16), ('mrservicetd', 48)]
for name, n in layout:
    if name in ('tee_tcb_svn2', 'mrservicetd') and not td15:
        print(name, 'null')
    else:
        print(name, b[off:off + n].hex())
    off += n
PY
}

# check_fields QUOTE LABEL: $W/json (one object) and $W/text against the bytes.
check_fields() {
	local name want bad=0 badt=0 nf=0
	while read -r name want; do
		nf=$((nf + 1))
		python3 -c "import json,sys; d=json.load(open('$W/json')); v=d['$name']; sys.exit(0 if (v is None and '$want' == 'null') or v == '$want' else 1)" ||
			{ echo "# $2: JSON $name is not $want"; bad=1; }
		if [ "$want" = null ]; then
			! grep -q "^  $name " "$W/text" || { echo "# $2: text shows $name"; badt=1; }
		else
			grep -q "^  $name  *$want\$" "$W/text" || { echo "# $2: text has no '$name $want'"; badt=1; }
		fi
	done < <(body_fields "$1")
	ok $bad "$2: JSON has all $nf body fields, each equal to the quote's bytes (null where not in the body)"
	ok $badt "$2: text shows the same values"
}

"$TDXG" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT --json >"$W/json" 2>"$W/err"
ok $? "v4-phala with its collateral verifies (--json)"
"$TDXG" verify "$Q/v4-phala.dat" --collateral "$BUNDLE" --at $AT >"$W/text" 2>"$W/err"
ok $? "  ... and as text"
check_fields "$Q/v4-phala.dat" "v4-phala"
want=$(python3 -c "
import json
t = json.loads(json.load(open('$BUNDLE'))['tcb_info'])
print([l['tcbDate'] for l in t['tcbLevels'] if l['tcbStatus'] == 'UpToDate'][0])")
python3 -c "import json,sys; sys.exit(json.load(open('$W/json'))['tcb_date'] != '$want')"
ok $? "v4-phala: tcb_date is the collateral's UpToDate level's tcbDate ($want)"
grep -q "^  tcb date  *$want\$" "$W/text"; ok $? "  ... and the text says so"
python3 -c "import json,sys; sys.exit(json.load(open('$W/json'))['checks'] != ['pck_chain', 'qe_report_signature', 'qe_report_data', 'quote_signature', 'collateral', 'pck_revocation', 'tcb_status', 'td_debug'])"
ok $? "v4-phala: checks lists the signatures, the collateral and TCB, the debug policy"
grep -q "^  checks  *pck_chain, qe_report_signature, qe_report_data, quote_signature, collateral, pck_revocation, tcb_status, td_debug\$" "$W/text"
ok $? "  ... and the text lists the same"

"$TDXG" verify "$Q/v5-sample.dat" --no-tcb --at 2026-06-01T00:00:00Z --json >"$W/json" 2>"$W/err"
ok $? "v5-sample --no-tcb verifies (--json)"
"$TDXG" verify "$Q/v5-sample.dat" --no-tcb --at 2026-06-01T00:00:00Z >"$W/text" 2>"$W/err"
ok $? "  ... and as text"
check_fields "$Q/v5-sample.dat" "v5-sample (TD 1.5 body)"
python3 -c "
import json,sys
d = json.load(open('$W/json'))
sys.exit(not (d['tcb_date'] is None and d['tcb_status'] is None and d['tcb_evaluation_data_number'] is None
              and d['collateral_expired'] is None and d['collateral_next_update'] is None
              and d['checks'] == ['pck_chain', 'qe_report_signature', 'qe_report_data', 'quote_signature', 'td_debug']))"
ok $? "v5-sample --no-tcb: TCB keys present and null, checks without the TCB ones"

# Policy, replay and seal checks are named as they apply (\":N\" for a register).
CQ=$TD/ccel/cos-113-tdx-quote.dat
MRTD=$(body_fields "$CQ" | awk '$1 == "mrtd" {print $2}')
RD=$(python3 -c "print(open('$TD/ccel/nonce.dat','rb').read().hex())")
"$TDXG" verify "$CQ" --no-tcb --at $AT --json --expect-mrtd "$MRTD" --expect-rtmr "0=$(body_fields "$CQ" | awk '$1 == "rtmr0" {print $2}')" \
	--report-data "$RD" --min-qe-svn 1 --replay "$TD/ccel/ccel_data.dat" >"$W/json" 2>"$W/err"
ok $? "cos-113 with expected values, --min-qe-svn and --replay verifies"
python3 -c "import json,sys; sys.exit(json.load(open('$W/json'))['checks'] != ['pck_chain', 'qe_report_signature', 'qe_report_data', 'quote_signature', 'td_debug', 'expect_mrtd', 'expect_rtmr:0', 'report_data', 'min_qe_svn', 'replay', 'replay_history'])"
ok $? "  ... checks names each policy check and the replay"
"$TDXG" verify "$CQ" --no-tcb --at $AT --json --allow-debug --replay "$TD/ccel/ccel_data.dat" --expect-sealed 2,3 --expect-once 1 >"$W/json" 2>"$W/err"
[ $? -eq 1 ] && python3 -c "
import json,sys
d = json.load(open('$W/json'))
sys.exit(not (d['checks'] == ['pck_chain', 'qe_report_signature', 'qe_report_data', 'quote_signature', 'replay', 'replay_history', 'expect_sealed:2', 'expect_sealed:3', 'expect_once:1'] and d['ok'] is False))"
ok $? "--allow-debug drops td_debug; --expect-sealed/--expect-once are listed per register (failing here: no seals in a CCEL)"

"$TDXG" verify "$TD/quotes/synthetic-tdreport.dat" --no-tcb --at $AT --json >"$W/json" 2>"$W/err"
python3 -c "
import json,sys
d = json.load(open('$W/json'))
sys.exit(not (d['failed_check'] == 'quote_format' and all(d[k] is None for k in ('mrtd', 'rtmr0', 'reportdata', 'mrservicetd', 'tcb_date'))))"
ok $? "a quote that does not parse: every body key present, null"

finish
