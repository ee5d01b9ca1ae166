// SPDX-License-Identifier: GPL-2.0
/*
 * QGS message framing, for hosts whose VMM forwards the GetQuote buffer
 * to the Quote Generation Service unchanged.
 * Every message is a 4-byte big-endian length, then a 16-byte little-
 * endian header {u16 major, u16 minor, u32 type, u32 size, u32 error}.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "tdxg.h"

#define QGS_PREFIX_LEN		4
#define QGS_HEADER_LEN		16
#define QGS_GET_QUOTE_REQ	0
#define QGS_GET_QUOTE_RESP	1

size_t tdxg_qgs_request_size(void)
{
	return QGS_PREFIX_LEN + QGS_HEADER_LEN + 8 + TDXG_REPORT_LEN;
}

/* Writes the prefix and a v1.1 header, no error; returns the body. */
static u8 *put_message_header(u8 *out, u32 type, u32 size)
{
	put_unaligned_be32(size, out);
	out += QGS_PREFIX_LEN;
	put_unaligned_le16(1, out);
	put_unaligned_le16(1, out + 2);
	put_unaligned_le32(type, out + 4);
	put_unaligned_le32(size, out + 8);
	put_unaligned_le32(0, out + 12);		/* error_code */
	return out + QGS_HEADER_LEN;
}

void tdxg_qgs_frame_request(const u8 *tdreport, u8 *out)
{
	out = put_message_header(out, QGS_GET_QUOTE_REQ,
				 QGS_HEADER_LEN + 8 + TDXG_REPORT_LEN);
	put_unaligned_le32(TDXG_REPORT_LEN, out);	/* report_size */
	put_unaligned_le32(0, out + 4);			/* id_list_size */
	memcpy(out + 8, tdreport, TDXG_REPORT_LEN);
}

/*
 * The TDREPORT in a framed GET_QUOTE_REQ for one report and no ID list,
 * as libtdx_attest sends it through the legacy GET_QUOTE, or NULL for
 * anything else.
 */
const u8 *tdxg_qgs_request_report(const u8 *msg, size_t len)
{
	u32 size = QGS_HEADER_LEN + 8 + TDXG_REPORT_LEN;

	if (len != QGS_PREFIX_LEN + size || get_unaligned_be32(msg) != size)
		return NULL;
	msg += QGS_PREFIX_LEN;
	if (get_unaligned_le16(msg) != 1 ||
	    get_unaligned_le32(msg + 4) != QGS_GET_QUOTE_REQ ||
	    get_unaligned_le32(msg + 8) != size ||
	    get_unaligned_le32(msg + 12) ||
	    get_unaligned_le32(msg + 16) != TDXG_REPORT_LEN ||
	    get_unaligned_le32(msg + 20))
		return NULL;
	return msg + QGS_HEADER_LEN + 8;
}

size_t tdxg_qgs_response_overhead(void)
{
	return QGS_PREFIX_LEN + QGS_HEADER_LEN + 8;
}

/*
 * The framed GET_QUOTE_RESP (v1.1, no error, no selected ID) that QGS
 * would have sent for the quote_len-byte quote already at
 * out + tdxg_qgs_response_overhead().
 */
void tdxg_qgs_frame_response(u8 *out, u32 quote_len)
{
	out = put_message_header(out, QGS_GET_QUOTE_RESP,
				 QGS_HEADER_LEN + 8 + quote_len);
	put_unaligned_le32(0, out);			/* selected_id_size */
	put_unaligned_le32(quote_len, out + 4);		/* quote_size */
}

/* Whether len bytes start as a framed QGS GET_QUOTE_RESP would. */
bool tdxg_qgs_is_message(const u8 *msg, size_t len)
{
	return len >= QGS_PREFIX_LEN + QGS_HEADER_LEN &&
	       get_unaligned_be32(msg) == len - QGS_PREFIX_LEN &&
	       get_unaligned_le16(msg + QGS_PREFIX_LEN) == 1 &&
	       get_unaligned_le32(msg + QGS_PREFIX_LEN + 4) == QGS_GET_QUOTE_RESP;
}

/*
 * Find the quote in a framed GET_QUOTE_RESP. The bytes come from the
 * host: every length is checked against the bytes actually received.
 * Returns 0, -EIO for a malformed message, or -EREMOTEIO when QGS
 * reported an error (its code in *qgs_error).
 */
int tdxg_qgs_parse_response(const u8 *msg, size_t len, const u8 **quote,
			    u32 *quote_len, u32 *qgs_error)
{
	u32 prefix, size, id_size, q_size;

	if (len < QGS_PREFIX_LEN + QGS_HEADER_LEN)
		return -EIO;
	prefix = get_unaligned_be32(msg);
	msg += QGS_PREFIX_LEN;
	len -= QGS_PREFIX_LEN;
	size = get_unaligned_le32(msg + 8);
	if (prefix != size || size > len || size < QGS_HEADER_LEN ||
	    get_unaligned_le16(msg) != 1 ||
	    get_unaligned_le32(msg + 4) != QGS_GET_QUOTE_RESP)
		return -EIO;
	*qgs_error = get_unaligned_le32(msg + 12);
	if (*qgs_error)
		return -EREMOTEIO;
	if (size < QGS_HEADER_LEN + 8)
		return -EIO;
	id_size = get_unaligned_le32(msg + 16);
	q_size = get_unaligned_le32(msg + 20);
	if (id_size > size - QGS_HEADER_LEN - 8 ||
	    q_size != size - QGS_HEADER_LEN - 8 - id_size || !q_size)
		return -EIO;
	*quote = msg + QGS_HEADER_LEN + 8 + id_size;
	*quote_len = q_size;
	return 0;
}
