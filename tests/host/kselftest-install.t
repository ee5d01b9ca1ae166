#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tdxg kselftests as a CI lab installs them:
#  - make -C selftests/tdxg install INSTALL_PATH=DIR gives the kernel's
#    layout: run_kselftest.sh, kselftest/runner.sh, kselftest-list.txt
#    naming tdxg:NN-... for every selftests/tdxg/NN-*.c, the binaries,
#    settings with a timeout, config;
#  - the same directory dropped into a kernel tree's tools/testing/
#    selftests builds and installs with the kernel's own Makefile and
#    TARGETS=tdxg;
#  - run here (no TDX, no /dev/tdxg) every test reports a kselftest SKIP
#    (exit 4) with its reason and none fails; the destructive ones skip
#    because they were not asked for, before anything else, and with
#    TDXG_SELFTEST_DESTRUCTIVE=1 they get as far as the missing device.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
scratch
I=$W/inst

# The tests the source tree has, and the destructive ones among them.
want=$(cd "$TOP/selftests/tdxg" && ls [0-9][0-9]-*.c | sed 's/\.c$//; s/^/tdxg:/')
destructive=$(cd "$TOP/selftests/tdxg" && grep -l '^#define TDXG_DESTRUCTIVE ' [0-9][0-9]-*.c | sed 's/\.c$//')
# With those, the programs that have a destructive case of their own.
some_destructive=$(cd "$TOP/selftests/tdxg" && grep -l -e '^#define TDXG_DESTRUCTIVE ' -e 'destructive_allowed()' [0-9][0-9]-*.c | sed 's/\.c$//')
ntests=$(wc -l <<<"$want")

