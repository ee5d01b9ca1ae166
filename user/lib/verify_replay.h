/* SPDX-License-Identifier: MIT */
/* The replay and seal checks of a verification. Private to libtdxg. */
#ifndef TDXG_VERIFY_REPLAY_H
#define TDXG_VERIFY_REPLAY_H

struct tdxg_quote;
struct tdxg_verify_opts;
struct tdxg_verify_result;

/* opts->logs replayed against q, then expect_sealed and expect_once; 0 or res->error. */
int tdxg_replay_check(const struct tdxg_quote *q, const struct tdxg_verify_opts *o,
		      struct tdxg_verify_result *res);

#endif
