#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The documentation, in one suite.
#
# Documentation/*.rst and the ABI files: the reStructuredText parses
# cleanly, the ABI files pass the kernel's own scripts/get_abi.pl (from
# linux-source) and render as valid reST, and the documents keep up with
# the code: every sysfs node, module parameter, ioctl and errno the module
# has is documented, every README link resolves, and the README's
# examples for relying parties (verify off the guest) run against
# tests/data.
#
# Documentation/tdxg.1 and contrib/completion/tdxg.bash keep up with the
# CLI: the man page formats without warnings and names every subcommand,
# every long option of every subcommand inside that subcommand's section
# (read from the option tables in user/<cmd>.c), every exit code of
# user/cli.h, every TDXG_* environment variable libtdxg or the CLI reads,
# and every check name and TCB status tdxg verify can report; the
# completion offers exactly the options of each subcommand's getopt table
# (it asks tdxg --complete), which the subcommand's --help names too.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$TOP" || exit 1
need_user || bail "build user/"
W=$TOP/build/docs
mkdir -p "$W"
PY=/usr/bin/python3
KSRC_TAR=$(ls /usr/src/linux-source-6.12.tar.xz /usr/src/linux-source-*.tar.xz 2>/dev/null | head -1)
ABI=Documentation/ABI/testing
MAN=$TOP/Documentation/tdxg.1
COMP=$TOP/contrib/completion/tdxg.bash

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

