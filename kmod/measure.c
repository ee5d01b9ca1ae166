// SPDX-License-Identifier: GPL-2.0
/*
 * Reports, RTMR extends and RTMR policies.
 */
#include <crypto/hash.h>
#include <linux/delay.h>
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

/*
 * Protects policy[], pending[], pinned, extend_buf, the report cache and
 * the runtime event log (eventlog.c), and serialises every extend with
 * its log record, with policy changes and with every TDREPORT tdxg
 * takes: a policy check, the TDCALL and the append happen in one
 * critical section, so a once policy admits exactly one extend and the
 * log order is the extend order. Not static: the log's readers in
 * eventlog.c take it too.
 */
DEFINE_MUTEX(tdxg_mr_lock);

/*
 * policy[] is the measured word: it changes only once its marker is in
 * the register and in the log. pending[] is a seal that was asked for but
 * whose marker is not measured yet (TDXG_POLICY_OPEN: none). A register
 * with a pending seal refuses extends, and the next tighten of it, at any
 * word, retries the marker. See "Seals" in Documentation/userspace-api.rst.
 */
static enum tdxg_policy policy[TDXG_NR_RTMR];
static enum tdxg_policy pending[TDXG_NR_RTMR];
static bool pinned;
/* What rtmr_policy could not seal at load: a mask and the first error. */
static u32 load_failed;
static int load_error;
/* TDCALL operands must be private, aligned memory; see measure_init. */
static u8 *extend_buf;
/*
 * The TDINFO of the last TDREPORT tdxg took, all under tdxg_mr_lock:
 * measurements/ is served from it (see tdxg_read_tdinfo). report_buf and
 * zero_reportdata are the operands of the reports taken for it.
 */
static struct tdxg_tdinfo mr_cache;
static unsigned long mr_cache_time;
static bool mr_cache_valid;
static u8 *report_buf;
static u8 *zero_reportdata;

/*
 * Extends tdxg did not make. tdxg's log holds only its own extends, but
 * anything in ring 0 can extend an RTMR (the kernel's own tdx_guest
 * driver through its measurements/rtmrN:sha384, another module). So
 * tdxg keeps, per register, the value its own extends lead to: the value
 * in its first TDREPORT (or the first after an extend whose outcome is
 * unknown), then SHA-384(expected || digest) after each extend the TDX
 * module accepted, markers included. Every TDREPORT tdxg takes is
 * compared with it; a register that moved otherwise is marked foreign
 * (sticky), counted, and its value adopted so later checks still work.
 * All under tdxg_mr_lock, like the extends and reports themselves, so
 * no extend of tdxg's can fall between a report and the comparison.
 */
static struct crypto_shash *sha384_tfm;
static u8 expect[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
static bool expect_valid[TDXG_NR_RTMR];
static u32 foreign_mask;
static u32 foreign_count;

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
	return -EIO;
}

/*
 * TDX_OPERAND_BUSY is transient: TDG.MR.REPORT holds the RTMR lock
 * shared and TDG.MR.RTMR.EXTEND exclusively, each with a try-lock, and a
 * call tdxg did not make (the kernel's own driver, another module) can
 * hold it while tdxg's runs. Both leaves are retried with a sleeping
 * backoff: up to TDCALL_ATTEMPTS calls, sleeping 100 us, doubling to at
 * most 10 ms, between them (130 to 265 ms in all: a TD vCPU the host
 * deschedules can see another caller's busy answers for tens of ms).
 * Then -EBUSY; a busy call changed nothing.
 */
#define TDCALL_ATTEMPTS		20
#define TDCALL_BACKOFF_MIN_US	100
#define TDCALL_BACKOFF_MAX_US	10000

struct busy_backoff {
	unsigned int attempt;
	unsigned long delay_us;
};

#define BUSY_BACKOFF_INIT { .attempt = 1, .delay_us = TDCALL_BACKOFF_MIN_US }

