#!/bin/bash
# SPDX-License-Identifier: MIT
# The verify host tests again against an ASan+UBSan build of user/, made
# in build/san/ from a copy of the sources (user/tdxg is left alone).
# Any sanitizer report or failed sub-test fails the corresponding line.
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SAN=$TOP/build/san
n=0 fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

rm -rf "$SAN/user"
mkdir -p "$SAN/user/lib" "$SAN/kmod"
cp "$TOP/VERSION" "$SAN/"
cp -r "$TOP/kmod/uapi" "$SAN/kmod/"
cp "$TOP"/user/Makefile "$TOP"/user/*.c "$TOP"/user/*.h "$TOP"/user/*.map "$SAN/user/"
cp "$TOP"/user/lib/*.c "$TOP"/user/lib/*.h "$SAN/user/lib/" 2>/dev/null
cp -r "$TOP/user/lib/include" "$SAN/user/lib/"
make -s -C "$SAN/user" SAN=1 -j2 >"$SAN/build.log" 2>&1
ok $? "ASan+UBSan build of user/ in build/san"
[ -x "$SAN/user/tdxg" ] || { echo "1..$n"; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in verify-basic verify-show verify-mutate verify-tcb verify-policy verify-seal verify-batch pccs-fetch pccs-cache pccs-processor lib-api; do
	log=$SAN/$t.log
	TDXG=$SAN/user/tdxg TDXG_SAN_DIR=$SAN/user TDXG_MUTATE_STRIDE=1 "$TOP/tests/host/$t.t" >"$log" 2>&1
	rc=$?
	bad=$(grep -c '^not ok' "$log")
	san=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log")
	[ $rc -eq 0 ] && [ "$bad" -eq 0 ] && [ "$san" -eq 0 ] && grep -qE '^1\.\.[0-9]+' "$log"
	ok $? "$t under ASan+UBSan: $(grep -c '^ok' "$log") passed, $bad failed, $san sanitizer reports (exit $rc)"
	[ "$san" -eq 0 ] || grep -E -A12 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" | head -40 | sed 's/^/# /'
	[ "$bad" -eq 0 ] || grep '^not ok' "$log" | head | sed 's/^/# /'
done
echo "1..$n"
[ $fails -eq 0 ]
