#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test harness itself: scripts/kernels.sh finds each test kernel by
# series (a plain series never picks the rt, cloud or self-built
# flavours), selftests/vm/tap-collect.sh fails a run on every kind of
# sanitizer report and on a debug kernel whose sanitizers were off, and
# the test scripts share one set of helpers: what tests/tap.sh and
# tests/lib.sh define is defined nowhere else, no test builds user/ on its
# own (need_user does, once), and none copies user/ to build a variant
# of it (make -C user O=DIR EXTRA_CFLAGS=... does).
. "$(dirname "$0")/../lib.sh"
cd "$TOP" || exit 1
. scripts/kernels.sh
scratch
T=$W

# A /lib/modules holding every flavour, one of them without headers.
export TDXG_MODULES_DIR=$T/modules
for k in 6.1.0-57-amd64 6.1.0-58-amd64 6.1.192-tdxg-tdx 6.12.117+deb12-amd64 \
	6.12.117+deb12-rt-amd64 6.12.117+deb12-cloud-amd64 6.12.117-tdxg-debug \
	7.3.4+deb13-amd64 7.3.4+deb13-rt-amd64 7.2.12+deb13-amd64 7.2.12+deb13-rt-amd64; do
	mkdir -p "$TDXG_MODULES_DIR/$k/build"
done
mkdir -p "$TDXG_MODULES_DIR/6.12.200+deb12-amd64" # no headers: never chosen
resolves() { # series expected
	local got
	got=$(kver_of "$1")
	[ "$got" = "$2" ] || { echo "kver_of $1: got '$got', want '$2'"; return 1; }
}
unresolved() { # series
	local got
	! got=$(kver_of "$1") || { echo "kver_of $1: got '$got', want nothing"; return 1; }
}

# Console logs: a clean run, then the same run with one report added.
console() { # file dmesg-extra [kmemleak-body] [debug_locks]
	{
		echo "Linux version 6.12.117-tdxg-debug"
		echo "@@TDXG-BEGIN load-module"
		echo "@@TDXG-END load-module 0"
		echo "@@TDXG-BEGIN 10-tdxg_test"
		echo "1..1"
		echo "ok 1 tdxg.open"
		echo "@@TDXG-END 10-tdxg_test 0"
		echo "@@TDXG-BEGIN kmemleak"
		printf '%s' "${3-}"
		echo "@@TDXG-END kmemleak 0"
		echo "@@TDXG-BEGIN sanitizers"
		echo " debug_locks:                             ${4-1}"
		echo "@@TDXG-END sanitizers 0"
		echo "@@TDXG-BEGIN dmesg"
		echo "[    0.000000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar"
		echo "[    0.000000] KernelAddressSanitizer initialized"
		echo "[    0.215332] kmemleak: Kernel memory leak detector initialized (mem pool available: 14508)"
		echo "[    0.370051] kfence: initialized - using 2097152 bytes for 255 objects at 0x(____ptrval____)-0x(____ptrval____)"
		printf '%s' "$2"
		echo "@@TDXG-END dmesg 0"
		echo "@@TDXG-DONE"
	} >"$1"
}
collect_clean() { # series: every line ok, and the debug checks are there
	local out
	console "$T/clean.log" ""
	out=$(selftests/vm/tap-collect.sh "$1" "$T/clean.log" 0)
	! grep -q '^not ok' <<<"$out" || { echo "$out"; return 1; }
	grep -qx "1\.\.$2" <<<"$out" || { echo "$out"; echo "want 1..$2"; return 1; }
}
collect_fails() { # want-failing-test-regex dmesg-extra [kmemleak-body] [debug_locks]
	local out want=$1
	shift
	console "$T/bad.log" "$@"
	out=$(selftests/vm/tap-collect.sh 6.12-debug "$T/bad.log" 0)
	grep -qE "^not ok [0-9]+ - 6\.12-debug/$want" <<<"$out" || { echo "$out"; return 1; }
	# The report itself is shown under the failure.
	[ "$(grep -c '^not ok' <<<"$out")" = 1 ] || { echo "$out"; echo "want exactly one failure"; return 1; }
}
DMESG='kernel log has no warning'

