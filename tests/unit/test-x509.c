// SPDX-License-Identifier: MIT
/*
 * user/lib/x509.c: libtdxg's own DER reader for Intel's certificates and
 * CRLs, its PEM splitter, hex and SHA-256. Expected values were read from
 * the files with openssl (x509 -dates/-serial/-ext, crl -text,
 * asn1parse of the SGX extension) when the tests were written, and are
 * hard-coded here so the test does not check the code against itself.
 */
#include "unit.h"
#include "x509.h"
#include "hash.h"
#include "hex.h"
#include "tdxg/verify.h"

static struct tdxg_err err;

/* Unix seconds, from `openssl x509 -noout -dates` and `date -ud ... +%s`. */
#define ROOT_NOT_BEFORE		1526899510	/* May 21 10:45:10 2018 GMT */
#define ROOT_NOT_AFTER		2524607999	/* Dec 31 23:59:59 2049 GMT */
#define PLATFORM_NOT_BEFORE	1526899810	/* May 21 10:50:10 2018 GMT */
#define PLATFORM_NOT_AFTER	2000285410	/* May 21 10:50:10 2033 GMT */
#define LEAF_NOT_BEFORE		1738884351	/* Feb  6 23:25:51 2025 GMT */
#define LEAF_NOT_AFTER		1959722751	/* Feb  6 23:25:51 2032 GMT */
#define ROOTCRL_THIS		1680517371	/* Apr  3 10:22:51 2023 GMT */
#define ROOTCRL_NEXT		1712053371	/* Apr  2 10:22:51 2024 GMT */
#define PCKCRL_THIS		1686209272	/* Jun  8 07:27:52 2023 GMT */
#define PCKCRL_NEXT		1688801272	/* Jul  8 07:27:52 2023 GMT */

static const char intel_dn[] = "/O=Intel Corporation/L=Santa Clara/ST=CA/C=US";

static struct tdxg_cert *root, *platform, *leaf;
static uint8_t *root_der;
static size_t root_der_len;

static void test_root(void)
{
	size_t len, i;
	uint8_t *pem = read_data("tests/data/roots/intel-sgx-root-ca.pem", &len);
	uint8_t *der[4], fp[32], want[32];
	size_t dl[4];
	char name[256];
	int n;

	n = tdxg_pem_certs(pem, len, der, dl, 4, &err);
	is_int(n, 1, "the Intel SGX Root CA PEM holds 1 certificate");
	if (n != 1)
		exit(done_testing() + 1);
	root_der = der[0];
	root_der_len = dl[0];
	is_int(dl[0], 659, "its DER is 659 bytes (openssl x509 -outform DER | wc -c)");
	tdxg_sha256(der[0], dl[0], fp);
	unhex("44A0196B2B99F889B8E149E95B807A350E7424964399E885A7CBB8CCFAB674D3", want, 32);
	is_mem(fp, want, 32, "SHA-256 of the DER is the published root fingerprint 44:A0:19:...:74:D3");

	root = tdxg_cert_from_der(der[0], dl[0], &err);
	ok(root != NULL, "tdxg_cert_from_der parses the root");
	if (!root)
		exit(done_testing() + 1);
	ok(tdxg_name_eq(root->issuer, root->subject), "root: issuer == subject");
	is_int(tdxg_cert_signed_by(root, root), 1, "root: self-signed (its signature verifies with its own key)");
	is_int(root->is_ca, 1, "root: CA (basicConstraints CA, keyCertSign)");
	is_int(root->can_sign_crl, 1, "root: cRLSign");
	is_int(root->pathlen, 1, "root: pathLenConstraint 1");
	is_int(root->not_before, ROOT_NOT_BEFORE, "root: notBefore 2018-05-21T10:45:10Z");
	is_int(root->not_after, ROOT_NOT_AFTER, "root: notAfter 2049-12-31T23:59:59Z (GeneralizedTime)");
	ok(tdxg_cert_valid_at(root, ROOT_NOT_BEFORE) && tdxg_cert_valid_at(root, ROOT_NOT_AFTER),
	   "root: valid at both ends of its validity (inclusive, RFC 5280 4.1.2.5)");
	ok(!tdxg_cert_valid_at(root, ROOT_NOT_BEFORE - 1) && !tdxg_cert_valid_at(root, ROOT_NOT_AFTER + 1),
	   "root: not valid a second outside it");
	tdxg_name_cn(root->subject, name, sizeof(name));
	is_str(name, "Intel SGX Root CA", "root: CN text");
	tdxg_name_text(root->subject, name, sizeof(name));
	is_str(name, "/CN=Intel SGX Root CA/O=Intel Corporation/L=Santa Clara/ST=CA/C=US", "root: subject text");
	unhex("22650CD65A9D3489F383B49552BF501B392706AC", want, 20);
	ok(root->serial.len == 20 && !memcmp(root->serial.p, want, 20), "root: serial 22650CD6...2706AC");
	ok(root->sgx_ext.p == NULL, "root: no SGX extension");
	{
		struct tdxg_pck_ext e;

		is_int(tdxg_cert_pck_ext(root, &e, &err), -EBADMSG, "root: tdxg_cert_pck_ext is -EBADMSG");
		like(err.msg, "no SGX extension", "root: the message says why");
	}
	/* The same bytes as the built-in anchor the verifier uses. */
	ok(strlen(tdxg_intel_sgx_root_ca_pem) > 0, "the built-in root PEM is not empty");
	{
		uint8_t *bd[2];
		size_t bl[2];

		n = tdxg_pem_certs((const uint8_t *)tdxg_intel_sgx_root_ca_pem,
				   strlen(tdxg_intel_sgx_root_ca_pem), bd, bl, 2, &err);
		ok(n == 1 && bl[0] == dl[0] && !memcmp(bd[0], der[0], dl[0]),
		   "the built-in root is tests/data/roots/intel-sgx-root-ca.pem");
		for (i = 0; n > 0 && i < (size_t)n; i++)
			free(bd[i]);
	}
	free(pem);
}

