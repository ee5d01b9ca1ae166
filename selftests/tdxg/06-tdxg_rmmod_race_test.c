// SPDX-License-Identifier: GPL-2.0
/*
 * rmmod while the first record is being made. A write to
 * measurements/rtmrN:sha384 (or policy/rtmrN) holds only a sysfs active
 * reference, which delete_module does not look at: only the module's
 * refcount stops it. The module must therefore hold that reference from
 * before the first TDCALL of any record, or an rmmod that lands while the
 * write waits out TDX_OPERAND_BUSY would free the log of an extend that
 * then reaches the register: the write reports success, and after a
 * reload the log is empty while the register holds the extend.
 *
 * Made deterministic with the extend_busy knob of the TDX module under
 * test: the write sits in its backoff while another process calls
 * delete_module. Needs a fresh load (an empty log, the module not
 * pinned), so it runs before anything extends, and RTMR3 open.
 */
#include <time.h>

#define TDXG_DESTRUCTIVE "unloads the module if it is not pinned"

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define RTMR3_PATH	TDXG_SYSFS "/measurements/rtmr3:sha384"
/* BUSY answers before the write's extend succeeds: 9 of its 10 tries. */
#define BUSY_ANSWERS	9

TEST(rmmod_during_the_first_sysfs_extend)
{
	uint8_t d[48] = { 0x06 }, before[48], want[48], now[48];
	struct tdxg_info info;
	struct log_rec r, last = { 0 };
	size_t len, off = 0, n3 = 0;
	long busy0;
	int ret, err, st, waited;
	uint8_t *log;
	pid_t pid;

	if (!have_knob("extend_busy"))
		SKIP(return, "the TDX module under test has no extend_busy knob");
	ASSERT_EQ(0, get_info(&info));
	if (info.log_records || (info.flags & TDXG_INFO_PINNED))
		SKIP(return, "the module is pinned already: this needs a fresh load");
	if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR3 is not open");
	ASSERT_EQ(0, read_rtmr(3, before));
	busy0 = knob_read("busy_returned");
	ASSERT_GE(busy0, 0);
	ASSERT_EQ(0, knob_write("extend_busy", BUSY_ANSWERS));

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(-write_file_at(RTMR3_PATH, d, 48, 0));
	/* Wait until the write is in its backoff: the model said BUSY. */
	for (waited = 0; waited < 5000 && knob_read("busy_returned") == busy0; waited++)
		usleep(1000);
	ret = syscall(__NR_delete_module, "tdxg", O_NONBLOCK);
	err = errno;
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	knob_write("extend_busy", 0);
	if (!ret)
		tdxg_reload();
	TH_LOG("rmmod %d (errno %d) after %d ms; write exit %d", ret, ret ? err : 0,
	       waited, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	ASSERT_GT(knob_read("busy_returned"), busy0);
	ASSERT_EQ(-1, ret) TH_LOG("rmmod succeeded while a sysfs extend was in flight");
	ASSERT_TRUE(err == EWOULDBLOCK || err == EBUSY) TH_LOG("errno %d", err);
	/* The write went through, once. */
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));

	/* After the dust settles the log and the register agree. */
	ASSERT_EQ(0, get_info(&info));
	ASSERT_TRUE(info.flags & TDXG_INFO_PINNED);
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	while ((ret = next_rec(log, len, &off, &r)) == 1)
		if (r.mr == 4) {
			last = r;
			n3++;
		}
	ASSERT_EQ(0, ret);
	ASSERT_EQ(1, n3);
	ASSERT_EQ(TDXG_EV_SYSFS_EXTEND, last.type);
	ASSERT_EQ(0, memcmp(d, last.digest, 48));
	free(log);
	sha384_2(before, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(want, now, 48));
	ASSERT_EQ(TDXG_POLICY_OPEN, tdxg_policy_get_word(3));
}

TEST_HARNESS_MAIN
