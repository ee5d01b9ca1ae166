// SPDX-License-Identifier: GPL-2.0
/*
 * A once register whose one extend succeeds and whose LOCKED marker then
 * cannot be measured (the TDX module answers every later extend with
 * TDX_OPERAND_BUSY, through the model's extend_busy_skip). The caller's
 * extend stands; the register never reads `locked` without its marker;
 * further extends are refused; and a later `locked` write measures the
 * marker. Destructive: the register it uses ends locked. It runs after
 * 95-, which needs RTMR3; in the full run every register is sealed by then,
 * so check.sh runs it in the seal-load boot.
 */
#define TDXG_DESTRUCTIVE "locks an RTMR until reboot"
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

static int marker_is(const struct log_rec *r, const char *marker)
{
	return r->type == TDXG_EV_POLICY && r->size == strlen(marker) &&
	       !memcmp(r->data, marker, r->size);
}

/* The last record of the log, from offset start on; 0 if there is one. */
static int last_rec(size_t start, struct log_rec *out, uint8_t **logp)
{
	size_t len, off = start;
	uint8_t *log = read_log(&len);
	struct log_rec r;
	int found = -1;

	while (log && next_rec(log, len, &off, &r) == 1) {
		*out = r;
		found = 0;
	}
	*logp = log;
	return found;
}

TEST(once_marker_fails_after_the_extend)
{
	uint8_t d[48] = { 0x93 }, before[48], after[48], want[48], locked[48];
	char path[64], word[16] = "";
	struct log_rec r;
	size_t start;
	uint8_t *log;
	int fd, idx = -1;

	fd = open(TDXG_DEV, O_RDWR);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(fd, 0);
	if (!have_knob("extend_busy_skip"))
		SKIP(return, "the TDX module under test has no extend_busy_skip knob");
	for (int i = 3; i >= 0 && idx < 0; i--)
		if (tdxg_policy_get_word(i) == TDXG_POLICY_OPEN)
			idx = i;
	if (idx < 0)
		SKIP(return, "no open RTMR left");
	snprintf(path, sizeof(path), TDXG_SYSFS "/policy/rtmr%d", idx);
	ASSERT_EQ(0, write_word(path, "once"));
	log = read_log(&start);
	free(log);
	ASSERT_EQ(0, read_rtmr(idx, before));

	/* The user's extend succeeds; every marker attempt after it is busy. */
	ASSERT_EQ(0, knob_write("extend_busy_skip", 1));
	ASSERT_EQ(0, knob_write("extend_busy", 1000));
	ASSERT_EQ(0, extend_ioctl(fd, idx, d, 0xd, NULL, 0));
	ASSERT_EQ(0, knob_write("extend_busy", 0));
	ASSERT_EQ(0, knob_write("extend_busy_skip", 0));

	sha384_2(before, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(idx, after));
	ASSERT_EQ(0, memcmp(want, after, 48));
	ASSERT_EQ(TDXG_POLICY_ONCE, tdxg_policy_get_word(idx));
	ASSERT_EQ(0, last_rec(start, &r, &log));
	ASSERT_EQ(0, memcmp(r.digest, d, 48));
	free(log);

	/* Spent: no second extend, register and log unchanged. */
	ASSERT_EQ(-EPERM, extend_ioctl(fd, idx, d, 0xd, NULL, 0));
	ASSERT_EQ(0, read_rtmr(idx, after));
	ASSERT_EQ(0, memcmp(want, after, 48));

	/* A later tighten measures the marker, and only then reads locked. */
	ASSERT_EQ(0, write_word(path, "locked"));
	ASSERT_GT(read_file(path, word, sizeof(word) - 1), 0);
	ASSERT_STREQ("locked\n", word);
	ASSERT_EQ(0, last_rec(start, &r, &log));
	ASSERT_TRUE(marker_is(&r, TDXG_POLICY_MARKER_LOCKED));
	sha384(TDXG_POLICY_MARKER_LOCKED, strlen(TDXG_POLICY_MARKER_LOCKED), locked);
	ASSERT_EQ(0, memcmp(r.digest, locked, 48));
	free(log);
	sha384_2(want, 48, locked, 48, want);
	ASSERT_EQ(0, read_rtmr(idx, after));
	ASSERT_EQ(0, memcmp(want, after, 48));
	close(fd);
}

TEST_HARNESS_MAIN
