#!/bin/bash
# SPDX-License-Identifier: MIT
# Host checks of the tdxg CLI (see cli-checks.sh) under valgrind memcheck:
# every run's log must show no errors and no leaks.
. "$(dirname "$0")/../lib.sh"
command -v valgrind >/dev/null || { plan 1; skip "valgrind" "valgrind not installed"; exit 0; }
L=$TOP/build/cli-valgrind
rm -rf "$L"
mkdir -p "$L"
export CHECK_LOGS=$L
export TDXG_WRAP="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --log-file=$L/%q{TDXG_RUN}-%p.log"
# valgrind is ~50x slower: fewer mutated logs, same checks otherwise.
export FUZZ_N=${FUZZ_N:-25}
exec "$TOP/tests/host/cli-checks.sh"
