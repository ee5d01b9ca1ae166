#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/build-root.sh           make (or reuse) the Debian trixie build
#                                 root holding the 7.x test kernels
# scripts/build-root.sh --tap     the same, as a TAP suite (make check)
# scripts/build-root.sh --cached  exit 0 if it is made, else 1
# scripts/build-root.sh --path    print its directory (exit 1 if not made)
# scripts/build-root.sh --sparse  print its sparse, a path inside it
# scripts/build-root.sh --run CMD...   run CMD inside it, with the tree
#                                 ($TDXG_TOP) at the same path
#
# Debian's Linux 7.x packages (trixie-backports) ship kbuild tools built
# against glibc 2.38 or newer, which Debian 12 does not have. They are
# never installed on the host: debootstrap makes a minimal trixie root
# from the Debian archive, and the root's own apt installs the kernel
# images and headers below into it, with dkms and sparse. Modules for
# those kernels build in it with the command DKMS runs (scripts/build-all.sh)
# and with dkms itself (tests/system/dkms.sh); the guest boots its
# /boot/vmlinuz-KVER with its /lib/modules/KVER (selftests/vm/run.sh).
# scripts/kernels.sh ROOT_KERNELS are the series found in it.
#
# The root is cached in $TDXG_ROOT_CACHE (/var/cache/tdxg/roots) under
# trixie-KEY, KEY hashing the recipe, the mirror and the package list: a
# warm machine reuses it in a second; a new KEY makes a new root and
# removes the old ones. Exit: 0 made or up to date, 1 failed, 2 usage.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)

