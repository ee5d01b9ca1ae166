#!/bin/bash
# SPDX-License-Identifier: MIT
# libtdxg's unit tests (tests/unit): builds them, runs each and merges
# their TAP into one stream with one plan; then again built with ASan and
# UBSan, where any sanitizer report fails the test it came from.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$TOP" || exit 1
TESTS="test-json test-x509 test-collateral test-qgs_msg"
scratch
T=$W
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

# Each unit's checks, renumbered after the ones before, as "ok N - unit: ...";
# the unit's own exit status and its plan are checked as one more test.
: >"$T/all"
run_units() { # variant dir
	local variant=$1 dir=$2 t rc
	for t in $TESTS; do
		"$dir/$t" >"$T/out" 2>"$T/err"
		rc=$?
		awk -v unit="$variant$t" -v rc="$rc" -v errf="$T/err" '
			/^(not )?ok [0-9]+/ {
				n++
				sub(/^ok [0-9]+( - )?/, "ok - " unit ": ")
				sub(/^not ok [0-9]+( - )?/, "not ok - " unit ": ")
				print; next
			}
			/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
			/^#/ { print; next }
			{ print "# " $0 }	# so a "Bail out!" of one unit cannot end the stream
			END {
				good = rc == 0 && plan == n && n > 0
				while ((getline line < errf) > 0)
					print "# " line
				printf "%sok - %s: exit status %d, %d of %d planned checks ran\n",
					good ? "" : "not ", unit, rc, n, plan
			}' "$T/out" >>"$T/all"
	done
}
build() { # variant dir: the units, linked with that variant of user/
	need_user "$1" >"$T/build" 2>&1 &&
		make -s -C tests/unit -j2 O="$2" USER_BUILD="$USER_DIR" ${USER_CFLAGS:+EXTRA_CFLAGS="$USER_CFLAGS"} \
			>>"$T/build" 2>&1 && return 0
	sed 's/^/# /' "$T/build" | tail -30 >>"$T/all"
	return 1
}

if build plain build/unit; then
	run_units "" build/unit
else
	echo "not ok - build tests/unit" >>"$T/all"
fi
if build san build/unit-san; then
	run_units "san/" build/unit-san
else
	echo "not ok - build tests/unit with ASan+UBSan" >>"$T/all"
fi

# Renumber into one stream with one plan.
awk '/^(not )?ok - / { n++; sub(/ok - /, "ok " n " - ") }
	{ print }
	END { print "1.." n }' "$T/all" >"$T/tap"
cat "$T/tap"
! grep -q '^not ok' "$T/tap"
