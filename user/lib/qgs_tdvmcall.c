// SPDX-License-Identifier: MIT
/*
 * tdvmcall: the tdxg module's GET_QUOTE ioctl (TDVMCALL GetQuote, the VMM
 * talks to QGS), and the fresh TDREPORT the socket transports quote.
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

#include <tdxg/device.h>
#include <tdxg/qgs.h>
#include "qgs_deadline.h"
#include "qgs_msg.h"
#include "qgs_tdvmcall.h"

#define fail tdxg_qgs_fail

/* ---- tdvmcall: the tdxg module -------------------------------------------- */

enum tdxg_qgs_status tdxg_qgs_dev_open_fail(struct tdxg_qgs_error *e, const char *where, int r)
{
	enum tdxg_qgs_status st = r == -ENOENT || r == -ENODEV || r == -ENXIO || r == -EPERM ||
				  r == -EACCES ? TDXG_QGS_E_UNAVAILABLE : TDXG_QGS_E_IO;

	return fail(e, st, -r, "%s: %s: %s", where, tdxg_device_path(), tdxg_open_strerror(r));
}

static enum tdxg_qgs_status tdvmcall_quote(const struct tdxg_qgs_request *req,
					const struct tdxg_qgs_transport *t, const char *where,
					int64_t deadline, unsigned int timeout_ms,
					uint8_t **quote, size_t *quote_len, struct tdxg_qgs_error *e)
{
	struct tdxg_dev *dev;
	struct tdxg_qgs_watchdog w;
	size_t len;
	uint8_t *buf;
	int r, fired;

	(void)t;	/* where is the transport name, which messages spell alike */
	(void)where;
	r = tdxg_open(&dev, req->flags & TDXG_QGS_LOAD_MODULE ? TDXG_OPEN_LOAD_MODULE : 0);
	if (r)
		return tdxg_qgs_dev_open_fail(e, "tdvmcall", r);
	buf = malloc(TDXG_QGS_QUOTE_MAX);
	if (!buf) {
		tdxg_close(dev);
		return fail(e, TDXG_QGS_E_NOMEM, ENOMEM, "tdvmcall: out of memory");
	}
	r = tdxg_qgs_watchdog_start(&w, deadline, req->flags & TDXG_QGS_WATCHDOG);
	if (r) {
		free(buf);
		tdxg_close(dev);
		return fail(e, TDXG_QGS_E_IO, -r, "tdvmcall: cannot start the timeout thread: %s", strerror(-r));
	}
	do {
		len = TDXG_QGS_QUOTE_MAX;
		r = tdxg_get_quote(dev, req->reportdata, buf, &len, req->ioctl_flags);
		/* Another signal: try again while there is time. */
	} while (r == -EINTR && !w.fired && tdxg_qgs_left_ms(deadline) > 0);
	fired = tdxg_qgs_watchdog_stop(&w);
	tdxg_close(dev);
	if (r) {
		free(buf);
		if (r == -ETIMEDOUT || (r == -EINTR && (fired || tdxg_qgs_left_ms(deadline) == 0)))
			return fail(e, TDXG_QGS_E_TIMEOUT, ETIMEDOUT,
				    "tdvmcall: GET_QUOTE %s within %u.%03u s",
				    r == -ETIMEDOUT ? "timed out in the module (quote_timeout)" : "got no quote",
				    timeout_ms / 1000, timeout_ms % 1000);
		if (r == -EOPNOTSUPP)
			return fail(e, TDXG_QGS_E_UNAVAILABLE, -r,
				    "tdvmcall: this kernel cannot share memory with the host (it does not run as a TD), so tdxg refuses GetQuote");
		if (r == -ENOTTY)
			return fail(e, TDXG_QGS_E_UNAVAILABLE, -r,
				    "tdvmcall: the tdxg module does not offer GET_QUOTE: %s", strerror(-r));
		if (r == -EAGAIN)
			return fail(e, TDXG_QGS_E_IO, -r,
				    "tdvmcall: the host says its quote service is unavailable (GetQuote status SERVICE_UNAVAILABLE)");
		if (r == -EFBIG)
			return fail(e, TDXG_QGS_E_MALFORMED, -r,
				    "tdvmcall: the host's quote is larger than %u bytes", TDXG_QGS_QUOTE_MAX);
		if (r == -EBUSY)
			return fail(e, TDXG_QGS_E_IO, -r,
				    "tdvmcall: the module still waits on abandoned GetQuote requests (Device or resource busy)");
		if (r == -EIO)
			return fail(e, TDXG_QGS_E_IO, -r,
				    "tdvmcall: GetQuote failed: the host reported an error or answered out of bounds (see dmesg)");
		return fail(e, TDXG_QGS_E_IO, -r, "tdvmcall: GET_QUOTE ioctl on %s: %s", tdxg_device_path(),
			    strerror(-r));
	}
	if (len == 0 || len > TDXG_QGS_QUOTE_MAX) {
		free(buf);
		return fail(e, TDXG_QGS_E_MALFORMED, 0, "tdvmcall: the module returned a %zu-byte quote", len);
	}
	*quote = buf;
	*quote_len = len;
	return TDXG_QGS_OK;
}

/* A fresh TDREPORT for the socket transports when given report data. */
enum tdxg_qgs_status tdxg_qgs_fresh_report(const char *where, const uint8_t *reportdata,
					 uint8_t tdreport[TDXG_REPORT_LEN], struct tdxg_qgs_error *e)
{
	struct tdxg_report_req rr;
	struct tdxg_dev *dev;
	int r, fd;

	r = tdxg_open(&dev, 0);
	if (!r) {
		r = tdxg_get_report(dev, reportdata, tdreport);
		tdxg_close(dev);
		if (r)
			return fail(e, TDXG_QGS_E_IO, -r, "%s: GET_REPORT0 on %s: %s", where,
				    tdxg_device_path(), strerror(-r));
		return TDXG_QGS_OK;
	}
	/* Upstream's driver (6.2+) has the same GET_REPORT0. */
	fd = open("/dev/tdx_guest", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return tdxg_qgs_dev_open_fail(e, where, r);
	memset(&rr, 0, sizeof(rr));
	memcpy(rr.reportdata, reportdata, TDXG_REPORTDATA_LEN);
	if (ioctl(fd, TDXG_GET_REPORT0, &rr) < 0) {
		r = errno;
		close(fd);
		return fail(e, TDXG_QGS_E_IO, r, "%s: GET_REPORT0 on /dev/tdx_guest: %s", where, strerror(r));
	}
	close(fd);
	memcpy(tdreport, rr.tdreport, TDXG_REPORT_LEN);
	return TDXG_QGS_OK;
}

const struct tdxg_qgs_transport_ops tdxg_qgs_tdvmcall_ops = {
	.kind = TDXG_QGS_TDVMCALL, .name = "tdvmcall", .report_data_only = 1, .quote = tdvmcall_quote,
};
