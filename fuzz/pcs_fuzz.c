// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a hostile PCS/PCCS. The input is the seven pieces of
 * the API v4 responses tdxg collateral fetches, separated by "\n--\n": TCB
 * info body, TCB-Info-Issuer-Chain header, QE identity body, its chain
 * header, PCK CRL body, SGX-PCK-CRL-Issuer-Chain header, root CA CRL body.
 * tdxg_collateral_bundle() must reject or accept them without a crash, and
 * what it accepts must load as collateral and describe itself.
 */
#include <stdlib.h>
#include <string.h>

#include <tdxg/pcs.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[7] = { 0 }, *p = data, *end = data + size, *sep;
	size_t len[7] = { 0 }, jl;
	char *hdr[3] = { 0 }, *json;
	struct tdxg_err err;
	struct tdxg_pcs_responses r;
	struct tdxg_collateral *c;
	enum tdxg_pck_ca ca;
	uint8_t fmspc[6];
	int64_t next;
	int i;

	for (i = 0; i < 7 && p <= end; i++) {
		sep = memmem(p, end - p, "\n--\n", 4);
		part[i] = p;
		len[i] = (sep ? sep : end) - p;
		p = sep ? sep + 4 : end + 1;
	}
	for (i = 0; i < 3; i++)
		hdr[i] = part[2 * i + 1] ? strndup((const char *)part[2 * i + 1], len[2 * i + 1]) : NULL;
	r = (struct tdxg_pcs_responses){
		.size = sizeof(r),
		.tcb_info = part[0], .tcb_info_len = len[0], .tcb_info_issuer_chain = hdr[0],
		.qe_identity = part[2], .qe_identity_len = len[2], .qe_identity_issuer_chain = hdr[1],
		.pck_crl = part[4], .pck_crl_len = len[4], .pck_crl_issuer_chain = hdr[2],
		.root_ca_crl = part[6], .root_ca_crl_len = len[6],
	};
	if (!tdxg_collateral_bundle(&r, &json, &jl, &err)) {
		c = tdxg_collateral_new();
		if (!c || tdxg_collateral_add(c, json, jl, &err))
			abort();	/* the bundle was checked with the same parser */
		tdxg_collateral_describe(c, fmspc, &ca, &next);
		tdxg_collateral_free(c);
		free(json);
	}
	for (i = 0; i < 3; i++)
		free(hdr[i]);
	return 0;
}
