// SPDX-License-Identifier: MIT
/*
 * tdxg-test-qgs: a stand-in for Intel's Quote Generation Service, for
 * tests only. It speaks the QGS protocol (4-byte big-endian length, then
 * a v1.1 GET_QUOTE_REQ / GET_QUOTE_RESP) on a unix socket and, where the
 * kernel offers it, on vsock, and answers each TDREPORT with a quote laid
 * out as real TDX quotes are:
 *
 *   header (v4, or v5 + body descriptor type 3)
 *   body from TEE_TCB_INFO, TDINFO and REPORTDATA of the TDREPORT
 *   u32 signature data length
 *     ECDSA P-256 signature r||s over header(+descriptor)+body, by the
 *     attestation key; attestation key x||y
 *     certification data type 6: QE report (384), its signature by the
 *       PCK leaf (r||s), u16 QE auth data size + data, certification data
 *       type 5: PEM chain PCK leaf, intermediate, root, NUL-terminated
 *
 * QE report data[0:32] = SHA-256(attestation key || QE auth data). The
 * keys and a throwaway CA chain (root -> intermediate -> PCK leaf with an
 * SGX extension) are made on first use in the --keys directory, so a
 * verifier can pin DIR/root-ca.pem. Nothing here is secure: it exists to
 * exercise clients, including with the misbehaviours of --mode.
 *
 * The TDREPORT is not authenticated (there is no MAC key to check it
 * with); a real QGS has the quoting enclave do that.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/vm_sockets.h>

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include <linux/tdxg.h>
#include <tdxg/quote.h>

#define QGS_HEADER_LEN	16
#define QGS_REQ		0
#define QGS_RESP	1
#define QGS_E_UNEXPECTED	0x12001
#define QGS_E_INVALID_PARAMETER	0x12003
#define QGS_E_INVALID_VERSION	0x12004
#define QGS_E_INVALID_TYPE	0x12005
#define QGS_E_INVALID_SIZE	0x12006
#define QGS_E_INVALID_CODE	0x12007
/* Requests larger than this are refused unread. */
#define REQ_MAX		(64 * 1024)

static const uint8_t intel_qe_vendor_id[16] = {
	0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9,
	0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07,
};

enum mode {
	M_OK, M_ERROR, M_BAD_VERSION, M_BAD_TYPE, M_BAD_SIZE, M_BAD_QUOTE_SIZE, M_SHORT_READ,
	M_OVERSIZED, M_SLOW, M_DISCONNECT, M_NOT_QUOTE, M_WRONG_REPORT, M_MUTATE,
};

static const struct {
	const char *name;
	enum mode mode;
	const char *help;
} modes[] = {
	{ "ok", M_OK, "well-formed quotes" },
	{ "error", M_ERROR, "GET_QUOTE_RESP with error code --error (default 0x12001)" },
	{ "bad-version", M_BAD_VERSION, "reply with protocol major version 2" },
	{ "bad-type", M_BAD_TYPE, "reply with message type GET_QUOTE_REQ" },
	{ "bad-size", M_BAD_SIZE, "header size disagrees with the length prefix" },
	{ "bad-quote-size", M_BAD_QUOTE_SIZE, "quote_size larger than the message" },
	{ "short-read", M_SHORT_READ, "send half the promised reply, then close" },
	{ "oversized", M_OVERSIZED, "length prefix of 0xffffff00" },
	{ "slow", M_SLOW, "answer after --delay seconds (default 30)" },
	{ "disconnect", M_DISCONNECT, "close without answering" },
	{ "not-quote", M_NOT_QUOTE, "well-framed reply whose quote is 200 bytes of 0xa5" },
	{ "wrong-report", M_WRONG_REPORT, "valid quote over a different REPORTDATA" },
	{ "mutate", M_MUTATE, "one random byte of the prefix, header, sizes or key ID replaced" },
};

static struct {
	const char *keys, *unix_path, *log_path, *pidfile;
	unsigned int vsock_port;
	enum mode mode;
	uint32_t error_code;
	unsigned int delay, version;
	int daemon;
	int processor_ca;		/* --pck-ca processor: the intermediate is a PCK Processor CA */
	uint8_t fmspc[6];		/* --fmspc: the PCK certificate's FMSPC */
	FILE *log;
} opt = { .version = 4, .delay = 30, .error_code = QGS_E_UNEXPECTED,
	  .fmspc = { 0x50, 0x80, 0x6f, 0x00, 0x00, 0x00 } };

