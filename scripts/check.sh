#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs dependencies, builds everything, runs every test
# suite, prints a line per suite with its counts and how long it took,
# and ends with one summary line "N passed, N failed, N skipped".
#
# After the builds, suites run in two lanes at once, one per core of the
# 2-core machines make check is sized for: the guests (QEMU TCG keeps
# about one core busy) and make demo in one, the host suites, DKMS, the
# packages, the install steps, checkpatch and sparse in the other. Each
# suite is safe beside another (tests/lib.sh system_lock serialises the
# ones that change the system; the shared builds are made before the
# lanes start).
#
# A suite is an executable that prints TAP on stdout. Each "ok"/"not ok"
# line at column 0 counts once ("# SKIP" counts as skipped). A suite that
# exits non-zero or prints no plan adds one failure of its own, so a
# crash or a hang can never pass silently. Logs: build/logs/<suite>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
# A clone anywhere must work: no suite may read the workspace's ../shared
# (its test data has its own copy in tests/data). Where a checkout has
# one beside it, every suite runs in a mount namespace that hides it
# (tests/host/clone-anywhere.t checks that it is hidden).
if [ -z "${TDXG_SHARED_HIDDEN:-}" ] && [ -d ../shared ] && unshare --mount true 2>/dev/null; then
	export TDXG_SHARED_HIDDEN=$(cd .. && pwd)/shared
	exec unshare --mount --propagation private /bin/bash -c \
		'mount -t tmpfs -o ro,size=4k tdxg-hidden "$TDXG_SHARED_HIDDEN" && exec "$0" "$@"' "$0" "$@"
fi
. scripts/kernels.sh
export TDXG_TOP=$TOP
LOGS=$TOP/build/logs
rm -rf "$LOGS"
mkdir -p "$LOGS"

