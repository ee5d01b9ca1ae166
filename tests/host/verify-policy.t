#!/bin/bash
# SPDX-License-Identifier: MIT
# The TD policy of tdxg verify, which libtdxg applies (so a library caller
# gets the same checks): debug TD, expected MRCONFIGID, MROWNER,
# MROWNERCONFIG, MRSEAM, MRSIGNERSEAM, TDATTRIBUTES, XFAM, minimum
# TEE_TCB_SVN, QE SVN and PCE SVN, each as an option and from a --policy
# JSON file; and a C caller of tdxg_quote_verify() with zeroed options
# refused for a debug TD. Quotes from the test QGS under its own root,
# signatures-only (policy does not need collateral). Env: TDXG_VARIANT=san
# (verify-san.t) or TDXG=<binary> to test another build.
set -u
. "$(dirname "$0")/../lib.sh"
scratch
need_user || bail "build user/"
need_qgs
ok $? "test QGS built"
KEYS=$W/keys
# The synthetic TDREPORT, and the same with TDATTRIBUTES.DEBUG set.
python3 - "$TD/quotes/synthetic-tdreport.dat" "$W/rdebug.dat" <<'PY'
import sys
r = bytearray(open(sys.argv[1], 'rb').read())
r[512] |= 1
open(sys.argv[2], 'wb').write(r)
PY
"$QGS" --keys "$KEYS" --make-quote "$TD/quotes/synthetic-tdreport.dat" >"$W/q.dat" &&
	"$QGS" --keys "$KEYS" --make-quote "$W/rdebug.dat" >"$W/qdebug.dat"
ok $? "quotes from the test QGS, one of a debug TD"

# The body's fields, as hex, from the quote (v4: body at 48).
eval "$(python3 - "$W/q.dat" <<'PY'
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
# verify ARGS...: tdxg verify --json of $Q, the command under test
Q=$W/q.dat
verify() { "$TDXG" verify --no-tcb "$Q" --root "$KEYS/root-ca.pem" --json "$@"; }
check() {
	local got
	got=$(python3 -c "import json; print(json.load(open('$W/out')).get('failed_check'))" 2>&1)
	[ "$got" = "$1" ] || echo "# failed_check is $got, wanted $1"
	ok $([ "$got" = "$1" ]; echo $?) "  ... failed_check $1"
}