static struct {
	EVP_PKEY *ak, *pck;
	uint8_t ak_raw[64];
	char *chain;		/* PEM leaf, intermediate, root */
	size_t chain_len;
} keys;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tdxg-test-qgs: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	if (!opt.log)
		return;
	fprintf(opt.log, "[%ld] ", (long)getpid());
	va_start(ap, fmt);
	vfprintf(opt.log, fmt, ap);
	va_end(ap);
	fputc('\n', opt.log);
	fflush(opt.log);
}

static void put_le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}
static uint16_t get_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get_le32(const uint8_t *p) { return get_le16(p) | (uint32_t)get_le16(p + 2) << 16; }

/* ---- DER for the PCK certificate's SGX extension --------------------- */

struct buf {
	uint8_t *p;
	size_t len;
};

static void buf_put(struct buf *b, const void *d, size_t n)
{
	b->p = realloc(b->p, b->len + n);
	if (!b->p)
		die("out of memory");
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void der_tlv(struct buf *out, uint8_t tag, const void *v, size_t n)
{
	uint8_t h[4] = { tag };
	size_t hl = 2;

	if (n < 0x80) {
		h[1] = (uint8_t)n;
	} else if (n < 0x100) {
		h[1] = 0x81;
		h[2] = (uint8_t)n;
		hl = 3;
	} else {
		h[1] = 0x82;
		h[2] = (uint8_t)(n >> 8);
		h[3] = (uint8_t)n;
		hl = 4;
	}
	buf_put(out, h, hl);
	buf_put(out, v, n);
}

static void der_uint(struct buf *out, uint8_t tag, unsigned v)
{
	uint8_t b[3];
	size_t n = 0;

	if (v > 0x7fff)
		b[n++] = (uint8_t)(v >> 16);
	if (v > 0x7f)
		b[n++] = (uint8_t)(v >> 8);
	b[n++] = (uint8_t)v;
	der_tlv(out, tag, b, n);
}

/* SEQUENCE { OID 1.2.840.113741.1.13.1.<arc...>, value } */
static void sgx_item(struct buf *out, const uint8_t *arc, size_t narc, const struct buf *value)
{
	static const uint8_t sgx_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01 };
	struct buf seq = { 0 }, oid = { 0 };

	buf_put(&oid, sgx_oid, sizeof(sgx_oid));
	buf_put(&oid, arc, narc);
	der_tlv(&seq, 0x06, oid.p, oid.len);
	buf_put(&seq, value->p, value->len);
	der_tlv(out, 0x30, seq.p, seq.len);
	free(seq.p);
	free(oid.p);
}

static void sgx_octets(struct buf *out, uint8_t id, const uint8_t *v, size_t n)
{
	struct buf val = { 0 };

	der_tlv(&val, 0x04, v, n);
	sgx_item(out, &id, 1, &val);
	free(val.p);
}

static X509_EXTENSION *sgx_extension(void)
{
	static const uint8_t ppid[16] = "tdxg-test-ppid!";
	static const uint8_t cpusvn[16] = { 3, 3, 2, 2, 4, 1, 0, 5 };
	static const uint8_t pceid[2] = { 0, 0 };
	struct buf all = { 0 }, tcb = { 0 }, val = { 0 }, wrapped = { 0 };
	ASN1_OCTET_STRING *os;
	ASN1_OBJECT *obj;
	X509_EXTENSION *ext;
	uint8_t arc[2] = { 2, 0 }, one = 2;
	int i;

	sgx_octets(&all, 1, ppid, sizeof(ppid));
	for (i = 1; i <= 17; i++) {
		arc[1] = (uint8_t)i;
		der_uint(&val, 0x02, i == 17 ? 13 : (unsigned)(i <= 8 ? 3 : 0));
		sgx_item(&tcb, arc, 2, &val);
		free(val.p);
		val = (struct buf){ 0 };
	}
	arc[1] = 18;
	der_tlv(&val, 0x04, cpusvn, sizeof(cpusvn));
	sgx_item(&tcb, arc, 2, &val);
	free(val.p);
	val = (struct buf){ 0 };
	der_tlv(&val, 0x30, tcb.p, tcb.len);
	sgx_item(&all, &one, 1, &val);
	free(val.p);
	val = (struct buf){ 0 };
	sgx_octets(&all, 3, pceid, sizeof(pceid));
	sgx_octets(&all, 4, opt.fmspc, sizeof(opt.fmspc));
	der_uint(&val, 0x0a, 0);	/* SGX type: Standard */
	one = 5;
	sgx_item(&all, &one, 1, &val);
	der_tlv(&wrapped, 0x30, all.p, all.len);

	obj = OBJ_txt2obj("1.2.840.113741.1.13.1", 1);
	os = ASN1_OCTET_STRING_new();
	if (!obj || !os || !ASN1_OCTET_STRING_set(os, wrapped.p, (int)wrapped.len))
		die("cannot build the SGX extension");
	ext = X509_EXTENSION_create_by_OBJ(NULL, obj, 0, os);
	if (!ext)
		die("cannot build the SGX extension");
	ASN1_OBJECT_free(obj);
	ASN1_OCTET_STRING_free(os);
	free(all.p);
	free(tcb.p);
	free(val.p);
	free(wrapped.p);
	return ext;
}

