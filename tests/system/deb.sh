#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian packaging suite (TAP): dpkg-buildpackage -us -uc -b in a copy of
# the tree under build/deb, lintian without errors, then install the five
# packages (tdxg-dkms must build the module for every installed kernel
# with headers), use them, purge them and check that nothing is left.
# Changes the system: run as root on a test machine, as make check does.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$TOP" || exit 1
system_lock
. scripts/kernels.sh
VER=$(cat VERSION)
OUT=$TOP/build/deb
SRC=$OUT/tdxg-$VER
PKGS=(tdxg-dkms tdxg-tools libtdxg0 libtdxg-dev tdxg-tests)


cleanup() {
	local p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' &&
			dpkg -P "$p" >/dev/null 2>&1
	done
	dkms remove "tdxg/$VER" --all >/dev/null 2>&1
	rm -rf "/usr/src/tdxg-$VER"
}

# The working tree as a fresh clone would have it (tracked and new files,
# nothing ignored), so the build cannot lean on build products.
copy_tree() {
	rm -rf "$OUT" && fresh_tree "$SRC"
}

build() {
	copy_tree && cd "$SRC" && dpkg-buildpackage -us -uc -b >"$OUT/build.log" 2>&1
	local rc=$?
	tail -20 "$OUT/build.log"
	return $rc
}

debs() {
	local p
	for p in "${PKGS[@]}"; do
		ls "$OUT/${p}_${VER}_"*.deb 2>/dev/null | head -1
	done
}

all_debs_built() {
	local p
	for p in "${PKGS[@]}"; do
		ls "$OUT/${p}_${VER}_"*.deb >/dev/null 2>&1 || { echo "missing $p"; return 1; }
	done
}

lintian_clean() {
	local out
	out=$(lintian --pedantic "$OUT/tdxg_${VER}_"*.changes 2>&1)
	echo "$out"
	echo "# lintian: $(grep -c '^E:' <<<"$out") errors, $(grep -c '^W:' <<<"$out") warnings"
	! grep -q '^E:' <<<"$out"
}

install_debs() {
	mapfile -t files < <(debs)
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${files[@]}"
}

status_installed() { # kver
	local st
	st=$(dkms status tdxg 2>/dev/null)
	echo "$st"
	grep -qxF "tdxg/$VER, $1, x86_64: installed" <<<"$st"
}

no_emu_symbols() { # kver
	local f syms
	f=$(ls /lib/modules/"$1"/updates/dkms/tdxg.ko* 2>/dev/null | head -1)
	[ -n "$f" ] || { echo "no module for $1"; return 1; }
	case $f in
	*.xz) xz -dc "$f" >"$OUT/tdxg-$1.ko" ;;
	*) cp "$f" "$OUT/tdxg-$1.ko" ;;
	esac || return 1
	syms=$(nm "$OUT/tdxg-$1.ko") || return 1
	! grep -iE 'emu_|emulated' <<<"$syms" && grep -q tdxg_tdcall_init <<<"$syms"
}

# A program built from libtdxg-dev alone, linked to libtdxg0, parses the
# real CCEL and counts its events.
consumer() {
	local w=$OUT/consumer
	mkdir -p "$w"
	cat >"$w/c.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <tdxg/tdxg.h>

int main(int argc, char **argv)
{
	struct tdxg_event_log log;
	uint8_t *buf;
	size_t len;

	if (argc != 2 || tdxg_read_file(argv[1], 1 << 20, &buf, &len))
		return 10;
	if (tdxg_event_log_parse(buf, len, TDXG_LOG_CCEL, &log))
		return 11;
	printf("%zu\n", log.nr_events);
	tdxg_event_log_free(&log);
	free(buf);
	return 0;
}
C
	cc -o "$w/c" "$w/c.c" $(pkg-config --cflags --libs libtdxg) || return 1
	ldd "$w/c" | grep -qE "libtdxg.so.0 => /(usr/)?lib/" || { ldd "$w/c"; return 1; }
	local events
	events=$("$w/c" "$TD/ccel/ccel_data.dat") || return 1
	echo "events: $events"
	[ "$events" -gt 0 ]
}

