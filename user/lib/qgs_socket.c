// SPDX-License-Identifier: MIT
/*
 * QGS over vsock or a unix socket: the length-prefixed QGS messages of
 * qgs_msg.c on a non-blocking stream socket, bounded by the deadline.
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
#include "qgs_msg.h"
#include "qgs_socket.h"
#include "qgs_tdvmcall.h"

#define fail tdxg_qgs_fail

/* ---- Sockets: vsock and unix ------------------------------------------ */

static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	for (;;) {
		r = poll(&p, 1, tdxg_qgs_left_ms(deadline));
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
		if (tdxg_qgs_left_ms(deadline) == 0)
			return -ETIMEDOUT;
	}
}

static int send_all(int fd, const uint8_t *buf, size_t len, int64_t deadline)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		int r;

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		r = wait_fd(fd, POLLOUT, deadline);
		if (r)
			return r;
	}
	return 0;
}

/* Reads exactly len bytes; *got says how many arrived before an error. */
static int recv_all(int fd, uint8_t *buf, size_t len, size_t *got, int64_t deadline)
{
	*got = 0;
	while (*got < len) {
		ssize_t n = recv(fd, buf + *got, len - *got, MSG_DONTWAIT);
		int r;

		if (n > 0) {
			*got += (size_t)n;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		r = wait_fd(fd, POLLIN, deadline);
		if (r)
			return r;
	}
	return 0;
}

static enum tdxg_qgs_status io_fail(struct tdxg_qgs_error *e, int err, const char *what,
				    const char *where, unsigned int timeout_ms)
{
	if (err == -ETIMEDOUT)
		return fail(e, TDXG_QGS_E_TIMEOUT, ETIMEDOUT, "%s: %s: no answer within %u.%03u s", where,
			    what, timeout_ms / 1000, timeout_ms % 1000);
	return fail(e, TDXG_QGS_E_IO, -err, "%s: %s: %s", where, what, strerror(-err));
}

/*
 * Nobody listening is "unavailable", as a missing device is: a unix socket
 * that does not exist or refuses, a vsock port with no listener (vsock
 * answers a connect to it with a reset), or a CID nobody routes to.
 */
static enum tdxg_qgs_status connect_fail(struct tdxg_qgs_error *e, int err, const char *where,
					 unsigned int timeout_ms)
{
	if (err == -ENOENT || err == -ECONNREFUSED || err == -ECONNRESET ||
	    err == -EHOSTUNREACH || err == -ENETUNREACH || err == -ENODEV)
		return fail(e, TDXG_QGS_E_UNAVAILABLE, -err, "%s: connect: %s (no QGS listening)",
			    where, strerror(-err));
	return io_fail(e, err, "connect", where, timeout_ms);
}

/* "where: " in front of a message, cut at the end if it gets too long. */
static void prefix_msg(struct tdxg_qgs_error *e, const char *where)
{
	char *msg = e->err.msg;
	size_t w = strlen(where) + 2, m = strlen(msg);

	if (w >= sizeof(e->err.msg))
		return;
	if (w + m >= sizeof(e->err.msg))
		m = sizeof(e->err.msg) - 1 - w;
	memmove(msg + w, msg, m);
	memcpy(msg, where, w - 2);
	memcpy(msg + w - 2, ": ", 2);
	msg[w + m] = '\0';
}

static enum tdxg_qgs_status socket_exchange(const struct tdxg_qgs_transport *t, const uint8_t *tdreport,
					    int64_t deadline, unsigned int timeout_ms,
					    uint8_t **quote, size_t *quote_len, struct tdxg_qgs_error *e)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct sockaddr_vm svm = { .svm_family = AF_VSOCK };
	const struct sockaddr *sa;
	socklen_t salen;
	uint8_t *req = NULL, *msg = NULL, prefix[4];
	size_t req_len, got, msg_len;
	const uint8_t *q;
	char where[160];
	int fd, r, soerr;
	socklen_t sl = sizeof(soerr);
	enum tdxg_qgs_status st;

	tdxg_qgs_transport_name(t, where, sizeof(where));
	if (t->kind == TDXG_QGS_UNIX) {
		memcpy(sun.sun_path, t->path, sizeof(t->path) < sizeof(sun.sun_path) ?
		       sizeof(t->path) : sizeof(sun.sun_path));
		sa = (const struct sockaddr *)&sun;
		salen = sizeof(sun);
	} else {
		svm.svm_cid = t->cid;
		svm.svm_port = t->port;
		sa = (const struct sockaddr *)&svm;
		salen = sizeof(svm);
	}
	r = tdxg_qgs_build_request(tdreport, TDXG_REPORT_LEN, &req, &req_len);
	if (r)
		return fail(e, TDXG_QGS_E_NOMEM, -r, "%s: cannot build the request: %s", where, strerror(-r));

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		r = errno;
		free(req);
		if (r == EAFNOSUPPORT || r == ENODEV)
			return fail(e, TDXG_QGS_E_UNAVAILABLE, r, "%s: no %s sockets here: %s", where,
				    t->kind == TDXG_QGS_UNIX ? "unix" : "vsock", strerror(r));
		return fail(e, TDXG_QGS_E_IO, r, "%s: socket: %s", where, strerror(r));
	}
	if (connect(fd, sa, salen) < 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			st = connect_fail(e, -errno, where, timeout_ms);
			goto out;
		}
		r = wait_fd(fd, POLLOUT, deadline);
		if (!r && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr)
			r = -soerr;
		if (r) {
			st = connect_fail(e, r, where, timeout_ms);
			goto out;
		}
	}
	r = send_all(fd, req, req_len, deadline);
	if (r) {
		st = io_fail(e, r, "sending the request", where, timeout_ms);
		goto out;
	}
	r = recv_all(fd, prefix, 4, &got, deadline);
	if (r == -ECONNRESET) {
		st = fail(e, TDXG_QGS_E_IO, ECONNRESET,
			  "%s: QGS closed the connection %s", where,
			  got ? "inside the length prefix" : "without answering");
		goto out;
	}
	if (r) {
		st = io_fail(e, r, "waiting for the reply", where, timeout_ms);
		goto out;
	}
	msg_len = (size_t)prefix[0] << 24 | (size_t)prefix[1] << 16 | (size_t)prefix[2] << 8 | prefix[3];
	if (msg_len < TDXG_QGS_HEADER_LEN || msg_len > TDXG_QGS_MSG_MAX) {
		st = fail(e, TDXG_QGS_E_MALFORMED, 0,
			  "%s: QGS reply length %zu is outside %u..%u", where, msg_len,
			  TDXG_QGS_HEADER_LEN, TDXG_QGS_MSG_MAX);
		goto out;
	}
	msg = malloc(msg_len);
	if (!msg) {
		st = fail(e, TDXG_QGS_E_NOMEM, ENOMEM, "%s: out of memory", where);
		goto out;
	}
	r = recv_all(fd, msg, msg_len, &got, deadline);
	if (r == -ECONNRESET) {
		st = fail(e, TDXG_QGS_E_IO, ECONNRESET,
			  "%s: QGS closed the connection after %zu of %zu reply bytes", where, got, msg_len);
		goto out;
	}
	if (r) {
		st = io_fail(e, r, "reading the reply", where, timeout_ms);
		goto out;
	}
	/* The public parser returns an errno; its status is in e. */
	st = tdxg_qgs_parse_response(msg, msg_len, &q, quote_len, e) ? e->status : TDXG_QGS_OK;
	if (st != TDXG_QGS_OK) {
		prefix_msg(e, where);
		goto out;
	}
	*quote = malloc(*quote_len);
	if (!*quote) {
		st = fail(e, TDXG_QGS_E_NOMEM, ENOMEM, "%s: out of memory", where);
		goto out;
	}
	memcpy(*quote, q, *quote_len);
