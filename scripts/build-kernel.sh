#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/build-kernel.sh SERIES     (6.12-debug | 6.1-tdx)
# scripts/build-kernel.sh --tap      every one of them, as a TAP suite: a
#                                    series not yet cached is a SKIP unless
#                                    TDXG_BUILD_KERNELS=1 (make kernels)
# scripts/build-kernel.sh --cached SERIES   exit 0 if cached, else 1
#
# Builds a test kernel for the QEMU guest from Debian's linux-source-6.x
# and installs it as a packaged kernel would be: /boot/vmlinuz-KVER,
# /lib/modules/KVER with its modules, and /lib/modules/KVER/build
# pointing at a build tree usable for out-of-tree modules. KVER ends in
# a LOCALVERSION of its own (-tdxg-debug, -tdxg-tdx), which is how
# scripts/kernels.sh finds it (kver_of 6.12-debug).
#
#   6.12-debug  lockdep (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, KASAN
#               (generic, inline), KMEMLEAK, UBSAN, KFENCE, DEBUG_OBJECTS;
#               INTEL_TDX_GUEST=y, TDX_GUEST_DRIVER=m, TSM_REPORTS=m.
#   6.1-tdx     INTEL_TDX_GUEST=y: the TDX guest core, which 6.1 has
#               without /dev/tdx_guest or configfs-tsm.
#
# The config is allnoconfig plus the fragment below: the least a
# serial-console guest of this harness needs. The build is
# cached outside the clone in $TDXG_KERNEL_CACHE (/var/cache/tdxg/kernels)
# under SERIES-KEY, KEY hashing the source package version and the
# fragment: a warm machine neither rebuilds nor reinstalls (seconds).
# A cold build is the first-run cost of make check: 6.12-debug (about
# 1500 objects, KASAN-instrumented) took 62 minutes on a shared 2-core
# machine kept at a load average of 10-14 by other work; 6.1-tdx is
# smaller and uninstrumented. It runs at nice 19 with make -j2
# (TDXG_KERNEL_NICE, TDXG_KERNEL_JOBS); concurrent runs for one series
# wait for each other. Exit: 0 built or up to date, 1 failed, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 [--cached] 6.12-debug|6.1-tdx | --tap" >&2; exit 2; }
cached_only=0
if [ "${1:-}" = --cached ]; then
	cached_only=1
	shift
fi
(($# == 1)) || usage
series=$1
if [ "$series" = --tap ]; then
	. scripts/kernels.sh
	echo "1..${#BUILT_KERNELS[@]}"
	i=0 rc=0
	for k in "${BUILT_KERNELS[@]}"; do
		i=$((i + 1)) t0=$SECONDS
		# A cold build takes about an hour: make check uses what is
		# cached and builds only when asked (make kernels).
		if [ "${TDXG_BUILD_KERNELS:-0}" != 1 ] && ! "$PWD/scripts/build-kernel.sh" --cached "$k"; then
			echo "ok $i - $k: not built here yet # SKIP make kernels builds it (about an hour on 2 cores)"
			continue
		fi
		if out=$("$PWD/scripts/build-kernel.sh" "$k" 2>&1) && kv=$(kver_of "$k"); then
			echo "ok $i - $k: $kv installed ($((SECONDS - t0)) s)"
		else
			echo "not ok $i - $k: build or install failed"
			sed 's/^/# /' <<<"$out" | tail -30
			rc=1
		fi
	done
	exit $rc
fi
case $series in
6.12-debug) pkg=linux-source-6.12 localversion=-tdxg-debug ;;
6.1-tdx) pkg=linux-source-6.1 localversion=-tdxg-tdx ;;
*) usage ;;
esac

# Bump when the steps below change what gets built.
RECIPE=2

