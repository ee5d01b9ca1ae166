// SPDX-License-Identifier: MIT
/* QGS messages: framing a GET_QUOTE_REQ and checking a GET_QUOTE_RESP. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tdxg/quote.h>
#include <tdxg/qgs.h>
#include "errmsg.h"
#include "qgs_msg.h"

/* Names as Intel's qgs_msg_lib spells them, so logs can be matched up. */
const char *tdxg_qgs_error_name(uint32_t code)
{
	switch (code) {
	case TDXG_QGS_SUCCESS: return "QGS_MSG_SUCCESS";
	case TDXG_QGS_ERROR_UNEXPECTED: return "QGS_MSG_ERROR_UNEXPECTED";
	case TDXG_QGS_ERROR_OUT_OF_MEMORY: return "QGS_MSG_ERROR_OUT_OF_MEMORY";
	case TDXG_QGS_ERROR_INVALID_PARAMETER: return "QGS_MSG_ERROR_INVALID_PARAMETER";
	case TDXG_QGS_ERROR_INVALID_VERSION: return "QGS_MSG_ERROR_INVALID_VERSION";
	case TDXG_QGS_ERROR_INVALID_TYPE: return "QGS_MSG_ERROR_INVALID_TYPE";
	case TDXG_QGS_ERROR_INVALID_SIZE: return "QGS_MSG_ERROR_INVALID_SIZE";
	case TDXG_QGS_ERROR_INVALID_CODE: return "QGS_MSG_ERROR_INVALID_CODE";
	}
	return NULL;
}

/* The errno of a failure that has none of its own. */
static int status_errno(enum tdxg_qgs_status status)
{
	switch (status) {
	case TDXG_QGS_E_USAGE:		return -EINVAL;
	case TDXG_QGS_E_UNAVAILABLE:	return -ENODEV;
	case TDXG_QGS_E_TIMEOUT:	return -ETIMEDOUT;
	case TDXG_QGS_E_SERVICE:	return -EREMOTEIO;
	case TDXG_QGS_E_MALFORMED:	return -EBADMSG;
	case TDXG_QGS_E_NOMEM:		return -ENOMEM;
	case TDXG_QGS_OK:
	case TDXG_QGS_E_IO:		break;
	}
	return -EIO;
}

enum tdxg_qgs_status tdxg_qgs_fail(struct tdxg_qgs_error *e, enum tdxg_qgs_status status, int err,
				   const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return status;
	e->status = status;
	va_start(ap, fmt);
	tdxg_verrf(&e->err, err > 0 ? -err : status_errno(status), fmt, ap);
	va_end(ap);
	return status;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int tdxg_qgs_build_request(const uint8_t *report, size_t report_len, uint8_t **out,
			   size_t *out_len)
{
	size_t msg_len = TDXG_QGS_HEADER_LEN + 8 + report_len;
	uint8_t *buf;

	if (!report || !report_len || msg_len > TDXG_QGS_MSG_MAX)
		return -EINVAL;
	buf = malloc(4 + msg_len);
	if (!buf)
		return -ENOMEM;
	buf[0] = (uint8_t)(msg_len >> 24);
	buf[1] = (uint8_t)(msg_len >> 16);
	buf[2] = (uint8_t)(msg_len >> 8);
	buf[3] = (uint8_t)msg_len;
	put_le16(buf + 4, TDXG_QGS_MAJOR);
	put_le16(buf + 6, TDXG_QGS_MINOR);
	put_le32(buf + 8, TDXG_QGS_GET_QUOTE_REQ);
	put_le32(buf + 12, (uint32_t)msg_len);
	put_le32(buf + 16, 0);
	put_le32(buf + 20, (uint32_t)report_len);
	put_le32(buf + 24, 0);		/* no ID list: QGS picks its default key */
	memcpy(buf + 28, report, report_len);
	*out = buf;
	*out_len = 4 + msg_len;
	return 0;
}

static enum tdxg_qgs_status parse_response(const uint8_t *msg, size_t len, const uint8_t **quote,
					   size_t *quote_len, struct tdxg_qgs_error *e)
{
	uint32_t major, type, size, code, id_size, q_size;
	const char *name;

	if (len < TDXG_QGS_HEADER_LEN + 8)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0,
				     "QGS reply of %zu bytes is shorter than a GET_QUOTE_RESP (24)", len);
	major = get_le16(msg);
	type = get_le32(msg + 4);
	size = get_le32(msg + 8);
	code = get_le32(msg + 12);
	id_size = get_le32(msg + 16);
	q_size = get_le32(msg + 20);
	/* Minor versions are compatible by qgs_msg_lib's rules; majors are not. */
	if (major != TDXG_QGS_MAJOR)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0,
				     "QGS reply has protocol version %u.%u, expected %u.x", major,
				     get_le16(msg + 2), TDXG_QGS_MAJOR);
	if (type != TDXG_QGS_GET_QUOTE_RESP)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0,
				     "QGS reply has message type %u, expected GET_QUOTE_RESP (1)", type);
	if (size != len)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0,
				     "QGS reply header says %u bytes but the frame holds %zu", size, len);
	if (code != TDXG_QGS_SUCCESS) {
		name = tdxg_qgs_error_name(code);
		e->qgs_error = code;
		if (name)
			return tdxg_qgs_fail(e, TDXG_QGS_E_SERVICE, 0, "QGS returned error 0x%05x (%s)",
					     code, name);
		return tdxg_qgs_fail(e, TDXG_QGS_E_SERVICE, 0, "QGS returned unknown error 0x%x", code);
	}
	/* Sizes are compared in 64 bits so their sum cannot wrap. */
	if ((uint64_t)TDXG_QGS_HEADER_LEN + 8 + id_size + q_size != len)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0,
				     "QGS reply claims a %u-byte ID and a %u-byte quote in %zu bytes",
				     id_size, q_size, len - TDXG_QGS_HEADER_LEN - 8);
	if (id_size > TDXG_QGS_ID_MAX)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0,
				     "QGS reply has a %u-byte key ID (limit %u)", id_size, TDXG_QGS_ID_MAX);
	if (q_size == 0)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0, "QGS reported success with an empty quote");
	if (q_size > TDXG_QGS_QUOTE_MAX)
		return tdxg_qgs_fail(e, TDXG_QGS_E_MALFORMED, 0, "QGS quote of %u bytes exceeds the %u-byte limit",
				     q_size, TDXG_QGS_QUOTE_MAX);
	*quote = msg + TDXG_QGS_HEADER_LEN + 8 + id_size;
	*quote_len = q_size;
	e->status = TDXG_QGS_OK;
	return TDXG_QGS_OK;
}

