#!/bin/bash
# SPDX-License-Identifier: MIT
# The inputs relying parties already have (issue 24 item 5): quotes in
# base64 (standard and URL-safe, padded or not, wrapped or not) wherever
# a quote is read, with clear errors for bad base64; DER and several
# --root; several collateral bundles for different FMSPCs in one batch;
# --at as a date or now; --collateral with --pccs refused; --replay
# takes exactly one LOG.
# Env: TDXG_VARIANT=san or TDXG=<binary> to test another build.
set -u
. "$(dirname "$0")/../lib.sh"
need_user || bail "build user/"
Q=$TD/quotes
C=$TD/collateral
BUNDLE=$C/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
scratch
verify() { "$TDXG" verify "$@"; }

# ---- base64 quotes ----
P=$Q/v4-phala.dat
base64 -w0 "$P" >"$W/std.b64"
base64 -w76 "$P" >"$W/wrapped.b64"
base64 -w0 "$P" | tr '+/' '-_' >"$W/url.b64"
base64 -w0 "$P" | tr '+/' '-_' | tr -d '=' >"$W/url-nopad.b64"
base64 -w64 "$P" | tr -d '=' | sed 's/$/\r/' >"$W/crlf-nopad.b64"
# The test needs both special characters and padding to mean anything.
grep -q '[+/]' "$W/std.b64" && grep -q '=$' "$W/std.b64"
ok $? "the phala quote's base64 has + or / and padding (the cases below differ)"
"$TDXG" verify --no-tcb "$P" --at $AT --json >"$W/ref.json" 2>&1
for f in std wrapped url url-nopad crlf-nopad; do
	expect 0 "verify reads a $f base64 quote" verify --no-tcb "$W/$f.b64" --at $AT --json
	sed "s|$W/$f.b64|$P|" "$W/out" | cmp -s - "$W/ref.json"
	ok $? "... with the binary quote's result"
done
expect 0 "base64 on stdin" verify --no-tcb - --at $AT <"$W/url-nopad.b64"
expect 0 "show reads a base64 quote" "$TDXG" show "$W/wrapped.b64"
"$TDXG" show "$P" >"$W/show-ref" 2>&1
sed "s|$W/wrapped.b64|$P|" "$W/out" | cmp -s - "$W/show-ref"; ok $? "... and shows what the binary quote shows"
mkdir -p "$W/cache" && cp "$BUNDLE" "$W/cache/tdx-b0c06f000000-platform.json"
expect 0 "collateral reads a base64 quote (--offline, from a cache)" \
	env TDXG_QCNL_CONF=/nonexistent "$TDXG" collateral "$W/std.b64" --offline --cache "$W/cache" --at $AT
cmp -s "$W/out" "$BUNDLE"; ok $? "... and writes its bundle"
# Bad base64: exit 5, saying what is wrong and where.
s=$(cat "$W/std.b64")
printf '%s-%s' "${s:0:100}" "${s:101}" >"$W/mixed.b64"
printf '%s=%s' "${s:0:100}" "${s:101}" >"$W/midpad.b64"
len=$(tr -d '=' <"$W/std.b64" | wc -c)
tr -d '=' <"$W/std.b64" | head -c $((len - (len % 4) + 1 - 4)) >"$W/trunc.b64"
expect 5 "base64 mixing + / and - _ is refused" verify --no-tcb "$W/mixed.b64" --at $AT
grep -q "mixed.b64: FAILED quote_format: cannot read it: base64 mixes the standard (+/) and URL-safe (-_) alphabets (character 101)" "$W/err"
ok $? "... naming both alphabets and the character"
expect 5 "base64 with '=' inside is refused" verify --no-tcb "$W/midpad.b64" --at $AT
grep -q "base64: '=' at character 101, before the end" "$W/err"; ok $? "... naming the character"
expect 5 "base64 cut to 4n+1 characters is refused" verify --no-tcb "$W/trunc.b64" --at $AT
grep -q "base64 of [0-9]* characters and 0 '=' is truncated or mispadded" "$W/err"; ok $? "... saying it is truncated"
printf 'QUFB=====' >"$W/overpad.b64"
expect 5 "too much padding is refused" verify --no-tcb "$W/overpad.b64" --at $AT
grep -q "mispadded" "$W/err"; ok $? "... saying so"
expect 5 "bad base64 in show" "$TDXG" show "$W/mixed.b64"
grep -q "base64 mixes" "$W/err"; ok $? "... with the same message"
# Hex stays hex (only hex digits), binary stays binary.
od -An -tx1 -v "$P" | tr -d ' ' >"$W/q.hex"
expect 0 "hex quotes still read as hex" verify --no-tcb "$W/q.hex" --at $AT

