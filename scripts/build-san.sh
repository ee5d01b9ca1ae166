#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ASan+UBSan copy of the userspace tree in build/user-san, so the plain
# build in user/ stays what the other suites run.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/user-san
mkdir -p build/user-san/kmod
cp -r user build/user-san/user
cp -r kmod/uapi build/user-san/kmod/
cp VERSION build/user-san/
make -C build/user-san/user clean >/dev/null
make -C build/user-san/user -j2 SAN=1
