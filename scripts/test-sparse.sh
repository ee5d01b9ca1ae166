#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse suite (TAP): make C=2 over every module source, as DKMS builds
# it, for each test kernel: the host's, and the generic 7.x ones with the
# build root's sparse (scripts/build-root.sh). A warning or error in one
# of our files fails; warnings from the kernel's own headers are not ours.
# A canary with an address-space bug proves sparse runs.
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
	# Debian's 7.x linux-headers-*-common lack scripts/checker-valid.sh, so
	# kbuild's test of the checker fails there and turns C=2 off with a
	# warning: KBUILD_CHECKSRC on the command line keeps it on (the canary
	# below proves sparse ran). The build root's sparse is sid's
	# (scripts/build-root.sh).
	local check=sparse
	is_root_kernel "$series" && check=$(scripts/build-root.sh --sparse)
	out=$(kbuild_in "$series" make -C "/lib/modules/$kv/build" M="$dir" C=2 KBUILD_CHECKSRC=2 \
		CHECK="$check" modules 2>&1)
	local rc=$?
	checked=$(grep -cE '^  CHECK ' <<<"$out")
	echo "checked $checked files"
	# Our files: under DIR, or relative to it as 7.x's kbuild prints them
	# (the kernel's own headers are absolute paths).
	grep -E "^($dir/)?[^/:][^:]*:[0-9]+:[0-9]+: (warning|error):" <<<"$out"
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
# The generic flavours of the build root's kernels; rt and cloud share
# their headers' checks.
mapfile -t rk < <(generic_only "${ROOT_KERNELS[@]}")
# The host's sparse and the root's each prove they run on a canary.
canaries=("${KERNELS[-1]}")
((${#rk[@]})) && canaries+=("${rk[-1]}")
plan $((${#KERNELS[@]} + ${#rk[@]} + ${#canaries[@]}))
root_ready() { # series: a host kernel, or a root one in a made root
	! is_root_kernel "$1" || scripts/build-root.sh --cached
}
for series in "${KERNELS[@]}" "${rk[@]}"; do
	if ! root_ready "$series"; then
		skip "sparse C=2, $series" "no build root (scripts/build-root.sh)"
		continue
	fi
	kv=$(kver_of "$series")
	t "sparse C=2, $series ($kv): no warnings in our files" "$kv"
done

canary=$(mktemp --suffix=.c)
trap 'rm -f "$canary"' EXIT
printf '%s\n' '' 'int tdxg_sparse_canary(void __user *p);' \
	'int tdxg_sparse_canary(void __user *p)' '{' '	return *(int *)p;' '}' >"$canary"
for series in "${canaries[@]}"; do
	if ! root_ready "$series"; then
		skip "sparse on a canary, $series" "no build root (scripts/build-root.sh)"
		continue
	fi
	kv=$(kver_of "$series")
	out=$(run_sparse "$kv" "$TOP/build/sparse-canary-$series" "$canary")
	grep -qE 'main.c:[0-9]+:[0-9]+: warning: .*address space' <<<"$out"
	ok $? "sparse reports an address-space bug in a canary ($series)"
	grep -qE 'main.c:[0-9]+:[0-9]+: warning: .*address space' <<<"$out" || sed 's/^/# /' <<<"$out" | head -20
done
finish
