#!/bin/bash
# SPDX-License-Identifier: MIT
# make bench: quote verification throughput of libtdxg (cold and warm,
# bench/bench.c) against the cost of the ECDSA P-256 verifications the
# work needs, and against @phala/dcap-qvl (JS) and @phala/dcap-qvl-web
# (WASM) from npm on the same quote, collateral and time, in one run.
# Env: BENCH_SECONDS per measurement (default 5).
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
TD=${TDXG_TESTDATA:-$TOP/../shared/testdata}
OUT=$TOP/build/bench
SECS=${BENCH_SECONDS:-5}
QUOTE=$TD/quotes/v4-phala.dat
COLL=$TD/collateral/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
AT_UNIX=1751328000
mkdir -p "$OUT"

make -s -C "$TOP/user" >&2
cc -O2 -g -Wall -Wextra -Werror -I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" -o "$OUT/bench" \
	"$TOP/bench/bench.c" "$TOP/user/lib/libtdxg.a" \
	$(pkg-config --libs libkmod libcrypto 2>/dev/null || echo -lkmod -lcrypto)
if [ ! -d "$OUT/node_modules/@phala/dcap-qvl" ] || [ ! -d "$OUT/node_modules/@phala/dcap-qvl-web" ]; then
	[ -f "$OUT/package.json" ] || echo '{"private": true}' >"$OUT/package.json"
	(cd "$OUT" && npm install --no-audit --no-fund --silent @phala/dcap-qvl @phala/dcap-qvl-web >&2)
fi

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "# $(openssl version), node $(node --version), @phala/dcap-qvl $(node -p "require('$OUT/node_modules/@phala/dcap-qvl/package.json').version"), @phala/dcap-qvl-web $(node -p "require('$OUT/node_modules/@phala/dcap-qvl-web/package.json').version")"
echo "# quote $(basename "$QUOTE"), collateral $(basename "$COLL"), at $AT, ${SECS}s per measurement"
{
	"$OUT/bench" "$QUOTE" "$COLL" "$AT" "$SECS"
	node "$TOP/bench/dcap-qvl.mjs" "$OUT/node_modules" "$QUOTE" "$COLL" "$AT_UNIX" "$SECS"
} >"$OUT/results.jsonl"
python3 - "$OUT/results.jsonl" <<'PY'
import json, sys
r = {d["name"]: d for d in map(json.loads, open(sys.argv[1]))}
unit = min(r["ecdsa-evp"]["median_us"], r["ecdsa-eckey"]["median_us"])
unit_min = min(r["ecdsa-evp"]["min_us"], r["ecdsa-eckey"]["min_us"])
cold = r["tdxg-cold"]["median_us"]
print(f"{'what':34} {'median us':>10} {'min us':>9} {'runs':>7}  notes")
for name in ["ecdsa-evp", "ecdsa-eckey", "tdxg-cold", "tdxg-warm", "@phala/dcap-qvl", "@phala/dcap-qvl-web"]:
    d = r[name]
    note = ""
    if "ecdsa_ops" in d:
        note = (f"{d['ecdsa_ops']} ECDSA = {d['ecdsa_ops'] * unit:.0f} us; "
                f"ratio {d['median_us'] / (d['ecdsa_ops'] * unit):.2f}x "
                f"(min/min {d['min_us'] / (d['ecdsa_ops'] * unit_min):.2f}x); {d['status']}")
    elif name.startswith("@phala"):
        note = (f"tdxg cold is {d['median_us'] / cold:.1f}x faster "
                f"(min/min {d['min_us'] / r['tdxg-cold']['min_us']:.1f}x); {d['status']}")
    elif name.startswith("ecdsa"):
        note = "one P-256 verify" + (" (cost unit)" if d["median_us"] == unit else "")
    print(f"{name:34} {d['median_us']:10.1f} {d['min_us']:9.1f} {d['runs']:7d}  {note}")
PY
