// SPDX-License-Identifier: MIT
/*
 * DCAP quote v4/v5 parser. Every length field is checked against the
 * space left and against what the enclosing field declared, so a parsed
 * quote's pointers are always in bounds. Bytes after the quote are
 * allowed: real quote files carry padding or other data there.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include <tdxg/quote.h>

#define QE_REPORT_LEN	384
#define ECDSA_SIG_LEN	64
#define ECDSA_KEY_LEN	64

static const uint8_t intel_qe_vendor_id[16] = {
	0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9,
	0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07,
};

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return le16toh(v);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

int tdxg_quote_parse(const void *buf, size_t len, struct tdxg_quote *q, struct tdxg_err *err)
{
	const uint8_t *p = buf;
	size_t off, body_len, cert_end, inner_len, total = len;
	uint16_t cert_type;

	if (!q || !buf)
		return tdxg_errf(err, -EINVAL, "no quote buffer or no result");
	memset(q, 0, sizeof(*q));
	if (len < TDXG_QUOTE_HEADER_LEN)
		return tdxg_errf(err, -EBADMSG, "quote too short for its header (%zu bytes)", len);
	q->raw = p;
	q->header = (const void *)p;
	q->version = get16(p);
	if (q->version != 4 && q->version != 5)
		return tdxg_errf(err, -EBADMSG, "header.version %u is not 4 or 5", q->version);
	if (get16(p + 2) != TDXG_QUOTE_AK_ECDSA_P256)
		return tdxg_errf(err, -EBADMSG, "header.att_key_type %u is not 2 (ECDSA P-256)", get16(p + 2));
	if (get32(p + 4) != TDXG_QUOTE_TEE_TDX)
		return tdxg_errf(err, -EBADMSG, "header.tee_type 0x%x is not 0x81 (TDX)", get32(p + 4));
	if (memcmp(q->header->qe_vendor_id, intel_qe_vendor_id, 16))
		return tdxg_errf(err, -EBADMSG, "header.qe_vendor_id is not Intel's");
	off = TDXG_QUOTE_HEADER_LEN;

	if (q->version == 4) {
		q->body_type = 2;
		body_len = TDXG_QUOTE_BODY_TD10_LEN;
	} else {
		if (len - off < sizeof(struct tdxg_quote_body_desc))
			return tdxg_errf(err, -EBADMSG, "quote ends inside the body descriptor");
		q->body_type = get16(p + off);
		body_len = get32(p + off + 2);
		off += sizeof(struct tdxg_quote_body_desc);
		if (q->body_type == 2) {
			if (body_len != TDXG_QUOTE_BODY_TD10_LEN)
				return tdxg_errf(err, -EBADMSG, "body descriptor: type 2 with size %zu, not 584", body_len);
		} else if (q->body_type == 3) {
			if (body_len != TDXG_QUOTE_BODY_TD15_LEN)
				return tdxg_errf(err, -EBADMSG, "body descriptor: type 3 with size %zu, not 648", body_len);
		} else {
			return tdxg_errf(err, -EBADMSG, "body descriptor: type %u is not a TD report (2 or 3)", q->body_type);
		}
	}
	if (len - off < body_len)
		return tdxg_errf(err, -EBADMSG, "quote ends inside the body (%zu of %zu bytes)", len - off, body_len);
	q->body = (const void *)(p + off);
	if (q->body_type == 3)
		q->body15 = (const void *)(p + off);
	off += body_len;
	q->signed_len = off;

	if (len - off < 4)
		return tdxg_errf(err, -EBADMSG, "quote ends before the signature data length");
	q->sig_data_len = get32(p + off);
	off += 4;
	if (q->sig_data_len > len - off)
		return tdxg_errf(err, -EBADMSG, "signature data length %u exceeds the %zu bytes left",
			    q->sig_data_len, len - off);
	/* From here on, everything must fit inside sig_data_len exactly. */
	len = off + q->sig_data_len;
	if (len - off < ECDSA_SIG_LEN + ECDSA_KEY_LEN + 6)
		return tdxg_errf(err, -EBADMSG, "signature data length %u too small", q->sig_data_len);
	q->signature = p + off;
	q->attest_key = p + off + ECDSA_SIG_LEN;
	off += ECDSA_SIG_LEN + ECDSA_KEY_LEN;
	cert_type = get16(p + off);
	q->cert_data_len = get32(p + off + 2);
	off += 6;
	if (cert_type != TDXG_CERT_TYPE_QE_REPORT)
		return tdxg_errf(err, -EBADMSG, "certification data type %u is not 6 (QE report)", cert_type);
	if (q->cert_data_len != len - off)
		return tdxg_errf(err, -EBADMSG, "certification data size %u does not match the %zu bytes of signature data left",
			    q->cert_data_len, len - off);
	cert_end = len;
	if (cert_end - off < QE_REPORT_LEN + ECDSA_SIG_LEN + 2)
		return tdxg_errf(err, -EBADMSG, "certification data too short for the QE report");
	q->qe_report_raw = p + off;
	q->qe_report = (const void *)(p + off);
	q->qe_report_sig = p + off + QE_REPORT_LEN;
	off += QE_REPORT_LEN + ECDSA_SIG_LEN;
	q->qe_auth_len = get16(p + off);
	off += 2;
	if (q->qe_auth_len > cert_end - off)
		return tdxg_errf(err, -EBADMSG, "QE auth data size %u exceeds the certification data", q->qe_auth_len);
	q->qe_auth = p + off;
	off += q->qe_auth_len;
	if (cert_end - off < 6)
		return tdxg_errf(err, -EBADMSG, "certification data ends before the PCK chain header");
	cert_type = get16(p + off);
	inner_len = get32(p + off + 2);
	off += 6;
	if (cert_type != TDXG_CERT_TYPE_PCK_CHAIN)
		return tdxg_errf(err, -EBADMSG, "QE certification data type %u is not 5 (PCK chain)", cert_type);
	if (inner_len != cert_end - off)
		return tdxg_errf(err, -EBADMSG, "PCK chain size %zu does not match the %zu bytes left",
			    inner_len, cert_end - off);
	if (inner_len == 0)
		return tdxg_errf(err, -EBADMSG, "PCK chain is empty");
	q->pck_chain = p + off;
	q->pck_chain_len = inner_len;
	q->len = cert_end;
	q->trailing = total - cert_end;
	return 0;
}

