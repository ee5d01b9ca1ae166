#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install suite (TAP): the README's install steps for a TDX guest, the
# same as the admin guide's, run as written in a copy of the tree as a
# fresh clone has it, for the 6.1 kernel (the README says to set KVER for
# a kernel other than the running one, and the running kernel here has no
# headers), leave a DKMS module, the command and the udev rule in place;
# its uninstall steps remove them. What `make install` puts in a DESTDIR
# is tests/host/install.t's.
# Changes the system (/usr/local, /usr/src, DKMS): run as root on a test
# machine, as make check does.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$TOP" || exit 1
system_lock
. scripts/kernels.sh
VER=$(cat VERSION)
W=$TOP/build/test-install
rm -rf "$W" && mkdir -p "$W"

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

same_steps_in_guide() {
	diff <(readme_block install-steps) <(guide_block "$(readme_block install-steps | head -1)") &&
		diff <(readme_block uninstall-steps) <(guide_block "$(readme_block uninstall-steps | head -1)")
}

# A copy of the tree as a fresh clone has it. sudo runs the command as is
# when we are root and the machine has no sudo.
fresh_copy() {
	mkdir -p "$W/bin" && fresh_tree "$W/clone" || return 1
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
plan 6
ok_cmd "README and admin guide give the same install and uninstall steps" same_steps_in_guide
cleanup_system
ok_cmd "a copy of the tree as a fresh clone has it" fresh_copy
ok_cmd "README install steps, as written, with KVER=$KV" run_readme_block install-steps "$KV"
ok_cmd "after them: dkms status installed for $KV, tdxg $VER, man page, udev rule, group tdx, libtdxg in ld.so cache" readme_result "$KV"
ok_cmd "README uninstall steps, as written" run_readme_block uninstall-steps
ok_cmd "after them: no tdxg file in /usr/local, /usr/src or /lib/modules, dkms status empty" readme_uninstalled
cleanup_system
