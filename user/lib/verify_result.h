/* SPDX-License-Identifier: MIT */
/* libtdxg internal: reporting a failed check (verify_result.c). */
#ifndef TDXG_VERIFY_RESULT_H
#define TDXG_VERIFY_RESULT_H

struct tdxg_verify_result;

/* Sets res->error = e, check and detail; returns e. */
#define vfail tdxg_vfail
int vfail(struct tdxg_verify_result *res, int e, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
