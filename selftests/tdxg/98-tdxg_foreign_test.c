// SPDX-License-Identifier: GPL-2.0
/*
 * Extends outside tdxg's log (INFO foreign_mask and foreign_count). The
 * TDX-module model's extend_outside knob extends RTMR3 as another
 * extender would (the kernel's own 6.16+ tdx_guest driver, another
 * module): tdxg's next TDREPORT must flag RTMR3 once, and only once. And
 * tdxg's own extends, failed ones (busy, invalid operand) and a seal
 * marker included, must never be flagged. Destructive: RTMR3 cannot be
 * replayed from tdxg's log afterwards, until reboot; so it runs last.
 */
#define TDXG_DESTRUCTIVE "makes RTMR3 unreplayable from tdxg's log until reboot"
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define OWN_EXTENDS	64

FIXTURE(foreign) {
	int fd;
	struct tdxg_info info0;
};

FIXTURE_SETUP(foreign)
{
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (!have_knob("extend_outside"))
		SKIP(return, "the TDX module under test has no extend_outside knob");
	ASSERT_EQ(0, get_info(&self->info0));
	ASSERT_TRUE(self->info0.flags & TDXG_INFO_FOREIGN_WATCH);
}

FIXTURE_TEARDOWN(foreign)
{
	knob_write("extend_busy", 0);
	knob_write("invalid_next", 0);
	if (self->fd >= 0)
		close(self->fd);
}

/* One TDREPORT through tdxg: the moment tdxg compares. */
static int report(int fd)
{
	uint8_t data[64] = { 0x98 };
	struct tdxg_tdreport r;

	return get_report(fd, data, &r);
}

TEST_F_TIMEOUT(foreign, own_extends_are_never_foreign, 120)
{
	uint8_t d[48] = { 0x98, 0x01 };
	struct tdxg_info info;
	int idx = -1, i;

	for (i = 3; i >= 0 && idx < 0; i--)
		if (tdxg_policy_get_word(i) == TDXG_POLICY_OPEN)
			idx = i;
	if (idx < 0)
		SKIP(return, "no open RTMR left");
	ASSERT_EQ(0, report(self->fd));
	for (i = 0; i < OWN_EXTENDS; i++) {
		d[2] = i;
		ASSERT_EQ(0, extend_ioctl(self->fd, idx, d, 0x98, "own", 3));
		/* Every other extend without a report between: expectations chain. */
		if (i & 1)
			ASSERT_EQ(0, report(self->fd));
	}
	/* An extend the TDX module refused changed nothing. */
	ASSERT_EQ(0, knob_write("extend_busy", 25));
	EXPECT_EQ(-EBUSY, extend_ioctl(self->fd, idx, d, 0x98, "busy", 4));
	ASSERT_EQ(0, knob_write("extend_busy", 0));
	ASSERT_EQ(0, knob_write("invalid_next", 1));
	d[3] = 1;
	EXPECT_EQ(-EINVAL, extend_ioctl(self->fd, idx, d, 0x98, "invalid", 7));
	ASSERT_EQ(0, knob_write("invalid_next", 0));
	ASSERT_EQ(0, report(self->fd));
	/* A seal marker is tdxg's extend too: only on a register this owns. */
	if (idx == 3 && destructive_allowed()) {
		ASSERT_EQ(0, write_word(TDXG_SYSFS "/policy/rtmr3", "once"));
		ASSERT_EQ(0, report(self->fd));
	}
	ASSERT_EQ(0, get_info(&info));
	TH_LOG("rtmr%d: %d extends, 2 refused; foreign_mask %#x count %u",
	       idx, OWN_EXTENDS, info.foreign_mask, info.foreign_count);
	EXPECT_EQ(self->info0.foreign_mask, info.foreign_mask);
	EXPECT_EQ(self->info0.foreign_count, info.foreign_count);
}

TEST_F(foreign, an_outside_extend_is_flagged_once)
{
	struct tdxg_info info;
	long n0 = knob_read("nr_outside");

	/* Known value first: the report tdxg compares against. */
	ASSERT_EQ(0, report(self->fd));
	ASSERT_EQ(0, get_info(&self->info0));
	ASSERT_EQ(0, knob_write("extend_outside", 3));
	ASSERT_EQ(n0 + 1, knob_read("nr_outside"));
	ASSERT_EQ(0, report(self->fd));
	ASSERT_EQ(0, get_info(&info));
	TH_LOG("after the outside extend: foreign_mask %#x count %u (was %#x, %u)",
	       info.foreign_mask, info.foreign_count, self->info0.foreign_mask,
	       self->info0.foreign_count);
	EXPECT_TRUE(info.foreign_mask & (1u << 3));
	EXPECT_EQ(0, info.foreign_mask & ~(self->info0.foreign_mask | (1u << 3)));
	EXPECT_EQ(self->info0.foreign_count + 1, info.foreign_count);
	/* Adopted: the next reports find nothing new. */
	ASSERT_EQ(0, report(self->fd));
	ASSERT_EQ(0, report(self->fd));
	ASSERT_EQ(0, get_info(&info));
	EXPECT_EQ(self->info0.foreign_count + 1, info.foreign_count);
	/* A stale read of measurements/ is a TDREPORT tdxg takes too. */
	ASSERT_EQ(0, knob_write("extend_outside", 3));
	usleep(150000);
	{
		uint8_t m[48];

		ASSERT_EQ(0, read_rtmr(3, m));
	}
	ASSERT_EQ(0, get_info(&info));
	EXPECT_EQ(self->info0.foreign_count + 2, info.foreign_count);
}

TEST_HARNESS_MAIN
