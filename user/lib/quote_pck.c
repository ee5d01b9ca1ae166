// SPDX-License-Identifier: MIT
/* Decodes a quote's PCK chain for display; verify.c makes the trust decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "extstruct.h"
#include <tdxg/quote.h>
#include "x509.h"

/*
 * After tdxg_pem_certs() failed on a chain: the certificates of its
 * longest prefix that ends with an END line and decodes, at most
 * TDXG_PCK_INFO_MAX_CERTS, into der and dl; their count.
 */
static int pem_prefix(const uint8_t *pem, size_t len, uint8_t **der, size_t *dl)
{
	static const char end[] = "-----END CERTIFICATE-----";
	const uint8_t *p = pem, *e;
	size_t cut = 0;
	int n, i, good = 0;

	while (p && (e = memmem(p, len - (p - pem), end, sizeof(end) - 1))) {
		p = e + sizeof(end) - 1;
		n = tdxg_pem_certs(pem, p - pem, der, dl, TDXG_PCK_INFO_MAX_CERTS, NULL);
		if (n < 0)
			break;
		for (i = 0; i < n; i++)
			free(der[i]);
		cut = p - pem;
		good = n;
	}
	return good ? tdxg_pem_certs(pem, cut, der, dl, TDXG_PCK_INFO_MAX_CERTS, NULL) : 0;
}

int tdxg_quote_pck_info(const struct tdxg_quote *q, struct tdxg_pck_info *info,
			struct tdxg_err *err)
{
	uint8_t *der[TDXG_PCK_INFO_MAX_CERTS];
	size_t dl[TDXG_PCK_INFO_MAX_CERTS];
	struct tdxg_pck_info k;	/* the library's size, copied out at the end */
	struct tdxg_pck_ext ext;
	struct tdxg_err e;
	int n, i, rc = 0, bad = 0;

	if (!q || !info)
		return tdxg_errf(err, -EINVAL, "no quote or no result");
	if (tdxg_result_check(info, TDXG_PCK_INFO_SIZE_VER0))
		return tdxg_errf(err, -EINVAL, "info of %u bytes: below the first published %u (set size)",
				 info->size, TDXG_PCK_INFO_SIZE_VER0);
	memset(&k, 0, sizeof(k));
	n = tdxg_pem_certs(q->pck_chain, q->pck_chain_len, der, dl, TDXG_PCK_INFO_MAX_CERTS, err);
	if (n < 0) {
		/* The certificates before the bad block still go into info. */
		rc = n;
		n = pem_prefix(q->pck_chain, q->pck_chain_len, der, dl);
	}
	for (i = 0; i < n; i++) {
		struct tdxg_cert *c = bad ? NULL : tdxg_cert_from_der(der[i], dl[i], &e);

		free(der[i]);
		if (!c) {
			if (!bad)
				rc = tdxg_errf(err, e.code, "PCK chain certificate %d: %s", i + 1, e.msg);
			bad = 1;
			continue;
		}
		tdxg_name_text(c->subject, k.certs[i].subject, sizeof(k.certs[i].subject));
		tdxg_name_text(c->issuer, k.certs[i].issuer, sizeof(k.certs[i].issuer));
		k.certs[i].not_before = c->not_before;
		k.certs[i].not_after = c->not_after;
		k.certs[i].is_ca = c->is_ca;
		k.ncerts = i + 1;
		if (i == 0 && !tdxg_cert_pck_ext(c, &ext, NULL)) {
			k.ext_valid = 1;
			memcpy(k.ppid, ext.ppid, 16);
			memcpy(k.cpusvn, ext.cpusvn, 16);
			memcpy(k.comp_svn, ext.comp_svn, 16);
			memcpy(k.pceid, ext.pceid, 2);
			memcpy(k.fmspc, ext.fmspc, 6);
			k.pcesvn = ext.pcesvn;
			k.sgx_type = ext.sgx_type;
		}
		tdxg_cert_put(c);
	}
	tdxg_result_out(info, &k, sizeof(k));
	return rc;
}

void tdxg_pck_info_init(struct tdxg_pck_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
}
