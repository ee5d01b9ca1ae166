// SPDX-License-Identifier: MIT
/*
 * The last checks of a verification: the caller's event logs replayed
 * against the quote's RTMRs, every register's history checked against
 * what tdxg's policies can write, then the seals the caller expects
 * (tdxg_verify_opts.logs, expect_sealed, expect_once).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "verify_replay.h"
#include "verify_result.h"
#include <tdxg/eventlog.h>
#include <tdxg/verify.h>

/*
 * A firmware CCEL starts with a Spec ID header; the runtime log has none,
 * and is empty (0 bytes) until the first extend: replaying it changes
 * nothing, and the comparison still judges. Padding alone is no log.
 */
static int parse_log(const struct tdxg_verify_log *l, unsigned int i, struct tdxg_event_log *log,
		     struct tdxg_verify_result *res)
{
	size_t ccel_bad;

	if (!tdxg_event_log_parse(l->buf, l->len, TDXG_LOG_CCEL, log))
		return 0;
	/* Past the Spec ID header it was a CCEL: say where it broke. */
	ccel_bad = log->bad_offset;
	if (tdxg_event_log_parse(l->buf, l->len, TDXG_LOG_RUNTIME, log))
		return vfail(res, TDXG_VERIFY_INVALID, "replay",
			     "log %u: not a CCEL or tdxg runtime event log (malformed at offset %zu)",
			     i + 1, ccel_bad ? ccel_bad : log->bad_offset);
	if (!log->nr_events && l->len) {
		tdxg_event_log_free(log);
		return vfail(res, TDXG_VERIFY_INVALID, "replay",
			     "log %u: not a CCEL or tdxg runtime event log (%zu bytes of padding)",
			     i + 1, l->len);
	}
	return 0;
}

int tdxg_replay_check(const struct tdxg_quote *q, const struct tdxg_verify_opts *o,
		      struct tdxg_verify_result *res)
{
	uint8_t replayed[TDXG_NR_RTMR][TDXG_DIGEST_LEN], quoted[TDXG_NR_RTMR][TDXG_DIGEST_LEN];
	struct tdxg_seal_state seals;
	int history = 0, r;
	unsigned int i, bad;

	if (!o->nr_logs)
		return 0;
	memset(replayed, 0, sizeof(replayed));
	tdxg_seal_init(&seals);
	for (i = 0; i < o->nr_logs; i++) {
		struct tdxg_event_log log;
		size_t bad_ev = 0;

		if (parse_log(&o->logs[i], i, &log, res))
			return res->error;
		if (tdxg_replay(&log, replayed, &bad_ev)) {
			tdxg_event_log_free(&log);
			return vfail(res, TDXG_VERIFY_INVALID, "replay", "log %u: event %zu cannot be replayed",
				     i + 1, bad_ev);
		}
		/* After the first history tdxg cannot write, only malformed logs
		 * and the replay still decide. */
		r = history ? 0 : tdxg_seal_add(&seals, &log, &bad_ev);
		if (r == -EPERM) {
			const struct tdxg_event *ev = &log.events[bad_ev];

			history = 1;
			res->failed_log = i;
			res->failed_event = (uint32_t)bad_ev + 1;
			res->failed_rtmr = ev->mr_index - 1;
			res->failed_event_type = ev->event_type;
			snprintf(res->failed_why, sizeof(res->failed_why), "%s",
				 tdxg_seal_why(&seals, res->failed_rtmr));
			r = 0;
		}
		tdxg_event_log_free(&log);
		if (r)
			return vfail(res, TDXG_VERIFY_INVALID, "replay",
				     "log %u: event %zu has a policy marker's digest or label but not both",
				     i + 1, bad_ev);
	}
	memcpy(quoted, q->body->rtmr, sizeof(quoted));
	if (tdxg_rtmr_compare(replayed, quoted, (1u << TDXG_NR_RTMR) - 1, &bad)) {
		res->failed_event = 0;
		return vfail(res, TDXG_VERIFY_POLICY, "replay",
			     "replaying the event log%s does not give the quote's RTMR%u",
			     o->nr_logs > 1 ? "s" : "", bad);
	}
	/*
	 * The replay matches, but a history the module cannot write means
	 * its policies were bypassed: no seal in these logs can be trusted,
	 * whichever register was asked about.
	 */
	if (history) {
		const char *name = tdxg_event_type_name(res->failed_event_type);

		return vfail(res, TDXG_VERIFY_POLICY, "replay_history", "log %u: event %u (RTMR%u, %s) %s",
			     res->failed_log + 1, res->failed_event, res->failed_rtmr,
			     name ? name : "unknown type", res->failed_why);
	}
	/* The replay matches the quote, so the markers are in the registers. */
	for (i = 0; i < TDXG_NR_RTMR; i++) {
		if ((o->expect_sealed & (1u << i)) && tdxg_seal_check_sealed(&seals, i))
			return vfail(res, TDXG_VERIFY_POLICY, "expect_sealed",
				     "RTMR%u's replayed events do not end with the TDXG_POLICY_LOCKED marker", i);
		if ((o->expect_once & (1u << i)) && tdxg_seal_check_once(&seals, i))
			return vfail(res, TDXG_VERIFY_POLICY, "expect_once",
				     "RTMR%u's replayed events do not end with TDXG_POLICY_ONCE, one extend, "
				     "TDXG_POLICY_LOCKED", i);
	}
	return 0;
}