/* ---- Keys and the throwaway CA chain ------------------------------------ */

static EVP_PKEY *new_p256(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	if (!k)
		die("P-256 key generation failed");
	return k;
}

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext || !X509_add_ext(cert, ext, -1))
		die("cannot add certificate extension %s", value);
	X509_EXTENSION_free(ext);
}

static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, int ca,
		       int pathlen)
{
	X509 *c = X509_new();
	X509_NAME *name = X509_NAME_new();
	ASN1_INTEGER *serial;
	unsigned char sn[16];
	BIGNUM *bn;
	char bc[48];

	if (!c || !name)
		die("out of memory");
	X509_set_version(c, 2);
	if (RAND_bytes(sn, sizeof(sn)) != 1)
		die("RAND_bytes failed");
	sn[0] &= 0x7f;
	bn = BN_bin2bn(sn, sizeof(sn), NULL);
	serial = BN_to_ASN1_INTEGER(bn, NULL);
	X509_set_serialNumber(c, serial);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"tdxg tests (not Intel)",
				   -1, -1, 0);
	X509_set_subject_name(c, name);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name);
	X509_NAME_free(name);
	/* Valid from a day ago, so clock skew between guest and host is moot. */
	X509_gmtime_adj(X509_getm_notBefore(c), -86400L);
	X509_time_adj_ex(X509_getm_notAfter(c), 3650, 0, NULL);
	X509_set_pubkey(c, key);
	if (!issuer)
		issuer = c;
	add_ext(c, issuer, NID_subject_key_identifier, "hash");
	if (issuer != c)
		add_ext(c, issuer, NID_authority_key_identifier, "keyid:always");
	if (ca) {
		if (pathlen >= 0)
			snprintf(bc, sizeof(bc), "critical,CA:TRUE,pathlen:%d", pathlen);
		else
			snprintf(bc, sizeof(bc), "critical,CA:TRUE");
		add_ext(c, issuer, NID_basic_constraints, bc);
		add_ext(c, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		X509_EXTENSION *sgx = sgx_extension();

		add_ext(c, issuer, NID_basic_constraints, "critical,CA:FALSE");
		add_ext(c, issuer, NID_key_usage, "critical,digitalSignature,nonRepudiation");
		X509_add_ext(c, sgx, -1);
		X509_EXTENSION_free(sgx);
	}
	if (!X509_sign(c, issuer_key, EVP_sha256()))
		die("certificate signing failed");
	return c;
}

static char *path_in(const char *file)
{
	size_t n = strlen(opt.keys) + strlen(file) + 2;
	char *p = malloc(n);

	if (!p)
		die("out of memory");
	snprintf(p, n, "%s/%s", opt.keys, file);
	return p;
}

/* Written under a temporary name and renamed, so readers never see half a file. */
static void save_pem(const char *file, X509 *cert, EVP_PKEY *key)
{
	char *path = path_in(file), *tmp = malloc(strlen(path) + 16);
	FILE *f;
	int fd;

	if (!tmp)
		die("out of memory");
	sprintf(tmp, "%s.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, key ? 0600 : 0644);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f)
		die("%s: %s", tmp, strerror(errno));
	if ((cert && !PEM_write_X509(f, cert)) ||
	    (key && !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)))
		die("%s: cannot write PEM", tmp);
	if (fclose(f) || rename(tmp, path))
		die("%s: %s", path, strerror(errno));
	free(tmp);
	free(path);
}

static char *read_text(const char *file, size_t *len)
{
	char *path = path_in(file), *data;
	FILE *f = fopen(path, "re");
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("%s: %s", path, strerror(errno));
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n)
		die("%s: read failed", path);
	data[n] = '\0';
	*len = (size_t)n;
	fclose(f);
	free(path);
	return data;
}

static EVP_PKEY *load_key(const char *file)
{
	char *path = path_in(file);
	FILE *f = fopen(path, "re");
	EVP_PKEY *k;

	if (!f)
		die("%s: %s", path, strerror(errno));
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!k)
		die("%s: not a PEM private key", path);
	free(path);
	return k;
}