static const uint8_t *find(const uint8_t *h, size_t hl, const char *needle)
{
	return memmem(h, hl, needle, strlen(needle));
}

static void test_pck_chain(void)
{
	size_t len, i;
	uint8_t *q = read_data("tests/data/quotes/v4-phala.dat", &len);
	const uint8_t *b = find(q, len, "-----BEGIN CERTIFICATE-----"), *e, *last = NULL;
	uint8_t *der[4], want[16];
	size_t dl[4], plen;
	struct tdxg_pck_ext x;
	char name[256];
	int n;

	ok(b != NULL, "the quote carries a PEM PCK chain");
	if (!b)
		exit(done_testing() + 1);
	for (e = b; (e = find(e, len - (e - q), "-----END CERTIFICATE-----")); e++)
		last = e;
	/* Up to the last END line and its newline; then the quote has zero padding. */
	plen = last + 25 - b + 1;
	is_int(b - q, 1258, "the chain starts at byte 1258 of the quote file");
	is_int(b[plen - 1], '\n', "the last END line ends in a newline");

	n = tdxg_pem_certs(b, plen, der, dl, 4, &err);
	is_int(n, 3, "the chain holds 3 certificates");
	if (n != 3)
		exit(done_testing() + 1);
	is_int(tdxg_pem_certs(b, plen + 1, der + 3, dl + 3, 1, &err) > 0 ? 1 : err.code, -E2BIG,
	       "a limit of 1 certificate refuses the chain with -E2BIG");
	/* Exactly as quote producers send it: one NUL after the PEM is allowed. */
	{
		uint8_t *d2[4];
		size_t l2[4];
		int k;

		is_int(q[b - q + plen], 0, "a NUL follows the chain in the quote");
		k = tdxg_pem_certs(b, plen + 1, d2, l2, 4, &err);
		is_int(k, 3, "the chain with its trailing NUL is accepted");
		for (i = 0; k > 0 && i < (size_t)k; i++)
			free(d2[i]);
		k = tdxg_pem_certs(b, plen + 2, d2, l2, 4, &err);
		is_int(k, -EBADMSG, "two trailing NULs are not");
		for (i = 0; k > 0 && i < (size_t)k; i++)
			free(d2[i]);
	}

	leaf = tdxg_cert_from_der(der[0], dl[0], &err);
	platform = tdxg_cert_from_der(der[1], dl[1], &err);
	ok(leaf && platform, "leaf and intermediate parse");
	if (!leaf || !platform)
		exit(done_testing() + 1);
	ok(dl[2] == root_der_len && !memcmp(der[2], root_der, dl[2]),
	   "the chain's third certificate is the Intel SGX Root CA");

	tdxg_name_cn(leaf->subject, name, sizeof(name));
	is_str(name, "Intel SGX PCK Certificate", "leaf CN");
	tdxg_name_text(platform->subject, name, sizeof(name));
	ok(!strncmp(name, "/CN=Intel SGX PCK Platform CA", 29) && strstr(name, intel_dn),
	   "intermediate subject is Intel SGX PCK Platform CA, Intel Corporation");
	ok(tdxg_name_eq(leaf->issuer, platform->subject), "leaf issuer == intermediate subject");
	ok(tdxg_name_eq(platform->issuer, root->subject), "intermediate issuer == root subject");
	is_int(tdxg_cert_signed_by(leaf, platform), 1, "leaf is signed by the intermediate");
	is_int(tdxg_cert_signed_by(platform, root), 1, "intermediate is signed by the root");
	is_int(tdxg_cert_signed_by(leaf, root), 0, "leaf is not signed by the root");
	is_int(tdxg_cert_signed_by(platform, leaf), 0, "a non-CA leaf signs nothing");
	is_int(tdxg_cert_signed_by(root, platform), 0, "the root is not signed by the intermediate");
	ok(!leaf->is_ca && leaf->can_sign && !leaf->can_sign_crl,
	   "leaf: not a CA, digitalSignature, no cRLSign");
	ok(platform->is_ca && platform->can_sign_crl && platform->pathlen == 0,
	   "intermediate: CA, cRLSign, pathLenConstraint 0");
	is_int(leaf->not_before, LEAF_NOT_BEFORE, "leaf notBefore 2025-02-06T23:25:51Z");
	is_int(leaf->not_after, LEAF_NOT_AFTER, "leaf notAfter 2032-02-06T23:25:51Z");
	is_int(platform->not_before, PLATFORM_NOT_BEFORE, "intermediate notBefore 2018-05-21T10:50:10Z");
	is_int(platform->not_after, PLATFORM_NOT_AFTER, "intermediate notAfter 2033-05-21T10:50:10Z");
	{
		uint8_t s[20];

		unhex("3C16ED54EACBB4CED072BE72630C85788CF46E36", s, 20);
		ok(leaf->serial.len == 20 && !memcmp(leaf->serial.p, s, 20), "leaf serial 3C16ED54...6E36");
	}

	/* Values from openssl asn1parse of 1.2.840.113741.1.13.1 (and tdxg show). */
	is_int(tdxg_cert_pck_ext(leaf, &x, &err), 0, "the leaf's SGX extension decodes");
	unhex("B0C06F000000", want, 6);
	is_mem(x.fmspc, want, 6, "FMSPC B0C06F000000");
	is_mem(x.pceid, "\0\0", 2, "PCEID 0000");
	is_int(x.pcesvn, 11, "PCESVN 11");
	unhex("03030202040100050000000000000000", want, 16);
	is_mem(x.cpusvn, want, 16, "CPUSVN 0303020204010005...");
	is_mem(x.comp_svn, want, 16, "TCB component SVNs 1..16 are 3,3,2,2,4,1,0,5,0...");
	unhex("811DCA2A26B952E85BB6448B097BA4FD", want, 16);
	is_mem(x.ppid, want, 16, "PPID 811DCA2A...");
	is_int(x.sgx_type, 1, "SGX type 1 (Scalable)");
	is_int(tdxg_cert_pck_ext(platform, &x, &err), -EBADMSG, "the intermediate has no SGX extension");

	for (i = 0; i < 3; i++)
		free(der[i]);
	free(q);
}

