#!/bin/bash
# SPDX-License-Identifier: MIT
# Host checks of the tdxg CLI (see cli-checks.sh) against user/tdxg.
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
make -s -C "$TOP/user" >/dev/null || { echo "1..1"; echo "not ok 1 - make -C user"; exit 1; }
exec "$TOP/tests/host/cli-checks.sh"