/* After a call that returned ret: sleeps and says whether to call again. */
static bool busy_retry(struct busy_backoff *b, int ret)
{
	if (ret != -EBUSY || b->attempt == TDCALL_ATTEMPTS)
		return false;
	usleep_range(b->delay_us, 2 * b->delay_us);
	b->delay_us = min_t(unsigned long, 2 * b->delay_us, TDCALL_BACKOFF_MAX_US);
	b->attempt++;
	return true;
}

/* After a TDREPORT: compare each register with what tdxg expects. */
static void foreign_check(const struct tdxg_tdinfo *t)
{
	u32 i;

	lockdep_assert_held(&tdxg_mr_lock);
	if (!sha384_tfm)
		return;
	for (i = 0; i < TDXG_NR_RTMR; i++) {
		if (expect_valid[i] &&
		    memcmp(expect[i], t->rtmr[i], TDXG_DIGEST_LEN)) {
			if (!(foreign_mask & BIT(i)))
				pr_info_ratelimited("rtmr%u: extended outside tdxg's log; a replay of it will not match\n",
						    i);
			WRITE_ONCE(foreign_mask, foreign_mask | BIT(i));
			WRITE_ONCE(foreign_count, foreign_count + 1);
		}
		memcpy(expect[i], t->rtmr[i], TDXG_DIGEST_LEN);
		expect_valid[i] = true;
	}
}

/*
 * After tdxg's own extend of rtmr[index] that returned ret: busy and
 * invalid operand changed nothing; success moved the register by
 * digest; any other failure may or may not have, so the next report
 * sets the expectation without a finding.
 */
static void foreign_expect(u32 index, const u8 *digest, int ret)
{
	u8 buf[2 * TDXG_DIGEST_LEN];	/* shash takes any kernel memory */

	lockdep_assert_held(&tdxg_mr_lock);
	if (!sha384_tfm || !expect_valid[index] || ret == -EBUSY ||
	    ret == -EINVAL)
		return;
	if (!ret) {
		memcpy(buf, expect[index], TDXG_DIGEST_LEN);
		memcpy(buf + TDXG_DIGEST_LEN, digest, TDXG_DIGEST_LEN);
		if (!crypto_shash_tfm_digest(sha384_tfm, buf, sizeof(buf),
					     expect[index]))
			return;
	}
	expect_valid[index] = false;
}

void tdxg_foreign_status(u32 *mask, u32 *count)
{
	*mask = READ_ONCE(foreign_mask);
	*count = READ_ONCE(foreign_count);
}

bool tdxg_foreign_watched(void)
{
	return sha384_tfm;
}

/*
 * Every TDREPORT tdxg takes is taken under tdxg_mr_lock. On TDX,
 * TDG.MR.REPORT holds the RTMR lock shared and TDG.MR.RTMR.EXTEND fails
 * with TDX_OPERAND_BUSY against it (and a report against an extend):
 * serialised, tdxg's own reports never make its extends or seals fail,
 * nor the other way round.
 */
static int report_locked(u8 *tdreport, const u8 *reportdata)
{
	struct busy_backoff backoff = BUSY_BACKOFF_INIT;
	u64 status;
	int ret;

	lockdep_assert_held(&tdxg_mr_lock);
	do {
		status = tdxg_tdcall_report(tdreport, reportdata);
		ret = tdxg_status_to_errno(status);
	} while (busy_retry(&backoff, ret));
	if (ret) {
		pr_debug("TDG.MR.REPORT failed: %#llx\n", status);
		return ret;
	}
	memcpy(&mr_cache, &((struct tdxg_tdreport *)tdreport)->tdinfo,
	       sizeof(mr_cache));
	foreign_check(&mr_cache);
	mr_cache_time = jiffies;
	mr_cache_valid = true;
	return 0;
}

int tdxg_get_report(u8 *tdreport, const u8 *reportdata)
{
	int ret = mutex_lock_interruptible(&tdxg_mr_lock);

	if (ret)
		return ret;
	ret = report_locked(tdreport, reportdata);
	mutex_unlock(&tdxg_mr_lock);
	return ret;
}

