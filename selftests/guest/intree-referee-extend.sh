#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own RTMR extend beside tdxg (TAP). Where the kernel's
# tdx_guest driver has writable measurements/rtmrN:sha384
# (CONFIG_TSM_MEASUREMENTS, Linux 6.16 and later), it is a second extender
# of the registers tdxg extends, and a referee of the model: an extend
# through either driver shows in the other's reading; both extend RTMR3
# at once for 10 s, with readers of both sides making the model's
# TDG.MR.REPORT hold the RTMR lock: tdxg never fails, the kernel's driver
# only with EBUSY where the TDX module answered BUSY (it does not retry,
# and warns: selftests/vm/tap-collect.sh counts that); and since tdxg's
# log holds only its own extends, a verifier replaying that log sees the
# kernel's extend as a mismatch of RTMR3 (admin guide, threat model),
# and tdxg itself says where it came from: status, INFO's foreign_mask
# and its own replay (text and --json) name RTMR3 as extended outside
# tdxg's log.
set -uo pipefail
export PATH=$PATH:/usr/bin:/usr/sbin
W=$(mktemp -d)
M=/sys/module/tdx_model/parameters
trap 'echo 0 >"$M/report_hold_us" 2>/dev/null; rm -rf "$W"' EXIT
. /lib/tdxg-tests/tap.sh
hexof() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }
# bash's printf writes up to each 0x0a byte it makes in a write of its
# own: its readers below are dd iflag=fullblock, or a digest holding one
# would reach the kernel as a short write (EINVAL).
unhex() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }
sha384hex() { unhex "$1" | openssl dgst -sha384 -r | cut -c1-96; }
RTMR3_OFF=$((512 + 208 + 3 * 48))

IT=$(readlink -f /sys/class/misc/tdx_guest 2>/dev/null)/measurements
if [ ! -d /sys/module/tdx_guest ] || [ ! -e /dev/tdxg ] || [ ! -w "$IT/rtmr3:sha384" ]; then
	echo "1..0 # SKIP the kernel's tdx_guest has no writable measurements/rtmr3:sha384 (TSM_MEASUREMENTS)"
	exit 0
fi
if [ "$(cat /sys/class/misc/tdxg/policy/rtmr3 2>/dev/null)" != open ]; then
	echo "1..0 # SKIP RTMR3 is not open"
	exit 0
fi
echo "1..11"

# 1. The kernel's extend, seen in tdxg's TDREPORT.
tdxg report -o "$W/r0.dat" 2>"$W/err"
old=$(hexof "$W/r0.dat" $RTMR3_OFF 48)
d1=$(printf 'in-tree %s' "$RANDOM" | openssl dgst -sha384 -r | cut -c1-96)
unhex "$d1" | dd of="$IT/rtmr3:sha384" bs=48 count=1 iflag=fullblock 2>>"$W/err"
rc=$?
tdxg report -o "$W/r1.dat" 2>>"$W/err"
want=$(sha384hex "$old$d1")
[ $rc -eq 0 ] && [ "$(hexof "$W/r1.dat" $RTMR3_OFF 48)" = "$want" ]
ok $? "a write to the kernel's rtmr3:sha384 (exit $rc): tdxg's TDREPORT has RTMR3 = SHA-384(old || digest)"

# 1b. tdxg saw RTMR3 move without its record: status and INFO say so.
tdxg status >"$W/status" 2>>"$W/err"
grep -q "^outside extends: RTMR3 extended outside tdxg's log" "$W/status"
ok $? "tdxg status names RTMR3 as extended outside tdxg's log ($(grep '^outside' "$W/status"))"
tdxg status --json 2>>"$W/err" | tr -d ' \n' >"$W/status.json"
grep -q '"foreign_extend":\[false,false,false,true\]' "$W/status.json" &&
	! grep -q '"foreign_count":0[,}]' "$W/status.json"
ok $? "INFO foreign_mask has bit 3 only and foreign_count > 0 ($(grep -o '"foreign_[a-z]*":[^a-z]*[a-z0-9,]*' "$W/status.json" | tr '\n' ' '))"

# 2. tdxg's extend, seen in the kernel's file (its first read since the
# write in 1, so it reads the TDX module: see the end); tdxg's own agrees.
d2=$(printf 'tdxg %s' "$RANDOM" | openssl dgst -sha384 -r | cut -c1-96)
tdxg extend --rtmr 3 --digest "$d2" >/dev/null 2>>"$W/err"
want=$(sha384hex "$want$d2")
[ "$(hexof "$IT/rtmr3:sha384" 0 48)" = "$want" ]
ok $? "tdxg extend: the kernel's rtmr3:sha384 reads SHA-384(previous || digest)"
[ "$(hexof /sys/class/misc/tdxg/measurements/rtmr3:sha384 0 48)" = "$want" ]
ok $? "tdxg's measurements/rtmr3:sha384 reads the same value"
# What the kernel's file shows after another tdxg extend, with no write
# through it since its last read (a diagnostic: it is the kernel's cache).
prev=$want
tdxg extend --rtmr 3 --digest "$d2" >/dev/null 2>>"$W/err"
want=$(sha384hex "$prev$d2")
case $(hexof "$IT/rtmr3:sha384" 0 48) in
"$prev") echo "# the kernel's rtmr3:sha384 after a second tdxg extend: the value before it (cached)" ;;
"$want") echo "# the kernel's rtmr3:sha384 after a second tdxg extend: the new value (read again)" ;;
*) echo "# the kernel's rtmr3:sha384 after a second tdxg extend: neither value" ;;
esac

