#!/bin/bash
# SPDX-License-Identifier: MIT
# make install (DESTDIR, PREFIX) puts the CLI, libtdxg, its headers, the
# pkg-config file, the man page and the bash completion in place, and a
# program built only from what was installed (pkg-config flags, public
# headers) can parse and replay the real CCEL with the shared and the
# static library.
#
# And libtdxg as a C or C++ program integrating it sees it:
#  - libtdxg.so.0 exports exactly the functions and data its public headers
#    declare, all under the version node TDXG_0 (libtdxg.map), nothing else;
#  - a program with its own json_parse() does not take over libtdxg's parser;
#  - a C++ program builds against the installed headers with g++ and links;
#  - one collateral object is shared by verifiers in several threads.
#
# And the top-level `make install` and `make dkms-install` into a DESTDIR
# put exactly the files the admin guide lists (its installed-files table),
# and uninstall removes them all. (The README's steps on the machine
# itself are tests/system/install.sh's.)
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
scratch
D=$W/root
need_user || bail "build user/"

make -s -C "$TOP/user" install DESTDIR="$D" PREFIX=/usr >"$W/install.log" 2>&1
rc=$?
ok $rc "make -C user install DESTDIR=... PREFIX=/usr"
[ $rc -eq 0 ] || tail -5 "$W/install.log" | sed 's/^/#   /'
for f in bin/tdxg lib/libtdxg.so.0 lib/libtdxg.so lib/libtdxg.a include/linux/tdxg.h \
	lib/pkgconfig/libtdxg.pc share/man/man1/tdxg.1 share/man/man3/libtdxg.3 \
	share/bash-completion/completions/tdxg; do
	[ -e "$D/usr/$f" ]
	ok $? "installed /usr/$f"
