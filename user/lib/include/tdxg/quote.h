/* SPDX-License-Identifier: MIT */
/*
 * DCAP quote layouts (Intel TDX DCAP Quoting Library API, quote v4/v5),
 * their parser and the PCK chain's contents. This is the single
 * definition of the quote wire format in libtdxg. All multi-byte integers
 * are little-endian on the wire. Verifying a quote is <tdxg/verify.h>.
 */
#ifndef TDXG_QUOTE_H
#define TDXG_QUOTE_H

#include <stddef.h>
#include <stdint.h>
#include <tdxg/err.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what these headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

#define TDXG_QUOTE_HEADER_LEN	48
#define TDXG_QUOTE_BODY_TD10_LEN	584	/* body type 2 */
#define TDXG_QUOTE_BODY_TD15_LEN	648	/* body type 3 */
#define TDXG_QUOTE_TEE_TDX	0x00000081
#define TDXG_QUOTE_AK_ECDSA_P256	2

struct tdxg_quote_header {
	uint16_t version;		/* 4 or 5 */
	uint16_t att_key_type;		/* 2: ECDSA-256-with-P-256 */
	uint32_t tee_type;		/* 0x81: TDX */
	uint16_t qe_svn;		/* reserved in v4 */
	uint16_t pce_svn;		/* reserved in v4 */
	uint8_t qe_vendor_id[16];
	uint8_t user_data[20];
} __attribute__((packed));

/* TD 1.0 report body (quote v4, v5 type 2). */
struct tdxg_quote_body_td10 {
	uint8_t tee_tcb_svn[16];
	uint8_t mrseam[48];
	uint8_t mrsignerseam[48];
	uint8_t seam_attributes[8];
	uint8_t td_attributes[8];
	uint8_t xfam[8];
	uint8_t mrtd[48];
	uint8_t mrconfigid[48];
	uint8_t mrowner[48];
	uint8_t mrownerconfig[48];
	uint8_t rtmr[4][48];
	uint8_t reportdata[64];
} __attribute__((packed));

/* TD 1.5 report body (quote v5 type 3). */
struct tdxg_quote_body_td15 {
	struct tdxg_quote_body_td10 td10;
	uint8_t tee_tcb_svn2[16];
	uint8_t mrservicetd[48];
} __attribute__((packed));

/* Quote v5: header, then this descriptor, then the body. */
struct tdxg_quote_body_desc {
	uint16_t type;			/* 2: TD 1.0, 3: TD 1.5 */
	uint32_t size;
} __attribute__((packed));

/* SGX enclave report (the QE report in the certification data). */
struct tdxg_enclave_report {
	uint8_t cpusvn[16];
	uint32_t miscselect;
	uint8_t reserved1[28];
	uint8_t attributes[16];
	uint8_t mrenclave[32];
	uint8_t reserved2[32];
	uint8_t mrsigner[32];
	uint8_t reserved3[96];
	uint16_t isvprodid;
	uint16_t isvsvn;
	uint8_t reserved4[60];
	uint8_t reportdata[64];
} __attribute__((packed));

/* C11 and C++11 spell a compile-time check differently. */
#ifdef __cplusplus
#define TDXG_STATIC_ASSERT(e, msg) static_assert(e, msg)
#else
#define TDXG_STATIC_ASSERT(e, msg) _Static_assert(e, msg)
#endif

#define TDXG_CERT_TYPE_PCK_CHAIN	5
#define TDXG_CERT_TYPE_QE_REPORT	6

TDXG_STATIC_ASSERT(sizeof(struct tdxg_quote_header) == TDXG_QUOTE_HEADER_LEN, "header");
TDXG_STATIC_ASSERT(sizeof(struct tdxg_quote_body_td10) == TDXG_QUOTE_BODY_TD10_LEN, "td10");
TDXG_STATIC_ASSERT(sizeof(struct tdxg_quote_body_td15) == TDXG_QUOTE_BODY_TD15_LEN, "td15");
TDXG_STATIC_ASSERT(sizeof(struct tdxg_enclave_report) == 384, "enclave report");

/*
 * Parsed view of a quote: pointers into the caller's buffer, which must
 * outlive it. tdxg_quote_parse() checks every length inside the quote and
 * accepts bytes after its end (real quotes carry padding).
 */
