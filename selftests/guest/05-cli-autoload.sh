#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Guest test of libtdxg's on-demand module loading: with module
# tdxg unloaded, `tdxg status` says so and exits 3, `tdxg report` without
# CAP_SYS_MODULE (as an unprivileged user) fails with exit 3 naming the
# capability, and as root it
# loads the module through libkmod and succeeds. Prints TAP.
#
# The module is reloaded with the parameters it was booted with (through
# modprobe.d), so later tests see the same configuration. A module that
# is pinned (an extend or seal may have landed) cannot be unloaded: then
# this skips.
set -uo pipefail
export PATH=$PATH:/usr/bin:/usr/sbin
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# TAP helpers (tests/tap.sh, put there by selftests/vm/run.sh).
. /lib/tdxg-tests/tap.sh

if [ ! -e /dev/tdxg ] || [ ! -f /lib/modules/tdxg.ko ]; then
	echo "1..0 # SKIP no /dev/tdxg or no /lib/modules/tdxg.ko"
	exit 0
fi
if tdxg status | grep -q '^pinned: *yes'; then
	echo "1..0 # SKIP module is pinned (an extend or seal may have landed), it cannot be unloaded"
	exit 0
fi

# The harness installs the module as extra/tdxg.ko with kmod's indexes,
# which is what libkmod needs to find it by name.
kdir=/lib/modules/$(uname -r)
mkdir -p /etc/modprobe.d
if [ ! -f "$kdir/modules.dep.bin" ] || [ ! -f "$kdir/extra/tdxg.ko" ]; then
	echo "1..0 # SKIP no module index in $kdir (the harness runs depmod)"
	exit 0
fi
params=$(cat /etc/tdxg-params 2>/dev/null)
[ -z "$params" ] || echo "options tdxg $params" >/etc/modprobe.d/tdxg.conf

run rmmod tdxg
ok $rc "rmmod tdxg"
if [ "$rc" -ne 0 ]; then
	sed 's/^/#   /' "$W/err"
	echo "1..$n"
	exit 0
fi

run tdxg status
[ "$rc" -eq 3 ] && grep -q '^module: *not loaded' "$W/out" && [ ! -e /sys/module/tdxg ]
ok $? "status with the module unloaded: 'not loaded', exit 3 (got $rc), and status did not load it"

# An unprivileged user has no CAP_SYS_MODULE (busybox has su, not capsh).
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
run su -s /bin/sh nobody -c 'tdxg report'
[ "$rc" -eq 3 ] && grep -q 'CAP_SYS_MODULE' "$W/err" && [ ! -e /sys/module/tdxg ]
ok $? "report as an unprivileged user: exit 3 naming CAP_SYS_MODULE, module not loaded (got $rc)"
sed 's/^/#   /' "$W/err" | head -2

run tdxg report --data 0102 -o "$W/r.bin"
[ "$rc" -eq 0 ] && [ -e /sys/module/tdxg ] && [ "$(stat -c %s "$W/r.bin")" -eq 1024 ]
ok $? "report as root loads tdxg through libkmod and returns a TDREPORT (exit $rc)"
if [ "$rc" -ne 0 ]; then
	sed 's/^/#   /' "$W/err" | head -3
	ls -lR "$kdir" | sed 's/^/#   /' | head -20
	head -5 "$kdir/modules.dep" | sed 's/^/#   modules.dep: /'
fi

# Whatever happened above, leave the module loaded for the tests after us.
[ -e /sys/module/tdxg ] || insmod /lib/modules/tdxg.ko $params
run tdxg status
[ "$rc" -eq 0 ] && grep -q '^module: *loaded' "$W/out"
ok $? "status after reload: loaded, exit 0"
echo "1..$n"
