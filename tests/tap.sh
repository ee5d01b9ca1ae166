# SPDX-License-Identifier: MIT
# TAP for every test script, sourced (bash): host suites get it through
# tests/lib.sh; selftests/vm/run.sh copies it into the guest as
# /lib/tdxg-tests/tap.sh, where the guest scripts (selftests/guest)
# source it. These are the only definitions of these helpers
# (tests/host/harness.t checks).
#
#   ok STATUS DESC        one test: passes when STATUS is 0
#   ok_cmd DESC CMD...    one test: runs CMD, passes when it exits 0; a
#                         failure shows the tail of CMD's output
#   skip DESC REASON      one skipped test
#   plan N                the plan, when the count is known up front
#   finish                the plan if none was printed, then the exit
#                         status: 1 when a test failed
#   diag [FILE...]        FILEs (or stdin) as TAP diagnostics
#   run CMD...            runs CMD: stdout in $W/out (or $RUN_OUT),
#                         stderr in $W/err,
#                         its exit status in $rc
#   expect RC DESC CMD... runs CMD like run, passes when it exits RC
#   tdxg ARGS...          in the guest (TDXG_JSON_TAP set, selftests/vm/
#                         init): the CLI, with what a --json run writes
#                         to stdout also printed to the TAP stream, joined
#                         into one line, as "# tdxg-json: JSON" after
#                         "# tdxg-json-args: ARGS" (for tests/host/
#                         json-schema-guest.t)
#
# $n counts the tests, $fails the failed ones. run and expect need $W, a
# scratch directory (tests/lib.sh's scratch makes one).
n=0 fails=0 planned=

ok() { # status desc
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}

ok_cmd() { # desc cmd...
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	ok $rc "$desc"
	[ $rc -eq 0 ] || sed 's/^/# /' <<<"$out" | tail -"${DIAG_LINES:-30}"
}

skip() { # desc reason
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

plan() { # count
	planned=$1
	echo "1..$1"
}

finish() {
	[ -n "$planned" ] || echo "1..$n"
	[ "$fails" -eq 0 ]
}

diag() { # [file...]
	sed 's/^/#   /' "$@" | head -"${DIAG_LINES:-30}"
}

run() { # cmd...
	"$@" >"${RUN_OUT:-$W/out}" 2>"$W/err"
	rc=$?
}

expect() { # rc desc cmd...
	local want=$1 desc=$2
	shift 2
	run "$@"
	[ "$rc" -eq "$want" ] || { echo "# exit $rc, wanted $want: $*"; diag "$W/out" "$W/err"; }
	ok $([ "$rc" -eq "$want" ]; echo $?) "$desc (exit $want)"
}

# The guest's --json channel: the guest has no python, so each --json
# output goes to the host through the TAP stream (fd $tdxg_json_fd, the
# script's stdout when it sourced this file; tap-collect.sh keeps the
# lines); the caller still gets stdout, stderr and the exit status.
if [ -n "${TDXG_JSON_TAP:-}" ]; then
	exec {tdxg_json_fd}>&1
	tdxg() {
		local a json='' f rc line one=''
		for a in "$@"; do
			case $a in
			--json) json=1 ;;
			--help | -h) json='' && break ;;
			esac
		done
		if [ -z "$json" ] || ! f=$(mktemp); then
			command tdxg "$@"
			return
		fi
		command tdxg "$@" >"$f" && rc=0 || rc=$?
		cat "$f"
		# One line: the lines joined, indentation dropped (a JSON string
		# holds no raw newline, so a line's leading blanks are layout).
		while IFS= read -r line || [ -n "$line" ]; do
			one+=${line#"${line%%[![:space:]]*}"}
		done <"$f"
		if [ -n "$one" ]; then
			a="$*"
			echo "# tdxg-json-args: ${a//$'\n'/ }" >&"$tdxg_json_fd"
			echo "# tdxg-json: $one" >&"$tdxg_json_fd"
		fi
		rm -f "$f"
		return $rc
	}
fi