# Each suite's counts go to build/logs/<suite>.count: the lanes are
# subshells, and the summary adds the files up.
count_suite() { # name logfile rc seconds
	local name=$1 log=$2 rc=$3 secs=$4 p f s
	p=$(grep -cE '^ok [0-9]+' "$log" | head -1)
	s=$(grep -E '^ok [0-9]+' "$log" | grep -ciE '# *skip')
	p=$((p - s))
	f=$(grep -cE '^not ok [0-9]+' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - suite $name exited with status $rc" | tee -a "$log"
		f=$((f + 1))
	fi
	if ! grep -qE '^1\.\.[0-9]+' "$log"; then
		echo "not ok - suite $name printed no TAP plan" | tee -a "$log"
		f=$((f + 1))
	fi
	echo "$p $f $s" >"$LOGS/$name.count"
	printf '%-32s %4d passed %4d failed %4d skipped %5ds\n' "$name" "$p" "$f" "$s" "$secs"
}

run_suite() { # name cmd...
	local name=$1 log=$LOGS/$1.log rc t0
	shift
	echo "== $name" >&2
	t0=$SECONDS
	"$@" >"$log" 2>&1
	rc=$?
	count_suite "$name" "$log" "$rc" $((SECONDS - t0))
}

scripts/deps.sh || { echo "deps: install failed"; echo "0 passed, 1 failed"; exit 1; }

# The self-built test kernels (scripts/kernels.sh BUILT_KERNELS), cached
# in /var/cache/tdxg/kernels. A cold build takes about an hour on 2 cores,
# so make check uses them when cached and skips them (counted) otherwise;
# `make kernels` builds them.
run_suite kernels scripts/build-kernel.sh --tap
# The Debian trixie build root holding the 7.x kernels (ROOT_KERNELS):
# made here when missing (about 3 minutes: debootstrap and the packages),
# then cached in /var/cache/tdxg/roots.
run_suite build-root scripts/build-root.sh --tap
run_suite build scripts/build-all.sh
# The suites after it use the builds of user/ the build suite made, as
# they are (tests/lib.sh need_user: TDXG_BUILT lists the directories).
TDXG_BUILT=
grep -q '^ok 1 - user: ' "$LOGS/build.log" && TDXG_BUILT="$TOP/user"
grep -q '^ok 2 - user: ' "$LOGS/build.log" && TDXG_BUILT="$TDXG_BUILT $TOP/build/user-san"
export TDXG_BUILT
host_lane() {
	# Every --json output of the host suites is kept (tests/lib.sh's hook)
	# and validated against Documentation/tdxg-json.schema.json after them.
	export TDXG_JSON_SAMPLES=$TOP/build/json-samples
	rm -rf "$TDXG_JSON_SAMPLES"
	local t
	for t in tests/host/*.t; do
		case $t in tests/host/json-schema*.t) continue ;; esac
		[ -x "$t" ] || continue
		run_suite "host-$(basename "$t" .t)" "$t"
	done
	run_suite host-json-schema tests/host/json-schema.t
	unset TDXG_JSON_SAMPLES
	# Shipping like distributions (tests/system: changes the system, one
	# suite at a time through tests/lib.sh system_lock): DKMS for the
	# host's kernels and the build root's, the Debian packages, the
	# README's install steps.
	run_suite dkms tests/system/dkms.sh
	run_suite deb tests/system/deb.sh
	run_suite install tests/system/install.sh
	# Kernel style: checkpatch --strict, and sparse C=2 against every
	# kernel's headers.
	run_suite checkpatch scripts/test-checkpatch.sh
	run_suite sparse scripts/test-sparse.sh
}

guest_lane() {
	local k order
	# Every guest kernel: Debian's generic, rt and cloud flavours, the
	# lockdep/KASAN/kmemleak 6.12 and the TD-capable 6.1 built above, and
	# Debian's 7.2 and 7.3, generic and rt, from the build root.
	for k in "${GUEST_KERNELS[@]}"; do
		if ! kver_ready "$k" >/dev/null; then
			# A self-built kernel not built yet (the kernels suite skipped it);
			# a build root that failed is a failure of the build-root suite.
			run_suite "guest-$k" printf '1..1\nok 1 - %s # SKIP kernel not built: make kernels or scripts/build-root.sh\n' "$k"
			continue
		fi
		# 7.2-rt and 7.3 load tdxg before the kernel's tdx_guest (as from an
		# initrd), 7.2 and 7.3-rt after it: both orders beside the in-tree
		# extender on each, no extra boot.
		order=first
		case $k in 7.2-rt | 7.3) order=second ;; esac
		run_suite "guest-$k" selftests/vm/run.sh --kernel "$k" --ccel --intree "$order" --timeout 1800
	done
	# Seals at load with a TDX module that stays busy: reloads tdxg with
	# other parameters and ends pinned, so it boots on its own; a once
	# register under read contention needs RTMR2, which the full run seals.
	for k in 6.1 6.12; do
		run_suite "guest-$k-seals" selftests/vm/run.sh --kernel "$k" --only '@(*seal-load*|92-*|96-*)'
	done
	# Unprivileged readers of measurements/ against seals and extends: needs
	# registers still open, which the full run has sealed by then.
	run_suite guest-6.1-readers selftests/vm/run.sh --kernel 6.1 --only '93-*'
	# GetQuote as each other public VMM answers it (the model's vmm=
	# profiles; the full runs above use upstream QEMU): every suite that quotes.
	for k in 6.1 6.12; do
		run_suite "guest-$k-vmm-qemu-canonical" selftests/vm/run.sh --kernel "$k" --ccel \
			--vmm qemu-canonical --only '@(70-*|80-*|97-*|*quote-qgs*)'
	done
	# What an initrd does: seal registers with module parameters at load.
	run_suite guest-6.1-sealed-at-load env TDXG_PARAMS="rtmr_policy=locked,once" \
		selftests/vm/run.sh --kernel 6.1 --only '[1-4]*'
	# Who owns /dev/tdx_guest: the kernel's own driver, loaded after tdxg (as
	# when tdxg comes from an initrd; the default runs load it first), or
	# nobody with compat_device=0 (7.3: in its full run above).
	run_suite guest-6.12-tdxg-first selftests/vm/run.sh --kernel 6.12 --intree second \
		--only '@(*compat*|*referee*)'
	run_suite guest-6.1-no-compat env TDXG_PARAMS=compat_device=0 \
		selftests/vm/run.sh --kernel 6.1 --only '*compat*'
	# A foreign static binary from --extra DIR runs in the guest and its exit
	# status is reported.
	run_suite guest-6.1-extra selftests/vm/test-extra.sh
	# make demo, end to end, as the README tells a new user to run it.
	run_suite demo selftests/vm/test-demo.sh
}

guest_lane &
guest_pid=$!
host_lane
wait "$guest_pid"
# Every --json output of the guest scripts (the outputs only a TD makes:
# status with a device, report, extend, quote, log) is in their logs as
# TAP diagnostics (tests/tap.sh tdxg) and validated against the schema.
run_suite host-json-schema-guest tests/host/json-schema-guest.t

read -r passed failed skipped < <(cat "$LOGS"/*.count |
	awk '{ p += $1; f += $2; s += $3 } END { print p + 0, f + 0, s + 0 }')
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
