/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: the one formatter of "-1 plus a message" errors.
 * Not exported (libtdxg.map).
 */
#ifndef TDXG_ERRMSG_H
#define TDXG_ERRMSG_H

#include <stddef.h>

/* Writes the message to err (if any) and returns -1. */
int tdxg_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
