/* SPDX-License-Identifier: MIT */
/*
 * DCAP quote layouts (Intel TDX DCAP Quoting Library API, quote v4/v5).
 * This is the single definition of the quote wire format in libtdxg.
 * All multi-byte integers are little-endian on the wire.
 */
#ifndef TDXG_QUOTE_H
#define TDXG_QUOTE_H

#include <stdint.h>

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

#define TDXG_CERT_TYPE_PCK_CHAIN	5
#define TDXG_CERT_TYPE_QE_REPORT	6

_Static_assert(sizeof(struct tdxg_quote_header) == TDXG_QUOTE_HEADER_LEN, "header");
_Static_assert(sizeof(struct tdxg_quote_body_td10) == TDXG_QUOTE_BODY_TD10_LEN, "td10");
_Static_assert(sizeof(struct tdxg_quote_body_td15) == TDXG_QUOTE_BODY_TD15_LEN, "td15");
_Static_assert(sizeof(struct tdxg_enclave_report) == 384, "enclave report");

#endif
