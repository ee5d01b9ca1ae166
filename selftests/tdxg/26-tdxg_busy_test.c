// SPDX-License-Identifier: GPL-2.0
/*
 * TDX_OPERAND_BUSY from TDG.MR.RTMR.EXTEND is transient: on TDX, every
 * TDG.MR.REPORT (each read of measurements/) holds the RTMR lock shared.
 * An extend is retried with a bounded backoff that sleeps; after the
 * budget it fails with EBUSY and nothing was extended or logged. Uses
 * the extend_busy knob of the TDX module under test, and RTMR3 (open).
 */
#include <time.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define MANY	100000

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

FIXTURE(busy) {
	int fd;
};

FIXTURE_SETUP(busy)
{
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (!have_knob("extend_busy"))
		SKIP(return, "the TDX module under test has no extend_busy knob");
	if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR3 is not open");
}

FIXTURE_TEARDOWN(busy)
{
	if (self->fd >= 0) {
		knob_write("extend_busy", 0);
		close(self->fd);
	}
}

/* A few BUSY answers are absorbed: the extend succeeds, once. */
TEST_F(busy, transient_busy_retried)
{
	uint8_t d[48] = { 0x26 }, before[48], want[48], now[48];
	struct tdxg_info a, b;

	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(0, get_info(&a));
	ASSERT_EQ(0, knob_write("extend_busy", 3));
	ASSERT_EQ(0, extend_ioctl(self->fd, 3, d, 0xd, NULL, 0));
	ASSERT_EQ(0, knob_read("extend_busy"));
	ASSERT_EQ(0, get_info(&b));
	ASSERT_EQ(a.log_records + 1, b.log_records);
	sha384_2(before, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(want, now, 48));

	/* The sysfs face retries too. */
	ASSERT_EQ(0, knob_write("extend_busy", 2));
	ASSERT_EQ(0, write_file_at(TDXG_SYSFS "/measurements/rtmr3:sha384", d, 48, 0));
	ASSERT_EQ(0, knob_read("extend_busy"));
	sha384_2(want, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(want, now, 48));
}

/*
 * Endless BUSY: the retries are bounded in number and time, they sleep
 * between attempts (a spin loop would return in microseconds), and the
 * caller gets EBUSY with the register and the log untouched.
 */
TEST_F(busy, persistent_busy_bounded_sleeping_ebusy)
{
	uint8_t d[48] = { 0x27 }, before[48], now[48];
	struct tdxg_info a, b;
	double t0, ms;
	long tries;
	int ret;

	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(0, get_info(&a));
	ASSERT_EQ(0, knob_write("extend_busy", MANY));
	t0 = now_ms();
	ret = extend_ioctl(self->fd, 3, d, 0xd, NULL, 0);
	ms = now_ms() - t0;
	tries = MANY - knob_read("extend_busy");
	ASSERT_EQ(0, knob_write("extend_busy", 0));
	TH_LOG("%ld attempts in %.1f ms", tries, ms);
	ASSERT_EQ(-EBUSY, ret);
	ASSERT_GE(tries, 4);
	ASSERT_LE(tries, 64);
	ASSERT_GE(ms, 10.0);
	ASSERT_LE(ms, 2000.0);
	ASSERT_EQ(0, get_info(&b));
	ASSERT_EQ(a.log_records, b.log_records);
	ASSERT_EQ(a.log_used, b.log_used);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(before, now, 48));
}

TEST_HARNESS_MAIN
