// SPDX-License-Identifier: GPL-2.0
/*
 * A local user who is not in group tdx must not be able to make an
 * extend or a seal fail. Such a user can read the world-readable
 * measurements/ files as fast as they like; on TDX each TDG.MR.REPORT
 * holds the RTMR lock shared and a concurrent TDG.MR.RTMR.EXTEND gets
 * TDX_OPERAND_BUSY. Here N processes running as nobody, with no
 * supplementary groups, read measurements/ in a loop with the model's
 * report_hold_us widened, while root extends RTMR3 through the ioctl and
 * sysfs, and then seals another open register once, takes its one
 * extend and seals it locked: not one of them may fail, the model must
 * never have answered BUSY, and afterwards measurements/ equals a fresh
 * GET_REPORT and the log replays to the registers. Destructive: the
 * sealed register ends locked. The seal case needs an open register
 * besides RTMR3 (which 95- needs): in the full run every other one is
 * sealed by then and it skips; a boot of this test alone runs it.
 */
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#define TDXG_DESTRUCTIVE "locks RTMR1 until reboot"

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define READERS		4
#define EXTENDS		40
#define NOBODY		65534

struct shared {
	long reads;
	int not_tdx;		/* readers that could not open /dev/tdxg */
	int read_errors;
};

static void reader(struct shared *sh)
{
	char path[96];
	uint8_t v[48];
	int fd;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		_exit(1);
	/* Set after setuid, which clears it: die with the test. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Not root and not in group tdx: the device is closed to us. */
	fd = open(TDXG_DEV, O_RDONLY);
	if (fd >= 0 || errno != EACCES)
		_exit(2);
	__atomic_add_fetch(&sh->not_tdx, 1, __ATOMIC_RELAXED);
	for (unsigned int i = 0; ; i++) {
		snprintf(path, sizeof(path), TDXG_SYSFS "/measurements/rtmr%u:sha384",
			 i % 4);
		if (read_file(path, v, sizeof(v)) == 48)
			__atomic_add_fetch(&sh->reads, 1, __ATOMIC_RELAXED);
		else
			__atomic_add_fetch(&sh->read_errors, 1, __ATOMIC_RELAXED);
	}
}

static int marker_is(const struct log_rec *r, const char *marker)
{
	return r->type == TDXG_EV_POLICY && r->size == strlen(marker) &&
	       !memcmp(r->data, marker, r->size);
}

struct readers {
	struct shared *sh;
	pid_t pid[READERS];
	long busy0;
};

static int start_readers(struct readers *rd)
{
	rd->sh = mmap(NULL, sizeof(*rd->sh), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (rd->sh == MAP_FAILED)
		return -1;
	rd->busy0 = knob_read("busy_returned");
	if (rd->busy0 < 0 || knob_write("report_hold_us", 20000))
		return -1;
	for (int i = 0; i < READERS; i++) {
		rd->pid[i] = fork();
		if (rd->pid[i] < 0)
			return -1;
		if (!rd->pid[i])
			reader(rd->sh);
	}
	/* Writers start once every reader is reading. */
	for (int i = 0; i < 5000; i++) {
		if (__atomic_load_n(&rd->sh->not_tdx, __ATOMIC_RELAXED) == READERS &&
		    __atomic_load_n(&rd->sh->reads, __ATOMIC_RELAXED) >= 2 * READERS)
			break;
		usleep(1000);
	}
	return 0;
}

/* Stops the readers; returns the BUSY answers the model gave meanwhile. */
static long stop_readers(struct readers *rd)
{
	int st;

	for (int i = 0; i < READERS; i++) {
		kill(rd->pid[i], SIGKILL);
		waitpid(rd->pid[i], &st, 0);
	}
	knob_write("report_hold_us", 0);
	return knob_read("busy_returned") - rd->busy0;
}

/* measurements/ is what a fresh report says, for every register. */
static int measurements_match_report(int fd, struct tdxg_tdreport *rep)
{
	uint8_t zero[64] = {}, now[48];

	if (get_report(fd, zero, rep))
		return -1;
	for (int i = 0; i < 4; i++)
		if (read_rtmr(i, now) || memcmp(rep->tdinfo.rtmr[i], now, 48))
			return -1;
	return 0;
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
	if (!have_knob("report_hold_us"))
		SKIP(return, "the TDX module under test has no report_hold_us knob");
}

FIXTURE_TEARDOWN(dev)
{
	knob_write("report_hold_us", 0);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(dev, unprivileged_readers_cannot_fail_extends)
{
	uint8_t d[48], rtmr[4][48] = {};
	struct tdxg_tdreport rep;
	struct readers rd;
	size_t start, len, nrec;
	int failed = 0, ret;
	uint8_t *log;
	long busy;

	if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR3 is not open");
	log = read_log(&start);
	free(log);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, read_rtmr(i, rtmr[i]));
	ASSERT_EQ(0, start_readers(&rd));
	for (int i = 0; i < EXTENDS; i++) {
		memset(d, 0x93, sizeof(d));
		d[0] = i;
		if (i % 2)
			ret = extend_ioctl(self->fd, 3, d, 0xd, d, 1);
		else
			ret = write_file_at(TDXG_SYSFS "/measurements/rtmr3:sha384", d, 48, 0);
		if (ret) {
			TH_LOG("extend %d: %d", i, ret);
			failed++;
		}
	}
	busy = stop_readers(&rd);
	TH_LOG("%ld reads by %d readers as nobody, %d read errors; %d of %d extends failed; model BUSY %ld",
	       rd.sh->reads, rd.sh->not_tdx, rd.sh->read_errors, failed, EXTENDS, busy);
	ASSERT_EQ(READERS, rd.sh->not_tdx);
	ASSERT_GT(rd.sh->reads, 2 * READERS);
	ASSERT_EQ(0, rd.sh->read_errors);
	ASSERT_EQ(0, failed);
	ASSERT_EQ(0, busy);
	ASSERT_EQ(0, measurements_match_report(self->fd, &rep));
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, replay(log, len, start, rtmr, &nrec));
	free(log);
	ASSERT_EQ(EXTENDS, nrec);
	ASSERT_EQ(0, memcmp(rep.tdinfo.rtmr[3], rtmr[3], 48));
	munmap(rd.sh, sizeof(*rd.sh));
}

