#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /tests/NN-name in the guest: runs kselftest tdxg:NN-name from the tree
# `make -C selftests/tdxg install` gave (/kselftests) through the kernel's
# run_kselftest.sh, as a lab does. First in the default, safe mode: a
# destructive program must skip whole, saying so, and then runs again with
# TDXG_SELFTEST_DESTRUCTIVE=1. Prints the program's TAP (the runner's
# "# " prefix taken off) for tap-collect.sh.
t=${0##*/}
cd /kselftests || exit 1
safe=$(env -u TDXG_SELFTEST_DESTRUCTIVE ./run_kselftest.sh -t "tdxg:$t" 2>&1)
if grep -q '^# 1\.\.0 # SKIP destructive' <<<"$safe"; then
	grep -q "^ok 1 selftests: tdxg: $t # SKIP\$" <<<"$safe" &&
		echo "ok 1 - run_kselftest.sh without TDXG_SELFTEST_DESTRUCTIVE: skipped as destructive" ||
		{ echo "not ok 1 - run_kselftest.sh without TDXG_SELFTEST_DESTRUCTIVE"; sed 's/^/# /' <<<"$safe"; }
	safe=$(TDXG_SELFTEST_DESTRUCTIVE=1 ./run_kselftest.sh -t "tdxg:$t" 2>&1)
fi
# The program's own TAP, then the runner's verdict on it as a comment.
sed -n 's/^# //p' <<<"$safe"
grep -E "^(not )?ok [0-9]+ selftests: " <<<"$safe" | sed 's/^/# runner: /'
grep -q "^ok [0-9]* selftests: tdxg: $t" <<<"$safe"
