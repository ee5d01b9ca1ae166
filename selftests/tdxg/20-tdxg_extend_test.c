// SPDX-License-Identifier: GPL-2.0
/*
 * RTMR extend through measurements/rtmrN:sha384 and TDXG_EXTEND, and the
 * runtime event log written with every extend. Uses RTMR2 and RTMR3 and
 * never locks anything.
 */
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define RTMR3_PATH TDXG_SYSFS "/measurements/rtmr3:sha384"

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (tdxg_policy_get_word(2) || tdxg_policy_get_word(3))
		SKIP(return, "RTMR2 or RTMR3 is not open");
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Last record of the log, copied out; returns the log length. */
static size_t last_record(struct log_rec *out, uint8_t **logp)
{
	size_t len, off = 0;
	uint8_t *log = read_log(&len);
	struct log_rec r;

	memset(out, 0, sizeof(*out));
	while (log && next_rec(log, len, &off, &r) == 1)
		*out = r;
	*logp = log;
	return len;
}

TEST_F(dev, sysfs_extend)
{
	uint8_t old[48], d[48], want[48], now[48];
	struct tdxg_tdreport rep;
	uint8_t zero[64] = {};
	struct log_rec r;
	uint8_t *log;

	for (int i = 0; i < 48; i++)
		d[i] = i + 3;
	ASSERT_EQ(0, read_rtmr(3, old));
	ASSERT_EQ(0, write_file_at(RTMR3_PATH, d, 48, 0));
	sha384_2(old, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(want, now, 48));
	ASSERT_EQ(0, get_report(self->fd, zero, &rep));
	ASSERT_EQ(0, memcmp(want, rep.tdinfo.rtmr[3], 48));
	last_record(&r, &log);
	ASSERT_EQ(4, r.mr);
	ASSERT_EQ(TDXG_EV_SYSFS_EXTEND, r.type);
	ASSERT_EQ(0, r.size);
	ASSERT_EQ(0, memcmp(d, r.digest, 48));
	free(log);
}

TEST_F(dev, ioctl_extend_with_event)
{
	static const char ev[] = "tdxg selftest event";
	uint8_t old[48], d[48], want[48], now[48];
	struct log_rec r;
	uint8_t *log;

	sha384(ev, sizeof(ev) - 1, d);
	ASSERT_EQ(0, read_rtmr(2, old));
	ASSERT_EQ(0, extend_ioctl(self->fd, 2, d, 0xd, ev, sizeof(ev) - 1));
	sha384_2(old, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(2, now));
	ASSERT_EQ(0, memcmp(want, now, 48));
	last_record(&r, &log);
	ASSERT_EQ(3, r.mr);
	ASSERT_EQ(0xd, r.type);
	ASSERT_EQ(sizeof(ev) - 1, r.size);
	ASSERT_EQ(0, memcmp(ev, r.data, r.size));
	ASSERT_EQ(0, memcmp(d, r.digest, 48));
	free(log);
}

/* Every rejected extend leaves the RTMR and the log as they were. */
#define ASSERT_UNCHANGED(idx, before, loglen) do {			\
	uint8_t __now[48];						\
	size_t __len;							\
	uint8_t *__log = read_log(&__len);				\
	ASSERT_EQ(0, read_rtmr(idx, __now));				\
	ASSERT_EQ(0, memcmp(before, __now, 48));			\
	ASSERT_EQ(loglen, __len);					\
	free(__log);							\
} while (0)

TEST_F(dev, sysfs_wrong_size_or_offset_einval)
{
	uint8_t before[48], buf[64] = { 1 };
	size_t len;
	uint8_t *log = read_log(&len);

	free(log);
	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(-EINVAL, write_file_at(RTMR3_PATH, buf, 47, 0));
	ASSERT_EQ(-EINVAL, write_file_at(RTMR3_PATH, buf, 49, 0));
	ASSERT_EQ(-EINVAL, write_file_at(RTMR3_PATH, buf, 1, 0));
	ASSERT_EQ(-EINVAL, write_file_at(RTMR3_PATH, buf, 48, 1));
	ASSERT_EQ(-EINVAL, write_file_at(RTMR3_PATH, buf, 48, 48));
	ASSERT_UNCHANGED(3, before, len);
}

