// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the quote parser, the PCK chain decoder (PEM, X.509,
 * SGX extension) and the full signature verification path.
 */
#include <stddef.h>
#include <stdint.h>

#include <tdxg/verify.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tdxg_verifier *v;
	/* No collateral here: NO_TCB keeps a verifying input going on to the policy checks. */
	struct tdxg_verify_opts o = { .size = sizeof(o), .at_set = 1, .at = 1780000000,
				      .flags = TDXG_VERIFY_NO_TCB };
	struct tdxg_verify_result r = TDXG_VERIFY_RESULT_INIT;
	struct tdxg_pck_info info = TDXG_PCK_INFO_INIT;
	struct tdxg_quote q;
	size_t off, len;
	int i;

	if (!v)
		tdxg_verifier_new(&v, NULL, 0, NULL);
	if (tdxg_quote_parse(data, size, &q, NULL))
		return 0;
	/* The parser's promise: every region lies inside the input. */
	for (i = 0; i < TDXG_QR_COUNT; i++) {
		tdxg_quote_region(&q, i, &off, &len);
		if (off > size || len > size - off)
			__builtin_trap();
	}
	tdxg_quote_pck_info(&q, &info, NULL);
	tdxg_quote_verify(v, &q, &o, &r);
	return 0;
}
