// SPDX-License-Identifier: MIT
#include <tdxg/util.h>

const char *tdxg_lib_version(void)
{
	return TDXG_VERSION;
}