# Bump when the steps below change what the root holds.
RECIPE=3
SUITE=trixie
MIRROR=${TDXG_ROOT_MIRROR:-http://deb.debian.org/debian}
# Exact ABI names: a new Debian point release changes the key on purpose.
KPKGS=(
	linux-image-7.2.12+deb13-amd64 linux-headers-7.2.12+deb13-amd64
	linux-image-7.2.12+deb13-rt-amd64 linux-headers-7.2.12+deb13-rt-amd64
	linux-image-7.3.4+deb13-amd64 linux-headers-7.3.4+deb13-amd64
	linux-image-7.3.4+deb13-rt-amd64 linux-headers-7.3.4+deb13-rt-amd64
)
# What a module build needs beyond the headers' own dependencies.
BASE=make,gcc,libc6-dev,kmod,ca-certificates
# Debian's own dkms (tests/system/dkms.sh builds and installs tdxg with it
# for the root's kernels).
TOOLS=(dkms)
# sparse for scripts/test-sparse.sh: trixie's 0.6.4 cannot parse
# __typeof_unqual__, which the 7.3 headers use (kbuild's checker test
# exists for that), so sid's is unpacked into $SPARSE_DIR (its sparse
# needs only libc); sid stays out of the root's own apt sources.
SPARSE_PKG=sparse
SPARSE_DIR=/opt/sparse-sid

KEY=$({ echo "$RECIPE $SUITE $MIRROR $BASE $SPARSE_PKG $SPARSE_DIR"; printf '%s\n' "${KPKGS[@]}" "${TOOLS[@]}"; } | sha256sum | cut -c1-12)
CACHE=${TDXG_ROOT_CACHE:-/var/cache/tdxg/roots}
D=$CACHE/$SUITE-$KEY
R=$D/root

usage() { echo "usage: $0 [--tap | --cached | --path | --sparse | --run CMD...]" >&2; exit 2; }

# CMD in the root, in a mount namespace of its own so no mount outlives
# it: /proc, /dev and the tree at its own path.
run_in_root() { # cmd...
	local top=${TDXG_TOP:-$TOP} cwd=$PWD
	[ -f "$D/done" ] || { echo "build-root: not made yet: $0" >&2; return 1; }
	case $cwd in "$top" | "$top"/*) ;; *) cwd=/ ;; esac
	mkdir -p "$R$top"
	unshare --mount --propagation private /bin/bash -c '
		set -e
		R=$1 top=$2 cwd=$3; shift 3
		mount -t proc proc "$R/proc"
		mount --rbind /dev "$R/dev"
		mount --bind "$top" "$R$top"
		exec chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
			LANG=C.UTF-8 /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
	' build-root "$R" "$top" "$cwd" "$@"
}

make_root() {
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.$SUITE.lock"
	flock 9
	[ -f "$D/done" ] && return 0
	command -v debootstrap >/dev/null || { echo "build-root: debootstrap is missing (scripts/deps.sh)" >&2; return 1; }
	echo "build-root: making $D (debootstrap $SUITE, then ${KPKGS[*]} ${TOOLS[*]})" >&2
	local start=$SECONDS
	rm -rf "$D"
	mkdir -p "$D"
	debootstrap --variant=minbase --include="$BASE" "$SUITE" "$R" "$MIRROR" >"$D/debootstrap.log" 2>&1 ||
		{ tail -20 "$D/debootstrap.log" >&2; return 1; }
	printf 'deb %s %s main\ndeb %s %s-backports main\n' "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" \
		>"$R/etc/apt/sources.list"
	# No initramfs: the harness boots the kernel with an initramfs of its own.
	touch "$D/done"
	if ! run_in_root env DEBIAN_FRONTEND=noninteractive INITRD=No sh -c \
		'apt-get update -qq && apt-get install -y -qq --no-install-recommends -t "$0" "$@" && apt-get clean' \
		"$SUITE-backports" "${KPKGS[@]}" "${TOOLS[@]}" >"$D/apt.log" 2>&1; then
		rm -f "$D/done"
		tail -20 "$D/apt.log" >&2
		return 1
	fi
	# Signed as ever, but a mirror snapshot's sid Release file may be past
	# its Valid-Until date: apt checks the signature, not the age.
	printf 'deb %s sid main\n' "$MIRROR" >"$R/etc/apt/sid.list"
	if ! run_in_root sh -c 'set -e
		o="-o Acquire::Check-Valid-Until=false -o Dir::Etc::SourceList=/etc/apt/sid.list -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=/var/lib/apt/lists-sid"
		mkdir -p /var/lib/apt/lists-sid/partial /tmp/sid
		apt-get $o update -qq
		cd /tmp/sid && apt-get $o download -qq "$0"
		dpkg-deb -x /tmp/sid/*.deb "$1"
		rm -rf /tmp/sid /var/lib/apt/lists-sid
		"$1/usr/bin/sparse" --version' "$SPARSE_PKG" "$SPARSE_DIR" >>"$D/apt.log" 2>&1; then
		rm -f "$D/done"
		tail -20 "$D/apt.log" >&2
		return 1
	fi
	rm -f "$D/done"
	echo "$((SECONDS - start)) s, $(du -sm "$R" | cut -f1) MB" >"$D/made"
	touch "$D/done"
	echo "build-root: made $D in $(cat "$D/made")" >&2
	# Older roots were for a recipe or package list just replaced.
	for old in "$CACHE/$SUITE"-*; do
		[ "$old" = "$D" ] || rm -rf "$old"
	done
}

case ${1:-} in
--cached) [ -f "$D/done" ] ;;
--path) [ -f "$D/done" ] && echo "$R" ;;
--sparse) [ -f "$D/done" ] && echo "$SPARSE_DIR/usr/bin/sparse" ;;
--run)
	shift
	(($#)) || usage
	run_in_root "$@"
	;;
--tap)
	# A missing root is made here: debootstrap and the kernel packages
	# take minutes (the made line of the TAP output), not an hour.
	echo "1..3"
	t0=$SECONDS
	if [ -f "$D/done" ]; then
		echo "ok 1 - build root $D: cached (made in $(cat "$D/made"))"
	elif out=$(make_root 2>&1); then
		echo "ok 1 - build root $D: made in $(cat "$D/made") ($((SECONDS - t0)) s with the lock)"
	else
		echo "not ok 1 - build root $D: debootstrap or apt failed"
		sed 's/^/# /' <<<"$out" | tail -20
		echo "not ok 2 - the 7.x kernels are in the build root # not made"
		echo "not ok 3 - dkms and sparse are in the build root # not made"
		exit 1
	fi
	n=0
	for p in "${KPKGS[@]}"; do
		case $p in
		linux-image-*) v=${p#linux-image-} && [ -f "$R/boot/vmlinuz-$v" ] && [ -f "$R/lib/modules/$v/modules.dep" ] && n=$((n + 1)) ;;
		linux-headers-*) v=${p#linux-headers-} && [ -f "$R/lib/modules/$v/build/Makefile" ] && n=$((n + 1)) ;;
		esac
	done
	[ "$n" -eq "${#KPKGS[@]}" ]
	echo "$([ $? -eq 0 ] || echo 'not ')ok 2 - $n of ${#KPKGS[@]} kernel packages in place (vmlinuz, modules.dep, headers)"
	n=0
	for p in "${TOOLS[@]}"; do
		[ -x "$R/usr/bin/$p" ] || [ -x "$R/usr/sbin/$p" ] && n=$((n + 1))
	done
	[ -x "$R$SPARSE_DIR/usr/bin/sparse" ] && n=$((n + 1))
	[ "$n" -eq $((${#TOOLS[@]} + 1)) ]
	echo "$([ $? -eq 0 ] || echo 'not ')ok 3 - $n of $((${#TOOLS[@]} + 1)) tools in place (${TOOLS[*]}, sid's sparse in $SPARSE_DIR)"
	;;
"") make_root ;;
*) usage ;;
esac
