#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seals at load (TAP): what an initrd does with rtmr_policy=. Needs a
# module with an empty log (check.sh boots it alone: --only '*seal-load*');
# elsewhere it skips, because a module with records cannot be reloaded.
#  1. Every load-time seal fails (endless TDX_OPERAND_BUSY): the module
#     still loads, says in dmesg which register failed, refuses extends on
#     those registers, has logged nothing and can be unloaded.
#  2. A partial seal (RTMR0 fails, RTMR1 is sealed): the module stays
#     loaded and pinned, the log holds exactly RTMR1's LOCKED marker, and
#     a later `locked` write retries RTMR0's marker.
#  3. Policies are applied before any node appears: an extender that
#     writes RTMR1 the moment its sysfs file exists gets EPERM.
set -uo pipefail
export PATH=$PATH:/usr/bin:/usr/sbin
# TAP helpers (tests/tap.sh, put there by selftests/vm/run.sh).
. /lib/tdxg-tests/tap.sh
S=/sys/class/misc/tdxg
MOD=/lib/modules/tdxg.ko
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# The fault-injection knobs of the TDX module under test (the TDX-module
# model's parameters): the one place that says where they live.
KNOBS=/sys/module/tdx_model/parameters
knob() { cat "$KNOBS/$1"; }
set_knob() { echo "$2" >"$KNOBS/$1"; }

log_bytes() { wc -c <"$S/event_log"; }
# extend RTMR: write 48 bytes to measurements/, print the error or "ok".
extend() {
	local err
	err=$( { printf '%048d' "$2" >"$S/measurements/rtmr$1:sha384"; } 2>&1) && echo ok ||
		sed -n 's/.*: //p' <<<"$err" | tail -1
}
policy() { cat "$S/policy/rtmr$1"; }
dmesg_since() { dmesg | awk -v m="$1" 'index($0, m) {buf = ""; next} {buf = buf $0 "\n"} END {printf "%s", buf}'; }

if [ ! -e /dev/tdxg ] || [ ! -f "$MOD" ] || [ ! -w "$KNOBS/extend_busy" ]; then
	echo "1..0 # SKIP no /dev/tdxg, no $MOD or no extend_busy knob"
	exit 0
fi
if [ "$(log_bytes)" -ne 0 ] || tdxg status | grep -q '^pinned: *yes'; then
	echo "1..0 # SKIP the runtime log is not empty: tdxg cannot be reloaded in this boot"
	exit 0
fi
params=$(cat /etc/tdxg-params 2>/dev/null)
rmmod tdxg
ok $? "rmmod tdxg with an empty log"

# 1. Every seal fails.
echo "seal-load: step 1" >/dev/kmsg
set_knob extend_busy 100000
insmod "$MOD" rtmr_policy=locked,locked,locked,once
rc=$?
ok $rc "insmod with every load-time seal failing still loads (rc $rc)"
if [ "$rc" -ne 0 ]; then
	dmesg | tail -5 | sed 's/^/#   /'
	echo "1..$n"
	exit 0
fi
tries=$((100000 - $(knob extend_busy)))
set_knob extend_busy 0
msgs=$(dmesg_since "seal-load: step 1")
bad=0
for i in 0 1 2 3; do
	grep -q "rtmr$i: cannot seal at load" <<<"$msgs" || bad=1
	[ "$(policy $i)" = open ] || bad=1
done
ok $bad "dmesg names each register whose seal failed; each still reads open"
sed 's/^/#   /' <<<"$msgs" | grep -i 'seal' | head -5
[ "$(extend 0 1)" = "Operation not permitted" ] && [ "$(extend 3 1)" = "Operation not permitted" ]
ok $? "extends on a register whose seal is pending get EPERM"
[ "$(log_bytes)" -eq 0 ] && tdxg status | grep -q '^pinned: *no'
ok $? "nothing logged and not pinned"
tdxg status >"$W/st"
grep -q '^load seals: *failed for rtmr0 rtmr1 rtmr2 rtmr3 (Device or resource busy)$' "$W/st" &&
	[ "$(grep -c 'seal pending' "$W/st")" -eq 4 ]
ok $? "INFO (tdxg status): the load-time seals failed with EBUSY, four seals pending"
grep -E '^(load seals|rtmr)' "$W/st" | sed 's/^/#   /'
rmmod tdxg
ok $? "rmmod: nothing was measured, so the module can go"
per=$((tries / 4))
echo "# $tries BUSY answers for 4 seals: $per per seal"

# 2 and 3. RTMR0 fails, RTMR1 is sealed, an extender races the load.
(
	until [ -e "$S/measurements/rtmr1:sha384" ]; do :; done
	extend 1 7 >"$W/race"
) &
racer=$!
echo "seal-load: step 2" >/dev/kmsg
set_knob extend_busy "$per"
insmod "$MOD" rtmr_policy=locked,locked
rc=$?
ok $rc "insmod with a partial seal loads (rc $rc)"
wait $racer
race=$(cat "$W/race" 2>/dev/null)
[ "$race" = "Operation not permitted" ]
ok $? "an extend racing the load finds RTMR1 already sealed (got '$race')"
set_knob extend_busy 0
msgs=$(dmesg_since "seal-load: step 2")
[ "$(policy 0)" = open ] && [ "$(policy 1)" = locked ] &&
	grep -q 'rtmr0: cannot seal at load' <<<"$msgs" && ! grep -q 'rtmr1: cannot seal' <<<"$msgs"
ok $? "RTMR0 failed (open, in dmesg), RTMR1 sealed"
[ "$(log_bytes)" -eq $((66 + 18)) ]
ok $? "the log holds exactly RTMR1's LOCKED marker ($(log_bytes) bytes)"
rmmod tdxg 2>/dev/null
rc=$?
[ "$rc" -ne 0 ] && [ -e /sys/module/tdxg ] && tdxg status | grep -q '^pinned: *yes'
ok $? "partial seal: rmmod refused, module pinned"
if [ ! -e /sys/module/tdxg ]; then
	insmod "$MOD" $params
	echo "1..$n"
	exit 0
fi
[ "$(extend 0 2)" = "Operation not permitted" ]
ok $? "RTMR0's seal is pending: extends get EPERM"
tdxg status >"$W/st"
grep -q '^load seals: *failed for rtmr0 (' "$W/st" && grep -q '^rtmr0 policy: *open (seal pending' "$W/st" &&
	[ "$(grep -c 'seal pending' "$W/st")" -eq 1 ]
ok $? "INFO (tdxg status): RTMR0 failed at load, its seal pending"
echo locked >"$S/policy/rtmr0" && [ "$(policy 0)" = locked ] && [ "$(log_bytes)" -eq $((2 * (66 + 18))) ]
ok $? "a later 'locked' write retries RTMR0's marker and seals it"
! tdxg status | grep -q 'seal pending'
ok $? "no seal pending any more"
echo "1..$n"
