# SPDX-License-Identifier: GPL-2.0
# Sourced: the test kernels, found by series so a Debian point release
# (6.1.0-N, 6.12.N+debN) needs no edit.
#
#   6.1, 6.12         Debian's generic amd64 flavour
#   6.12-rt           Debian's rt-amd64 flavour (PREEMPT_RT)
#   6.12-cloud        Debian's cloud-amd64 flavour
#   6.12-debug        built by scripts/build-kernel.sh: lockdep, KASAN,
#                     kmemleak, UBSAN, KFENCE (LOCALVERSION -tdxg-debug)
#   6.1-tdx           built by scripts/build-kernel.sh: INTEL_TDX_GUEST=y
#                     (LOCALVERSION -tdxg-tdx)
#
# KERNELS are the ones every build, sparse, DKMS and package suite
# covers; GUEST_KERNELS also run the guest suite; BUILT_KERNELS are the
# ones scripts/build-kernel.sh makes. TDXG_MODULES_DIR (tests) replaces
# /lib/modules.
KERNELS=(6.1 6.12)
GUEST_KERNELS=(6.1 6.12 6.12-rt 6.12-cloud 6.12-debug 6.1-tdx)
BUILT_KERNELS=(6.12-debug 6.1-tdx)
kver_of() { # series -> installed version with headers, newest first
	local k base=${1%%-*} flavour mods=${TDXG_MODULES_DIR:-/lib/modules}
	case $1 in
	*-*) flavour=${1#*-} ;;
	*) flavour= ;;
	esac
	for k in $(ls -1 "$mods" | sort -V -r); do
		case $k in
		"$base".[0-9]* | "$base"-[0-9]*) ;;
		*) continue ;;
		esac
		case $flavour:$k in
		:*-rt-amd64 | :*-cloud-amd64) continue ;;
		:*-amd64 | rt:*-rt-amd64 | cloud:*-cloud-amd64) ;;
		debug:*-tdxg-debug | tdx:*-tdxg-tdx) ;;
		*) continue ;;
		esac
		[ -d "$mods/$k/build" ] && { echo "$k"; return 0; }
	done
	return 1
}

# kver_of, but a self-built series counts only as its current cached
# build: an older build may still be installed under the same name.
kver_ready() { # series -> version, as kver_of
	local b
	for b in "${BUILT_KERNELS[@]}"; do
		if [ "$b" = "$1" ]; then
			"$(dirname "${BASH_SOURCE[0]}")/build-kernel.sh" --cached "$1" || return 1
		fi
	done
	kver_of "$1"
}
