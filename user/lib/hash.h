/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: SHA-256 (hash.c), which also defines the public
 * SHA-384 functions of <tdxg/util.h>.
 */
#ifndef TDXG_HASH_H
#define TDXG_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 without a provider fetch. */
void tdxg_sha256(const void *msg, size_t len, uint8_t out[32]);

#endif