static void make_keys(void)
{
	EVP_PKEY *root_key = new_p256(), *inter_key = new_p256(), *pck_key = new_p256(),
		 *ak = new_p256();
	X509 *root, *inter, *pck;

	root = make_cert("tdxg test SGX Root CA", root_key, NULL, root_key, 1, -1);
	inter = make_cert(opt.processor_ca ? "tdxg test SGX PCK Processor CA" :
			  "tdxg test SGX PCK Platform CA", inter_key, root, root_key, 1, 0);
	pck = make_cert("tdxg test SGX PCK Certificate", pck_key, inter, inter_key, 0, -1);
	save_pem("root-ca.pem", root, NULL);
	save_pem("intermediate-ca.pem", inter, NULL);
	save_pem("pck-cert.pem", pck, NULL);
	save_pem("root-key.pem", NULL, root_key);
	save_pem("intermediate-key.pem", NULL, inter_key);
	save_pem("pck-key.pem", NULL, pck_key);
	save_pem("attestation-key.pem", NULL, ak);
	/* The chain is written last: its presence means the set is complete. */
	{
		char *path = path_in("pck-chain.pem"), *tmp = path_in("pck-chain.pem.tmp");
		FILE *f = fopen(tmp, "we");

		if (!f || !PEM_write_X509(f, pck) || !PEM_write_X509(f, inter) || !PEM_write_X509(f, root) ||
		    fclose(f) || rename(tmp, path))
			die("%s: cannot write", path);
		free(path);
		free(tmp);
	}
	X509_free(root);
	X509_free(inter);
	X509_free(pck);
	EVP_PKEY_free(root_key);
	EVP_PKEY_free(inter_key);
	EVP_PKEY_free(pck_key);
	EVP_PKEY_free(ak);
}

static void load_keys(void)
{
	uint8_t pub[65];
	size_t n;

	if (mkdir(opt.keys, 0755) && errno != EEXIST)
		die("%s: %s", opt.keys, strerror(errno));
	keys.chain = read_text("pck-chain.pem", &keys.chain_len);
	if (!keys.chain) {
		make_keys();
		keys.chain = read_text("pck-chain.pem", &keys.chain_len);
		if (!keys.chain)
			die("%s/pck-chain.pem: missing after generation", opt.keys);
	}
	keys.pck = load_key("pck-key.pem");
	keys.ak = load_key("attestation-key.pem");
	if (!EVP_PKEY_get_octet_string_param(keys.ak, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub), &n) ||
	    n != 65 || pub[0] != 0x04)
		die("attestation key is not an uncompressed P-256 point");
	memcpy(keys.ak_raw, pub + 1, 64);
}

/* ECDSA P-256 with SHA-256, as r||s (32 bytes each, big-endian). */
static void sign_rs(EVP_PKEY *key, const uint8_t *msg, size_t len, uint8_t out[64])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char der[80];
	const unsigned char *p = der;
	size_t dl = sizeof(der);
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;

	if (!ctx || EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, der, &dl, msg, len) != 1)
		die("ECDSA signing failed");
	EVP_MD_CTX_free(ctx);
	sig = d2i_ECDSA_SIG(NULL, &p, (long)dl);
	if (!sig)
		die("ECDSA signature did not decode");
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, out, 32) != 32 || BN_bn2binpad(s, out + 32, 32) != 32)
		die("ECDSA signature too long");
	ECDSA_SIG_free(sig);
}

/* ---- Quotes ------------------------------------------------------------- */

static void fill_body(struct tdxg_quote_body_td15 *b, const struct tdxg_tdreport *r)
{
	const struct tdxg_tee_tcb_info *tcb = &r->tee_tcb_info;
	const struct tdxg_tdinfo *td = &r->tdinfo;
	struct tdxg_quote_body_td10 *t = &b->td10;

	memcpy(t->tee_tcb_svn, tcb->tee_tcb_svn, 16);
	memcpy(t->mrseam, tcb->mrseam, 48);
	memcpy(t->mrsignerseam, tcb->mrsignerseam, 48);
	memcpy(t->seam_attributes, tcb->attributes, 8);
	memcpy(t->td_attributes, td->attributes, 8);
	memcpy(t->xfam, td->xfam, 8);
	memcpy(t->mrtd, td->mrtd, 48);
	memcpy(t->mrconfigid, td->mrconfigid, 48);
	memcpy(t->mrowner, td->mrowner, 48);
	memcpy(t->mrownerconfig, td->mrownerconfig, 48);
	memcpy(t->rtmr, td->rtmr, sizeof(t->rtmr));
	memcpy(t->reportdata, r->reportmac.reportdata, 64);
	memcpy(b->tee_tcb_svn2, tcb->tee_tcb_svn2, 16);
	memcpy(b->mrservicetd, td->servtd_hash, 48);
}

