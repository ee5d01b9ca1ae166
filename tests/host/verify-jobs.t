#!/bin/bash
# SPDX-License-Identifier: MIT
# One verifier for a batch (issue 24, item 4): libtdxg's verifier holds a
# collateral store shared by every --jobs thread, so 20 quotes of one
# platform cost at most 10% more instructions (callgrind, all threads) at
# --jobs 4 than at --jobs 1, with --collateral and with --pccs; each quote
# is parsed and verified once, each collateral set parsed once, and the
# PCCS stand-in sees each collateral URL once per batch.
set -u
# callgrind counts tdxg itself, not the --json hook (tests/lib.sh).
unset TDXG_JSON_SAMPLES
. "$(dirname "$0")/pccs-lib.sh"
command -v valgrind >/dev/null || { skip "instruction counts" "valgrind not installed"; finish; exit; }
N=20
for i in $(seq 1 $N); do cp "$Q" "$W/q$i.dat"; done
ls "$W"/q*.dat >"$W/list"

# calls OUTFILE NAME...: how often each function was called (callgrind's calls= lines).
calls() {
	python3 - "$@" <<'PY'
import collections, re, sys
names, counts, cfn = {}, collections.Counter(), None
def name(s):
    m = re.match(r'\((\d+)\)\s*(.*)', s)
    if not m:
        return s
    if m.group(2):
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), m.group(1))
for line in open(sys.argv[1], errors='replace'):
    k = line.split('=', 1)[0]
    if k in ('fn', 'cfn'):
        n = name(line.split('=', 1)[1].strip())
        if k == 'cfn':
            cfn = n
    elif k == 'calls' and cfn:
        counts[cfn] += int(line[6:].split()[0])
        cfn = None
print(' '.join('%s=%d' % (n, counts[n]) for n in sys.argv[2:]))
PY
}
# measure TAG ARGS...: sets INSNS and CALLS for tdxg verify --from list ARGS under callgrind.
measure() {
	local tag=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$W/cg.$tag" "$TDXG" verify --from "$W/list" \
		--at "$AT" --json "$@" >"$W/out.$tag" 2>"$W/err.$tag"
	RC=$?
	INSNS=$(sed -n 's/.*refs: *//p' "$W/err.$tag" | tr -d ,)
	CALLS=$(calls "$W/cg.$tag" tdxg_quote_parse tdxg_quote_verify tdxg_collateral_add)
}
# ratio A B: 0 when A <= 1.10 * B.
within() { [ -n "$1" ] && [ -n "$2" ] && [ $(($1 * 100)) -le $(($2 * 110)) ]; }

for src in collateral pccs; do
	if [ $src = collateral ]; then
		args=(--collateral "$BUNDLE")
	else
		args=(--pccs "$URL" --pccs-ca "$CA" --no-cache)
	fi
	r0=$(reqs)
	measure $src-1 "${args[@]}" --jobs 1
	rc1=$RC i1=$INSNS c1=$CALLS
	ok $([ $rc1 -eq 0 ] && [ "$(grep -c '"tcb_status": "UpToDate"' "$W/out.$src-1")" -eq $N ]; echo $?) \
		"--$src --jobs 1: $N quotes verified UpToDate (exit $rc1)"
	r1=$(reqs)
	measure $src-4 "${args[@]}" --jobs 4
	rc4=$RC i4=$INSNS c4=$CALLS
	ok $([ $rc4 -eq 0 ] && [ "$(grep -c '"tcb_status": "UpToDate"' "$W/out.$src-4")" -eq $N ]; echo $?) \
		"--$src --jobs 4: $N quotes verified UpToDate (exit $rc4)"
	within "$i4" "$i1"
	ok $? "--$src: ${i4:-?} instructions at --jobs 4, ${i1:-?} at --jobs 1 (at most 110%)"
	for c in "$c1" "$c4"; do
		[ "$c" = "tdxg_quote_parse=$N tdxg_quote_verify=$N tdxg_collateral_add=1" ]
		ok $? "--$src: each quote parsed and verified once, the collateral parsed once ($c)"
	done
	if [ $src = pccs ]; then
		r2=$(reqs)
		ok $([ $((r1 - r0)) -eq 4 ] && [ $((r2 - r1)) -eq 4 ]; echo $?) \
			"--pccs: 4 requests per batch ($((r1 - r0)) and $((r2 - r1)))"
		sort "$SRV/requests" | uniq -c | awk '$1 != 2 { bad = 1 } END { exit bad }'
		ok $? "--pccs: each collateral URL fetched once per batch (two batches: twice each)"
	fi
done
finish
