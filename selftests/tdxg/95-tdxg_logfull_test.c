// SPDX-License-Identifier: GPL-2.0
/*
 * A full event log refuses extends with ENOSPC rather than extend without
 * a record, and it never blocks a seal: room for every marker still
 * possible (ONCE and LOCKED for each open register, LOCKED for each once
 * register) and for the one extend each register may still take under
 * once is reserved, and ordinary extends get ENOSPC before they can eat
 * it. Destructive (fills the log and seals RTMR3 until reboot); runs
 * last.
 */
#define TDXG_DESTRUCTIVE "fills the event log until reboot"
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define REC(marker)	(TDXG_LOG_RECORD_HDR + sizeof(marker) - 1)
#define ONCE_SLOT	(TDXG_LOG_RECORD_HDR + TDXG_EVENT_DATA_MAX)

/*
 * Bytes the seals still possible need, from the policy words: the ONCE
 * and LOCKED markers of an open register, the LOCKED marker of a once
 * one, and for each register that may still take a once extend (open,
 * or once with that extend not spent) the largest record an extend can
 * make.
 */
static uint64_t marker_reserve(void)
{
	struct tdxg_info info;
	uint64_t sum = 0;

	if (get_info(&info))
		return 0;
	for (unsigned int i = 0; i < TDXG_NR_RTMR; i++) {
		switch (tdxg_policy_get_word(i)) {
		case TDXG_POLICY_OPEN:
			sum += REC(TDXG_POLICY_MARKER_ONCE) + ONCE_SLOT;
			sum += REC(TDXG_POLICY_MARKER_LOCKED);
			break;
		case TDXG_POLICY_ONCE:
			if (!(info.seal_pending & (1u << i)))
				sum += ONCE_SLOT;
			sum += REC(TDXG_POLICY_MARKER_LOCKED);
		}
	}
	return sum;
}

static void assert_last_is_marker(struct __test_metadata *_metadata,
				  const char *marker)
{
	struct log_rec r, last = { 0 };
	size_t len, off = 0;
	uint8_t *log = read_log(&len), want[48];
	int ret;

	ASSERT_NE(NULL, log);
	while ((ret = next_rec(log, len, &off, &r)) == 1)
		last = r;
	ASSERT_EQ(0, ret);
	ASSERT_EQ(4, last.mr);
	ASSERT_EQ(TDXG_EV_POLICY, last.type);
	ASSERT_EQ(strlen(marker), last.size);
	ASSERT_EQ(0, memcmp(marker, last.data, last.size));
	sha384(marker, strlen(marker), want);
	ASSERT_EQ(0, memcmp(want, last.digest, 48));
	free(log);
}

TEST(full_log_enospc_but_seals_still_land)
{
	static uint8_t ev[TDXG_EVENT_DATA_MAX];
	struct tdxg_info info, after;
	uint8_t d[48] = { 3 }, before[48], now[48], m[48];
	uint64_t reserve;
	size_t iters = 0;
	int fd, ret;

	fd = open(TDXG_DEV, O_RDWR);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR3 is not open");
	ASSERT_EQ(0, get_info(&info));
	/* Big records first, then empty ones for the last few bytes. */
	while ((ret = extend_ioctl(fd, 3, d, 0xd, ev, sizeof(ev))) == 0)
		ASSERT_LE(++iters, info.log_capacity / sizeof(ev) + 1);
	ASSERT_EQ(-ENOSPC, ret);
	while ((ret = extend_ioctl(fd, 3, d, 0xd, NULL, 0)) == 0)
		ASSERT_LE(++iters, info.log_capacity / TDXG_LOG_RECORD_HDR + 1);
	ASSERT_EQ(-ENOSPC, ret);

	/* What is left is the marker reserve, and less than one more record. */
	reserve = marker_reserve();
	ASSERT_EQ(0, get_info(&info));
	TH_LOG("free %llu, reserve %llu",
	       (unsigned long long)(info.log_capacity - info.log_used),
	       (unsigned long long)reserve);
	ASSERT_GE(info.log_capacity - info.log_used, reserve);
	ASSERT_LT(info.log_capacity - info.log_used, reserve + TDXG_LOG_RECORD_HDR);
	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(-ENOSPC, extend_ioctl(fd, 3, d, 0xd, NULL, 0));
	ASSERT_EQ(-ENOSPC, write_file_at(TDXG_SYSFS "/measurements/rtmr3:sha384", d, 48, 0));
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(before, now, 48));
	ASSERT_EQ(0, get_info(&after));
	ASSERT_EQ(info.log_used, after.log_used);
	ASSERT_EQ(info.log_records, after.log_records);

	/* A full log does not block a seal: once, then locked. */
	ASSERT_EQ(0, write_word(TDXG_SYSFS "/policy/rtmr3", "once"));
	ASSERT_EQ(TDXG_POLICY_ONCE, tdxg_policy_get_word(3));
	assert_last_is_marker(_metadata, TDXG_POLICY_MARKER_ONCE);
	/*
	 * Nor the one extend of a once register: its record, with the most
	 * event data an extend may carry, was reserved too. The LOCKED
	 * marker follows it.
	 */
	memset(ev, 0x95, sizeof(ev));
	ASSERT_EQ(0, extend_ioctl(fd, 3, d, 0xd, ev, sizeof(ev)));
	ASSERT_EQ(TDXG_POLICY_LOCKED, tdxg_policy_get_word(3));
	ASSERT_EQ(0, get_info(&after));
	ASSERT_EQ(0, after.seal_pending);
	assert_last_is_marker(_metadata, TDXG_POLICY_MARKER_LOCKED);
	ASSERT_EQ(-EPERM, extend_ioctl(fd, 3, d, 0xd, NULL, 0));
	ASSERT_EQ(0, write_word(TDXG_SYSFS "/policy/rtmr3", "locked"));
	sha384(TDXG_POLICY_MARKER_ONCE, strlen(TDXG_POLICY_MARKER_ONCE), m);
	sha384_2(before, 48, m, 48, before);
	sha384_2(before, 48, d, 48, before);
	sha384(TDXG_POLICY_MARKER_LOCKED, strlen(TDXG_POLICY_MARKER_LOCKED), m);
	sha384_2(before, 48, m, 48, before);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(before, now, 48));
	ASSERT_EQ(0, get_info(&after));
	ASSERT_LE(after.log_used, after.log_capacity);
	close(fd);
}

TEST_HARNESS_MAIN