done
# Every public header, one per layer, and each builds on its own in C and C++.
HEADERS=$(cd "$TOP/user/lib/include" && ls tdxg/*.h)
missing=
for h in $HEADERS; do
	[ -e "$D/usr/include/$h" ] || missing="$missing $h"
done
[ -z "$missing" ] && [ "$(wc -w <<<"$HEADERS")" -ge 9 ]
ok $? "installed /usr/include/ holds every public header ($(echo $HEADERS))${missing:+ (missing:$missing)}"
alone=
for h in $HEADERS; do
	printf '#include <%s>\nint tdxg_header_alone;\n' "$h" >"$W/alone.c"
	cc -std=c11 -Wall -Wextra -Werror -pedantic -I"$D/usr/include" -c -o /dev/null "$W/alone.c" 2>>"$W/alone.log" &&
		g++ -std=c++11 -Wall -Wextra -Werror -x c++ -I"$D/usr/include" -c -o /dev/null "$W/alone.c" 2>>"$W/alone.log" ||
		alone="$alone $h"
done
[ -z "$alone" ]
ok $? "each installed header compiles alone in C11 and C++11${alone:+ (not:$alone)}"
[ -z "$alone" ] || head -10 "$W/alone.log" | sed 's/^/#   /'
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
	unsigned int first;
	int i;

	if (argc != 6 || tdxg_read_file(argv[1], 1 << 20, &buf, &len))
		return 10;
	if (tdxg_event_log_parse(buf, len, TDXG_LOG_CCEL, &log) || tdxg_replay(&log, rtmr, &bad))
		return 11;
	for (i = 0; i < TDXG_NR_RTMR; i++)
		if (tdxg_hex_decode(argv[2 + i], want[i], TDXG_DIGEST_LEN, &n) || n != TDXG_DIGEST_LEN)
			return 12;
	tdxg_hex_encode(rtmr[1], TDXG_DIGEST_LEN, hex);
	first = 9;
	printf("events %zu rtmr1 %s compare %d", log.nr_events, hex, tdxg_rtmr_compare(rtmr, want, 0xf, &first));
	printf(" first %u\n", first);
	want[2][0] ^= 1;
	printf("after flip %d", tdxg_rtmr_compare(rtmr, want, 0xf, &first));
	printf(" first %u, bad mask %d\n", first, tdxg_rtmr_compare(rtmr, want, 0x10, NULL));
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
want="events 43 rtmr1 $(q rtmr1) compare 0 first 9"
out=$(LD_LIBRARY_PATH=$D/usr/lib "$W/consumer" "${args[@]}")
[ "$(head -1 <<<"$out")" = "$want" ] && [ "$(tail -1 <<<"$out")" = "after flip 1 first 2, bad mask -22" ]
ok $? "shared: 43 events, RTMR0..3 match the quote, a flipped RTMR2 is named"
# (no grep -q on the pipe: with pipefail, ldd's SIGPIPE would fail it)
LD_LIBRARY_PATH=$D/usr/lib ldd "$W/consumer" >"$W/ldd"
grep -q "$D/usr/lib/libtdxg.so.0" "$W/ldd"
ok $? "the consumer runs against the installed libtdxg.so.0"
out=$("$W/consumer-static" "${args[@]}")
[ "$(head -1 <<<"$out")" = "$want" ]
ok $? "static: same result"

LIB=$D/usr/lib/libtdxg.so.0
INC=$D/usr/include

# ---- exports: exactly what the public headers declare
nm -D --defined-only "$LIB" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$W/exported"
# Every identifier that a public header declares as a function or object
# with external linkage: "name(" at the start of a declaration, or extern.
cat "$INC"/tdxg/*.h | sed 's,/\*.*\*/,,g' |
	grep -oE '(^|[ *])tdxg_[a-z0-9_]+(\(|\[\];)' | grep -oE 'tdxg_[a-z0-9_]+' | sort -u >"$W/declared"
extra=$(comm -23 "$W/exported" "$W/declared" | grep -v '^TDXG_0$')
[ -z "$extra" ]
ok $? "libtdxg.so.0 exports nothing its public headers do not declare"
[ -z "$extra" ] || echo "$extra" | head -40 | sed 's/^/#   exported, not declared: /'
missing=$(comm -13 "$W/exported" "$W/declared")
[ -z "$missing" ]
ok $? "every function the public headers declare is exported"
[ -z "$missing" ] || echo "$missing" | sed 's/^/#   declared, not exported: /'
# libtdxg.map names every export (no wildcard): a name listed there but
# defined nowhere (ld ignores it), or declared in a header but not listed
# (ld hides it), fails here with the name.
MAP=$TOP/user/libtdxg.map
sed -n '/global:/,/local:/p' "$MAP" | sed '1d;$d' | tr -d ' \t;' | grep -v '^$' | sort >"$W/listed"
! grep -q '[*?]' "$W/listed" && [ -s "$W/listed" ] && sort -c "$W/listed" 2>/dev/null
ok $? "libtdxg.map lists $(wc -l <"$W/listed") exports by name, no wildcard"
diff=$(comm -3 "$W/listed" "$W/exported" | grep -v '^\s*TDXG_0$' | sed 's/^\t/exported, not listed: /; t; s/^/listed, not exported: /')
[ -z "$diff" ]
ok $? "libtdxg.map lists exactly what libtdxg.so.0 exports"
[ -z "$diff" ] || echo "$diff" | head -20 | sed 's/^/#   /'
diff=$(comm -3 "$W/listed" "$W/declared" | sed 's/^\t/declared, not listed: /; t; s/^/listed, not declared: /')
[ -z "$diff" ]
ok $? "libtdxg.map lists exactly what the public headers declare"
[ -z "$diff" ] || echo "$diff" | head -20 | sed 's/^/#   /'
nm -D --defined-only "$LIB" | grep -c ' [TDBR] ' >"$W/count"
nm -D --defined-only --with-symbol-versions "$LIB" 2>/dev/null | awk '$3 !~ /^TDXG_0$/' |
	grep -v '@@TDXG_0$' >"$W/unversioned"
[ ! -s "$W/unversioned" ]
ok $? "every export carries the version node TDXG_0 (libtdxg.map)"
sed 's/^/#   /' "$W/unversioned" | head -5

# TDXG_* variables redirect the device and the QGS: a setuid or file-
# capability program linking libtdxg must not take them from its caller.
nm -D --undefined-only "$LIB" | awk '{print $2}' | sed 's/@.*//' >"$W/imports"
grep -qx secure_getenv "$W/imports" && ! grep -qx getenv "$W/imports"
ok $? "libtdxg reads its environment with secure_getenv, never getenv"

# ---- a program's own json_parse() does not replace libtdxg's
cat >"$W/interpose.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tdxg/tdxg.h>

/* Same names as libtdxg's internal JSON parser once had. */
int json_parse(const char *s, size_t n, void *out) { (void)s; (void)n; (void)out; return -1; }
void json_free(void *d) { (void)d; }
int json_get(void) { return -1; }
void *x509_helper = NULL;

int main(int argc, char **argv)
{
	struct tdxg_collateral *c = tdxg_collateral_new();
	struct tdxg_err err = { 0 };
	uint8_t *buf;
	size_t len;

	if (argc != 2 || !c || tdxg_read_file(argv[1], 1 << 22, &buf, &len))
		return 10;
	if (tdxg_collateral_add(c, buf, len, &err)) {
		printf("add failed: %d '%s'\n", err.code, err.msg);
		return 1;
	}
	printf("added\n");
	free(buf);
	tdxg_collateral_free(c);
	return 0;
}
C
LIBS="-L$D/usr/lib -ltdxg"
cc -std=gnu11 -Wall -Wextra -I"$INC" -o "$W/interpose" "$W/interpose.c" $LIBS 2>"$W/cc.log"
ok $? "a program defining its own json_parse() builds against libtdxg"
sed 's/^/#   /' "$W/cc.log" | head -5
out=$(LD_LIBRARY_PATH=$D/usr/lib "$W/interpose" "$TD/collateral/v4-phala.collateral.json" 2>&1)
[ "$out" = added ]
ok $? "its json_parse() does not take over libtdxg's parser (tdxg_collateral_add: $out)"

# ---- one collateral object, const, shared by verifiers in four threads
cat >"$W/threads.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tdxg/tdxg.h>

static struct tdxg_collateral *coll;
static struct tdxg_quote q;
static int fails;
/* Each thread's last result: every field equal across threads and runs. */
static struct tdxg_verify_result last[4];

static void *run(void *arg)
{
	struct tdxg_verify_result *mine = arg;
	struct tdxg_verifier *v;
	struct tdxg_verify_opts o;
	struct tdxg_verify_result r;
	int i;

	if (tdxg_verifier_new(&v, NULL, 0, NULL)) {
		__atomic_add_fetch(&fails, 1, __ATOMIC_SEQ_CST);
		return NULL;
	}
	tdxg_verify_opts_init(&o);
	tdxg_parse_time("2025-07-01T00:00:00Z", &o.at);
	o.at_set = 1;
	o.collateral = coll;
	for (i = 0; i < 20; i++) {
		tdxg_verify_result_init(&r);
		if (tdxg_quote_verify(v, &q, &o, &r)) {
			printf("fail: %s: %s\n", r.check, r.detail);
			__atomic_add_fetch(&fails, 1, __ATOMIC_SEQ_CST);
			break;
		}
		if (i && memcmp(&r, mine, sizeof(r))) {
			printf("fail: a result differs from the same thread's previous one\n");
			__atomic_add_fetch(&fails, 1, __ATOMIC_SEQ_CST);
			break;
		}
		*mine = r;
	}
	tdxg_verifier_free(v);
	return NULL;
}

int main(int argc, char **argv)
{
	uint8_t *qb, *cb;
	size_t ql, cl;
	pthread_t t[4];
	int64_t next;
	int i;

	if (argc != 3 || tdxg_read_file(argv[1], 1 << 20, &qb, &ql) || tdxg_read_file(argv[2], 1 << 22, &cb, &cl))
		return 10;
	if (tdxg_quote_parse(qb, ql, &q, NULL))
		return 11;
	coll = tdxg_collateral_new();
	if (tdxg_collateral_add(coll, cb, cl, NULL))
		return 12;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, run, &last[i]);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	/* The typed collateral fields, read by every thread: the same verdict. */
	tdxg_parse_time("2025-07-19T10:00:35Z", &next);
	for (i = 0; i < 4 && !fails; i++)
		if (memcmp(&last[i], &last[0], sizeof(last[0])) || last[i].tcb_status != TDXG_TCB_UP_TO_DATE ||
		    last[i].platform_status != TDXG_TCB_UP_TO_DATE || last[i].qe_status != TDXG_TCB_UP_TO_DATE ||
		    last[i].module_status != TDXG_TCB_UP_TO_DATE || !last[i].tcb_date[0] ||
		    last[i].collateral_expires != next || !last[i].tcb_eval_num || !last[i].pck_ext_valid) {
			printf("fail: thread %d: tcb %d, date '%s', next update %lld, eval %u\n", i,
			       last[i].tcb_status, last[i].tcb_date, (long long)last[i].collateral_expires,
			       last[i].tcb_eval_num);
			fails++;
		}
	printf("%d verifiers failed\n", fails);
	tdxg_collateral_free(coll);
	return fails != 0;
}
C
cc -std=gnu11 -Wall -Wextra -I"$INC" -o "$W/threads" "$W/threads.c" $LIBS -lpthread 2>"$W/cc.log"
ok $? "a threaded program builds against libtdxg"
sed 's/^/#   /' "$W/cc.log" | head -5
out=$(LD_LIBRARY_PATH=$D/usr/lib "$W/threads" "$TD/quotes/v4-phala.dat" "$TD/collateral/v4-phala.collateral.json" 2>&1)
[ "$out" = "0 verifiers failed" ]
ok $? "four verifiers in four threads share one collateral object, 20 verifications each, the same TCB verdict, date and next update in every result"
[ "$out" = "0 verifiers failed" ] || sed 's/^/#   /' <<<"$out" | sort | uniq -c | head -5

