#!/bin/bash
# SPDX-License-Identifier: MIT
# The verify host tests again against the ASan+UBSan build of user/ in
# build/user-san (tests/lib.sh need_user san; user/tdxg is left alone).
# Any sanitizer report or failed sub-test fails the corresponding line.
set -u
. "$(dirname "$0")/../lib.sh"
LOGS=$TOP/build/verify-san
rm -rf "$LOGS"
mkdir -p "$LOGS"

need_user san
ok $? "ASan+UBSan build of user/ in build/user-san"
[ -x "$USER_DIR/tdxg" ] || { finish; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in verify-basic verify-show verify-attested verify-mutate verify-tcb verify-policy verify-seal verify-batch pccs-fetch pccs-cache pccs-processor lib-api; do
	log=$LOGS/$t.log
	TDXG_VARIANT=san TDXG_MUTATE_STRIDE=1 "$TOP/tests/host/$t.t" >"$log" 2>&1
	rc=$?
	bad=$(grep -c '^not ok' "$log")
	san=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log")
	[ $rc -eq 0 ] && [ "$bad" -eq 0 ] && [ "$san" -eq 0 ] && grep -qE '^1\.\.[0-9]+' "$log"
	ok $? "$t under ASan+UBSan: $(grep -c '^ok' "$log") passed, $bad failed, $san sanitizer reports (exit $rc)"
	[ "$san" -eq 0 ] || grep -E -A12 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" | head -40 | sed 's/^/# /'
	[ "$bad" -eq 0 ] || grep '^not ok' "$log" | head | sed 's/^/# /'
done
finish
