// SPDX-License-Identifier: MIT
/*
 * Getting a quote: QGS over vsock or a unix socket, the tdxg module's
 * GET_QUOTE ioctl, configfs-tsm, and auto, which tries them in turn.
 * Every transport runs against one deadline; none may block past it.
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

#include <tdxg/tdxg.h>
#include <tdxg/qgs.h>
#include "qgs_internal.h"

#define fail tdxg_qgs_fail

/* ---- Deadlines ------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left, at least 0, at most INT_MAX (poll's range). */
static int left_ms(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	return left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/* ---- Transport specs ------------------------------------------------- */

int tdxg_qgs_conf_port(const char *path, uint32_t *port)
{
	char line[256];
	FILE *f = fopen(path, "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end, *hash = strchr(line, '#');
		unsigned long v;

		if (hash)
			*hash = '\0';
		p += strspn(p, " \t");
		if (strncmp(p, "port", 4))
			continue;
		p += 4;
		p += strspn(p, " \t");
		if (*p != '=')
			continue;
		p++;
		p += strspn(p, " \t");
		errno = 0;
		v = strtoul(p, &end, 10);
		end += strspn(end, " \t\r\n");
		if (end == p || *end || errno || v == 0 || v > UINT32_MAX - 1) {
			ret = -EINVAL;
			break;
		}
		*port = (uint32_t)v;
		ret = 0;	/* the last port= line wins, as in a shell-style config */
	}
	fclose(f);
	return ret;
}

static int parse_u32(const char *s, const char *end, uint32_t *out)
{
	unsigned long v;
	char *e;

	if (s == end || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &e, 0);
	if (e != end || errno || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int vsock_defaults(uint32_t *cid, uint32_t *port, struct tdxg_qgs_error *e)
{
	const char *env = secure_getenv("TDXG_QGS_VSOCK");
	const char *conf = secure_getenv("TDXG_ATTEST_CONF");
	const char *colon;
	int ret;

	if (env && *env && strcmp(env, "off")) {
		colon = strchr(env, ':');
		if (!colon || parse_u32(env, colon, cid) || parse_u32(colon + 1, colon + strlen(colon), port)) {
			fail(e, TDXG_QGS_E_USAGE, EINVAL, "TDXG_QGS_VSOCK='%s' is not CID:PORT", env);
			return -EINVAL;
		}
		return 0;
	}
	*cid = TDXG_QGS_DEFAULT_CID;
	*port = TDXG_QGS_DEFAULT_PORT;
	if (!conf || !*conf)
		conf = TDXG_ATTEST_CONF;
	ret = tdxg_qgs_conf_port(conf, port);
	if (ret == -EINVAL) {
		fail(e, TDXG_QGS_E_USAGE, EINVAL, "%s: port= is not a port number", conf);
		return ret;
	}
	return 0;
}

int tdxg_qgs_parse_transport(const char *spec, struct tdxg_qgs_transport *t,
			     struct tdxg_qgs_error *e)
{
	const char *env;

	memset(t, 0, sizeof(*t));
	if (!strcmp(spec, "auto")) {
		t->kind = TDXG_QGS_AUTO;
	} else if (!strcmp(spec, "tdvmcall")) {
		t->kind = TDXG_QGS_TDVMCALL;
	} else if (!strcmp(spec, "tsm")) {
		t->kind = TDXG_QGS_TSM;
	} else if (!strcmp(spec, "vsock")) {
		t->kind = TDXG_QGS_VSOCK;
		if (vsock_defaults(&t->cid, &t->port, e))
			return -EINVAL;
	} else if (!strncmp(spec, "vsock:", 6)) {
		const char *a = spec + 6, *colon = strchr(a, ':');

		t->kind = TDXG_QGS_VSOCK;
		if (!colon || parse_u32(a, colon, &t->cid) ||
		    parse_u32(colon + 1, colon + strlen(colon), &t->port)) {
			fail(e, TDXG_QGS_E_USAGE, EINVAL, "transport '%s': expected vsock:CID:PORT", spec);
			return -EINVAL;
		}
	} else if (!strcmp(spec, "unix") || !strncmp(spec, "unix:", 5)) {
		const char *path = spec[4] ? spec + 5 : NULL;

		t->kind = TDXG_QGS_UNIX;
		if (!path || !*path) {
			env = secure_getenv("TDXG_QGS_UNIX");
			path = env && *env ? env : TDXG_QGS_DEFAULT_UNIX;
		}
		if (strlen(path) >= sizeof(t->path)) {
			fail(e, TDXG_QGS_E_USAGE, ENAMETOOLONG, "unix socket path '%s' is longer than %zu bytes",
			     path, sizeof(t->path) - 1);
			return -EINVAL;
		}
		strcpy(t->path, path);
	} else {
		fail(e, TDXG_QGS_E_USAGE, EINVAL,
		     "unknown transport '%s' (auto, vsock[:CID:PORT], unix[:PATH], tdvmcall, tsm)", spec);
		return -EINVAL;
	}
	return 0;
}

const char *tdxg_qgs_transport_name(const struct tdxg_qgs_transport *t, char *buf, size_t size)
{
	switch (t->kind) {
	case TDXG_QGS_AUTO: snprintf(buf, size, "auto"); break;
	case TDXG_QGS_VSOCK: snprintf(buf, size, "vsock:%u:%u", t->cid, t->port); break;
	case TDXG_QGS_UNIX: snprintf(buf, size, "unix:%s", t->path); break;
	case TDXG_QGS_TDVMCALL: snprintf(buf, size, "tdvmcall"); break;
	case TDXG_QGS_TSM: snprintf(buf, size, "tsm"); break;
	}
	return buf;
}

/* ---- Sockets: vsock and unix ------------------------------------------ */

static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	for (;;) {
		r = poll(&p, 1, left_ms(deadline));
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
		if (left_ms(deadline) == 0)
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
	size_t w = strlen(where) + 2, m = strlen(e->msg);

	if (w >= sizeof(e->msg))
		return;
	if (w + m >= sizeof(e->msg))
		m = sizeof(e->msg) - 1 - w;
	memmove(e->msg + w, e->msg, m);
	memcpy(e->msg, where, w - 2);
	memcpy(e->msg + w - 2, ": ", 2);
	e->msg[w + m] = '\0';
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
	st = tdxg_qgs_parse_response(msg, msg_len, &q, quote_len, e);
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

struct watchdog {
	pthread_t target, thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int64_t deadline;
	int done, fired, running;
};

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
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
			at = now_ms() + 50;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static int watchdog_start(struct watchdog *w, int64_t deadline)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_condattr_t ca;
	int r;

	pthread_once(&once, install_wake_handler);
	memset(w, 0, sizeof(*w));
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
static int watchdog_stop(struct watchdog *w)
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

/* ---- tdvmcall: the tdxg module -------------------------------------------- */

static enum tdxg_qgs_status dev_open_fail(struct tdxg_qgs_error *e, const char *where, int r)
{
	enum tdxg_qgs_status st = r == -ENOENT || r == -ENODEV || r == -ENXIO || r == -EPERM ||
				  r == -EACCES ? TDXG_QGS_E_UNAVAILABLE : TDXG_QGS_E_IO;

	return fail(e, st, -r, "%s: %s: %s", where, tdxg_device_path(), tdxg_open_strerror(r));
}

static enum tdxg_qgs_status tdvmcall_quote(const struct tdxg_qgs_request *req, int64_t deadline,
					   unsigned int timeout_ms, uint8_t **quote, size_t *quote_len,
					   struct tdxg_qgs_error *e)
{
	struct tdxg_dev *dev;
	struct watchdog w;
	size_t len;
	uint8_t *buf;
	int r, fired;

	r = tdxg_open(&dev, 0);
	if (r)
		return dev_open_fail(e, "tdvmcall", r);
	buf = malloc(TDXG_QGS_QUOTE_MAX);
	if (!buf) {
		tdxg_close(dev);
		return fail(e, TDXG_QGS_E_NOMEM, ENOMEM, "tdvmcall: out of memory");
	}
	r = watchdog_start(&w, deadline);
	if (r) {
		free(buf);
		tdxg_close(dev);
		return fail(e, TDXG_QGS_E_IO, -r, "tdvmcall: cannot start the timeout thread: %s", strerror(-r));
	}
	do {
		len = TDXG_QGS_QUOTE_MAX;
		r = tdxg_get_quote(dev, req->reportdata, buf, &len, req->ioctl_flags);
		/* Another signal: try again while there is time. */
	} while (r == -EINTR && !w.fired && left_ms(deadline) > 0);
	fired = watchdog_stop(&w);
	tdxg_close(dev);
	if (r) {
		free(buf);
		if (r == -ETIMEDOUT || (r == -EINTR && (fired || left_ms(deadline) == 0)))
			return fail(e, TDXG_QGS_E_TIMEOUT, ETIMEDOUT,
				    "tdvmcall: GET_QUOTE %s within %u.%03u s",
				    r == -ETIMEDOUT ? "timed out in the module (quote_timeout)" : "got no quote",
				    timeout_ms / 1000, timeout_ms % 1000);
		if (r == -ENOTTY || r == -EOPNOTSUPP)
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
static enum tdxg_qgs_status fresh_report(const char *where, const uint8_t *reportdata,
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
		return dev_open_fail(e, where, r);
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

/* ---- tsm: configfs-tsm ------------------------------------------------------ */

static const char *tsm_dir(void)
{
	const char *d = secure_getenv("TDXG_TSM_DIR");

	return d && *d ? d : TDXG_TSM_REPORT_DIR;
}

static int read_attr(const char *dir, const char *name, uint8_t *buf, size_t cap, size_t *len)
{
	char path[PATH_MAX];
	int fd, r = 0;
	ssize_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			/* configfs binary attributes are read whole; a larger one is refused. */
			r = -EFBIG;
			break;
		}
		n = read(fd, buf + *len, cap - *len);
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return r;
}

static int write_attr(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, r = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	if (close(fd) && !r)
		r = -errno;
	return r;
}

static enum tdxg_qgs_status tsm_quote(const struct tdxg_qgs_request *req, int64_t deadline,
				      unsigned int timeout_ms, uint8_t **quote, size_t *quote_len,
				      struct tdxg_qgs_error *e)
{
	char dir[PATH_MAX], gen1[32], gen2[32];
	uint8_t *buf = NULL;
	size_t len, l1 = 0, l2 = 0;
	struct watchdog w;
	struct stat st;
	const char *root = tsm_dir();
	enum tdxg_qgs_status ret;
	int r, fired;

	if (stat(root, &st) || !S_ISDIR(st.st_mode))
		return fail(e, TDXG_QGS_E_UNAVAILABLE, ENOENT,
			    "tsm: %s: no configfs-tsm here (needs Linux 6.7+ with a TSM provider and configfs mounted)",
			    root);
	/* One entry per request: configfs-tsm serialises per entry, and a
	 * private name keeps concurrent callers apart. */
	snprintf(dir, sizeof(dir), "%s/tdxg-%ld-%lld", root, (long)getpid(), (long long)now_ms());
	if (mkdir(dir, 0700)) {
		r = errno;
		return fail(e, r == EACCES || r == EPERM || r == ENOENT || r == ENXIO || r == ENODEV ?
			    TDXG_QGS_E_UNAVAILABLE : TDXG_QGS_E_IO, r, "tsm: mkdir %s: %s", dir, strerror(r));
	}
	buf = malloc(TDXG_QGS_QUOTE_MAX);
	if (!buf) {
		ret = fail(e, TDXG_QGS_E_NOMEM, ENOMEM, "tsm: out of memory");
		goto out;
	}
	r = write_attr(dir, "inblob", req->reportdata, TDXG_REPORTDATA_LEN);
	if (r) {
		ret = fail(e, TDXG_QGS_E_IO, -r, "tsm: writing %s/inblob: %s", dir, strerror(-r));
		goto out;
	}
	r = read_attr(dir, "generation", (uint8_t *)gen1, sizeof(gen1) - 1, &l1);
	if (r)
		l1 = 0;
	gen1[l1] = '\0';
	r = watchdog_start(&w, deadline);
	if (r) {
		ret = fail(e, TDXG_QGS_E_IO, -r, "tsm: cannot start the timeout thread: %s", strerror(-r));
		goto out;
	}
	do {
		r = read_attr(dir, "outblob", buf, TDXG_QGS_QUOTE_MAX, &len);
	} while (r == -EINTR && !w.fired && left_ms(deadline) > 0);
	fired = watchdog_stop(&w);
	if (r) {
		if (r == -ETIMEDOUT || (r == -EINTR && (fired || left_ms(deadline) == 0)))
			ret = fail(e, TDXG_QGS_E_TIMEOUT, ETIMEDOUT, "tsm: %s/outblob: no quote within %u.%03u s",
				   dir, timeout_ms / 1000, timeout_ms % 1000);
		else if (r == -EFBIG)
			ret = fail(e, TDXG_QGS_E_MALFORMED, EFBIG, "tsm: %s/outblob is larger than %u bytes",
				   dir, TDXG_QGS_QUOTE_MAX);
		else
			ret = fail(e, r == -ENOTTY || r == -ENXIO || r == -EOPNOTSUPP ?
				   TDXG_QGS_E_UNAVAILABLE : TDXG_QGS_E_IO, -r,
				   "tsm: reading %s/outblob: %s", dir, strerror(-r));
		goto out;
	}
	if (len == 0) {
		ret = fail(e, TDXG_QGS_E_MALFORMED, 0, "tsm: %s/outblob is empty", dir);
		goto out;
	}
	/* Another writer changed inblob between our write and read. */
	if (l1 && !read_attr(dir, "generation", (uint8_t *)gen2, sizeof(gen2) - 1, &l2)) {
		gen2[l2] = '\0';
		if (strcmp(gen1, gen2)) {
			ret = fail(e, TDXG_QGS_E_IO, EBUSY,
				   "tsm: %s changed while the quote was made (generation %s -> %s)", dir,
				   strtok(gen1, "\n"), strtok(gen2, "\n"));
			goto out;
		}
	}
	*quote = buf;
	*quote_len = len;
	buf = NULL;
	ret = TDXG_QGS_OK;
out:
	free(buf);
	/* A leftover entry is only untidy; the result stands either way. */
	rmdir(dir);
	return ret;
}

/* ---- Dispatch --------------------------------------------------------------- */

static enum tdxg_qgs_status one_transport(const struct tdxg_qgs_request *req,
					  const struct tdxg_qgs_transport *t, int64_t deadline,
					  unsigned int timeout_ms, uint8_t **quote, size_t *quote_len,
					  struct tdxg_qgs_error *e)
{
	uint8_t tdreport[TDXG_REPORT_LEN];
	char where[160];
	enum tdxg_qgs_status st;

	tdxg_qgs_transport_name(t, where, sizeof(where));
	switch (t->kind) {
	case TDXG_QGS_TDVMCALL:
	case TDXG_QGS_TSM:
		if (!req->reportdata)
			return fail(e, TDXG_QGS_E_USAGE, EINVAL,
				    "%s: takes report data, not an existing TDREPORT (use vsock or unix)", where);
		return t->kind == TDXG_QGS_TSM ? tsm_quote(req, deadline, timeout_ms, quote, quote_len, e) :
			tdvmcall_quote(req, deadline, timeout_ms, quote, quote_len, e);
	case TDXG_QGS_VSOCK:
	case TDXG_QGS_UNIX:
		if (req->tdreport)
			return socket_exchange(t, req->tdreport, deadline, timeout_ms, quote, quote_len, e);
		st = fresh_report(where, req->reportdata, tdreport, e);
		if (st != TDXG_QGS_OK)
			return st;
		return socket_exchange(t, tdreport, deadline, timeout_ms, quote, quote_len, e);
	case TDXG_QGS_AUTO:
		break;
	}
	return fail(e, TDXG_QGS_E_USAGE, EINVAL, "auto cannot be nested");
}

int tdxg_qgs_get_quote(const struct tdxg_qgs_request *req, uint8_t **quote, size_t *quote_len,
		       struct tdxg_qgs_transport *used, struct tdxg_qgs_error *e)
{
	unsigned int timeout_ms = req->timeout_ms ? req->timeout_ms : 30000;
	int64_t deadline = now_ms() + timeout_ms;
	struct tdxg_qgs_transport order[4];
	const char *env;
	size_t n = 0, i;
	enum tdxg_qgs_status st;

	memset(e, 0, sizeof(*e));
	*quote = NULL;
	*quote_len = 0;
	if (!req->tdreport == !req->reportdata) {
		fail(e, TDXG_QGS_E_USAGE, EINVAL, "give either a TDREPORT or report data");
		return -1;
	}
	if (req->transport.kind != TDXG_QGS_AUTO) {
		st = one_transport(req, &req->transport, deadline, timeout_ms, quote, quote_len, e);
		if (st == TDXG_QGS_OK && used)
			*used = req->transport;
		return st == TDXG_QGS_OK ? 0 : -1;
	}

	/* auto: in-kernel paths need no configuration, so they go first. */
	memset(order, 0, sizeof(order));
	if (req->reportdata) {
		order[n++].kind = TDXG_QGS_TSM;
		order[n++].kind = TDXG_QGS_TDVMCALL;
	}
	env = secure_getenv("TDXG_QGS_VSOCK");
	if (!env || strcmp(env, "off")) {
		if (tdxg_qgs_parse_transport("vsock", &order[n], e)) {
			if (req->on_attempt_failed)
				req->on_attempt_failed(&order[n], e, req->ctx);
		} else {
			n++;
		}
	}
	if (!tdxg_qgs_parse_transport("unix", &order[n], e))
		n++;
	for (i = 0; i < n; i++) {
		if (left_ms(deadline) == 0) {
			fail(e, TDXG_QGS_E_TIMEOUT, ETIMEDOUT, "auto: the %u.%03u s deadline passed",
			     timeout_ms / 1000, timeout_ms % 1000);
			return -1;
		}
		memset(e, 0, sizeof(*e));
		st = one_transport(req, &order[i], deadline, timeout_ms, quote, quote_len, e);
		if (st == TDXG_QGS_OK) {
			if (used)
				*used = order[i];
			return 0;
		}
		if (req->on_attempt_failed && i + 1 < n)
			req->on_attempt_failed(&order[i], e, req->ctx);
	}
	return -1;
}
