#!/bin/bash
# SPDX-License-Identifier: MIT
# make install (DESTDIR, PREFIX) puts the CLI, libtdxg, its headers, the
# pkg-config file, the man page and the bash completion in place, and a
# program built only from what was installed (pkg-config flags, public
# headers) can parse and replay the real CCEL with the shared and the
# static library.
set -uo pipefail
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TD=${TDXG_TESTDATA:-$TOP/../shared/testdata}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
D=$W/root
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

make -s -C "$TOP/user" install DESTDIR="$D" PREFIX=/usr >"$W/install.log" 2>&1
rc=$?
ok $rc "make -C user install DESTDIR=... PREFIX=/usr"
[ $rc -eq 0 ] || tail -5 "$W/install.log" | sed 's/^/#   /'
for f in bin/tdxg lib/libtdxg.so.0 lib/libtdxg.so lib/libtdxg.a include/tdxg/tdxg.h \
	include/tdxg/quote.h include/linux/tdxg.h lib/pkgconfig/libtdxg.pc \
	share/man/man1/tdxg.1 share/bash-completion/completions/tdxg; do
	[ -e "$D/usr/$f" ]
	ok $? "installed /usr/$f"
done
grep -q '^libdir=/usr/lib$' "$D/usr/lib/pkgconfig/libtdxg.pc" &&
	grep -q "^Version: $(cat "$TOP/VERSION")\$" "$D/usr/lib/pkgconfig/libtdxg.pc"
ok $? "libtdxg.pc: libdir and version substituted"

cat >"$W/consumer.c" <<'C'
/* Uses only the installed public API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tdxg/tdxg.h>

int main(int argc, char **argv)
{
	uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN] = { { 0 } }, want[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	struct tdxg_event_log log;
	char hex[2 * TDXG_DIGEST_LEN + 1];
	uint8_t *buf;
	size_t len, bad, n;
	int i;

	if (argc != 6 || tdxg_read_file(argv[1], 1 << 20, &buf, &len))
		return 10;
	if (tdxg_event_log_parse(buf, len, TDXG_LOG_CCEL, &log) || tdxg_replay(&log, rtmr, &bad))
		return 11;
	for (i = 0; i < TDXG_NR_RTMR; i++)
		if (tdxg_hex_decode(argv[2 + i], want[i], TDXG_DIGEST_LEN, &n) || n != TDXG_DIGEST_LEN)
			return 12;
	tdxg_hex_encode(rtmr[1], TDXG_DIGEST_LEN, hex);
	printf("events %zu rtmr1 %s first_mismatch %d\n", log.nr_events, hex,
	       tdxg_rtmr_first_mismatch(rtmr, want, 0xf));
	want[2][0] ^= 1;
	printf("after flip %d\n", tdxg_rtmr_first_mismatch(rtmr, want, 0xf));
	tdxg_event_log_free(&log);
	free(buf);
	return 0;
}
C
export PKG_CONFIG_SYSROOT_DIR=$D PKG_CONFIG_LIBDIR=$D/usr/lib/pkgconfig:/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/share/pkgconfig
cflags= libs=
cflags=$(pkg-config --cflags libtdxg) && libs=$(pkg-config --libs libtdxg) && pkg-config --exists --print-errors libtdxg
ok $? "pkg-config finds libtdxg in the staged tree ($cflags $libs)"
cc -std=c11 -Wall -Wextra -Werror -pedantic $cflags -o "$W/consumer" "$W/consumer.c" $libs 2>"$W/cc.log"
ok $? "a C11 -pedantic program builds against the installed headers and shared library"
sed 's/^/#   /' "$W/cc.log" | head -10
cc -std=c11 -Wall -Wextra -Werror $cflags -o "$W/consumer-static" "$W/consumer.c" \
	"$D/usr/lib/libtdxg.a" $(pkg-config --libs libkmod libcrypto) 2>>"$W/cc.log"
ok $? "the same program links the static library"
sed 's/^/#   /' "$W/cc.log" | head -10

q() { python3 "$TOP/tests/host/cli-tcglog.py" quote-field "$TD/ccel/cos-113-tdx-quote.dat" "$1"; }
args=("$TD/ccel/ccel_data.dat" "$(q rtmr0)" "$(q rtmr1)" "$(q rtmr2)" "$(q rtmr3)")
want="events 43 rtmr1 $(q rtmr1) first_mismatch -1"
out=$(LD_LIBRARY_PATH=$D/usr/lib "$W/consumer" "${args[@]}")
[ "$(head -1 <<<"$out")" = "$want" ] && [ "$(tail -1 <<<"$out")" = "after flip 2" ]
ok $? "shared: 43 events, RTMR0..3 match the quote, a flipped RTMR2 is named"
LD_LIBRARY_PATH=$D/usr/lib ldd "$W/consumer" | grep -q "$D/usr/lib/libtdxg.so.0"
ok $? "the consumer runs against the installed libtdxg.so.0"
out=$("$W/consumer-static" "${args[@]}")
[ "$(head -1 <<<"$out")" = "$want" ]
ok $? "static: same result"

make -s -C "$TOP/user" uninstall DESTDIR="$D" PREFIX=/usr >>"$W/install.log" 2>&1
[ -z "$(find "$D" -type f -o -type l)" ]
ok $? "make uninstall removes every installed file"
echo "1..$n"
