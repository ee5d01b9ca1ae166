#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot Debian's 6.1 kernel (no TDX support of its own) under
# QEMU, with the TDX-module model (selftests/tdx_model) answering the
# tdxg.ko that DKMS builds, and the real CCEL log of a TDX guest; show the
# main job: report, extend and lock, quote, verify. Installs only what the
# demo needs (scripts/deps.sh demo) and prints how long it all took.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
scripts/deps.sh demo
t_deps=$((SECONDS - t0))
mkdir -p build
scripts/build-all.sh 6.1 >build/demo-build.log 2>&1 || { cat build/demo-build.log; exit 1; }
selftests/vm/run.sh --kernel 6.1 --ccel --no-kselftests --extra selftests/demo \
	--only '60-extra-demo' >build/demo.tap || true
awk '/^@@TDXG-BEGIN 60-extra-demo/ {on=1; next} /^@@TDXG-END/ {on=0} on' build/vm-6.1/console.txt
echo
grep -q '^ok .*60-extra-demo' build/demo.tap || { echo "demo: the guest half failed"; cat build/demo.tap; exit 1; }
grep -q '^ok .*guest booted, ran every test' build/demo.tap || { echo "demo: the guest did not power off cleanly"; exit 1; }
echo "demo: guest powered off cleanly"
echo "demo: took $((SECONDS - t0)) s ($t_deps s installing packages)"