# ---- --at: RFC 3339, a date, unix seconds or now ----
"$TDXG" verify "$P" --collateral "$BUNDLE" --at $AT --json >"$W/at-ref.json" 2>&1
for t in 2025-07-01 "2025-07-01T02:00:00+02:00" 1751328000; do
	expect 0 "--at $t" verify "$P" --collateral "$BUNDLE" --at "$t" --json
	cmp -s "$W/out" "$W/at-ref.json"; ok $? "... is $AT"
done
expect 6 "--at 2025-07-20 (a date, after the collateral's nextUpdate)" verify "$P" --collateral "$BUNDLE" --at 2025-07-20
grep -q '"at": "2025-07-20T00:00:00Z"\|at 2025-07-20T00:00:00Z' "$W/out" "$W/err"; ok $? "... is 2025-07-20T00:00:00Z"
now=$(date -u +%s)
expect 0 "--at now" verify --no-tcb "$Q/v4-spr-e4.dat" --at now --json
t=$(python3 -c 'import json,sys,datetime; print(int(datetime.datetime.fromisoformat(json.load(open(sys.argv[1]))["at"].replace("Z","+00:00")).timestamp()))' "$W/out")
ok $([ "$t" -ge "$now" ] && [ "$t" -le $((now + 60)) ]; echo $?) "... is the clock ($t, clock $now)"
for t in 2025-02-30 2025-7-1 NOW yesterday; do
	expect 2 "--at $t is a usage error" verify --no-tcb "$P" --at "$t"
	grep -q "a date (2025-07-01), unix seconds or now" "$W/err"; ok $? "... listing the forms"
done
expect 0 "collateral --at takes a date too" env TDXG_QCNL_CONF=/nonexistent \
	"$TDXG" collateral "$P" --offline --cache "$W/cache" --at 2025-07-01

# ---- one source of collateral: --collateral or a fetch, never both ----
for o in "--pccs https://127.0.0.1:9" --pcs --offline "--cache $W/cache" "--timeout 5"; do
	# shellcheck disable=SC2086 # o is an option and its value
	expect 2 "--collateral with ${o/$W\//} is a usage error" verify "$P" --collateral "$BUNDLE" --at $AT $o
	[ "$(wc -l <"$W/err")" -eq 1 ] && grep -q -- "--collateral FILE and .* exclude each other" "$W/err"
	ok $? "... one line naming both"
done
expect 2 "... in --json too, one line" verify "$P" --collateral "$BUNDLE" --at $AT --pccs https://127.0.0.1:9 --json
[ "$(wc -l <"$W/err")" -le 1 ]; ok $? "... one line on stderr"