# The admin guide's section for CI labs names every test, and says which
# are destructive (as a whole, or with a destructive_allowed() case).
section=$(sed -n '/^Running the kselftests on a TD/,/^Testing without TDX hardware/p' "$TOP/Documentation/admin-guide.rst")
dsection=$(sed -n '/^Destructive programs/,$p' <<<"$section")
bad=0
for t in $want; do
	t=${t#tdxg:}
	grep -qF "\`\`$t\`\`" <<<"$section" || { echo "#   not in the admin guide: $t"; bad=1; }
	if grep -qx "$t" <<<"$some_destructive"; then
		grep -qF "\`\`$t\`\`" <<<"$dsection" || { echo "#   not listed as destructive: $t"; bad=1; }
	elif grep -qF "\`\`$t\`\`" <<<"$dsection"; then
		echo "#   listed as destructive but runs by default: $t"; bad=1
	fi
done
ok $bad "admin-guide.rst lists every kselftest, the destructive ones as such"

# build/kselftest is shared with the guest runs make check starts beside
# this suite (selftests/vm/run.sh takes the same lock).
mkdir -p "$TOP/build"
flock "$TOP/build/.kselftest.lock" make -C "$TOP/selftests/tdxg" install INSTALL_PATH="$I" >"$W/install.log" 2>&1
rc=$?
ok $rc "make -C selftests/tdxg install INSTALL_PATH=DIR"
[ $rc -eq 0 ] || diag "$W/install.log"

for f in run_kselftest.sh kselftest/runner.sh kselftest-list.txt tdxg/settings tdxg/config; do
	[ -s "$I/$f" ]
	ok $? "installed $f"
done
grep -Eq '^timeout=[1-9][0-9]*$' "$I/tdxg/settings" 2>/dev/null
ok $? "settings gives a timeout"
[ "$(cat "$I/kselftest-list.txt" 2>/dev/null)" = "$want" ]
ok $? "kselftest-list.txt lists the $ntests tdxg tests in order"
[ "$ntests" -ge 9 ] && [ -n "$destructive" ]
ok $? "there are tests and destructive ones to check ($ntests, $(wc -w <<<"$destructive") destructive)"
bad=0
for t in $want; do [ -x "$I/tdxg/${t#tdxg:}" ] || { echo "#   missing $t"; bad=1; }; done
ok $bad "every listed test is an installed executable"
(cd "$I" && ./run_kselftest.sh --list) >"$W/list" 2>&1
[ "$(cat "$W/list")" = "$want" ]
ok $? "run_kselftest.sh --list lists the tdxg tests"

# Dropped into a kernel tree: the extracted selftests machinery from
# linux-source plays the tree, the uapi header comes along in include/.
K=$W/linux
mkdir -p "$K/tools/testing"
cp -r "$TOP/build/ksft/tools/testing/selftests" "$K/tools/testing/" &&
	cp -r "$TOP/build/ksft/scripts" "$K/" &&
	rm -f "$K/tools/testing/selftests/tdxg" &&
	cp -r "$TOP/selftests/tdxg" "$K/tools/testing/selftests/tdxg" &&
	mkdir -p "$K/tools/testing/selftests/tdxg/include/linux" &&
	cp "$TOP/kmod/uapi/linux/tdxg.h" "$K/tools/testing/selftests/tdxg/include/linux/" &&
	make -C "$K/tools/testing/selftests" TARGETS=tdxg install INSTALL_PATH="$W/intree" \
		>"$W/intree.log" 2>&1 &&
	[ "$(cat "$W/intree/kselftest-list.txt")" = "$want" ] &&
	[ -x "$W/intree/tdxg/10-tdxg_test" ] && [ -f "$W/intree/tdxg/settings" ]
rc=$?
ok $rc "in a kernel tree: make -C tools/testing/selftests TARGETS=tdxg install"
[ $rc -eq 0 ] || diag "$W/intree.log"

# Run here. A machine with tdxg's device is not what this suite checks.
if [ -e /dev/tdxg ]; then
	echo "# SKIP the run checks: this machine has /dev/tdxg"
	finish
	exit
fi
# Through a pipe: the runner appends the tests' output to /dev/stdout,
# which for a plain file would write over its own lines.
(cd "$I" && env -u TDXG_SELFTEST_DESTRUCTIVE ./run_kselftest.sh) 2>&1 | cat >"$W/run"
rc=${PIPESTATUS[0]}
ok $rc "run_kselftest.sh exits 0"
[ "$(grep -c '^ok [0-9]* selftests: tdxg: .* # SKIP$' "$W/run")" -eq "$ntests" ] &&
	! grep -q '^not ok' "$W/run"
rc=$?
ok $rc "every one of the $ntests tests reports SKIP, none fails"
[ $rc -eq 0 ] || grep '^\(not \)\?ok' "$W/run" | diag
# The reason of each: the runner prefixes the test's output with "# ".
bad=0
for t in $want; do
	t=${t#tdxg:}
	reason=$(awk -v t="$t" '$0 == "# selftests: tdxg: " t {s = 1; next} s && /^# 1\.\.0 # SKIP / {print; exit}' "$W/run")
	if grep -qx "$t" <<<"$destructive"; then
		grep -q 'destructive, .*: set TDXG_SELFTEST_DESTRUCTIVE=1 to run it' <<<"$reason"
	else
		grep -q 'no /dev/tdxg' <<<"$reason"
	fi || { echo "#   $t: '${reason:-no 1..0 # SKIP line}'"; bad=1; }
done
ok $bad "each skips whole with its reason (destructive ones: not asked for; others: no /dev/tdxg)"

# Asked for, the destructive ones get as far as the missing device.
bad=0
for t in $destructive; do
	out=$(cd "$I/tdxg" && TDXG_SELFTEST_DESTRUCTIVE=1 "./$t" 2>&1)
	rc=$?
	[ $rc -eq 4 ] && grep -q '^1\.\.0 # SKIP no /dev/tdxg' <<<"$out" ||
		{ echo "#   $t: exit $rc: $(tail -1 <<<"$out")"; bad=1; }
	out=$(cd "$I/tdxg" && TDXG_SELFTEST_DESTRUCTIVE=yes "./$t" 2>&1)
	grep -q 'SKIP destructive' <<<"$out" || { echo "#   $t ran with TDXG_SELFTEST_DESTRUCTIVE=yes"; bad=1; }
done
ok $bad "TDXG_SELFTEST_DESTRUCTIVE=1 (exactly) lets destructive tests past their gate"

finish
