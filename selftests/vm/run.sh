#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/vm/run.sh --kernel SERIES [--extra DIR] [--ccel]
#                     [--intree first|second|none] [--timeout S] [--only GLOB]
#                     [--vmm qemu|qemu-canonical]
#
# Boots a Debian kernel (the host's, or a 7.x one from the build root of
# scripts/build-root.sh) under QEMU TCG with a busybox initramfs holding
# tdxg.ko built as DKMS builds it, the TDX-module model (selftests/
# tdx_model), the tdxg CLI, the kselftests (installed as a lab installs
# them, run through run_kselftest.sh) and the guest tests. The model
# loads first and answers TDCALL, so tdxg runs its real TDX backend; where
# the kernel has its own tdx_guest driver and configfs-tsm, they load
# against the same model, before tdxg (--intree first, the default, as
# modprobe's softdep orders them) or after it (--intree second, as when
# tdxg is loaded from an initrd). Then every test runs and TAP is printed:
# one line per
# kselftest case or guest TAP line, and one per plain executable (its
# exit status). A panic, a hang (bounded by --timeout), a kernel warning
# or a missing TAP plan in a kselftest is a failure. Executables in
# --extra DIR are copied in and run after the built-in tests. --ccel
# puts the real CCEL log of tests/data in the guest's firmware
# tables; --intree none keeps the kernel's tdx_guest driver out; --only
# keeps the tests whose file names match GLOB; --no-kselftests leaves the
# kselftests (and linux-source, which builds them) out, as make demo does;
# --vmm loads the model with that VMM's GetQuote (default qemu).
set -uo pipefail
shopt -s extglob
. "$(dirname "$0")/../../tests/lib.sh"
cd "$TOP" || exit 1
. scripts/kernels.sh

series= extra= ccel=0 timeout=600 tests_only= intree=first kselftests=1 vmm=qemu
while (($#)); do
	case $1 in
	--kernel) series=$2; shift ;;
	--extra) extra=$2; shift ;;
	--ccel) ccel=1 ;;
	--intree) intree=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--only) tests_only=$2; shift ;;
	--vmm) vmm=$2; shift ;;
	--no-kselftests) kselftests=0 ;;
	*) echo "usage: $0 --kernel SERIES (scripts/kernels.sh) [--extra DIR] [--ccel] [--intree first|second|none] [--timeout S] [--only GLOB] [--vmm qemu|qemu-canonical] [--no-kselftests]" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$series" ] || { echo "usage: $0 --kernel SERIES (scripts/kernels.sh) [--extra DIR] [--ccel]" >&2; exit 2; }
kv=$(kver_of "$series") || bail "kernel $series is not installed"
# A 7.x kernel boots and loads modules from the build root (scripts/build-root.sh).
kroot=$(kroot_of "$series") || bail "kernel $series: no build root"

TESTDATA=$TD
W=$TOP/build/vm-$series
rm -rf "$W"
mkdir -p "$W/root"/{bin,sbin,lib,lib64,lib/modules,tests,etc,testdata,usr/bin} || exit 1

# Build what the guest runs, unless the build suite already did.
[ -f "build/kmod-$kv/tdxg.ko" ] && [ -f "build/model-$kv/tdx_model.ko" ] ||
	scripts/build-all.sh "$series" >/dev/null
need_user plain || bail "build user/"
if ((kselftests)); then
	make -s -C selftests >/dev/null
else
	make -s -C selftests helpers >/dev/null
fi || bail "selftests failed to build"

