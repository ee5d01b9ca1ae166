#!/bin/bash
# SPDX-License-Identifier: MIT
# Documentation/tdxg.1 and contrib/completion/tdxg.bash keep up with the
# CLI: the man page formats without warnings and names every subcommand,
# every long option of every subcommand inside that subcommand's section
# (read from the option tables in user/<cmd>.c), every exit code of
# user/cli.h, every TDXG_* environment variable libtdxg or the CLI reads,
# and every check name and TCB status tdxg verify can report; the
# completion offers the same options and completes subcommands.
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
	cmissing=
	for o in $opts; do
		grep -qE -- "--$o\b" "$COMP" || cmissing="$cmissing --$o"
	done
	[ -z "$cmissing" ]
	ok $? "completion offers the options of $s${cmissing:+, missing:$cmissing}"
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
statuses=$(sed -n '/status_names\[TDXG_TCB_COUNT\]/,/};/p' "$TOP/user/lib/collateral.c" | grep -oE '"[A-Za-z]+"' | tr -d '"')
missing=
for st in $statuses; do
	grep -qE "\b$st\b" <<<"$verify" || missing="$missing $st"
done
[ "$(wc -w <<<"$statuses")" -eq 9 ] && [ -z "$missing" ]
ok $? "verify --accept lists every TCB status ($(echo $statuses))${missing:+, missing:$missing}"

# The completion function itself, in a clean shell.
got=$(bash -c '. "$1"; COMP_WORDS=(tdxg l); COMP_CWORD=1; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP")
[ "$got" = "lock log" ]
ok $? "completion: 'tdxg l' -> lock log (got '$got')"
got=$(bash -c '. "$1"; COMP_WORDS=(tdxg log --against ""); COMP_CWORD=3; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP")
[ "$got" = "report quote" ]
ok $? "completion: 'tdxg log --against' -> report quote (got '$got')"
got=$(bash -c '. "$1"; COMP_WORDS=(tdxg extend --rtmr ""); COMP_CWORD=3; _tdxg; echo "${COMPREPLY[*]}"' _ "$COMP")
[ "$got" = "0 1 2 3" ]
ok $? "completion: 'tdxg extend --rtmr' -> 0 1 2 3 (got '$got')"
echo "1..$n"
