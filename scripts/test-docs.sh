#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Documentation suite (TAP): the reStructuredText parses cleanly, the ABI
# files pass the kernel's own scripts/get_abi.pl (from linux-source) and
# render as valid reST, and the documents keep up with the code: every
# sysfs node, module parameter, ioctl and errno the module has is
# documented, and every README link resolves.
set -uo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
W=$TOP/build/docs
mkdir -p "$W"
PY=/usr/bin/python3
KSRC_TAR=$(ls /usr/src/linux-source-6.12.tar.xz /usr/src/linux-source-*.tar.xz 2>/dev/null | head -1)
ABI=Documentation/ABI/testing

. scripts/tap.sh

# docutils with the two Sphinx constructs the kernel's docs use: toctree
# (its entries must exist) and :ref:.
rst_check() { # file...
	"$PY" - "$@" <<'PY'
import io, os, sys
import docutils.core
from docutils.parsers.rst import Directive, directives, roles

missing = []

class TocTree(Directive):
    has_content = True
    option_spec = {"maxdepth": directives.unchanged}
    def run(self):
        base = os.path.dirname(self.state.document.current_source)
        for entry in self.content:
            entry = entry.strip()
            if entry and not os.path.exists(os.path.join(base, entry + ".rst")):
                missing.append(entry)
        return []

directives.register_directive("toctree", TocTree)
roles.register_local_role("ref", lambda *a, **k: ([], []))
bad = 0
for f in sys.argv[1:]:
    err = io.StringIO()
    docutils.core.publish_doctree(open(f).read(), source_path=f,
        settings_overrides={"warning_stream": err, "report_level": 2})
    if err.getvalue():
        print(err.getvalue())
        bad = 1
for m in missing:
    print("toctree entry without a file:", m)
    bad = 1
sys.exit(bad)
PY
}

get_abi() {
	[ -f "$W/scripts/get_abi.pl" ] ||
		tar -C "$W" --strip-components=1 -xJf "$KSRC_TAR" --wildcards '*/scripts/get_abi.pl' || return 1
	perl "$W/scripts/get_abi.pl" --dir Documentation/ABI "$@"
}

abi_validates() {
	local out
	out=$(get_abi validate 2>&1) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}

abi_renders() {
	get_abi rest >"$W/abi.rst" && rst_check "$W/abi.rst"
}

