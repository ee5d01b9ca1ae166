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

#include <tdxg/qgs.h>
#include "extstruct.h"
#include "qgs_deadline.h"
#include "qgs_msg.h"
#include "qgs_ops.h"
#include "qgs_socket.h"
#include "qgs_tdvmcall.h"
#include "qgs_tsm.h"

_Static_assert(sizeof(struct tdxg_qgs_request) >= TDXG_QGS_REQUEST_SIZE_VER0, "a published size never shrinks");

#define fail tdxg_qgs_fail

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
			return -ENAMETOOLONG;
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

/* ---- Dispatch --------------------------------------------------------------- */

static const struct tdxg_qgs_transport_ops *const transports[] = {
	&tdxg_qgs_tsm_ops, &tdxg_qgs_tdvmcall_ops, &tdxg_qgs_vsock_ops, &tdxg_qgs_unix_ops,
};

static const struct tdxg_qgs_transport_ops *ops_of(enum tdxg_qgs_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		if (transports[i]->kind == kind)
			return transports[i];
	return NULL;
}

static enum tdxg_qgs_status one_transport(const struct tdxg_qgs_request *req,
					  const struct tdxg_qgs_transport *t, int64_t deadline,
					  unsigned int timeout_ms, uint8_t **quote, size_t *quote_len,
					  struct tdxg_qgs_error *e)
{
	const struct tdxg_qgs_transport_ops *ops = ops_of(t->kind);
	char where[160];

	if (!ops)
		return fail(e, TDXG_QGS_E_USAGE, EINVAL, "auto cannot be nested");
	tdxg_qgs_transport_name(t, where, sizeof(where));
	if (ops->report_data_only && !req->reportdata)
		return fail(e, TDXG_QGS_E_USAGE, EINVAL,
			    "%s: takes report data, not an existing TDREPORT (use vsock or unix)", where);
	return ops->quote(req, t, where, deadline, timeout_ms, quote, quote_len, e);
}

void tdxg_qgs_request_init(struct tdxg_qgs_request *req)
{
	memset(req, 0, sizeof(*req));
	req->size = sizeof(*req);
}

static int get_quote(const struct tdxg_qgs_request *req, uint8_t **quote, size_t *quote_len,
		     struct tdxg_qgs_transport *used, struct tdxg_qgs_error *e)
{
	unsigned int timeout_ms = req->timeout_ms ? req->timeout_ms : 30000;
	int64_t deadline = tdxg_qgs_now_ms() + timeout_ms;
	struct tdxg_qgs_transport order[4];
	const char *env;
	size_t n = 0, i;
	enum tdxg_qgs_status st;

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

	/* auto: the table's order; the in-kernel paths take report data only. */
	memset(order, 0, sizeof(order));
	env = secure_getenv("TDXG_QGS_VSOCK");
	for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++) {
		const struct tdxg_qgs_transport_ops *ops = transports[i];

		if ((ops->report_data_only && !req->reportdata) ||
		    (ops->kind == TDXG_QGS_VSOCK && env && !strcmp(env, "off")))
			continue;
		if (!tdxg_qgs_parse_transport(ops->name, &order[n], e))
			n++;
		else if (req->on_attempt_failed)
			req->on_attempt_failed(&order[n], e, req->ctx);
	}
	for (i = 0; i < n; i++) {
		if (tdxg_qgs_left_ms(deadline) == 0) {
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

int tdxg_qgs_get_quote(const struct tdxg_qgs_request *req, uint8_t **quote, size_t *quote_len,
		       struct tdxg_qgs_transport *used, struct tdxg_qgs_error *e)
{
	struct tdxg_qgs_error mine;
	struct tdxg_qgs_request r;
	int rc;

	if (!e)
		e = &mine;
	memset(e, 0, sizeof(*e));
	*quote = NULL;
	*quote_len = 0;
	rc = req ? tdxg_opts_in(&r, sizeof(r), req, TDXG_QGS_REQUEST_SIZE_VER0) : -EINVAL;
	if (rc == -E2BIG)
		fail(e, TDXG_QGS_E_USAGE, E2BIG, "request: a member this libtdxg does not know is set");
	else if (rc)
		fail(e, TDXG_QGS_E_USAGE, EINVAL, "request of %u bytes: below the first published %u (set size)",
		     req ? req->size : 0, TDXG_QGS_REQUEST_SIZE_VER0);
	else if (r.flags & ~(TDXG_QGS_WATCHDOG | TDXG_QGS_LOAD_MODULE)) {
		fail(e, TDXG_QGS_E_USAGE, EINVAL, "request: unknown flags 0x%x",
		     r.flags & ~(TDXG_QGS_WATCHDOG | TDXG_QGS_LOAD_MODULE));
		rc = -EINVAL;
	} else if (get_quote(&r, quote, quote_len, used, e))
		rc = e->err.code ? e->err.code : -EIO;	/* every failure goes through fail() */
	return rc;
}