lockdep_circular='[   41.070321] ======================================================
[   41.071008] WARNING: possible circular locking dependency detected
[   41.071522] 6.12.117-tdxg-debug #1 Not tainted
[   41.072311] tdxg_rtmr_test/97 is trying to acquire lock:
'
lockdep_recursive='[   33.100101] ============================================
[   33.100505] WARNING: possible recursive locking detected
'
lockdep_inconsistent='[   20.404001] ================================
[   20.404402] WARNING: inconsistent lock state
[   20.404801] inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.
'
sleep_atomic='[   18.221009] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:585
[   18.221455] in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 88, name: tdxg
'
rcu='[   18.000001] =============================
[   18.000002] WARNING: suspicious RCU usage
'
kasan='[   25.613220] ==================================================================
[   25.613811] BUG: KASAN: slab-use-after-free in tdxg_log_read+0x1b1/0x2d0 [tdxg]
[   25.614402] Read of size 8 at addr ffff888004b0c2a8 by task cat/131
'
kfence='[   25.000001] ==================================================================
[   25.000002] BUG: KFENCE: out-of-bounds read in tdxg_log_read+0x1b1/0x2d0 [tdxg]
'
ubsan='[   29.330001] ------------[ cut here ]------------
[   29.330102] UBSAN: shift-out-of-bounds in /work/kmod/measure.c:120:27
[   29.330505] shift exponent 64 is too large for 64-bit type '"'"'long unsigned int'"'"'
'
odebug='[   30.000001] ODEBUG: free active (active state 0) object: ffff888004a1c000 object type: timer_list hint: tdxg_timeout+0x0/0x40 [tdxg]
'
leak_note='[   61.910101] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
'
leak='unreferenced object 0xffff888003e2b400 (size 256):
  comm "insmod", pid 72, jiffies 4294903511
  hex dump (first 32 bytes):
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
  backtrace (crc 0):
    kmalloc_trace_noprof+0x2a5/0x350
    tdxg_eventlog_init+0x61/0x1f0 [tdxg]
'

plan 31
ok_cmd "kver_of 6.1: the newest generic 6.1 with headers" resolves 6.1 6.1.0-58-amd64
ok_cmd "kver_of 6.12: the generic flavour, never rt, cloud or debug" resolves 6.12 6.12.117+deb12-amd64
ok_cmd "kver_of 6.12-rt: PREEMPT_RT flavour" resolves 6.12-rt 6.12.117+deb12-rt-amd64
ok_cmd "kver_of 6.12-cloud: cloud flavour" resolves 6.12-cloud 6.12.117+deb12-cloud-amd64
ok_cmd "kver_of 6.12-debug: build-kernel.sh's -tdxg-debug" resolves 6.12-debug 6.12.117-tdxg-debug
ok_cmd "kver_of 6.1-tdx: build-kernel.sh's -tdxg-tdx" resolves 6.1-tdx 6.1.192-tdxg-tdx
ok_cmd "kver_of 7.2, 7.2-rt, 7.3, 7.3-rt: Debian's trixie-backports flavours (build root)" \
	bash -c ". scripts/kernels.sh; $(declare -f resolves); resolves 7.3 7.3.4+deb13-amd64 && resolves 7.3-rt 7.3.4+deb13-rt-amd64 &&
		resolves 7.2 7.2.12+deb13-amd64 && resolves 7.2-rt 7.2.12+deb13-rt-amd64"
ok_cmd "kver_of 6.1-rt, 5.15, 6.12-foo: not installed" bash -c ". scripts/kernels.sh; ! kver_of 6.1-rt && ! kver_of 5.15 && ! kver_of 6.12-foo"
ok_cmd "every GUEST_KERNELS series is one kver_of knows" bash -c '. scripts/kernels.sh; for s in "${GUEST_KERNELS[@]}"; do kver_of "$s" >/dev/null || exit 1; done'
ok_cmd "tap-collect: a clean 6.12 run passes (5 tests)" collect_clean 6.12 5
ok_cmd "tap-collect: a clean 6.12-debug run passes, sanitizers seen (8 tests)" collect_clean 6.12-debug 8
ok_cmd "tap-collect: lockdep circular locking fails the run" collect_fails "$DMESG" "$lockdep_circular"
ok_cmd "tap-collect: lockdep recursive locking fails the run" collect_fails "$DMESG" "$lockdep_recursive"
ok_cmd "tap-collect: lockdep inconsistent lock state fails the run" collect_fails "$DMESG" "$lockdep_inconsistent"
ok_cmd "tap-collect: sleeping in atomic context fails the run" collect_fails "$DMESG" "$sleep_atomic"
ok_cmd "tap-collect: suspicious RCU usage fails the run" collect_fails "$DMESG" "$rcu"
ok_cmd "tap-collect: a KASAN report fails the run" collect_fails "$DMESG" "$kasan"
ok_cmd "tap-collect: a KFENCE report fails the run" collect_fails "$DMESG" "$kfence"
ok_cmd "tap-collect: a UBSAN report fails the run" collect_fails "$DMESG" "$ubsan"
ok_cmd "tap-collect: a debugobjects report fails the run" collect_fails "$DMESG" "$odebug"
ok_cmd "tap-collect: kmemleak's leak count in dmesg fails the run" collect_fails "$DMESG" "$leak_note"
ok_cmd "tap-collect: an unreferenced object in the final kmemleak scan fails the run" \
	collect_fails "kmemleak: scan after the run reports no leak" "" "$leak"
ok_cmd "tap-collect: lockdep switched off by an earlier splat fails a debug run" \
	collect_fails "lockdep ran and is still on" "" "" 0
