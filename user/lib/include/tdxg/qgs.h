/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: quotes from Intel's Quote Generation Service (QGS).
 *
 * The QGS wire protocol (Intel DCAP qgs_msg_lib, version 1.x) as tdxg
 * speaks it. Every message is preceded by a 4-byte big-endian length that
 * does not count itself. The message itself is little-endian:
 *
 *   header    u16 major (1), u16 minor (1), u32 type, u32 size (the whole
 *             message, header included), u32 error_code
 *   GET_QUOTE_REQ  (type 0): u32 report_size, u32 id_list_size,
 *             report[report_size], id_list[id_list_size]
 *   GET_QUOTE_RESP (type 1): u32 selected_id_size, u32 quote_size,
 *             selected_id[selected_id_size], quote[quote_size]
 *
 * Transports that carry it, and the two that do not need it:
 *   vsock[:CID:PORT]  QGS on the host over vsock (what libtdx_attest does).
 *                     Default CID 2, port from /etc/tdx-attest.conf
 *                     ("port=N", '#' starts a comment), else 4050.
 *   unix[:PATH]       QGS on a unix socket, default
 *                     /var/run/tdx-qgs/qgs.socket.
 *   tdvmcall          the tdxg module's GET_QUOTE ioctl (TDVMCALL GetQuote;
 *                     the VMM talks to QGS).
 *   tsm               configfs-tsm (/sys/kernel/config/tsm/report, 6.7+).
 *   auto              tsm, tdvmcall, vsock, unix, in that order: the
 *                     in-kernel paths first because they need no network
 *                     configuration; the first that yields a quote wins.
 *
 * The environment variables TDXG_ATTEST_CONF (path of tdx-attest.conf),
 * TDXG_QGS_VSOCK ("CID:PORT", or "off" to leave vsock out of auto) and
 * TDXG_QGS_UNIX (socket path) replace the defaults above; TDXG_TSM_DIR
 * replaces /sys/kernel/config/tsm/report.
 *
 * Every answer from the peer is hostile until checked: each length is
 * bounded by the bytes actually received, and a quote larger than
 * TDXG_QGS_QUOTE_MAX is refused. Nothing here prints; functions return 0
 * or a negative errno and describe a failure in struct tdxg_qgs_error
 * (may be NULL): its class, and a struct tdxg_err with the same errno.
 */
#ifndef TDXG_QGS_H
#define TDXG_QGS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/tdxg.h>
#include <tdxg/err.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what these headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

#define TDXG_QGS_MAJOR		1
#define TDXG_QGS_MINOR		1
#define TDXG_QGS_HEADER_LEN	16
#define TDXG_QGS_GET_QUOTE_REQ	0
#define TDXG_QGS_GET_QUOTE_RESP	1

/*
 * Largest quote accepted. Real TDX quotes with their PEM PCK chain are
 * about 5 KB (8 KB with padding); 64 KiB leaves room for longer chains
 * while keeping what a hostile peer can make us allocate small.
 */
#define TDXG_QGS_QUOTE_MAX	(64 * 1024)
/* Largest selected attestation-key ID accepted in a response. */
#define TDXG_QGS_ID_MAX		1024
/* Largest framed message accepted (the length prefix not counted). */
#define TDXG_QGS_MSG_MAX	(TDXG_QGS_HEADER_LEN + 8 + TDXG_QGS_ID_MAX + TDXG_QGS_QUOTE_MAX)

/* QGS error codes (header.error_code). */
#define TDXG_QGS_SUCCESS			0x00000
#define TDXG_QGS_ERROR_UNEXPECTED		0x12001
#define TDXG_QGS_ERROR_OUT_OF_MEMORY		0x12002
#define TDXG_QGS_ERROR_INVALID_PARAMETER	0x12003
#define TDXG_QGS_ERROR_INVALID_VERSION		0x12004
#define TDXG_QGS_ERROR_INVALID_TYPE		0x12005
#define TDXG_QGS_ERROR_INVALID_SIZE		0x12006
#define TDXG_QGS_ERROR_INVALID_CODE		0x12007

/*
 * Name of a QGS error code ("QGS_MSG_ERROR_INVALID_SIZE"), or NULL when
 * the code is not one of the above.
 */
