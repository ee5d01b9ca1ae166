// SPDX-License-Identifier: MIT
/*
 * user/lib/qgs_msg.c: the QGS wire format. Expected bytes are written
 * from Intel DCAP's qgs_msg_lib.h (QuoteGeneration/quote_wrapper/
 * qgs_msg_lib): a packed little-endian header {u16 major_version,
 * u16 minor_version, u32 type, u32 size (whole message), u32 error_code},
 * GET_QUOTE_REQ = 0 {u32 report_size, u32 id_list_size, report, id_list},
 * GET_QUOTE_RESP = 1 {u32 selected_id_size, u32 quote_size, id, quote},
 * library version 1.1, errors QGS_MSG_MK_ERROR(x) = 0x12000 | x; and
 * from tdx_attest.c, which frames each message with its length as 4
 * big-endian bytes. Not from qgs_msg.c.
 */
#include "unit.h"
#include <tdxg/qgs.h>

static void le16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void le32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

/* A GET_QUOTE_RESP as Intel's qgs_msg_gen_get_quote_resp() lays it out. */
static size_t resp(uint8_t *m, uint16_t major, uint16_t minor, uint32_t type, uint32_t code,
		   uint32_t id_size, uint32_t q_size, size_t id_len, size_t q_len)
{
	size_t len = 24 + id_len + q_len, i;

	le16(m, major);
	le16(m + 2, minor);
	le32(m + 4, type);
	le32(m + 8, (uint32_t)len);
	le32(m + 12, code);
	le32(m + 16, id_size);
	le32(m + 20, q_size);
	for (i = 0; i < id_len; i++)
		m[24 + i] = 0xA0 + (i & 0xf);
	for (i = 0; i < q_len; i++)
		m[24 + id_len + i] = (uint8_t)(i * 13 + 1);
	return len;
}

static struct tdxg_qgs_error e;

/* Parses an exact-size heap copy of m; returns the errno. */
static int parse(const uint8_t *m, size_t len, const uint8_t **q, size_t *ql)
{
	uint8_t *c = dup_exact(m, len);
	const uint8_t *qq = NULL;
	size_t l = 0;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = tdxg_qgs_parse_response(c, len, &qq, &l, &e);
	if (q) {
		/* Report the quote as an offset into m, since c goes away. */
		*q = qq ? m + (qq - c) : NULL;
		*ql = l;
	}
	free(c);
	return rc;
}

static void test_constants(void)
{
	is_int(TDXG_QGS_MAJOR, 1, "QGS_MSG_LIB_MAJOR_VER is 1");
	is_int(TDXG_QGS_MINOR, 1, "QGS_MSG_LIB_MINOR_VER is 1");
	is_int(TDXG_QGS_HEADER_LEN, 16, "sizeof(qgs_msg_header_t) is 16");
	is_int(TDXG_QGS_GET_QUOTE_REQ, 0, "GET_QUOTE_REQ = 0");
	is_int(TDXG_QGS_GET_QUOTE_RESP, 1, "GET_QUOTE_RESP = 1");
	is_int(TDXG_QGS_ERROR_UNEXPECTED, 0x12001, "QGS_MSG_ERROR_UNEXPECTED = QGS_MSG_MK_ERROR(1)");
	is_int(TDXG_QGS_ERROR_INVALID_CODE, 0x12007, "QGS_MSG_ERROR_INVALID_CODE = QGS_MSG_MK_ERROR(7)");
}

static void test_request(void)
{
	uint8_t report[1024], *out = NULL;
	size_t len = 0, i;
	/* 4-byte big-endian frame length 1048, then the header and sizes. */
	static const uint8_t want[28] = {
		0x00, 0x00, 0x04, 0x18,		/* frame: 16 + 8 + 1024 = 1048 */
		0x01, 0x00, 0x01, 0x00,		/* major 1, minor 1 */
		0x00, 0x00, 0x00, 0x00,		/* type GET_QUOTE_REQ */
		0x18, 0x04, 0x00, 0x00,		/* size 1048, header included */
		0x00, 0x00, 0x00, 0x00,		/* error_code 0 */
		0x00, 0x04, 0x00, 0x00,		/* report_size 1024 */
		0x00, 0x00, 0x00, 0x00,		/* id_list_size 0 */
	};

	for (i = 0; i < sizeof(report); i++)
		report[i] = (uint8_t)(i * 7 + 3);
	is_int(tdxg_qgs_build_request(report, sizeof(report), &out, &len), 0, "a request for a 1024-byte TDREPORT builds");
	is_int(len, 4 + 16 + 8 + 1024, "it is 1052 bytes with its frame length");
	is_mem(out, want, sizeof(want), "frame length, header and sizes are as qgs_msg_lib lays them out");
	ok(out && !memcmp(out + 28, report, sizeof(report)), "the report follows, unchanged");
	free(out);

	out = NULL;
	is_int(tdxg_qgs_build_request(report, 0, &out, &len), -EINVAL, "report_size 0 is -EINVAL (\"cannot be 0\")");
	is_int(tdxg_qgs_build_request(NULL, 1024, &out, &len), -EINVAL, "no report is -EINVAL");
	is_int(tdxg_qgs_build_request(report, TDXG_QGS_MSG_MAX, &out, &len), -EINVAL,
	       "a report that makes the message exceed TDXG_QGS_MSG_MAX is -EINVAL");
	ok(out == NULL, "nothing is returned on failure");
}