# "What:" lines of the ABI files.
whats() { grep -h '^What:' "$ABI"/* | awk '{print $2}'; }

# Every node the module creates has an ABI entry: device attributes,
# binary attributes, measurements, policies, on both faces.
sysfs_nodes_documented() {
	local w bad=0 name
	w=$(whats)
	for name in $(grep -ohE 'DEVICE_ATTR_R[OW]+\(([a-z_]+)\)' kmod/*.c | sed -E 's/.*\((.*)\)/\1/') \
		$(grep -ohE '\.attr = \{ \.name = "[a-z_]+"' kmod/sysfs.c | sed -E 's/.*"(.*)"/\1/'); do
		grep -qx "/sys/class/misc/tdxg/$name" <<<"$w" || { echo "undocumented: tdxg/$name"; bad=1; }
	done
	for name in $(grep -ohE 'TDXG_MR_ATTR\([a-z0-9_]+, "[a-z0-9:]+"' kmod/sysfs.c | sed -E 's/.*"(.*)"/\1/'); do
		case $name in
		rtmr[0-3]:sha384) pat="measurements/rtmr\[0-3\]:sha384" ;;
		*) pat="measurements/$name" ;;
		esac
		grep -qxE "/sys/class/misc/tdxg/$pat" <<<"$w" || { echo "undocumented: tdxg/measurements/$name"; bad=1; }
		if grep -q tdxg_measurements_group kmod/compat_dev.c 2>/dev/null; then
			grep -qxE "/sys/class/misc/tdx_guest/$pat" <<<"$w" || { echo "undocumented: tdx_guest/measurements/$name"; bad=1; }
		fi
	done
	if grep -q 'TDXG_POLICY_ATTR(0)' kmod/sysfs.c; then
		grep -qxF '/sys/class/misc/tdxg/policy/rtmr[0-3]' <<<"$w" || { echo "undocumented: policy/rtmrN"; bad=1; }
	fi
	return $bad
}

# Every parameter of a production module is in the admin guide's table and
# in sysfs-module-tdxg; every test-only emu_ parameter is named in the guide.
params_documented() {
	local p bad=0 w
	w=$(whats)
	for p in $(grep -ohE 'module_param(_array|_string)?\([a-z_]+' kmod/*.c | sed -E 's/.*\(//' | sort -u); do
		grep -qF "\`\`$p\`\`" Documentation/admin-guide.rst || { echo "admin guide lacks $p"; bad=1; }
		case $p in
		emu_*) ;;
		*) grep -qx "/sys/module/tdxg/parameters/$p" <<<"$w" || { echo "sysfs-module-tdxg lacks $p"; bad=1; } ;;
		esac
	done
	return $bad
}

ioctls_documented() {
	local c bad=0
	for c in $(grep -oE '^#define (TDXG_[A-Z0-9_]+)[[:space:]]+_IO' kmod/uapi/linux/tdxg.h | awk '{print $2}'); do
		grep -qF "$c" Documentation/userspace-api.rst || { echo "userspace-api.rst lacks $c"; bad=1; }
	done
	for c in $(grep -oE 'struct tdxg_[a-z0-9_]+ \{' kmod/uapi/linux/tdxg.h | awk '{print $2}' | sort -u); do
		case $c in tdxg_reportmac | tdxg_tee_tcb_info | tdxg_tdinfo | tdxg_tdreport) continue ;; esac
		grep -qF "struct $c" Documentation/userspace-api.rst || { echo "userspace-api.rst lacks struct $c"; bad=1; }
	done
	return $bad
}

# Every errno the ioctl and extend paths return or assign appears in the
# API doc (comparisons with internal codes do not count).
errnos_documented() {
	local e bad=0
	for e in $(grep -ohE '(return|[^=!<>]=|\?|:) *[-]E[A-Z]{3,}' kmod/device.c kmod/compat_dev.c \
		kmod/measure.c kmod/quote.c | grep -oE 'E[A-Z]{3,}' | sort -u); do
		grep -qF "\`\`$e\`\`" Documentation/userspace-api.rst || { echo "userspace-api.rst lacks $e"; bad=1; }
	done
	return $bad
}

readme_links_resolve() {
	local l bad=0
	for l in $(grep -oE '\]\([^)#]+\)' README.md | sed -E 's/^\]\((.*)\)$/\1/'); do
		case $l in http*) continue ;; esac
		[ -e "$l" ] || { echo "README links to missing $l"; bad=1; }
	done
	for l in admin-guide userspace-api threat-model; do
		grep -qF "Documentation/$l.rst" README.md || { echo "README does not link $l"; bad=1; }
	done
	return $bad
}

markers_documented() {
	local m d bad=0
	for m in TDXG_POLICY_ONCE TDXG_POLICY_LOCKED; do
		d=$(printf '%s' "$m" | sha384sum | cut -c1-96)
		tr -d '`\n ' <Documentation/userspace-api.rst | grep -qF "$m${d:0:48}${d:48}" ||
			{ echo "userspace-api.rst lacks the digest of $m ($d)"; bad=1; }
	done
	return $bad
}

echo "1..9"
ok "Documentation/*.rst parse with docutils, no warnings; toctree entries exist" \
	rst_check Documentation/*.rst
ok "ABI files pass the kernel's get_abi.pl validate" abi_validates
ok "ABI files render as valid reST (get_abi.pl rest)" abi_renders
ok "every sysfs node of tdxg and of the compat device has an ABI entry" sysfs_nodes_documented
ok "every module parameter is in the admin guide and in sysfs-module-tdxg" params_documented
ok "every ioctl and its struct in <linux/tdxg.h> is in userspace-api.rst" ioctls_documented
ok "every errno of the ioctl, extend and quote paths is in userspace-api.rst" errnos_documented
ok "policy marker digests in userspace-api.rst are SHA-384 of the markers" markers_documented
ok "README links resolve and reach the admin guide, API and threat model" readme_links_resolve
