#!/bin/bash
# SPDX-License-Identifier: MIT
# The TD policy of tdxg verify, which libtdxg applies (so a library caller
# gets the same checks): debug TD, expected MRCONFIGID, MROWNER,
# MROWNERCONFIG, MRSEAM, MRSIGNERSEAM, TDATTRIBUTES, XFAM, minimum
# TEE_TCB_SVN, QE SVN and PCE SVN, each as an option and from a --policy
# JSON file; and a C caller of tdxg_quote_verify() with zeroed options
# refused for a debug TD. Quotes from the test QGS under its own root,
# signatures-only (policy does not need collateral). Env: TDXG=<binary>,
# TDXG_SAN_DIR=<SAN build of user/> (verify-san.t).
set -u
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=$TOP/tests/data
QGS=$TOP/build/selftests/bin/tdxg-test-qgs
USER_DIR=${TDXG_SAN_DIR:-$TOP/user}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

if [ -z "${TDXG:-}" ]; then
	make -s -C "$TOP/user" >"$TMP/build.log" 2>&1 || { echo "1..1"; echo "not ok 1 - build user/"; exit 1; }
	TDXG=$TOP/user/tdxg
fi
make -s -C "$TOP/selftests/qgs" OUT="$TOP/build/selftests/bin" >>"$TMP/build.log" 2>&1
ok $? "test QGS built"
KEYS=$TMP/keys
# The synthetic TDREPORT, and the same with TDATTRIBUTES.DEBUG set.
python3 - "$TD/quotes/synthetic-tdreport.dat" "$TMP/rdebug.dat" <<'PY'
import sys
r = bytearray(open(sys.argv[1], 'rb').read())
r[512] |= 1
open(sys.argv[2], 'wb').write(r)
PY
"$QGS" --keys "$KEYS" --make-quote "$TD/quotes/synthetic-tdreport.dat" >"$TMP/q.dat" &&
	"$QGS" --keys "$KEYS" --make-quote "$TMP/rdebug.dat" >"$TMP/qdebug.dat"
ok $? "quotes from the test QGS, one of a debug TD"

# The body's fields, as hex, from the quote (v4: body at 48).
eval "$(python3 - "$TMP/q.dat" <<'PY'
import sys
q = open(sys.argv[1], 'rb').read()
b = 48
f = {"SVN": (0, 16), "MRSEAM": (16, 48), "MRSIGNERSEAM": (64, 48), "TDATTR": (120, 8),
     "XFAM": (128, 8), "MRCONFIGID": (184, 48), "MROWNER": (232, 48), "MROWNERCONFIG": (280, 48)}
for k, (o, l) in f.items():
    print("%s=%s" % (k, q[b + o:b + o + l].hex()))
PY
)"
flip() { python3 -c "import sys; h=bytearray.fromhex(sys.argv[1]); h[-1] ^= 1; print(h.hex())" "$1"; }
# run EXPECTED_RC DESC ARGS...: tdxg verify --json of $Q; output in $TMP/out
Q=$TMP/q.dat
run() {
	local want=$1 desc=$2 rc
	shift 2
	"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --json "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -eq "$want" ] || { echo "# exit $rc, wanted $want: $*"; sed 's/^/#   /' "$TMP/out" "$TMP/err" | head -20; }
	ok $([ "$rc" -eq "$want" ]; echo $?) "$desc (exit $want)"
}
check() {
	local got
	got=$(python3 -c "import json; print(json.load(open('$TMP/out')).get('failed_check'))" 2>&1)
	[ "$got" = "$1" ] || echo "# failed_check is $got, wanted $1"
	ok $([ "$got" = "$1" ]; echo $?) "  ... failed_check $1"
}

