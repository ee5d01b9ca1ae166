#!/bin/bash
# SPDX-License-Identifier: MIT
# Documentation/tdxg.1 and contrib/completion/tdxg.bash keep up with the
# CLI: the man page formats without warnings and names every subcommand,
# every long option of every subcommand (read from the option tables in
# user/<cmd>.c) and every exit code of user/cli.h; the completion offers
# the same options and completes subcommands.
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
	for o in $opts; do
		grep -qE -- "--$o\b" <<<"$text" || missing="$missing --$o"
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