struct tdxg_quote {
	const uint8_t *raw;
	size_t len;			/* bytes of quote proper */
	size_t trailing;		/* bytes after it in the buffer */
	const struct tdxg_quote_header *header;
	uint16_t version;
	uint16_t body_type;		/* 2 (TD 1.0) or 3 (TD 1.5) */
	const struct tdxg_quote_body_td10 *body;
	const struct tdxg_quote_body_td15 *body15;	/* NULL unless type 3 */
	size_t signed_len;		/* header, v5 descriptor and body */
	uint32_t sig_data_len;
	const uint8_t *signature;	/* 64 bytes, r || s big-endian */
	const uint8_t *attest_key;	/* 64 bytes, X || Y */
	uint32_t cert_data_len;		/* outer certification data (type 6) */
	const uint8_t *qe_report_raw;	/* 384 bytes, signed by the PCK */
	const struct tdxg_enclave_report *qe_report;
	const uint8_t *qe_report_sig;	/* 64 bytes */
	const uint8_t *qe_auth;
	uint16_t qe_auth_len;
	uint32_t pck_chain_len;		/* nested type 5 data as stored */
	const uint8_t *pck_chain;	/* PEM, maybe NUL-terminated */
};

/* Offsets of the regions of a parsed quote, for tools and tests. */
enum tdxg_quote_region {
	TDXG_QR_HEADER, TDXG_QR_BODY, TDXG_QR_SIGNATURE, TDXG_QR_ATTEST_KEY,
	TDXG_QR_QE_REPORT, TDXG_QR_QE_REPORT_SIG, TDXG_QR_QE_AUTH, TDXG_QR_PCK_CHAIN,
	TDXG_QR_COUNT
};

/*
 * Errors: -EINVAL buf or q NULL; -EBADMSG malformed, err naming the field.
 */
int tdxg_quote_parse(const void *buf, size_t len, struct tdxg_quote *q, struct tdxg_err *err);
/* Start offset and length of a region inside q->raw. */
void tdxg_quote_region(const struct tdxg_quote *q, enum tdxg_quote_region r,
		       size_t *off, size_t *len);
const char *tdxg_quote_region_name(enum tdxg_quote_region r);

/*
 * Extensible structs. struct tdxg_pck_info below, the option and result
 * structs of <tdxg/verify.h>, struct tdxg_qgs_request (<tdxg/qgs.h>) and
 * struct tdxg_pcs_responses (<tdxg/pcs.h>) start with uint32_t size, which the caller sets to the
 * sizeof it was built with (the *_INIT macros, in C, and the *_init()
 * functions do,
 * and zero the rest), as Linux's openat2(2) and clone3(2) do. A size
 * below the first published one (*_SIZE_VER0) is -EINVAL. Options larger
 * than the library knows are accepted when every byte it does not know is
 * zero, else -E2BIG: a newer program asking for something this library
 * cannot do fails instead of being ignored. Into a result the library
 * writes min(size, its own sizeof) bytes and then sets size to that, so
 * an older program's smaller struct is never overrun and a newer one
 * learns which members were filled.
 *
 * Fixed by design: the quote, report and event-log layouts (wire formats,
 * checked by static asserts), struct tdxg_quote (a view of quote v4/v5
 * regions; another quote format gets its own), struct tdxg_event_log and
 * tdxg_seal_state (TCG log records and their replay state), and
 * struct tdxg_qgs_transport and tdxg_qgs_error (values the library fills
 * whole, sized for a socket path and a message).
 */

/* The PCK chain of a quote, decoded for display (no trust decision). */
#define TDXG_PCK_INFO_MAX_CERTS 4
struct tdxg_pck_info {
	uint32_t size;			/* sizeof, see "Extensible structs" */
	int ncerts;
	struct {
		char subject[160], issuer[160];
		int64_t not_before, not_after;
		int is_ca;
	} certs[TDXG_PCK_INFO_MAX_CERTS];
	int ext_valid;			/* the leaf's SGX extension parsed */
	uint8_t ppid[16], cpusvn[16], comp_svn[16], pceid[2], fmspc[6];
	uint16_t pcesvn;
	int sgx_type;
};
#define TDXG_PCK_INFO_SIZE_VER0		1456	/* the first published size */
#ifndef __cplusplus	/* C++: the _init() function */
#define TDXG_PCK_INFO_INIT		{ .size = sizeof(struct tdxg_pck_info) }
#endif
/* Zeroes info and sets its size, as TDXG_PCK_INFO_INIT does in C. */
void tdxg_pck_info_init(struct tdxg_pck_info *info);
/*
 * Errors: -EINVAL q or info NULL, or info->size below
 * TDXG_PCK_INFO_SIZE_VER0; -EBADMSG a malformed PEM block or
 * certificate; -E2BIG more than TDXG_PCK_INFO_MAX_CERTS; -ENOMEM. The
 * certificates before a bad one are in info (ncerts).
 */
int tdxg_quote_pck_info(const struct tdxg_quote *q, struct tdxg_pck_info *info,
			struct tdxg_err *err);

/* A published size never changes; a struct grows only at its end. */
TDXG_STATIC_ASSERT(sizeof(struct tdxg_pck_info) >= TDXG_PCK_INFO_SIZE_VER0, "pck_info");

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_QUOTE_H */