void tdxg_quote_region(const struct tdxg_quote *q, enum tdxg_quote_region r,
		       size_t *off, size_t *len)
{
	const uint8_t *start = NULL;
	size_t n = 0;

	switch (r) {
	case TDXG_QR_HEADER: start = q->raw; n = TDXG_QUOTE_HEADER_LEN; break;
	case TDXG_QR_BODY:
		start = q->raw + TDXG_QUOTE_HEADER_LEN;
		n = q->signed_len - TDXG_QUOTE_HEADER_LEN;	/* v5: with descriptor */
		break;
	case TDXG_QR_SIGNATURE: start = q->signature; n = ECDSA_SIG_LEN; break;
	case TDXG_QR_ATTEST_KEY: start = q->attest_key; n = ECDSA_KEY_LEN; break;
	case TDXG_QR_QE_REPORT: start = q->qe_report_raw; n = QE_REPORT_LEN; break;
	case TDXG_QR_QE_REPORT_SIG: start = q->qe_report_sig; n = ECDSA_SIG_LEN; break;
	case TDXG_QR_QE_AUTH: start = q->qe_auth; n = q->qe_auth_len; break;
	case TDXG_QR_PCK_CHAIN: start = q->pck_chain; n = q->pck_chain_len; break;
	default: break;
	}
	*off = start ? (size_t)(start - q->raw) : 0;
	*len = n;
}

const char *tdxg_quote_region_name(enum tdxg_quote_region r)
{
	static const char *const names[TDXG_QR_COUNT] = {
		"header", "body", "quote signature", "attestation key", "QE report",
		"QE report signature", "QE auth data", "PCK chain",
	};

	return r < TDXG_QR_COUNT ? names[r] : "?";
}
