#!/bin/bash
# SPDX-License-Identifier: MIT
# make bench: quote verification throughput of libtdxg (cold and warm,
# bench/bench.c) against the cost of the ECDSA P-256 verifications the
# work needs, and against @phala/dcap-qvl (JS) and @phala/dcap-qvl-web
# (WASM) from npm on the same quote, collateral and time, in one run.
# Env: BENCH_SECONDS per measurement (default 5).
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"
OUT=$TOP/build/bench
SECS=${BENCH_SECONDS:-5}
QUOTE=$TD/quotes/v4-phala.dat
COLL=$TD/collateral/v4-phala.collateral.json
AT=2025-07-01T00:00:00Z
AT_UNIX=1751328000
mkdir -p "$OUT"

need_user plain
cc -O2 -g -Wall -Wextra -Werror -I"$TOP/user/lib/include" -I"$TOP/kmod/uapi" -o "$OUT/bench" \
	"$TOP/bench/bench.c" "$TOP/user/lib/libtdxg.a" \
	$(pkg-config --libs libkmod libcrypto 2>/dev/null || echo -lkmod -lcrypto) -lpthread
cc -O2 -g -Wall -Wextra -Werror -o "$OUT/whole" "$TOP/bench/whole.c"
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
	# tdxg verify as a whole process, interleaved with in-process dcap-qvl calls.
	"$OUT/whole" "$TOP/user/tdxg" "$QUOTE" "$COLL" "$AT" "$SECS" \
		node "$TOP/bench/dcap-qvl.mjs" "$OUT/node_modules" "$QUOTE" "$COLL" "$AT_UNIX" serve
	# The command itself: tdxg verify --from a list of one quote file repeated
	# (so repeat platforms), --jobs 1 and 2, reading the file, parsing and
	# printing a JSON line per quote.
	rm -rf "$OUT/cli" && mkdir -p "$OUT/cli"
	for i in $(seq 1 "${BENCH_CLI_QUOTES:-4000}"); do echo "$OUT/cli/q.dat"; done >"$OUT/cli/list"
	cp "$QUOTE" "$OUT/cli/q.dat"
	for j in 1 2; do
		python3 - "$TOP/user/tdxg" "$OUT/cli/list" "$COLL" "$AT" "$j" "$OUT/cli/out.$j" <<'PY'
import json, resource, subprocess, sys, time
tdxg, lst, coll, at, jobs, out = sys.argv[1:]
r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
with open(out, "w") as f:
    subprocess.run([tdxg, "verify", "--from", lst, "--collateral", coll, "--at", at, "--json",
                    "--jobs", jobs], stdout=f, check=True)
t1, r1 = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
n = sum(1 for l in open(out) if json.loads(l)["ok"])
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(json.dumps({"name": "cli-repeat-" + jobs, "threads": int(jobs), "ecdsa_ops": 1,
                  "quotes_per_s": round(n / (t1 - t0), 1), "quotes_per_cpu_s": round(n / cpu, 1)}))
PY
	done
} >"$OUT/results.jsonl"
# Instructions of one whole tdxg verify process (loader included), as
# Documentation/benchmark.rst measures them: deterministic, load-proof.
INSNS=
if command -v valgrind >/dev/null; then
	INSNS=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$TOP/user/tdxg" verify "$QUOTE" \
		--collateral "$COLL" --at "$AT" 2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,)
fi
python3 - "$OUT/results.jsonl" <<'PY'
import json, sys
r = {d["name"]: d for d in map(json.loads, open(sys.argv[1]))}
unit = min(r["ecdsa-evp"]["median_us"], r["ecdsa-eckey"]["median_us"])
unit_min = min(r["ecdsa-evp"]["min_us"], r["ecdsa-eckey"]["min_us"])
cold = r["tdxg-cold"]["median_us"]
print(f"{'what':34} {'median us':>10} {'min us':>9} {'runs':>7}  notes")
for name in ["ecdsa-evp", "ecdsa-eckey", "tdxg-cold", "tdxg-warm", "tdxg-repeat", "@phala/dcap-qvl", "@phala/dcap-qvl-web"]:
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
print()
print("Batch throughput, warm verifiers (one per thread, as tdxg verify --jobs N). The bound")
print("is what the ECDSA verifications alone allow: 1e6 / (ops x ECDSA median us) per core;")
print("new platforms need 3 (quote, QE report, PCK leaf), repeat platforms 1 (quote).")
print("per core = quotes per second of the threads' own CPU time (other load on the machine")
print("does not dilute it); wall = quotes per second of elapsed time (it does).")
print(f"{'what':34} {'threads':>7} {'wall q/s':>9} {'per core':>9} {'bound':>7}  of bound")
for name in ["batch-new-1", "batch-repeat-1", "batch-new-2", "batch-repeat-2", "cli-new-1", "cli-new-2", "cli-repeat-1", "cli-repeat-2"]:
    if name not in r:
        continue
    d = r[name]
    per_core = d["quotes_per_cpu_s"]
    bound = 1e6 / (d["ecdsa_ops"] * unit)
    print(f"{name:34} {d['threads']:7d} {d['quotes_per_s']:9.0f} {per_core:9.0f} {bound:7.0f}  {100 * per_core / bound:5.0f} %")
PY
python3 - "$OUT/results.jsonl" "$INSNS" <<'PY'
import json, sys
r = {d["name"]: d for d in map(json.loads, open(sys.argv[1]))}
insns = sys.argv[2]
proc = r["tdxg-process"]
print()
print("Whole process: tdxg verify spawned and waited for, against one in-process call of")
print("each dcap-qvl build in a warm node, interleaved call by call.")
print(f"{'what':34} {'median us':>10} {'min us':>9} {'runs':>7}  notes")
for name in ["tdxg-process", "true-process", "@phala/dcap-qvl-interleaved", "@phala/dcap-qvl-web-interleaved"]:
    d = r[name]
    note = d["note"] + "; " + d["status"]
    if name.startswith("@phala"):
        note += (f"; tdxg whole process is {d['median_us'] / proc['median_us']:.2f}x faster "
                 f"(min/min {d['min_us'] / proc['min_us']:.2f}x)")
    print(f"{name:34} {d['median_us']:10.1f} {d['min_us']:9.1f} {d['runs']:7d}  {note}")
if insns:
    print(f"tdxg verify with collateral, whole process: {int(insns) / 1e6:.2f} M instructions under callgrind")
else:
    print("valgrind not installed: whole-process instruction count not taken")
PY