# ---- C++
cat >"$W/cxx.cc" <<'C'
#include <cstdio>
#include <cstdlib>
#include <tdxg/tdxg.h>
#include <tdxg/quote.h>
#include <tdxg/qgs.h>

int main(int argc, char **argv)
{
	uint8_t *buf = nullptr;
	size_t len = 0;
	struct tdxg_quote q;
	struct tdxg_err err = {};

	if (argc != 2 || tdxg_read_file(argv[1], 1 << 20, &buf, &len) != 0)
		return 10;
	if (tdxg_quote_parse(buf, len, &q, &err) != 0) {
		std::printf("parse: %s\n", err.msg);
		return 11;
	}
	char hex[2 * TDXG_DIGEST_LEN + 1];
	struct tdxg_verify_opts o;
	tdxg_verify_opts_init(&o);
	if (o.size != sizeof(o))
		return 12;
	tdxg_hex_encode(q.body->mrtd, TDXG_DIGEST_LEN, hex);
	std::printf("v%u %s %s\n", q.version, hex, tdxg_lib_version());
	std::free(buf);
	return 0;
}
C
for std in c++11 c++17; do
	g++ -std=$std -Wall -Wextra -Werror -I"$INC" -o "$W/cxx" "$W/cxx.cc" $LIBS 2>"$W/cxx.log"
	ok $? "a C++ program ($std) builds against the installed headers with g++ and links libtdxg"
	sed 's/^/#   /' "$W/cxx.log" | head -8