TEST_F(dev, ioctl_bad_arguments)
{
	uint8_t before[48], d[48] = { 7 };
	struct tdxg_extend_req req = { .index = 3 };
	size_t len;
	uint8_t *log = read_log(&len);

	free(log);
	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(-ENXIO, extend_ioctl(self->fd, 4, d, 0xd, NULL, 0));
	ASSERT_EQ(-ENXIO, extend_ioctl(self->fd, 0xffffffff, d, 0xd, NULL, 0));
	/* The index is checked before the event data is read... */
	ASSERT_EQ(-ENXIO, extend_ioctl(self->fd, 4, d, 0xd, (void *)8, 16));
	/* ...and an oversized event is EINVAL at any index. */
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 4, d, 0xd, d, TDXG_EVENT_DATA_MAX + 1));
	/* Event data that cannot be read. */
	ASSERT_EQ(-EFAULT, extend_ioctl(self->fd, 3, d, 0xd, (void *)8, 16));
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 3, d, 0xd, d, TDXG_EVENT_DATA_MAX + 1));
	/*
	 * Reserved event types: the seal marker, the type of the root-only
	 * measurements/ and legacy writes, and EV_NO_ACTION.
	 */
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 3, d, TDXG_EV_POLICY, NULL, 0));
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 3, d, TDXG_EV_SYSFS_EXTEND, NULL, 0));
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 3, d, TDXG_EV_SYSFS_EXTEND, d, 4));
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 3, d, 3, NULL, 0));
	req.reserved = 1;
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_EXTEND, &req));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_EXTEND, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_UNCHANGED(3, before, len);
}

TEST_F(dev, extend_needs_writable_fd)
{
	uint8_t d[48] = { 9 };
	int ro = open(TDXG_DEV, O_RDONLY);

	ASSERT_GE(ro, 0);
	ASSERT_EQ(-EBADF, extend_ioctl(ro, 3, d, 0xd, NULL, 0));
	close(ro);
}

/* A TDX module that stays busy: EBUSY after the retries, nothing logged. */
TEST_F(dev, busy_tdcall_leaves_no_record)
{
	uint8_t before[48], d[48] = { 5 };
	size_t len;
	uint8_t *log;

	if (!have_knob("extend_busy"))
		SKIP(return, "the TDX module under test has no extend_busy knob");
	log = read_log(&len);
	free(log);
	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(0, knob_write("extend_busy", 1000));
	ASSERT_EQ(-EBUSY, extend_ioctl(self->fd, 3, d, 0xd, NULL, 0));
	ASSERT_EQ(0, knob_write("extend_busy", 0));
	ASSERT_UNCHANGED(3, before, len);
	ASSERT_EQ(0, extend_ioctl(self->fd, 3, d, 0xd, NULL, 0));
}

/* The TDX module refusing an operand: EINVAL, no record, register unchanged. */
TEST_F(dev, invalid_operand_tdcall_leaves_no_record)
{
	uint8_t before[48], d[48] = { 6 };
	struct tdxg_report_req req = {};
	size_t len;
	uint8_t *log;

	if (access(MODEL_PARAM("invalid_next"), W_OK))
		SKIP(return, "needs the TDX-module model");
	log = read_log(&len);
	free(log);
	ASSERT_EQ(0, read_rtmr(3, before));
	ASSERT_EQ(0, write_word(MODEL_PARAM("invalid_next"), "1"));
	ASSERT_EQ(-EINVAL, extend_ioctl(self->fd, 3, d, 0xd, NULL, 0));
	ASSERT_UNCHANGED(3, before, len);
	ASSERT_EQ(0, write_word(MODEL_PARAM("invalid_next"), "1"));
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_REPORT0, &req));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, ioctl(self->fd, TDXG_GET_REPORT0, &req));
}

TEST_F(dev, log_reads_at_any_offset)
{
	size_t len, got = 0;
	uint8_t *log = read_log(&len), *buf;
	int fd = open(TDXG_SYSFS "/event_log", O_RDONLY);
	ssize_t n;

	ASSERT_NE(NULL, log);
	ASSERT_GT(len, 0);
	ASSERT_GE(fd, 0);
	buf = malloc(len + 7);
	while ((n = pread(fd, buf + got, 7, got)) > 0)
		got += n;
	ASSERT_EQ(0, n);
	ASSERT_EQ(len, got);
	ASSERT_EQ(0, memcmp(log, buf, len));
	/* Past the end is an empty read, not an error. */
	ASSERT_EQ(0, pread(fd, buf, 7, len + 100));
	close(fd);
	free(buf);
	free(log);
}

#define THREADS		8
#define EXTENDS		500

