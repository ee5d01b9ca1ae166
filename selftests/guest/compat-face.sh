#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who owns /dev/tdx_guest (TAP). tdxg registers it only when no tdx_guest
# device exists at load and compat_device is on; otherwise it coexists,
# says so in one log line, and tdxg status reports it. The harness boots
# 6.12 with the kernel's own tdx_guest driver loaded before and after
# tdxg, and 6.1 with compat_device=0, to reach the other cases.
set -uo pipefail
export PATH=$PATH:/usr/bin
# TAP helpers (tests/tap.sh, put there by selftests/vm/run.sh).
. /lib/tdxg-tests/tap.sh

if [ ! -e /dev/tdxg ]; then
	echo "1..0 # SKIP no /dev/tdxg"
	exit 0
fi
param=$(cat /sys/module/tdxg/parameters/compat_device)
status=$(tdxg status)
# Messages of the latest load only: other tests in this boot reload tdxg.
# The backend line is printed once per load, before the compat device.
last_load=$(dmesg | awk '/tdxg: TDX module: GPA width/ {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}')
logline=$(grep -c 'tdxg: tdx_guest device exists (in-tree driver): /dev/tdx_guest left to it' <<<"$last_load")
registered=$(grep -c 'tdxg: registered compat /dev/tdx_guest' <<<"$last_load")

if [ -d /sys/module/tdx_guest ]; then
	# The kernel's own driver, loaded before tdxg (--intree first) or after
	# it (--intree second, tdxg from an initrd): either way it owns the name.
	echo "# case: the kernel's tdx_guest driver is loaded"
	[ "$registered" -eq 0 ]
	ok $? "tdxg did not register /dev/tdx_guest"
	grep -q '^compat device: *no$' <<<"$status"
	ok $? "tdxg status: compat device no"
	[ -c /dev/tdx_guest ] && [ ! -e /sys/class/misc/tdx_guest/measurements ] ||
		[ -e /sys/class/misc/tdx_guest/measurements/mrtd:sha384 ]
	ok $? "/dev/tdx_guest is the kernel's (measurements/ only where the kernel has it)"
	TDXG_DEVICE=/dev/tdx_guest tdxg report -o /tmp/intree.dat >/dev/null 2>&1 &&
		tdxg report -o /tmp/tdxg.dat >/dev/null &&
		[ "$(od -An -tx1 -j 528 -N 48 /tmp/intree.dat)" = "$(od -An -tx1 -j 528 -N 48 /tmp/tdxg.dat)" ]
	ok $? "GET_REPORT0 on the kernel's /dev/tdx_guest and on /dev/tdxg: same MRTD"
	tdxg report >/dev/null
	ok $? "/dev/tdxg works alongside it"
elif [ "$param" = N ]; then
	echo "# case: compat_device=0"
	[ ! -e /dev/tdx_guest ] && [ "$registered" -eq 0 ] && [ "$logline" -eq 0 ]
	ok $? "no /dev/tdx_guest and no log line"
	grep -q '^compat device: *no$' <<<"$status" && grep -q '^in-tree tdx_guest: no$' <<<"$status"
	ok $? "tdxg status: compat device no, in-tree tdx_guest no"
else
	echo "# case: tdxg provides /dev/tdx_guest"
	[ -c /dev/tdx_guest ] && [ "$registered" -eq 1 ] && [ "$logline" -eq 0 ]
	ok $? "/dev/tdx_guest registered, with one log line"
	grep -q '^compat device: */dev/tdx_guest (by tdxg)$' <<<"$status" && grep -q '^in-tree tdx_guest: no$' <<<"$status"
	ok $? "tdxg status: compat device by tdxg, in-tree tdx_guest no"
	[ -r /sys/class/misc/tdx_guest/measurements/rtmr3:sha384 ]
	ok $? "6.16 measurements/ directory on the compat device"
fi
echo "1..$n"
