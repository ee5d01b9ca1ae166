#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The quote host tests again, against the ASan+UBSan build of user/ in
# build/user-san (tests/lib.sh need_user san), then quote-faults.t under
# valgrind (memcheck, leak check). Sanitizer and valgrind reports go to
# log files in build/quote-san, so one that a sub-test swallowed still
# fails the line here.
set -u
. "$(dirname "$0")/../lib.sh"
SAN=$TOP/build/quote-san

plan 5
rm -rf "$SAN"
mkdir -p "$SAN/reports"
need_user san
ok $? "ASan+UBSan build of tdxg in build/user-san"
[ -x "$USER_DIR/tdxg" ] || exit 1

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$SAN/reports/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$SAN/reports/ubsan
for t in quote-qgs quote-faults; do
	log=$SAN/$t.log
	TDXG_VARIANT=san "$TOP/tests/host/$t.t" >"$log" 2>&1
	rc=$?
	bad=$(grep -c '^not ok' "$log")
	reps=$(find "$SAN/reports" -type f -name 'asan.*' -o -type f -name 'ubsan.*' | wc -l)
	[ $rc -eq 0 ] && [ "$bad" -eq 0 ] && [ "$reps" -eq 0 ] && grep -qE '^1\.\.[0-9]+' "$log"
	ok $? "$t under ASan+UBSan: $(grep -c '^ok' "$log") passed, $bad failed, $reps sanitizer reports (exit $rc)"
	[ "$bad" -eq 0 ] || grep '^not ok' "$log" | head | sed 's/^/# /'
	[ "$reps" -eq 0 ] || cat "$SAN"/reports/* | head -30 | sed 's/^/# /'
done
unset ASAN_OPTIONS UBSAN_OPTIONS

if ! command -v valgrind >/dev/null; then
	skip "quote-faults under valgrind" "valgrind not installed"
	skip "valgrind: no leaks" "valgrind not installed"
	exit 0
fi
mkdir -p "$SAN/vg"
log=$SAN/quote-faults-valgrind.log
TDXG_SLACK_MS=4000 TDXG_MUTATE_RUNS=20 TDXG_WRAP="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file=$SAN/vg/%p.log" \
	"$TOP/tests/host/quote-faults.t" >"$log" 2>&1
rc=$?
bad=$(grep -c '^not ok' "$log")
ok $(( rc != 0 || bad != 0 )) "quote-faults under valgrind: $(grep -c '^ok' "$log") passed, $bad failed (exit $rc)"
[ "$bad" -eq 0 ] || grep '^not ok' "$log" | head | sed 's/^/# /'
runs=$(find "$SAN/vg" -name '*.log' | wc -l)
dirty=$(find "$SAN/vg" -name '*.log' -size +0c | wc -l)
[ "$runs" -gt 20 ] && [ "$dirty" -eq 0 ]
ok $? "valgrind: $runs runs of tdxg quote, $dirty with errors or definite/indirect leaks"
[ "$dirty" -eq 0 ] || find "$SAN/vg" -name '*.log' -size +0c -exec cat {} + | head -30 | sed 's/^/# /'
finish
