#!/bin/bash
# SPDX-License-Identifier: MIT
# Every single-byte flip of the header and body (all positions) and of the
# signature, attestation key, QE report, its signature, QE auth data and
# the PCK chain certificates of each real quote must make verification
# fail without crashing; flips in the padding after a quote must not.
# One C driver process does all flips (tests/host/verify-mutate.c).
# Env: TDXG_VARIANT=san to use the ASan+UBSan build.
set -u
. "$(dirname "$0")/../lib.sh"
STRIDE=${TDXG_MUTATE_STRIDE:-1}
need_user || bail "build user/"
build_driver verify-mutate || bail "build verify-mutate driver"
BIN=$DRIVER
# One time inside every quote's PCK validity (the v5 leaf starts 2026-01-27).
exec "$BIN" 2026-06-01T00:00:00Z "$STRIDE" "$TD/quotes/v4-phala.dat" "$TD/quotes/v4-spr-e4.dat" \
	"$TD/quotes/v5-sample.dat" "$TD/ccel/cos-113-tdx-quote.dat"
