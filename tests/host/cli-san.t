#!/bin/bash
# SPDX-License-Identifier: MIT
# Host checks of the tdxg CLI (see cli-checks.sh) against an ASan+UBSan
# build. The build goes to build/user-san/ so user/tdxg stays a normal
# build for the other suites.
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
S=$TOP/build/user-san
rm -rf "$S"
mkdir -p "$S/kmod"
cp -r "$TOP/user" "$S/user" && cp -r "$TOP/kmod/uapi" "$S/kmod/uapi" && cp "$TOP/VERSION" "$S/"
make -s -C "$S/user" clean >/dev/null
if ! make -s -j2 -C "$S/user" SAN=1 tdxg >"$S/build.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - SAN=1 build failed"
	sed 's/^/#   /' "$S/build.log" | tail -20
	exit 1
fi
# Sanitizer exits must not look like tdxg's own codes (1 = mismatch).
export ASAN_OPTIONS=detect_leaks=1:exitcode=97:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=97
export TDXG_BIN=$S/user/tdxg
exec "$TOP/tests/host/cli-checks.sh"
