// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: libtdxg's QGS GET_QUOTE_RESP parser, and the quote
 * parser on whatever it returns.
 */
#include <stddef.h>
#include <stdint.h>

#include <tdxg/qgs.h>
#include <tdxg/quote.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tdxg_qgs_error e;
	const uint8_t *quote = NULL;
	size_t quote_len = 0;
	struct tdxg_quote q;

	if (tdxg_qgs_parse_response(data, size, &quote, &quote_len, &e))
		return 0;
	if (quote < data || quote > data + size || quote_len > (size_t)(data + size - quote))
		__builtin_trap();
	tdxg_quote_parse(quote, quote_len, &q, NULL);
	return 0;
}
