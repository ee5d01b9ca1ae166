#!/bin/bash
# SPDX-License-Identifier: MIT
# libtdxg's one calendar (user/lib/time.c): tdxg_format_time and
# tdxg_parse_time against glibc's gmtime_r and strftime over years
# 1000..9999, RFC 3339 years below 1000, and dates that do not exist.
# The C driver is tests/host/lib-time.c.
set -u
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/"
build_driver lib-time || bail "build lib-time driver"
exec "$DRIVER"
