// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: collateral loading (JSON reader, bundle, PCS TCB info
 * and QE identity responses, CRLs, PEM and URL-encoded chains).
 */
#include <stddef.h>
#include <stdint.h>

#include <tdxg/verify.h>
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tdxg_collateral *c = tdxg_collateral_new();
	struct json_doc d;
	struct tdxg_err err;

	if (!json_parse(&d, (const char *)data, size, &err)) {
		int k;

		/* Walk every node through the accessors. */
		for (k = 0; k < (int)d.n; k++) {
			int64_t v;
			char buf[64];

			json_int(&d, k, &v);
			json_str_decode(&d, k, buf, sizeof(buf));
			json_count(&d, k);
			json_get(&d, k, "tcbInfo");
		}
		json_free(&d);
	}
	tdxg_collateral_add(c, data, size, &err);
	tdxg_collateral_free(c);
	return 0;
}
