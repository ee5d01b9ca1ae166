/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: the one hex table (hex.c), for collateral, policies
 * and tdxg_hex_decode().
 */
#ifndef TDXG_HEX_H
#define TDXG_HEX_H

#include <stddef.h>
#include <stdint.h>

/* 0..15 for a hex digit, else -1. */
int tdxg_hex_digit(unsigned char c);
/* Exactly 2 * outlen hex digits of s (n bytes) into out; -1 otherwise. */
int tdxg_unhex(const char *s, size_t n, uint8_t *out, size_t outlen);

#endif
