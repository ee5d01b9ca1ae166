#!/bin/bash
# SPDX-License-Identifier: MIT
# Documentation/tdxg.1 and contrib/completion/tdxg.bash keep up with the
# CLI: the man page formats without warnings and names every subcommand,
# every long option of every subcommand inside that subcommand's section
# (read from the option tables in user/<cmd>.c), every exit code of
# user/cli.h, every TDXG_* environment variable libtdxg or the CLI reads,
# and every check name and TCB status tdxg verify can report; the
# completion offers exactly the options of each subcommand's getopt table
# (it asks tdxg --complete), which the subcommand's --help names too.
set -uo pipefail
TOP=${TDXG_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
MAN=$TOP/Documentation/tdxg.1
COMP=$TOP/contrib/completion/tdxg.bash
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

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
BIN=$TOP/user/tdxg
make -s -C "$TOP/user" tdxg >/dev/null 2>&1
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
awk '/^\.\. cli-docs.t runs this block/ {on=1; next} on && /^::/ {blk=1; next}
	blk && /^  / {print substr($0, 3); seen=1; next} blk && seen && !/^$/ {exit}' "$GUIDE" >"$W/recipe.sh"
printf 'the story binary\n' >"$W/story"
got=$(sed "s|/usr/local/bin/story|$W/story|" "$W/recipe.sh" | sh 2>&1)
python3 "$TOP/tests/host/cli-tcglog.py" runtime "$W/rt.log" "3:TDXG_POLICY_ONCE" "3:$(cat "$W/story")
" "3:TDXG_POLICY_LOCKED"
want=$("$BIN" log --log-file "$W/rt.log" --replay | awk '/^RTMR3 /{print $2}')
[ -n "$want" ] && [ "$got" = "$want" ]
ok $? "admin guide: the story-kernel RTMR3 recipe equals tdxg's replay ($want)"
[ "$got" = "$want" ] || sed 's/^/#   /' "$W/recipe.sh" | head -12
rm -rf "$W"

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
echo "1..$n"