R=$W/root
cp /bin/busybox "$R/bin/busybox"
for a in $("$R/bin/busybox" --list); do
	[ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"
done
install -m 0755 selftests/vm/init "$R/init"

# Dynamic executables bring their libraries and loader along.
add_bin() { # path dest
	install -m 0755 "$1" "$R/$2"
	ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
		[ -f "$lib" ] || continue
		mkdir -p "$R$(dirname "$lib")"
		cp -L "$lib" "$R$lib"
	done
}
add_bin /bin/bash bin/bash
add_bin /usr/bin/openssl usr/bin/openssl
add_bin user/tdxg usr/bin/tdxg
# libtdxg dlopen()s libkmod when it loads the module: ldd does not see it.
lib=$(ldconfig -p | awk '$1 == "libkmod.so.2" && /x86-64/ {print $NF; exit}')
[ -n "$lib" ] && add_bin "$lib" "${lib#/}"
for b in build/selftests/bin/*; do
	[ -x "$b" ] && add_bin "$b" "usr/bin/$(basename "$b")"
done

# Modules from the kernel, in dependency order, into a list init loads.
add_modules() { # list module...
	local m ko base
	for m in "${@:2}"; do
		modprobe -d "${kroot:-/}" -S "$kv" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" {print $2}' |
			while read -r ko; do
				base=$(basename "$ko")
				case $ko in
				*.xz) base=${base%.xz}; xz -dc "$ko" >"$R/lib/modules/$base" ;;
				*.zst) base=${base%.zst}; zstd -qdc "$ko" >"$R/lib/modules/$base" ;;
				*) cp "$ko" "$R/lib/modules/$base" ;;
				esac
				grep -qx "$base" "$R/etc/$1" 2>/dev/null || echo "$base" >>"$R/etc/$1"
			done
	done
	touch "$R/etc/$1"
}
# What the model and the tests need, then the kernel's own TDX guest
# driver with configfs-tsm where the kernel builds them.
add_modules preload-modules sha512_generic configfs vsock_loopback
case $intree in
first | second) add_modules "intree-$intree" tdx_guest ;;
none) ;;
*) bail "--intree must be first, second or none" ;;
esac
cp "build/model-$kv/tdx_model.ko" "$R/lib/modules/tdx_model.ko"
cp "build/kmod-$kv/tdxg.ko" "$R/lib/modules/tdxg.ko"
# Where modprobe and libkmod look for it by name, with kmod's indexes.
mkdir -p "$R/lib/modules/$kv/extra"
cp "build/kmod-$kv/tdxg.ko" "$R/lib/modules/$kv/extra/tdxg.ko"
depmod -b "$R" "$kv" 2>/dev/null || bail "depmod failed"
echo "${TDXG_PARAMS:-}" >"$R/etc/tdxg-params"
# Whose GetQuote the model's host side reproduces (selftests/tdx_model/vmm.c).
echo "vmm=$vmm" >"$R/etc/model-params"

# Tests run in name order: kselftests (NN-*), then guest scripts, then
# the destructive ones (9N-*) that lock registers or fill the log.
i=10
((kselftests)) && for t in build/selftests/tests/*; do
	[ -x "$t" ] && add_bin "$t" "tests/$(basename "$t")"
done
# The tdxg kselftests run from the tree a lab installs, each in its place
# through the kernel's run_kselftest.sh, safe mode first (kselftest-one.sh).
if ((kselftests)); then
	flock build/.kselftest.lock make -s -C selftests/tdxg install INSTALL_PATH="$R/kselftests" >"$W/kselftest-install.log" 2>&1 ||
		bail "make -C selftests/tdxg install failed"
	for t in $(cut -d: -f2 "$R/kselftests/kselftest-list.txt"); do
		install -m 0755 selftests/vm/kselftest-one.sh "$R/tests/$t"
	done
fi
# The guest scripts' TAP helpers: the host suites' own (tests/tap.sh).
install -D -m 0644 tests/tap.sh "$R/lib/tdxg-tests/tap.sh"
# Guest scripts run at 50 unless their name gives a place: 05-* run before
# anything extends an RTMR (the module can be unloaded only until then).
for t in selftests/guest/*; do
	b=$(basename "$t")
	case $b in [0-9][0-9]-*) ;; *) b=50-$b ;; esac
	[ -x "$t" ] && install -m 0755 "$t" "$R/tests/$b"
done
if [ -n "$extra" ]; then
	for t in "$extra"/*; do
		[ -f "$t" ] && [ -x "$t" ] && { add_bin "$t" "tests/60-extra-$(basename "$t")"; }
	done
fi
if [ -n "$tests_only" ]; then
	for t in "$R"/tests/*; do
		case ${t##*/} in $tests_only) ;; *) rm -f "$t" ;; esac
	done
fi
[ -f "$TESTDATA/ccel/ccel_data.dat" ] && cp "$TESTDATA"/ccel/ccel_data.dat "$TESTDATA"/quotes/synthetic-tdreport.dat "$R/testdata/"

(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) >"$W/initramfs.gz"

append="console=ttyS0 panic=-1 oops=panic loglevel=4"
qemu_extra=()
if ((ccel)); then
	# The real CCEL log in reserved guest memory, and a CCEL table that
	# points at it: what a TDX guest's firmware leaves behind.
	lasa=0x30000000
	python3 - "$TESTDATA/ccel/ccel_table.dat" "$TESTDATA/ccel/ccel_data.dat" "$W/ccel.aml" "$lasa" <<'PY'
import struct, sys, os
t = bytearray(open(sys.argv[1], 'rb').read())
laml = os.path.getsize(sys.argv[2])
struct.pack_into('<QQ', t, 40, laml, int(sys.argv[4], 0))
t[9] = 0
t[9] = (-sum(t)) & 0xff
open(sys.argv[3], 'wb').write(t)
PY
	append="$append memmap=256K\$$lasa"
	qemu_extra=(-acpitable "file=$W/ccel.aml"
		-device "loader,file=$TESTDATA/ccel/ccel_data.dat,addr=$lasa,force-raw=on")
fi

timeout --foreground -k 5 "$timeout" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 \
	-kernel "$kroot/boot/vmlinuz-$kv" -initrd "$W/initramfs.gz" -append "$append" \
	-display none -monitor none -serial "file:$W/console.log" -no-reboot \
	-device virtio-rng-pci "${qemu_extra[@]}" >"$W/qemu.log" 2>&1
qrc=$?
tr -d '\r' <"$W/console.log" >"$W/console.txt"
exec "$TOP/selftests/vm/tap-collect.sh" "$series" "$W/console.txt" "$qrc"
