// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include <tdxg/verify.h>

#include "cli.h"

const char *tdxg_prog = "tdxg";
const char *tdxg_cmd = "tdxg";

static const struct {
	const char *name;
	int (*fn)(int argc, char *argv[]);
	const struct option *options;
	const char *help;
} subcommands[] = {
	{ "status", cmd_status, status_options, "module, backend, policies and event-log use" },
	{ "report", cmd_report, report_options, "get a TDREPORT" },
	{ "extend", cmd_extend, extend_options, "extend an RTMR and record the event" },
	{ "lock", cmd_lock, lock_options, "tighten an RTMR policy to once or locked" },
	{ "log", cmd_log, log_options, "print and replay CCEL and runtime event logs" },
	{ "quote", cmd_quote, quote_options, "quote report data or a TDREPORT through QGS, tdvmcall or tsm" },
	{ "show", cmd_show, show_options, "decode a TDREPORT or quote file" },
	{ "verify", cmd_verify, verify_options, "verify a DCAP quote" },
	{ "collateral", cmd_collateral, collateral_options, "fetch a quote's collateral from Intel PCS or a PCCS" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s <subcommand> [options]\n\nSubcommands:\n", tdxg_prog);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n'%s <subcommand> --help' describes each one.\n", tdxg_prog);
}

/*
 * The option argv[i] names, read as getopt_long reads it: "--name",
 * "--name=value", a unique abbreviation of a long name, or "-c" for an
 * option whose val is c; NULL for anything else.
 */
static const struct option *option_of(const struct option *opts, const char *arg)
{
	const struct option *o, *found = NULL;
	size_t len;

	if (arg[0] != '-' || !arg[1])
		return NULL;
	if (arg[1] != '-') {
		for (o = opts; o->name; o++)
			if (!arg[2] && o->val == arg[1])
				return o;
		return NULL;
	}
	arg += 2;
	len = strcspn(arg, "=");
	for (o = opts; o->name; o++) {
		if (strncmp(o->name, arg, len))
			continue;
		if (!o->name[len])
			return o;
		if (found)
			return NULL;	/* ambiguous: getopt refuses it */
		found = o;
	}
	return found;
}

/*
 * Messages, getopt's included, start with "tdxg SUBCOMMAND:". --json is
 * looked for before the subcommand parses anything, so that even a usage
 * error gives a JSON object (where --json is unknown too); an option's value ("--event-data
 * --json") is skipped as getopt skips it.
 */
static int run_subcommand(int (*fn)(int argc, char *argv[]), const struct option *opts,
			  int argc, char *argv[])
{
	static char name[64];
	const struct option *o;
	int i, rc;

	snprintf(name, sizeof(name), "%s %s", tdxg_prog, argv[0]);
	tdxg_cmd = name;
	argv[0] = name;
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		o = option_of(opts, argv[i]);
		if (!o)
			/* Even where it is unknown: the usage error is then JSON. */
			tdxg_json |= !strcmp(argv[i], "--json");
		else if (!strcmp(o->name, "json"))
			tdxg_json = 1;
		else if (o->has_arg == required_argument && !strchr(argv[i], '='))
			i++;
	}
	rc = fn(argc, argv);
	out_json_failure(rc);
	return rc;
}

/*
 * tdxg --complete [SUBCOMMAND [OPTION]]: the subcommands, one subcommand's
 * long options, or the values of an option that takes names (verify
 * --accept: libtdxg's TCB statuses), a line each, from the tables the
 * parsing uses; the bash completion asks for them, so it cannot fall behind.
 */
static int complete(const char *sub, const char *opt)
{
	const struct option *o;
	size_t i;
	int st;

	if (opt) {
		if (strcmp(sub, "verify") || strcmp(opt, "--accept"))
			return TDXG_EXIT_USAGE;
		for (st = 0; st < TDXG_TCB_COUNT; st++)
			print_text("%s\n", tdxg_tcb_status_name(st));
		return TDXG_EXIT_OK;
	}

	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (!sub) {
			print_text("%s\n", subcommands[i].name);
			continue;
		}
		if (strcmp(sub, subcommands[i].name))
			continue;
		for (o = subcommands[i].options; o->name; o++)
			print_text("--%s\n", o->name);
		return TDXG_EXIT_OK;
	}
	return sub ? TDXG_EXIT_USAGE : TDXG_EXIT_OK;
}

static int run(int argc, char *argv[])
{
	size_t i;

	/* A usage error is one line (tdxg(1)); --help has the list. */
	if (argc < 2) {
		fprintf(stderr, "%s: no subcommand (see %s --help)\n", tdxg_prog, tdxg_prog);
		return TDXG_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_help(usage);
		return TDXG_EXIT_OK;
	}
	if (!strcmp(argv[1], "--complete"))
		return complete(argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL);
	if (!strcmp(argv[1], "--version")) {
		print_text("tdxg %s\n", TDXG_VERSION);
		return TDXG_EXIT_OK;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (!strcmp(argv[1], subcommands[i].name))
			return run_subcommand(subcommands[i].fn, subcommands[i].options,
					      argc - 1, argv + 1);
	}
	fprintf(stderr, "%s: unknown subcommand '%s' (see %s --help)\n", tdxg_prog, argv[1], tdxg_prog);
	return TDXG_EXIT_USAGE;
}

int main(int argc, char *argv[])
{
	return print_finish(run(argc, argv));
}
