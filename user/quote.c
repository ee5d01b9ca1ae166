// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "cli.h"

/* Placeholder until the owning issue lands. */
int cmd_quote(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s quote: not implemented yet\n", tdxg_prog);
	return TDXG_EXIT_USAGE;
}
