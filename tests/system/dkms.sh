#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS suite (TAP): with Debian's dkms, `make dkms-install` then dkms
# add/build/install for every test kernel: the host's, and the generic
# 7.x kernels of the trixie build root with the root's own dkms (their
# kbuild needs its glibc; scripts/build-root.sh). The module DKMS builds must be
# the one the guest tests load (same code as build/kmod-KVER/tdxg.ko, which
# scripts/build-all.sh builds with dkms.conf's own command), must report
# VERSION, and removal must leave nothing behind.
# Changes the system (/usr/src, /var/lib/dkms, /lib/modules/*/updates):
# run as root on a test machine, as make check does.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$TOP" || exit 1
system_lock
. scripts/kernels.sh
VER=$(cat VERSION)
WORK=$PWD/build/test-dkms
rm -rf "$WORK" && mkdir -p "$WORK"


# Leftovers of an interrupted run (or of the Debian package) would make
# `dkms add` fail for the wrong reason.
cleanup() {
	dpkg-query -W -f='${Status}' tdxg-dkms 2>/dev/null | grep -q 'ok installed' &&
		dpkg -P tdxg-dkms >/dev/null 2>&1
	dkms remove "tdxg/$VER" --all >/dev/null 2>&1
	rm -rf "/usr/src/tdxg-$VER"
}

# A 7.x kernel's files and dkms are the build root's ($ROOT; empty for
# the host's kernels).
ROOT=
in_root() { if [ -n "$ROOT" ]; then scripts/build-root.sh --run "$@"; else "$@"; fi; }

# The module file DKMS installed for a kernel, decompressed if needed.
installed_ko() { # kver
	local f
	f=$(ls "$ROOT"/lib/modules/"$1"/updates/dkms/tdxg.ko* 2>/dev/null | head -1)
	[ -n "$f" ] || return 1
	case $f in
	*.xz) xz -dc "$f" >"$WORK/tdxg-$1.ko" ;;
	*.zst) zstd -qdc "$f" >"$WORK/tdxg-$1.ko" ;;
	*.gz) gzip -dc "$f" >"$WORK/tdxg-$1.ko" ;;
	*) cp "$f" "$WORK/tdxg-$1.ko" ;;
	esac
	echo "$WORK/tdxg-$1.ko"
}

production_module() { # kver
	local ko syms
	ko=$(installed_ko "$1") || { echo "no tdxg.ko under /lib/modules/$1/updates/dkms"; return 1; }
	syms=$(nm "$ko") || return 1
	if grep -iE 'emu_|emulated|model' <<<"$syms"; then
		echo "test-only symbols in $ko"
		return 1
	fi
	grep -q tdxg_tdcall_init <<<"$syms" || { echo "no TDCALL code in $ko"; return 1; }
}

module_version_is() { # kver
	local ko v magic
	ko=$(installed_ko "$1") || return 1
	v=$(modinfo -F version "$ko") magic=$(modinfo -F vermagic "$ko")
	echo "version '$v' vermagic '$magic'"
	[ "$v" = "$VER" ] && [ "${magic%% *}" = "$1" ]
}

# The guests load build/kmod-KVER/tdxg.ko: its code must be DKMS's.
same_code_as_tested() { # kver
	local ko tested=build/kmod-$1/tdxg.ko a b
	ko=$(installed_ko "$1") || return 1
	[ -f "$tested" ] || { echo "no $tested (run scripts/build-all.sh)"; return 1; }
	a=$(objcopy -O binary --only-section=.text "$ko" /dev/stdout | sha256sum)
	b=$(objcopy -O binary --only-section=.text "$tested" /dev/stdout | sha256sum)
	echo "DKMS .text ${a%% *}, tested .text ${b%% *}"
	[ "$a" = "$b" ]
}

status_installed() { # kver
	local st
	st=$(in_root dkms status tdxg 2>/dev/null)
	echo "$st"
	grep -qxF "tdxg/$VER, $1, x86_64: installed" <<<"$st"
}

nothing_left() {
	local left
	left=$(ls "$ROOT"/lib/modules/*/updates/dkms/tdxg.ko* "$ROOT/var/lib/dkms/tdxg" \
		"$ROOT/usr/src/tdxg-$VER" 2>/dev/null)
	[ -z "$left" ] && [ -z "$(in_root dkms status tdxg)" ] || { echo "left: $left $(in_root dkms status tdxg)"; return 1; }
}

# make dkms-install, dkms add, then dkms install and the checks for each
# kernel, then make dkms-uninstall: on the host, or in the build root.
dkms_cycle() { # kver...
	local kv where=${ROOT:+ in the build root}
	ok_cmd "make dkms-install places the source in /usr/src/tdxg-$VER$where" \
		in_root bash -c "make -s dkms-install && test -f /usr/src/tdxg-$VER/kmod/tdxg.h"
	ok_cmd "dkms.conf in /usr/src carries PACKAGE_VERSION=$VER$where" \
		grep -qx "PACKAGE_VERSION=\"$VER\"" "$ROOT/usr/src/tdxg-$VER/dkms.conf"
	ok_cmd "dkms add tdxg/$VER$where" in_root dkms add -m tdxg -v "$VER"
	for kv in "$@"; do
		ok_cmd "dkms build and install for $kv" in_root dkms install -m tdxg -v "$VER" -k "$kv"
		ok_cmd "dkms status: tdxg/$VER installed for $kv" status_installed "$kv"
		ok_cmd "$kv: installed module has no test-only symbol" production_module "$kv"
		ok_cmd "$kv: DKMS's module has the code the guest tests load" same_code_as_tested "$kv"
		ok_cmd "$kv: modinfo version $VER, vermagic $kv" module_version_is "$kv"
		ok_cmd "$kv: modprobe resolves tdxg to the DKMS module" \
			in_root bash -c "modprobe -S '$kv' -n -v tdxg | grep -q 'updates/dkms/tdxg.ko'"
	done
	ok_cmd "make dkms-uninstall removes the module from every kernel and /usr/src$where" \
		in_root bash -c "make -s dkms-uninstall && ! ls /lib/modules/*/updates/dkms/tdxg.ko* 2>/dev/null"
	ok_cmd "nothing left in /usr/src, /var/lib/dkms or dkms status$where" nothing_left
}

cleanup
mapfile -t KV < <(for k in "${KERNELS[@]}"; do kver_of "$k"; done)
# The build root's kernels, when the build-root suite made it.
RKV=()
scripts/build-root.sh --cached &&
	mapfile -t RKV < <(for k in $(generic_only "${ROOT_KERNELS[@]}"); do kver_of "$k"; done)
plan $((5 + 6 * ${#KV[@]} + (${#RKV[@]} ? 5 + 6 * ${#RKV[@]} : 1)))
dkms_cycle "${KV[@]}"
if ((${#RKV[@]})); then
	ROOT=$(scripts/build-root.sh --path)
	# What an interrupted run left in the root.
	in_root dkms remove "tdxg/$VER" --all >/dev/null 2>&1
	rm -rf "$ROOT/usr/src/tdxg-$VER"
	dkms_cycle "${RKV[@]}"
else
	skip "dkms in the build root" "no build root (scripts/build-root.sh)"
fi
finish
