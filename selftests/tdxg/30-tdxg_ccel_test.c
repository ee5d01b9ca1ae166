// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware event log: tdxg/ccel exists exactly where the kernel lacks
 * /sys/firmware/acpi/tables/data/CCEL, and its bytes are the log the
 * firmware left. The harness loads a real log (shared testdata) and
 * points a CCEL table at it; its copy is in /testdata.
 */
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define KERNEL_CCEL	"/sys/firmware/acpi/tables/data/CCEL"
#define TDXG_CCEL	TDXG_SYSFS "/ccel"
#define EXPECTED	"/testdata/ccel_data.dat"

TEST(ccel_node_iff_kernel_lacks_one)
{
	struct tdxg_info info;
	int kernel = !access(KERNEL_CCEL, R_OK), ours = !access(TDXG_CCEL, R_OK);

	if (access(TDXG_DEV, F_OK))
		SKIP(return, "no " TDXG_DEV);
	if (!kernel && !ours)
		SKIP(return, "no CCEL table");
	ASSERT_NE(kernel, ours);
	ASSERT_EQ(0, get_info(&info));
	ASSERT_EQ(ours, !!(info.flags & TDXG_INFO_CCEL_NODE));
}

TEST(ccel_bytes_equal_firmware_log)
{
	const char *src = !access(TDXG_CCEL, R_OK) ? TDXG_CCEL : KERNEL_CCEL;
	size_t cap = 4 << 20;
	uint8_t *want = malloc(cap), *got = malloc(cap);
	ssize_t nw, ng;

	if (access(EXPECTED, R_OK))
		SKIP(return, "no expected log at " EXPECTED);
	if (access(src, R_OK))
		SKIP(return, "no CCEL table");
	nw = read_file(EXPECTED, want, cap);
	ng = read_file(src, got, cap);
	TH_LOG("%s: %zd bytes, expected %zd", src, ng, nw);
	ASSERT_GT(nw, 0);
	ASSERT_EQ(nw, ng);
	ASSERT_EQ(0, memcmp(want, got, nw));
	free(want);
	free(got);
}

TEST_HARNESS_MAIN
