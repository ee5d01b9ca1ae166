/* SPDX-License-Identifier: MIT */
/* Shared between the QGS message code and its transports. */
#ifndef TDXG_QGS_INTERNAL_H
#define TDXG_QGS_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include <tdxg/qgs.h>

__attribute__((format(printf, 4, 5)))
enum tdxg_qgs_status tdxg_qgs_fail(struct tdxg_qgs_error *e, enum tdxg_qgs_status status, int err,
				   const char *fmt, ...);

/* qgs_deadline.c: the one deadline (CLOCK_MONOTONIC milliseconds). */
int64_t tdxg_qgs_now_ms(void);
/* Milliseconds left, at least 0, at most INT_MAX (poll's range). */
int tdxg_qgs_left_ms(int64_t deadline);
/* Interrupts the calling thread's blocking call (EINTR) once deadline passes. */
struct tdxg_qgs_watchdog {
	pthread_t target, thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int64_t deadline;
	int done, fired, running;
};
int tdxg_qgs_watchdog_start(struct tdxg_qgs_watchdog *w, int64_t deadline);
/* Returns whether the watchdog fired. */
int tdxg_qgs_watchdog_stop(struct tdxg_qgs_watchdog *w);

/* qgs_tdvmcall.c, also for the socket transports given report data. */
enum tdxg_qgs_status tdxg_qgs_dev_open_fail(struct tdxg_qgs_error *e, const char *where, int r);
enum tdxg_qgs_status tdxg_qgs_fresh_report(const char *where, const uint8_t *reportdata,
					   uint8_t tdreport[TDXG_REPORT_LEN], struct tdxg_qgs_error *e);

/*
 * One transport, in a file of its own; auto walks tdxg_qgs_transports[]
 * (qgs_transport.c) in order: the in-kernel paths first, as they need no
 * configuration.
 */
struct tdxg_qgs_transport_ops {
	enum tdxg_qgs_kind kind;
	const char *name;		/* the spec auto parses for its defaults */
	int report_data_only;		/* quotes a TDREPORT of its own making */
	enum tdxg_qgs_status (*quote)(const struct tdxg_qgs_request *req,
				      const struct tdxg_qgs_transport *t, const char *where,
				      int64_t deadline, unsigned int timeout_ms,
				      uint8_t **quote, size_t *quote_len, struct tdxg_qgs_error *e);
};
extern const struct tdxg_qgs_transport_ops tdxg_qgs_tsm_ops, tdxg_qgs_tdvmcall_ops,
	tdxg_qgs_vsock_ops, tdxg_qgs_unix_ops;

#endif
