#!/bin/bash
# SPDX-License-Identifier: MIT
# The collateral cache against the PCCS stand-in: a verified fetch is
# cached as tdx-FMSPC-CA.json (the bundle tdxg collateral writes) and
# reused with no request until its nextUpdate (--at after it fetches
# again); --offline works from the cache alone and exits 4 without a valid
# entry; a corrupt or tampered entry is reported, fetched again and
# replaced, never fatal; a tampered response is never cached; writes leave
# no temporary files; the default locations for root and for other users.
set -u
. "$(dirname "$0")/pccs-lib.sh"
plan 29
D=$W/cache
E=$D/tdx-$(echo "$FMSPC" | tr A-F a-f)-platform.json
V=("$TDXG" verify "$Q" --pccs "$URL" --pccs-ca "$CA" --cache "$D" --at "$AT" --json)

M tamper
expect 6 "tampered response: verify fails" "${V[@]}"
ok $([ ! -e "$E" ]; echo $?) "... and nothing is cached"
M ok
r0=$(reqs)
expect 0 "first verify fetches" "${V[@]}"
ok $([ $(($(reqs) - r0)) -eq 4 ]; echo $?) "... four requests (TCB info, QE identity, PCK CRL, root CA CRL)"
ok $([ -s "$E" ]; echo $?) "... and caches $(basename "$E")"
cp "$W/out" "$W/first.json"
"$TDXG" collateral "$Q" --pccs "$URL" --pccs-ca "$CA" --no-cache --at "$AT" >"$W/b.json" 2>/dev/null
cmp -s "$E" "$W/b.json"; ok $? "the entry is the bundle tdxg collateral writes"
r0=$(reqs)
expect 0 "second verify" "${V[@]}"
ok $([ "$(reqs)" -eq "$r0" ]; echo $?) "... makes no request (cache hit)"
cmp -s "$W/out" "$W/first.json"; ok $? "... same verdict"
M 500
expect 0 "--offline with the server failing" "${V[@]}" --offline
ok $([ "$(reqs)" -eq "$r0" ]; echo $?) "... makes no request"
expect 0 "tdxg collateral --offline from the cache" "$TDXG" collateral "$Q" --cache "$D" --offline --at "$AT" -o "$W/c.json"
cmp -s "$W/c.json" "$E"; ok $? "... writes the cached bundle"
LATE=2025-08-01T00:00:00Z
expect 4 "--offline after nextUpdate: no valid entry" "${V[@]}" --offline --at "$LATE"
said "no valid cached collateral" "... says so"
M ok
r0=$(reqs)
expect 6 "after nextUpdate the entry is not used: fetched again (and stale)" "${V[@]}" --at "$LATE"
ok $([ "$(reqs)" -gt "$r0" ]; echo $?) "... requests were made"
head -c 200 "$W/b.json" >"$E"
expect 0 "corrupt entry: fetched again, not fatal" "${V[@]}"
said "is corrupt" "... and reported"
cmp -s "$E" "$W/b.json"; ok $? "... and replaced by a good entry"
python3 - "$E" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d['tcb_info_signature']
d['tcb_info_signature'] = ('0' if s[0] != '0' else '1') + s[1:]
json.dump(d, open(sys.argv[1], 'w'))
PY
expect 0 "entry with a bad signature: fetched again" "${V[@]}"
cmp -s "$E" "$W/b.json"; ok $? "... and replaced"
ok $([ -z "$(find "$D" -name '*.json.*')" ]; echo $?) "no temporary files left in the cache"
# Default locations: /var/cache/tdxg for root, $XDG_CACHE_HOME/tdxg (else
# ~/.cache/tdxg) for anyone else.
if [ "$(id -u)" -eq 0 ]; then
	expect 4 "root: the default cache is /var/cache/tdxg" "$TDXG" verify "$Q" --offline --at "$LATE"
	said "in /var/cache/tdxg" "... named in the message"
else
	ok 0 "# SKIP not root"; ok 0 "# SKIP not root"
fi
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$W"
	mkdir -p "$W/xdg" "$W/home"
	chown 65534:65534 "$W/xdg" "$W/home"
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	expect 0 "another user: fetched into \$XDG_CACHE_HOME/tdxg" as_nobody env XDG_CACHE_HOME="$W/xdg" \
		"$TDXG" verify "$Q" --pccs "$URL" --pccs-ca "$CA" --at "$AT" --json
	ok $([ -s "$W/xdg/tdxg/$(basename "$E")" ]; echo $?) "... the entry is there"
	expect 0 "without XDG_CACHE_HOME: ~/.cache/tdxg" as_nobody env -u XDG_CACHE_HOME HOME="$W/home" \
		"$TDXG" verify "$Q" --pccs "$URL" --pccs-ca "$CA" --at "$AT" --json
	ok $([ -s "$W/home/.cache/tdxg/$(basename "$E")" ]; echo $?) "... the entry is there"
else
	for _ in 1 2 3 4; do ok 0 "# SKIP needs root and setpriv"; done
fi
finish
