# SPDX-License-Identifier: MIT
# bash completion for tdxg(1)

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

	local subcommands="status report extend lock log quote show verify collateral"
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$subcommands --help --version" -- "$cur"))
		return
	fi

	local opts=
	case ${words[1]} in
	status)
		opts="--json --help" ;;
	report)
		case $prev in
		--data) return ;;
		--data-file | -o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		esac
		opts="--data --data-file --nonce -o --output --json --hex --binary --help" ;;
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
		opts="--rtmr --digest --file --data --event-type --event-data --event-file --json --help" ;;
	lock)
		case $prev in
		--rtmr) COMPREPLY=($(compgen -W "0 1 2 3" -- "$cur")); return ;;
		esac
		opts="--rtmr --once --help" ;;
	log)
		case $prev in
		--against) COMPREPLY=($(compgen -W "report quote" -- "$cur")); return ;;
		report | quote | --ccel-file | --log-file)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		esac
		opts="--ccel --runtime --ccel-file --log-file --replay --against --events --json --help" ;;
	show)
		opts="--json --help" ;;
	verify)
		case $prev in
		--root | --collateral | --replay | --from | --pccs-ca | --cache | --policy)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--accept)
			COMPREPLY=($(compgen -W "UpToDate SWHardeningNeeded ConfigurationNeeded ConfigurationAndSWHardeningNeeded OutOfDate OutOfDateConfigurationNeeded Revoked TDRelaunchAdvised TDRelaunchAdvisedConfigurationNeeded" -- "$cur"))
			return ;;
		--at | --expect-mrtd | --expect-rtmr | --report-data | --expect-sealed | --expect-once | --jobs | --pccs | --timeout | --min-tcb-eval | --expect-mr* | --expect-td-attributes | --expect-xfam | --min-*-svn) return ;;
		esac
		opts="--root --collateral --at --accept --min-tcb-eval --allow-expired-collateral --expect-mrtd --expect-rtmr --report-data --replay --expect-sealed --expect-once --allow-debug --expect-mrconfigid --expect-mrowner --expect-mrownerconfig --expect-mrseam --expect-mrsignerseam --expect-td-attributes --expect-xfam --min-tee-tcb-svn --min-qe-svn --min-pce-svn --policy --json --from --jobs --pccs --pcs --pccs-ca --cache --no-cache --offline --timeout --help" ;;
	collateral)
		case $prev in
		--root | --pccs-ca | --cache | -o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--at | --pccs | --timeout) return ;;
		esac
		opts="--pccs --pcs --pccs-ca -o --output --cache --no-cache --offline --timeout --root --at --verbose --help" ;;
	quote)
		case $prev in
		--transport)
			COMPREPLY=($(compgen -W "auto vsock unix tdvmcall tsm" -- "$cur")); return ;;
		--report | -o | --output)
			COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
		--data | --timeout) return ;;
		esac
		opts="--data --report --transport -o --output --hex --timeout --framed --help" ;;
	*)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
	fi
}
complete -F _tdxg tdxg
