#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tap-collect.sh SERIES CONSOLE QEMU_RC: turn a guest console log into TAP.
# Each section between @@TDXG-BEGIN/END markers is one test program. TAP
# lines inside it are re-emitted with the program's name; a program that
# prints no TAP is one test, passing when it exits 0. The "# tdxg-json:"
# and "# tdxg-json-args:" lines of the guest scripts (tests/tap.sh tdxg)
# are passed on as they are.
#
# Sanitizer reports fail the run: the dmesg section must hold no
# warning, BUG, oops, lockdep splat (circular or recursive locking,
# inconsistent lock state, sleeping in atomic context, suspicious RCU
# usage), KASAN, KFENCE, UBSAN, debugobjects (ODEBUG) or kmemleak
# report, and the kmemleak section (debug kernels: a scan after every
# test) no "unreferenced object". On a SERIES ending in -debug the
# sanitizers must also be seen running: lockdep still on after the run
# (debug_locks 1), KASAN initialized, the kmemleak scan done. One
# warning is counted instead: the kernel's own tdx_guest (7.x) warns when
# the TDX module answers a RTMR extend BUSY (EBUSY, -16), which tdxg
# beside it makes happen; every other warning still fails.
set -uo pipefail
series=$1 log=$2 qrc=$3
awk -v series="$series" -v qrc="$qrc" '
function emit(ok, desc) { n++; printf "%s %d - %s/%s\n", ok ? "ok" : "not ok", n, series, desc }
/^@@TDXG-BEGIN / { name = $2; insec = 1; tap = 0; fails = 0; plan = 0; body = ""; next }
/^@@TDXG-END / {
	rc = $3; insec = 0; done[name] = 1
	if (name == "dmesg") {
		emit(!bad, "kernel log has no warning, BUG, oops or sanitizer report")
		if (bad) printf "%s", badlines
		if (busywarn) emit(1, "the kernel\047s tdx_guest warned " busywarn " time" (busywarn > 1 ? "s" : "") " on a busy RTMR extend (it does not retry)")
		next
	}
	if (name == "kmemleak") {
		emit(rc == 0 && !leaks, "kmemleak: scan after the run reports no leak")
		if (rc != 0 || leaks) printf "%s", body
		next
	}
	if (name == "sanitizers") next
	if (tap) {
		if (!plan) { emit(0, name ": no TAP plan") }
		if (rc != 0 && !fails) emit(0, name ": exited " rc " without a failing test")
	} else {
		emit(rc == 0, name " (exit " rc ")")
	}
	if (rc != 0 || fails) printf "%s", body
	next
}
/^@@TDXG-DONE/ { finished = 1; next }
insec {
	body = body "# " $0 "\n"
	if (name == "dmesg") {
		# The in-tree tdx_guest (7.x) WARNs when TDG.MR.RTMR.EXTEND
		# answers BUSY (tdx-guest.c tdx_mr_extend(): no retry), which
		# tdxg extending or reporting beside it causes on a real TDX
		# module too: that block, EBUSY only, is counted, not a failure.
		if (cut == 2) { if ($0 ~ /---\[ end trace/) cut = 0; next }
		if (cut == 1 && $0 ~ /\] tdx_mcall_extend_rtmr\([0-3]\) failed: -16$/) { cut = 2; busywarn++; next }
		cut = ($0 ~ /------------\[ cut here \]------------/) ? 1 : 0
		if ($0 ~ /WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|KFENCE|ODEBUG|Call Trace|refcount_t|kernel NULL pointer|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|suspicious RCU usage|INFO: possible|turning off the locking correctness validator|unreferenced object|suspected memory leak/) {
			bad = 1; badlines = badlines "# " $0 "\n"
		}
		if ($0 ~ /KernelAddressSanitizer initialized/) kasan_on = 1
		if ($0 ~ /Lock dependency validator/) lockdep_boot = 1
		next
	}
	if (name == "kmemleak") {
		if ($0 ~ /unreferenced object/) leaks++
		next
	}
	if (name == "sanitizers") {
		if ($0 ~ /debug_locks: *1$/) lockdep_on = 1
		next
	}
	# The guest scripts --json outputs (tests/tap.sh tdxg), as they are,
	# for tests/host/json-schema-guest.t.
	if ($0 ~ /^# tdxg-json(-args)?: /) { print; next }
	if ($0 ~ /^1\.\.[0-9]+/) plan = 1
	if ($0 ~ /^(not )?ok [0-9]+/) {
		tap = 1
		ok = ($0 ~ /^ok /)
		if (!ok) fails++
		line = $0
		sub(/^(not )?ok [0-9]+ *(- *)?/, "", line)
		emit(ok, name ": " line)
	}
	next
}
/Kernel panic|end Kernel panic/ { panic = 1; panicline = $0 }
END {
	if (series ~ /-debug$/) {
		emit(lockdep_boot && lockdep_on, "lockdep ran and is still on after the run (debug_locks 1)")
		emit(kasan_on, "KASAN is active (KernelAddressSanitizer initialized)")
		emit(done["kmemleak"], "kmemleak scanned after the run")
	}
	if (!done["load-module"]) emit(0, "guest did not reach the module load")
	if (panic) { emit(0, "kernel panic: " panicline) }
	if (!finished) emit(0, "guest did not finish (hang or crash; qemu exit " qrc ")")
	else emit(1, "guest booted, ran every test and powered off")
	printf "1..%d\n", n
}' "$log"
