/* SPDX-License-Identifier: MIT */
/* libtdxg internal: the one deadline of a QGS request (qgs_deadline.c). */
#ifndef TDXG_QGS_DEADLINE_H
#define TDXG_QGS_DEADLINE_H

#include <pthread.h>
#include <stdint.h>

/* CLOCK_MONOTONIC milliseconds. */
int64_t tdxg_qgs_now_ms(void);
/* Milliseconds left, at least 0, at most INT_MAX (poll's range). */
int tdxg_qgs_left_ms(int64_t deadline);
/*
 * Interrupts the calling thread's blocking call (EINTR) once deadline
 * passes, when enabled (the caller's TDXG_QGS_WATCHDOG); else it does
 * nothing and never fires.
 */
struct tdxg_qgs_watchdog {
	pthread_t target, thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int64_t deadline;
	int done, fired, running;
};
int tdxg_qgs_watchdog_start(struct tdxg_qgs_watchdog *w, int64_t deadline, int enabled);
/* Returns whether the watchdog fired. */
int tdxg_qgs_watchdog_stop(struct tdxg_qgs_watchdog *w);

#endif