done
mrtd=$(python3 "$TOP/tests/host/cli-tcglog.py" quote-field "$TD/ccel/cos-113-tdx-quote.dat" mrtd 2>/dev/null)
out=$(LD_LIBRARY_PATH=$D/usr/lib "$W/cxx" "$TD/ccel/cos-113-tdx-quote.dat" 2>&1)
[ "$out" = "v4 $mrtd $(cat "$TOP/VERSION")" ]
ok $? "the C++ program parses the real quote (MRTD $mrtd): $out"

make -s -C "$TOP/user" uninstall DESTDIR="$D" PREFIX=/usr >>"$W/install.log" 2>&1
[ -z "$(find "$D" -type f -o -type l)" ]
ok $? "make uninstall removes every installed file"

# The top-level install into a DESTDIR, against the admin guide's table.
cd "$TOP" || exit 1
VER=$(cat VERSION)
D=$W/local
# Paths in the first column of the admin guide's installed-files table.
documented_paths() {
	sed -n '/^\.\. begin-installed-files/,/^\.\. end-installed-files/p' \
		Documentation/admin-guide.rst | grep -oE '^``/[^`]+``' | tr -d '`'
}

destdir_install() {
	make -s install DESTDIR="$D" PREFIX=/usr/local MODULES_LOAD=1 &&
		make -s dkms-install DESTDIR="$D"
}