struct worker {
	int fd;
	int id;
	int errors;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint8_t d[48];
	char ev[32];
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->id % 2, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (int i = 0; i < EXTENDS; i++) {
		int n = snprintf(ev, sizeof(ev), "t%d:%d", w->id, i);

		sha384(ev, n, d);
		if (extend_ioctl(w->fd, 2 + (w->id + i) % 2, d, 0xd, ev, n))
			w->errors++;
	}
	return NULL;
}

/*
 * 8 threads x 500 extends across RTMR2/RTMR3: replaying the log gives
 * the RTMRs of a fresh TDREPORT, every extend has exactly one record, and
 * each thread's records are in its own order.
 */
TEST_F(dev, concurrent_extends_replay)
{
	uint8_t rtmr[4][48], zero[64] = {};
	struct worker w[THREADS];
	pthread_t th[THREADS];
	struct tdxg_tdreport rep;
	size_t start, len, off, nrec;
	int next[THREADS] = {}, errors = 0;
	struct log_rec r;
	uint8_t *log;

	log = read_log(&start);
	free(log);
	ASSERT_EQ(0, read_rtmr(2, rtmr[2]));
	ASSERT_EQ(0, read_rtmr(3, rtmr[3]));
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .fd = self->fd, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, worker_main, &w[i]));
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		errors += w[i].errors;
	}
	ASSERT_EQ(0, errors);

	log = read_log(&len);
	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, replay(log, len, start, rtmr, &nrec));
	ASSERT_EQ(THREADS * EXTENDS, nrec);
	ASSERT_EQ(0, get_report(self->fd, zero, &rep));
	ASSERT_EQ(0, memcmp(rtmr[2], rep.tdinfo.rtmr[2], 48));
	ASSERT_EQ(0, memcmp(rtmr[3], rep.tdinfo.rtmr[3], 48));

	off = start;
	while (next_rec(log, len, &off, &r) == 1) {
		int t, i;
		char ev[32];

		ASSERT_LT(r.size, sizeof(ev));
		memcpy(ev, r.data, r.size);
		ev[r.size] = 0;
		ASSERT_EQ(2, sscanf(ev, "t%d:%d", &t, &i));
		ASSERT_LT(t, THREADS);
		ASSERT_EQ(next[t], i);
		ASSERT_EQ(2 + 1 + (t + i) % 2, r.mr);
		next[t]++;
	}
	free(log);
}

/*
 * event_log has size 0 and sysfs serves at most a page per read, so a
 * read can be short long before the end: a reader that stopped at a
 * short read would get the first page only. Reading until a read
 * returns 0, in any chunk size, gives the whole log.
 */
TEST_F(dev, log_read_until_zero_not_until_short)
{
	static const size_t chunks[] = { 1, 7, 100, 4095, 4096, 1 << 20 };
	uint8_t ev[64] = { 0x20 }, d[48] = { 0x20 };
	struct tdxg_info info;
	size_t len, got;
	uint8_t *log, *buf;
	ssize_t n;
	int fd;

	/* More than a page of log, whatever ran before. */
	ASSERT_EQ(0, get_info(&info));
	while (info.log_used <= 3 * 4096) {
		ASSERT_EQ(0, extend_ioctl(self->fd, 3, d, 0xd, ev, sizeof(ev)));
		ASSERT_EQ(0, get_info(&info));
	}
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	ASSERT_EQ(info.log_used, len);
	buf = malloc(len + (1 << 20));
	ASSERT_NE(NULL, buf);

	/* One big read at offset 0 is short: at most a page. */
	fd = open(TDXG_SYSFS "/event_log", O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, buf, 1 << 20);
	ASSERT_GT(n, 0);
	ASSERT_LE(n, 4096);
	ASSERT_LT(n, len);
	close(fd);

	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		fd = open(TDXG_SYSFS "/event_log", O_RDONLY);
		ASSERT_GE(fd, 0);
		got = 0;
		while ((n = read(fd, buf + got, chunks[c])) > 0)
			got += n;
		close(fd);
		ASSERT_EQ(0, n);
		ASSERT_EQ(len, got) TH_LOG("chunk %zu", chunks[c]);
		ASSERT_EQ(0, memcmp(log, buf, len));
	}
	free(buf);
	free(log);
}

/* Firmware never measures into RTMR3: the whole log replays it from zero. */
TEST_F(dev, rtmr3_replays_from_zero)
{
	uint8_t rtmr[4][48] = {}, now[48];
	size_t len, nrec;
	uint8_t *log = read_log(&len);

	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, replay(log, len, 0, rtmr, &nrec));
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(rtmr[3], now, 48));
	free(log);
}

TEST_HARNESS_MAIN
