/* SPDX-License-Identifier: MIT */
/* libtdxg internal: the TD policy of struct tdxg_verify_opts (policy.c). */
#ifndef TDXG_POLICY_H
#define TDXG_POLICY_H

#include <stdint.h>

struct tdxg_quote;
struct tdxg_verify_opts;
struct tdxg_verify_result;

/* Checks the quote against o; pcesvn is the PCK certificate's. */
int tdxg_policy_check(const struct tdxg_quote *q, const struct tdxg_verify_opts *o, uint16_t pcesvn,
		      struct tdxg_verify_result *res);

#endif
