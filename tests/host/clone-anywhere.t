#!/bin/bash
# SPDX-License-Identifier: MIT
# A clone in any directory runs the tests. make check already runs every
# suite with the workspace's ../shared hidden (scripts/check.sh; checked
# here), so nothing can read the data the project keeps its own copy of.
# This suite adds a clone at another path: git clone HEAD into a fresh
# temporary directory, whose parent holds nothing else, where the clone's
# own user/ build runs the host suites that take paths from the tree in
# every way they do (its data, its builds, its docs, its install), each
# counting as one test with its TAP as diagnostics when it fails. The
# other host suites reuse those paths; rerunning them all (*-san.t and
# cli-valgrind.t already left out) cost 8 minutes of make check.
set -u
. "$(dirname "$0")/../lib.sh"
suites=(cli-basic cli-json verify-basic verify-inputs verify-policy pccs-fetch
	pccs-cache quote-qgs unit lib-api install kselftest-install docs docs-shape)
plan $((${#suites[@]} + 4))
scratch
# Readable by others, as a clone in a home or a shared directory is:
# pccs-cache.t runs the clone's tdxg as another user.
chmod 755 "$W"
git clone -q "$TOP" "$W/tdxg" 2>&1 | sed 's/^/# /'
ok $([ -f "$W/tdxg/tests/data/quotes/v4-phala.dat" ] && [ ! -e "$W/shared" ]; echo $?) \
	"clone in $W has its own tests/data and no ../shared beside it"

# Nothing in the tree may reach outside it for data: a path through the
# parent directory is how ../shared crept in.
hits=$(git -C "$W/tdxg" grep -nE '\.\./shared|shared/testdata|TDXG_TESTDATA' -- ':!tests/host/clone-anywhere.t' ':!scripts/check.sh' || true)
[ -n "$hits" ] && sed 's/^/# /' <<<"$hits"
ok $([ -z "$hits" ]; echo $?) "no file refers to ../shared or TDXG_TESTDATA"

# Under make check, the workspace's ../shared is an empty read-only tmpfs.
if [ -n "${TDXG_SHARED_HIDDEN:-}" ]; then
	[ -z "$(ls -A "$TDXG_SHARED_HIDDEN" 2>&1)" ] && ! touch "$TDXG_SHARED_HIDDEN/x" 2>/dev/null
	ok $? "make check hides $TDXG_SHARED_HIDDEN from every suite"
elif [ -d "$TOP/../shared" ]; then
	skip "../shared hidden" "not run by make check"
else
	skip "../shared hidden" "no ../shared beside this checkout"
fi

# tests/data is the one copy: every file its README names is there.
missing=0
for f in $(grep -oE '^\| [a-z]+/[A-Za-z0-9_.-]+' "$W/tdxg/tests/data/README.md" | cut -c3-); do
	[ -f "$W/tdxg/tests/data/$f" ] || { echo "# missing tests/data/$f"; missing=1; }
done
ok $missing "every file tests/data/README.md names is in the clone"

for s in "${suites[@]}"; do
	log=$W/$s.log
	[ -x "$W/tdxg/tests/host/$s.t" ] || { ok 1 "host suite $s is in the clone"; continue; }
	(cd "$W/tdxg" && TDXG_TOP=$W/tdxg "./tests/host/$s.t") >"$log" 2>&1
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
