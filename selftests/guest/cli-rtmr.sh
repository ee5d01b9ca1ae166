#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Guest test of the tdxg CLI: status, report, extend and lock on
# the live device, then `log --replay --against report` over the CCEL and
# the runtime log after that scripted sequence. Prints TAP.
#
# Other guest tests share this boot: RTMR values are never assumed, only
# RTMR0 and RTMR1 are ever sealed here, and RTMR2/3 stay open.
set -uo pipefail
export PATH=$PATH:/usr/bin:/usr/sbin
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
SYSFS=/sys/class/misc/tdxg

# TAP helpers (tests/tap.sh, put there by selftests/vm/run.sh).
. /lib/tdxg-tests/tap.sh
show_err() { sed 's/^/#   /' "$W/err" | head -5; }

hex_of() { od -An -tx1 -v "$1" | tr -d ' \n'; }
hex2bin() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }
sha384_hex() { openssl dgst -sha384 -r | cut -d' ' -f1; }
# extend_hex OLD DIGEST: SHA-384(OLD || DIGEST), all hex
extend_hex() { { hex2bin "$1"; hex2bin "$2"; } | sha384_hex; }
json_field() { grep "\"$1\"" "$W/out" | head -1 | cut -d'"' -f4; }
report_rtmr() { tdxg report --json >"$W/out" 2>"$W/err" && json_field "rtmr$1"; }
policy() { cat "$SYSFS/policy/rtmr$1"; }

if [ ! -e /dev/tdxg ]; then
	echo "1..0 # SKIP no /dev/tdxg"
	exit 0
fi

# ---- status
run tdxg status
[ "$rc" -eq 0 ] && grep -q '^module: *loaded' "$W/out" && grep -q '^backend: *tdx$' "$W/out"
ok $? "status: exit 0, module loaded, tdx backend"
[ "$rc" -eq 0 ] || show_err
grep -q "^rtmr2 policy: *$(policy 2)\$" "$W/out"
ok $? "status: rtmr2 policy matches sysfs ($(policy 2))"
run tdxg status --json
grep -q '"device_available": true' "$W/out" && grep -q '"event_log": {"records": [0-9]' "$W/out"
ok $? "status --json: device available, event-log counters"

# ---- report
data=00112233445566778899aabbccddeeff
run tdxg report --data $data -o "$W/r.bin"
[ "$rc" -eq 0 ] && [ "$(stat -c %s "$W/r.bin")" -eq 1024 ]
ok $? "report -o writes a 1024-byte TDREPORT"
[ "$(od -An -tx1 -j0 -N1 "$W/r.bin" | tr -d ' ')" = 81 ]
ok $? "report: type byte is 0x81"
want=$data$(printf '%0*d' 96 0)
[ "$(od -An -tx1 -v -j128 -N64 "$W/r.bin" | tr -d ' \n')" = "$want" ]
ok $? "report: REPORTDATA at offset 128 is --data, zero padded"
run tdxg show "$W/r.bin" --json
[ "$rc" -eq 0 ] && [ "$(json_field reportdata)" = "$want" ] &&
	grep -q '"tee_info_hash_valid": true' "$W/out" && grep -q '"tee_tcb_info_hash_valid": true' "$W/out"
ok $? "show --json of the report: reportdata, both hashes valid"
run tdxg report --hex
[ "$rc" -eq 0 ] && [ "$(tr -d '\n' <"$W/out" | wc -c)" -eq 2048 ]
ok $? "report --hex prints 2048 hex digits"
run tdxg report --nonce --binary
[ "$rc" -eq 0 ] && [ "$(wc -c <"$W/out")" -eq 1024 ]
ok $? "report --nonce --binary writes 1024 bytes"

# ---- extend: printed value = SHA-384(old || SHA-384(data)) = sysfs = report
old=$(report_rtmr 2)
run tdxg extend --rtmr 2 --data "tdxg cli test one"
new=$(sed -n 's/^rtmr2: //p' "$W/out")
want=$(extend_hex "$old" "$(printf %s "tdxg cli test one" | sha384_hex)")
[ "$rc" -eq 0 ] && [ -n "$old" ] && [ "$new" = "$want" ]
ok $? "extend --data: printed RTMR2 = SHA-384(old || SHA-384(data))"
[ "$rc" -eq 0 ] || show_err
[ "$(hex_of "$SYSFS/measurements/rtmr2:sha384")" = "$want" ]
ok $? "extend --data: measurements/rtmr2:sha384 agrees"
[ "$(report_rtmr 2)" = "$want" ]
ok $? "extend --data: a fresh TDREPORT agrees"

printf 'file contents\n' >"$W/measured"
digest=$(sha384_hex <"$W/measured")
old=$want
run tdxg extend --rtmr 2 --file "$W/measured" --event-type EV_EVENT_TAG
want=$(extend_hex "$old" "$digest")
[ "$rc" -eq 0 ] && [ "$(sed -n 's/^rtmr2: //p' "$W/out")" = "$want" ]
ok $? "extend --file --event-type EV_EVENT_TAG"
old=$want
digest=$(printf 'raw digest' | sha384_hex)
run tdxg extend --rtmr 3 --digest "$digest" --event-data "given digest" --json
[ "$rc" -eq 0 ] && grep -q "\"digest\": \"$digest\"" "$W/out"
ok $? "extend --digest --event-data --json on RTMR3"

