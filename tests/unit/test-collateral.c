// SPDX-License-Identifier: MIT
/*
 * user/lib/collateral.c through the public tdxg_collateral_add(), looking
 * at what it decoded (struct tdxg_collateral, collateral.h). Expected
 * values are those of the JSON documents in tests/data/collateral (read
 * with python's json module and `date -ud ... +%s` when the tests were
 * written). Malformed documents are the real ones with one edit each.
 */
#include "unit.h"
#include <openssl/evp.h>
#include "collateral.h"
#include "json.h"
#include "tdxg/pcs.h"

static struct tdxg_err err;

static const char *name_cn(struct tdxg_span n)
{
	static char buf[128];

	tdxg_name_cn(n, buf, sizeof(buf));
	return buf;
}

/* Sorted highest first: each level's TCB is not below the next one's. */
static int sorted(const struct tdxg_tcb_info *t)
{
	size_t i;
	int c;

	for (i = 1; i < t->nlevels; i++) {
		c = memcmp(t->levels[i - 1].sgx, t->levels[i].sgx, 16);
		if (c < 0 || (!c && t->levels[i - 1].pcesvn < t->levels[i].pcesvn))
			return 0;
	}
	return 1;
}

static void test_bundle(void)
{
	size_t len;
	uint8_t *b = read_data("tests/data/collateral/v4-phala.collateral.json", &len), want[48];
	struct tdxg_collateral *c = tdxg_collateral_new();
	const struct tdxg_tcb_info *t;
	const struct tdxg_qe_identity *q;
	static const uint8_t sgx0[16] = { 2, 2, 2, 2, 3, 1, 0, 5 }, tdx0[16] = { 5, 0, 2 };
	enum tdxg_pck_ca ca = -1;
	int64_t next = 0;
	uint8_t fmspc[6];

	is_int(tdxg_collateral_add(c, b, len, &err), 0, "the v4-phala collateral bundle is accepted");
	t = c->tcb;
	q = c->qe;
	ok(t && q, "it has a TCB info and a QE identity");
	if (!t || !q)
		exit(done_testing() + 1);
	unhex("B0C06F000000", want, 6);
	is_mem(t->fmspc, want, 6, "TCB info fmspc B0C06F000000 (the quote's PCK FMSPC)");
	is_mem(t->pceid, "\0\0", 2, "pceId 0000");
	is_int(t->s.version, 3, "TCB info version 3");
	is_int(t->eval_num, 17, "tcbEvaluationDataNumber 17");
	is_int(t->s.issue_date, 1750328163, "issueDate 2025-06-19T10:16:03Z");
	is_int(t->s.next_update, 1752920163, "nextUpdate 2025-07-19T10:16:03Z");
	is_int(t->nlevels, 2, "2 TCB levels");
	ok(sorted(t), "levels are sorted highest first");
	is_int(t->levels[0].status, TDXG_TCB_UP_TO_DATE, "first level is UpToDate");
	is_int(t->levels[0].pcesvn, 11, "first level pcesvn 11");
	is_mem(t->levels[0].sgx, sgx0, 16, "first level sgxtcbcomponents 2,2,2,2,3,1,0,5,0...");
	is_mem(t->levels[0].tdx, tdx0, 16, "first level tdxtcbcomponents 5,0,2,0...");
	is_int(t->levels[0].tcb_date, 1710288000, "first level tcbDate 2024-03-13T00:00:00Z");
	is_int(t->levels[0].adv.n, 0, "first level has no advisories");
	is_int(t->levels[1].status, TDXG_TCB_OUT_OF_DATE, "second level is OutOfDate");
	is_int(t->levels[1].pcesvn, 5, "second level pcesvn 5");
	is_int(t->levels[1].tcb_date, 1515024000, "second level tcbDate 2018-01-04T00:00:00Z");
	is_int(t->levels[1].adv.n, 14, "second level has 14 advisory IDs");
	ok(t->levels[1].adv.first + 14 <= t->s.nadvisories &&
	   !strcmp(t->s.advisories[t->levels[1].adv.first], "INTEL-SA-00106") &&
	   !strcmp(t->s.advisories[t->levels[1].adv.first + 13], "INTEL-SA-00837"),
	   "its advisories run INTEL-SA-00106 .. INTEL-SA-00837");
	is_int(t->has_module, 1, "tdxModule is present");
	is_int(t->nmods, 2, "2 tdxModuleIdentities");
	if (t->nmods == 2) {
		is_str(t->mods[0].id, "TDX_03", "first module identity TDX_03");
		ok(t->mods[0].nlevels == 1 && t->mods[0].levels[0].isvsvn == 3 &&
		   t->mods[0].levels[0].status == TDXG_TCB_UP_TO_DATE, "TDX_03: one level, isvsvn 3 UpToDate");
		is_str(t->mods[1].id, "TDX_01", "second module identity TDX_01");
		ok(t->mods[1].nlevels == 2 && t->mods[1].levels[0].isvsvn == 4 && t->mods[1].levels[1].isvsvn == 2 &&
		   t->mods[1].levels[1].status == TDXG_TCB_OUT_OF_DATE, "TDX_01: isvsvn 4 UpToDate, then 2 OutOfDate");
	}
	/* The signed bytes are the tcb_info string's value, unescaped. */
	is_int(t->s.len, 2934, "the signed TCB info text is the 2934 bytes of tcb_info");
	ok(!strncmp(t->s.text, "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"2025-06-19T10:16:03Z\"", 56),
	   "and starts as the document does");
	unhex("027ef6ca41bac64e61ed", want, 10);
	is_mem(t->s.sig, want, 10, "tcb_info_signature decodes (027ef6ca...)");
	is_int(t->s.nchain, 2, "the TCB info issuer chain has 2 certificates");
	{
		/* Pool entries stay DER until a verifier parses them. */
		struct tdxg_cert *signer = tdxg_cert_from_der(c->pool_der[t->s.chain[0]],
							      c->pool_len[t->s.chain[0]], &err);

		is_str(signer ? name_cn(signer->subject) : "", "Intel SGX TCB Signing",
		       "the chain's leaf is Intel SGX TCB Signing");
		tdxg_cert_put(signer);
	}

	is_int(q->s.version, 2, "QE identity version 2");
	is_int(q->isvprodid, 2, "QE identity isvprodid 2");
	is_int(q->eval_num, 17, "QE identity tcbEvaluationDataNumber 17");
	is_int(q->s.issue_date, 1750329147, "QE identity issueDate 2025-06-19T10:32:27Z");
	is_int(q->s.next_update, 1752921147, "QE identity nextUpdate 2025-07-19T10:32:27Z");
	unhex("DC9E2A7C6F948F17474E34A7FC43ED030F7C1563F1BABDDF6340C82E0E54A8C5", want, 32);
	is_mem(q->mrsigner, want, 32, "QE mrsigner DC9E2A7C... (Intel's TD QE signer)");
	is_mem(q->miscselect_mask, "\xff\xff\xff\xff", 4, "miscselectMask FFFFFFFF");
	unhex("FBFFFFFFFFFFFFFF0000000000000000", want, 16);
	is_mem(q->attributes_mask, want, 16, "attributesMask FBFF...");
	ok(q->nlevels == 1 && q->levels[0].isvsvn == 4 && q->levels[0].status == TDXG_TCB_UP_TO_DATE &&
	   q->levels[0].tcb_date == 1710288000, "QE: one level, isvsvn 4, UpToDate, 2024-03-13");
	ok(q->s.nchain == 2 && q->s.chain[0] == t->s.chain[0] && q->s.chain[1] == t->s.chain[1],
	   "QE identity shares the TCB info's issuer chain");
	is_int(c->npool, 3, "3 distinct certificates: TCB signing, Platform CA, root");
	is_int(c->ncrls, 2, "2 CRLs");
	if (c->ncrls == 2) {
		is_str(name_cn(c->crls[0]->issuer), "Intel SGX Root CA", "root_ca_crl is the root's");
		is_str(name_cn(c->crls[1]->issuer), "Intel SGX PCK Platform CA", "pck_crl is the Platform CA's");
		is_int(c->crls[1]->next_update, 1752919235, "pck_crl nextUpdate 2025-07-19T10:00:35Z");
	}
	is_int(tdxg_collateral_describe(c, fmspc, &ca, &next), 0, "tdxg_collateral_describe");
	unhex("B0C06F000000", want, 6);
	ok(!memcmp(fmspc, want, 6) && ca == TDXG_PCK_CA_PLATFORM, "describe: FMSPC B0C06F000000, platform CA");
	is_int(next, 1752919235, "describe: earliest nextUpdate is the PCK CRL's");

	is_int(tdxg_collateral_add(c, b, len, &err), -EEXIST, "the same bundle again is -EEXIST");
	like(err.msg, "TCB info given twice", "naming the piece");
	tdxg_collateral_free(c);
	free(b);
}