ok_cmd "Documentation/*.rst parse with docutils, no warnings; toctree entries exist" \
	rst_check Documentation/*.rst
ok_cmd "ABI files pass the kernel's get_abi.pl validate" abi_validates
ok_cmd "ABI files render as valid reST (get_abi.pl rest)" abi_renders
ok_cmd "every sysfs node of tdxg and of the compat device has an ABI entry" sysfs_nodes_documented
ok_cmd "every module parameter is in the admin guide and in sysfs-module-tdxg" params_documented
ok_cmd "every ioctl and its struct in <linux/tdxg.h> is in userspace-api.rst" ioctls_documented
ok_cmd "every errno of the ioctl, extend and quote paths is in userspace-api.rst" errnos_documented
ok_cmd "policy marker digests in userspace-api.rst are SHA-384 of the markers" markers_documented
ok_cmd "README links resolve and reach the admin guide, API and threat model" readme_links_resolve

# The man page and the completion.

[ -f "$MAN" ] && [ -f "$COMP" ]
ok $? "man page and completion exist"
warn=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$MAN" 2>&1)
[ -z "$warn" ]
ok $? "groff -man -ww formats tdxg.1 without warnings"
[ -z "$warn" ] || sed 's/^/#   /' <<<"$warn" | head -5
text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$MAN" 2>/dev/null | col -b)

subs=$(grep -oE '\{ "[a-z]+", cmd_[a-z]+,' "$TOP/user/tdxg.c" | cut -d'"' -f2)
[ "$(wc -w <<<"$subs")" -ge 8 ]
ok $? "found the subcommand table ($(echo $subs))"
for s in $subs; do
	missing=
	grep -qE "^   $s\$" <<<"$text" || missing="section"
	opts=$(grep -oE '\{ "[a-z][a-z-]*", (no|required|optional)_argument' "$TOP/user/$s.c" 2>/dev/null |
		cut -d'"' -f2 | grep -vx help)
	# The subcommand's own section: up to the next subsection or section.
	sec=$(awk -v s="$s" '$0 ~ "^   "s"$" {on=1; next} on && (/^   [a-z]+$/ || /^[A-Z]/) {on=0} on' <<<"$text")
	for o in $opts; do
		grep -qE -- "--$o\b" <<<"$sec" || missing="$missing --$o"
	done
	[ -z "$missing" ]
	ok $? "man page documents $s and its options ($(echo $opts))${missing:+, missing:$missing}"
done

section=$(sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' <<<"$text")
codes=$(grep -oE 'TDXG_EXIT_[A-Z]+ = [0-9]+' "$TOP/user/cli.h" | awk '{print $3}')
missing=
for c in $codes; do
	grep -qE "^ +$c +[A-Z]" <<<"$section" || missing="$missing $c"
done
[ -n "$codes" ] && [ -z "$missing" ]
ok $? "EXIT STATUS lists every code in cli.h ($(echo $codes))${missing:+, missing:$missing}"

env=$(sed -n '/^ENVIRONMENT/,/^FILES/p' <<<"$text")
vars=$(grep -ohE 'getenv\("TDXG_[A-Z_]+"\)' "$TOP"/user/*.c "$TOP"/user/lib/*.c | cut -d'"' -f2 | sort -u)
missing=
for v in $vars; do
	grep -qE "^ +$v\b" <<<"$env" || missing="$missing $v"
done
[ "$(wc -w <<<"$vars")" -ge 6 ] && [ -z "$missing" ]
ok $? "ENVIRONMENT documents every TDXG_* variable read ($(echo $vars))${missing:+, missing:$missing}"

# From the roff source: the formatter may hyphenate long names.
verify=$(sed -n '/^\.SS verify$/,/^\.SH /p' "$MAN")
checks=$({ grep -oE '"[a-z]+(_[a-z]+)*"' "$TOP/user/lib/verify.c"
	grep -oE 'set_fail\(&?o, [A-Z_]+, "[a-z_]+"' "$TOP/user/verify.c" | grep -oE '"[a-z_]+"'; } | tr -d '"' | sort -u)
missing=
for c in $checks; do
	grep -qE "(^|[ ,])$c([ ,:]|\$)" <<<"$verify" || missing="$missing $c"
done
[ "$(wc -w <<<"$checks")" -ge 25 ] && [ -z "$missing" ]
ok $? "verify section names every failed_check verify can report ($(wc -w <<<"$checks") names)${missing:+, missing:$missing}"
statuses=$(sed -n '/statuses\[TDXG_TCB_COUNT\]/,/^};/p' "$TOP/user/lib/tcb_status.c" | grep -oE '"[A-Za-z]+"' | tr -d '"')
missing=
for st in $statuses; do
	grep -qE "\b$st\b" <<<"$verify" || missing="$missing $st"
done
[ "$(wc -w <<<"$statuses")" -eq 9 ] && [ -z "$missing" ]
ok $? "verify --accept lists every TCB status ($(echo $statuses))${missing:+, missing:$missing}"

# Completion and --help come from the tables the parsing uses: tdxg
# --complete lists them, the completion asks it, and every option of the
# table is in the subcommand's --help.
BIN=$TDXG
[ "$("$BIN" --complete 2>/dev/null | tr '\n' ' ')" = "$(echo $subs) " ]
ok $? "tdxg --complete lists the subcommand table ($(echo $subs))"
"$BIN" --complete nosuch >/dev/null 2>&1; a=$?
"$BIN" --complete verify --bogus >/dev/null 2>&1; b=$?
[ "$a.$b" = 2.2 ]
ok $? "tdxg --complete: an unknown subcommand or option is exit 2, as tdxg.1 says (got $a, $b)"
toplevel=$("$BIN" --help 2>/dev/null)
missing=
for s in $subs; do grep -qE "^  $s +[a-z]" <<<"$toplevel" || missing="$missing $s"; done
[ -z "$missing" ]
ok $? "tdxg --help lists every subcommand${missing:+, missing:$missing}"
for s in $subs; do
	table=$("$BIN" --complete "$s" 2>/dev/null | sort | tr '\n' ' ')
	src=$(grep -oE '\{ "[a-z][a-z-]*", (no|required|optional)_argument' "$TOP/user/$s.c" | cut -d'"' -f2 | sed 's/^/--/')
	missing=
	for o in $src; do grep -qw -- "$o" <<<"$table" || missing="$missing $o"; done
	[ -n "$table" ] && [ -z "$missing" ]
	ok $? "tdxg --complete $s lists its getopt table${missing:+, missing:$missing}"
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" "$3" --); COMP_CWORD=2; _tdxg; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$COMP" "$BIN" "$s" | sort | tr '\n' ' ')
	[ "$got" = "$table" ]
	ok $? "completion of 'tdxg $s --' is exactly its table"
	[ "$got" = "$table" ] || { echo "#   completion: $got"; echo "#   table:      $table"; }
	# --expect-{a,b} in a usage text names --expect-a and --expect-b
	help=$("$BIN" "$s" --help 2>/dev/null | python3 -c 'import re, sys
t = " ".join(sys.stdin.read().split()).replace(", ", ",")
print(re.sub(r"(--[a-z-]*)\{([^}]*)\}", lambda m: " ".join(m.group(1) + x for x in m.group(2).split(",")), t))')
	missing=
	for o in $table; do [ "$o" = --help ] || grep -qE -- "$o\b" <<<"$help" || missing="$missing $o"; done
	[ -z "$missing" ]
	ok $? "tdxg $s --help names every option of its table${missing:+, missing:$missing}"
done
got=$(bash -c '. "$1"; COMP_WORDS=("$2" verify --accept ""); COMP_CWORD=3; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP" "$BIN")
missing=
for st in $statuses; do grep -qw "$st" <<<"$got" || missing="$missing $st"; done
[ -z "$missing" ]
ok $? "completion of verify --accept offers every TCB status${missing:+, missing:$missing}"

# The admin guide's story-kernel recipe computes the RTMR3 that tdxg's
# replay gives for ONCE marker, the binary, LOCKED marker.
GUIDE=$TOP/Documentation/admin-guide.rst
W=$(mktemp -d)
awk '/^\.\. docs.t runs this block/ {on=1; next} on && /^::/ {blk=1; next}
	blk && /^  / {print substr($0, 3); seen=1; next} blk && seen && !/^$/ {exit}' "$GUIDE" >"$W/recipe.sh"
printf 'the story binary\n' >"$W/story"
got=$(sed "s|/usr/local/bin/story|$W/story|" "$W/recipe.sh" | sh 2>&1)
python3 "$TOP/tests/host/cli-tcglog.py" runtime "$W/rt.log" "3:TDXG_POLICY_ONCE" "3:$(cat "$W/story")
" "3:TDXG_POLICY_LOCKED"
want=$("$BIN" log --log-file "$W/rt.log" --replay | awk '/^RTMR3 /{print $2}')
[ -n "$want" ] && [ "$got" = "$want" ]
ok $? "admin guide: the story-kernel RTMR3 recipe equals tdxg's replay ($want)"
[ "$got" = "$want" ] || sed 's/^/#   /' "$W/recipe.sh" | head -12

# The README's examples for relying parties run as written, in tests/data,
# with the tdxg just built: each verification succeeds.
sed -n '/<!-- verify-examples:/,/^```$/p' README.md | sed '1,2d;$d' >"$W/verify-examples.sh"
(cd "$TD" && PATH=$(dirname "${TDXG_JSON_REAL:-$BIN}"):$PATH bash -eo pipefail "$W/verify-examples.sh") >"$W/vx.out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^[^ ]*: OK\|"ok": true' "$W/vx.out")" -eq 4 ] &&
	[ "$(grep -c . "$W/verify-examples.sh")" -ge 6 ]
ok $? "README: the verify-off-guest examples run against tests/data, 4 verifications OK (exit $rc)"
[ $rc -eq 0 ] || diag "$W/vx.out"
rm -rf "$W"

# The docs' range is the tested range: the admin guide's "Tested kernels"
# rows marked "full guest suite" are exactly GUEST_KERNELS (the series
# make check boots, scripts/check.sh's guest-SERIES suites), and the
# README's "Tested on" names exactly their kernel versions.
tested_kernels_match() {
	local guest readme_want
	guest=$(bash -c '. scripts/kernels.sh; printf "%s\n" "${GUEST_KERNELS[@]}"' | sort)
	readme_want=$(sed 's/-.*//' <<<"$guest" | sort -uV | tr '\n' ' ')
	"$PY" - "$GUIDE" "$TOP/README.md" "$guest" "$readme_want" <<'PY'