static void test_crls(void)
{
	size_t len;
	uint8_t *d = read_data("tests/data/collateral/rootcrl.der", &len), *p;
	struct tdxg_crl *crl;
	struct tdxg_cert fake;
	uint8_t serial[21];

	crl = tdxg_crl_from_der(d, len, &err);
	ok(crl != NULL, "rootcrl.der parses");
	if (!crl)
		exit(done_testing() + 1);
	ok(tdxg_name_eq(crl->issuer, root->subject), "root CRL issuer == root subject");
	is_int(crl->this_update, ROOTCRL_THIS, "root CRL thisUpdate 2023-04-03T10:22:51Z");
	is_int(crl->next_update, ROOTCRL_NEXT, "root CRL nextUpdate 2024-04-02T10:22:51Z");
	is_int(tdxg_crl_signed_by(crl, root), 1, "root CRL is signed by the root");
	is_int(tdxg_crl_signed_by(crl, platform), 0, "root CRL is not signed by the intermediate");
	is_int(crl->revoked.len, 0, "root CRL lists no certificate (openssl: No Revoked Certificates)");
	is_int(tdxg_crl_revokes(crl, platform), 0, "root CRL does not revoke the intermediate");
	tdxg_crl_free(crl);

	/* A flipped signature bit: still DER, no longer Intel's signature. */
	p = dup_exact(d, len);
	p[len - 1] ^= 0x01;
	crl = tdxg_crl_from_der(p, len, &err);
	ok(crl && tdxg_crl_signed_by(crl, root) == 0, "root CRL with a flipped signature bit does not verify");
	tdxg_crl_free(crl);
	free(p);
	free(d);

	d = read_data("tests/data/collateral/pckcrl", &len);
	crl = tdxg_crl_from_der(d, len, &err);
	ok(crl != NULL, "pckcrl (PCS, Platform CA) parses");
	if (!crl)
		exit(done_testing() + 1);
	ok(tdxg_name_eq(crl->issuer, platform->subject), "PCK CRL issuer == Platform CA subject");
	is_int(crl->this_update, PCKCRL_THIS, "PCK CRL thisUpdate 2023-06-08T07:27:52Z");
	is_int(crl->next_update, PCKCRL_NEXT, "PCK CRL nextUpdate 2023-07-08T07:27:52Z");
	is_int(tdxg_crl_signed_by(crl, platform), 1, "PCK CRL is signed by the Platform CA");
	is_int(tdxg_crl_signed_by(crl, root), 0, "PCK CRL is not signed by the root (other issuer)");
	is_int(tdxg_crl_revokes(crl, leaf), 0, "PCK CRL does not revoke the phala leaf");
	/* Entries by serial, from openssl crl -text: the first two of 44. */
	memset(&fake, 0, sizeof(fake));
	fake.serial.p = serial;
	fake.serial.len = unhex("6FC34E5023E728923435D61AA4B83C618166AD35", serial, 20);
	is_int(tdxg_crl_revokes(crl, &fake), 1, "PCK CRL revokes serial 6FC34E50...AD35");
	fake.serial.len = unhex("00EFAE6E9715FCA13B87E333E8261ED6D990A926AD", serial, 21);
	is_int(tdxg_crl_revokes(crl, &fake), 1, "PCK CRL revokes serial EFAE6E97...26AD (DER 00 EF...)");
	fake.serial.p = serial + 1;
	fake.serial.len = 20;
	is_int(tdxg_crl_revokes(crl, &fake), 0, "serials compare as DER INTEGERs (EF... without its 00 is another)");
	tdxg_crl_free(crl);
	free(d);
}