static struct tdxg_collateral *add_file(const char *path, int want, const char *what)
{
	size_t len;
	uint8_t *b = read_data(path, &len);
	struct tdxg_collateral *c = tdxg_collateral_new();

	is_int(tdxg_collateral_add(c, b, len, &err), want, "%s", what);
	free(b);
	return c;
}

static void test_pcs(void)
{
	struct tdxg_collateral *c;
	size_t len;
	uint8_t *b, want[6];
	const char *s, *e;

	c = add_file("tests/data/collateral/sample_tcbInfo_response", 0, "PCS TCB info response (v3) is accepted");
	ok(c->tcb && !c->qe && !c->ncrls, "it adds a TCB info only");
	unhex("50806f000000", want, 6);
	is_mem(c->tcb->fmspc, want, 6, "fmspc 50806F000000");
	is_int(c->tcb->eval_num, 15, "tcbEvaluationDataNumber 15");
	is_int(c->tcb->s.issue_date, 1687077778, "issueDate 2023-06-18T08:42:58Z");
	is_int(c->tcb->s.next_update, 1689669778, "nextUpdate 2023-07-18T08:42:58Z");
	ok(c->tcb->nlevels == 2 && c->tcb->levels[0].pcesvn == 11 && c->tcb->levels[0].status == TDXG_TCB_UP_TO_DATE &&
	   c->tcb->levels[1].pcesvn == 5 && c->tcb->levels[1].adv.n == 13, "levels: UpToDate pcesvn 11, OutOfDate pcesvn 5 with 13 advisories");
	is_int(c->tcb->nmods, 0, "no tdxModuleIdentities");
	/* Intel signs the exact bytes of the tcbInfo value. */
	b = read_data("tests/data/collateral/sample_tcbInfo_response", &len);
	s = strchr((char *)b, ':') + 1;
	e = strstr((char *)b, ",\"signature\":");
	ok(e && c->tcb->s.len == (size_t)(e - s) && !memcmp(c->tcb->s.text, s, e - s),
	   "the signed text is the tcbInfo value byte for byte");
	is_int(tdxg_collateral_add(c, b, len, &err), -EEXIST, "a second TCB info is -EEXIST");
	free(b);
	b = read_data("tests/data/collateral/sample_qeIdentity_response", &len);
	is_int(tdxg_collateral_add(c, b, len, &err), 0, "PCS QE identity response is accepted");
	ok(c->qe && c->qe->isvprodid == 2 && c->qe->eval_num == 15 && c->qe->s.issue_date == 1686209099,
	   "QE identity: isvprodid 2, tcbEvaluationDataNumber 15, issueDate 2023-06-08T07:24:59Z");
	ok(c->qe && c->qe->nlevels == 1 && c->qe->levels[0].isvsvn == 4 && c->qe->levels[0].tcb_date == 1676419200,
	   "QE identity: isvsvn 4 from 2023-02-15");
	free(b);
	b = read_data("tests/data/collateral/pckcrl", &len);
	is_int(tdxg_collateral_add(c, b, len, &err), 0, "PCS PCK CRL (DER) is accepted");
	free(b);
	b = read_data("tests/data/collateral/rootcrl.der", &len);
	is_int(tdxg_collateral_add(c, b, len, &err), 0, "root CA CRL (DER) is accepted");
	is_int(c->ncrls, 2, "2 CRLs");
	is_int(tdxg_collateral_add(c, b, len, &err), -EEXIST, "a second CRL of the same issuer is -EEXIST");
	like(err.msg, "two CRLs from the same issuer", "naming why");
	{
		enum tdxg_pck_ca ca;
		int64_t next;
		uint8_t f[6];

		is_int(tdxg_collateral_describe(c, f, &ca, &next), 0, "describe the PCS set");
		is_int(next, 1688801099, "earliest nextUpdate is the QE identity's 2023-07-08T07:24:59Z");
	}
	tdxg_collateral_free(c);

	/* The same CRL as PEM and as hex text, as PCCS and files carry it. */
	{
		char *pem = malloc(len * 2 + 100), *hex = malloc(len * 2 + 2);
		int n;
		size_t i;

		n = sprintf(pem, "-----BEGIN X509 CRL-----\n");
		n += EVP_EncodeBlock((uint8_t *)pem + n, b, (int)len);
		n += sprintf(pem + n, "\n-----END X509 CRL-----\n");
		c = tdxg_collateral_new();
		is_int(tdxg_collateral_add(c, pem, n, &err), 0, "the root CRL as PEM is accepted");
		ok(c->ncrls == 1 && c->crls[0]->next_update == 1712053371, "and decodes to the same CRL");
		tdxg_collateral_free(c);
		for (i = 0; i < len; i++)
			sprintf(hex + 2 * i, "%02x", b[i]);
		hex[2 * len] = '\n';
		c = tdxg_collateral_new();
		is_int(tdxg_collateral_add(c, hex, 2 * len + 1, &err), 0, "the root CRL as hex text is accepted");
		ok(c->ncrls == 1 && c->crls[0]->this_update == 1680517371, "and decodes to the same CRL");
		tdxg_collateral_free(c);
		hex[7] = 'x';
		c = tdxg_collateral_new();
		is_int(tdxg_collateral_add(c, hex, 2 * len + 1, &err), -EBADMSG, "hex with a non-digit is -EBADMSG");
		tdxg_collateral_free(c);
		free(pem);
		free(hex);
	}
	free(b);

	c = add_file("tests/data/collateral/sample_tcbinfo_response_v5", 0,
		     "PCS TCB info with tdxModuleIdentities is accepted");
	unhex("90c06f000000", want, 6);
	is_mem(c->tcb->fmspc, want, 6, "fmspc 90C06F000000");
	is_int(c->tcb->eval_num, 18, "tcbEvaluationDataNumber 18");
	is_int(c->tcb->nlevels, 3, "3 TCB levels");
	ok(sorted(c->tcb) && c->tcb->levels[0].status == TDXG_TCB_UP_TO_DATE &&
	   c->tcb->levels[2].pcesvn == 5, "sorted: UpToDate first, pcesvn 5 last");
	ok(c->tcb->nmods == 2 && !strcmp(c->tcb->mods[1].id, "TDX_01") && c->tcb->mods[1].nlevels == 3 &&
	   c->tcb->mods[1].levels[0].isvsvn == 6 && c->tcb->mods[1].levels[2].isvsvn == 2,
	   "TDX_01 has isvsvn levels 6, 4, 2");
	tdxg_collateral_free(c);

	/* Issuer chains as PCS sends them in a header: URL-encoded. */
	b = read_data("tests/data/roots/intel-sgx-root-ca.pem", &len);
	{
		char *u = malloc(3 * len + 1), *p = u;
		size_t i;

		for (i = 0; i < len; i++)
			p += strchr("-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", b[i]) && b[i] ?
			     sprintf(p, "%c", b[i]) : sprintf(p, "%%%02X", b[i]);
		c = tdxg_collateral_new();
		is_int(tdxg_collateral_add(c, u, p - u, &err), 0, "a URL-encoded PEM chain is accepted");
		is_int(tdxg_collateral_add(c, b, len, &err), 0, "the same certificate as PEM is accepted");
		is_int(c->npool, 1, "and kept once");
		tdxg_collateral_free(c);
		free(u);
	}
	free(b);
	{
		size_t n;
		uint8_t *d = tdxg_url_decode((const uint8_t *)"a%20b%2Fc%2d", 12, &n);

		ok(d && n == 6 && !memcmp(d, "a b/c-", 6),
		   "tdxg_url_decode(\"a%%20b%%2Fc%%2d\") is \"a b/c-\"");
		free(d);
		ok(tdxg_url_decode((const uint8_t *)"ab%2", 4, &n) == NULL, "a cut %% escape is refused");
		ok(tdxg_url_decode((const uint8_t *)"%zz", 3, &n) == NULL, "a non-hex %% escape is refused");
	}
}

