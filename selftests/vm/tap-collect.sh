#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tap-collect.sh SERIES CONSOLE QEMU_RC: turn a guest console log into TAP.
# Each section between @@TDXG-BEGIN/END markers is one test program. TAP
# lines inside it are re-emitted with the program's name; a program that
# prints no TAP is one test, passing when it exits 0.
set -uo pipefail
series=$1 log=$2 qrc=$3
awk -v series="$series" -v qrc="$qrc" '
function emit(ok, desc) { n++; printf "%s %d - %s/%s\n", ok ? "ok" : "not ok", n, series, desc }
/^@@TDXG-BEGIN / { name = $2; insec = 1; tap = 0; fails = 0; plan = 0; body = ""; next }
/^@@TDXG-END / {
	rc = $3; insec = 0; done[name] = 1
	if (name == "dmesg") {
		emit(!bad, "kernel log has no warning, BUG or oops")
		if (bad) printf "%s", badlines
		next
	}
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
		if ($0 ~ /WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|Call Trace|refcount_t|kernel NULL pointer/) {
			bad = 1; badlines = badlines "# " $0 "\n"
		}
		next
	}
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
	if (!done["load-module"]) emit(0, "guest did not reach the module load")
	if (panic) { emit(0, "kernel panic: " panicline) }
	if (!finished) emit(0, "guest did not finish (hang or crash; qemu exit " qrc ")")
	else emit(1, "guest booted, ran every test and powered off")
	printf "1..%d\n", n
}' "$log"