import re, sys
guide, readme, guest, readme_want = sys.argv[1:]
text = open(guide).read()
sec = text[text.index("\nTested kernels\n"):]
lines = sec.splitlines()
borders = [i for i, l in enumerate(lines) if re.fullmatch(r"=+( +=+)+", l)]
if len(borders) < 3:
    sys.exit("no Tested kernels table")
cols = [m.start() for m in re.finditer(r"=+", lines[borders[0]])]
rows = []
for l in lines[borders[1] + 1:borders[2]]:
    if l[:cols[1]].strip():
        rows.append([l[:cols[1]].strip(), ""])
    rows[-1][1] = (rows[-1][1] + " " + l[cols[2]:].strip()).strip()
full = sorted(r[0].strip("`") for r in rows if r[1] == "full guest suite")
want = sorted(guest.split())
bad = 0
if full != want:
    print("table's full guest suite rows: %s; GUEST_KERNELS: %s" % (full, want))
    bad = 1
m = re.search(r"Tested on ([0-9., and]+?) \(", open(readme).read().replace("\n", " ").replace("  ", " "))
got = sorted(re.findall(r"[0-9]+\.[0-9]+", m.group(1)) if m else [])
if got != sorted(readme_want.split()):
    print("README 'Tested on': %s; GUEST_KERNELS versions: %s" % (got, readme_want))
    bad = 1
sys.exit(bad)
PY
}
ok_cmd "Tested kernels: the table's full-guest-suite rows are GUEST_KERNELS, README's 'Tested on' their versions" \
	tested_kernels_match

# The completion function itself, in a clean shell.
got=$(bash -c '. "$1"; COMP_WORDS=("$2" l); COMP_CWORD=1; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP" "$BIN")
[ "$got" = "lock log" ]
ok $? "completion: 'tdxg l' -> lock log (got '$got')"
got=$(bash -c '. "$1"; COMP_WORDS=("$2" log --against ""); COMP_CWORD=3; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP" "$BIN")
[ "$got" = "report quote" ]
ok $? "completion: 'tdxg log --against' -> report quote (got '$got')"
got=$(bash -c '. "$1"; COMP_WORDS=("$2" extend --rtmr ""); COMP_CWORD=3; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP" "$BIN")
[ "$got" = "0 1 2 3" ]
ok $? "completion: 'tdxg extend --rtmr' -> 0 1 2 3 (got '$got')"
finish
