// SPDX-License-Identifier: GPL-2.0
/*
 * tdxg reports: GET_REPORT0 round trip, TDREPORT structure, agreement
 * with measurements/, bad pointers, unknown ioctls, INFO and concurrent
 * readers.
 */
#include <pthread.h>
#include <stddef.h>
#include <sched.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

static void fill(uint8_t *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 131 + i * 7 + 1);
}

TEST_F(dev, report_round_trip)
{
	struct tdxg_tdreport r;
	uint8_t data[64], h[48];

	fill(data, sizeof(data), 1);
	ASSERT_EQ(0, get_report(self->fd, data, &r));
	/* REPORTDATA is echoed at offset 128 of the TDREPORT. */
	ASSERT_EQ(0, memcmp((uint8_t *)&r + 128, data, 64));
	ASSERT_EQ(TDXG_REPORT_TYPE_TDX, r.reportmac.report_type[0]);
	sha384(&r.tdinfo, 512, h);
	ASSERT_EQ(512, (uint8_t *)&r.tdinfo - (uint8_t *)&r);
	ASSERT_EQ(0, memcmp(h, r.reportmac.tee_info_hash, 48));
	sha384(&r.tee_tcb_info, TDXG_TEE_TCB_INFO_LEN, h);
	ASSERT_EQ(0, memcmp(h, r.reportmac.tee_tcb_info_hash, 48));
}

/*
 * TEE_TCB_INFO.VALID as a TDX 1.5 module with an Intel-signed SEAM module
 * reports it (one bit per 8-byte word: VALID, TEE_TCB_SVN, MRSEAM), so
 * the model's reports are ones a real quoting enclave takes.
 */
TEST_F(dev, tee_tcb_info_valid_as_real_module)
{
	static const uint8_t want[8] = { 0xff, 0x01 };
	struct tdxg_tdreport r;
	uint8_t data[64] = {};

	if (access(MODEL_PARAM("nr_tdcalls"), R_OK))
		SKIP(return, "the values of the real TDX module, checked on the model");
	ASSERT_EQ(0, get_report(self->fd, data, &r));
	ASSERT_EQ(0, memcmp(r.tee_tcb_info.valid, want, 8));
}

TEST_F(dev, report_mac_binds_reportdata)
{
	struct tdxg_tdreport a, b;
	uint8_t data[64];

	fill(data, sizeof(data), 2);
	ASSERT_EQ(0, get_report(self->fd, data, &a));
	data[63] ^= 1;
	ASSERT_EQ(0, get_report(self->fd, data, &b));
	ASSERT_NE(0, memcmp(a.reportmac.mac, b.reportmac.mac, 32));
	ASSERT_EQ(0, memcmp(a.tdinfo.mrtd, b.tdinfo.mrtd, 48));
}

TEST_F(dev, report_matches_measurements)
{
	static const char *const names[] = {
		"mrtd:sha384", "mrconfigid", "mrowner", "mrownerconfig",
		"rtmr0:sha384", "rtmr1:sha384", "rtmr2:sha384", "rtmr3:sha384",
	};
	struct tdxg_tdreport r;
	uint8_t zero[64] = {}, buf[64];
	const uint8_t *want[8];
	char path[128];

	ASSERT_EQ(0, get_report(self->fd, zero, &r));
	want[0] = r.tdinfo.mrtd;
	want[1] = r.tdinfo.mrconfigid;
	want[2] = r.tdinfo.mrowner;
	want[3] = r.tdinfo.mrownerconfig;
	for (int i = 0; i < 4; i++)
		want[4 + i] = r.tdinfo.rtmr[i];
	for (int i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), TDXG_SYSFS "/measurements/%s", names[i]);
		/* Raw 48 bytes, then end of file. */
		ASSERT_EQ(48, read_file(path, buf, sizeof(buf))) TH_LOG("%s", path);
		ASSERT_EQ(0, memcmp(buf, want[i], 48)) TH_LOG("%s", path);
	}
}

TEST_F(dev, readonly_measurements_reject_writes)
{
	uint8_t d[48] = {};

	ASSERT_EQ(-EACCES, write_file_at(TDXG_SYSFS "/measurements/mrtd:sha384", d, 48, 0));
	ASSERT_EQ(-EACCES, write_file_at(TDXG_SYSFS "/measurements/mrowner", d, 48, 0));
}