/* Every truncation and single-bit flip of a real certificate. */
static void test_mutations(void)
{
	size_t i, bad_trunc = 0, parsed = 0, wrong = 0, verified = 0;
	struct tdxg_cert *c;
	uint8_t *m;

	for (i = 0; i < root_der_len; i++) {
		m = dup_exact(root_der, i);
		err.code = 0;
		c = tdxg_cert_from_der(m, i, &err);
		if (c || err.code != -EBADMSG)
			bad_trunc++;
		tdxg_cert_put(c);
		free(m);
	}
	is_int(bad_trunc, 0, "every truncation of the root (0..%zu bytes) is -EBADMSG", root_der_len - 1);
	m = dup_exact(root_der, root_der_len + 1);
	m[root_der_len] = 0;
	c = tdxg_cert_from_der(m, root_der_len + 1, &err);
	ok(!c && err.code == -EBADMSG, "a byte after the certificate is -EBADMSG");
	tdxg_cert_put(c);
	free(m);

	for (i = 0; i < root_der_len * 8; i++) {
		m = dup_exact(root_der, root_der_len);
		m[i / 8] ^= (uint8_t)(1u << (i % 8));
		err.code = 0;
		c = tdxg_cert_from_der(m, root_der_len, &err);
		if (c) {
			parsed++;
			if (tdxg_cert_signed_by(c, root))
				verified++;
		} else if (err.code != -EBADMSG) {
			wrong++;
		}
		tdxg_cert_put(c);
		free(m);
	}
	is_int(wrong, 0, "every one of %zu single-bit flips that does not parse is -EBADMSG", root_der_len * 8);
	is_int(verified, 0, "none of the %zu flips that still parse verifies under the root", parsed);

	/* Named fields: the version, the outer algorithm, the key. */
	m = dup_exact(root_der, root_der_len);
	{
		const uint8_t *v = memmem(m, root_der_len, "\xa0\x03\x02\x01\x02", 5);

		ok(v != NULL, "the root has an explicit v3 version field");
		if (v)
			m[v - m + 4] = 1;	/* v2 */
		c = tdxg_cert_from_der(m, root_der_len, &err);
		ok(!c && err.code == -EBADMSG, "a v2 certificate is -EBADMSG");
		like(err.msg, "not X.509 v3", "the message says it is not v3");
		tdxg_cert_put(c);
	}
	free(m);
}

