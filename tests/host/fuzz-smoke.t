#!/bin/bash
# SPDX-License-Identifier: MIT
# Short libFuzzer runs (clang, ASan+UBSan) of the quote, X.509/CRL, collateral,
# PCS/PCCS response (pcs: what a hostile collateral server can send),
# event-log and QGS response parsers, seeded from tests/data, after
# replaying fuzz/regressions/. Any crash, leak or timeout fails.
# FUZZ_SMOKE_TIME (default 15) seconds per target.
set -u
. "$(dirname "$0")/../lib.sh"
T=${FUZZ_SMOKE_TIME:-15}
OUT=$TOP/build/fuzz

mkdir -p "$TOP/build"
make -s -C "$TOP/fuzz" all seeds >"$TOP/build/fuzz-build.log" 2>&1
ok $? "build the libFuzzer targets (clang -fsanitize=fuzzer,address,undefined)"
for src in "$TOP"/fuzz/*_fuzz.c; do
	t=$(basename "$src" _fuzz.c)
	log=$OUT/smoke-$t.log
	mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
	regs=()
	[ -d "$TOP/fuzz/regressions/$t" ] && regs=("$TOP/fuzz/regressions/$t"/*)
	if [ ${#regs[@]} -gt 0 ] && [ -e "${regs[0]}" ]; then
		"$OUT/$t" "${regs[@]}" >"$log.reg" 2>&1
		ok $? "$t: ${#regs[@]} regression inputs replay cleanly"
	fi
	"$OUT/$t" -max_total_time="$T" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$OUT/artifacts/$t/" -print_final_stats=1 "$OUT/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	ok $rc "$t: ${T}s of fuzzing, ${runs:-0} runs, no crash"
	[ $rc -eq 0 ] || grep -E -A15 "ERROR|SUMMARY|runtime error" "$log" | head -30 | sed 's/^/# /'
done
finish
