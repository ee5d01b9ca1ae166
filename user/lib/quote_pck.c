// SPDX-License-Identifier: MIT
/* Decodes a quote's PCK chain for display; verify.c makes the trust decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "tdxg/quote.h"
#include "x509.h"

int tdxg_quote_pck_info(const struct tdxg_quote *q, struct tdxg_pck_info *info,
			struct tdxg_err *err)
{
	uint8_t *der[TDXG_PCK_INFO_MAX_CERTS];
	size_t dl[TDXG_PCK_INFO_MAX_CERTS];
	struct tdxg_pck_ext ext;
	struct tdxg_err e;
	int n, i, rc = 0;

	if (!q || !info)
		return tdxg_errf(err, -EINVAL, "no quote or no result");
	memset(info, 0, sizeof(*info));
	n = tdxg_pem_certs(q->pck_chain, q->pck_chain_len, der, dl, TDXG_PCK_INFO_MAX_CERTS, err);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		struct tdxg_cert *c = rc ? NULL : tdxg_cert_from_der(der[i], dl[i], &e);

		free(der[i]);
		if (!c) {
			if (!rc)
				rc = tdxg_errf(err, e.code, "PCK chain certificate %d: %s", i + 1, e.msg);
			continue;
		}
		tdxg_name_text(c->subject, info->certs[i].subject, sizeof(info->certs[i].subject));
		tdxg_name_text(c->issuer, info->certs[i].issuer, sizeof(info->certs[i].issuer));
		info->certs[i].not_before = c->not_before;
		info->certs[i].not_after = c->not_after;
		info->certs[i].is_ca = c->is_ca;
		info->ncerts = i + 1;
		if (i == 0 && !tdxg_cert_pck_ext(c, &ext, NULL)) {
			info->ext_valid = 1;
			memcpy(info->ppid, ext.ppid, 16);
			memcpy(info->cpusvn, ext.cpusvn, 16);
			memcpy(info->comp_svn, ext.comp_svn, 16);
			memcpy(info->pceid, ext.pceid, 2);
			memcpy(info->fmspc, ext.fmspc, 6);
			info->pcesvn = ext.pcesvn;
			info->sgx_type = ext.sgx_type;
		}
		tdxg_cert_put(c);
	}
	return rc;
}
