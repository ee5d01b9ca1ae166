#!/bin/bash
# SPDX-License-Identifier: MIT
# tdxg verify with many quotes: paths and --from lists, --jobs threads,
# --json one line per quote, the batch exit code (0 when all verified, else
# the first failing quote's in the order given), one shared --collateral
# set, and with --pccs one fetch per FMSPC and PCK CA for the whole batch.
set -u
. "$(dirname "$0")/pccs-lib.sh"
plan 18
QD=$TD/quotes
for i in $(seq 1 12); do cp "$Q" "$W/q$i.dat"; done
expect 0 "three good quotes" "$TDXG" verify --no-tcb "$Q" "$QD/v4-spr-e4.dat" "$W/q1.dat" --at "$AT" --json
ok $([ "$(wc -l <"$W/out")" -eq 3 ]; echo $?) "... one JSON line each"
python3 - "$W/out" "$Q" "$QD/v4-spr-e4.dat" "$W/q1.dat" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["quote"] for l in lines] == sys.argv[2:], lines
assert all(l["ok"] and l["exit_code"] == 0 for l in lines)
PY
ok $? "... in order with --jobs 1, each ok"
# v5-sample's PCK leaf is not valid yet in mid-2025: exit 6.
expect 6 "a failing quote among good ones: its exit code" "$TDXG" verify --no-tcb "$Q" "$QD/v5-sample.dat" "$QD/synthetic-tdreport.dat" --at "$AT"
has "3 quotes: 1 verified, 2 failed" "$W/err" "... and a count on stderr"
expect 5 "the first failing quote decides" "$TDXG" verify --no-tcb "$QD/synthetic-tdreport.dat" "$QD/v5-sample.dat" --at "$AT"
printf '# quotes\n%s\n\n%s\n' "$Q" "$QD/v4-spr-e4.dat" >"$W/list"
expect 0 "--from a list (comments, blank lines)" "$TDXG" verify --no-tcb --from "$W/list" "$W/q2.dat" --at "$AT" --json
ok $([ "$(wc -l <"$W/out")" -eq 3 ]; echo $?) "... three results"
ls "$W"/q*.dat >"$W/many"
"$TDXG" verify --from "$W/many" --collateral "$BUNDLE" --at "$AT" --json --jobs 1 | sort >"$W/j1"
expect 0 "12 quotes, one --collateral set, --jobs 4" "$TDXG" verify --from "$W/many" --collateral "$BUNDLE" --at "$AT" --json --jobs 4
sort "$W/out" | cmp -s - "$W/j1"; ok $? "... the same results as --jobs 1"
ok $([ "$(grep -c '"tcb_status": "UpToDate"' "$W/out")" -eq 12 ]; echo $?) "... every TCB evaluated UpToDate"
r0=$(reqs)
expect 0 "12 quotes with --pccs, --jobs 3" "$TDXG" verify --from "$W/many" --pccs "$URL" --pccs-ca "$CA" --no-cache --at "$AT" --json --jobs 3
ok $([ $(($(reqs) - r0)) -eq 4 ]; echo $?) "... collateral fetched once for their FMSPC and CA"
expect 4 "an unreadable quote in a batch" "$TDXG" verify --no-tcb "$Q" "$W/none.dat" --at "$AT" --json
python3 - "$W/out" "$W/none.dat" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 2, lines
bad = lines[1]
assert bad["quote"] == sys.argv[2] and bad["exit_code"] == 4 and bad["failed_check"] == "quote_format", bad
PY
ok $? "... still has its JSON line (quote_format, exit_code 4)"
# Unreadable stdin (odd hex), a TDREPORT and a missing file among good
# quotes: each fails in verify's own per-quote object, not in a generic
# failure object, and the good quote is still verified.
printf 'abc' >"$W/odd.hex"
expect 5 "bad stdin, a TDREPORT and a missing file in a batch" \
	"$TDXG" verify --no-tcb "$Q" - "$QD/synthetic-tdreport.dat" "$W/none.dat" --at "$AT" --json <"$W/odd.hex"
python3 - "$W/out" "$Q" "$QD/synthetic-tdreport.dat" "$W/none.dat" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["quote"] for l in lines] == [sys.argv[2], "-"] + sys.argv[3:], lines
assert lines[0]["ok"] is True and lines[0]["exit_code"] == 0, lines[0]
want = {"quote", "ok", "exit_code", "failed_check", "detail", "at", "tcb_status", "platform_status",
        "qe_status", "tdx_module_status", "advisory_ids"}
for l, code in zip(lines[1:], (5, 5, 4)):
    assert l["ok"] is False and l["exit_code"] == code and l["failed_check"] == "quote_format", l
    assert want <= set(l) and "error" not in l, l
assert "odd number" in lines[1]["detail"], lines[1]
PY
ok $? "... four result objects; each failure verify's own (quote_format, exit 5, 5, 4)"
expect 2 "--jobs 0 is a usage error" "$TDXG" verify --no-tcb "$Q" --jobs 0
finish
