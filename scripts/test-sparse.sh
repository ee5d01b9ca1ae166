#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse suite (TAP): make C=2 over every module source, as DKMS builds
# it, for each test kernel. A warning or error in one of our files fails; warnings from the
# kernel's own headers are not ours. A canary with an address-space bug
# proves sparse runs.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/kernels.sh
TOP=$PWD

# sparse over a copy of kmod/ (KVER DIR [extra C file]); prints the
# diagnostics about files in DIR and how many files were checked.
run_sparse() {
	local kv=$1 dir=$2 out checked
	rm -rf "$dir" && mkdir -p "$dir" && cp -r kmod/. VERSION "$dir/" || return 2
	[ -z "${3:-}" ] || cat "$3" >>"$dir/main.c"
	out=$(make -C "/lib/modules/$kv/build" M="$dir" C=2 modules 2>&1)
	local rc=$?
	checked=$(grep -cE '^  CHECK ' <<<"$out")
	echo "checked $checked files"
	grep -E "^$dir/[^:]+:[0-9]+:[0-9]+: (warning|error):" <<<"$out"
	[ $rc -eq 0 ] && [ "$checked" -gt 0 ] || { tail -20 <<<"$out"; return 2; }
}

n=0
t() { # desc kver
	local out rc
	n=$((n + 1))
	out=$(run_sparse "$2" "$TOP/build/sparse-$2")
	rc=$?
	if [ $rc -eq 0 ] && ! grep -qE ': (warning|error):' <<<"$out"; then
		echo "ok $n - $1 ($(head -1 <<<"$out"))"
	else
		echo "not ok $n - $1"
		sed 's/^/# /' <<<"$out" | head -40
	fi
}

command -v sparse >/dev/null || { echo "1..1"; echo "not ok 1 - sparse is not installed"; exit 1; }
echo "1..$((${#KERNELS[@]} + 1))"
for k in "${KERNELS[@]}"; do
	kv=$(kver_of "$k")
	t "sparse C=2, $k ($kv): no warnings in our files" "$kv"
done

n=$((n + 1))
canary=$(mktemp --suffix=.c)
trap 'rm -f "$canary"' EXIT
printf '%s\n' '' 'int tdxg_sparse_canary(void __user *p);' \
	'int tdxg_sparse_canary(void __user *p)' '{' '	return *(int *)p;' '}' >"$canary"
kv=$(kver_of "${KERNELS[-1]}")
out=$(run_sparse "$kv" "$TOP/build/sparse-canary" "$canary")
if grep -qE 'main.c:[0-9]+:[0-9]+: warning: .*address space' <<<"$out"; then
	echo "ok $n - sparse reports an address-space bug in a canary"
else
	echo "not ok $n - sparse missed an address-space bug in a canary"
	sed 's/^/# /' <<<"$out" | head -20
fi
