#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs what the build, the tests and the demo need. Idempotent: only
# missing packages are fetched, so a warm machine spends no time here.
#   scripts/deps.sh          everything make check needs
#   scripts/deps.sh demo     what make demo needs: the build tools, QEMU,
#                            busybox and Debian's 6.1 kernel with headers
set -euo pipefail

DEMO_PKGS=(
	build-essential pkg-config kmod cpio gzip xz-utils
	qemu-system-x86 busybox-static
	linux-image-amd64 linux-headers-amd64
	libkmod-dev libssl-dev openssl python3
)
PKGS=(
	"${DEMO_PKGS[@]}" bc rsync
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
	linux-source-6.1 libelf-dev libcurl4-openssl-dev
	sparse dkms clang libclang-rt-14-dev valgrind
	python3-cryptography python3-jsonschema flex bison
	debhelper dh-dkms lintian man-db git python3-docutils
)
case ${1:-} in
demo) PKGS=("${DEMO_PKGS[@]}") ;;
"") ;;
*) echo "usage: $0 [demo]" >&2; exit 2 ;;
esac

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
