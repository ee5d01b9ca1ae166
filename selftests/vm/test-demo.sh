#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, as a user runs it: its own install step, the 6.1 guest, and
# what the operator sees at each step (report, extend and lock, quote,
# verify, replay), checked on the real values it prints.
set -uo pipefail
. "$(dirname "$0")/../../tests/lib.sh"
cd "$TOP" || exit 1
scratch
make -s demo >"$W/out" 2>&1
rc=$?
plan 10
ok $rc "make demo exits 0"
[ "$rc" -eq 0 ] || diag "$W/out"
grep -qE '"rtmr3": "[0-9a-f]{96}"' "$W/out"
ok $? "tdxg report --json shows RTMR3 as 48 bytes of hex"
grep -q 'EXTEND rtmr2: Operation not permitted (the RTMR is locked)' "$W/out"
ok $? "an extend of the sealed RTMR2 is refused"
grep -qE '^quote.dat: OK \(quote v4' "$W/out"
ok $? "the quote verifies against the test QGS's root with its report data"
# The test QGS's PCK chain has no Intel TCB info: the demo says --no-tcb,
# and verify shows the REPORTDATA it attested (42, zero-padded to 64 bytes).
grep -qE '^  tcb status +not evaluated \(--no-tcb\)$' "$W/out"
ok $? "verify says the TCB was not evaluated (--no-tcb)"
grep -qE "^  reportdata +$(printf '%064x' 42)$(printf '%0128d' 0 | cut -c1-64)\$" "$W/out"
ok $? "verify shows the quote's REPORTDATA: 42, zero-padded"
grep -q 'RTMR0..RTMR3 all match the quote' "$W/out"
ok $? "the firmware and runtime logs replay to the quote's RTMRs"
grep -qE '^ccel log .*: 43 events$' "$W/out"
ok $? "the guest's firmware CCEL is the real 43-event log of tests/data"
grep -q '^demo: guest powered off cleanly$' "$W/out"
ok $? "the guest powered off cleanly"
grep -qE '^demo: took [0-9]+ s \([0-9]+ s installing packages\)$' "$W/out"
ok $? "the demo prints how long it took: $(grep -oE 'took [0-9]+ s.*' "$W/out")"
finish