const char *tdxg_qgs_error_name(uint32_t code);

/* How a quote request failed; the CLI maps each to an exit code. */
enum tdxg_qgs_status {
	TDXG_QGS_OK = 0,
	TDXG_QGS_E_USAGE,	/* bad transport spec or arguments */
	TDXG_QGS_E_UNAVAILABLE,	/* transport absent here (no device, no configfs-tsm) */
	TDXG_QGS_E_IO,		/* connect/send/receive failed, peer closed */
	TDXG_QGS_E_TIMEOUT,	/* the deadline passed */
	TDXG_QGS_E_SERVICE,	/* QGS answered with an error code */
	TDXG_QGS_E_MALFORMED,	/* the answer broke the protocol */
	TDXG_QGS_E_NOMEM,
};

struct tdxg_qgs_error {
	enum tdxg_qgs_status status;
	uint32_t qgs_error;	/* for TDXG_QGS_E_SERVICE */
	/*
	 * err.code: the negative errno returned, the failure's own (-ENOENT,
	 * -ECONNREFUSED, ...) or else one per status: usage -EINVAL,
	 * unavailable -ENODEV, I/O -EIO, timeout -ETIMEDOUT, service
	 * -EREMOTEIO, malformed -EBADMSG, out of memory -ENOMEM.
	 * err.msg: one line, what was attempted and what happened.
	 */
	struct tdxg_err err;
};

/* ---- Wire format (no I/O) ------------------------------------------- */

/*
 * Frames a GET_QUOTE_REQ for report (report_len bytes, no ID list),
 * length prefix included, into a new buffer. Free *out with free().
 * -EINVAL when report_len is 0 or too large, -ENOMEM.
 */
int tdxg_qgs_build_request(const uint8_t *report, size_t report_len, uint8_t **out,
			   size_t *out_len);

/*
 * Checks a GET_QUOTE_RESP message (without its length prefix). On success
 * returns 0 and *quote points into msg. Errors: -EREMOTEIO, status
 * TDXG_QGS_E_SERVICE (QGS error code in e->qgs_error); -EBADMSG, status
 * TDXG_QGS_E_MALFORMED.
 */
int tdxg_qgs_parse_response(const uint8_t *msg, size_t len, const uint8_t **quote,
			    size_t *quote_len, struct tdxg_qgs_error *e);

/*
 * Whether a parsed quote's body is the one QGS must build from tdreport:
 * every TD 1.0 field (and for a TD 1.5 body, TEE_TCB_SVN2 and MRSERVICETD)
 * equals its TEE_TCB_INFO, TDINFO or REPORTDATA source. Returns 0, or
 * -EBADMSG with the first differing field named in err.
 */
struct tdxg_quote;
int tdxg_qgs_quote_matches_report(const struct tdxg_quote *q, const struct tdxg_tdreport *tdreport,
				  struct tdxg_err *err);

/* ---- Transports ----------------------------------------------------- */

enum tdxg_qgs_kind {
	TDXG_QGS_AUTO = 0,
	TDXG_QGS_VSOCK,
	TDXG_QGS_UNIX,
	TDXG_QGS_TDVMCALL,
	TDXG_QGS_TSM,
};

#define TDXG_QGS_DEFAULT_UNIX	"/var/run/tdx-qgs/qgs.socket"
#define TDXG_QGS_DEFAULT_CID	2
#define TDXG_QGS_DEFAULT_PORT	4050
#define TDXG_ATTEST_CONF	"/etc/tdx-attest.conf"
#define TDXG_TSM_REPORT_DIR	"/sys/kernel/config/tsm/report"

struct tdxg_qgs_transport {
	enum tdxg_qgs_kind kind;
	uint32_t cid, port;	/* vsock */
	char path[108];		/* unix (sizeof sun_path) */
};

/*
 * Parses "auto", "vsock", "vsock:CID:PORT", "unix", "unix:PATH",
 * "tdvmcall" or "tsm". Defaults (see above) fill what is left out.
 * Returns 0, or -EINVAL (-ENAMETOOLONG for a unix path longer than
 * sun_path) with e explaining, status TDXG_QGS_E_USAGE.
 */
