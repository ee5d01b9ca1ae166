// SPDX-License-Identifier: GPL-2.0
/*
 * A full event log refuses extends with ENOSPC rather than extend without
 * a record. Destructive (fills the log until reboot); runs last.
 */
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

TEST(full_log_enospc_and_rtmr_unchanged)
{
	static uint8_t ev[TDXG_EVENT_DATA_MAX];
	struct tdxg_info info, after;
	uint8_t d[48] = { 3 }, before[48], now[48];
	size_t iters = 0;
	int fd, ret;

	fd = open(TDXG_DEV, O_RDWR);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	if (!destructive_allowed())
		SKIP(return, "fills the log until reboot: set TDXG_SELFTEST_DESTRUCTIVE=1");
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

	ASSERT_EQ(0, get_info(&info));
	ASSERT_LT(info.log_capacity - info.log_used, TDXG_LOG_RECORD_HDR);
	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(-ENOSPC, extend_ioctl(fd, 3, d, 0xd, NULL, 0));
	ASSERT_EQ(-ENOSPC, write_file_at(TDXG_SYSFS "/measurements/rtmr3:sha384", d, 48, 0));
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(before, now, 48));
	ASSERT_EQ(0, get_info(&after));
	ASSERT_EQ(info.log_used, after.log_used);
	ASSERT_EQ(info.log_records, after.log_records);
	/* Tightening needs a record too. */
	ASSERT_EQ(-ENOSPC, write_word(TDXG_SYSFS "/policy/rtmr3", "locked"));
	ASSERT_EQ(TDXG_POLICY_OPEN, tdxg_policy_get_word(3));
	close(fd);
}

TEST_HARNESS_MAIN
