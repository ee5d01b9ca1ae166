/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: the one formatter of struct tdxg_err (<tdxg/err.h>).
 * Not exported (libtdxg.map).
 */
#ifndef TDXG_ERRMSG_H
#define TDXG_ERRMSG_H

#include <errno.h>
#include <stdarg.h>
#include "tdxg/err.h"

/*
 * Sets err (if any) to code and the message, and returns code, so a
 * failure is one line: return tdxg_errf(err, -EBADMSG, "...").
 */
int tdxg_errf(struct tdxg_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for callers that format on behalf of their own callers. */
int tdxg_verrf(struct tdxg_err *err, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
