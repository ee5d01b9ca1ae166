#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/vm/run.sh --kernel 6.1|6.12 [--extra DIR] [--ccel] [--fake-intree]
#                     [--timeout S] [--only GLOB]
#
# Boots a Debian kernel under QEMU TCG with a busybox initramfs holding
# tdxg.ko (emulated backend), the tdxg CLI, the kselftests and the guest
# tests, loads the module, runs every test and prints TAP: one line per
# kselftest case or guest TAP line, and one per plain executable (its
# exit status). A panic, a hang (bounded by --timeout), a kernel warning
# or a missing TAP plan in a kselftest is a failure. Executables in
# --extra DIR are copied in and run after the built-in tests. --ccel
# puts the real CCEL log of shared/testdata in the guest's firmware
# tables; --fake-intree loads a stand-in tdx_guest driver before tdxg;
# --only keeps the tests whose file names match GLOB.
set -uo pipefail
cd "$(dirname "$0")/../.."
TOP=$PWD
. scripts/kernels.sh

series= extra= ccel=0 timeout=600 tests_only= fake_intree=0
while (($#)); do
	case $1 in
	--kernel) series=$2; shift ;;
	--extra) extra=$2; shift ;;
	--ccel) ccel=1 ;;
	--fake-intree) fake_intree=1 ;;
	--timeout) timeout=$2; shift ;;
	--only) tests_only=$2; shift ;;
	*) echo "usage: $0 --kernel 6.1|6.12 [--extra DIR] [--ccel] [--fake-intree] [--timeout S] [--only GLOB]" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$series" ] || { echo "usage: $0 --kernel 6.1|6.12 [--extra DIR] [--ccel]" >&2; exit 2; }
kv=$(kver_of "$series") || { echo "1..1"; echo "not ok 1 - kernel $series is not installed"; exit 1; }
TESTDATA=${TDXG_TESTDATA:-$TOP/../shared/testdata}
W=$TOP/build/vm-$series
rm -rf "$W"
mkdir -p "$W/root"/{bin,sbin,lib,lib64,lib/modules,tests,etc,testdata,usr/bin} || exit 1

# Build what the guest runs, unless the build suite already did.
[ -f "build/kmod-$kv-emu/tdxg.ko" ] || scripts/build-all.sh >/dev/null
make -s -C user >/dev/null
make -s -C selftests >/dev/null || { echo "1..1"; echo "not ok 1 - selftests failed to build"; exit 1; }

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
for b in build/selftests/bin/*; do
	[ -x "$b" ] && add_bin "$b" "usr/bin/$(basename "$b")"
done

# Crypto the emulated backend needs where the kernel builds it as a module.
: >"$R/etc/preload-modules"
for m in sha512_generic; do
	modprobe -S "$kv" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" {print $2}' | while read -r ko; do
		base=$(basename "$ko")
		case $ko in
		*.xz) xz -dc "$ko" >"$R/lib/modules/${base%.xz}"; base=${base%.xz} ;;
		*) cp "$ko" "$R/lib/modules/$base" ;;
		esac
		echo "$base" >>"$R/etc/preload-modules"
	done
done
if ((fake_intree)); then
	# A stand-in for the in-tree driver claims tdx_guest before tdxg loads.
	rm -rf "$W/fake" && cp -r selftests/fake_tdx_guest "$W/fake" &&
		make -s -C "/lib/modules/$kv/build" M="$W/fake" modules >/dev/null 2>&1 ||
		{ echo "1..1"; echo "not ok 1 - fake tdx_guest module failed to build"; exit 1; }
	cp "$W/fake/fake_tdx_guest.ko" "$R/lib/modules/"
	echo fake_tdx_guest.ko >>"$R/etc/preload-modules"
fi
cp "build/kmod-$kv-emu/tdxg.ko" "$R/lib/modules/tdxg.ko"
# Where modprobe and libkmod look for it by name, with kmod's indexes.
mkdir -p "$R/lib/modules/$kv/extra"
cp "build/kmod-$kv-emu/tdxg.ko" "$R/lib/modules/$kv/extra/tdxg.ko"
depmod -b "$R" "$kv" 2>/dev/null || { echo "1..1"; echo "not ok 1 - depmod failed"; exit 1; }
echo "${TDXG_PARAMS:-}" >"$R/etc/tdxg-params"

# Tests run in name order: kselftests (NN-*), then guest scripts, then
# the destructive ones (9N-*) that lock registers or fill the log.
i=10
for t in build/selftests/tests/*; do
	[ -x "$t" ] && add_bin "$t" "tests/$(basename "$t")"
done
for t in selftests/guest/*; do
	[ -x "$t" ] && install -m 0755 "$t" "$R/tests/50-$(basename "$t")"
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
	-kernel "/boot/vmlinuz-$kv" -initrd "$W/initramfs.gz" -append "$append" \
	-display none -monitor none -serial "file:$W/console.log" -no-reboot \
	-device virtio-rng-pci "${qemu_extra[@]}" >"$W/qemu.log" 2>&1
qrc=$?
tr -d '\r' <"$W/console.log" >"$W/console.txt"
exec "$TOP/selftests/vm/tap-collect.sh" "$series" "$W/console.txt" "$qrc"