static uint8_t *make_quote(const struct tdxg_tdreport *r, size_t *qlen)
{
	static const uint8_t qe_cpusvn[16] = { 3, 3, 2, 2, 4, 1, 0, 5 };
	uint8_t auth[32], qe_raw[384], hash[SHA256_DIGEST_LENGTH], *q, *p;
	struct tdxg_quote_header hdr;
	struct tdxg_enclave_report qe;
	struct tdxg_quote_body_td15 body;
	struct tdxg_quote_body_desc desc;
	size_t signed_len, body_len, qe_cert_len, sig_len, i;
	uint8_t *hashin;

	memset(&hdr, 0, sizeof(hdr));
	hdr.version = (uint16_t)opt.version;
	hdr.att_key_type = TDXG_QUOTE_AK_ECDSA_P256;
	hdr.tee_type = TDXG_QUOTE_TEE_TDX;
	memcpy(hdr.qe_vendor_id, intel_qe_vendor_id, 16);
	SHA256(keys.ak_raw, 64, hash);
	memcpy(hdr.user_data, hash, 16);
	memset(&body, 0, sizeof(body));
	fill_body(&body, r);
	body_len = opt.version == 5 ? TDXG_QUOTE_BODY_TD15_LEN : TDXG_QUOTE_BODY_TD10_LEN;
	desc.type = 3;
	desc.size = TDXG_QUOTE_BODY_TD15_LEN;
	signed_len = sizeof(hdr) + (opt.version == 5 ? sizeof(desc) : 0) + body_len;

	/* QE auth data as real QEs send it: 32 bytes 00..1f. */
	for (i = 0; i < sizeof(auth); i++)
		auth[i] = (uint8_t)i;
	memset(&qe, 0, sizeof(qe));
	memcpy(qe.cpusvn, qe_cpusvn, 16);
	qe.attributes[0] = 0x15;	/* INIT | MODE64BIT | PROVISIONKEY, not DEBUG */
	qe.attributes[8] = 0xe7;
	SHA256((const uint8_t *)"tdxg-test-qgs QE", 16, qe.mrenclave);
	SHA256((const uint8_t *)"tdxg-test-qgs QE signer", 23, qe.mrsigner);
	qe.isvprodid = 2;		/* the TDX QE */
	qe.isvsvn = 4;
	hashin = malloc(64 + sizeof(auth));
	if (!hashin)
		die("out of memory");
	memcpy(hashin, keys.ak_raw, 64);
	memcpy(hashin + 64, auth, sizeof(auth));
	SHA256(hashin, 64 + sizeof(auth), qe.reportdata);
	free(hashin);
	memcpy(qe_raw, &qe, sizeof(qe_raw));

	/* QE report, its signature, auth data, then nested type 5 (chain + NUL). */
	qe_cert_len = 384 + 64 + 2 + sizeof(auth) + 6 + keys.chain_len + 1;
	sig_len = 64 + 64 + 6 + qe_cert_len;
	*qlen = signed_len + 4 + sig_len;
	q = calloc(1, *qlen);
	if (!q)
		die("out of memory");
	p = q;
	memcpy(p, &hdr, sizeof(hdr));
	p += sizeof(hdr);
	if (opt.version == 5) {
		memcpy(p, &desc, sizeof(desc));
		p += sizeof(desc);
	}
	memcpy(p, &body, body_len);
	p += body_len;
	put_le32(p, (uint32_t)sig_len);
	p += 4;
	sign_rs(keys.ak, q, signed_len, p);
	p += 64;
	memcpy(p, keys.ak_raw, 64);
	p += 64;
	put_le16(p, TDXG_CERT_TYPE_QE_REPORT);
	put_le32(p + 2, (uint32_t)qe_cert_len);
	p += 6;
	memcpy(p, qe_raw, 384);
	p += 384;
	sign_rs(keys.pck, qe_raw, 384, p);
	p += 64;
	put_le16(p, sizeof(auth));
	memcpy(p + 2, auth, sizeof(auth));
	p += 2 + sizeof(auth);
	put_le16(p, TDXG_CERT_TYPE_PCK_CHAIN);
	put_le32(p + 2, (uint32_t)keys.chain_len + 1);
	p += 6;
	memcpy(p, keys.chain, keys.chain_len);
	p += keys.chain_len + 1;
	if ((size_t)(p - q) != *qlen)
		die("internal error: quote length %zu != %zu", (size_t)(p - q), *qlen);
	return q;
}