TEST_F(dev, unprivileged_readers_cannot_fail_a_seal)
{
	static const int order[] = { 1, 2, 0 };
	struct tdxg_lock_req lock = { 0 };
	uint8_t d[48], rtmr[4][48] = {};
	struct tdxg_tdreport rep;
	struct tdxg_info info;
	struct log_rec r, last = { 0 };
	struct readers rd;
	size_t start, len, off, nrec = 0;
	int failed = 0, ret, idx = -1, once = 0;
	uint8_t *log;
	long busy;

	for (int i = 0; i < 3 && idx < 0; i++)
		if (tdxg_policy_get_word(order[i]) == TDXG_POLICY_OPEN)
			idx = order[i];
	if (idx < 0)
		SKIP(return, "no open register besides RTMR3, which 95- needs");
	lock.index = idx;
	log = read_log(&start);
	free(log);
	ASSERT_EQ(0, read_rtmr(idx, rtmr[idx]));
	ASSERT_EQ(0, start_readers(&rd));
	lock.mode = TDXG_POLICY_ONCE;
	ret = ioctl(self->fd, TDXG_LOCK, &lock) ? -errno : 0;
	if (ret) {
		TH_LOG("seal once: %d", ret);
		failed++;
	}
	memset(d, 0x39, sizeof(d));
	ret = extend_ioctl(self->fd, idx, d, 0xd, "the one", 7);
	if (ret) {
		TH_LOG("the once extend: %d", ret);
		failed++;
	}
	ASSERT_EQ(0, get_info(&info));
	lock.mode = TDXG_POLICY_LOCKED;
	ret = ioctl(self->fd, TDXG_LOCK, &lock) ? -errno : 0;
	if (ret) {
		TH_LOG("seal locked: %d", ret);
		failed++;
	}
	busy = stop_readers(&rd);
	TH_LOG("rtmr%d: %ld reads by %d readers as nobody; %d failures; model BUSY %ld",
	       idx, rd.sh->reads, rd.sh->not_tdx, failed, busy);
	ASSERT_EQ(READERS, rd.sh->not_tdx);
	ASSERT_GT(rd.sh->reads, 2 * READERS);
	ASSERT_EQ(0, failed);
	ASSERT_EQ(0, busy);
	/* The LOCKED marker followed the once extend at once. */
	ASSERT_EQ(0, info.seal_pending);
	ASSERT_EQ(TDXG_POLICY_LOCKED, info.policy[idx]);
	ASSERT_EQ(TDXG_POLICY_LOCKED, tdxg_policy_get_word(idx));
	ASSERT_EQ(0, measurements_match_report(self->fd, &rep));
	/* The log replays to the register: ONCE, the extend, LOCKED. */
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	off = start;
	while (next_rec(log, len, &off, &r) == 1) {
		if (r.mr != (uint32_t)idx + 1)
			continue;
		sha384_2(rtmr[idx], 48, r.digest, 48, rtmr[idx]);
		last = r;
		nrec++;
		once += marker_is(&r, TDXG_POLICY_MARKER_ONCE);
	}
	ASSERT_EQ(3, nrec);
	ASSERT_EQ(1, once);
	ASSERT_TRUE(marker_is(&last, TDXG_POLICY_MARKER_LOCKED));
	ASSERT_EQ(0, memcmp(rep.tdinfo.rtmr[idx], rtmr[idx], 48));
	free(log);
	munmap(rd.sh, sizeof(*rd.sh));
}

TEST_HARNESS_MAIN
