/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: caller structs that start with uint32_t size
 * ("Extensible structs" in <tdxg/quote.h>). Not exported.
 */
#ifndef TDXG_EXTSTRUCT_H
#define TDXG_EXTSTRUCT_H

#include <stddef.h>

/*
 * Copies the caller's options (src, src->size bytes) into dst, the
 * library's own struct of dst_size bytes, zero-filling what an older
 * caller did not have. -EINVAL below ver0, -E2BIG when a byte past
 * dst_size is set (a newer caller asked for something unknown here).
 */
int tdxg_opts_in(void *dst, size_t dst_size, const void *src, size_t ver0);

/*
 * Checks a caller's result struct before anything is written to it:
 * -EINVAL when its size is below ver0.
 */
int tdxg_result_check(const void *res, size_t ver0);

/*
 * Copies the library's result (src, src_size bytes) to the caller's dst:
 * min(dst->size, src_size) bytes, then sets dst->size to that.
 */
void tdxg_result_out(void *dst, const void *src, size_t src_size);

#endif
