#!/bin/bash
# SPDX-License-Identifier: MIT
# libtdxg's API reference (issue 24 item 9): every name user/libtdxg.map
# exports is declared in a public header under a comment that says what
# it does, and Documentation/libtdxg.3, generated from those comments by
# scripts/apidoc.py, is up to date and formats cleanly. A new export
# without a comment, or one not in the page, fails here.
set -u
. "$(dirname "$0")/../lib.sh"
scratch
GEN=$TOP/scripts/apidoc.py
PAGE=$TOP/Documentation/libtdxg.3
plan 8
python3 "$GEN" --check >"$W/out" 2>&1
ok $? "every export is declared with a comment, and libtdxg.3 is what the headers give"
diag "$W/out"
warn=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$PAGE" 2>&1)
ok $([ -z "$warn" ]; echo $?) "groff -man -ww formats libtdxg.3 without warnings"
[ -z "$warn" ] || echo "$warn" | sed 's/^/#   /' | head
# Each export stands in the page as a declaration (a .B line naming it).
missing=
n_exp=0
for f in $(sed -n 's/^[[:space:]]*\(tdxg_[a-z0-9_]*\);$/\1/p' "$TOP/user/libtdxg.map"); do
	n_exp=$((n_exp + 1))
	grep -qE "^\.B .*\b$f(\(|\[)" "$PAGE" || missing="$missing $f"
done
ok $([ -z "$missing" ] && [ "$n_exp" -ge 70 ]; echo $?) "all $n_exp exports have their declaration in libtdxg.3${missing:+ (missing:$missing)}"
ok $(grep -q "(undocumented)" "$PAGE"; [ $? -ne 0 ]; echo $?) "no entry of the page is undocumented"
# The check can fail: a new export that no header declares, and an
# export whose comment is removed.
# (copies of the map and the headers, edited; nothing is built from them)
sed 's/^\([[:space:]]*\)tdxg_sha384;/&\n\1tdxg_brand_new;/' "$TOP/user/libtdxg.map" >"$W/map"
python3 "$GEN" --check --map "$W/map" >"$W/out" 2>&1
[ $? -eq 1 ] && grep -q "^tdxg_brand_new: exported, but declared in no public header$" "$W/out"
ok $? "an export no header declares fails the check, named"
headers() { mkdir -p "$W/inc" && tar -C "$TOP/user/lib/include/tdxg" -cf - . | tar -C "$W/inc" -xf -; }
headers
python3 - "$W/inc/util.h" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s2 = s.replace("/* SHA-384 of buf. */\n", "")
assert s2 != s
open(p, "w").write(s2)
PY
python3 "$GEN" --check --include "$W/inc" --out "$W/page" >"$W/out" 2>&1
[ $? -eq 1 ] && grep -q "^tdxg_sha384: declared without a comment saying what it does$" "$W/out"
ok $? "an export whose comment is removed fails the check, named"
headers
python3 "$GEN" --include "$W/inc" --out "$W/page" && cmp -s "$W/page" "$PAGE"
ok $? "the generator writes the committed page from the headers"
sed -i 's|^/\* Library version, "MAJOR.MINOR.PATCH". \*/$|/* The library version. */|' "$W/inc/util.h"
python3 "$GEN" --check --include "$W/inc" --out "$PAGE" >"$W/out" 2>&1
[ $? -eq 1 ] && grep -q "libtdxg.3 is not what the headers give: run scripts/apidoc.py" "$W/out"
ok $? "a changed comment makes the committed page stale, and the check says so"
finish
