// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime event log: TCG_PCR_EVENT2 records with one SHA-384 digest,
 * as laid out in uapi/linux/tdxg.h. Records are appended by measure.c
 * under its tdxg_mr_lock, in the same critical section as the TDCALL, so
 * log order is extend order; readers here take the same lock. The buffer
 * is allocated once at load, so an append after a successful room check
 * cannot fail.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "tdxg.h"

static u8 *log_buf;
static size_t log_used;
static size_t log_capacity;
static u64 log_records;

int tdxg_log_init(size_t capacity)
{
	log_buf = vzalloc(capacity);
	if (!log_buf)
		return -ENOMEM;
	log_capacity = capacity;
	return 0;
}

void tdxg_log_exit(void)
{
	vfree(log_buf);
	log_buf = NULL;
}

size_t tdxg_log_record_size(u32 event_size)
{
	return TDXG_LOG_RECORD_HDR + (size_t)event_size;
}

bool tdxg_log_has_room(size_t bytes)
{
	lockdep_assert_held(&tdxg_mr_lock);
	return bytes <= log_capacity - log_used;
}

void tdxg_log_append(u32 index, u32 event_type, const u8 *digest,
		     const void *event, u32 event_size)
{
	u8 *p = log_buf + log_used;

	lockdep_assert_held(&tdxg_mr_lock);
	if (WARN_ON(!tdxg_log_has_room(tdxg_log_record_size(event_size))))
		return;
	put_unaligned_le32(index + 1, p);
	put_unaligned_le32(event_type, p + 4);
	put_unaligned_le32(1, p + 8);
	put_unaligned_le16(TDXG_TCG_ALG_SHA384, p + 12);
	memcpy(p + 14, digest, TDXG_DIGEST_LEN);
	put_unaligned_le32(event_size, p + 14 + TDXG_DIGEST_LEN);
	if (event_size)
		memcpy(p + TDXG_LOG_RECORD_HDR, event, event_size);
	log_used += tdxg_log_record_size(event_size);
	log_records++;
}

ssize_t tdxg_log_read(char *buf, loff_t off, size_t count)
{
	ssize_t n = 0;

	mutex_lock(&tdxg_mr_lock);
	if (off >= 0 && off < log_used) {
		n = min_t(size_t, count, log_used - off);
		memcpy(buf, log_buf + off, n);
	}
	mutex_unlock(&tdxg_mr_lock);
	return n;
}

void tdxg_log_usage(u64 *used, u64 *capacity, u64 *records)
{
	mutex_lock(&tdxg_mr_lock);
	*used = log_used;
	*capacity = log_capacity;
	*records = log_records;
	mutex_unlock(&tdxg_mr_lock);
}