/* Adds doc with from replaced by to; expects -EBADMSG and want in the message. */
static void malformed(const char *path, const char *from, const char *to, const char *want, const char *what)
{
	size_t len;
	uint8_t *b = read_data(path, &len);
	char *at = strstr((char *)b, from), *m;
	struct tdxg_collateral *c;
	size_t fl = strlen(from), tl = strlen(to), n;
	int rc;

	if (!at) {
		ok(0, "%s: the edit applies (\"%s\" in %s)", what, from, path);
		free(b);
		return;
	}
	n = len - fl + tl;
	m = malloc(n + 1);
	memcpy(m, b, at - (char *)b);
	memcpy(m + (at - (char *)b), to, tl);
	memcpy(m + (at - (char *)b) + tl, at + fl, len - (at - (char *)b) - fl);
	m[n] = 0;
	c = tdxg_collateral_new();
	memset(&err, 0, sizeof(err));
	rc = tdxg_collateral_add(c, m, n, &err);
	is_int(rc, -EBADMSG, "%s: -EBADMSG", what);
	is_int(err.code, rc, "%s: err.code is the errno returned", what);
	like(err.msg, want, "%s: the message names it", what);
	tdxg_collateral_free(c);
	free(m);
	free(b);
}

static void test_malformed(void)
{
	static const char tcb[] = "tests/data/collateral/sample_tcbInfo_response";
	static const char qe[] = "tests/data/collateral/sample_qeIdentity_response";
	static const char bundle[] = "tests/data/collateral/v4-phala.collateral.json";

	malformed(tcb, "\"fmspc\":\"50806f000000\",", "", "TCB info: bad fmspc", "TCB info without fmspc");
	malformed(tcb, "\"pceId\":\"0000\"", "\"pceId\":\"00\"", "pceId", "TCB info with a 1-byte pceId");
	malformed(tcb, "\"tcbEvaluationDataNumber\":15", "\"tcbEvaluationDataNumber\":\"15\"",
		  "tcbEvaluationDataNumber", "tcbEvaluationDataNumber as a string");
	malformed(tcb, "\"tcbEvaluationDataNumber\":15", "\"tcbEvaluationDataNumber\":4294967296",
		  "tcbEvaluationDataNumber", "tcbEvaluationDataNumber above 32 bits");
	malformed(tcb, "\"issueDate\":\"2023-06-18T08:42:58Z\"", "\"issueDate\":\"2023-06-31T08:42:58Z\"",
		  "TCB info: issueDate: \"2023-06-31T08:42:58Z\" is not an RFC 3339 date-time", "June 31st");
	malformed(tcb, "\"issueDate\":\"2023-06-18T08:42:58Z\"", "\"issueDate\":\"2023-06-18 08:42:58\"",
		  "issueDate", "a date without T and zone");
	malformed(tcb, "\"nextUpdate\":\"2023-07-18T08:42:58Z\"", "\"nextUpdate\":1689669778",
		  "TCB info: nextUpdate: 1689669778 is not an RFC 3339 date-time", "nextUpdate as a number");
	malformed(tcb, "\"nextUpdate\":\"2023-07-18T08:42:58Z\",", "", "nextUpdate: missing", "no nextUpdate");
	malformed(tcb, "\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"Fine\"",
		  "tcbLevels[0].tcbStatus: \"Fine\" is not a status", "an unknown tcbStatus");
	malformed(tcb, "\"tcbDate\":\"", "\"tcbDate\":\"yesterday\",\"x\":\"", "tcbLevels[0].tcbDate: \"yesterday\"",
		  "a tcbDate that is no date");
	malformed(tcb, "\"advisoryIDs\":[", "\"advisoryIDs\":\"INTEL-SA-00106\",\"x\":[",
		  "tcbLevels[1].advisoryIDs is not an array", "advisoryIDs as a string");
	malformed(tcb, "\"advisoryIDs\":[", "\"advisoryIDs\":[7,", "tcbLevels[1].advisoryIDs[0]",
		  "an advisory ID that is a number");
	malformed(tcb, "{\"svn\":", "{\"svn\":256,\"x\":", "bad tcbLevels[0].tcb", "a component SVN of 256");
	malformed(tcb, "\"pcesvn\":11", "\"pcesvn\":65536", "bad tcbLevels[0].tcb", "a pcesvn of 65536");
	malformed(tcb, "\"version\":3", "\"version\":2", "version is not 3", "TCB info version 2");
	malformed(tcb, "\"id\":\"TDX\"", "\"id\":\"SGX\"", "id is not \"TDX\"", "an SGX TCB info");
	malformed(tcb, "\"tcbType\":0", "\"tcbType\":1", "tcbType is not 0", "tcbType 1");
	malformed(tcb, "\"tdxModule\":", "\"tdxModuleX\":", "no tdxModule", "TCB info without tdxModule");
	malformed(tcb, "\"tcbLevels\":[", "\"tcbLevels\":[],\"x\":[", "no tcbLevels", "empty tcbLevels");
	malformed(tcb, "\"signature\":\"", "\"signaturX\":\"", "TCB info response has no signature", "no signature");
	malformed(tcb, "\"signature\":\"", "\"signature\":\"00", "signature is not 128 hex digits", "a 65-byte signature");
	malformed(qe, "\"isvprodid\":2", "\"isvprodid\":-1", "QE identity: bad isvprodid", "a negative isvprodid");
	malformed(qe, "\"isvprodid\":2", "\"isvprodid\":2.0", "bad isvprodid", "a fractional isvprodid");
	malformed(qe, "\"miscselect\":\"00000000\"", "\"miscselect\":\"0000000\"", "bad miscselect", "odd miscselect");
	malformed(qe, "\"mrsigner\":\"", "\"mrsigner\":\"00", "bad attributes, attributesMask or mrsigner",
		  "a 33-byte mrsigner");
	malformed(qe, "{\"isvsvn\":4}", "{\"isvsvn\":\"4\"}", "tcbLevels[0].tcb.isvsvn is not an integer",
		  "an isvsvn as a string");
	malformed(qe, "\"tcbLevels\":[", "\"tcbLevels\":[],\"x\":[", "tcbLevels is not a non-empty array",
		  "empty QE tcbLevels");
	malformed(qe, "\"id\":\"TD_QE\"", "\"id\":\"QE\"", "id is not \"TD_QE\"", "an SGX QE identity");
	malformed(qe, "\"version\":2", "\"version\":3", "version is not 2", "QE identity version 3");
	malformed(bundle, "\"pck_crl\":", "\"pck_crX\":", "no string member \"pck_crl\"", "a bundle without pck_crl");
	malformed(bundle, "\"root_ca_crl\":", "\"root_ca_crl\": 1, \"x\":", "no string member \"root_ca_crl\"",
		  "a bundle whose root_ca_crl is a number");
	malformed(bundle, "\"root_ca_crl\": \"", "\"root_ca_crl\": \"zz", "root_ca_crl:", "a root_ca_crl that is not hex");
	malformed(bundle, "\"tcb_info_issuer_chain\": \"-----BEGIN", "\"tcb_info_issuer_chain\": \"x-----BEGIN",
		  "tcb_info_issuer_chain: PEM", "a tcb_info_issuer_chain with junk");
	malformed(bundle, "\\\"tcbEvaluationDataNumber\\\":17", "\\\"tcbEvaluationDataNumber\\\":true",
		  "TCB info: bad tcbEvaluationDataNumber", "tcbEvaluationDataNumber true inside the bundle's tcb_info");
	malformed(bundle, "\"pck_crl_issuer_chain\"", ",\"pck_crl_issuer_chain\"", "JSON: expected a member name at byte 4",
		  "a bundle that is not JSON");
}