static void test_pem(void)
{
	static const char b[] = "-----BEGIN CERTIFICATE-----\n";
	static const char e[] = "-----END CERTIFICATE-----\n";
	size_t len, bl, i;
	uint8_t *pem = read_data("tests/data/roots/intel-sgx-root-ca.pem", &len);
	char *two, *body;
	uint8_t *der[4];
	size_t dl[4];
	int n;

	/* The base64 body of the root, between its BEGIN and END lines. */
	body = strndup((char *)pem + strlen(b), len - strlen(b) - strlen(e));
	bl = strlen(body);
	two = malloc(2 * len + 64);

#define PEM(...) do { snprintf(two, 2 * len + 64, __VA_ARGS__); } while (0)
#define COUNT(n_) do { for (i = 0; (n_) > 0 && i < (size_t)(n_); i++) free(der[i]); } while (0)
	PEM("%s%s%s%s%s%s", b, body, e, b, body, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, 2, "two blocks back to back: 2 certificates");
	ok(n == 2 && dl[1] == root_der_len && !memcmp(der[1], root_der, dl[1]), "the second decodes to the root's DER");
	COUNT(n);
	PEM("\n  \t%s%s%s\r\n\n%s%s%s\n\n", b, body, e, b, body, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, 2, "whitespace around and between blocks is allowed");
	COUNT(n);
	PEM("%s%s%sjunk\n%s%s%s", b, body, e, b, body, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, -EBADMSG, "junk between blocks is -EBADMSG");
	like(err.msg, "at byte", "the message names the byte");
	COUNT(n);
	PEM("Subject: x\n%s%s%s", b, body, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, -EBADMSG, "text before the first block (openssl's explanatory text) is -EBADMSG");
	like(err.msg, "at byte 0", "the message names byte 0");
	COUNT(n);
	PEM("%s%s", b, body);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, -EBADMSG, "a block without END line is -EBADMSG");
	like(err.msg, "no END line", "the message says so");
	COUNT(n);
	PEM("%s%.*s!%s%s", b, (int)(bl / 2), body, body + bl / 2 + 1, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, -EBADMSG, "a non-base64 character in the body is -EBADMSG");
	like(err.msg, "bad base64 in certificate 1", "the message names the certificate");
	COUNT(n);
	PEM("%sQUJD=\n%s", b, e);	/* "ABC" then a digit after nothing: bad padding */
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, -EBADMSG, "padding where none belongs is -EBADMSG");
	COUNT(n);
	PEM("%sQUI=QUI=\n%s", b, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	is_int(n, -EBADMSG, "base64 digits after padding are -EBADMSG");
	COUNT(n);
	PEM("%sQUI=\n%s", b, e);
	n = tdxg_pem_certs((uint8_t *)two, strlen(two), der, dl, 4, &err);
	ok(n == 1 && dl[0] == 2 && !memcmp(der[0], "AB", 2), "QUI= decodes to \"AB\" (RFC 4648 padding)");
	COUNT(n);
	n = tdxg_pem_certs((uint8_t *)"", 0, der, dl, 4, &err);
	is_int(n, -EBADMSG, "empty input is -EBADMSG");
	like(err.msg, "no certificate", "the message says there is no certificate");
	n = tdxg_pem_certs((uint8_t *)" \n\0", 3, der, dl, 4, &err);
	is_int(n, -EBADMSG, "whitespace and a NUL only is -EBADMSG");
	memcpy(two, pem, len);
	two[len] = 0;
	n = tdxg_pem_certs((uint8_t *)two, len + 1, der, dl, 4, &err);
	is_int(n, 1, "one trailing NUL after the last block is accepted");
	COUNT(n);
	two[len + 1] = 0;
	n = tdxg_pem_certs((uint8_t *)two, len + 2, der, dl, 4, &err);
	is_int(n, -EBADMSG, "two trailing NULs are -EBADMSG");
	COUNT(n);
	two[len] = 'x';
	n = tdxg_pem_certs((uint8_t *)two, len + 1, der, dl, 4, &err);
	is_int(n, -EBADMSG, "a trailing byte other than NUL is -EBADMSG");
	COUNT(n);
	free(two);
	free(body);
	free(pem);
}