int tdxg_qgs_parse_response(const uint8_t *msg, size_t len, const uint8_t **quote,
			    size_t *quote_len, struct tdxg_qgs_error *e)
{
	struct tdxg_qgs_error mine;

	if (!e)
		e = &mine;
	return parse_response(msg, len, quote, quote_len, e) ? e->err.code : 0;
}

int tdxg_qgs_quote_matches_report(const struct tdxg_quote *q, const struct tdxg_tdreport *r,
				  struct tdxg_err *err)
{
	const struct tdxg_quote_body_td10 *b = q->body;
	const struct tdxg_tee_tcb_info *tcb = &r->tee_tcb_info;
	const struct tdxg_tdinfo *td = &r->tdinfo;
	const struct {
		const char *name;
		const void *quote, *report;
		size_t len;
	} f[] = {
		{ "tee_tcb_svn", b->tee_tcb_svn, tcb->tee_tcb_svn, 16 },
		{ "mrseam", b->mrseam, tcb->mrseam, 48 },
		{ "mrsignerseam", b->mrsignerseam, tcb->mrsignerseam, 48 },
		{ "seam_attributes", b->seam_attributes, tcb->attributes, 8 },
		{ "td_attributes", b->td_attributes, td->attributes, 8 },
		{ "xfam", b->xfam, td->xfam, 8 },
		{ "mrtd", b->mrtd, td->mrtd, 48 },
		{ "mrconfigid", b->mrconfigid, td->mrconfigid, 48 },
		{ "mrowner", b->mrowner, td->mrowner, 48 },
		{ "mrownerconfig", b->mrownerconfig, td->mrownerconfig, 48 },
		{ "rtmr0", b->rtmr[0], td->rtmr[0], 48 },
		{ "rtmr1", b->rtmr[1], td->rtmr[1], 48 },
		{ "rtmr2", b->rtmr[2], td->rtmr[2], 48 },
		{ "rtmr3", b->rtmr[3], td->rtmr[3], 48 },
		{ "reportdata", b->reportdata, r->reportmac.reportdata, 64 },
		{ "tee_tcb_svn2", q->body15 ? q->body15->tee_tcb_svn2 : NULL, tcb->tee_tcb_svn2, 16 },
		{ "mrservicetd", q->body15 ? q->body15->mrservicetd : NULL, td->servtd_hash, 48 },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (f[i].quote && memcmp(f[i].quote, f[i].report, f[i].len))
			return tdxg_errf(err, -EBADMSG, "quote body field %s differs from the TDREPORT",
					 f[i].name);
	}
	return 0;
}