/* The PCS TCB info with its two levels rewritten (JSON spans locate them). */
static void levels_edit(int dup, int want, const char *what)
{
	size_t len;
	uint8_t *b = read_data("tests/data/collateral/sample_tcbInfo_response", &len);
	struct json_doc d;
	struct tdxg_collateral *c;
	const struct json_node *l0, *l1;
	char *m;
	int lv, n;

	if (json_parse(&d, (char *)b, len, &err) ||
	    (lv = json_get(&d, json_get(&d, 0, "tcbInfo"), "tcbLevels")) < 0 || json_count(&d, lv) != 2) {
		ok(0, "%s: the sample has 2 levels", what);
		free(b);
		return;
	}
	l0 = &d.nodes[d.nodes[lv].first];
	l1 = &d.nodes[l0->next];
	m = malloc(len + 2 * (l0->end - l0->start) + 8);
	n = sprintf(m, "%.*s%.*s,%.*s%s", (int)l0->start, (char *)b,
		    (int)((dup ? l0 : l1)->end - (dup ? l0 : l1)->start), (char *)b + (dup ? l0 : l1)->start,
		    (int)(l0->end - l0->start), (char *)b + l0->start, (char *)b + l1->end);
	c = tdxg_collateral_new();
	is_int(tdxg_collateral_add(c, m, n, &err), want, "%s", what);
	if (!want)
		ok(c->tcb->nlevels == 2 && c->tcb->levels[0].pcesvn == 11 &&
		   c->tcb->levels[0].status == TDXG_TCB_UP_TO_DATE && c->tcb->levels[1].pcesvn == 5,
		   "levels given lowest first are sorted highest (pcesvn 11 UpToDate) first");
	else
		like(err.msg, "two tcbLevels for the same TCB", "the message says two levels have one TCB");
	tdxg_collateral_free(c);
	json_free(&d);
	free(m);
	free(b);
}