fragment() {
	cat <<'EOF'
# allnoconfig plus what the harness needs: a 64-bit SMP guest with an
# initramfs running a shell-script init, the serial console, ACPI
# tables (CCEL, poweroff), virtio-rng, modules that unload, the TDX
# model's kretprobes, SHA-384 and HMAC for the emulated backend,
# configfs, debugfs, unix sockets and vsock loopback.
CONFIG_LOCALVERSION_AUTO=n
# Sanitizers grow stack frames past FRAME_WARN; a warning must not
# stop the kernel build (tdxg's own build still fails on warnings).
CONFIG_WERROR=n
# Debian's and defconfig's stack frame limit (allnoconfig's is 1024):
# tdxg and the model build against it without warnings.
CONFIG_FRAME_WARN=2048
CONFIG_64BIT=y
CONFIG_SMP=y
CONFIG_PRINTK=y
CONFIG_MULTIUSER=y
CONFIG_FUTEX=y
CONFIG_EPOLL=y
CONFIG_SHMEM=y
CONFIG_FILE_LOCKING=y
CONFIG_POSIX_TIMERS=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_TTY=y
CONFIG_UNIX98_PTYS=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_PROC_FS=y
CONFIG_PROC_SYSCTL=y
CONFIG_SYSFS=y
CONFIG_TMPFS=y
CONFIG_DEVTMPFS=y
CONFIG_DEVTMPFS_MOUNT=y
CONFIG_BLK_DEV_INITRD=y
CONFIG_RD_GZIP=y
CONFIG_PCI=y
CONFIG_ACPI=y
CONFIG_VIRTIO_MENU=y
CONFIG_VIRTIO_PCI=y
CONFIG_HW_RANDOM=y
CONFIG_HW_RANDOM_VIRTIO=y
CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
CONFIG_KALLSYMS=y
CONFIG_KPROBES=y
CONFIG_KRETPROBES=y
CONFIG_CRYPTO=y
CONFIG_CRYPTO_MANAGER=y
CONFIG_CRYPTO_HMAC=y
CONFIG_CRYPTO_SHA256=y
CONFIG_CRYPTO_SHA512=y
CONFIG_CONFIGFS_FS=y
CONFIG_DEBUG_FS=y
CONFIG_NET=y
CONFIG_UNIX=y
CONFIG_VSOCKETS=m
CONFIG_VSOCKETS_LOOPBACK=m
CONFIG_HYPERVISOR_GUEST=y
CONFIG_PARAVIRT=y
CONFIG_X86_X2APIC=y
CONFIG_EFI=y
CONFIG_EFI_STUB=y
CONFIG_INTEL_TDX_GUEST=y
EOF
	# 6.1 offers the debug-info choice only with DEBUG_KERNEL.
	[ "$series" = 6.1-tdx ] || echo CONFIG_DEBUG_INFO_NONE=y
	case $series in
	6.12-debug)
		cat <<'EOF'
# Sanitizers: any report fails the guest run (selftests/vm/tap-collect.sh).
CONFIG_VIRT_DRIVERS=y
CONFIG_TDX_GUEST_DRIVER=m
CONFIG_TSM_REPORTS=m
CONFIG_DEBUG_KERNEL=y
CONFIG_PROVE_LOCKING=y
CONFIG_DEBUG_ATOMIC_SLEEP=y
CONFIG_KASAN=y
CONFIG_KASAN_GENERIC=y
CONFIG_KASAN_INLINE=y
CONFIG_DEBUG_KMEMLEAK=y
CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=n
CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN=n
CONFIG_UBSAN=y
CONFIG_UBSAN_BOUNDS=y
CONFIG_UBSAN_SHIFT=y
CONFIG_KFENCE=y
CONFIG_DEBUG_OBJECTS=y
CONFIG_DEBUG_OBJECTS_TIMERS=y
CONFIG_DEBUG_OBJECTS_WORK=y
CONFIG_DEBUG_LIST=y
# Under TCG on a loaded host, an instrumented boot starves RCU's kthread
# for tens of seconds; only a stall past 300 s is a hang worth a report.
CONFIG_RCU_CPU_STALL_TIMEOUT=300
# QEMU's -cpu max has LA57. With 5-level paging, an interrupt while
# identify_cpu() re-reads the CPU features gets a false KASAN
# "wild-memory-access" on the irq_desc lock, which also turns lockdep
# off for the rest of the run: 4-level paging here.
CONFIG_X86_5LEVEL=n
EOF
		;;
	esac
}

