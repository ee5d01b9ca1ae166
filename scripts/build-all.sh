#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build suite (TAP): userspace (plain and ASan+UBSan), and tdxg.ko for
# every test kernel, emulated (EMU=1, into build/kmod-KVER-emu) and
# production (build/kmod-KVER). Compiler warnings fail the build.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/kernels.sh

n=0
t() { # desc cmd...
	local desc=$1 out
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1) && ! grep -q 'warning:' <<<"$out"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' <<<"$out" | tail -40
	fi
}

build_kmod() { # kver emu dir
	rm -rf "$3" && mkdir -p "$3" && cp -r kmod/. VERSION "$3/" &&
		make -C "/lib/modules/$1/build" M="$PWD/$3" EMU="$2" modules
}

no_emu_symbols() { # ko
	! nm "$1" | grep -iE 'emu_|emulated' && nm "$1" | grep tdxg_backend_tdx_init >/dev/null
}

echo "1..$((3 + 4 * ${#KERNELS[@]}))"
t "user: tdxg and libtdxg build with -Wall -Wextra -Werror" make -C user -j2
t "user: ASan+UBSan build" scripts/build-san.sh
t "top-level make builds kmod/tdxg.ko with no emulated-backend symbol" \
	bash -c 'make -s module >/dev/null && '"$(declare -f no_emu_symbols)"'; no_emu_symbols kmod/tdxg.ko'
for k in "${KERNELS[@]}"; do
	kv=$(kver_of "$k")
	t "kmod $k ($kv): EMU=1 build without warnings" build_kmod "$kv" 1 "build/kmod-$kv-emu"
	t "kmod $k: production build without warnings" build_kmod "$kv" "" "build/kmod-$kv"
	t "kmod $k: production module has no emulated-backend symbol" no_emu_symbols "build/kmod-$kv/tdxg.ko"
	t "kmod $k: emulated module has the emulated backend" bash -c "nm build/kmod-$kv-emu/tdxg.ko | grep -q tdxg_backend_emu_init"
done
