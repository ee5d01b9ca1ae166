// SPDX-License-Identifier: MIT
/* libFuzzer target: libtdxg's event-log parser (CCEL and runtime) and replay. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tdxg/tdxg.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tdxg_log_format formats[] = { TDXG_LOG_CCEL, TDXG_LOG_RUNTIME };
	uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	struct tdxg_event_log log;
	size_t i, bad;

	for (i = 0; i < 2; i++) {
		if (tdxg_event_log_parse(data, size, formats[i], &log))
			continue;
		memset(rtmr, 0, sizeof(rtmr));
		tdxg_replay(&log, rtmr, &bad);
		tdxg_event_log_free(&log);
	}
	return 0;
}
