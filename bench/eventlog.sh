#!/bin/bash
# SPDX-License-Identifier: MIT
# make bench-eventlog (and make bench): what the runtime event log costs,
# in instructions counted by callgrind (Documentation/benchmark.rst, "Event
# log"): an extend with and without its log record (a userspace model,
# bench/eventlog.c), and tdxg log --replay of a 10,000-event runtime log
# against a plain loop of the same 10,000 SHA-384 extends. Counts do not
# move with the load of a shared machine, so both ratios come from one run.
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"
OUT=$TOP/build/bench
N=${BENCH_LOG_EVENTS:-10000}
mkdir -p "$OUT"
command -v valgrind >/dev/null || { echo "eventlog.sh: needs valgrind (callgrind)" >&2; exit 1; }
need_user plain >&2
cc -O2 -g -Wall -Wextra -Werror -o "$OUT/eventlog" "$TOP/bench/eventlog.c" \
	$(pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto)

# ir [--toggle-collect=FN] CMD...: instructions callgrind counts.
ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : *//p' | tr -d ,
}

"$OUT/eventlog" mklog "$OUT/runtime-$N.log" "$N"
# Both replays must reach the same RTMR3, or the comparison is void.
want=$("$OUT/eventlog" hash "$OUT/runtime-$N.log" | sed 's/.*RTMR3 //')
got=$("$TOP/user/tdxg" log --log-file "$OUT/runtime-$N.log" --replay | sed -n 's/^RTMR3  //p')
[ "$want" = "$got" ] || { echo "eventlog.sh: tdxg replays RTMR3 to $got, the loop to $want" >&2; exit 1; }

echo "# $(date -u +%FT%TZ) $(uname -m), $(openssl version), $(valgrind --version), instructions (Ir)"
echo "extend: SHA-384(RTMR || digest) as the TDX module computes it, $N times, with"
echo "and without the log record of kmod/eventlog.c (header, digest, event data)"
printf '%-28s %14s %14s %10s %8s\n' "event data" "extend Ir" "+ record Ir" "per rec" "ratio"
plain=$(ir --toggle-collect=extend_plain "$OUT/eventlog" extend "$N" 0)
for size in 0 64 4096; do
	logged=$(ir --toggle-collect=extend_logged "$OUT/eventlog" extend "$N" "$size")
	python3 -c 'import sys; s, p, l, n = sys.argv[1], *map(int, sys.argv[2:])
print(f"{s:>5} bytes{str():16} {p:14d} {l:14d} {(l - p) / n:10.1f} {l / p:7.3f}x")' "$size" "$plain" "$logged" "$N"
done

echo
echo "replay of a $N-event runtime log ($(stat -c %s "$OUT/runtime-$N.log") bytes)"
loop=$(ir --toggle-collect=replay_hash "$OUT/eventlog" hash "$OUT/runtime-$N.log")
loop_proc=$(ir "$OUT/eventlog" hash "$OUT/runtime-$N.log")
tdxg_proc=$(ir "$TOP/user/tdxg" log --log-file "$OUT/runtime-$N.log" --replay)
tdxg_cmd=$(ir --toggle-collect=cmd_log "$TOP/user/tdxg" log --log-file "$OUT/runtime-$N.log" --replay)
"$OUT/eventlog" mklog "$OUT/runtime-1.log" 1
tdxg_cmd1=$(ir --toggle-collect=cmd_log "$TOP/user/tdxg" log --log-file "$OUT/runtime-1.log" --replay)
python3 - "$N" "$loop" "$loop_proc" "$tdxg_proc" "$tdxg_cmd" "$tdxg_cmd1" <<'PY'
import sys
n, loop, loop_proc, proc, cmd, cmd1 = map(int, sys.argv[1:])
print(f"{'what':52} {'Ir':>12} {'ratio':>7}")
print(f"{'plain loop of SHA-384 extends (the baseline)':52} {loop:12d} {1:7.3f}x")
print(f"{'tdxg log --replay, cmd_log (read, parse, replay, check)':52} {cmd:12d} {cmd / loop:7.3f}x")
print(f"{'  per event beyond a 1-event log, against the loop':52} {cmd - cmd1:12d} {(cmd - cmd1) / loop:7.3f}x")
print(f"{'whole process: the loop program':52} {loop_proc:12d} {1:7.3f}x")
print(f"{'whole process: tdxg log --replay':52} {proc:12d} {proc / loop_proc:7.3f}x")
PY