static void test_order(void)
{
	size_t len;
	uint8_t *b;
	struct tdxg_collateral *c;
	static const char one[] = "[{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2023-02-15T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]";
	char *m, *at;
	int n;

	levels_edit(0, 0, "a TCB info with its levels in ascending order is accepted");
	levels_edit(1, -EBADMSG, "a TCB info with one level twice is -EBADMSG");

	b = read_data("tests/data/collateral/sample_qeIdentity_response", &len);
	at = strstr((char *)b, one);
	ok(at != NULL, "the QE identity sample has one isvsvn 4 level");
	if (!at) {
		free(b);
		return;
	}
	m = malloc(len + 256);
	n = sprintf(m, "%.*s[{\"tcb\":{\"isvsvn\":1},\"tcbDate\":\"2019-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\"},%s%s",
		    (int)(at - (char *)b), (char *)b, one + 1, at + strlen(one));
	c = tdxg_collateral_new();
	is_int(tdxg_collateral_add(c, m, n, &err), 0, "a QE identity with levels isvsvn 1, 4 is accepted");
	ok(c->qe && c->qe->nlevels == 2 && c->qe->levels[0].isvsvn == 4 && c->qe->levels[1].isvsvn == 1 &&
	   c->qe->levels[1].status == TDXG_TCB_OUT_OF_DATE && c->qe->levels[1].tcb_date == 1546300800,
	   "sorted highest first: 4 UpToDate, then 1 OutOfDate from 2019-01-01");
	tdxg_collateral_free(c);
	n = sprintf(m, "%.*s[%.*s,%s%s", (int)(at - (char *)b), (char *)b, (int)strlen(one) - 2, one + 1, one + 1,
		    at + strlen(one));
	c = tdxg_collateral_new();
	is_int(tdxg_collateral_add(c, m, n, &err), -EBADMSG, "a QE identity with isvsvn 4 twice is -EBADMSG");
	like(err.msg, "two levels for ISVSVN 4", "the message names the ISVSVN");
	tdxg_collateral_free(c);
	free(m);
	free(b);
}