/* ---- The QGS protocol ----------------------------------------------------- */

static int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A GET_QUOTE_RESP, length prefix included. */
static uint8_t *make_response(uint16_t major, uint32_t type, uint32_t code, const uint8_t *id, uint32_t id_len,
			      const uint8_t *quote, uint32_t quote_len, size_t *len)
{
	size_t msg = QGS_HEADER_LEN + 8 + id_len + quote_len;
	uint8_t *b = malloc(4 + msg);

	if (!b)
		die("out of memory");
	b[0] = (uint8_t)(msg >> 24);
	b[1] = (uint8_t)(msg >> 16);
	b[2] = (uint8_t)(msg >> 8);
	b[3] = (uint8_t)msg;
	put_le16(b + 4, major);
	put_le16(b + 6, 1);
	put_le32(b + 8, type);
	put_le32(b + 12, (uint32_t)msg);
	put_le32(b + 16, code);
	put_le32(b + 20, id_len);
	put_le32(b + 24, quote_len);
	if (id_len)
		memcpy(b + 28, id, id_len);
	if (quote_len)
		memcpy(b + 28 + id_len, quote, quote_len);
	*len = 4 + msg;
	return b;
}

static void send_error(int fd, uint32_t code)
{
	size_t len;
	uint8_t *b = make_response(1, QGS_RESP, code, NULL, 0, NULL, 0, &len);

	write_all(fd, b, len);
	free(b);
}

/* Checks a GET_QUOTE_REQ as qgs_msg_lib does; returns a QGS error code or 0. */
static uint32_t check_request(const uint8_t *m, size_t len, const struct tdxg_tdreport **report)
{
	uint32_t report_size, id_size;

	if (len < QGS_HEADER_LEN + 8)
		return QGS_E_INVALID_SIZE;
	if (get_le16(m) != 1)
		return QGS_E_INVALID_VERSION;
	if (get_le32(m + 4) != QGS_REQ)
		return QGS_E_INVALID_TYPE;
	if (get_le32(m + 8) != len)
		return QGS_E_INVALID_SIZE;
	if (get_le32(m + 12) != 0)
		return QGS_E_INVALID_CODE;
	report_size = get_le32(m + 16);
	id_size = get_le32(m + 20);
	if ((uint64_t)QGS_HEADER_LEN + 8 + report_size + id_size != len)
		return QGS_E_INVALID_SIZE;
	if (report_size != TDXG_REPORT_LEN || m[24] != TDXG_REPORT_TYPE_TDX)
		return QGS_E_INVALID_PARAMETER;
	*report = (const struct tdxg_tdreport *)(m + 24);
	return 0;
}

