// SPDX-License-Identifier: GPL-2.0
/*
 * The TDX module's RTMR lock: TDG.MR.REPORT holds it shared, and
 * TDG.MR.RTMR.EXTEND only try-locks it, failing with TDX_OPERAND_BUSY.
 * Every read of the world-readable measurements/ files issues a report, so
 * readers can make extends fail. With the model's shared hold widened,
 * this shows the model returning BUSY while threads read, and records what
 * tdxg then does: whatever the outcome of each extend, the log must hold
 * exactly the extends that reached the register.
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define READERS		3
/* Extend until the model has refused a few, within a bound. */
#define MIN_EXTENDS	50
#define MAX_EXTENDS	3000
#define WANT_BUSY	5

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
	for (n = 0; n < MAX_EXTENDS; n++) {
		int ret, i = n;

		if (n >= MIN_EXTENDS &&
		    knob_read("busy_returned") - busy_before >= WANT_BUSY)
			break;
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

	/* The model really contended: the RTMR lock is modelled. */
	ASSERT_GT(busy, 0);
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