# ---- --root: DER or PEM, several of them ----
openssl x509 -in "$TD/roots/intel-sgx-root-ca.pem" -outform der -out "$W/intel.der"
expect 0 "--root as DER (the Intel root)" verify --no-tcb "$P" --root "$W/intel.der" --at $AT
printf '\x30\x03\x02\x01\x00' >"$W/junk.der"
expect 5 "--root DER that is no certificate is malformed input" verify --no-tcb "$P" --root "$W/junk.der" --at $AT
# Two throwaway platforms from the test QGS, each under its own root, with
# its own FMSPC and PCK CA, and collateral for each from verify-collateral.py.
QGS=$TOP/build/selftests/bin/tdxg-test-qgs
make -s -C "$TOP/selftests/qgs" OUT="$TOP/build/selftests/bin" >>"$W/build.log" 2>&1
NOW=$(date +%s)
mkplat() { # name fmspc ca
	"$QGS" --keys "$W/$1" --fmspc "$2" --pck-ca "$3" --make-quote "$Q/synthetic-tdreport.dat" >"$W/$1.q" &&
	python3 "$TOP/tests/host/verify-collateral.py" --keys "$W/$1" --quote "$W/$1.q" --out "$W/$1.json" --at "$NOW" &&
	openssl x509 -in "$W/$1/root-ca.pem" -outform der -out "$W/$1.der"
}
mkplat a 00906ed50000 platform 2>"$W/gen.err" && mkplat b 50806f000000 processor 2>>"$W/gen.err"
ok $? "two platforms: FMSPC 00906ed50000 (platform CA) and 50806f000000 (processor CA), two roots"
RA=$W/a/root-ca.pem RB=$W/b.der
expect 0 "--root DER of a throwaway root, with its collateral" verify "$W/b.q" --root "$RB" --collateral "$W/b.json" --at "$NOW"
expect 0 "two quotes, two --root (PEM and DER), two bundles: each gets its own" \
	verify "$W/a.q" "$W/b.q" --root "$RA" --root "$RB" --collateral "$W/a.json" --collateral "$W/b.json" --at "$NOW" --json
python3 - "$W/out" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert [x["ok"] for x in r] == [True, True], r
assert sorted(x["fmspc"] for x in r) == ["00906ed50000", "50806f000000"], r
assert all(x["tcb_status"] == "UpToDate" for x in r), r
PY
ok $? "... both UpToDate, with their own FMSPCs"
mkdir -p "$W/cache-b" && cp "$W/b.json" "$W/cache-b/tdx-50806f000000-processor.json"
expect 0 "collateral --root DER" env TDXG_QCNL_CONF=/nonexistent "$TDXG" collateral "$W/b.q" --root "$RB" \
	--offline --cache "$W/cache-b" --at "$NOW"
expect 0 "roots and bundles in the other order, --jobs 2" \
	verify "$W/b.q" "$W/a.q" --root "$RB" --root "$RA" --collateral "$W/b.json" --collateral "$W/a.json" --at "$NOW" --jobs 2
expect 0 "the Intel root among them: the real quote chains to it" \
	verify --no-tcb "$P" "$W/a.q" --root "$RA" --root "$W/intel.der" --at "$NOW" --allow-debug
expect 6 "a quote none of the roots anchors fails its chain" verify --no-tcb "$W/b.q" --root "$RA" --root "$W/intel.der" --at "$NOW"
grep -q "FAILED pck_chain" "$W/err"; ok $? "... naming pck_chain"
expect 7 "no bundle for a quote's FMSPC: that quote fails" \
	verify "$W/a.q" "$W/b.q" --root "$RA" --root "$RB" --collateral "$W/a.json" --collateral "$BUNDLE" --at "$NOW" --json
python3 - "$W/out" <<'PY'
import json, sys
r = {x["quote"].rsplit("/", 1)[1]: x for x in map(json.loads, open(sys.argv[1]))}
assert r["a.q"]["ok"] is True, r
b = r["b.q"]
assert b["ok"] is False and b["exit_code"] == 7 and b["failed_check"] == "fmspc", b
assert "no --collateral bundle is for this quote's FMSPC 50806F000000 (PCK processor CA)" in b["detail"], b
assert "B0C06F000000 (platform)" in b["detail"] and "00906ED50000 (platform)" in b["detail"], b
PY
ok $? "... exit 7, failed_check fmspc, naming its FMSPC and CA and the bundles' "
cp "$W/a.json" "$W/a2.json"
expect 2 "two bundles for one FMSPC and CA: usage error" verify "$W/a.q" --root "$RA" --collateral "$W/a.json" --collateral "$W/a2.json" --collateral "$W/b.json" --at "$NOW"
grep -q "a.json and .*a2.json are both for FMSPC 00906ED50000 (PCK platform CA)" "$W/err"; ok $? "... naming both files"
for i in 1 2 3 4 5 6 7 8 9; do echo "--root $RA"; done >"$W/roots"
# shellcheck disable=SC2046 # one word per option and path
expect 2 "at most 8 --root" verify --no-tcb "$W/a.q" $(cat "$W/roots") --at "$NOW"
finish
