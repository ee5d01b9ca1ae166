#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who owns /dev/tdx_guest (TAP). tdxg registers it only when no tdx_guest
# device exists at load and compat_device is on; otherwise it coexists,
# says so in one log line, and tdxg status reports it. The harness boots
# once with a stand-in in-tree driver (--fake-intree) and once with
# compat_device=0 to reach the other two cases.
set -uo pipefail
export PATH=$PATH:/usr/bin
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

if [ ! -e /dev/tdxg ]; then
	echo "1..0 # SKIP no /dev/tdxg"
	exit 0
fi
param=$(cat /sys/module/tdxg/parameters/compat_device)
status=$(tdxg status)
# Messages of the latest load only: other tests in this boot reload tdxg.
# The backend line is printed once per load, before the compat device.
last_load=$(dmesg | awk '/tdxg: (using the emulated TDX backend|TDX module: GPA width)/ {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}')
logline=$(grep -c 'tdxg: tdx_guest device exists (in-tree driver): /dev/tdx_guest left to it' <<<"$last_load")
registered=$(grep -c 'tdxg: registered compat /dev/tdx_guest' <<<"$last_load")

if [ -d /sys/module/fake_tdx_guest ]; then
	echo "# case: an in-tree tdx_guest driver owns the name"
	[ "$logline" -eq 1 ] && [ "$registered" -eq 0 ]
	ok $? "one log line says tdxg left /dev/tdx_guest to the in-tree driver"
	grep -q '^in-tree tdx_guest: yes$' <<<"$status" && grep -q '^compat device: *no$' <<<"$status"
	ok $? "tdxg status: in-tree tdx_guest yes, compat device no"
	# The stand-in answers every ioctl with ENOTTY: the device is not tdxg's.
	out=$(TDXG_DEVICE=/dev/tdx_guest tdxg report 2>&1 >/dev/null)
	grep -qi 'inappropriate ioctl\|ENOTTY' <<<"$out"
	ok $? "/dev/tdx_guest is the in-tree driver's (GET_REPORT0 answered ENOTTY)"
	[ ! -e /sys/class/misc/tdx_guest/measurements ]
	ok $? "tdxg added no measurements/ to the in-tree device"
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
