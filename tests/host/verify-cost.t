#!/bin/bash
# SPDX-License-Identifier: MIT
# Whole-process cost of tdxg verify, as Documentation/benchmark.rst
# measures it: the command links only libcrypto and libc (libcurl and
# libkmod are loaded when a fetch or a module load needs them), and one
# verification with collateral, dynamic loader included, stays within 11.8 M
# instructions under callgrind (deterministic, so machine load cannot move
# it). The pinned root's self-signature is not rechecked per process, so
# this also checks that a --root is still checked and the built-in root's
# signature does verify. Env: TDXG=<binary>.
set -u
. "$(dirname "$0")/../lib.sh"
scratch
LIMIT=11800000

# callgrind counts tdxg itself, not the --json hook (tests/lib.sh).
unset TDXG_JSON_SAMPLES
need_user || bail "build user/"
Q=$TD/quotes/v4-phala.dat
C=$TD/collateral/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z

libs=$(ldd "$TDXG" | awk '{print $1}' | grep -vE '^(linux-vdso|/lib64/ld-linux)' | sed 's/\.so.*//' | sort | tr '\n' ' ')
[ "$libs" = "libc libcrypto " ]
ok $? "tdxg links only libcrypto and libc (got: $libs)"

"$TDXG" verify "$Q" --collateral "$C" --at "$AT" >"$W/out" 2>&1
ok $? "the measured verification passes (built-in root)"

if command -v valgrind >/dev/null; then
	insns=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$TDXG" verify "$Q" --collateral "$C" \
		--at "$AT" 2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,)
	[ -n "$insns" ] && [ "$insns" -le $LIMIT ]
	ok $? "whole process with collateral: ${insns:-?} instructions under callgrind (at most $LIMIT)"
else
	skip "whole process with collateral under callgrind" "valgrind not installed"
fi

# The built-in root, as a --root file, has its self-signature checked.
"$TDXG" verify "$Q" --collateral "$C" --at "$AT" --root "$TOP/user/data/intel-sgx-root-ca.pem" >/dev/null 2>&1
ok $? "the Intel root given as --root passes its self-signature check"
python3 - "$TOP/user/data/intel-sgx-root-ca.pem" "$W/bad-root.pem" <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().split("\n")
der = bytearray(base64.b64decode("".join(l for l in lines if l and not l.startswith("-----"))))
der[-3] ^= 1		# inside the signature's s integer
b = base64.b64encode(der).decode()
open(sys.argv[2], "w").write("-----BEGIN CERTIFICATE-----\n" +
    "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + "\n-----END CERTIFICATE-----\n")
PY
"$TDXG" verify "$Q" --collateral "$C" --at "$AT" --root "$W/bad-root.pem" >/dev/null 2>"$W/err"
rc=$?
[ $rc -eq 5 ] && grep -q "not a self-signed CA" "$W/err"
ok $? "a --root whose self-signature does not verify is refused (exit $rc, 5 wanted)"

finish
