# SPDX-License-Identifier: GPL-2.0
# Sourced by the TAP suites in scripts/: ok DESC CMD... runs CMD and
# prints one TAP line; a failure keeps the tail of CMD's output as
# diagnostics. $n counts the tests.
n=0
ok() { # desc cmd...
	local desc=$1 out
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' <<<"$out" | tail -30
	fi
}
