// SPDX-License-Identifier: GPL-2.0
/*
 * A once register under read contention. On TDX every TDG.MR.REPORT (a
 * read of measurements/, world-readable) holds the RTMR lock shared and
 * TDG.MR.RTMR.EXTEND try-locks it, so extends get TDX_OPERAND_BUSY while
 * readers run. Whatever wins the races: the user's one extend succeeds
 * (retried with backoff); the register never reads `locked` without its
 * LOCKED marker after that extend; if the marker could not be added yet,
 * the register still refuses extends and a `locked` write adds it.
 * Uses the report_hold_us knob of the TDX module under test. Destructive:
 * RTMR2 ends locked; the full guest run has sealed RTMR2 by now (90-), so
 * check.sh runs this in the seal-load boot, where RTMR2 is still open.
 */
#include <pthread.h>

#define TDXG_DESTRUCTIVE "locks RTMR2 until reboot"
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define IDX		2
#define POLICY		TDXG_SYSFS "/policy/rtmr2"
#define READERS		2

static volatile int stop;

static void *reader(void *arg)
{
	uint8_t r[48];

	while (!stop)
		read_rtmr(0, r);
	return NULL;
}

static int marker_is(const struct log_rec *r, const char *marker)
{
	return r->type == TDXG_EV_POLICY && r->size == strlen(marker) &&
	       !memcmp(r->data, marker, r->size);
}

TEST(once_under_report_contention)
{
	uint8_t d[48] = { 0x92 }, rtmr[4][48] = {}, now[48];
	size_t start, len, off, nrec;
	struct log_rec r, recs[8];
	pthread_t th[READERS];
	int fd, ret = -EBUSY, tries, n = 0, word;
	uint8_t *log;

	fd = open(TDXG_DEV, O_RDWR);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(fd, 0);
	if (!have_knob("report_hold_us"))
		SKIP(return, "the TDX module under test has no report_hold_us knob");
	if (tdxg_policy_get_word(IDX) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR2 is not open");
	log = read_log(&start);
	free(log);
	ASSERT_EQ(0, read_rtmr(IDX, rtmr[IDX]));
	ASSERT_EQ(0, write_word(POLICY, "once"));

	ASSERT_EQ(0, knob_write("report_hold_us", 2000));
	for (int i = 0; i < READERS; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, reader, NULL));
	for (tries = 0; tries < 50 && ret == -EBUSY; tries++)
		ret = extend_ioctl(fd, IDX, d, 0xd, NULL, 0);
	/* Still under contention: whatever state the seal is in, it holds. */
	word = tdxg_policy_get_word(IDX);
	stop = 1;
	for (int i = 0; i < READERS; i++)
		pthread_join(th[i], NULL);
	knob_write("report_hold_us", 0);
	TH_LOG("extend %d after %d calls; policy %d", ret, tries, word);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(-EPERM, extend_ioctl(fd, IDX, d, 0xd, NULL, 0));

	log = read_log(&len);
	ASSERT_NE(NULL, log);
	off = start;
	while (next_rec(log, len, &off, &r) == 1 && n < 8)
		if (r.mr == IDX + 1)
			recs[n++] = r;
	ASSERT_GE(n, 2);
	ASSERT_TRUE(marker_is(&recs[0], TDXG_POLICY_MARKER_ONCE));
	ASSERT_FALSE(marker_is(&recs[1], TDXG_POLICY_MARKER_ONCE));
	ASSERT_FALSE(marker_is(&recs[1], TDXG_POLICY_MARKER_LOCKED));
	if (word == TDXG_POLICY_LOCKED) {
		ASSERT_EQ(3, n);
		ASSERT_TRUE(marker_is(&recs[2], TDXG_POLICY_MARKER_LOCKED));
	} else {
		/* The marker is pending: reads once, refuses, then seals. */
		ASSERT_EQ(TDXG_POLICY_ONCE, word);
		ASSERT_EQ(2, n);
		ASSERT_EQ(0, write_word(POLICY, "locked"));
	}
	free(log);
	ASSERT_EQ(TDXG_POLICY_LOCKED, tdxg_policy_get_word(IDX));
	log = read_log(&len);
	off = start;
	nrec = 0;
	while (next_rec(log, len, &off, &r) == 1)
		if (r.mr == IDX + 1)
			recs[nrec++ % 8] = r;
	ASSERT_EQ(3, nrec);
	ASSERT_TRUE(marker_is(&recs[2], TDXG_POLICY_MARKER_LOCKED));
	/* Replaying RTMR1's records from the start gives the register. */
	off = start;
	while (next_rec(log, len, &off, &r) == 1)
		if (r.mr == IDX + 1)
			sha384_2(rtmr[IDX], 48, r.digest, 48, rtmr[IDX]);
	ASSERT_EQ(0, read_rtmr(IDX, now));
	ASSERT_EQ(0, memcmp(rtmr[IDX], now, 48));
	free(log);
	close(fd);
}

TEST_HARNESS_MAIN
