#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build suite (TAP): userspace (plain and ASan+UBSan), and tdxg.ko for
# every guest test kernel (GUEST_KERNELS in scripts/kernels.sh: Debian's
# generic, rt and cloud flavours and the two scripts/build-kernel.sh
# builds) as DKMS builds it (build/kmod-KVER), and the TDX-module model
# (build/model-KVER). Compiler warnings fail the build. A Debian test
# kernel that is not installed fails its three tests; a self-built one
# skips them (make check builds those first, in its kernels suite).
# With series arguments (scripts/build-all.sh 6.1), only tdxg.ko and the
# model for those kernels: what a single guest boot and make demo need.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/kernels.sh
kernels_only=0
(($#)) && GUEST_KERNELS=("$@") kernels_only=1

n=0 fails=0
t() { # desc cmd...
	local desc=$1 out
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1) && ! grep -q 'warning:' <<<"$out"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' <<<"$out" | tail -40
		fails=$((fails + 1))
	fi
}

# tdxg.ko exactly as DKMS builds it: the source tree `make dkms-install`
# places, and dkms.conf's own MAKE[0] command, into build/kmod-KVER.
build_kmod() { # kver dir
	local src=$PWD/$2/dkms cmd
	rm -rf "$2" && mkdir -p "$2" &&
		make -s dkms-install DESTDIR="$src" DKMSSRCDIR=/tdxg || return 1
	cmd=$(sed -n 's/^MAKE\[0\]="\(.*\)"$/\1/p' "$src/tdxg/dkms.conf")
	cmd=${cmd//'${kernel_source_dir}'/"/lib/modules/$1/build"}
	cmd=${cmd//'${dkms_tree}\/${PACKAGE_NAME}\/${PACKAGE_VERSION}\/build'/"$src/tdxg"}
	cmd=${cmd//'${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build'/"$src/tdxg"}
	echo "$cmd"
	$cmd && cp "$src/tdxg/kmod/tdxg.ko" "$2/tdxg.ko"
}

# The TDX-module model the guests load beside it (test-only).
build_model() { # kver dir
	rm -rf "$2" && mkdir -p "$2" && cp selftests/tdx_model/* "$2/" &&
		make -C "/lib/modules/$1/build" M="$PWD/$2" modules
}

no_test_symbols() { # ko
	! nm "$1" | grep -iE 'emu_|emulated|model' && nm "$1" | grep tdxg_tdcall_init >/dev/null
}

not_installed() { # series
	local i
	for i in 1 2 3; do
		n=$((n + 1))
		case " ${BUILT_KERNELS[*]} " in
		*" $1 "*) echo "ok $n - kernel $1 # SKIP not built here (scripts/build-kernel.sh $1)" ;;
		*) echo "not ok $n - kernel $1 is not installed (scripts/deps.sh)"; fails=$((fails + 1)) ;;
		esac
	done
}

echo "1..$((3 * (1 - kernels_only) + 3 * ${#GUEST_KERNELS[@]}))"
if ((!kernels_only)); then
	t "user: tdxg and libtdxg build with -Wall -Wextra -Werror" make -C user -j2
	t "user: ASan+UBSan build" scripts/build-san.sh
	t "top-level make builds kmod/tdxg.ko with no test-only symbol" \
		bash -c 'make -s module >/dev/null && '"$(declare -f no_test_symbols)"'; no_test_symbols kmod/tdxg.ko'
fi
for k in "${GUEST_KERNELS[@]}"; do
	kv=$(kver_ready "$k") || { not_installed "$k"; continue; }
	t "kmod $k ($kv): built as DKMS builds it, without warnings" build_kmod "$kv" "build/kmod-$kv"
	t "kmod $k: the module has no test-only symbol" no_test_symbols "build/kmod-$kv/tdxg.ko"
	t "tdx_model $k: the TDX-module model builds without warnings" build_model "$kv" "build/model-$kv"
done
[ "$fails" -eq 0 ]
