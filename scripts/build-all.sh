#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build suite (TAP): userspace (plain and ASan+UBSan), the selftests
# (build/selftests), and tdxg.ko for
# every guest test kernel (GUEST_KERNELS in scripts/kernels.sh: Debian's
# generic, rt and cloud flavours, the two scripts/build-kernel.sh builds
# and the 7.x kernels of scripts/build-root.sh) as DKMS builds it
# (build/kmod-KVER), and the TDX-module model (build/model-KVER).
# Compiler warnings fail the build. A Debian test kernel that is not
# installed fails its three tests; a self-built one or one of a build root
# not made skips them (make check makes those first, in its kernels and
# build-root suites).
# With series arguments (scripts/build-all.sh 6.1), only tdxg.ko and the
# model for those kernels: what a single guest boot and make demo need.
set -uo pipefail
. "$(dirname "$0")/../tests/lib.sh"
cd "$TOP" || exit 1
. scripts/kernels.sh
kernels_only=0
(($#)) && GUEST_KERNELS=("$@") kernels_only=1

# t DESC CMD...: one test, passing when CMD exits 0 and printed no
# compiler warning.
no_warnings() { # cmd...
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 0 ] && ! grep -q 'warning:' <<<"$out"
}
t() { DIAG_LINES=40 ok_cmd "$1" no_warnings "${@:2}"; }

# tdxg.ko exactly as DKMS builds it: the source tree `make dkms-install`
# places, and dkms.conf's own MAKE[0] command, into build/kmod-KVER; for
# a 7.x kernel, in the build root (scripts/build-root.sh).
build_kmod() { # kver dir series
	local src=$PWD/$2/dkms cmd
	rm -rf "$2" && mkdir -p "$2" &&
		make -s dkms-install DESTDIR="$src" DKMSSRCDIR=/tdxg || return 1
	cmd=$(sed -n 's/^MAKE\[0\]="\(.*\)"$/\1/p' "$src/tdxg/dkms.conf")
	cmd=${cmd//'${kernel_source_dir}'/"/lib/modules/$1/build"}
	cmd=${cmd//'${dkms_tree}\/${PACKAGE_NAME}\/${PACKAGE_VERSION}\/build'/"$src/tdxg"}
	cmd=${cmd//'${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build'/"$src/tdxg"}
	echo "$cmd"
	# shellcheck disable=SC2086 # MAKE[0] is a command line, as DKMS runs it
	kbuild_in "$3" $cmd && cp "$src/tdxg/kmod/tdxg.ko" "$2/tdxg.ko"
}

# The TDX-module model the guests load beside it (test-only).
build_model() { # kver dir series
	rm -rf "$2" && mkdir -p "$2" && cp selftests/tdx_model/* "$2/" &&
		kbuild_in "$3" make -C "/lib/modules/$1/build" M="$PWD/$2" modules
}

no_test_symbols() { # ko
	! nm "$1" | grep -iE 'emu_|emulated|model' && nm "$1" | grep tdxg_tdcall_init >/dev/null
}

not_installed() { # series
	local i
	for i in 1 2 3; do
		if is_root_kernel "$1"; then
			# The build-root suite fails when it cannot make the root.
			skip "kernel $1" "no build root (scripts/build-root.sh)"
			continue
		fi
		case " ${BUILT_KERNELS[*]} " in
		*" $1 "*) skip "kernel $1" "not built here (scripts/build-kernel.sh $1)" ;;
		*) ok 1 "kernel $1 is not installed (scripts/deps.sh)" ;;
		esac
	done
}

plan $((4 * (1 - kernels_only) + 3 * ${#GUEST_KERNELS[@]}))
if ((!kernels_only)); then
	# The builds of user/ every later suite uses (tests/lib.sh need_user):
	# in the tree, and with ASan+UBSan in build/user-san.
	t "user: tdxg and libtdxg build with -Wall -Wextra -Werror" need_user plain
	t "user: ASan+UBSan build" need_user san
	t "top-level make builds kmod/tdxg.ko with no test-only symbol" \
		bash -c 'make -s module >/dev/null && '"$(declare -f no_test_symbols)"'; no_test_symbols kmod/tdxg.ko'
	# What the guests run and the host suites share (build/selftests,
	# build/ksft): made here once, before make check's two lanes start.
	t "selftests: the kselftests, upstream's tdx test and the test QGS build" \
		make -s -C selftests
fi
# Each kernel's three builds run as one background job, two jobs at a
# time (one per core of the machines make check is sized for; a module
# build is mostly serial make and modpost); the results print in order.
R=$TOP/build/.build-all
rm -rf "$R" && mkdir -p "$R"
step() { # file cmd...: the output and the exit status of CMD
	no_warnings "${@:2}" >"$1" 2>&1
	echo $? >"$1.rc"
}
kernel_job() { # series kver
	step "$R/$1.kmod" build_kmod "$2" "build/kmod-$2" "$1"
	step "$R/$1.syms" no_test_symbols "build/kmod-$2/tdxg.ko"
	step "$R/$1.model" build_model "$2" "build/model-$2" "$1"
}
report() { # desc file
	local rc
	rc=$(cat "$2.rc" 2>/dev/null) || rc=1
	ok "$rc" "$1"
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$2" | tail -40
}
for k in "${GUEST_KERNELS[@]}"; do
	kv=$(kver_ready "$k") || continue
	while (($(jobs -rp | wc -l) >= 2)); do wait -n; done
	kernel_job "$k" "$kv" &
done
wait
for k in "${GUEST_KERNELS[@]}"; do
	kv=$(kver_ready "$k") || { not_installed "$k"; continue; }
	report "kmod $k ($kv): built as DKMS builds it, without warnings" "$R/$k.kmod"
	report "kmod $k: the module has no test-only symbol" "$R/$k.syms"
	report "tdx_model $k: the TDX-module model builds without warnings" "$R/$k.model"
done
finish
