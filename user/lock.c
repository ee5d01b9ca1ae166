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

int cmd_lock(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "rtmr", required_argument, NULL, 'r' },
		{ "once", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum tdxg_policy mode = TDXG_POLICY_LOCKED, now;
	unsigned int rtmr = 0;
	struct tdxg_dev *dev;
	int have_rtmr = 0, c, ret;

	while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (parse_rtmr(optarg, &rtmr)) {
				fprintf(stderr, "%s lock: --rtmr takes 0..3, not '%s'\n", tdxg_prog, optarg);
				return TDXG_EXIT_USAGE;
			}
			have_rtmr = 1;
			break;
		case '1':
			mode = TDXG_POLICY_ONCE;
			break;
		case 'h':
			usage(stdout);
			return TDXG_EXIT_OK;
		default:
			usage(stderr);
			return TDXG_EXIT_USAGE;
		}
	}
	if (optind != argc || !have_rtmr) {
		usage(stderr);
		return TDXG_EXIT_USAGE;
	}
	ret = open_device("lock", &dev);
	if (ret)
		return ret;
	ret = tdxg_lock(dev, rtmr, mode);
	tdxg_close(dev);
	if (ret) {
		fprintf(stderr, "%s lock: %s: LOCK rtmr%u %s: %s%s\n", tdxg_prog, tdxg_device_path(),
			rtmr, tdxg_policy_name(mode), strerror(-ret),
			ret == -EPERM ? " (policies never loosen)" : "");
		return exit_for_errno(ret);
	}
	/* The policy read back says what the register is now, e.g. a
	 * "once" that raced with an extend is already "locked". */
	if (tdxg_read_policy(rtmr, &now) == 0)
		printf("rtmr%u: %s\n", rtmr, tdxg_policy_name(now));
	else
		printf("rtmr%u: %s\n", rtmr, tdxg_policy_name(mode));
	return TDXG_EXIT_OK;
}