# tdxg-tests: the kernel's kselftest layout under /usr/lib/tdxg/kselftests,
# listing every test of selftests/tdxg; run here, where there is no TDX
# device, every test skips and none fails.
KSFT=/usr/lib/tdxg/kselftests
kselftests_listed() {
	local want got
	want=$(cd selftests/tdxg && ls [0-9][0-9]-*.c | sed 's/\.c$//; s/^/tdxg:/')
	got=$(cd "$KSFT" && ./run_kselftest.sh --list) || return 1
	[ "$got" = "$want" ] && [ "$(cat "$KSFT/kselftest-list.txt")" = "$want" ] &&
		[ -f "$KSFT/tdxg/settings" ] || { echo "want: $want"; echo "got: $got"; return 1; }
}

kselftests_skip() {
	local out rc total
	if [ -e /dev/tdxg ]; then
		echo "this machine has /dev/tdxg: not checked"
		return 0
	fi
	out=$(cd "$KSFT" && env -u TDXG_SELFTEST_DESTRUCTIVE ./run_kselftest.sh 2>&1 | cat)
	rc=$?
	total=$(wc -l <"$KSFT/kselftest-list.txt")
	grep '^\(not \)\?ok' <<<"$out"
	[ $rc -eq 0 ] && ! grep -q '^not ok' <<<"$out" &&
		[ "$(grep -c '^ok [0-9]* selftests: tdxg: .* # SKIP$' <<<"$out")" -eq "$total" ]
}

# Every file the packages installed is gone after the purge.
purged_clean() {
	local f left=0
	while read -r f; do
		[ -n "$f" ] || continue
		if [ -e "$f" ] && [ ! -d "$f" ]; then echo "left: $f"; left=1; fi
	done <"$OUT/files.list"
	ls /lib/modules/*/updates/dkms/tdxg.ko* 2>/dev/null && left=1
	[ -e /var/lib/dkms/tdxg ] && { echo "left: /var/lib/dkms/tdxg"; left=1; }
	[ -e "/usr/src/tdxg-$VER" ] && { echo "left: /usr/src/tdxg-$VER"; left=1; }
	[ -z "$(dkms status tdxg 2>/dev/null)" ] || { dkms status tdxg; left=1; }
	return $left
}

cleanup
mapfile -t KV < <(for k in "${KERNELS[@]}"; do kver_of "$k"; done)
plan $((12 + 2 * ${#KV[@]}))
ok_cmd "dpkg-buildpackage -us -uc -b in a copy of the tree" build
ok_cmd "built ${PKGS[*]}" all_debs_built
ok_cmd "lintian --pedantic: no errors" lintian_clean
ok_cmd "apt-get install of the five packages" install_debs
for kv in "${KV[@]}"; do
	ok_cmd "tdxg-dkms built and installed the module for $kv" status_installed "$kv"
	ok_cmd "$kv: packaged module has no emulated-backend symbol" no_emu_symbols "$kv"
done
ok_cmd "group tdx exists and the udev rule names it" \
	bash -c "getent group tdx && grep -q 'GROUP=\"tdx\", MODE=\"0660\"' /lib/udev/rules.d/60-tdxg.rules"
ok_cmd "tdxg-tools: /usr/bin/tdxg --version prints $VER" \
	bash -c "/usr/bin/tdxg --version | grep -qx 'tdxg $VER' && man -w tdxg | grep -q /usr/share/man/man1/tdxg.1"
ok_cmd "libtdxg-dev: pkg-config libtdxg is $VER" bash -c "[ \"\$(pkg-config --modversion libtdxg)\" = $VER ]"
ok_cmd "libtdxg-dev + libtdxg0: a consumer builds, links the shared library and parses the CCEL" consumer
ok_cmd "tdxg-tests: $KSFT/run_kselftest.sh lists the tdxg kselftests" kselftests_listed
ok_cmd "tdxg-tests: run without a TDX device, every kselftest skips and none fails" kselftests_skip
dpkg -L "${PKGS[@]}" 2>/dev/null | sort -u >"$OUT/files.list"
ok_cmd "dpkg -P of the five packages" dpkg -P "${PKGS[@]}"
ok_cmd "purge left no file, module, dkms tree or source behind" purged_clean
cleanup
