// SPDX-License-Identifier: GPL-2.0
/*
 * One-way policies. Destructive: registers stay locked until reboot, so
 * on real hardware this runs only with TDXG_SELFTEST_DESTRUCTIVE=1. It
 * tightens RTMR2 to once and RTMR0 to locked; RTMR3 stays open.
 */
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>

#define TDXG_DESTRUCTIVE "locks RTMRs until reboot"
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define POLICY(n)	TDXG_SYSFS "/policy/rtmr" #n
#define RACERS		16

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

TEST_F(dev, unknown_word_einval)
{
	ASSERT_EQ(-EINVAL, write_word(POLICY(3), "sealed"));
	ASSERT_EQ(-EINVAL, write_word(POLICY(3), "\n"));
	ASSERT_EQ(-EINVAL, write_word(POLICY(3), "OPEN"));
	ASSERT_EQ(TDXG_POLICY_OPEN, tdxg_policy_get_word(3));
	/* Writing the current word is a no-op. */
	ASSERT_EQ(0, write_word(POLICY(3), "open"));
}

struct racer {
	int fd, id, ret;
	pthread_barrier_t *go;
};

static void *racer_main(void *arg)
{
	struct racer *rc = arg;
	uint8_t d[48];
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(rc->id % 2, &set);
	sched_setaffinity(0, sizeof(set), &set);
	memset(d, rc->id, sizeof(d));
	pthread_barrier_wait(rc->go);
	rc->ret = extend_ioctl(rc->fd, 2, d, 0xd, &rc->id, sizeof(rc->id));
	return NULL;
}

/* On a once register exactly one of many racing extends succeeds. */
TEST_F(dev, once_admits_exactly_one_extend)
{
	uint8_t rtmr[4][48], marker[48], zero[64] = {};
	struct racer rc[RACERS];
	pthread_t th[RACERS];
	pthread_barrier_t go;
	struct tdxg_tdreport rep;
	size_t start, len, off, nrec;
	int ok = 0, eperm = 0;
	struct log_rec r;
	uint8_t *log;

	ASSERT_EQ(TDXG_POLICY_OPEN, tdxg_policy_get_word(2));
	log = read_log(&start);
	free(log);
	ASSERT_EQ(0, read_rtmr(2, rtmr[2]));
	ASSERT_EQ(0, write_word(POLICY(2), "once"));
	ASSERT_EQ(TDXG_POLICY_ONCE, tdxg_policy_get_word(2));

	pthread_barrier_init(&go, NULL, RACERS);
	for (int i = 0; i < RACERS; i++) {
		rc[i] = (struct racer){ .fd = self->fd, .id = i, .go = &go };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, racer_main, &rc[i]));
	}
	for (int i = 0; i < RACERS; i++) {
		pthread_join(th[i], NULL);
		ok += rc[i].ret == 0;
		eperm += rc[i].ret == -EPERM;
	}
	ASSERT_EQ(1, ok);
	ASSERT_EQ(RACERS - 1, eperm);
	ASSERT_EQ(TDXG_POLICY_LOCKED, tdxg_policy_get_word(2));

	/* The log: ONCE seal, the one extend, LOCKED seal; replay matches. */
	log = read_log(&len);
	off = start;
	ASSERT_EQ(1, next_rec(log, len, &off, &r));
	ASSERT_EQ(TDXG_EV_POLICY, r.type);
	ASSERT_EQ(0, memcmp(TDXG_POLICY_MARKER_ONCE, r.data, r.size));
	sha384(TDXG_POLICY_MARKER_ONCE, strlen(TDXG_POLICY_MARKER_ONCE), marker);
	ASSERT_EQ(0, memcmp(marker, r.digest, 48));
	ASSERT_EQ(1, next_rec(log, len, &off, &r));
	ASSERT_EQ(0xd, r.type);
	ASSERT_EQ(1, next_rec(log, len, &off, &r));
	ASSERT_EQ(TDXG_EV_POLICY, r.type);
	ASSERT_EQ(0, memcmp(TDXG_POLICY_MARKER_LOCKED, r.data, r.size));
	ASSERT_EQ(0, next_rec(log, len, &off, &r));
	ASSERT_EQ(0, replay(log, len, start, rtmr, &nrec));
	ASSERT_EQ(3, nrec);
	ASSERT_EQ(0, get_report(self->fd, zero, &rep));
	ASSERT_EQ(0, memcmp(rtmr[2], rep.tdinfo.rtmr[2], 48));
	free(log);
}

