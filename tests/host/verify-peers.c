// SPDX-License-Identifier: MIT
/*
 * verify-peers.t's library caller: go-tdx-guest check's rules set in
 * struct tdxg_verify_opts, or from a policy file, checked by
 * tdxg_quote_verify() itself. Prints "error check" of the verification.
 *
 *   verify-peers QUOTE AT qe HEX | servicetd HEX | svn2 HEX | policy FILE | policy-ver0 FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tdxg/tdxg.h>

int main(int argc, char **argv)
{
	uint8_t *buf, *pol;
	struct tdxg_verify_opts o = TDXG_VERIFY_OPTS_INIT;
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_verifier *v;
	struct tdxg_quote q;
	struct tdxg_err err;
	size_t n, hn;
	int rc;

	if (argc != 5)
		return 2;
	if (tdxg_read_file(argv[1], 1 << 20, &buf, &n))
		return 3;
	if (tdxg_verifier_new(&v, NULL, 0, NULL) || tdxg_quote_parse(buf, n, &q, NULL) ||
	    tdxg_parse_time(argv[2], &o.at))
		return 3;
	o.at_set = 1;
	o.flags = TDXG_VERIFY_NO_TCB;
	if (!strcmp(argv[3], "qe")) {
		rc = tdxg_hex_decode(argv[4], o.qe_vendor_id, sizeof(o.qe_vendor_id), &hn);
		o.expect |= TDXG_EXPECT_QE_VENDOR_ID;
	} else if (!strcmp(argv[3], "servicetd")) {
		rc = tdxg_hex_decode(argv[4], o.mrservicetd, sizeof(o.mrservicetd), &hn);
		o.expect |= TDXG_EXPECT_MRSERVICETD;
	} else if (!strcmp(argv[3], "svn2")) {
		rc = tdxg_hex_decode(argv[4], o.min_tee_tcb_svn2, sizeof(o.min_tee_tcb_svn2), &hn);
	} else {
		/* policy-ver0: a caller built before these members existed */
		if (!strcmp(argv[3], "policy-ver0"))
			o.size = TDXG_VERIFY_OPTS_SIZE_VER0;
		if (tdxg_read_file(argv[4], 1 << 16, &pol, &n))
			return 3;
		rc = tdxg_verify_policy_load(&o, pol, n, &err);
		free(pol);
		if (rc) {
			printf("load %d %s\n", rc, err.msg);
			tdxg_verifier_free(v);
			free(buf);
			return 0;
		}
	}
	if (rc)
		return 4;
	tdxg_quote_verify(v, &q, &o, &r);
	printf("%d %s\n", r.error, r.check);
	tdxg_verifier_free(v);
	free(buf);
	return 0;
}