run tdxg log --runtime
grep -qE 'RTMR2 +EV_IPL .*tdxg cli test one' "$W/out" &&
	grep -qE "RTMR2 +EV_EVENT_TAG .*$W/measured" "$W/out" &&
	grep -qE "RTMR3 +EV_IPL +sha384:$digest +given digest" "$W/out"
ok $? "log --runtime lists the three extends with their event data"

# ---- lock: once on RTMR1 allows one extend, then it is locked
if [ "$(policy 1)" = open ]; then
	run tdxg lock --rtmr 1 --once
	[ "$rc" -eq 0 ] && grep -q '^rtmr1: once' "$W/out" && [ "$(policy 1)" = once ]
	ok $? "lock --rtmr 1 --once: policy once"
	run tdxg extend --rtmr 1 --data "the one extend"
	[ "$rc" -eq 0 ] && [ "$(policy 1)" = locked ]
	ok $? "once: first extend succeeds, policy becomes locked"
	run tdxg extend --rtmr 1 --data "one too many"
	[ "$rc" -eq 3 ] && grep -q 'Operation not permitted' "$W/err"
	ok $? "once: second extend fails with EPERM, exit 3 (got $rc)"
else
	for d in "lock --once" "once: first extend" "once: second extend"; do
		skip "$d" "rtmr1 already $(policy 1)"
	done
fi
run tdxg lock --rtmr 0
[ "$rc" -eq 0 ] && [ "$(policy 0)" = locked ]
ok $? "lock --rtmr 0: policy locked"
run tdxg lock --rtmr 0 --once
[ "$rc" -eq 3 ] && [ "$(policy 0)" = locked ]
ok $? "lock --rtmr 0 --once after locked: refused (policies never loosen), exit 3"
run tdxg extend --rtmr 0 --data "after lock"
[ "$rc" -eq 3 ]
ok $? "extend on locked RTMR0: exit 3 (got $rc)"
run tdxg status
grep -q '^rtmr0 policy: *locked' "$W/out" && grep -q '^rtmr1 policy: *locked' "$W/out" &&
	grep -q '^rtmr2 policy: *open' "$W/out"
ok $? "status shows rtmr0/1 locked and rtmr2 open"
run tdxg log --runtime
grep -qE 'RTMR0 +TDXG_EV_POLICY .*TDXG_POLICY_LOCKED' "$W/out"
ok $? "log shows the RTMR0 policy marker"

# ---- replay everything against a fresh report
run tdxg log --replay --against report
[ "$rc" -eq 0 ] && grep -q 'RTMR0..RTMR3 all match the TDREPORT' "$W/out"
ok $? "log --replay --against report: RTMR0..3 all match (exit $rc)"
[ "$rc" -eq 0 ] || { sed 's/^/#   /' "$W/out" | tail -8; show_err; }
run tdxg log --replay --against report --json
grep -q '"match": true' "$W/out"
ok $? "log --replay --against report --json: match true"

# The CCEL, where this boot has one: 43 events from tests/data.
if [ -e /sys/firmware/acpi/tables/data/CCEL ] || [ -e "$SYSFS/ccel" ]; then
	run tdxg log --ccel
	[ "$rc" -eq 0 ] && grep -qE '^ccel log .*: 43 events' "$W/out"
	ok $? "log --ccel reads the firmware CCEL: 43 events"
else
	skip "log --ccel" "no CCEL in this boot"
fi

# A runtime log saved to a file replays off-line to the same values.
cp "$SYSFS/event_log" "$W/runtime.log"
tdxg report -o "$W/now.bin" >/dev/null 2>&1
args=(--log-file "$W/runtime.log")
if [ -e /sys/firmware/acpi/tables/data/CCEL ]; then
	cp /sys/firmware/acpi/tables/data/CCEL "$W/ccel.bin"
	args+=(--ccel-file "$W/ccel.bin")
elif [ -e "$SYSFS/ccel" ]; then
	cp "$SYSFS/ccel" "$W/ccel.bin"
	args+=(--ccel-file "$W/ccel.bin")
fi
run tdxg log "${args[@]}" --against report "$W/now.bin"
[ "$rc" -eq 0 ]
ok $? "saved logs replay against a saved report off-line (exit $rc)"

# A tampered copy of the runtime log no longer matches, naming RTMR2.
flip_rtmr2_digest() { # FILE: change a byte of the first RTMR2 record's digest
	local f=$1 pos=0 size mr len byte
	size=$(stat -c %s "$f")
	while [ "$pos" -lt "$size" ]; do
		mr=$(od -An -tu4 -j"$pos" -N4 "$f" | tr -d ' ')
		len=$(od -An -tu4 -j$((pos + 62)) -N4 "$f" | tr -d ' ')
		if [ "$mr" -eq 3 ]; then
			byte=$(od -An -tx1 -j$((pos + 14 + 5)) -N1 "$f" | tr -d ' ')
			[ "$byte" = aa ] && byte='\x55' || byte='\xaa'
			printf "$byte" | dd of="$f" bs=1 seek=$((pos + 14 + 5)) conv=notrunc 2>/dev/null
			return 0
		fi
		pos=$((pos + 66 + len))
	done
	return 1
}
cp "$W/runtime.log" "$W/tampered.log"
flip_rtmr2_digest "$W/tampered.log"
args[1]=$W/tampered.log
run tdxg log "${args[@]}" --against report "$W/now.bin"
[ "$rc" -eq 1 ] && grep -q RTMR2 "$W/err"
ok $? "tampered runtime log: exit 1 naming RTMR2 (got $rc)"

echo "1..$n"