TEST_F(dev, report_null_pointer_efault)
{
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_REPORT0, NULL));
	ASSERT_EQ(EFAULT, errno);
}

TEST_F(dev, report_readonly_buffer_efault)
{
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	/* reportdata is readable, but the TDREPORT cannot be written back. */
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_REPORT0, p));
	ASSERT_EQ(EFAULT, errno);
	munmap(p, 4096);
}

TEST_F(dev, report_unmapped_buffer_efault)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	munmap(p, 4096);
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_REPORT0, p));
	ASSERT_EQ(EFAULT, errno);
}

TEST_F(dev, unknown_ioctl_enotty)
{
	int arg = 0;

	ASSERT_EQ(-1, ioctl(self->fd, _IOWR('T', 0x7f, int), &arg));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IO('X', 1)));
	ASSERT_EQ(ENOTTY, errno);
	/* Upstream's number with a different size is a different command. */
	ASSERT_EQ(-1, ioctl(self->fd, _IOWR('T', 1, int), &arg));
	ASSERT_EQ(ENOTTY, errno);
}

TEST_F(dev, info_and_backend)
{
	struct tdxg_info info;
	char backend[32] = "";

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, ioctl(self->fd, TDXG_INFO, &info));
	ASSERT_EQ(TDXG_ABI_VERSION, info.abi_version);
	ASSERT_GT(read_file(TDXG_SYSFS "/backend", backend, sizeof(backend) - 1), 0);
	ASSERT_EQ(TDXG_BACKEND_TDX, info.backend);
	ASSERT_STREQ("tdx\n", backend);
	ASSERT_NE(NULL, memchr(info.version, 0, sizeof(info.version)));
	ASSERT_GT(strlen(info.version), 0);
	ASSERT_GT(info.log_capacity, 0);
	ASSERT_LE(info.log_used, info.log_capacity);
	for (int i = 0; i < 4; i++)
		ASSERT_LE(info.policy[i], TDXG_POLICY_LOCKED);
	/* Seal state agrees with its flags; reserved fields are zero. */
	ASSERT_EQ(!!info.seal_pending, !!(info.flags & TDXG_INFO_SEAL_PENDING));
	ASSERT_EQ(0, info.seal_pending & ~0xfu);
	ASSERT_EQ(!!info.load_seal_failed, !!(info.flags & TDXG_INFO_LOAD_SEAL_FAILED));
	ASSERT_EQ(!!info.load_seal_failed, info.load_seal_error < 0);
	ASSERT_EQ(0, info.load_seal_failed & ~0xfu);
	/* foreign_* took 8 bytes of what was reserved[3]: nothing moved. */
	_Static_assert(offsetof(struct tdxg_info, foreign_mask) == 96 &&
		       offsetof(struct tdxg_info, reserved) == 104 &&
		       sizeof(struct tdxg_info) == 120, "struct tdxg_info layout");
	ASSERT_TRUE(info.flags & TDXG_INFO_FOREIGN_WATCH);
	ASSERT_EQ(0, info.foreign_mask & ~0xfu);
	ASSERT_EQ(!!info.foreign_mask, !!info.foreign_count);
	for (size_t i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++)
		ASSERT_EQ(0, info.reserved[i]);
	/* Pinned exactly when the runtime log holds a record. */
	ASSERT_EQ(!!info.log_records, !!(info.flags & TDXG_INFO_PINNED));
}

#define READERS		8
#define READS		40

struct reader {
	int fd;
	int id;
	int errors;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	struct tdxg_tdreport r;
	uint8_t data[64];
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(rd->id % 2, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (int i = 0; i < READS; i++) {
		fill(data, sizeof(data), rd->id * 1000 + i);
		if (get_report(rd->fd, data, &r) ||
		    memcmp(r.reportmac.reportdata, data, 64))
			rd->errors++;
	}
	return NULL;
}

TEST_F(dev, concurrent_readers)
{
	struct reader rd[READERS];
	pthread_t th[READERS];
	int errors = 0;

	for (int i = 0; i < READERS; i++) {
		rd[i] = (struct reader){ .fd = self->fd, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, reader_main, &rd[i]));
	}
	for (int i = 0; i < READERS; i++) {
		pthread_join(th[i], NULL);
		errors += rd[i].errors;
	}
	ASSERT_EQ(0, errors);
}

TEST_HARNESS_MAIN
