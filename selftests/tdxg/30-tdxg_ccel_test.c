// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware event log: tdxg/ccel exists exactly where the kernel lacks
 * /sys/firmware/acpi/tables/data/CCEL, and its bytes are the log the
 * firmware left. The harness loads a real log (shared testdata) and
 * points a CCEL table at it; its copy is in /testdata.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define KERNEL_CCEL	"/sys/firmware/acpi/tables/data/CCEL"
#define KERNEL_TABLE	"/sys/firmware/acpi/tables/CCEL"
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

/*
 * The log read straight from the guest's firmware tables: the CCEL
 * table's LASA and LAML, and those bytes of physical memory through
 * /dev/mem. Where the kernel has no data/CCEL, tdxg/ccel must be exactly
 * these bytes; elsewhere the kernel's own node must.
 */
TEST(ccel_bytes_equal_firmware_tables)
{
	const char *src = !access(TDXG_CCEL, R_OK) ? TDXG_CCEL : KERNEL_CCEL;
	uint8_t table[64], *want, *got;
	uint64_t laml, lasa;
	ssize_t n, ng;
	int fd;

	if (access(KERNEL_TABLE, R_OK))
		SKIP(return, "no CCEL table");
	ASSERT_EQ(56, read_file(KERNEL_TABLE, table, sizeof(table)));
	memcpy(&laml, table + 40, 8);
	memcpy(&lasa, table + 48, 8);
	TH_LOG("CCEL: LASA %#llx, LAML %llu; comparing %s", (unsigned long long)lasa,
	       (unsigned long long)laml, src);
	ASSERT_GT(laml, 0);
	ASSERT_LE(laml, 16 << 20);
	fd = open("/dev/mem", O_RDONLY);
	if (fd < 0)
		SKIP(return, "no /dev/mem: %s", strerror(errno));
	want = malloc(laml);
	got = malloc(laml + 1);
	ASSERT_NE(NULL, want);
	ASSERT_NE(NULL, got);
	n = pread(fd, want, laml, lasa);
	close(fd);
	ASSERT_EQ((ssize_t)laml, n);
	ng = read_file(src, got, laml + 1);
	ASSERT_EQ((ssize_t)laml, ng);
	ASSERT_EQ(0, memcmp(want, got, laml));
	free(want);
	free(got);
}

TEST_HARNESS_MAIN
