# SPDX-License-Identifier: GPL-2.0
# Sourced: the test kernels, found by series so a Debian point release
# (6.1.0-N) needs no edit.
KERNELS=(6.1 6.12)
kver_of() { # series -> installed version with headers
	local k
	for k in $(ls -1 /lib/modules | sort -V -r); do
		# A bare series is Debian's generic flavour, not rt or cloud.
		case $k in *-rt-amd64 | *-cloud-amd64) continue ;; esac
		case $k in
		"$1".[0-9]* | "$1"-[0-9]* | "$1".[0-9]*+*) [ -d "/lib/modules/$k/build" ] && { echo "$k"; return 0; } ;;
		esac
	done
	return 1
}
