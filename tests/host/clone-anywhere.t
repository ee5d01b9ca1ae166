#!/bin/bash
# SPDX-License-Identifier: MIT
# A clone in any directory runs the tests: git clone HEAD into a fresh
# temporary directory, whose parent holds nothing else (no ../shared, no
# sibling checkout), and run every host suite there but the reruns of
# other suites under ASan+UBSan or valgrind (*-san.t, cli-valgrind.t):
# the plain run of the same checks already shows the clone finds what it
# reads, and the reruns are a third of the time. Each suite counts as
# one test; its TAP goes to the log as diagnostics when it fails.
set -u
. "$(dirname "$0")/../lib.sh"
self=$(basename "$0")
suites=()
for t in "$TOP"/tests/host/*.t; do
	case $(basename "$t") in
	"$self" | *-san.t | cli-valgrind.t) continue ;;
	esac
	[ -x "$t" ] && suites+=("$(basename "$t")")
done
plan $((${#suites[@]} + 3))
scratch
# Readable by others, as a clone in a home or a shared directory is:
# pccs-cache.t runs the clone's tdxg as another user.
chmod 755 "$W"
git clone -q "$TOP" "$W/tdxg" 2>&1 | sed 's/^/# /'
ok $([ -f "$W/tdxg/tests/data/quotes/v4-phala.dat" ] && [ ! -e "$W/shared" ]; echo $?) \
	"clone in $W has its own tests/data and no ../shared beside it"

# Nothing in the tree may reach outside it for data: a path through the
# parent directory is how ../shared crept in.
hits=$(git -C "$W/tdxg" grep -nE '\.\./shared|TDXG_TESTDATA' -- ':!tests/host/clone-anywhere.t' || true)
[ -n "$hits" ] && sed 's/^/# /' <<<"$hits"
ok $([ -z "$hits" ]; echo $?) "no file refers to ../shared or TDXG_TESTDATA"

# tests/data is the one copy: every file its README names is there.
missing=0
for f in $(grep -oE '^\| [a-z]+/[A-Za-z0-9_.-]+' "$W/tdxg/tests/data/README.md" | cut -c3-); do
	[ -f "$W/tdxg/tests/data/$f" ] || { echo "# missing tests/data/$f"; missing=1; }
done
ok $missing "every file tests/data/README.md names is in the clone"

for s in "${suites[@]}"; do
	log=$W/$s.log
	(cd "$W/tdxg" && TDXG_TOP=$W/tdxg "./tests/host/$s") >"$log" 2>&1
	rc=$?
	bad=$(grep -cE '^not ok' "$log")
	plan=$(grep -cE '^1\.\.[0-9]+' "$log")
	if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ] || [ "$plan" -eq 0 ]; then
		echo "# $s: exit $rc, $bad not ok, plan lines $plan"
		grep -E '^not ok|^#' "$log" | head -40 | sed 's/^/# /'
		ok 1 "host suite $s passes in the clone"
	else
		ok 0 "host suite $s passes in the clone ($(grep -cE '^ok' "$log") ok)"
	fi
done
finish
