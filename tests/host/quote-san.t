#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The quote host tests again, against an ASan+UBSan build of user/ made in
# build/quote-san from a copy of the sources, then quote-faults.t under
# valgrind (memcheck, leak check). Sanitizer and valgrind reports go to
# log files, so one that a sub-test swallowed still fails the line here.
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SAN=$TOP/build/quote-san
n=0 fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

echo "1..5"
rm -rf "$SAN"
mkdir -p "$SAN/user/lib" "$SAN/kmod" "$SAN/reports"
cp "$TOP/VERSION" "$SAN/"
cp -r "$TOP/kmod/uapi" "$SAN/kmod/"
cp "$TOP"/user/Makefile "$TOP"/user/*.c "$TOP"/user/*.h "$SAN/user/"
cp "$TOP"/user/lib/*.c "$TOP"/user/lib/*.h "$SAN/user/lib/" 2>/dev/null
cp -r "$TOP/user/lib/include" "$SAN/user/lib/"
cp "$TOP"/user/*.in "$SAN/user/" 2>/dev/null
make -s -C "$SAN/user" SAN=1 -j2 tdxg >"$SAN/build.log" 2>&1
ok $? "ASan+UBSan build of tdxg in build/quote-san"
[ -x "$SAN/user/tdxg" ] || { sed 's/^/# /' "$SAN/build.log" | tail -20; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$SAN/reports/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$SAN/reports/ubsan
for t in quote-qgs quote-faults; do
	log=$SAN/$t.log
	TDXG=$SAN/user/tdxg "$TOP/tests/host/$t.t" >"$log" 2>&1
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
	ok 0 "quote-faults under valgrind # SKIP valgrind not installed"
	ok 0 "valgrind: no leaks # SKIP valgrind not installed"
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
[ $fails -eq 0 ]
