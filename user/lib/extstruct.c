// SPDX-License-Identifier: MIT
/* Caller structs that start with uint32_t size ("Extensible structs"). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "extstruct.h"

/* Every such struct starts with uint32_t size. */
static uint32_t struct_size(const void *s)
{
	uint32_t size;

	memcpy(&size, s, sizeof(size));
	return size;
}

int tdxg_opts_in(void *dst, size_t dst_size, const void *src, size_t ver0)
{
	size_t size = struct_size(src), i;

	if (size < ver0)
		return -EINVAL;
	for (i = dst_size; i < size; i++)
		if (((const uint8_t *)src)[i])
			return -E2BIG;
	memset(dst, 0, dst_size);
	memcpy(dst, src, size < dst_size ? size : dst_size);
	return 0;
}

int tdxg_result_check(const void *res, size_t ver0)
{
	return struct_size(res) < ver0 ? -EINVAL : 0;
}

void tdxg_result_out(void *dst, const void *src, size_t src_size)
{
	uint32_t n = struct_size(dst);

	if (n > src_size)
		n = (uint32_t)src_size;
	memcpy(dst, src, n);
	memcpy(dst, &n, sizeof(n));
}
