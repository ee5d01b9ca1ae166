#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse suite (TAP): make C=2 over every module source, as DKMS builds
# it, for each test kernel. A warning or error in one of our files fails; warnings from the
# kernel's own headers are not ours. A canary with an address-space bug
# proves sparse runs.
set -uo pipefail
. "$(dirname "$0")/../tests/lib.sh"
cd "$TOP" || exit 1
. scripts/kernels.sh

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

t() { # desc kver
	local out rc
	out=$(run_sparse "$2" "$TOP/build/sparse-$2")
	rc=$?
	if [ $rc -eq 0 ] && ! grep -qE ': (warning|error):' <<<"$out"; then
		ok 0 "$1 ($(head -1 <<<"$out"))"
	else
		ok 1 "$1"
		sed 's/^/# /' <<<"$out" | head -40
	fi
}

command -v sparse >/dev/null || bail "sparse is not installed"
plan $((${#KERNELS[@]} + 1))
for k in "${KERNELS[@]}"; do
	kv=$(kver_of "$k")
	t "sparse C=2, $k ($kv): no warnings in our files" "$kv"
done

canary=$(mktemp --suffix=.c)
trap 'rm -f "$canary"' EXIT
printf '%s\n' '' 'int tdxg_sparse_canary(void __user *p);' \
	'int tdxg_sparse_canary(void __user *p)' '{' '	return *(int *)p;' '}' >"$canary"
kv=$(kver_of "${KERNELS[-1]}")
out=$(run_sparse "$kv" "$TOP/build/sparse-canary" "$canary")
grep -qE 'main.c:[0-9]+:[0-9]+: warning: .*address space' <<<"$out"
ok $? "sparse reports an address-space bug in a canary"
grep -qE 'main.c:[0-9]+:[0-9]+: warning: .*address space' <<<"$out" || sed 's/^/# /' <<<"$out" | head -20
finish
