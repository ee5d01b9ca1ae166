// SPDX-License-Identifier: GPL-2.0
/*
 * A host that fails to convert the GetQuote buffer between private and
 * shared is remembered: pages that may be partly shared are leaked, not
 * freed, and every later GET_QUOTE fails with EIO without converting (so
 * leaking) anything more. Uses the fail_decrypt, quote_delay_ms knobs of
 * the TDX module under test and tdxg's quote_timeout. Destructive: quotes
 * stay off until reboot; runs last.
 */
#define TDXG_DESTRUCTIVE "turns quotes off until reboot"
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

static int get_quote(int fd)
{
	static uint8_t buf[16384];
	struct tdxg_quote_req req = {
		.buf = (uintptr_t)buf,
		.len = sizeof(buf),
	};

	return ioctl(fd, TDXG_GET_QUOTE, &req) ? -errno : 0;
}

TEST(conversion_failure_latched)
{
	struct tdxg_info info;
	int fd, ret;

	fd = open(TDXG_DEV, O_RDWR);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(fd, 0);
	if (!have_knob("fail_decrypt") || !have_knob("quote_delay_ms"))
		SKIP(return, "the TDX module under test has no fail_decrypt knob");
	ASSERT_EQ(0, get_info(&info));
	if (!(info.flags & TDXG_INFO_GET_QUOTE))
		SKIP(return, "no GET_QUOTE");

	/*
	 * An earlier quote leaves a shared buffer for reuse. A request that
	 * times out sets it aside, so the next one must make a new one.
	 */
	ASSERT_EQ(0, knob_write("quote_delay_ms", 3000));
	ASSERT_EQ(0, write_word("/sys/module/tdxg/parameters/quote_timeout", "1"));
	ret = get_quote(fd);
	ASSERT_EQ(0, write_word("/sys/module/tdxg/parameters/quote_timeout", "30"));
	ASSERT_EQ(0, knob_write("quote_delay_ms", 0));
	ASSERT_EQ(-ETIMEDOUT, ret);

	ASSERT_EQ(0, knob_write("fail_decrypt", 5));
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(-EIO, get_quote(fd)) TH_LOG("call %d", i);
	}
	/* One conversion was tried; the later calls tried none. */
	EXPECT_EQ(4, knob_read("fail_decrypt"));
	knob_write("fail_decrypt", 0);
	/* Latched: the host no longer fails, and still no quote. */
	EXPECT_EQ(-EIO, get_quote(fd));
	close(fd);
	/* The legacy ioctl of the compat device says so the same way. */
	if (info.flags & TDXG_INFO_COMPAT_DEVICE) {
		static uint8_t buf[4096];
		struct tdxg_legacy_quote_hdr *hdr = (void *)buf;
		struct tdxg_legacy_quote_req req = {
			.buf = (uintptr_t)buf, .len = sizeof(buf),
		};

		fd = open("/dev/tdx_guest", O_RDWR);
		ASSERT_GE(fd, 0);
		hdr->version = 1;
		hdr->status = 0x1111;
		hdr->in_len = 1024;
		ret = ioctl(fd, TDXG_LEGACY_GET_QUOTE_WR, &req) ? errno : 0;
		EXPECT_EQ(EIO, ret);
		EXPECT_EQ(0x1111, hdr->status);
		close(fd);
	}
}

TEST_HARNESS_MAIN
