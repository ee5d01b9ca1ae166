// SPDX-License-Identifier: GPL-2.0
/*
 * The two seal marker digests belong to the seal alone. Every extend
 * path refuses them with EINVAL and leaves the register and the log as
 * they were: the EXTEND ioctl, measurements/rtmrN:sha384 on /dev/tdxg's
 * sysfs directory and on the compat tdx_guest device, and the legacy
 * EXTEND_RTMR ioctls. Otherwise a member of the device's group could
 * extend marker_once, X, marker_locked into an open register and relabel
 * those records: a forged seal. Uses RTMR3, which stays open.
 */
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define COMPAT_DEV	"/dev/tdx_guest"
#define COMPAT_RTMR3	"/sys/class/misc/tdx_guest/measurements/rtmr3:sha384"

FIXTURE(markers) {
	int fd, cfd;
	uint8_t marker[2][48];
	uint8_t rtmr[48];
	struct tdxg_info info;
};

FIXTURE_SETUP(markers)
{
	self->cfd = -1;
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR3 is not open");
	sha384(TDXG_POLICY_MARKER_ONCE, strlen(TDXG_POLICY_MARKER_ONCE),
	       self->marker[0]);
	sha384(TDXG_POLICY_MARKER_LOCKED, strlen(TDXG_POLICY_MARKER_LOCKED),
	       self->marker[1]);
	ASSERT_EQ(0, get_info(&self->info));
	ASSERT_EQ(0, read_rtmr(3, self->rtmr));
	if (self->info.flags & TDXG_INFO_COMPAT_DEVICE)
		self->cfd = open(COMPAT_DEV, O_RDWR);
}

FIXTURE_TEARDOWN(markers)
{
	struct tdxg_info now;
	uint8_t rtmr[48];

	/* Nothing was extended and nothing was logged. */
	if (self->fd >= 0 && !get_info(&now) && !read_rtmr(3, rtmr)) {
		EXPECT_EQ(self->info.log_records, now.log_records);
		EXPECT_EQ(self->info.log_used, now.log_used);
		EXPECT_EQ(0, memcmp(self->rtmr, rtmr, 48));
	}
	if (self->cfd >= 0)
		close(self->cfd);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(markers, extend_ioctl_einval)
{
	for (int m = 0; m < 2; m++) {
		EXPECT_EQ(-EINVAL, extend_ioctl(self->fd, 3, self->marker[m],
						0xd, NULL, 0)) TH_LOG("marker %d", m);
		EXPECT_EQ(-EINVAL, extend_ioctl(self->fd, 3, self->marker[m], 0xd,
						"x", 1)) TH_LOG("marker %d", m);
	}
}

TEST_F(markers, sysfs_tdxg_einval)
{
	for (int m = 0; m < 2; m++) {
		EXPECT_EQ(-EINVAL, write_file_at(TDXG_SYSFS "/measurements/rtmr3:sha384",
						 self->marker[m], 48, 0)) TH_LOG("marker %d", m);
	}
}

TEST_F(markers, sysfs_compat_einval)
{
	if (!(self->info.flags & TDXG_INFO_COMPAT_DEVICE))
		SKIP(return, "tdxg did not register the compat device");
	for (int m = 0; m < 2; m++) {
		EXPECT_EQ(-EINVAL, write_file_at(COMPAT_RTMR3, self->marker[m], 48, 0))
			TH_LOG("marker %d", m);
	}
}

TEST_F(markers, legacy_extend_einval)
{
	static const unsigned long cmds[] = {
		TDXG_LEGACY_EXTEND_RTMR_R, TDXG_LEGACY_EXTEND_RTMR_W,
		TDXG_LEGACY_EXTEND_RTMR_WR,
	};
	struct tdxg_legacy_extend_req req = { .index = 3 };

	if (!(self->info.flags & TDXG_INFO_COMPAT_DEVICE))
		SKIP(return, "tdxg did not register the compat device");
	ASSERT_GE(self->cfd, 0);
	for (int m = 0; m < 2; m++) {
		for (unsigned int c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			memcpy(req.data, self->marker[m], 48);
			EXPECT_EQ(-1, ioctl(self->cfd, cmds[c], &req))
				TH_LOG("marker %d, cmd %#lx", m, cmds[c]);
			EXPECT_EQ(EINVAL, errno);
		}
	}
}

/* Only the exact markers are refused: a digest one bit away extends. */
TEST_F(markers, near_marker_extends)
{
	uint8_t d[48], want[48], now[48];

	memcpy(d, self->marker[1], 48);
	d[47] ^= 1;
	ASSERT_EQ(0, extend_ioctl(self->fd, 3, d, 0xd, NULL, 0));
	sha384_2(self->rtmr, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(want, now, 48));
	/* The teardown compares against the new state. */
	memcpy(self->rtmr, now, 48);
	ASSERT_EQ(0, get_info(&self->info));
}

TEST_HARNESS_MAIN
