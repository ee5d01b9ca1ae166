// SPDX-License-Identifier: GPL-2.0
/*
 * Policies from the rtmr_policy module parameter: what an initrd uses to
 * seal firmware RTMRs before userspace. Each sealed register shows its
 * word in policy/, and the log begins with its seal records, in order.
 */
#include "kselftest_harness.h"
#include "tdxg_selftest.h"

TEST(load_time_policies_applied_and_logged)
{
	char param[128] = "", *word, *save = NULL;
	const char *marker;
	struct log_rec r;
	size_t len, off = 0;
	uint8_t *log, want[48];
	int i = 0, mode;

	if (access(TDXG_DEV, F_OK))
		SKIP(return, "no " TDXG_DEV);
	if (read_file("/sys/module/tdxg/parameters/rtmr_policy", param,
		      sizeof(param) - 1) <= 0 || param[0] == '\n')
		SKIP(return, "module loaded without rtmr_policy");
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	param[strcspn(param, "\n")] = 0;
	for (word = strtok_r(param, ",", &save); word; word = strtok_r(NULL, ",", &save), i++) {
		mode = !strcmp(word, "once") ? TDXG_POLICY_ONCE :
		       !strcmp(word, "locked") ? TDXG_POLICY_LOCKED : TDXG_POLICY_OPEN;
		ASSERT_EQ(mode, tdxg_policy_get_word(i)) TH_LOG("rtmr%d", i);
		if (mode == TDXG_POLICY_OPEN)
			continue;
		marker = mode == TDXG_POLICY_ONCE ? TDXG_POLICY_MARKER_ONCE :
						    TDXG_POLICY_MARKER_LOCKED;
		ASSERT_EQ(1, next_rec(log, len, &off, &r));
		ASSERT_EQ(i + 1, r.mr);
		ASSERT_EQ(TDXG_EV_POLICY, r.type);
		ASSERT_EQ(strlen(marker), r.size);
		ASSERT_EQ(0, memcmp(marker, r.data, r.size));
		sha384(marker, strlen(marker), want);
		ASSERT_EQ(0, memcmp(want, r.digest, 48));
	}
	free(log);
}

TEST_HARNESS_MAIN
