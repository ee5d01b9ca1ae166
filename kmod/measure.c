// SPDX-License-Identifier: GPL-2.0
/*
 * Reports, RTMR extends and RTMR policies.
 *
 * tdxg_mr_lock serialises every extend with its log record and with policy
 * changes: a policy check, the TDCALL and the append happen in one
 * critical section, so a once policy admits exactly one extend and the log
 * order is the extend order.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "tdxg.h"

const char *const tdxg_policy_names[] = {
	[TDXG_POLICY_OPEN] = "open",
	[TDXG_POLICY_ONCE] = "once",
	[TDXG_POLICY_LOCKED] = "locked",
};

/* SHA-384 of TDXG_POLICY_MARKER_ONCE and TDXG_POLICY_MARKER_LOCKED. */
static const u8 marker_once[TDXG_DIGEST_LEN] = {
	0x64, 0x08, 0xcc, 0xd1, 0x25, 0xec, 0x1c, 0x91, 0x24, 0xbd, 0xde, 0x99,
	0x88, 0x64, 0xe9, 0x22, 0x6f, 0x01, 0xf5, 0xa0, 0x8f, 0xe7, 0xa8, 0x5a,
	0x33, 0x7c, 0xbf, 0x4c, 0xe9, 0xdd, 0x30, 0xbe, 0x74, 0x8f, 0xb9, 0xd5,
	0x0a, 0xce, 0x78, 0x0c, 0xdf, 0x2f, 0x7b, 0xe5, 0x0b, 0x95, 0x3e, 0xd2,
};

static const u8 marker_locked[TDXG_DIGEST_LEN] = {
	0xd1, 0x32, 0x70, 0xfa, 0x09, 0xc7, 0x79, 0x3a, 0xa1, 0xc2, 0xa2, 0xc0,
	0x78, 0x97, 0xd3, 0x43, 0x3b, 0xd5, 0x99, 0x46, 0x6c, 0x07, 0x26, 0x39,
	0xbf, 0x51, 0xe5, 0xca, 0xd5, 0x3c, 0x21, 0x48, 0x38, 0x31, 0x80, 0xbb,
	0x07, 0x82, 0xa0, 0xc3, 0xa0, 0xec, 0xf6, 0xbd, 0xd9, 0x1c, 0x45, 0x9b,
};

static enum tdxg_policy policy[TDXG_NR_RTMR];
static bool pinned;
/* TDCALL operands must be private, aligned memory; see measure_init. */
static u8 *extend_buf;

int tdxg_status_to_errno(u64 status)
{
	switch (status & TDX_STATUS_MASK) {
	case TDX_SUCCESS:
		return 0;
	case TDX_OPERAND_INVALID:
		return -EINVAL;
	case TDX_OPERAND_BUSY:
		return -EBUSY;
	}
	if (status == TDXG_STATUS_NO_MEMORY)
		return -ENOMEM;
	return -EIO;
}

int tdxg_get_report(u8 *tdreport, const u8 *reportdata)
{
	u64 status = tdxg_backend->get_report(tdreport, reportdata);

	if (status)
		pr_debug("TDG.MR.REPORT failed: %#llx\n", status);
	return tdxg_status_to_errno(status);
}

/* A busy RTMR is transient; the marker of a seal must not be skipped. */
#define MARKER_BUSY_RETRIES	16

static int extend_locked(u32 index, const u8 *digest, int retries)
{
	int ret;

	memcpy(extend_buf, digest, TDXG_DIGEST_LEN);
	do {
		ret = tdxg_status_to_errno(tdxg_backend->extend_rtmr(index,
								     extend_buf));
	} while (ret == -EBUSY && retries-- > 0);
	return ret;
}

static void pin_module(void)
{
	if (pinned)
		return;
	/* A reload would reset every policy: refuse rmmod until reboot. */
	__module_get(THIS_MODULE);
	WRITE_ONCE(pinned, true);
}

/* Extend the seal marker for mode and record it. Caller checked room. */
static int seal_locked(u32 index, enum tdxg_policy mode)
{
	const char *marker = mode == TDXG_POLICY_ONCE ?
		TDXG_POLICY_MARKER_ONCE : TDXG_POLICY_MARKER_LOCKED;
	const u8 *digest = mode == TDXG_POLICY_ONCE ? marker_once : marker_locked;
	int ret;

	ret = extend_locked(index, digest, MARKER_BUSY_RETRIES);
	if (ret)
		return ret;
	tdxg_log_append(index, TDXG_EV_POLICY, digest, marker, strlen(marker));
	/* Readers outside the lock (sysfs, INFO) see the word with READ_ONCE. */
	WRITE_ONCE(policy[index], mode);
	pin_module();
	return 0;
}