out:
	close(fd);
	free(req);
	free(msg);
	return st;
}

/* Given report data, the socket transports quote a fresh TDREPORT. */
static enum tdxg_qgs_status socket_op(const struct tdxg_qgs_request *req,
				      const struct tdxg_qgs_transport *t, const char *where,
				      int64_t deadline, unsigned int timeout_ms,
				      uint8_t **quote, size_t *quote_len, struct tdxg_qgs_error *e)
{
	uint8_t tdreport[TDXG_REPORT_LEN];
	enum tdxg_qgs_status st;

	if (req->tdreport)
		return socket_exchange(t, req->tdreport, deadline, timeout_ms, quote, quote_len, e);
	st = tdxg_qgs_fresh_report(where, req->reportdata, tdreport, e);
	if (st != TDXG_QGS_OK)
		return st;
	return socket_exchange(t, tdreport, deadline, timeout_ms, quote, quote_len, e);
}

const struct tdxg_qgs_transport_ops tdxg_qgs_vsock_ops = {
	.kind = TDXG_QGS_VSOCK, .name = "vsock", .quote = socket_op,
};

const struct tdxg_qgs_transport_ops tdxg_qgs_unix_ops = {
	.kind = TDXG_QGS_UNIX, .name = "unix", .quote = socket_op,
};