TEST_F(dev, policies_never_loosen)
{
	uint8_t d[48] = { 1 }, before[48];

	ASSERT_EQ(TDXG_POLICY_LOCKED, tdxg_policy_get_word(2));
	ASSERT_EQ(-EPERM, write_word(POLICY(2), "open"));
	ASSERT_EQ(-EPERM, write_word(POLICY(2), "once"));
	ASSERT_EQ(0, write_word(POLICY(2), "locked"));
	ASSERT_EQ(0, read_rtmr(2, before));
	ASSERT_EQ(-EPERM, extend_ioctl(self->fd, 2, d, 0xd, NULL, 0));
	ASSERT_EQ(-EPERM, write_file_at(TDXG_SYSFS "/measurements/rtmr2:sha384", d, 48, 0));
	ASSERT_EQ(0, read_rtmr(2, d));
	ASSERT_EQ(0, memcmp(before, d, 48));
}

TEST_F(dev, lock_ioctl)
{
	struct tdxg_lock_req req = { .index = 0, .mode = TDXG_POLICY_LOCKED };
	struct tdxg_lock_req bad_mode_and_index = { .index = 4, .mode = TDXG_POLICY_OPEN };
	uint8_t d[48] = { 2 }, before[48], after[48], marker[48], want[48];

	req.mode = TDXG_POLICY_OPEN;
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_LOCK, &req));
	ASSERT_EQ(EINVAL, errno);
	req = (struct tdxg_lock_req){ .index = 4, .mode = TDXG_POLICY_LOCKED };
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_LOCK, &req));
	ASSERT_EQ(ENXIO, errno);
	req.index = 0xffffffff;
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_LOCK, &req));
	ASSERT_EQ(ENXIO, errno);
	/* A bad mode is EINVAL whatever the index. */
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_LOCK, &bad_mode_and_index));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_LOCK, NULL));
	ASSERT_EQ(EFAULT, errno);

	ASSERT_EQ(0, read_rtmr(0, before));
	req.index = 0;
	if (tdxg_policy_get_word(0) != TDXG_POLICY_LOCKED) {
		ASSERT_EQ(0, ioctl(self->fd, TDXG_LOCK, &req));
		/* The seal is measured: RTMR0 moved by the LOCKED marker. */
		sha384(TDXG_POLICY_MARKER_LOCKED, strlen(TDXG_POLICY_MARKER_LOCKED), marker);
		sha384_2(before, 48, marker, 48, want);
		ASSERT_EQ(0, read_rtmr(0, after));
		ASSERT_EQ(0, memcmp(want, after, 48));
		memcpy(before, after, 48);
	}
	ASSERT_EQ(TDXG_POLICY_LOCKED, tdxg_policy_get_word(0));
	ASSERT_EQ(-EPERM, extend_ioctl(self->fd, 0, d, 0xd, NULL, 0));
	ASSERT_EQ(0, read_rtmr(0, after));
	ASSERT_EQ(0, memcmp(before, after, 48));
}

/* After a seal, a reload would reset the lock: rmmod must fail. */
TEST_F(dev, rmmod_refused_after_lock)
{
	struct tdxg_info info;

	ASSERT_EQ(0, get_info(&info));
	ASSERT_TRUE(info.flags & TDXG_INFO_PINNED);
	ASSERT_EQ(-1, syscall(__NR_delete_module, "tdxg", O_NONBLOCK));
	ASSERT_TRUE(errno == EWOULDBLOCK || errno == EBUSY) TH_LOG("errno %d", errno);
	ASSERT_EQ(0, access("/sys/module/tdxg", F_OK));
	ASSERT_EQ(0, access(TDXG_DEV, F_OK));
}

TEST_HARNESS_MAIN
