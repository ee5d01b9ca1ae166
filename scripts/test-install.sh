#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install suite (TAP).
#  1. `make install` and `make dkms-install` into a DESTDIR put exactly the
#     files the admin guide lists (its installed-files table), and
#     uninstall removes them all.
#  2. The README's install steps for a TDX guest, run as written in a copy
#     of the tree as a fresh clone has it, for the 6.1 kernel (the README
#     says to set KVER for a kernel other than the running one, and the
#     running kernel here has no headers), leave a DKMS module, the command
#     and the udev rule in place; its uninstall steps remove them.
# Changes the system (/usr/local, /usr/src, DKMS): run as root on a test
# machine, as make check does.
set -uo pipefail
cd "$(dirname "$0")/.."
# DKMS, dpkg and /usr/local are machine-wide: one such suite at a time,
# also across checkouts and concurrent make check runs.
exec 9>/run/lock/tdxg-system-tests.lock
flock -w 1800 9 || { echo "1..1"; echo "not ok 1 - another tdxg system test held the lock for 30 min"; exit 1; }
. scripts/kernels.sh
TOP=$PWD
VER=$(cat VERSION)
W=$TOP/build/test-install
rm -rf "$W" && mkdir -p "$W"
D=$W/destdir

. scripts/tap.sh

# Paths in the first column of the admin guide's installed-files table.
documented_paths() {
	sed -n '/^\.\. begin-installed-files/,/^\.\. end-installed-files/p' \
		Documentation/admin-guide.rst | grep -oE '^``/[^`]+``' | tr -d '`'
}

# A fenced ```sh block after the README marker NAME.
readme_block() { # name
	awk -v m="<!-- $1" 'index($0, m) == 1 {f = 1; next}
		f == 1 && /^```/ {f = 2; next} f == 2 && /^```/ {exit} f == 2' README.md
}

# The same commands in an admin-guide code-block (indented by 3).
guide_block() { # first line of the block
	awk -v first="   $1" '$0 == first {f = 1} f && /^$/ {exit} f {sub(/^   /, ""); print}' \
		Documentation/admin-guide.rst
}

cleanup_system() {
	local p
	for p in tdxg-dkms tdxg-tools libtdxg0 libtdxg-dev; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' &&
			dpkg -P "$p" >/dev/null 2>&1
	done
	dkms remove "tdxg/$VER" --all >/dev/null 2>&1
	rm -rf "/usr/src/tdxg-$VER"
	make -s uninstall PREFIX=/usr/local >/dev/null 2>&1
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

same_steps_in_guide() {
	diff <(readme_block install-steps) <(guide_block "$(readme_block install-steps | head -1)") &&
		diff <(readme_block uninstall-steps) <(guide_block "$(readme_block uninstall-steps | head -1)")
}

# A copy of the tree as a fresh clone has it (tracked and new files,
# nothing ignored or built). sudo runs the command as is when we are root
# and the machine has no sudo.
fresh_copy() {
	local dst=$W/clone
	mkdir -p "$dst" "$W/bin" &&
		git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && cp -P --parents "$f" "$dst/"
		done
	if ! command -v sudo >/dev/null && [ "$(id -u)" = 0 ]; then
		printf '#!/bin/sh\nexec "$@"\n' >"$W/bin/sudo" && chmod +x "$W/bin/sudo"
	fi
}

run_readme_block() { # name [kver]
	local script=$W/$1.sh
	{
		echo 'set -ex'
		if [ -n "${2:-}" ]; then
			readme_block "$1" | sed "s/^KVER=.*/KVER=$2/"
		else
			readme_block "$1"
		fi
	} >"$script"
	[ -s "$script" ] && grep -qv '^set -ex$' "$script" || { echo "no $1 block in README.md"; return 1; }
	(cd "$W/clone" && PATH=$W/bin:$PATH bash "$script") && return 0
	tail -25 /var/lib/dkms/tdxg/"$VER"/build/make.log 2>/dev/null
	return 1
}

readme_result() { # kver
	local st
	st=$(dkms status tdxg 2>/dev/null)
	echo "$st"
	grep -qxF "tdxg/$VER, $1, x86_64: installed" <<<"$st" &&
		[ "$(/usr/local/bin/tdxg --version)" = "tdxg $VER" ] &&
		[ -f /usr/local/lib/udev/rules.d/60-tdxg.rules ] &&
		[ -f /usr/local/share/man/man1/tdxg.1 ] &&
		getent group tdx >/dev/null &&
		ldconfig -p | grep -q 'libtdxg.so.0 '
}

readme_uninstalled() {
	local left
	left=$(ls /usr/local/bin/tdxg /usr/local/lib/libtdxg* /usr/local/include/linux/tdxg.h \
		/usr/local/lib/udev/rules.d/60-tdxg.rules "/usr/src/tdxg-$VER" \
		/lib/modules/*/updates/dkms/tdxg.ko* 2>/dev/null)
	[ -z "$left" ] && [ -z "$(dkms status tdxg 2>/dev/null)" ] || { echo "left: $left"; return 1; }
}

KV=$(kver_of 6.1)
echo "1..12"
ok "make install DESTDIR PREFIX=/usr/local MODULES_LOAD=1 and make dkms-install DESTDIR" destdir_install
ok "every path in the admin guide's installed-files table is installed" documented_paths_exist
ok "every installed file is in the admin guide's table" installed_files_documented
ok "the DKMS tree holds only the module's sources and a versioned dkms.conf" dkms_tree_is_module_source_only
ok "udev rule gives /dev/tdxg group tdx, mode 0660, as documented" udev_rule_as_documented
ok "make uninstall and make dkms-uninstall with DESTDIR remove every file" destdir_uninstall_clean
ok "README and admin guide give the same install and uninstall steps" same_steps_in_guide
cleanup_system
ok "a copy of the tree as a fresh clone has it" fresh_copy
ok "README install steps, as written, with KVER=$KV" run_readme_block install-steps "$KV"
ok "after them: dkms status installed for $KV, tdxg $VER, man page, udev rule, group tdx, libtdxg in ld.so cache" readme_result "$KV"
ok "README uninstall steps, as written" run_readme_block uninstall-steps
ok "after them: no tdxg file in /usr/local, /usr/src or /lib/modules, dkms status empty" readme_uninstalled
cleanup_system
