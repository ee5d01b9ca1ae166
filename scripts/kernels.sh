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
#   7.2, 7.2-rt,      Debian's trixie-backports generic and rt-amd64
#   7.3, 7.3-rt       flavours, in the trixie build root of
#                     scripts/build-root.sh (their kbuild needs glibc 2.38)
#
# KERNELS are the host's ones every build, sparse, DKMS and package suite
# covers; GUEST_KERNELS also run the guest suite; BUILT_KERNELS are the
# ones scripts/build-kernel.sh makes; ROOT_KERNELS
# live in the build root (kroot_of), not on the host, and their generic
# flavours also go through its dkms and sparse. TDXG_MODULES_DIR (tests)
# replaces /lib/modules.
KERNELS=(6.1 6.12)
GUEST_KERNELS=(6.1 6.12 6.12-rt 6.12-cloud 6.12-debug 6.1-tdx 7.2 7.2-rt 7.3 7.3-rt)
BUILT_KERNELS=(6.12-debug 6.1-tdx)
ROOT_KERNELS=(7.2 7.2-rt 7.3 7.3-rt)

# The series without a flavour (7.3, not 7.3-rt): the build root's kernels
# that go through its dkms and sparse.
generic_only() { # series...
	local k
	for k; do
		case $k in *-*) ;; *) echo "$k" ;; esac
	done
}

is_root_kernel() { # series
	case " ${ROOT_KERNELS[*]} " in *" $1 "*) return 0 ;; esac
	return 1
}
# The directory a series' /boot and /lib/modules are under: empty for the
# host's, the build root for ROOT_KERNELS (exit 1 while it is not made).
# TDXG_MODULES_DIR stands in for every root.
kroot_of() { # series
	[ -z "${TDXG_MODULES_DIR:-}" ] && is_root_kernel "$1" || return 0
	"$(dirname "${BASH_SOURCE[0]}")/build-root.sh" --path
}

kver_of() { # series -> installed version with headers, newest first
	local k b base=${1%%-*} flavour root mods
	root=$(kroot_of "$1") || return 1
	mods=${TDXG_MODULES_DIR:-$root/lib/modules}
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
		# A root's build link may be absolute, to its own /usr/src.
		b=$mods/$k/build
		if [ -n "$root" ]; then
			case $(readlink "$b") in /*) b=$root$(readlink "$b") ;; esac
		fi
		[ -d "$b" ] && { echo "$k"; return 0; }
	done
	return 1
}

# kver_of, but a self-built series counts only as its current cached
# build: an older build may still be installed under the same name.
kver_ready() { # series -> version, as kver_of
	local b
	is_root_kernel "$1" && { "$(dirname "${BASH_SOURCE[0]}")/build-root.sh" --cached || return 1; }
	for b in "${BUILT_KERNELS[@]}"; do
		if [ "$b" = "$1" ]; then
			"$(dirname "${BASH_SOURCE[0]}")/build-kernel.sh" --cached "$1" || return 1
		fi
	done
	kver_of "$1"
}

# CMD where the series' kbuild runs: on the host, or in the build root
# (its tools need the root's glibc) with the tree at the same path.
kbuild_in() { # series cmd...
	if [ -z "${TDXG_MODULES_DIR:-}" ] && is_root_kernel "$1"; then
		"$(dirname "${BASH_SOURCE[0]}")/build-root.sh" --run "${@:2}"
	else
		"${@:2}"
	fi
}
