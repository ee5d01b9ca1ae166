# SPDX-License-Identifier: MIT
# bash completion for tdxg(1). The subcommands and their options come from
# tdxg itself (tdxg --complete [SUBCOMMAND] prints the tables it parses
# with), so they cannot fall behind, and so do the TCB statuses of verify
# --accept; only other option values are listed here.

_tdxg()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	local tdxg=${words[0]}
	if ((cword == 1)); then
		local subcommands
		subcommands=$("$tdxg" --complete 2>/dev/null)
		COMPREPLY=($(compgen -W "$subcommands --help --version" -- "$cur"))
		return
	fi

	case ${words[1]} in
	status | show)
		;;
	report)
		case $prev in
		--data) return ;;
		--data-file | -o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		esac
		;;
	extend)
		case $prev in
		--rtmr) COMPREPLY=($(compgen -W "0 1 2 3" -- "$cur")); return ;;
		--event-type)
			COMPREPLY=($(compgen -W "EV_IPL EV_EVENT_TAG EV_ACTION EV_POST_CODE EV_EFI_ACTION" -- "$cur"))
			return ;;
		--file | --event-file)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--digest | --data | --event-data) return ;;
		esac
		;;
	lock)
		case $prev in
		--rtmr) COMPREPLY=($(compgen -W "0 1 2 3" -- "$cur")); return ;;
		esac
		;;
	log)
		case $prev in
		--against) COMPREPLY=($(compgen -W "report quote" -- "$cur")); return ;;
		report | quote | --ccel-file | --log-file)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		esac
		;;
	verify)
		case $prev in
		--root | --collateral | --replay | --from | --pccs-ca | --cache | --policy)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--accept)
			local statuses
			statuses=$("$tdxg" --complete verify --accept 2>/dev/null)
			COMPREPLY=($(compgen -W "$statuses" -- "$cur"))
			return ;;
		--at | --expect-mrtd | --expect-rtmr | --report-data | --expect-sealed | --expect-once | --jobs | --pccs | --timeout | --min-tcb-eval | --expect-mr* | --expect-td-attributes | --expect-xfam | --expect-qe-vendor-id | --min-*-svn | --min-tee-tcb-svn2) return ;;
		esac
		;;
	collateral)
		case $prev in
		--root | --pccs-ca | --cache | -o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--at | --pccs | --timeout) return ;;
		esac
		;;
	quote)
		case $prev in
		--transport)
			COMPREPLY=($(compgen -W "auto vsock unix tdvmcall tsm" -- "$cur")); return ;;
		--report | -o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--data | --timeout) return ;;
		esac
		;;
	*)
		return ;;
	esac
	local opts
	opts=$("$tdxg" --complete "${words[1]}" 2>/dev/null)
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
	fi
}
complete -F _tdxg tdxg