run 0 "no policy: signatures only"
for f in mrconfigid:MRCONFIGID mrowner:MROWNER mrownerconfig:MROWNERCONFIG mrseam:MRSEAM \
	mrsignerseam:MRSIGNERSEAM td-attributes:TDATTR xfam:XFAM; do
	opt=${f%%:*} var=${f#*:}
	val=${!var}
	run 0 "--expect-$opt with the quote's value" "--expect-$opt" "$val"
	run 1 "--expect-$opt with its last bit flipped" "--expect-$opt" "$(flip "$val")"
	check "expect_${opt//-/_}"
done
run 2 "--expect-xfam with 7 bytes is a usage error" --expect-xfam 00000000000000
run 0 "--min-tee-tcb-svn equal to TEE_TCB_SVN ($SVN)" --min-tee-tcb-svn "$SVN"
run 1 "--min-tee-tcb-svn one above in byte 2" --min-tee-tcb-svn "${SVN:0:4}04${SVN:6}"
check min_tee_tcb_svn
run 0 "--min-qe-svn 4 (the QE report's ISVSVN)" --min-qe-svn 4
run 1 "--min-qe-svn 5" --min-qe-svn 5
check min_qe_svn
run 0 "--min-pce-svn 13 (the PCK certificate's PCESVN)" --min-pce-svn 13
run 1 "--min-pce-svn 14" --min-pce-svn 14
check min_pce_svn
run 2 "--min-pce-svn 65536 is a usage error" --min-pce-svn 65536

Q=$TMP/qdebug.dat
run 1 "a debug TD is refused by default"
check td_debug
run 0 "  ... and accepted with --allow-debug" --allow-debug

# A policy file.
Q=$TMP/q.dat
cat >"$TMP/p.json" <<EOF
{"mrconfigid": "$MRCONFIGID", "mrowner": "$MROWNER", "mrownerconfig": "$MROWNERCONFIG",
 "mrseam": "$MRSEAM", "mrsignerseam": "$MRSIGNERSEAM", "td_attributes": "$TDATTR", "xfam": "$XFAM",
 "min_tee_tcb_svn": "$SVN", "min_qe_svn": 4, "min_pce_svn": 13, "rtmrs": [null, null, null, null],
 "allow_debug": false, "accept": ["UpToDate"], "min_tcb_eval": 0}
EOF
run 0 "--policy with every field matching the quote" --policy "$TMP/p.json"
sed "s/\"min_qe_svn\": 4/\"min_qe_svn\": 5/" "$TMP/p.json" >"$TMP/p2.json"
run 1 "--policy with min_qe_svn 5" --policy "$TMP/p2.json"
check min_qe_svn
sed "s/\"xfam\": \"$XFAM\"/\"xfam\": \"$(flip "$XFAM")\"/" "$TMP/p.json" >"$TMP/p3.json"
run 1 "--policy with another xfam" --policy "$TMP/p3.json"
check expect_xfam
run 0 "  ... and a later --expect-xfam overrides it" --policy "$TMP/p3.json" --expect-xfam "$XFAM"
echo '{"mrtd": "00", "mr_td": "00"}' >"$TMP/bad.json"
"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --policy "$TMP/bad.json" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q 'mrtd' "$TMP/err"
ok $? "--policy with a malformed value is a usage error naming the key"
echo '{"mr_owner": "00"}' >"$TMP/bad.json"
"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --policy "$TMP/bad.json" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q 'unknown key "mr_owner"' "$TMP/err"
ok $? "--policy with an unknown key is a usage error naming it"

# A library caller with zeroed options gets the command's checks.
cat >"$TMP/lib.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <tdxg/tdxg.h>

int main(int argc, char **argv)
{
	static uint8_t buf[1 << 16], root[1 << 14];
	struct tdxg_verify_opts o = TDXG_VERIFY_OPTS_INIT;
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_verifier *v;
	struct tdxg_quote q;
	FILE *f;
	size_t n, rn;

	(void)argc;
	f = fopen(argv[1], "rb");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	f = fopen(argv[2], "rb");
	rn = fread(root, 1, sizeof(root), f);
	fclose(f);
	if (tdxg_verifier_new(&v, root, rn, NULL) || tdxg_quote_parse(buf, n, &q, NULL))
		return 3;
	tdxg_quote_verify(v, &q, &o, &r);
	printf("%d %s\n", r.error, r.check);
	tdxg_verifier_free(v);
	return 0;
}
EOF
SAN_FLAGS=
[ -n "${TDXG_SAN_DIR:-}" ] && SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"
cc -Wall -Wextra -Werror $SAN_FLAGS -I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" -o "$TMP/lib" "$TMP/lib.c" \
	"$USER_DIR/lib/libtdxg.a" $(pkg-config --libs libkmod libcrypto 2>/dev/null || echo -lkmod -lcrypto)
ok $? "library caller built"
got=$("$TMP/lib" "$TMP/qdebug.dat" "$KEYS/root-ca.pem")
[ "$got" = "4 td_debug" ]
ok $? "tdxg_quote_verify() with zeroed options refuses a debug TD: TDXG_VERIFY_POLICY, td_debug (got '$got')"
got=$("$TMP/lib" "$TMP/q.dat" "$KEYS/root-ca.pem")
[ "$got" = "0 " ]
ok $? "  ... and passes the same TD without DEBUG (got '$got')"

echo "1..$n"
[ $fails -eq 0 ]