static void serve(int fd, unsigned long seq)
{
	/*
	 * A selected ID only for a request that listed some: Intel's QGS
	 * answers an empty id_list with none (qgs_msg_gen_get_quote_resp(NULL,
	 * 0, ...)), and upstream QEMU refuses a reply that has one.
	 */
	static const uint8_t selected_id[16] = "tdxg-test-qe-id";
	struct timeval tv = { 10, 0 };
	const struct tdxg_tdreport *report;
	struct tdxg_tdreport other;
	uint8_t prefix[4], *msg, *quote = NULL, *resp;
	uint32_t len, code;
	size_t qlen = 0, rlen;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (read_all(fd, prefix, 4)) {
		logmsg("request %lu: closed before the length prefix", seq);
		return;
	}
	len = (uint32_t)prefix[0] << 24 | (uint32_t)prefix[1] << 16 | (uint32_t)prefix[2] << 8 | prefix[3];
	if (len < QGS_HEADER_LEN || len > REQ_MAX) {
		logmsg("request %lu: length %u refused", seq, len);
		send_error(fd, QGS_E_INVALID_SIZE);
		return;
	}
	msg = malloc(len);
	if (!msg || read_all(fd, msg, len)) {
		logmsg("request %lu: short request", seq);
		free(msg);
		return;
	}
	code = check_request(msg, len, &report);
	if (code) {
		logmsg("request %lu: bad request, answering 0x%x", seq, code);
		send_error(fd, code);
		free(msg);
		return;
	}
	switch (opt.mode) {
	case M_ERROR:
		logmsg("request %lu: answering error 0x%x", seq, opt.error_code);
		send_error(fd, opt.error_code);
		goto out;
	case M_DISCONNECT:
		logmsg("request %lu: disconnecting", seq);
		goto out;
	case M_OVERSIZED: {
		static const uint8_t huge[4] = { 0xff, 0xff, 0xff, 0x00 };
		uint8_t junk[64];

		memset(junk, 0x5a, sizeof(junk));
		logmsg("request %lu: oversized length prefix", seq);
		write_all(fd, huge, 4);
		write_all(fd, junk, sizeof(junk));
		sleep(2);
		goto out;
	}
	case M_SLOW:
		logmsg("request %lu: sleeping %u s", seq, opt.delay);
		sleep(opt.delay);
		break;
	case M_WRONG_REPORT:
		other = *report;
		other.reportmac.reportdata[0] ^= 0xff;
		report = &other;
		break;
	default:
		break;
	}
	if (opt.mode == M_NOT_QUOTE) {
		qlen = 200;
		quote = malloc(qlen);
		if (!quote)
			die("out of memory");
		memset(quote, 0xa5, qlen);
	} else {
		quote = make_quote(report, &qlen);
	}
	resp = make_response(opt.mode == M_BAD_VERSION ? 2 : 1, opt.mode == M_BAD_TYPE ? QGS_REQ : QGS_RESP, 0,
			     selected_id, get_le32(msg + 20) ? sizeof(selected_id) : 0, quote, (uint32_t)qlen,
			     &rlen);
	if (opt.mode == M_BAD_SIZE)
		put_le32(resp + 12, (uint32_t)(rlen - 4 + 1));
	if (opt.mode == M_BAD_QUOTE_SIZE)
		put_le32(resp + 24, (uint32_t)qlen + 100);
	if (opt.mode == M_SHORT_READ)
		rlen = 4 + (rlen - 4) / 2;
	if (opt.mode == M_MUTATE) {
		uint8_t rnd[2];

		if (RAND_bytes(rnd, sizeof(rnd)) != 1)
			die("RAND_bytes failed");
		/* 4 prefix + 24 header and sizes + 16 key ID bytes */
		resp[rnd[0] % 44] = rnd[1];
		logmsg("request %lu: byte %u set to 0x%02x", seq, rnd[0] % 44, rnd[1]);
	}
	if (write_all(fd, resp, rlen))
		logmsg("request %lu: send failed: %s", seq, strerror(errno));
	else
		logmsg("request %lu: %zu-byte v%u quote sent (%zu bytes%s)", seq, qlen, opt.version, rlen,
		       opt.mode == M_SHORT_READ ? ", truncated" : "");
	free(resp);
out:
	free(quote);
	free(msg);
}

