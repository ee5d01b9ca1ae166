// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: libtdxg's own DER reader for certificates (with the
 * SGX extension and names) and CRLs, fed DER directly so the fuzzer does
 * not have to get through PEM first.
 */
#include <stddef.h>
#include <stdint.h>

#include "x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tdxg_pck_ext e;
	struct tdxg_cert *c;
	struct tdxg_crl *crl;
	char buf[256];

	c = tdxg_cert_from_der(data, size, NULL);
	if (c) {
		tdxg_cert_pck_ext(c, &e, NULL);
		tdxg_name_text(c->subject, buf, sizeof(buf));
		tdxg_name_cn(c->issuer, buf, sizeof(buf));
		tdxg_cert_signed_by(c, c);
		tdxg_cert_put(c);
	}
	crl = tdxg_crl_from_der(data, size, NULL);
	tdxg_crl_free(crl);
	return 0;
}