static void test_response(void)
{
	uint8_t m[24 + 16 + 100 + 8], bad[64];
	const uint8_t *q;
	size_t len, ql, i, crashes = 0;
	int rc;

	len = resp(m, 1, 1, 1, 0, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), 0, "a GET_QUOTE_RESP with a 16-byte ID and a 100-byte quote parses");
	ok(q == m + 40, "the quote starts after the header, the sizes and the ID (byte 40)");
	is_int(ql, 100, "the quote is 100 bytes");
	is_int(e.status, TDXG_QGS_OK, "status OK");
	len = resp(m, 1, 7, 1, 0, 0, 100, 0, 100);
	is_int(parse(m, len, &q, &ql), 0, "another minor version (1.7) is accepted, as qgs_msg_lib does");
	ok(q == m + 24 && ql == 100, "without an ID the quote starts at byte 24");
	is_int(tdxg_qgs_parse_response(m, len, &q, &ql, NULL), 0, "e may be NULL");

	/* Truncated at every length: an error each time, never a read past it. */
	len = resp(m, 1, 1, 1, 0, 16, 100, 16, 100);
	for (i = 0; i < len; i++) {
		rc = parse(m, i, &q, &ql);
		if (rc != -EBADMSG || e.status != TDXG_QGS_E_MALFORMED)
			crashes++;
	}
	is_int(crashes, 0, "every truncation (0..%zu bytes) is -EBADMSG, status malformed", len - 1);
	memcpy(bad, m, 24);
	le32(bad + 8, 24);
	is_int(parse(bad, 24, NULL, NULL), -EBADMSG, "a 24-byte success claiming a 16-byte ID and a quote is -EBADMSG");

	len = resp(m, 1, 1, 1, 0, 16, 100, 16, 100);
	le32(m + 8, (uint32_t)len + 1);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "header size one more than the message is -EBADMSG");
	like(e.err.msg, "says 141 bytes but the frame holds 140", "the message gives both sizes");
	le32(m + 8, (uint32_t)len - 1);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "header size one less than the message is -EBADMSG");
	m[8] = 0; m[9] = 0; m[10] = 0; m[11] = (uint8_t)len;	/* big-endian size */
	is_int(parse(m, len, &q, &ql), -EBADMSG, "a big-endian size field is -EBADMSG");

	len = resp(m, 1, 1, 1, 0, 16, 101, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "quote_size one more than the bytes is -EBADMSG");
	len = resp(m, 1, 1, 1, 0, 16, 99, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "quote_size one less than the bytes is -EBADMSG");
	/* Sizes whose 32-bit sum wraps around to the real length. */
	len = resp(m, 1, 1, 1, 0, 0xffffffffu, 117, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "selected_id_size 0xffffffff (32-bit sum wraps) is -EBADMSG");
	len = resp(m, 1, 1, 1, 0, 0x80000000u, 0x80000000u + 116, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "two sizes of 2 GiB whose 32-bit sum wraps are -EBADMSG");
	len = resp(m, 1, 1, 1, 0, 116, 0, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "success with an empty quote is -EBADMSG");
	{
		uint8_t *big = calloc(1, 24 + TDXG_QGS_ID_MAX + 1 + 10);
		size_t bl = resp(big, 1, 1, 1, 0, TDXG_QGS_ID_MAX + 1, 10, TDXG_QGS_ID_MAX + 1, 10);

		is_int(parse(big, bl, &q, &ql), -EBADMSG, "an ID of TDXG_QGS_ID_MAX + 1 bytes is -EBADMSG");
		free(big);
		big = calloc(1, 24 + TDXG_QGS_QUOTE_MAX + 1);
		bl = resp(big, 1, 1, 1, 0, 0, TDXG_QGS_QUOTE_MAX + 1, 0, TDXG_QGS_QUOTE_MAX + 1);
		is_int(parse(big, bl, &q, &ql), -EBADMSG, "a quote of TDXG_QGS_QUOTE_MAX + 1 bytes is -EBADMSG");
		like(e.err.msg, "65537", "the message gives the size");
		bl = resp(big, 1, 1, 1, 0, 0, TDXG_QGS_QUOTE_MAX, 0, TDXG_QGS_QUOTE_MAX);
		is_int(parse(big, bl, &q, &ql), 0, "a quote of exactly TDXG_QGS_QUOTE_MAX bytes is accepted");
		free(big);
	}

	/* An error reply as qgs_msg_gen_error_resp() makes it: 24 bytes, no payload. */
	len = resp(m, 1, 1, 1, 0x12006, 0, 0, 0, 0);
	is_int(parse(m, len, &q, &ql), -EREMOTEIO, "error_code QGS_MSG_ERROR_INVALID_SIZE is -EREMOTEIO");
	is_int(e.status, TDXG_QGS_E_SERVICE, "its status is service");
	is_int(e.qgs_error, 0x12006, "the QGS error code is kept");
	like(e.err.msg, "QGS_MSG_ERROR_INVALID_SIZE", "the message names the code");
	len = resp(m, 1, 1, 1, 0x12002, 0, 0, 0, 0);
	is_int(parse(m, len, &q, &ql), -EREMOTEIO, "QGS_MSG_ERROR_OUT_OF_MEMORY is -EREMOTEIO, not -ENOMEM here");
	len = resp(m, 1, 1, 1, 0xdead, 0, 0, 0, 0);
	is_int(parse(m, len, &q, &ql), -EREMOTEIO, "an unknown error code is -EREMOTEIO");
	ok(e.qgs_error == 0xdead && strstr(e.err.msg, "unknown"), "and is kept and called unknown");
	len = resp(m, 1, 1, 1, 0x12001, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), -EREMOTEIO, "a nonzero error_code wins over a quote in the payload");

	len = resp(m, 1, 1, 0, 0, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "type GET_QUOTE_REQ (0) is -EBADMSG");
	like(e.err.msg, "message type 0", "the message gives the type");
	len = resp(m, 1, 1, 3, 0, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "type GET_COLLATERAL_RESP (3) is -EBADMSG");
	len = resp(m, 2, 0, 1, 0, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "major version 2 is -EBADMSG");
	like(e.err.msg, "version 2.0", "the message gives the version");
	len = resp(m, 0, 1, 1, 0, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "major version 0 is -EBADMSG");
	len = resp(m, 0x0100, 1, 1, 0, 16, 100, 16, 100);
	is_int(parse(m, len, &q, &ql), -EBADMSG, "a big-endian major version is -EBADMSG");
	{
		uint8_t report[1024] = { 0 }, *req;
		size_t rl;

		tdxg_qgs_build_request(report, sizeof(report), &req, &rl);
		is_int(parse(req + 4, rl - 4, &q, &ql), -EBADMSG, "our own request read back as a response is -EBADMSG");
		free(req);
	}
}

