#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Upstream Linux referees the TDX-module model (TAP). Where the kernel has
# its own tdx_guest driver and configfs-tsm, both run against the same
# model as tdxg: the kernel's GET_REPORT0 must show tdxg's extends, and a
# configfs-tsm quote must carry the caller's report data and the TD's
# MRTD. Then tdxg quote --transport tsm and auto work end to end.
set -uo pipefail
export PATH=$PATH:/usr/bin:/usr/sbin
W=$(mktemp -d)
M=/sys/module/tdx_model/parameters
SOCK=/run/tdxg-qgs.sock
TSM=/sys/kernel/config/tsm/report
QGS_PID=
cleanup() {
	[ -n "$QGS_PID" ] && kill "$QGS_PID" 2>/dev/null
	rmdir "$TSM/referee" "$TSM/private" 2>/dev/null
	echo 0 >"$M/allow_private_gpa" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
# TAP helpers (tests/tap.sh, put there by selftests/vm/run.sh).
. /lib/tdxg-tests/tap.sh
hexof() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }
unhex() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }

if [ ! -d /sys/module/tdx_guest ] || [ ! -d /sys/module/tdx_model ] || [ ! -e /dev/tdxg ]; then
	echo "1..0 # SKIP needs the kernel's tdx_guest driver, the TDX-module model and tdxg"
	exit 0
fi
echo "1..10"

[ -c /dev/tdx_guest ] && ! tdxg status | grep -q '^compat device: */dev/tdx_guest (by tdxg)'
ok $? "/dev/tdx_guest is the kernel's driver, not tdxg's compat device"

# A report through each driver, around an extend through tdxg.
digest=$(printf 'intree-referee %s' "$RANDOM" | openssl dgst -sha384 -r | cut -c1-96)
TDXG_DEVICE=/dev/tdx_guest tdxg report -o "$W/before.dat" 2>"$W/err"
ok $? "GET_REPORT0 on the kernel's /dev/tdx_guest"
tdxg extend --rtmr 3 --digest "$digest" >/dev/null 2>>"$W/err"
TDXG_DEVICE=/dev/tdx_guest tdxg report -o "$W/intree.dat" 2>>"$W/err" &&
	tdxg report -o "$W/tdxg.dat" 2>>"$W/err"
ok $? "extend RTMR3 through tdxg, then a report through each driver"
old=$(hexof "$W/before.dat" $((512 + 208 + 144)) 48)
want=$(unhex "$old$digest" | openssl dgst -sha384 -r | cut -c1-96)
[ "$(hexof "$W/intree.dat" $((512 + 208 + 144)) 48)" = "$want" ]
ok $? "the kernel's report shows tdxg's extend: RTMR3 = SHA-384(old || digest)"
[ "$(hexof "$W/intree.dat" 512 400)" = "$(hexof "$W/tdxg.dat" 512 400)" ]
ok $? "TDINFO (MRTD, MRCONFIGID, MROWNER*, RTMR0..3) identical in both reports"

# configfs-tsm, the kernel's quote path, through the model's VMM.
tdxg-test-qgs --keys "$W/keys" --unix "$SOCK" --daemon --log "$W/qgs.log" >"$W/pid" 2>>"$W/err"
QGS_PID=$(cat "$W/pid")
printf %s "$SOCK" >"$M/qgs_socket"
data=$(od -An -tx1 -v -N 64 /dev/urandom | tr -d ' \n')
# The kernel's cc_mkdec() is the identity on a non-TD: its GetQuote GPA
# has no shared bit, which every VMM refuses (KVM's tdx_get_quote():
# INVALID_OPERAND), and the kernel's quote fails.
p0=$(cat "$M/nr_quote_private")
mkdir -p "$TSM/private" && unhex "$data" >"$TSM/private/inblob" &&
	! cat "$TSM/private/outblob" >/dev/null 2>&1 &&
	[ "$(cat "$M/nr_quote_private")" -gt "$p0" ]
ok $? "a GetQuote GPA without the shared bit is refused: configfs-tsm fails ($p0 -> $(cat "$M/nr_quote_private") private GPAs)"
rmdir "$TSM/private" 2>/dev/null
echo 1 >"$M/allow_private_gpa"
mkdir -p "$TSM/referee" &&
	unhex "$data" >"$TSM/referee/inblob" &&
	cat "$TSM/referee/outblob" >"$W/tsm.dat" 2>>"$W/err"
[ "$(cat "$TSM/referee/provider" 2>/dev/null)" = tdx_guest ] && [ -s "$W/tsm.dat" ] &&
	[ "$(hexof "$W/tsm.dat" 0 2)" = 0400 ]
ok $? "configfs-tsm (provider tdx_guest) returns a v4 quote ($(stat -c %s "$W/tsm.dat" 2>/dev/null) bytes)"
[ "$(hexof "$W/tsm.dat" 568 64)" = "$data" ] &&
	[ "$(hexof "$W/tsm.dat" 184 48)" = "$(hexof "$W/tdxg.dat" 528 48)" ]
ok $? "its body carries the caller's report data and the TD's MRTD"

tdxg quote --transport tsm --data "$data" -o "$W/q-tsm.dat" 2>>"$W/err"
rc=$?
[ $rc -eq 0 ] && [ "$(hexof "$W/q-tsm.dat" 568 64)" = "$data" ]
ok $? "tdxg quote --transport tsm: exit $rc, report data in the quote"
tdxg quote --transport auto --data "$data" --json >"$W/auto.json" 2>>"$W/err"
rc=$?
[ $rc -eq 0 ] && grep -q '"transport": *"tsm"' "$W/auto.json"
ok $? "tdxg quote --transport auto: exit $rc, answered by tsm"
sed 's/^/#   /' "$W/err" | head -8
