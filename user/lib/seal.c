// SPDX-License-Identifier: MIT
/*
 * Seals in replayed event logs. Each register's whole history is run
 * through the policy machine of kmod/measure.c, so a log that only a
 * bypass can have written (an extend or a marker after LOCKED, a second
 * ONCE, two extends under once) is refused, not judged by its last
 * events: a forged log can end in anything.
 */
#include <errno.h>
#include <string.h>

#include <tdxg/eventlog.h>
#include <tdxg/util.h>

enum { EV_OTHER = 1, EV_ONCE, EV_LOCKED };

/*
 * Where a register stands, as measure.c moves it: OPEN takes extends;
 * tighten to once measures ONCE (ONCE_FRESH), whose one extend moves it to
 * ONCE_SPENT, where only the LOCKED marker may follow (at once, or by a
 * later tighten if it was pending); LOCKED from OPEN or ONCE_FRESH is
 * LOCKED, from ONCE_SPENT LOCKED_ONCE. Nothing follows either locked
 * state. 0 is OPEN so that a zeroed state is a fresh one.
 */
enum { ST_OPEN, ST_ONCE_FRESH, ST_ONCE_SPENT, ST_LOCKED, ST_LOCKED_ONCE };

void tdxg_seal_init(struct tdxg_seal_state *s)
{
	memset(s, 0, sizeof(*s));
}

static int marker_kind(const struct tdxg_event *ev, const char *marker,
		       const uint8_t want[TDXG_DIGEST_LEN], int kind)
{
	size_t n = strlen(marker);
	int digest, label;

	digest = ev->sha384 && !memcmp(ev->sha384, want, TDXG_DIGEST_LEN);
	label = ev->event_type == TDXG_EV_POLICY && ev->data_size == n &&
		!memcmp(ev->data, marker, n);
	if (digest != label)
		return -EINVAL;
	return digest ? kind : 0;
}

/* The state after an event of kind in state st, or -1: measure.c cannot write it. */
static int next_state(int st, int kind)
{
	switch (st) {
	case ST_OPEN:
		return kind == EV_OTHER ? ST_OPEN : kind == EV_ONCE ? ST_ONCE_FRESH : ST_LOCKED;
	case ST_ONCE_FRESH:
		/* A tighten to once of a once register measures nothing. */
		return kind == EV_OTHER ? ST_ONCE_SPENT : kind == EV_LOCKED ? ST_LOCKED : -1;
	case ST_ONCE_SPENT:
		/* The one extend is spent: extends get EPERM until LOCKED. */
		return kind == EV_LOCKED ? ST_LOCKED_ONCE : -1;
	}
	return -1;	/* locked: every extend and tighten is refused */
}

int tdxg_seal_add(struct tdxg_seal_state *s, const struct tdxg_event_log *log,
		  size_t *bad_event)
{
	uint8_t want_once[TDXG_DIGEST_LEN], want_locked[TDXG_DIGEST_LEN];
	size_t i;

	/* Once per log, not per event: hashing them each time cost more than
	 * the replay itself (Documentation/benchmark.rst, "Event log"). */
	if (tdxg_sha384(TDXG_POLICY_MARKER_ONCE, strlen(TDXG_POLICY_MARKER_ONCE), want_once) ||
	    tdxg_sha384(TDXG_POLICY_MARKER_LOCKED, strlen(TDXG_POLICY_MARKER_LOCKED), want_locked))
		return -ENOMEM;
	for (i = 0; i < log->nr_events; i++) {
		const struct tdxg_event *ev = &log->events[i];
		unsigned int r;
		int once, locked, kind, next;

		if (ev->event_type == TDXG_TCG_EV_NO_ACTION || ev->mr_index < 1 ||
		    ev->mr_index > TDXG_NR_RTMR)
			continue;
		r = ev->mr_index - 1;
		if (s->broken[r])
			goto refused;
		once = marker_kind(ev, TDXG_POLICY_MARKER_ONCE, want_once, EV_ONCE);
		locked = marker_kind(ev, TDXG_POLICY_MARKER_LOCKED, want_locked, EV_LOCKED);
		if (once < 0 || locked < 0 ||
		    (ev->event_type == TDXG_EV_POLICY && !once && !locked)) {
			if (bad_event)
				*bad_event = i;
			return -EINVAL;
		}
		kind = once ? EV_ONCE : locked ? EV_LOCKED : EV_OTHER;
		next = next_state(s->state[r], kind);
		if (next < 0) {
			/* Keep the state it broke in, for tdxg_seal_why(). */
			s->broken[r] = (uint8_t)kind;
			goto refused;
		}
		s->state[r] = (uint8_t)next;
		continue;
refused:
		if (bad_event)
			*bad_event = i;
		return -EPERM;
	}
	return 0;
}

const char *tdxg_seal_why(const struct tdxg_seal_state *s, unsigned int rtmr)
{
	if (rtmr >= TDXG_NR_RTMR || !s->broken[rtmr])
		return NULL;
	if (s->state[rtmr] == ST_LOCKED || s->state[rtmr] == ST_LOCKED_ONCE)
		return "follows the TDXG_POLICY_LOCKED marker: tdxg refuses every extend and seal of a locked register";
	if (s->broken[rtmr] == EV_ONCE)
		return "repeats the TDXG_POLICY_ONCE marker: tdxg measures it once per register";
	return "is a second extend after the TDXG_POLICY_ONCE marker: tdxg allows one";
}

int tdxg_seal_check_sealed(const struct tdxg_seal_state *s, unsigned int rtmr)
{
	if (rtmr >= TDXG_NR_RTMR)
		return -EINVAL;
	if (s->broken[rtmr])
		return -EPERM;
	return s->state[rtmr] == ST_LOCKED || s->state[rtmr] == ST_LOCKED_ONCE ? 0 : -ENOENT;
}

int tdxg_seal_check_once(const struct tdxg_seal_state *s, unsigned int rtmr)
{
	if (rtmr >= TDXG_NR_RTMR)
		return -EINVAL;
	if (s->broken[rtmr])
		return -EPERM;
	return s->state[rtmr] == ST_LOCKED_ONCE ? 0 : -ENOENT;
}