/*
 * measurements/ is world-readable, so a read must not cost a writer
 * anything: it is served from the TDINFO of the last TDREPORT tdxg
 * took, and only a read that finds it stale takes a new one, still
 * under the lock. Stale means that tdxg extended a register since, or
 * that the report is older than MR_CACHE_MAX_AGE, which bounds how long
 * an extend by anyone else (the kernel's own driver, another module)
 * stays unseen. So however fast anyone reads, tdxg issues at most one
 * report per extend and per MR_CACHE_MAX_AGE for them.
 */
#define MR_CACHE_MAX_AGE	(HZ / 10)

int tdxg_read_tdinfo(struct tdxg_tdinfo *out)
{
	int ret = mutex_lock_interruptible(&tdxg_mr_lock);

	if (ret)
		return ret;
	if (!mr_cache_valid ||
	    time_after(jiffies, mr_cache_time + MR_CACHE_MAX_AGE))
		ret = report_locked(report_buf, zero_reportdata);
	if (!ret)
		memcpy(out, &mr_cache, sizeof(*out));
	mutex_unlock(&tdxg_mr_lock);
	return ret;
}

bool tdxg_is_marker(const u8 *digest)
{
	return !memcmp(digest, marker_once, TDXG_DIGEST_LEN) ||
	       !memcmp(digest, marker_locked, TDXG_DIGEST_LEN);
}

/*
 * Pin the module before the first TDCALL that may extend a register: a
 * reload would start an empty log and open policies while the RTMRs keep
 * their extends, and replay could not match until reboot. Pinning when
 * the record is appended is too late: a write to measurements/ or
 * policy/ holds only a sysfs active reference, which delete_module does
 * not wait for, so an rmmod while such a write waits out
 * TDX_OPERAND_BUSY would succeed and free the log of an extend that then
 * lands. try_module_get fails once an unload has begun: the write is
 * refused before it reaches the TDX module. Returns whether this call
 * took the pin.
 */
static int pin_module(bool *took)
{
	lockdep_assert_held(&tdxg_mr_lock);
	*took = false;
	if (pinned)
		return 0;
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	WRITE_ONCE(pinned, true);
	*took = true;
	return 0;
}

/*
 * The first extend failed and the TDX module says it changed nothing
 * (busy, invalid operand): there is nothing to keep, so the module can
 * still be unloaded, as before any extend. Safe from inside the module:
 * every caller holds a file, a sysfs active reference (which the unload
 * drains before it frees anything) or runs module init. Any other
 * failure may have extended the register, and the pin stays.
 */
static void unpin_module(void)
{
	lockdep_assert_held(&tdxg_mr_lock);
	WRITE_ONCE(pinned, false);
	module_put(THIS_MODULE);
}

static int extend_rtmr(u32 index, const u8 *digest)
{
	struct busy_backoff backoff = BUSY_BACKOFF_INIT;
	bool took_pin;
	int ret;

	lockdep_assert_held(&tdxg_mr_lock);
	ret = pin_module(&took_pin);
	if (ret)
		return ret;
	memcpy(extend_buf, digest, TDXG_DIGEST_LEN);
	/* Whatever the outcome, measurements/ takes a new report. */
	mr_cache_valid = false;
	do {
		ret = tdxg_status_to_errno(tdxg_tdcall_extend(index, extend_buf));
	} while (busy_retry(&backoff, ret));
	foreign_expect(index, digest, ret);
	if (took_pin && (ret == -EBUSY || ret == -EINVAL))
		unpin_module();
	return ret;
}

static const char *marker_of(enum tdxg_policy mode)
{
	return mode == TDXG_POLICY_ONCE ? TDXG_POLICY_MARKER_ONCE :
					  TDXG_POLICY_MARKER_LOCKED;
}

static size_t seal_record_size(enum tdxg_policy mode)
{
	return tdxg_log_record_size(strlen(marker_of(mode)));
}

/*
 * The one extend a once register admits may carry any event data an
 * extend may: its record is reserved at the largest size.
 */
static size_t once_slot(u32 index)
{
	/* Spent (its LOCKED marker is all that is left to it), or locked. */
	if (policy[index] == TDXG_POLICY_LOCKED ||
	    pending[index] == TDXG_POLICY_LOCKED)
		return 0;
	return tdxg_log_record_size(TDXG_EVENT_DATA_MAX);
}

