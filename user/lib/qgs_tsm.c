// SPDX-License-Identifier: MIT
/*
 * tsm: configfs-tsm (/sys/kernel/config/tsm/report, Linux 6.7+).
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
#include "qgs_tsm.h"

#define fail tdxg_qgs_fail

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

static enum tdxg_qgs_status tsm_quote(const struct tdxg_qgs_request *req,
					const struct tdxg_qgs_transport *t, const char *where,
					int64_t deadline, unsigned int timeout_ms,
					uint8_t **quote, size_t *quote_len, struct tdxg_qgs_error *e)
{
	char dir[PATH_MAX], gen1[32], gen2[32];
	uint8_t *buf = NULL;
	size_t len, l1 = 0, l2 = 0;
	struct tdxg_qgs_watchdog w;
	struct stat st;
	const char *root = tsm_dir();
	enum tdxg_qgs_status ret;
	int r, fired;

	(void)t;	/* where is the transport name, which messages spell alike */
	(void)where;
	if (stat(root, &st) || !S_ISDIR(st.st_mode))
		return fail(e, TDXG_QGS_E_UNAVAILABLE, ENOENT,
			    "tsm: %s: no configfs-tsm here (needs Linux 6.7+ with a TSM provider and configfs mounted)",
			    root);
	/* One entry per request: configfs-tsm serialises per entry, and a
	 * private name keeps concurrent callers apart. */
	snprintf(dir, sizeof(dir), "%s/tdxg-%ld-%lld", root, (long)getpid(), (long long)tdxg_qgs_now_ms());
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
	r = tdxg_qgs_watchdog_start(&w, deadline, req->flags & TDXG_QGS_WATCHDOG);
	if (r) {
		ret = fail(e, TDXG_QGS_E_IO, -r, "tsm: cannot start the timeout thread: %s", strerror(-r));
		goto out;
	}
	do {
		r = read_attr(dir, "outblob", buf, TDXG_QGS_QUOTE_MAX, &len);
	} while (r == -EINTR && !w.fired && tdxg_qgs_left_ms(deadline) > 0);
	fired = tdxg_qgs_watchdog_stop(&w);
	if (r) {
		if (r == -ETIMEDOUT || (r == -EINTR && (fired || tdxg_qgs_left_ms(deadline) == 0)))
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

const struct tdxg_qgs_transport_ops tdxg_qgs_tsm_ops = {
	.kind = TDXG_QGS_TSM, .name = "tsm", .report_data_only = 1, .quote = tsm_quote,
};
