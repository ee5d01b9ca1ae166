// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime log is state that must not be lost: once it holds a
 * record, a reload would start an empty log while the RTMRs keep their
 * extends, and replay could never match again until reboot. So from the
 * first record on the module is pinned and a plain rmmod fails. Uses
 * RTMR3 (open) when the log is still empty.
 */

#include "kselftest_harness.h"
#include "tdxg_selftest.h"


TEST(rmmod_refused_from_the_first_record)
{
	uint8_t d[48] = { 0x27 };
	struct tdxg_info info;
	int fd, ret, err;

	fd = open(TDXG_DEV, O_RDWR);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, get_info(&info));
	if (!info.log_records) {
		if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
			SKIP(return, "empty log and RTMR3 is not open");
		ASSERT_EQ(0, extend_ioctl(fd, 3, d, 0xd, NULL, 0));
	}
	close(fd);

	ret = syscall(__NR_delete_module, "tdxg", O_NONBLOCK);
	err = errno;
	if (!ret)
		tdxg_reload();
	ASSERT_EQ(-1, ret) TH_LOG("rmmod succeeded with records in the log");
	ASSERT_TRUE(err == EWOULDBLOCK || err == EBUSY) TH_LOG("errno %d", err);
	ASSERT_EQ(0, access("/sys/module/tdxg", F_OK));
	ASSERT_EQ(0, get_info(&info));
	ASSERT_NE(0, info.log_records);
	ASSERT_TRUE(info.flags & TDXG_INFO_PINNED);
}

TEST_HARNESS_MAIN