/* ---- Server ----------------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		die("%s: path too long for a unix socket", path);
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) || listen(fd, 64))
		die("%s: %s", path, strerror(errno));
	chmod(path, 0666);
	return fd;
}

static int listen_vsock(unsigned int port)
{
	struct sockaddr_vm svm = { .svm_family = AF_VSOCK, .svm_cid = VMADDR_CID_ANY, .svm_port = port };
	int fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		fprintf(stderr, "tdxg-test-qgs: no vsock here (%s); unix socket only\n", strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&svm, sizeof(svm)) || listen(fd, 64)) {
		fprintf(stderr, "tdxg-test-qgs: vsock port %u: %s; unix socket only\n", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: tdxg-test-qgs --keys DIR [--unix PATH] [--vsock PORT] [--mode MODE]\n"
		"                     [--error CODE] [--delay S] [--quote-version 4|5]\n"
		"                     [--daemon] [--pidfile FILE] [--log FILE]\n"
		"       tdxg-test-qgs --keys DIR --make-quote TDREPORT [--quote-version 4|5] > QUOTE\n"
		"--pck-ca processor makes a new DIR's intermediate a PCK Processor CA (default\n"
		"platform); --fmspc HEX (12 digits) a new DIR's PCK FMSPC (default 50806f000000).\n"
		"A test QGS. DIR holds (or gets) the throwaway CA: root-ca.pem to verify against,\n"
		"intermediate-ca.pem, pck-cert.pem, pck-chain.pem and the private keys (the\n"
		"root and intermediate keys let tests sign collateral and CRLs).\n"
		"--daemon prints the server's pid once it listens and returns.\n"
		"Modes:\n");
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		fprintf(f, "  %-15s %s\n", modes[i].name, modes[i].help);
}

static void quote_file(const char *path)
{
	uint8_t r[TDXG_REPORT_LEN + 1], *q;
	size_t n, qlen;
	FILE *f = fopen(path, "re");

	if (!f)
		die("%s: %s", path, strerror(errno));
	n = fread(r, 1, sizeof(r), f);
	fclose(f);
	if (n != TDXG_REPORT_LEN || r[0] != TDXG_REPORT_TYPE_TDX)
		die("%s: not a 1024-byte TDREPORT", path);
	q = make_quote((const struct tdxg_tdreport *)r, &qlen);
	if (fwrite(q, 1, qlen, stdout) != qlen || fflush(stdout))
		die("stdout: %s", strerror(errno));
	free(q);
}

int main(int argc, char *argv[])
{
	static const struct option lopts[] = {
		{ "keys", required_argument, NULL, 'k' },
		{ "unix", required_argument, NULL, 'u' },
		{ "vsock", required_argument, NULL, 'v' },
		{ "mode", required_argument, NULL, 'm' },
		{ "error", required_argument, NULL, 'e' },
		{ "delay", required_argument, NULL, 'D' },
		{ "quote-version", required_argument, NULL, 'V' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "make-quote", required_argument, NULL, 'q' },
		{ "pck-ca", required_argument, NULL, 'C' },
		{ "fmspc", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *make_quote_from = NULL;
	struct pollfd pfd[2];
	struct sigaction sa;
	unsigned long seq = 0;
	int c, nfd = 0, ufd, vfd = -1;
	size_t i;

	while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		switch (c) {
		case 'k': opt.keys = optarg; break;
		case 'u': opt.unix_path = optarg; break;
		case 'v': opt.vsock_port = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'e': opt.error_code = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'D': opt.delay = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'V': opt.version = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'd': opt.daemon = 1; break;
		case 'p': opt.pidfile = optarg; break;
		case 'l': opt.log_path = optarg; break;
		case 'q': make_quote_from = optarg; break;
		case 'C': opt.processor_ca = !strcmp(optarg, "processor"); break;
		case 'F':
			for (i = 0; i < 6; i++)
				if (strlen(optarg) != 12 || sscanf(optarg + 2 * i, "%2hhx", &opt.fmspc[i]) != 1)
					die("--fmspc takes 12 hex digits");
			break;
		case 'm':
			for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && strcmp(modes[i].name, optarg); i++)
				;
			if (i == sizeof(modes) / sizeof(modes[0]))
				die("unknown mode '%s' (see --help)", optarg);
			opt.mode = modes[i].mode;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!opt.keys || optind != argc || (opt.version != 4 && opt.version != 5) ||
	    (!make_quote_from && !opt.unix_path && !opt.vsock_port)) {
		usage(stderr);
		return 2;
	}
	load_keys();
	if (make_quote_from) {
		quote_file(make_quote_from);
		return 0;
	}
	opt.log = stderr;
	if (opt.log_path) {
		opt.log = fopen(opt.log_path, "ae");
		if (!opt.log)
			die("%s: %s", opt.log_path, strerror(errno));
	}

	if (opt.unix_path) {
		ufd = listen_unix(opt.unix_path);
		pfd[nfd++] = (struct pollfd){ .fd = ufd, .events = POLLIN };
	}
	if (opt.vsock_port) {
		vfd = listen_vsock(opt.vsock_port);
		if (vfd >= 0)
			pfd[nfd++] = (struct pollfd){ .fd = vfd, .events = POLLIN };
	}
	if (!nfd)
		die("nothing to listen on");

	if (opt.daemon) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid) {
			printf("%ld\n", (long)pid);
			return 0;
		}
		setsid();
		if (freopen("/dev/null", "r", stdin) == NULL || freopen("/dev/null", "w", stdout) == NULL)
			die("/dev/null: %s", strerror(errno));
	}
	if (opt.pidfile) {
		FILE *f = fopen(opt.pidfile, "we");

		if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f))
			die("%s: %s", opt.pidfile, strerror(errno));
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGCHLD, SIG_IGN);	/* children reap themselves */
	signal(SIGPIPE, SIG_IGN);
	logmsg("listening (mode %s, quote v%u)", modes[opt.mode].name, opt.version);

	while (!stop) {
		if (poll(pfd, (nfds_t)nfd, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		for (i = 0; i < (size_t)nfd; i++) {
			int cfd;
			pid_t pid;

			if (!(pfd[i].revents & POLLIN))
				continue;
			cfd = accept4(pfd[i].fd, NULL, NULL, SOCK_CLOEXEC);
			if (cfd < 0)
				continue;
			seq++;
			pid = fork();
			if (pid == 0) {
				/* A test that kills the server takes its slow children along. */
				prctl(PR_SET_PDEATHSIG, SIGTERM);
				signal(SIGTERM, SIG_DFL);
				serve(cfd, seq);
				close(cfd);
				_exit(0);
			}
			if (pid < 0)
				logmsg("fork: %s", strerror(errno));
			close(cfd);
		}
	}
	if (opt.unix_path)
		unlink(opt.unix_path);
	logmsg("stopped after %lu requests", seq);
	return 0;
}