srcver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	{ echo "build-kernel: $pkg is not installed (scripts/deps.sh)" >&2; exit 1; }
key=$({ echo "$RECIPE $pkg $srcver"; fragment; } | sha256sum | cut -c1-12)
CACHE=${TDXG_KERNEL_CACHE:-/var/cache/tdxg/kernels}
D=$CACHE/$series-$key
O=$D/build

install_kernel() {
	local kv
	kv=$(cat "$D/kernelrelease")
	if [ -f "/boot/vmlinuz-$kv" ] && cmp -s "$O/arch/x86/boot/bzImage" "/boot/vmlinuz-$kv" &&
		[ "$(readlink "/lib/modules/$kv/build")" = "$O" ] && [ -f "/lib/modules/$kv/modules.dep" ]; then
		echo "build-kernel: $series is $kv, up to date ($D)" >&2
		return 0
	fi
	install -m 0644 "$O/arch/x86/boot/bzImage" "/boot/vmlinuz-$kv"
	install -m 0644 "$O/System.map" "/boot/System.map-$kv"
	install -m 0644 "$O/.config" "/boot/config-$kv"
	rm -rf "/lib/modules/$kv"
	make -s -C "$D/src" O="$O" INSTALL_MOD_PATH= modules_install >/dev/null
	ln -sfn "$O" "/lib/modules/$kv/build"
	ln -sfn "$D/src" "/lib/modules/$kv/source"
	depmod "$kv"
	echo "build-kernel: installed $kv from $D" >&2
	# Older builds of this series were for the kernel just replaced.
	for old in "$CACHE/$series"-*; do
		[ "$old" = "$D" ] || rm -rf "$old"
	done
}

# --cached: exit 0 when this series is built and cached, 1 when not.
if ((cached_only)); then
	[ -f "$D/done" ]
	exit
fi

# One build of a series at a time: a second make check waits here.
mkdir -p "$CACHE"
exec 9>"$CACHE/.$series.lock"
flock 9
if [ -f "$D/done" ]; then
	install_kernel
	exit 0
fi

echo "build-kernel: building $series from $pkg $srcver into $D (long: see the header)" >&2
start=$SECONDS
rm -rf "$D"
mkdir -p "$D/src" "$O"
tar xJf "/usr/src/$pkg.tar.xz" -C "$D/src" --strip-components=1
fragment >"$D/fragment.config"
mk() { nice -n "${TDXG_KERNEL_NICE:-19}" make -s -C "$D/src" O="$O" LOCALVERSION="$localversion" "$@"; }
mk allnoconfig >/dev/null
(cd "$O" && "$D/src/scripts/kconfig/merge_config.sh" -m -O "$O" .config "$D/fragment.config" >/dev/null)
mk olddefconfig >/dev/null
# Every fragment line must have survived olddefconfig's dependency checks.
bad=0
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -qx "$opt=[ym]" "$O/.config" && { echo "build-kernel: $opt is still set" >&2; bad=1; }
	else
		grep -qx "$line" "$O/.config" || { echo "build-kernel: $line did not stick: $(grep "^$opt=\|^# $opt " "$O/.config")" >&2; bad=1; }
	fi
done <"$D/fragment.config"
((bad == 0)) || exit 1
mk -j"${TDXG_KERNEL_JOBS:-2}" bzImage modules
mk kernelrelease >"$D/kernelrelease"
echo "$(((SECONDS - start) / 60)) min" >"$D/build-time"
touch "$D/done"
echo "build-kernel: built $(cat "$D/kernelrelease") in $(cat "$D/build-time")" >&2
install_kernel