documented_paths_exist() {
	local p bad=0
	mapfile -t paths < <(documented_paths)
	[ ${#paths[@]} -ge 10 ] || { echo "only ${#paths[@]} paths in the table"; return 1; }
	for p in "${paths[@]}"; do
		case $p in
		*/) [ -n "$(ls -A "$D$p" 2>/dev/null)" ] || { echo "missing or empty: $p"; bad=1; } ;;
		*) [ -f "$D$p" ] || { echo "missing: $p"; bad=1; } ;;
		esac
	done
	return $bad
}

installed_files_documented() {
	local f p bad=0 covered
	mapfile -t paths < <(documented_paths)
	while read -r f; do
		covered=0
		for p in "${paths[@]}"; do
			case $p in
			*/) [[ $f == "$p"* ]] && covered=1 ;;
			*) [ "$f" = "$p" ] && covered=1 ;;
			esac
		done
		[ $covered = 1 ] || { echo "installed but not documented: $f"; bad=1; }
	done < <(cd "$D" && find . ! -type d | sed 's|^\.||' | sort)
	return $bad
}

dkms_tree_is_module_source_only() {
	local s=$D/usr/src/tdxg-$VER extra
	grep -qx "PACKAGE_VERSION=\"$VER\"" "$s/dkms.conf" || { echo "dkms.conf version"; return 1; }
	extra=$(cd "$s" && find . ! -type d | grep -vE '^\./(Kbuild|VERSION|dkms\.conf|kmod/[A-Za-z0-9_]+\.[ch]|kmod/Kbuild|kmod/uapi/linux/tdxg\.h)$')
	[ -z "$extra" ] || { echo "unexpected in the DKMS tree: $extra"; return 1; }
}

destdir_uninstall_clean() {
	make -s uninstall DESTDIR="$D" PREFIX=/usr/local &&
		make -s dkms-uninstall DESTDIR="$D" || return 1
	local left
	left=$(cd "$D" && find . ! -type d)
	[ -z "$left" ] || { echo "left after uninstall: $left"; return 1; }
}

udev_rule_as_documented() {
	local rule=$D/usr/local/lib/udev/rules.d/60-tdxg.rules
	grep -qx 'SUBSYSTEM=="misc", KERNEL=="tdxg", GROUP="tdx", MODE="0660"' "$rule" &&
		grep -qF 'SUBSYSTEM=="misc", KERNEL=="tdxg", GROUP="tdx", MODE="0660"' Documentation/admin-guide.rst
}

ok_cmd "make install DESTDIR PREFIX=/usr/local MODULES_LOAD=1 and make dkms-install DESTDIR" destdir_install
ok_cmd "every path in the admin guide's installed-files table is installed" documented_paths_exist
ok_cmd "every installed file is in the admin guide's table" installed_files_documented
ok_cmd "the DKMS tree holds only the module's sources and a versioned dkms.conf" dkms_tree_is_module_source_only
ok_cmd "udev rule gives /dev/tdxg group tdx, mode 0660, as documented" udev_rule_as_documented
ok_cmd "make uninstall and make dkms-uninstall with DESTDIR remove every file" destdir_uninstall_clean
finish
