#!/bin/bash
# SPDX-License-Identifier: MIT
# libtdxg's one calendar (user/lib/time.c): tdxg_format_time and
# tdxg_parse_time against glibc's gmtime_r and strftime over years
# 1000..9999, RFC 3339 years below 1000, and dates that do not exist.
# The C driver is tests/host/lib-time.c.
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=$TOP/build/host
mkdir -p "$OUT"
make -s -C "$TOP/user" >&2 || { echo "1..1"; echo "not ok 1 - build user/"; exit 1; }
if ! cc -O2 -g -Wall -Wextra -Werror -I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" \
	-o "$OUT/lib-time" "$TOP/tests/host/lib-time.c" "$TOP/user/lib/libtdxg.a" \
	$(pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto) -ldl -lpthread >&2; then
	echo "1..1"; echo "not ok 1 - build lib-time driver"; exit 1
fi
exec "$OUT/lib-time"