static size_t seal_record_size(enum tdxg_policy mode)
{
	return tdxg_log_record_size(strlen(mode == TDXG_POLICY_ONCE ?
					   TDXG_POLICY_MARKER_ONCE :
					   TDXG_POLICY_MARKER_LOCKED));
}

int tdxg_extend(u32 index, const u8 *digest, u32 event_type,
		const void *event, u32 event_size)
{
	size_t need;
	int ret;

	if (index >= TDXG_NR_RTMR)
		return -ENXIO;
	if (event_size > TDXG_EVENT_DATA_MAX)
		return -EINVAL;
	ret = mutex_lock_interruptible(&tdxg_mr_lock);
	if (ret)
		return ret;
	if (policy[index] == TDXG_POLICY_LOCKED) {
		ret = -EPERM;
		goto out;
	}
	need = tdxg_log_record_size(event_size);
	if (policy[index] == TDXG_POLICY_ONCE)
		need += seal_record_size(TDXG_POLICY_LOCKED);
	if (!tdxg_log_has_room(need)) {
		ret = -ENOSPC;
		goto out;
	}
	ret = extend_locked(index, digest, 0);
	if (ret)
		goto out;
	tdxg_log_append(index, event_type, digest, event, event_size);
	if (policy[index] == TDXG_POLICY_ONCE) {
		/*
		 * The one extend happened; the register is locked whether or
		 * not its marker can be measured, and a failure is loud.
		 */
		if (seal_locked(index, TDXG_POLICY_LOCKED)) {
			pr_err("rtmr%u: locked, but its seal marker failed to extend\n",
			       index);
			WRITE_ONCE(policy[index], TDXG_POLICY_LOCKED);
		}
	}
out:
	mutex_unlock(&tdxg_mr_lock);
	return ret;
}

int tdxg_tighten(u32 index, enum tdxg_policy mode)
{
	int ret;

	if (index >= TDXG_NR_RTMR)
		return -ENXIO;
	if (mode != TDXG_POLICY_ONCE && mode != TDXG_POLICY_LOCKED &&
	    mode != TDXG_POLICY_OPEN)
		return -EINVAL;
	ret = mutex_lock_interruptible(&tdxg_mr_lock);
	if (ret)
		return ret;
	if (mode < policy[index])
		ret = -EPERM;
	else if (mode > policy[index])
		ret = tdxg_log_has_room(seal_record_size(mode)) ?
		      seal_locked(index, mode) : -ENOSPC;
	mutex_unlock(&tdxg_mr_lock);
	return ret;
}

enum tdxg_policy tdxg_policy_get(u32 index)
{
	return READ_ONCE(policy[index]);
}

bool tdxg_pinned(void)
{
	return READ_ONCE(pinned);
}

int tdxg_policy_parse(const char *word, enum tdxg_policy *out)
{
	int i = sysfs_match_string(tdxg_policy_names, word);

	if (i < 0)
		return -EINVAL;
	*out = i;
	return 0;
}

int tdxg_measure_init(void)
{
	/* kmalloc of a power of two is naturally aligned: 64 bytes here. */
	extend_buf = kmalloc(64, GFP_KERNEL);
	return extend_buf ? 0 : -ENOMEM;
}

/* Seal RTMRs from module parameters; the last step of a successful load. */
int tdxg_apply_policies(char **words, unsigned int nr_words)
{
	enum tdxg_policy mode;
	unsigned int i;
	int ret;

	for (i = 0; i < nr_words && i < TDXG_NR_RTMR; i++) {
		if (tdxg_policy_parse(words[i], &mode)) {
			pr_err("rtmr_policy: unknown word '%s' for rtmr%u\n",
			       words[i], i);
			return -EINVAL;
		}
	}
	for (i = 0; i < nr_words && i < TDXG_NR_RTMR; i++) {
		tdxg_policy_parse(words[i], &mode);
		ret = tdxg_tighten(i, mode);
		if (ret) {
			pr_err("rtmr_policy: cannot seal rtmr%u: %d\n", i, ret);
			return ret;
		}
	}
	return 0;
}

void tdxg_measure_exit(void)
{
	kfree(extend_buf);
}
