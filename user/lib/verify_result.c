// SPDX-License-Identifier: MIT
/*
 * Filling a struct tdxg_verify_result: verification (verify.c) and the TD
 * policy (policy.c) report a failed check the same way.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tdxg/verify.h>

#include "verify_result.h"

void tdxg_verify_result_init(struct tdxg_verify_result *res)
{
	memset(res, 0, sizeof(*res));
	res->size = sizeof(*res);
}

int vfail(struct tdxg_verify_result *res, int e, const char *check, const char *fmt, ...)
{
	va_list ap;

	res->error = e;
	snprintf(res->check, sizeof(res->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
	va_end(ap);
	return e;
}
