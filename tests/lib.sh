# SPDX-License-Identifier: MIT
# The test library every host-side TAP suite sources (tests/host/*.t and
# their helpers, tests/system/*.sh, scripts/build-all.sh and the other
# suites in scripts/, selftests/vm/run.sh), with the TAP helpers of
# tests/tap.sh. Sets:
#
#   TOP     the top of the tree this file is in (exported as TDXG_TOP)
#   TD      the test data: $TOP/tests/data
#
# and gives:
#
#   scratch               $W, a temporary directory removed at exit
#   on_exit CMD           CMD runs at exit too, before $W is removed
#   bail DESC             a suite that cannot start: one failing test
#                         with DESC, and exit 1
#   need_user [VARIANT]   the build of user/ the tests run, made once
#                         (below); sets USER_DIR, TDXG and USER_CFLAGS;
#                         with TDXG_JSON_SAMPLES=DIR, TDXG is the --json
#                         hook (tests/json-capture.sh) that keeps every
#                         --json output in DIR (tests/host/json-schema.t)
#   need_qgs              builds the test QGS (selftests/qgs), $QGS
#   need_jsonschema       $PY, a python3 with python3-jsonschema (the
#                         --json schema suites), or bail
#   fresh_tree DST        copies the tree as a fresh clone has it into DST
#   system_lock           waits for the machine-wide lock of tests/system
#   build_driver NAME [SRC]  a C test driver, tests/host/NAME.c or SRC,
#                         linked against $USER_DIR's libtdxg.a into $DRIVER
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TD=$TOP/tests/data
export TDXG_TOP=$TOP
# tdxg verify without --collateral fetches (the qcnl conf's PCCS, else
# Intel PCS): no suite reads the machine's conf or reaches the Internet
# unless it points these at its own stand-in.
export TDXG_QCNL_CONF=${TDXG_QCNL_CONF:-/nonexistent/tdxg-tests/sgx_default_qcnl.conf}
export TDXG_PCS_URL=${TDXG_PCS_URL:-https://127.0.0.1:9}
. "$TOP/tests/tap.sh"

W= _scratch= _exit_cmds=
_on_exit() {
	eval "$_exit_cmds"
	[ -z "$_scratch" ] || rm -rf "$_scratch"
}
scratch() {
	W=$(mktemp -d "${TMPDIR:-/tmp}/tdxg-test.XXXXXX")
	_scratch=$W
	trap _on_exit EXIT
}
on_exit() { # cmd
	_exit_cmds="$_exit_cmds
$1"
	trap _on_exit EXIT
}

bail() { # desc [log]
	echo "1..1"
	echo "not ok 1 - $1"
	[ -z "${2:-}" ] || diag "$2"
	exit 1
}

# fresh_tree DST: the tracked and new files of the tree, nothing ignored
# or built, as a clone or a release tarball has them (the packaging and
# the README's steps must work from that, not from a built tree).
fresh_tree() { # dst
	mkdir -p "$1" &&
		(cd "$TOP" && git ls-files -z --cached --others --exclude-standard) |
		while IFS= read -r -d '' f; do
			[ -e "$TOP/$f" ] && (cd "$TOP" && cp -P --parents "$f" "$1/")
		done
}

# DKMS, dpkg and /usr/local are machine-wide: one tests/system suite at a
# time, also across checkouts and concurrent make check runs.
system_lock() {
	exec 9>/run/lock/tdxg-system-tests.lock
	flock -w 1800 9 || bail "another tdxg system test held the lock for 30 min"
}

# The ASan+UBSan flags of the san variant, for user/ and for whatever
# links its libtdxg.a.
SAN_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

# need_user [plain|san]: user/ built in the tree (plain, the default, or
# $TDXG_VARIANT when a parent suite set it) or with ASan+UBSan in
# build/user-san (make -C user O=... EXTRA_CFLAGS=...). Each build
# directory is made once per run: make check's build suite and the first
# suite that needs one record it in TDXG_BUILT, and the suites after it,
# or that it starts, use it as it is. TDXG, when set, is the binary to
# test instead of $USER_DIR/tdxg. Returns non-zero, with the build's
# output as diagnostics, when the build fails.
need_user() { # [variant]
	local variant=${1:-${TDXG_VARIANT:-plain}} log
	case $variant in
	plain) USER_DIR=$TOP/user USER_CFLAGS= ;;
	san) USER_DIR=$TOP/build/user-san USER_CFLAGS=$SAN_CFLAGS ;;
	*) echo "# need_user: no variant $variant"; return 2 ;;
	esac
	TDXG=${TDXG:-$USER_DIR/tdxg}
	# The --json hook: with TDXG_JSON_SAMPLES (make check sets it for the
	# host suites), every --json output lands there too (tests/json-capture.sh);
	# not under a TDXG_WRAP (valgrind would check the hook, not tdxg).
	if [ -n "${TDXG_JSON_SAMPLES:-}" ] && [ -z "${TDXG_WRAP:-}" ] && [ "$TDXG" = "$USER_DIR/tdxg" ]; then
		mkdir -p "$TDXG_JSON_SAMPLES"
		export TDXG_JSON_REAL=$TDXG
		TDXG=$TOP/tests/json-capture.sh
	fi
	case " ${TDXG_BUILT:-} " in *" $USER_DIR "*) return 0 ;; esac
	log=$(nice make -s -j2 -C "$TOP/user" ${USER_CFLAGS:+O="$USER_DIR" EXTRA_CFLAGS="$USER_CFLAGS"} 2>&1) ||
		{ sed 's/^/#   /' <<<"$log" | tail -30; return 1; }
	# make -s is silent unless the compiler spoke: the build suite fails on
	# a warning it sees here.
	[ -z "$log" ] || printf '%s\n' "$log" >&2
	export TDXG_BUILT="${TDXG_BUILT:-} $USER_DIR"
}

QGS=$TOP/build/selftests/bin/tdxg-test-qgs
need_jsonschema() {
	PY=python3
	$PY -c 'import jsonschema' 2>/dev/null || PY=/usr/bin/python3
	$PY -c 'import jsonschema' 2>/dev/null || bail "python3-jsonschema is not installed (scripts/deps.sh)"
}

need_qgs() {
	local log
	log=$(make -s -C "$TOP/selftests/qgs" OUT="$TOP/build/selftests/bin" 2>&1) ||
		{ sed 's/^/#   /' <<<"$log" | tail -30; return 1; }
}

# build_driver NAME [SRC]: tests/host/NAME.c (or SRC) with -Wall -Wextra
# -Werror and the variant's flags, into build/host/NAME (NAME-san for the
# san variant). DRIVER_LDFLAGS adds link flags (lib-api.t's --wrap).
build_driver() { # name [src]
	local log
	DRIVER=$TOP/build/host/$1${USER_CFLAGS:+-san}
	mkdir -p "$TOP/build/host"
	# shellcheck disable=SC2086 # USER_CFLAGS is a list of flags
	log=$(cc -O2 -g -std=gnu11 -Wall -Wextra -Werror $USER_CFLAGS \
		-I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" -o "$DRIVER" "${2:-$TOP/tests/host/$1.c}" \
		"$USER_DIR/lib/libtdxg.a" $(pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto) \
		-ldl -lpthread ${DRIVER_LDFLAGS:-} 2>&1) || { sed 's/^/#   /' <<<"$log" | tail -30; return 1; }
}
