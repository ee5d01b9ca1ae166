#!/bin/bash
# SPDX-License-Identifier: MIT
# Every single-byte flip of the header and body (all positions) and of the
# signature, attestation key, QE report, its signature, QE auth data and
# the PCK chain certificates of each real quote must make verification
# fail without crashing; flips in the padding after a quote must not.
# One C driver process does all flips (tests/host/verify-mutate.c).
# Env: TDXG_SAN_DIR=<dir with a SAN build of user/> to use that build.
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=$TOP/tests/data
USER_DIR=${TDXG_SAN_DIR:-$TOP/user}
OUT=$TOP/build/host
mkdir -p "$OUT"
SAN_FLAGS=
[ -n "${TDXG_SAN_DIR:-}" ] && SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
STRIDE=${TDXG_MUTATE_STRIDE:-1}

if [ -z "${TDXG_SAN_DIR:-}" ]; then
	make -s -C "$TOP/user" >&2 || { echo "1..1"; echo "not ok 1 - build user/"; exit 1; }
fi
BIN=$OUT/verify-mutate${TDXG_SAN_DIR:+-san}
if ! cc -O2 -g -Wall -Wextra -Werror $SAN_FLAGS -I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" \
	-o "$BIN" "$TOP/tests/host/verify-mutate.c" "$USER_DIR/lib/libtdxg.a" \
	$(pkg-config --libs libkmod libcrypto 2>/dev/null || echo -lkmod -lcrypto) >&2; then
	echo "1..1"; echo "not ok 1 - build verify-mutate driver"; exit 1
fi
# One time inside every quote's PCK validity (the v5 leaf starts 2026-01-27).
exec "$BIN" 2026-06-01T00:00:00Z "$STRIDE" "$TD/quotes/v4-phala.dat" "$TD/quotes/v4-spr-e4.dat" \
	"$TD/quotes/v5-sample.dat" "$TD/ccel/cos-113-tdx-quote.dat"