static void test_names(void)
{
	static const struct { uint32_t code; const char *name; } n[] = {
		{ 0x00000, "QGS_MSG_SUCCESS" },
		{ 0x12001, "QGS_MSG_ERROR_UNEXPECTED" },
		{ 0x12002, "QGS_MSG_ERROR_OUT_OF_MEMORY" },
		{ 0x12003, "QGS_MSG_ERROR_INVALID_PARAMETER" },
		{ 0x12004, "QGS_MSG_ERROR_INVALID_VERSION" },
		{ 0x12005, "QGS_MSG_ERROR_INVALID_TYPE" },
		{ 0x12006, "QGS_MSG_ERROR_INVALID_SIZE" },
		{ 0x12007, "QGS_MSG_ERROR_INVALID_CODE" },
	};
	size_t i;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		is_str(tdxg_qgs_error_name(n[i].code), n[i].name, "error 0x%05x is %s", n[i].code, n[i].name);
	ok(tdxg_qgs_error_name(0x12000) == NULL, "0x12000 (below the first error) has no name");
	ok(tdxg_qgs_error_name(0x12008) == NULL, "0x12008 (QGS_MSG_ERROR_MAX) has no name");
	ok(tdxg_qgs_error_name(1) == NULL && tdxg_qgs_error_name(0xffffffffu) == NULL, "1 and 0xffffffff have no name");
}

int main(void)
{
	test_constants();
	test_request();
	test_response();
	test_names();
	return done_testing();
}
