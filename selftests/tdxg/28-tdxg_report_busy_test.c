// SPDX-License-Identifier: GPL-2.0
/*
 * TDX_OPERAND_BUSY from TDG.MR.REPORT is transient too: the TDX module's
 * REPORT takes the RTMR lock shared with a try-lock, and fails while an
 * extend on another vCPU holds it exclusively. tdxg serialises its own
 * reports and extends, but not an extender it does not know (the
 * kernel's own 6.16+ driver, another module): a report is retried with
 * the same bounded, sleeping backoff as an extend, then fails with
 * EBUSY. Uses the report_busy_next knob of the TDX module under test,
 * which stands for such an outside extend.
 */
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define MANY	100000

FIXTURE(report_busy) {
	int fd;
};

FIXTURE_SETUP(report_busy)
{
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (!have_knob("report_busy_next"))
		SKIP(return, "the TDX module under test has no report_busy_next knob");
}

FIXTURE_TEARDOWN(report_busy)
{
	if (self->fd >= 0) {
		knob_write("report_busy_next", 0);
		close(self->fd);
	}
}

/* A few BUSY answers are absorbed: the report comes back whole. */
TEST_F(report_busy, transient_busy_retried)
{
	uint8_t data[64] = { 0x28, 0x01 };
	struct tdxg_tdreport r;
	long busy0 = knob_read("report_busy_returned");

	ASSERT_GE(busy0, 0);
	ASSERT_EQ(0, knob_write("report_busy_next", 3));
	ASSERT_EQ(0, get_report(self->fd, data, &r));
	ASSERT_EQ(0, knob_read("report_busy_next"));
	ASSERT_EQ(busy0 + 3, knob_read("report_busy_returned"));
	ASSERT_EQ(0, memcmp(r.reportmac.reportdata, data, sizeof(data)));
}

/*
 * Endless BUSY: the retries are bounded, and the caller gets EBUSY, as
 * upstream's /dev/tdx_guest gives it for the same answer.
 */
TEST_F(report_busy, persistent_busy_bounded_ebusy)
{
	uint8_t data[64] = { 0x28, 0x02 };
	struct tdxg_tdreport r;
	long tries;
	int ret;

	ASSERT_EQ(0, knob_write("report_busy_next", MANY));
	ret = get_report(self->fd, data, &r);
	tries = MANY - knob_read("report_busy_next");
	ASSERT_EQ(0, knob_write("report_busy_next", 0));
	TH_LOG("%ld attempts", tries);
	ASSERT_EQ(-EBUSY, ret);
	ASSERT_GE(tries, 4);
	ASSERT_LE(tries, 64);
	/* And the next report, with the lock free, succeeds. */
	ASSERT_EQ(0, get_report(self->fd, data, &r));
}

TEST_HARNESS_MAIN
