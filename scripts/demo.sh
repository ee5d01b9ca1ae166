#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot Debian's 6.1 kernel (no TDX support of its own) under
# QEMU, with the TDX-module model (selftests/tdx_model) answering the
# tdxg.ko that DKMS builds, and the real CCEL log of a TDX guest; show the
# main job: report, extend and lock, quote, verify.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build-all.sh >build-all.log 2>&1 || { cat build-all.log; exit 1; }
rm -f build-all.log
selftests/vm/run.sh --kernel 6.1 --ccel --extra selftests/demo --only '60-extra-demo' >/tmp/tdxg-demo.tap
awk '/^@@TDXG-BEGIN 60-extra-demo/ {on=1; next} /^@@TDXG-END/ {on=0} on' build/vm-6.1/console.txt
echo
grep -q '^ok .*guest booted, ran every test' /tmp/tdxg-demo.tap && echo "demo: guest powered off cleanly"
