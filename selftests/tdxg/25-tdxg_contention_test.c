// SPDX-License-Identifier: GPL-2.0
/*
 * The TDX module's RTMR lock: TDG.MR.REPORT holds it shared, and
 * TDG.MR.RTMR.EXTEND only try-locks it, failing with TDX_OPERAND_BUSY.
 * Anyone may read the measurements/ files, so tdxg must not let those
 * reads make extends fail: it takes its reports under the lock that
 * serialises its extends, and serves measurements/ from its last report
 * (see 93-). With the model's shared hold widened and threads reading
 * measurements/, every extend succeeds at its first TDCALL (the model
 * answered no BUSY), and the log holds exactly the extends.
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define READERS		3
#define EXTENDS		50

static volatile int stop;
static int reads;

static void *reader_main(void *arg)
{
	uint8_t v[48];

	(void)arg;
	while (!stop)
		if (!read_rtmr(0, v))
			__atomic_add_fetch(&reads, 1, __ATOMIC_RELAXED);
	return NULL;
}

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (access(MODEL_PARAM("report_hold_us"), W_OK))
		SKIP(return, "needs the TDX-module model");
	if (tdxg_policy_get_word(2))
		SKIP(return, "RTMR2 is not open");
}

FIXTURE_TEARDOWN(dev)
{
	write_word(MODEL_PARAM("report_hold_us"), "0");
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(dev, extends_under_read_contention)
{
	long busy_before, busy;
	uint8_t rtmr[4][48] = {}, zero[64] = {}, d[48];
	int ok = 0, ebusy = 0, other = 0, n;
	struct tdxg_tdreport rep;
	pthread_t th[READERS];
	size_t start, len, nrec;
	uint8_t *log;

	log = read_log(&start);
	ASSERT_NE(NULL, log);
	free(log);
	ASSERT_EQ(0, read_rtmr(2, rtmr[2]));
	busy_before = knob_read("busy_returned");
	ASSERT_GE(busy_before, 0);
	ASSERT_EQ(0, write_word(MODEL_PARAM("report_hold_us"), "3000"));
	stop = 0;
	for (int i = 0; i < READERS; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, reader_main, NULL));
	/* Extend only once the readers are really reading. */
	while (__atomic_load_n(&reads, __ATOMIC_RELAXED) < 2 * READERS)
		usleep(1000);
	for (n = 0; n < EXTENDS; n++) {
		int ret, i = n;

		memset(d, 0, sizeof(d));
		snprintf((char *)d, sizeof(d), "contention %d", i);
		ret = extend_ioctl(self->fd, 2, d, 0xd, d, strlen((char *)d));
		if (!ret)
			ok++;
		else if (ret == -EBUSY)
			ebusy++;
		else
			other++;
	}
	stop = 1;
	for (int i = 0; i < READERS; i++)
		pthread_join(th[i], NULL);
	ASSERT_EQ(0, write_word(MODEL_PARAM("report_hold_us"), "0"));
	busy = knob_read("busy_returned") - busy_before;
	TH_LOG("%d reads; model returned TDX_OPERAND_BUSY %ld times; tdxg: %d of %d extends succeeded, %d EBUSY, %d other errors",
	       reads, busy, ok, n, ebusy, other);

	/* The readers never held the RTMR lock against an extend. */
	ASSERT_GT(reads, 2 * READERS);
	ASSERT_EQ(0, busy);
	ASSERT_EQ(EXTENDS, ok);
	ASSERT_EQ(0, ebusy);
	ASSERT_EQ(0, other);
	/* Whatever failed, the log holds exactly what reached RTMR2. */
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, replay(log, len, start, rtmr, &nrec));
	free(log);
	ASSERT_EQ(ok, nrec);
	ASSERT_EQ(0, get_report(self->fd, zero, &rep));
	ASSERT_EQ(0, memcmp(rtmr[2], rep.tdinfo.rtmr[2], 48));
}

TEST_HARNESS_MAIN