/*
 * Log bytes the seals still possible need: ONCE and LOCKED for an open
 * register, LOCKED for a once register, and the one extend of every
 * register that is or may become once. Ordinary extends leave them free,
 * so a full log (anyone who may extend can fill it) never blocks a seal
 * nor the one extend a once register was sealed for.
 */
static size_t marker_reserve(void)
{
	size_t sum = 0;
	u32 i;

	for (i = 0; i < TDXG_NR_RTMR; i++) {
		if (policy[i] == TDXG_POLICY_OPEN)
			sum += seal_record_size(TDXG_POLICY_ONCE);
		if (policy[i] != TDXG_POLICY_LOCKED)
			sum += seal_record_size(TDXG_POLICY_LOCKED);
		sum += once_slot(i);
	}
	return sum;
}

/*
 * Measure the marker of mode into rtmr[index] and the log, then set the
 * word: all or nothing. A failure changes nothing, pending included.
 */
static int seal_locked(u32 index, enum tdxg_policy mode)
{
	const char *marker = marker_of(mode);
	const u8 *digest = mode == TDXG_POLICY_ONCE ? marker_once : marker_locked;
	int ret;

	lockdep_assert_held(&tdxg_mr_lock);
	/* Inside the reserve; checked anyway, as no extend may go unlogged. */
	if (!tdxg_log_has_room(seal_record_size(mode)))
		return -ENOSPC;
	ret = extend_rtmr(index, digest);
	if (ret)
		return ret;
	tdxg_log_append(index, TDXG_EV_POLICY, digest, marker, strlen(marker));
	/* Readers outside the lock (sysfs, INFO) see the word with READ_ONCE. */
	WRITE_ONCE(policy[index], mode);
	if (pending[index] <= mode)
		WRITE_ONCE(pending[index], TDXG_POLICY_OPEN);
	return 0;
}

/*
 * The one check of the register index and event size, for every entry
 * point (ioctls, legacy ioctl, sysfs, rtmr_policy); paths without event
 * data pass 0. An oversized event is EINVAL even at a bad index, as
 * TDXG_EXTEND has always answered.
 */
int tdxg_check_rtmr(u32 index, u32 event_size)
{
	if (event_size > TDXG_EVENT_DATA_MAX)
		return -EINVAL;
	if (index >= TDXG_NR_RTMR)
		return -ENXIO;
	return 0;
}

int tdxg_extend(u32 index, const u8 *digest, u32 event_type,
		const void *event, u32 event_size)
{
	size_t room;
	int ret;

	ret = tdxg_check_rtmr(index, event_size);
	if (ret)
		return ret;
	if (tdxg_is_marker(digest))
		return -EINVAL;
	ret = mutex_lock_interruptible(&tdxg_mr_lock);
	if (ret)
		return ret;
	if (policy[index] == TDXG_POLICY_LOCKED ||
	    pending[index] != TDXG_POLICY_OPEN) {
		ret = -EPERM;
		goto out;
	}
	/* A once register's one extend takes the room kept for it. */
	room = tdxg_log_record_size(event_size) + marker_reserve();
	if (policy[index] == TDXG_POLICY_ONCE)
		room -= once_slot(index);
	if (!tdxg_log_has_room(room)) {
		ret = -ENOSPC;
		goto out;
	}
	ret = extend_rtmr(index, digest);
	if (ret)
		goto out;
	tdxg_log_append(index, event_type, digest, event, event_size);
	if (policy[index] == TDXG_POLICY_ONCE) {
		/*
		 * The one extend is spent, so no other may follow, whether or
		 * not the LOCKED marker lands now. If it does not, the word
		 * stays once (never locked without its marker) and the next
		 * tighten retries it. The caller's extend succeeded.
		 */
		WRITE_ONCE(pending[index], TDXG_POLICY_LOCKED);
		if (seal_locked(index, TDXG_POLICY_LOCKED))
			pr_err("rtmr%u: once extend done but its LOCKED marker failed: extends refused; write 'locked' to policy/rtmr%u to retry\n",
			       index, index);
	}
out:
	mutex_unlock(&tdxg_mr_lock);
	return ret;
}