expect 0 "no policy: signatures only" verify
for f in mrconfigid:MRCONFIGID mrowner:MROWNER mrownerconfig:MROWNERCONFIG mrseam:MRSEAM \
	mrsignerseam:MRSIGNERSEAM td-attributes:TDATTR xfam:XFAM; do
	opt=${f%%:*} var=${f#*:}
	val=${!var}
	expect 0 "--expect-$opt with the quote's value" verify "--expect-$opt" "$val"
	expect 1 "--expect-$opt with its last bit flipped" verify "--expect-$opt" "$(flip "$val")"
	check "expect_${opt//-/_}"
done
expect 2 "--expect-xfam with 7 bytes is a usage error" verify --expect-xfam 00000000000000
expect 0 "--min-tee-tcb-svn equal to TEE_TCB_SVN ($SVN)" verify --min-tee-tcb-svn "$SVN"
expect 1 "--min-tee-tcb-svn one above in byte 2" verify --min-tee-tcb-svn "${SVN:0:4}04${SVN:6}"
check min_tee_tcb_svn
expect 0 "--min-qe-svn 4 (the QE report's ISVSVN)" verify --min-qe-svn 4
expect 1 "--min-qe-svn 5" verify --min-qe-svn 5
check min_qe_svn
expect 0 "--min-pce-svn 13 (the PCK certificate's PCESVN)" verify --min-pce-svn 13
expect 1 "--min-pce-svn 14" verify --min-pce-svn 14
check min_pce_svn
expect 2 "--min-pce-svn 65536 is a usage error" verify --min-pce-svn 65536

Q=$W/qdebug.dat
expect 1 "a debug TD is refused by default" verify
check td_debug
expect 0 "  ... and accepted with --allow-debug" verify --allow-debug

# A policy file.
Q=$W/q.dat
cat >"$W/p.json" <<EOF
{"mrconfigid": "$MRCONFIGID", "mrowner": "$MROWNER", "mrownerconfig": "$MROWNERCONFIG",
 "mrseam": "$MRSEAM", "mrsignerseam": "$MRSIGNERSEAM", "td_attributes": "$TDATTR", "xfam": "$XFAM",
 "min_tee_tcb_svn": "$SVN", "min_qe_svn": 4, "min_pce_svn": 13, "rtmrs": [null, null, null, null],
 "allow_debug": false, "min_tcb_eval": 0}
EOF
# A policy's TCB rules need the TCB evaluated: with --no-tcb (this file's
# verify) they are a usage error, and without it the missing collateral fails.
sed 's/"min_tcb_eval": 0}/"accept": ["UpToDate"], "min_tcb_eval": 0}/' "$W/p.json" >"$W/p-accept.json"
expect 2 "--policy with accept under --no-tcb is a usage error" verify --policy "$W/p-accept.json"
grep -q "no-tcb.*accept" "$W/err"; ok $? "  ... naming --no-tcb and accept"
expect 4 "--policy with accept, no collateral: fails closed, not ignored" \
	"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --json --policy "$W/p-accept.json" --offline --cache "$W/no-cache"
check collateral
expect 0 "--policy with every field matching the quote" verify --policy "$W/p.json"
sed "s/\"min_qe_svn\": 4/\"min_qe_svn\": 5/" "$W/p.json" >"$W/p2.json"
expect 1 "--policy with min_qe_svn 5" verify --policy "$W/p2.json"
check min_qe_svn
sed "s/\"xfam\": \"$XFAM\"/\"xfam\": \"$(flip "$XFAM")\"/" "$W/p.json" >"$W/p3.json"
expect 1 "--policy with another xfam" verify --policy "$W/p3.json"
check expect_xfam
expect 0 "  ... and a later --expect-xfam overrides it" verify --policy "$W/p3.json" --expect-xfam "$XFAM"
echo '{"mrtd": "00", "mr_td": "00"}' >"$W/bad.json"
"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --policy "$W/bad.json" >/dev/null 2>"$W/err"
[ $? -eq 2 ] && grep -q 'mrtd' "$W/err"
ok $? "--policy with a malformed value is a usage error naming the key"
echo '{"mr_owner": "00"}' >"$W/bad.json"
"$TDXG" verify "$Q" --root "$KEYS/root-ca.pem" --policy "$W/bad.json" >/dev/null 2>"$W/err"
[ $? -eq 2 ] && grep -q 'unknown key "mr_owner"' "$W/err"
ok $? "--policy with an unknown key is a usage error naming it"

# A library caller with zeroed options gets the command's checks.
cat >"$W/lib.c" <<'EOF'
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
	/* The default policy, the TCB knowingly not evaluated (no collateral). */
	o.flags = TDXG_VERIFY_NO_TCB;
	tdxg_quote_verify(v, &q, &o, &r);
	printf("%d %s\n", r.error, r.check);
	tdxg_verifier_free(v);
	return 0;
}
EOF
build_driver verify-policy-caller "$W/lib.c"
ok $? "library caller built"
got=$("$DRIVER" "$W/qdebug.dat" "$KEYS/root-ca.pem")
[ "$got" = "4 td_debug" ]
ok $? "tdxg_quote_verify() with default options (and TDXG_VERIFY_NO_TCB) refuses a debug TD: TDXG_VERIFY_POLICY, td_debug (got '$got')"
got=$("$DRIVER" "$W/q.dat" "$KEYS/root-ca.pem")
[ "$got" = "0 " ]
ok $? "  ... and passes the same TD without DEBUG (got '$got')"

finish