int tdxg_qgs_parse_transport(const char *spec, struct tdxg_qgs_transport *t,
			     struct tdxg_qgs_error *e);
/* "vsock:2:4050", "unix:/path", "tdvmcall", ... into buf. */
const char *tdxg_qgs_transport_name(const struct tdxg_qgs_transport *t, char *buf, size_t size);

/*
 * Port from a tdx-attest.conf ("port=N" lines, '#' comments, blanks
 * ignored). Returns 0 and sets *port, -ENOENT when the file or key is
 * absent, -EINVAL when the value is not a port number.
 */
int tdxg_qgs_conf_port(const char *path, uint32_t *port);

/* Called by auto once per failed attempt, with that attempt's error. */
typedef void (*tdxg_qgs_attempt_fn)(const struct tdxg_qgs_transport *t,
				    const struct tdxg_qgs_error *e, void *ctx);

/* Set size with TDXG_QGS_REQUEST_INIT or tdxg_qgs_request_init(). */
struct tdxg_qgs_request {
	uint32_t size;		/* sizeof, see "Extensible structs" in <tdxg/quote.h> */
	/*
	 * Exactly one of these: a TDREPORT to convert (only vsock and unix
	 * can take one, so auto tries only those), or report data for a
	 * fresh TDREPORT / quote from the device.
	 */
	const uint8_t *tdreport;		/* TDXG_REPORT_LEN bytes, or NULL */
	const uint8_t *reportdata;		/* TDXG_REPORTDATA_LEN bytes, or NULL */
	struct tdxg_qgs_transport transport;
	/* Whole-request deadline in milliseconds; 0 means 30 s. */
	unsigned int timeout_ms;
	/* tdvmcall: TDXG_QUOTE_* flags for the ioctl. */
	uint32_t ioctl_flags;
	tdxg_qgs_attempt_fn on_attempt_failed;	/* optional, for auto */
	void *ctx;
	/* TDXG_QGS_WATCHDOG, TDXG_QGS_LOAD_MODULE: see tdxg_qgs_get_quote(). */
	uint32_t flags;
};
#define TDXG_QGS_REQUEST_SIZE_VER0	168	/* the first published size */
#ifndef __cplusplus	/* C++: the _init() function */
#define TDXG_QGS_REQUEST_INIT		{ .size = sizeof(struct tdxg_qgs_request) }
#endif
void tdxg_qgs_request_init(struct tdxg_qgs_request *req);

/*
 * Gets a quote. On success returns 0, *quote is a new buffer of
 * *quote_len bytes (free() it) and used (optional) says which transport
 * answered. On failure returns a negative errno, e->err.code (see struct
 * tdxg_qgs_error), and e says why. A request whose size is below
 * TDXG_QGS_REQUEST_SIZE_VER0 is -EINVAL, one
 * with an unknown member set -E2BIG (both status usage). With auto, e is
 * the last attempt's error and earlier ones went to on_attempt_failed.
 *
 * tdvmcall and tsm block in the kernel, which answers within its own
 * timeout. To honour the deadline there too, set TDXG_QGS_WATCHDOG in
 * req->flags: a watchdog thread then interrupts the calling thread with
 * TDXG_QGS_WAKE_SIGNAL, for which a no-op handler (without SA_RESTART) is
 * installed, process-wide and for good, if the signal still has its
 * default disposition. tdvmcall loads the tdxg module when the device is
 * absent only with TDXG_QGS_LOAD_MODULE (TDXG_OPEN_LOAD_MODULE). Without
 * these flags the library starts no thread, installs no signal handler
 * and loads no module. The tdxg command sets both. Other flag bits are
 * -EINVAL (status usage).
 */
#define TDXG_QGS_WAKE_SIGNAL	SIGURG
#define TDXG_QGS_WATCHDOG	(1U << 0)
#define TDXG_QGS_LOAD_MODULE	(1U << 1)
int tdxg_qgs_get_quote(const struct tdxg_qgs_request *req, uint8_t **quote, size_t *quote_len,
		       struct tdxg_qgs_transport *used, struct tdxg_qgs_error *e);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_QGS_H */