int tdxg_tighten(u32 index, enum tdxg_policy mode)
{
	enum tdxg_policy target;
	int ret;

	ret = tdxg_check_rtmr(index, 0);
	if (ret)
		return ret;
	if (mode != TDXG_POLICY_ONCE && mode != TDXG_POLICY_LOCKED &&
	    mode != TDXG_POLICY_OPEN)
		return -EINVAL;
	ret = mutex_lock_interruptible(&tdxg_mr_lock);
	if (ret)
		return ret;
	target = max(mode, pending[index]);
	if (mode < policy[index])
		ret = -EPERM;
	else if (target > policy[index])
		ret = seal_locked(index, target);
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

u32 tdxg_seal_pending(void)
{
	u32 i, mask = 0;

	for (i = 0; i < TDXG_NR_RTMR; i++)
		if (READ_ONCE(pending[i]) != TDXG_POLICY_OPEN)
			mask |= BIT(i);
	return mask;
}

void tdxg_load_seal_status(u32 *failed, s32 *error)
{
	*failed = load_failed;
	*error = load_error;
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
	/* kmalloc of a power of two is naturally aligned, as TDCALL needs. */
	extend_buf = kmalloc(64, GFP_KERNEL);
	report_buf = kmalloc(TDXG_REPORT_LEN, GFP_KERNEL);
	zero_reportdata = kzalloc(TDXG_REPORTDATA_LEN, GFP_KERNEL);
	if (extend_buf && report_buf && zero_reportdata) {
		/* Without SHA-384 tdxg works, but cannot see others' extends. */
		sha384_tfm = crypto_alloc_shash("sha384", 0, 0);
		if (IS_ERR(sha384_tfm)) {
			pr_warn("no sha384 (%ld): extends outside tdxg's log go unseen\n",
				PTR_ERR(sha384_tfm));
			sha384_tfm = NULL;
		}
		return 0;
	}
	tdxg_measure_exit();
	return -ENOMEM;
}

/*
 * Seal RTMRs from module parameters, before any device or sysfs node
 * exists. An unknown word fails the load before anything is measured.
 * A seal that fails is not fatal: the other registers are still sealed,
 * the failed one refuses extends until a later tighten measures its
 * marker, and INFO and the kernel log say what failed. The module stays
 * loaded, since an initrd cannot retry and a seal already measured must
 * keep its log.
 */
int tdxg_apply_policies(char **words, unsigned int nr_words)
{
	enum tdxg_policy mode[TDXG_NR_RTMR];
	unsigned int i;
	int ret;

	if (nr_words > TDXG_NR_RTMR) {
		pr_err("rtmr_policy: %u words for %u RTMRs\n", nr_words,
		       TDXG_NR_RTMR);
		return -EINVAL;
	}
	for (i = 0; i < nr_words; i++) {
		if (tdxg_policy_parse(words[i], &mode[i])) {
			pr_err("rtmr_policy: unknown word '%s' for rtmr%u\n",
			       words[i], i);
			return -EINVAL;
		}
	}
	for (i = 0; i < nr_words; i++) {
		if (mode[i] == TDXG_POLICY_OPEN)
			continue;
		ret = tdxg_tighten(i, mode[i]);
		if (!ret)
			continue;
		mutex_lock(&tdxg_mr_lock);
		WRITE_ONCE(pending[i], mode[i]);
		mutex_unlock(&tdxg_mr_lock);
		load_failed |= BIT(i);
		if (!load_error)
			load_error = ret;
		pr_err("rtmr%u: cannot seal at load (%s): %d; extends refused until a write to policy/rtmr%u measures the seal\n",
		       i, tdxg_policy_names[mode[i]], ret, i);
	}
	return 0;
}

void tdxg_measure_exit(void)
{
	if (sha384_tfm)
		crypto_free_shash(sha384_tfm);
	sha384_tfm = NULL;
	kfree(zero_reportdata);
	kfree(report_buf);
	kfree(extend_buf);
}
