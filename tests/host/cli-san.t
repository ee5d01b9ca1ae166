#!/bin/bash
# SPDX-License-Identifier: MIT
# Host checks of the tdxg CLI (see cli-checks.sh) against the ASan+UBSan
# build in build/user-san (tests/lib.sh need_user san), so user/tdxg stays
# a normal build for the other suites.
# Sanitizer exits must not look like tdxg's own codes (1 = mismatch).
export ASAN_OPTIONS=detect_leaks=1:exitcode=97:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=97
export TDXG_VARIANT=san
exec "$(dirname "$0")/cli-checks.sh"
