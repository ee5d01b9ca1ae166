/* SPDX-License-Identifier: MIT */
/* Parsed Intel collateral (TDX TCB info v3, TD_QE identity v2). Private to libtdxg. */
#ifndef TDXG_COLLATERAL_H
#define TDXG_COLLATERAL_H

#include <pthread.h>

#include <tdxg/verify.h>
#include "x509.h"

#define TDXG_MAX_POOL	16
#define TDXG_MAX_CRLS	4

/*
 * Everything verification reads from the signed JSON documents is decoded
 * into these fields when the collateral is added (collateral.c), and a
 * malformed value is refused there; verify.c never sees JSON.
 */

/* A level's advisoryIDs: advisories[first .. first + n) of its document. */
struct tdxg_advisory_span {
	unsigned first, n;
};

struct tdxg_tcb_level {
	uint8_t sgx[16];
	uint16_t pcesvn;
	uint8_t tdx[16];
	int status;			/* enum tdxg_tcb_status */
	int64_t tcb_date;		/* unix seconds */
	struct tdxg_advisory_span adv;
};

/* A TDX module or QE identity level. */
struct tdxg_module_level {
	uint16_t isvsvn;
	int status;
	int64_t tcb_date;
	struct tdxg_advisory_span adv;
};

struct tdxg_module_identity {
	char id[16];
	uint8_t mrsigner[48], attributes[8], attributes_mask[8];
	struct tdxg_module_level *levels;
	size_t nlevels;
};

/* Common to both signed JSON documents. */
struct tdxg_signed_json {
	char *text;		/* the signed bytes */
	size_t len;
	uint8_t sig[64];
	/* Every level's advisory IDs, decoded (struct tdxg_advisory_span). */
	char (*advisories)[TDXG_ADVISORY_ID_LEN];
	unsigned nadvisories;
	int chain[4];		/* issuer chain given with it (pool indexes), leaf first */
	int nchain;
	int64_t issue_date, next_update;
	int version;
};

struct tdxg_tcb_info {
	struct tdxg_signed_json s;
	uint8_t fmspc[6], pceid[2];
	uint32_t eval_num;	/* tcbEvaluationDataNumber */
	int has_module;
	uint8_t mod_mrsigner[48], mod_attributes[8], mod_attributes_mask[8];
	struct tdxg_module_identity *mods;
	size_t nmods;
	struct tdxg_tcb_level *levels;	/* sorted, highest first */
	size_t nlevels;
};

struct tdxg_qe_identity {
	struct tdxg_signed_json s;
	uint8_t miscselect[4], miscselect_mask[4];	/* in report byte order */
	uint8_t attributes[16], attributes_mask[16], mrsigner[32];
	uint16_t isvprodid;
	uint32_t eval_num;
	struct tdxg_module_level *levels;	/* isvsvn levels, highest first */
	size_t nlevels;
};

struct tdxg_collateral {
	struct tdxg_tcb_info *tcb;
	struct tdxg_qe_identity *qe;
	struct tdxg_crl *crls[TDXG_MAX_CRLS];
	int ncrls;
	/*
	 * Every distinct certificate of the issuer chains, as DER; parsed by
	 * the verifier on first use (pool[i]), which also shares what it has
	 * already parsed (the root, the quote's PCK CA) instead of parsing again.
	 */
	uint8_t *pool_der[TDXG_MAX_POOL];
	size_t pool_len[TDXG_MAX_POOL];
	struct tdxg_cert *pool[TDXG_MAX_POOL];
	int npool;
	/*
	 * The signatures are checked once, under lock, by the first verifier
	 * that uses the collateral; every verifier with the same trust root
	 * (checked_root) then shares the result, in any thread (see verify.c).
	 */
	pthread_mutex_t lock;
	int checked;
	struct tdxg_cert *checked_root;
	struct tdxg_cert *tcb_signer, *qe_signer;
	struct tdxg_cert *crl_issuer[TDXG_MAX_CRLS];
};

/* %XX decoding into a new buffer (not NUL-terminated); NULL if malformed. */
uint8_t *tdxg_url_decode(const uint8_t *s, size_t n, size_t *out_len);

#endif