static void test_hex_sha(void)
{
	uint8_t out[4], d[32], want[32];

	memset(out, 0xee, sizeof(out));
	ok(tdxg_unhex("00ff7A", 6, out, 3) == 0 && !memcmp(out, "\x00\xff\x7a", 3) && out[3] == 0xee,
	   "tdxg_unhex(\"00ff7A\") is 00 FF 7A, nothing written past it");
	is_int(tdxg_unhex("00ff7", 5, out, 3), -1, "an odd digit count is -1");
	is_int(tdxg_unhex("00ff", 4, out, 3), -1, "fewer digits than outlen needs is -1");
	is_int(tdxg_unhex("0g", 2, out, 1), -1, "a non-hex digit is -1");
	is_int(tdxg_unhex("0 ", 2, out, 1), -1, "a space is not a digit");
	is_int(tdxg_unhex("", 0, out, 0), 0, "empty into empty is fine");
	is_int(tdxg_hex_digit('0'), 0, "hex digit '0' = 0");
	is_int(tdxg_hex_digit('9'), 9, "hex digit '9' = 9");
	is_int(tdxg_hex_digit('a'), 10, "hex digit 'a' = 10");
	is_int(tdxg_hex_digit('F'), 15, "hex digit 'F' = 15");
	ok(tdxg_hex_digit('g') == -1 && tdxg_hex_digit('G') == -1 && tdxg_hex_digit('/') == -1 &&
	   tdxg_hex_digit(':') == -1 && tdxg_hex_digit('@') == -1 && tdxg_hex_digit('`') == -1,
	   "the neighbours of the digit ranges are not digits");
	ok(tdxg_hex_digit(0) == -1 && tdxg_hex_digit(0xb0) == -1 && tdxg_hex_digit(0xff) == -1,
	   "NUL and bytes >= 0x80 are not digits");

	/* FIPS 180-2 appendix B.1 and B.2, and the empty message. */
	tdxg_sha256("abc", 3, d);
	unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want, 32);
	is_mem(d, want, 32, "SHA-256(\"abc\") = ba7816bf...f20015ad (FIPS 180-2 B.1)");
	tdxg_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	unhex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", want, 32);
	is_mem(d, want, 32, "SHA-256 of the 448-bit message = 248d6a61...19db06c1 (FIPS 180-2 B.2)");
	tdxg_sha256("", 0, d);
	unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want, 32);
	is_mem(d, want, 32, "SHA-256(\"\") = e3b0c442...7852b855");
}

int main(void)
{
	test_root();
	test_pck_chain();
	test_crls();
	test_mutations();
	test_pem();
	test_hex_sha();
	tdxg_cert_put(root);
	tdxg_cert_put(platform);
	tdxg_cert_put(leaf);
	free(root_der);
	return done_testing();
}