static void test_other(void)
{
	struct tdxg_collateral *c = tdxg_collateral_new();

	is_int(tdxg_collateral_add(c, "hello", 5, &err), -EBADMSG, "plain text is -EBADMSG");
	like(err.msg, "unrecognised collateral", "named as unrecognised");
	is_int(tdxg_collateral_add(c, " \n", 2, &err), -EBADMSG, "whitespace only is -EBADMSG");
	like(err.msg, "empty", "named as empty");
	is_int(tdxg_collateral_add(c, "", 0, &err), -EBADMSG, "no bytes is -EBADMSG");
	is_int(tdxg_collateral_add(c, NULL, 5, &err), -EINVAL, "a NULL buffer is -EINVAL");
	is_int(tdxg_collateral_add(NULL, "{}", 2, &err), -EINVAL, "a NULL collateral is -EINVAL");
	is_int(tdxg_collateral_add(c, "{\"a\":1}", 7, &err), -EBADMSG, "JSON of another kind is -EBADMSG");
	like(err.msg, "neither a collateral bundle", "and says what it is not");
	is_int(tdxg_collateral_add(c, "{\"tcbInfo\":[]}", 14, &err), -EBADMSG, "tcbInfo that is not an object is -EBADMSG");
	is_int(tdxg_collateral_add(c, "-----BEGIN X509 CRL-----\nAAAA\n", 30, &err), -EBADMSG,
	       "a PEM CRL without END line is -EBADMSG");
	ok(!c->tcb && !c->qe && !c->ncrls && !c->npool, "nothing was added by any of these");
	tdxg_collateral_free(c);
}

int main(void)
{
	test_bundle();
	test_pcs();
	test_malformed();
	test_order();
	test_other();
	return done_testing();
}
