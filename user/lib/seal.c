// SPDX-License-Identifier: MIT
/*
 * Seals in replayed event logs: does an RTMR's history end with tdxg's
 * LOCKED marker, and under once, with exactly one extend after ONCE?
 */
#include <errno.h>
#include <string.h>

#include <tdxg/eventlog.h>
#include <tdxg/util.h>

enum { EV_NONE, EV_OTHER, EV_ONCE, EV_LOCKED };

void tdxg_seal_init(struct tdxg_seal_state *s)
{
	memset(s, 0, sizeof(*s));
}

static int marker_kind(const struct tdxg_event *ev, const char *marker, int kind)
{
	uint8_t want[TDXG_DIGEST_LEN];
	size_t n = strlen(marker);
	int digest, label;

	if (tdxg_sha384(marker, n, want))
		return -ENOMEM;
	digest = ev->sha384 && !memcmp(ev->sha384, want, sizeof(want));
	label = ev->event_type == TDXG_EV_POLICY && ev->data_size == n &&
		!memcmp(ev->data, marker, n);
	if (digest != label)
		return -EINVAL;
	return digest ? kind : EV_NONE;
}

int tdxg_seal_add(struct tdxg_seal_state *s, const struct tdxg_event_log *log,
		  size_t *bad_event)
{
	size_t i;

	for (i = 0; i < log->nr_events; i++) {
		const struct tdxg_event *ev = &log->events[i];
		uint8_t *t;
		int once, locked;

		if (ev->event_type == TDXG_TCG_EV_NO_ACTION || ev->mr_index < 1 ||
		    ev->mr_index > TDXG_NR_RTMR)
			continue;
		once = marker_kind(ev, TDXG_POLICY_MARKER_ONCE, EV_ONCE);
		locked = marker_kind(ev, TDXG_POLICY_MARKER_LOCKED, EV_LOCKED);
		if (once < 0 || locked < 0 ||
		    (ev->event_type == TDXG_EV_POLICY && !once && !locked)) {
			if (bad_event)
				*bad_event = i;
			return once == -ENOMEM || locked == -ENOMEM ? -ENOMEM : -EINVAL;
		}
		t = s->tail[ev->mr_index - 1];
		t[2] = t[1];
		t[1] = t[0];
		t[0] = once ? EV_ONCE : locked ? EV_LOCKED : EV_OTHER;
	}
	return 0;
}

int tdxg_seal_check_sealed(const struct tdxg_seal_state *s, unsigned int rtmr)
{
	if (rtmr >= TDXG_NR_RTMR)
		return -EINVAL;
	return s->tail[rtmr][0] == EV_LOCKED ? 0 : -ENOENT;
}

int tdxg_seal_check_once(const struct tdxg_seal_state *s, unsigned int rtmr)
{
	const uint8_t *t;

	if (rtmr >= TDXG_NR_RTMR)
		return -EINVAL;
	t = s->tail[rtmr];
	return t[0] == EV_LOCKED && t[1] == EV_OTHER && t[2] == EV_ONCE ? 0 : -ENOENT;
}