# The kernel's tdx_guest (7.x) WARNs when TDG.MR.RTMR.EXTEND answers BUSY,
# which a second extender beside it causes: that block alone is counted
# and passes; any other warning, even right after it, still fails.
intree_busy='[   24.789254] ------------[ cut here ]------------
[   24.789548] tdx_mcall_extend_rtmr(3) failed: -16
[   24.789796] WARNING: drivers/virt/coco/tdx-guest/tdx-guest.c:87 at tdx_mr_extend+0xab/0xd0 [tdx_guest], CPU#1: dd/258
[   24.812935] Call Trace:
[   24.812936]  <TASK>
[   24.812937]  tdx_mr_extend+0xab/0xd0 [tdx_guest]
[   24.812939]  </TASK>
[   24.812940] ---[ end trace 0000000000000000 ]---
'
intree_busy_ok() {
	local out
	console "$T/busy.log" "$intree_busy"
	out=$(selftests/vm/tap-collect.sh 7.3 "$T/busy.log" 0)
	! grep -q '^not ok' <<<"$out" &&
		grep -q "^ok [0-9]* - 7.3/the kernel's tdx_guest warned 1 time on a busy RTMR extend" <<<"$out" ||
		{ echo "$out"; return 1; }
}
ok_cmd "tap-collect: the in-tree driver's WARN on a BUSY extend is counted, not a failure" intree_busy_ok
ok_cmd "tap-collect: a WARN after that block still fails the run" collect_fails "$DMESG" "$intree_busy$rcu"
ok_cmd "tap-collect: that WARN with another errno (-5) fails the run" \
	collect_fails "$DMESG" "${intree_busy/failed: -16/failed: -5}"
ok_cmd "tap-collect: a debug run without KASAN fails" bash -c '
	sed "/KernelAddressSanitizer/d" "$0/clean.log" >"$0/nokasan.log"
	selftests/vm/tap-collect.sh 6.12-debug "$0/nokasan.log" 0 | grep -q "^not ok .*KASAN is active"' "$T"
ok_cmd "tap-collect: a guest script's \"# tdxg-json\" lines are passed on as they are, once" bash -c '
	sed "/^ok 1 tdxg.open/a # tdxg-json-args: status --json\n# tdxg-json: {\"command\": \"status\"}" "$0/clean.log" >"$0/json.log"
	out=$(selftests/vm/tap-collect.sh 6.12 "$0/json.log" 0) || exit 1
	[ "$(grep -c "^# tdxg-json" <<<"$out")" = 2 ] &&
		grep -qx "# tdxg-json-args: status --json" <<<"$out" &&
		grep -qx "# tdxg-json: {\"command\": \"status\"}" <<<"$out" || { echo "$out"; exit 1; }' "$T"

# The shell scripts of the tree that tests run, the library aside.
mapfile -t scripts < <(git ls-files -- 'tests/*.sh' 'tests/*.t' 'scripts/*.sh' 'selftests/*.sh' \
	selftests/vm/init fuzz bench .ci | grep -vxE 'tests/(tap|lib)\.sh|fuzz/.*\.c|bench/.*\.(c|mjs)')
helpers=$(sed -nE 's/^([a-z_]+)\(\) *\{.*/\1/p' tests/tap.sh tests/lib.sh | sort -u | paste -sd'|')
# redefined: every definition of a library helper outside the library
redefined() {
	local hits
	[ "$(wc -l <<<"${helpers//|/$'\n'}")" -ge 10 ] || { echo "found only: $helpers"; return 1; }
	hits=$(grep -nE "^[[:space:]]*(function[[:space:]]+)?($helpers)[[:space:]]*\(\)" "${scripts[@]}")
	[ -z "$hits" ] || { echo "$hits"; return 1; }
}
ok_cmd "no script defines a helper of tests/tap.sh or tests/lib.sh again ($helpers)" redefined
# own_make: a test that runs make in user/ other than for the install
# targets it tests
own_make() {
	local hits
	hits=$(grep -nE '(^|[^a-z_])make[[:space:]].*(-C[[:space:]]*"?(\$\{?TOP\}?/)?user\b|-C[[:space:]]*"?\$\{?U(SER_DIR)?\}?"?([[:space:]]|$))' \
		"${scripts[@]}" | grep -vE 'make[[:space:]].*[[:space:]](un)?install([[:space:]]|$)|^[^:]+:[0-9]+:[[:space:]]*#')
	[ -z "$hits" ] || { echo "$hits"; return 1; }
}
ok_cmd "no test runs make in user/ itself: tests/lib.sh need_user builds it" own_make
# copies_user: a recipe that copies the sources of user/ to build them
copies_user() {
	local hits
	hits=$(grep -nE '(cp[[:space:]]+(-[a-zA-Z]+[[:space:]]+)*|rsync[[:space:]].*)"?(\$\{?TOP\}?/)?user(/|"|[[:space:]])' \
		"${scripts[@]}" fuzz/Makefile)
	[ -z "$hits" ] || { echo "$hits"; return 1; }
}
ok_cmd "no recipe copies user/ to build a variant (an O= build directory each)" copies_user
finish
