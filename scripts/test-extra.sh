#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/vm/run.sh --extra: a foreign static binary (busybox's "true"
# and "false" built as their own programs) runs in the guest and its exit
# status is what the harness reports.
set -uo pipefail
cd "$(dirname "$0")/.."
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
printf 'int main(void){return 0;}\n' | cc -static -x c -o "$d/pass" -
printf 'int main(void){return 3;}\n' | cc -static -x c -o "$d/fail3" -
out=$(selftests/vm/run.sh --kernel 6.1 --extra "$d" --only '60-extra-*')
echo "$out" | sed 's/^/# /'
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
echo 1..3
check "extra binary that exits 0 is reported as passing" 'grep -q "^ok .*60-extra-pass (exit 0)" <<<"$out"'
check "extra binary that exits 3 is reported as failing with its status" 'grep -q "^not ok .*60-extra-fail3 (exit 3)" <<<"$out"'
check "guest finished" 'grep -q "^ok .*guest booted, ran every test" <<<"$out"'
