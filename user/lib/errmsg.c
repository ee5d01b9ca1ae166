// SPDX-License-Identifier: MIT
/* The one formatter of struct tdxg_err. */
#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"

int tdxg_verrf(struct tdxg_err *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

int tdxg_errf(struct tdxg_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tdxg_verrf(err, code, fmt, ap);
	va_end(ap);
	return code;
}
