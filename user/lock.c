// SPDX-License-Identifier: MIT
/* tdxg lock: tighten an RTMR policy to once or locked (never loosens). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <tdxg/tdxg.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: %s lock --rtmr N [--once]\n"
		"Locks RTMR N (0..3) until reboot; --once allows exactly one more extend.\n",
		tdxg_prog);
}

/* Also what `tdxg --complete lock` lists, for the bash completion. */
const struct option lock_options[] = {
	{ "rtmr", required_argument, NULL, 'r' },
	{ "once", no_argument, NULL, '1' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_lock(int argc, char *argv[])
{
	enum tdxg_policy mode = TDXG_POLICY_LOCKED, now;
	unsigned int rtmr = 0;
	struct tdxg_dev *dev;
	int have_rtmr = 0, c, ret;

	while ((c = getopt_long(argc, argv, "r:h", lock_options, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (parse_rtmr(optarg, &rtmr)) {
				cli_err("--rtmr takes 0..3, not '%s'", optarg);
				return TDXG_EXIT_USAGE;
			}
			have_rtmr = 1;
			break;
		case '1':
			mode = TDXG_POLICY_ONCE;
			break;
		case 'h':
			print_help(usage);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind != argc)
		return usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if (!have_rtmr)
		return usage_err(usage, "--rtmr N is needed");
	ret = open_device(&dev);
	if (ret)
		return ret;
	ret = tdxg_lock(dev, rtmr, mode);
	tdxg_close(dev);
	if (ret) {
		cli_err("%s: LOCK rtmr%u %s: %s%s", tdxg_device_path(),
			rtmr, tdxg_policy_name(mode), strerror(-ret),
			ret == -EPERM ? " (policies never loosen)" : "");
		return exit_for_errno(ret);
	}
	/* The policy read back says what the register is now, e.g. a
	 * "once" that raced with an extend is already "locked". */
	if (tdxg_read_policy(rtmr, &now))
		now = mode;
	print_text("rtmr%u: %s\n", rtmr, tdxg_policy_name(now));
	return TDXG_EXIT_OK;
}
