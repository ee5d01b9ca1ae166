#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/vm/run.sh --extra: a foreign static binary (busybox's "true"
# and "false" built as their own programs) runs in the guest and its exit
# status is what the harness reports.
set -uo pipefail
. "$(dirname "$0")/../../tests/lib.sh"
cd "$TOP" || exit 1
scratch
d=$W
printf 'int main(void){return 0;}\n' | cc -static -x c -o "$d/pass" -
printf 'int main(void){return 3;}\n' | cc -static -x c -o "$d/fail3" -
out=$(selftests/vm/run.sh --kernel 6.1 --extra "$d" --only '60-extra-*')
echo "$out" | sed 's/^/# /'
plan 3
grep -q "^ok .*60-extra-pass (exit 0)" <<<"$out"
ok $? "extra binary that exits 0 is reported as passing"
grep -q "^not ok .*60-extra-fail3 (exit 3)" <<<"$out"
ok $? "extra binary that exits 3 is reported as failing with its status"
grep -q "^ok .*guest booted, ran every test" <<<"$out"
ok $? "guest finished"
finish