# 3. What a verifier sees: tdxg's log replays to something else.
tdxg log --replay --against report >"$W/replay" 2>"$W/replay.err"
rc=$?
[ $rc -eq 1 ] && grep -q "RTMR3 .*outside tdxg's log" "$W/replay.err"
ok $? "tdxg log --replay --against report: exit 1, RTMR3 extended outside tdxg's log (got $rc: $(head -1 "$W/replay.err"))"
# The same in --json, for a program: the against object names the register.
tdxg log --replay --against report --json 2>/dev/null | tr -d ' \n' >"$W/replay.json"
grep -q '"first_mismatch":"RTMR3"' "$W/replay.json" &&
	grep -q '"foreign_extend":\[false,false,false,true\]' "$W/replay.json"
ok $? "tdxg log --replay --against report --json: first_mismatch RTMR3, against.foreign_extend has RTMR3 only ($(grep -o '"foreign_extend":[^]]*]' "$W/replay.json"))"

# 4. Both extend RTMR3 for 10 s while readers of both sides take reports
# that hold the model's RTMR lock shared (report_hold_us).
echo 10000 >"$M/report_hold_us"
eb0=$(cat "$M/busy_returned") rb0=$(cat "$M/report_busy_returned")
end=$((SECONDS + 10)) hard=$((SECONDS + 30))
# At least 10 s, and on until the lock was contended once (at most 30 s):
# on a loaded host the three loops can take turns for a long while.
running() {
	[ $SECONDS -lt $end ] && return 0
	[ $SECONDS -lt $hard ] &&
		[ $(($(cat "$M/busy_returned") - eb0 + $(cat "$M/report_busy_returned") - rb0)) -eq 0 ]
}
(
	ok=0 bad=0
	while running; do
		if head -c 48 /dev/urandom | dd of="$IT/rtmr3:sha384" bs=48 count=1 iflag=fullblock 2>"$W/dd.err"; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			grep -q 'busy' "$W/dd.err" || busy_only=0
		fi
	done
	echo "$ok $bad ${busy_only:-1}" >"$W/intree.count"
) &
(
	ok=0 bad=0
	while running; do
		if tdxg extend --rtmr 3 --digest "$d2" >/dev/null 2>>"$W/tdxg.err"; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
		fi
	done
	echo "$ok $bad" >"$W/tdxg.count"
) &
(
	bad=0 itbad=0
	while running; do
		# The kernel's read takes a report without retrying a BUSY one,
		# as its extend does: only tdxg's readers must never fail.
		cat "$IT/rtmr3:sha384" >/dev/null 2>"$W/cat.err" ||
			{ itbad=$((itbad + 1)); grep -qi busy "$W/cat.err" || bad=$((bad + 1)); }
		tdxg report -o "$W/rr.dat" 2>/dev/null || bad=$((bad + 1))
	done
	echo "$bad" >"$W/reader.count"
	echo "$itbad" >"$W/itreader.count"
) &
wait
echo 0 >"$M/report_hold_us"
eb=$(($(cat "$M/busy_returned") - eb0)) rb=$(($(cat "$M/report_busy_returned") - rb0))
read -r it_ok it_bad it_busy_only <"$W/intree.count"
read -r tx_ok tx_bad <"$W/tdxg.count"
# The kernel's driver does not retry a BUSY extend (tdx-guest.c
# tdx_mr_extend(): EBUSY and a WARN, which tap-collect.sh counts): its
# writes may fail, but only with EBUSY, each one a BUSY of the model.
[ "$it_ok" -gt 0 ] && [ "$it_busy_only" = 1 ] && [ "$it_bad" -le "$eb" ]
ok $? "10 s: the kernel's driver extended $it_ok times; $it_bad failed, all EBUSY, at most the model's $eb EXTEND BUSY answers"
[ "$tx_ok" -gt 0 ] && [ "$tx_bad" -eq 0 ]
ok $? "10 s: tdxg extended $tx_ok times, $tx_bad failed"
# The kernel's rtmrN:sha384 re-reads the TDX module only after a write
# through itself (tsm-mr.c tm_digest_read(): a cached value while
# ctx->in_sync): after tdxg's last extend it may still show an older
# value. One more extend through it, then both drivers agree.
d3=$(printf 'in-tree last %s' "$RANDOM" | openssl dgst -sha384 -r | cut -c1-96)
tdxg report -o "$W/r2.dat" 2>>"$W/err"
unhex "$d3" | dd of="$IT/rtmr3:sha384" bs=48 count=1 iflag=fullblock 2>>"$W/err"
tdxg report -o "$W/r3.dat" 2>>"$W/err"
want=$(sha384hex "$(hexof "$W/r2.dat" $RTMR3_OFF 48)$d3")
[ "$(cat "$W/reader.count")" -eq 0 ] &&
	[ "$(hexof "$W/r3.dat" $RTMR3_OFF 48)" = "$want" ] &&
	[ "$(hexof "$IT/rtmr3:sha384" 0 48)" = "$want" ]
ok $? "tdxg's reports and other reads failed $(cat "$W/reader.count") times (the kernel's reads: $(cat "$W/itreader.count") EBUSY); after one more extend through the kernel both drivers read SHA-384(RTMR3 || digest)"
[ $((eb + rb)) -gt 0 ]
ok $? "the model's RTMR lock was contended: EXTEND answered BUSY $eb times, REPORT $rb times"

sed 's/^/#   /' "$W/err" "$W/tdxg.err" 2>/dev/null | sort | uniq -c | head -8
