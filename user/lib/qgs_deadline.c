// SPDX-License-Identifier: MIT
/*
 * The one deadline every QGS transport runs against, and the watchdog that
 * interrupts a blocking kernel call (ioctl, configfs read) when it passes,
 * if the caller asked for one (TDXG_QGS_WATCHDOG): its thread and signal
 * handler are process-wide effects a library does not impose.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/vm_sockets.h>

#include <tdxg/qgs.h>
#include "qgs_deadline.h"

/* ---- Deadlines ------------------------------------------------------- */

int64_t tdxg_qgs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left, at least 0, at most INT_MAX (poll's range). */
int tdxg_qgs_left_ms(int64_t deadline)
{
	int64_t left = deadline - tdxg_qgs_now_ms();

	return left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/* ---- Interrupting blocking kernel calls at the deadline ------------------ */

static void wake_handler(int sig)
{
	(void)sig;
}

static void install_wake_handler(void)
{
	struct sigaction sa, old;

	if (sigaction(TDXG_QGS_WAKE_SIGNAL, NULL, &old) || old.sa_handler != SIG_DFL ||
	    (old.sa_flags & SA_SIGINFO))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wake_handler;	/* no SA_RESTART: the call must return EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(TDXG_QGS_WAKE_SIGNAL, &sa, NULL);
}


static void *watchdog_main(void *arg)
{
	struct tdxg_qgs_watchdog *w = arg;
	struct timespec ts;
	int64_t at = w->deadline;

	pthread_mutex_lock(&w->lock);
	while (!w->done) {
		ts.tv_sec = at / 1000;
		ts.tv_nsec = (at % 1000) * 1000000;
		if (pthread_cond_timedwait(&w->cond, &w->lock, &ts) == ETIMEDOUT && !w->done) {
			/* Repeat: a signal that lands just before the call
			 * blocks would otherwise be lost. */
			w->fired = 1;
			pthread_kill(w->target, TDXG_QGS_WAKE_SIGNAL);
			at = tdxg_qgs_now_ms() + 50;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int tdxg_qgs_watchdog_start(struct tdxg_qgs_watchdog *w, int64_t deadline, int enabled)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_condattr_t ca;
	int r;

	memset(w, 0, sizeof(*w));
	if (!enabled)
		return 0;
	pthread_once(&once, install_wake_handler);
	w->target = pthread_self();
	w->deadline = deadline;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	r = pthread_create(&w->thread, NULL, watchdog_main, w);
	if (r) {
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		return -r;
	}
	w->running = 1;
	return 0;
}

/* Returns whether the watchdog fired. */
int tdxg_qgs_watchdog_stop(struct tdxg_qgs_watchdog *w)
{
	int fired;

	if (!w->running)
		return 0;
	pthread_mutex_lock(&w->lock);
	w->done = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	fired = w->fired;
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	w->running = 0;
	return fired;
}
