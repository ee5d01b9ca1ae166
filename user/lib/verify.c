// SPDX-License-Identifier: MIT
/*
 * Quote verification. The expensive parts are ECDSA verifications and
 * certificate parsing; a verifier therefore remembers every certificate
 * it has chained to its root (keyed by exact DER) and every collateral
 * set whose signatures it has checked, so a warm verification costs the
 * quote signature, the QE report signature and the PCK leaf signature.
 * Time-dependent checks (validity, freshness) are never cached.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <pthread.h>
#include <openssl/sha.h>

#include "collateral.h"
#include "errmsg.h"
#include "extstruct.h"
#include "hash.h"
#include "policy.h"
#include "tcb_status.h"
#include "verify_replay.h"
#include "verify_result.h"
#include "x509.h"
#include <tdxg/pcs.h>
#include <tdxg/util.h>
#include <tdxg/verify.h>

#define CACHE_MAX	32
#define CHAIN_MAX	6
#define QE_CACHE_DEFAULT	16
#define BUSY_MAX	64

struct cache_entry {
	struct tdxg_cert *cert, *issuer;	/* issuer: root or another entry */
};

/*
 * A platform already seen: the exact bytes of a quote's PCK chain, QE
 * report and QE report signature that verified, with the parsed chain, its
 * path to the root and the leaf's SGX extension. A quote carrying the same
 * bytes needs neither the PCK leaf nor the QE report signature again: one
 * ECDSA verification (its own signature) is left. Time checks, the QE
 * report data binding, revocation and the TCB are still evaluated per quote.
 */
struct qe_entry {
	uint8_t *key;			/* PCK chain || QE report || its signature */
	size_t key_len;
	struct tdxg_cert *chain[CHAIN_MAX], *path[CHAIN_MAX];	/* referenced */
	int nchain, np;
	struct tdxg_pck_ext ext;
};

/* One platform's collateral in the store: a parsed set, or why there is none. */
struct store_entry {
	uint8_t fmspc[6];
	enum tdxg_pck_ca ca;
	struct tdxg_collateral *c;	/* NULL: the fetch failed with err */
	struct tdxg_err err;
};

struct tdxg_verifier {
	/*
	 * lock: the certificate and platform caches, held only to search or
	 * add (never across an ECDSA verification or another lock).
	 * store_lock: the collateral store, held across a fetch; a
	 * collateral's own lock may be taken under it, lock under both.
	 */
	pthread_mutex_t lock, store_lock;
	/*
	 * Quotes whose platform a thread is verifying for the first time:
	 * another quote of that platform waits (busy_done) for its cache
	 * entry instead of doing the same two ECDSA verifications again.
	 */
	const struct tdxg_quote *busy[BUSY_MAX];
	unsigned nbusy;
	pthread_cond_t busy_done;
	struct tdxg_cert *root;
	struct cache_entry cache[CACHE_MAX];
	int ncache;
	unsigned gen;
	struct qe_entry *qe;		/* qe_max entries, round-robin */
	unsigned qe_max, nqe, qe_next;
	tdxg_collateral_fetch_fn fetch;
	tdxg_collateral_accepted_fn accepted;
	void *fetch_ctx;
	struct store_entry *store;
	unsigned nstore, store_cap;
};

static void subject_cn(const struct tdxg_cert *c, char *buf, size_t n)
{
	tdxg_name_cn(c->subject, buf, n);
}

/* ---- verifier and certificate cache ---- */

int tdxg_verifier_new(struct tdxg_verifier **out, const void *root_pem, size_t len,
		      struct tdxg_err *err)
{
	struct tdxg_verifier *v;
	struct tdxg_err e;
	uint8_t *der[2];
	size_t dl[2];
	int n, i, rc, builtin = !root_pem;

	if (!out)
		return tdxg_errf(err, -EINVAL, "no verifier pointer");
	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return tdxg_errf(err, -ENOMEM, "out of memory");
	pthread_mutex_init(&v->lock, NULL);
	pthread_mutex_init(&v->store_lock, NULL);
	pthread_cond_init(&v->busy_done, NULL);
	if (!root_pem) {
		root_pem = tdxg_intel_sgx_root_ca_pem;
		len = strlen(tdxg_intel_sgx_root_ca_pem);
	}
	n = tdxg_pem_certs(root_pem, len, der, dl, 2, err);
	if (n != 1) {
		for (i = 0; i < n; i++)
			free(der[i]);
		tdxg_verifier_free(v);
		/*
		 * Two or more (more than two is -E2BIG from the PEM reader):
		 * -EINVAL, the argument is not one root.
		 */
		return n < 0 && n != -E2BIG ? n :
		       tdxg_errf(err, -EINVAL, "root PEM must hold exactly one certificate");
	}
	v->root = tdxg_cert_from_der(der[0], dl[0], &e);
	free(der[0]);
	if (!v->root) {
		tdxg_verifier_free(v);
		return tdxg_errf(err, e.code, "root certificate: %s", e.msg);
	}
	/*
	 * A trust anchor must at least be a self-signed CA. The self-signature
	 * of the built-in Intel root is not rechecked in every process (an
	 * ECDSA verification each): it is compiled in, and verify-basic.t
	 * checks it as a --root.
	 */
	if (!v->root->is_ca || !tdxg_name_eq(v->root->subject, v->root->issuer) ||
	    (!builtin && !tdxg_cert_signed_by(v->root, v->root))) {
		tdxg_verifier_free(v);
		return tdxg_errf(err, -EINVAL, "root certificate is not a self-signed CA");
	}
	rc = tdxg_verifier_set_platform_cache(v, QE_CACHE_DEFAULT);
	if (rc) {
		tdxg_verifier_free(v);
		return tdxg_errf(err, rc, "out of memory");
	}
	*out = v;
	return 0;
}

static void qe_entry_clear(struct qe_entry *e)
{
	int i;

	for (i = 0; i < e->nchain; i++)
		tdxg_cert_put(e->chain[i]);
	for (i = 0; i < e->np; i++)
		tdxg_cert_put(e->path[i]);
	free(e->key);
	memset(e, 0, sizeof(*e));
}

static void qe_cache_clear(struct tdxg_verifier *v)
{
	unsigned i;

	for (i = 0; i < v->nqe; i++)
		qe_entry_clear(&v->qe[i]);
	v->nqe = v->qe_next = 0;
}

int tdxg_verifier_set_platform_cache(struct tdxg_verifier *v, unsigned int entries)
{
	struct qe_entry *n = NULL;

	if (!v || entries > 4096)
		return -EINVAL;
	if (entries && !(n = calloc(entries, sizeof(*n))))
		return -ENOMEM;
	pthread_mutex_lock(&v->lock);
	qe_cache_clear(v);
	free(v->qe);
	v->qe = n;
	v->qe_max = entries;
	pthread_mutex_unlock(&v->lock);
	return 0;
}

static void store_clear(struct tdxg_verifier *v)
{
	unsigned i;

	for (i = 0; i < v->nstore; i++)
		tdxg_collateral_free(v->store[i].c);
	free(v->store);
	v->store = NULL;
	v->nstore = v->store_cap = 0;
}

int tdxg_verifier_set_collateral_source(struct tdxg_verifier *v, tdxg_collateral_fetch_fn fetch,
					tdxg_collateral_accepted_fn accepted, void *ctx)
{
	if (!v)
		return -EINVAL;
	pthread_mutex_lock(&v->store_lock);
	store_clear(v);
	v->fetch = fetch;
	v->accepted = fetch ? accepted : NULL;
	v->fetch_ctx = ctx;
	pthread_mutex_unlock(&v->store_lock);
	return 0;
}

void tdxg_verifier_flush(struct tdxg_verifier *v)
{
	int i;

	if (!v)
		return;
	pthread_mutex_lock(&v->lock);
	qe_cache_clear(v);
	for (i = 0; i < v->ncache; i++) {
		tdxg_cert_put(v->cache[i].cert);
		tdxg_cert_put(v->cache[i].issuer);
	}
	v->ncache = 0;
	v->gen++;
	pthread_mutex_unlock(&v->lock);
}

void tdxg_verifier_free(struct tdxg_verifier *v)
{
	if (!v)
		return;
	tdxg_verifier_flush(v);
	store_clear(v);
	free(v->qe);
	tdxg_cert_put(v->root);
	pthread_mutex_destroy(&v->lock);
	pthread_mutex_destroy(&v->store_lock);
	pthread_cond_destroy(&v->busy_done);
	free(v);
}

static int qe_key_eq(const struct qe_entry *e, const struct tdxg_quote *q)
{
	return e->key_len == q->pck_chain_len + 384 + 64 &&
	       !memcmp(e->key, q->pck_chain, q->pck_chain_len) &&
	       !memcmp(e->key + q->pck_chain_len, q->qe_report_raw, 384) &&
	       !memcmp(e->key + q->pck_chain_len + 384, q->qe_report_sig, 64);
}

static int same_platform(const struct tdxg_quote *a, const struct tdxg_quote *b)
{
	return a->pck_chain_len == b->pck_chain_len &&
	       !memcmp(a->pck_chain, b->pck_chain, a->pck_chain_len) &&
	       !memcmp(a->qe_report_raw, b->qe_report_raw, 384) &&
	       !memcmp(a->qe_report_sig, b->qe_report_sig, 64);
}

static int busy_with(const struct tdxg_verifier *v, const struct tdxg_quote *q)
{
	unsigned i;

	for (i = 0; i < v->nbusy; i++)
		if (same_platform(v->busy[i], q))
			return 1;
	return 0;
}

/*
 * A platform seen before: its chain (referenced), path and extension into
 * the caller's arrays, copied under the lock, since another thread may
 * evict the entry right after. 1 found; 0 not, and then *busy says q was
 * marked as being verified (end it with platform_done()). A quote of a
 * platform another thread is verifying first waits for that thread.
 */
static int qe_cache_get(struct tdxg_verifier *v, const struct tdxg_quote *q, struct tdxg_cert **chain,
			int *nchain, struct tdxg_cert **path, int *np, struct tdxg_pck_ext *ext, int *busy)
{
	unsigned i;
	int k, found = 0;

	*busy = 0;
	pthread_mutex_lock(&v->lock);
again:
	for (i = 0; i < v->nqe && !found; i++) {
		struct qe_entry *e = &v->qe[i];

		if (!qe_key_eq(e, q))
			continue;
		for (k = 0; k < e->nchain; k++)
			chain[k] = tdxg_cert_ref(e->chain[k]);
		*nchain = e->nchain;
		/* path[1..] are in the certificate cache, which only a flush empties. */
		memcpy(path, e->path, sizeof(e->path));
		*np = e->np;
		*ext = e->ext;
		found = 1;
	}
	if (!found && v->qe_max && busy_with(v, q)) {
		pthread_cond_wait(&v->busy_done, &v->lock);
		goto again;
	}
	if (!found && v->qe_max && v->nbusy < BUSY_MAX) {
		v->busy[v->nbusy++] = q;
		*busy = 1;
	}
	pthread_mutex_unlock(&v->lock);
	return found;
}

/* q's first verification of its platform ended (its entry added, or failed). */
static void platform_done(struct tdxg_verifier *v, const struct tdxg_quote *q)
{
	unsigned i;

	pthread_mutex_lock(&v->lock);
	for (i = 0; i < v->nbusy; i++)
		if (v->busy[i] == q) {
			v->busy[i] = v->busy[--v->nbusy];
			break;
		}
	pthread_cond_broadcast(&v->busy_done);
	pthread_mutex_unlock(&v->lock);
}

/* Called once the chain and the QE report signature verified. */
static void qe_cache_add(struct tdxg_verifier *v, const struct tdxg_quote *q,
			 struct tdxg_cert *const *chain, int nchain, struct tdxg_cert *const *path, int np,
			 const struct tdxg_pck_ext *ext)
{
	struct qe_entry *e;
	uint8_t *key;
	int i;

	key = malloc(q->pck_chain_len + 384 + 64);
	if (!key)
		return;
	pthread_mutex_lock(&v->lock);
	if (!v->qe_max) {
		pthread_mutex_unlock(&v->lock);
		free(key);
		return;
	}
	e = &v->qe[v->qe_next];
	qe_entry_clear(e);
	v->qe_next = (v->qe_next + 1) % v->qe_max;
	if (v->nqe < v->qe_max)
		v->nqe++;
	memcpy(key, q->pck_chain, q->pck_chain_len);
	memcpy(key + q->pck_chain_len, q->qe_report_raw, 384);
	memcpy(key + q->pck_chain_len + 384, q->qe_report_sig, 64);
	e->key = key;
	e->key_len = q->pck_chain_len + 384 + 64;
	for (i = 0; i < nchain; i++)
		e->chain[i] = tdxg_cert_ref(chain[i]);
	e->nchain = nchain;
	for (i = 0; i < np; i++)
		e->path[i] = tdxg_cert_ref(path[i]);
	e->np = np;
	e->ext = *ext;
	pthread_mutex_unlock(&v->lock);
}

static int same_der(const struct tdxg_cert *c, const uint8_t *der, size_t len)
{
	return c->der_len == len && !memcmp(c->der, der, len);
}

static struct cache_entry *cache_find_locked(struct tdxg_verifier *v, const uint8_t *der, size_t len)
{
	int i;

	for (i = 0; i < v->ncache; i++)
		if (same_der(v->cache[i].cert, der, len))
			return &v->cache[i];
	return NULL;
}

/*
 * An entry, once added, stays as it is until a flush (which must not run
 * alongside a verification): the lock covers the search and the adding,
 * not the use, so no ECDSA verification runs under it.
 */
static struct cache_entry *cache_find(struct tdxg_verifier *v, const uint8_t *der, size_t len)
{
	struct cache_entry *e;

	pthread_mutex_lock(&v->lock);
	e = cache_find_locked(v, der, len);
	pthread_mutex_unlock(&v->lock);
	return e;
}

/* The root or a cached object for this DER, else a new parse. */
static struct tdxg_cert *get_cert(struct tdxg_verifier *v, const uint8_t *der, size_t len,
				  struct tdxg_err *err)
{
	struct cache_entry *e;

	if (same_der(v->root, der, len))
		return tdxg_cert_ref(v->root);
	e = cache_find(v, der, len);
	if (e)
		return tdxg_cert_ref(e->cert);
	return tdxg_cert_from_der(der, len, err);
}

static void cache_add(struct tdxg_verifier *v, struct tdxg_cert *c, struct tdxg_cert *issuer)
{
	pthread_mutex_lock(&v->lock);
	if (v->ncache < CACHE_MAX && !cache_find_locked(v, c->der, c->der_len)) {
		v->cache[v->ncache].cert = tdxg_cert_ref(c);
		v->cache[v->ncache].issuer = tdxg_cert_ref(issuer);
		v->ncache++;
	}
	pthread_mutex_unlock(&v->lock);
}

/*
 * Builds path[] = c, issuer, ..., root, checking each signature (or
 * trusting the cache, which only holds certificates that were checked).
 * Leaf PCK certificates are per quote and are not cached.
 */
static int chain_to_root(struct tdxg_verifier *v, struct tdxg_cert *c,
			 struct tdxg_cert *const *cands, int ncands, int cacheable,
			 struct tdxg_cert **path, int *npath, int depth)
{
	struct cache_entry *e;
	int i, saved;

	if (*npath >= CHAIN_MAX || depth > 4)
		return -1;
	path[(*npath)++] = c;
	if (c == v->root || same_der(v->root, c->der, c->der_len))
		return 0;
	e = cache_find(v, c->der, c->der_len);
	if (e)
		return chain_to_root(v, e->issuer, NULL, 0, 0, path, npath, depth + 1);
	if (tdxg_name_eq(c->issuer, v->root->subject) &&
	    tdxg_cert_signed_by(c, v->root)) {
		path[(*npath)++] = v->root;
		if (cacheable)
			cache_add(v, c, v->root);
		return 0;
	}
	saved = *npath;
	for (i = 0; i < ncands; i++) {
		struct tdxg_cert *p = cands[i];

		if (!p || p == c || same_der(p, c->der, c->der_len) || !p->is_ca ||
		    !tdxg_name_eq(c->issuer, p->subject))
			continue;
		if (!tdxg_cert_signed_by(c, p))
			continue;
		if (!chain_to_root(v, p, cands, ncands, 1, path, npath, depth + 1)) {
			if (cacheable)
				cache_add(v, c, p);
			return 0;
		}
		*npath = saved;
	}
	return -1;
}

static int path_valid_at(struct tdxg_cert *const *path, int n, int64_t at,
			 struct tdxg_verify_result *res, const char *check)
{
	char cn[80], t1[32], t2[32], t3[32];
	int i;

	for (i = 0; i < n; i++) {
		if (!tdxg_cert_valid_at(path[i], at)) {
			subject_cn(path[i], cn, sizeof(cn));
			tdxg_format_time(path[i]->not_before, t1, sizeof(t1));
			tdxg_format_time(path[i]->not_after, t2, sizeof(t2));
			tdxg_format_time(at, t3, sizeof(t3));
			return vfail(res, TDXG_VERIFY_SIGNATURE, check,
				     "certificate '%s' is not valid at the verification time "
				     "(valid %s..%s, at %s)", cn, t1, t2, t3);
		}
	}
	return 0;
}

/* ---- collateral ---- */

static struct tdxg_crl *crl_for_issuer_of(const struct tdxg_collateral *c, const struct tdxg_cert *cert)
{
	int i;

	for (i = 0; i < c->ncrls; i++)
		if (tdxg_name_eq(c->crls[i]->issuer, cert->issuer))
			return c->crls[i];
	return NULL;
}

static int path_not_revoked(const struct tdxg_collateral *c, struct tdxg_cert *const *path, int n,
			    struct tdxg_verify_result *res, const char *check)
{
	struct tdxg_crl *crl;
	char cn[80];
	int i;

	for (i = 0; i < n; i++) {
		crl = crl_for_issuer_of(c, path[i]);
		subject_cn(path[i], cn, sizeof(cn));
		if (!crl)	/* incomplete collateral, not a bad signature */
			return vfail(res, TDXG_VERIFY_INVALID, check,
				     "no CRL from the issuer of '%s' in the collateral", cn);
		if (tdxg_crl_revokes(crl, path[i]))
			return vfail(res, TDXG_VERIFY_SIGNATURE, check, "certificate '%s' is revoked", cn);
	}
	return 0;
}

static int collect_cands(const struct tdxg_collateral *c, struct tdxg_cert **quote_chain, int nq,
			 struct tdxg_cert **cands)
{
	int n = 0, i;

	for (i = 0; i < c->npool; i++)
		if (c->pool[i])
			cands[n++] = c->pool[i];
	for (i = 0; i < nq; i++)
		cands[n++] = quote_chain[i];
	return n;
}

/*
 * The TCB info and QE identity signer, pinned as Intel's QVL pins it
 * (TCBSigningChain): not a CA, a CN containing "SGX TCB Signing", issued
 * and signed directly by the trusted root. Any other certificate that
 * chains to the root (a PCK leaf above all) must not vouch for TCB levels.
 */
static int is_tcb_signer(struct tdxg_verifier *v, struct tdxg_cert *cert)
{
	struct tdxg_cert *path[CHAIN_MAX];
	char cn[80];
	int n = 0;

	if (!cert || cert->is_ca || !cert->can_sign || cert == v->root)
		return 0;
	subject_cn(cert, cn, sizeof(cn));
	if (!strstr(cn, "SGX TCB Signing") || !tdxg_name_eq(cert->issuer, v->root->subject))
		return 0;
	return !chain_to_root(v, cert, NULL, 0, 1, path, &n, 0) && n == 2;
}

static int signed_json_check(struct tdxg_verifier *v, struct tdxg_collateral *c,
			     struct tdxg_signed_json *s, struct tdxg_cert **signer,
			     struct tdxg_verify_result *res, const char *check)
{
	struct tdxg_cert *cert = NULL;
	int i;

	if (s->nchain) {
		/* QVL: exactly the signing certificate and the root, in either order. */
		struct tdxg_cert *a, *b;

		if (s->nchain != 2)
			return vfail(res, TDXG_VERIFY_SIGNATURE, check,
				     "the issuer chain has %d certificates, not the TCB signing "
				     "certificate and the root", s->nchain);
		a = c->pool[s->chain[0]];
		b = c->pool[s->chain[1]];
		if (a == v->root || same_der(v->root, a->der, a->der_len)) {
			struct tdxg_cert *t = a;

			a = b;
			b = t;
		}
		if (b != v->root && !same_der(v->root, b->der, b->der_len))
			return vfail(res, TDXG_VERIFY_SIGNATURE, check,
				     "the issuer chain does not end in the trusted root");
		if (!is_tcb_signer(v, a))
			return vfail(res, TDXG_VERIFY_SIGNATURE, check,
				     "the signing certificate is not an SGX TCB Signing certificate "
				     "issued by the root");
		if (!tdxg_ecdsa_verify_rs(a->pk, (const uint8_t *)s->text, s->len, s->sig))
			return vfail(res, TDXG_VERIFY_SIGNATURE, check,
				     "signature does not verify with the TCB signing certificate");
		cert = a;
	} else {
		/* PCS responses: the chain came separately, so any pinned signer given. */
		int signers = 0;

		for (i = 0; i < c->npool && !cert; i++)
			if (is_tcb_signer(v, c->pool[i]) && ++signers &&
			    tdxg_ecdsa_verify_rs(c->pool[i]->pk, (const uint8_t *)s->text, s->len, s->sig))
				cert = c->pool[i];
		if (!signers)	/* incomplete collateral, not a bad signature */
			return vfail(res, TDXG_VERIFY_INVALID, check,
				     "the collateral has no SGX TCB Signing certificate issued by the root "
				     "(add the TCB info issuer chain)");
		if (!cert)
			return vfail(res, TDXG_VERIFY_SIGNATURE, check,
				     "signature does not verify with any SGX TCB Signing certificate "
				     "issued by the root");
	}
	*signer = tdxg_cert_ref(cert);
	return 0;
}

/*
 * Signatures: checked once, by the first verifier, under the collateral's
 * lock; after that the collateral is read-only, and every verifier with the
 * same trust root relies on the check, in any thread.
 */
static int collateral_signatures_locked(struct tdxg_verifier *v, struct tdxg_collateral *c,
					struct tdxg_cert **quote_chain, int nq,
					struct tdxg_verify_result *res)
{
	struct tdxg_cert *cands[TDXG_MAX_POOL + CHAIN_MAX], *path[CHAIN_MAX];
	int ncands, i, k, n;

	if (c->checked) {
		if (c->checked_root == v->root ||
		    same_der(v->root, c->checked_root->der, c->checked_root->der_len))
			return 0;
		return vfail(res, TDXG_VERIFY_INTERNAL, "collateral",
			     "collateral was checked against another trust root");
	}
	if (!c->tcb)
		return vfail(res, TDXG_VERIFY_INVALID, "collateral", "collateral has no TCB info");
	if (!c->qe)
		return vfail(res, TDXG_VERIFY_INVALID, "collateral", "collateral has no QE identity");
	for (i = 0; i < c->npool; i++) {
		struct tdxg_err e;

		if (c->pool[i])
			continue;
		c->pool[i] = get_cert(v, c->pool_der[i], c->pool_len[i], &e);
		if (!c->pool[i])
			return vfail(res, TDXG_VERIFY_INVALID, "collateral",
				     "issuer chain certificate %d: %s", i + 1, e.msg);
	}
	ncands = collect_cands(c, quote_chain, nq, cands);
	for (i = 0; i < c->ncrls; i++) {
		struct tdxg_crl *crl = c->crls[i];
		struct tdxg_cert *issuer = NULL;

		if (tdxg_name_eq(crl->issuer, v->root->subject) &&
		    tdxg_crl_signed_by(crl, v->root))
			issuer = v->root;
		for (k = 0; !issuer && k < ncands; k++) {
			if (!cands[k]->can_sign_crl || !tdxg_crl_signed_by(crl, cands[k]))
				continue;
			n = 0;
			if (!chain_to_root(v, cands[k], cands, ncands, 1, path, &n, 0))
				issuer = cands[k];
		}
		if (!issuer)
			return vfail(res, TDXG_VERIFY_SIGNATURE, "crl_signature",
				     "CRL %d is not signed by a CA chaining to the root", i + 1);
		tdxg_cert_put(c->crl_issuer[i]);
		c->crl_issuer[i] = tdxg_cert_ref(issuer);
	}
	if (signed_json_check(v, c, &c->tcb->s, &c->tcb_signer, res, "tcb_info_signature") ||
	    signed_json_check(v, c, &c->qe->s, &c->qe_signer, res, "qe_identity_signature"))
		return res->error;
	c->checked_root = tdxg_cert_ref(v->root);
	__atomic_store_n(&c->checked, 1, __ATOMIC_RELEASE);
	return 0;
}

static int collateral_signatures(struct tdxg_verifier *v, struct tdxg_collateral *c,
				 struct tdxg_cert **quote_chain, int nq, struct tdxg_verify_result *res)
{
	int rc;

	pthread_mutex_lock(&c->lock);
	rc = collateral_signatures_locked(v, c, quote_chain, nq, res);
	pthread_mutex_unlock(&c->lock);
	return rc;
}

/*
 * Fail closed by default. allow_expired makes a nextUpdate in the past a
 * reported flag (as QvE's collateral-expired flag) instead of a failure;
 * a date in the future always fails.
 */
static int window(int64_t at, int64_t from, int64_t to, int allow_expired,
		  struct tdxg_verify_result *res, const char *check, const char *what)
{
	char t1[32], t2[32];

	if (at < from || (at > to && !allow_expired)) {	/* formatted on failure only */
		tdxg_format_time(at < from ? from : to, t1, sizeof(t1));
		tdxg_format_time(at, t2, sizeof(t2));
		return vfail(res, TDXG_VERIFY_SIGNATURE, check, at < from ?
			     "%s is not yet valid (issued %s, at %s)" : "%s expired (next update %s, at %s)",
			     what, t1, t2);
	}
	if (at > to)
		res->collateral_expired = 1;
	if (!res->collateral_expires || to < res->collateral_expires)
		res->collateral_expires = to;
	return 0;
}

/* Freshness, validity and revocation of everything the collateral relies on. */
static int collateral_current(struct tdxg_verifier *v, const struct tdxg_collateral *c,
			      struct tdxg_cert **quote_chain, int nq, int64_t at,
			      int allow_expired, struct tdxg_verify_result *res)
{
	struct tdxg_cert *path[CHAIN_MAX], *cands[TDXG_MAX_POOL + CHAIN_MAX];
	struct tdxg_cert *signers[2 + TDXG_MAX_CRLS];
	int i, n, ns = 0, ncands = collect_cands(c, quote_chain, nq, cands);

	if (window(at, c->tcb->s.issue_date, c->tcb->s.next_update, allow_expired, res,
		   "tcb_info_freshness", "TCB info") ||
	    window(at, c->qe->s.issue_date, c->qe->s.next_update, allow_expired, res,
		   "qe_identity_freshness", "QE identity"))
		return res->error;
	for (i = 0; i < c->ncrls; i++)
		if (window(at, c->crls[i]->this_update, c->crls[i]->next_update, allow_expired, res,
			   "crl_freshness", i == 0 ? "first CRL" : "CRL"))
			return res->error;
	signers[ns++] = c->tcb_signer;
	signers[ns++] = c->qe_signer;
	for (i = 0; i < c->ncrls; i++)
		signers[ns++] = c->crl_issuer[i];
	for (i = 0; i < ns; i++) {
		n = 0;
		/* Another verifier may have checked the collateral: this one
		 * builds (and caches) the signers' chains from its certificates. */
		if (chain_to_root(v, signers[i], cands, ncands, 1, path, &n, 0))
			return vfail(res, TDXG_VERIFY_INTERNAL, "collateral_chain", "cached chain lost");
		if (path_valid_at(path, n, at, res, "collateral_chain_validity") ||
		    path_not_revoked(c, path, n, res, "collateral_chain_revocation"))
			return res->error;
	}
	return 0;
}

/* ---- TCB evaluation ---- */

/*
 * A level's advisory IDs added to the result's, each once (QVL reports the
 * union of the platform's, the TDX module's and the QE's).
 */
static int add_advisories(const struct tdxg_signed_json *s, struct tdxg_advisory_span adv,
			  struct tdxg_verify_result *res, const char *check)
{
	unsigned i, k;

	for (k = adv.first; k < adv.first + adv.n; k++) {
		for (i = 0; i < res->n_advisories && strcmp(res->advisory_ids[i], s->advisories[k]); i++)
			;
		if (i < res->n_advisories)
			continue;
		if (res->n_advisories == TDXG_MAX_ADVISORIES)
			return vfail(res, TDXG_VERIFY_INVALID, check, "more than %d advisory IDs",
				     TDXG_MAX_ADVISORIES);
		memcpy(res->advisory_ids[res->n_advisories++], s->advisories[k], TDXG_ADVISORY_ID_LEN);
	}
	return 0;
}

static const struct tdxg_module_identity *find_module(const struct tdxg_tcb_info *t, uint8_t version)
{
	char want[16];
	size_t i;

	snprintf(want, sizeof(want), "TDX_%02X", version);
	for (i = 0; i < t->nmods; i++)
		if (!strcasecmp(t->mods[i].id, want))
			return &t->mods[i];
	return NULL;
}

/*
 * TD relaunch (TD 1.5 bodies), as QVL decides it: the statuses allow it
 * (tdxg_tcb_relaunch: the TDX status is out of date only because the TDX
 * module the TD launched on is), and TEE_TCB_SVN2 (the module running now)
 * reaches the latest module level and the latest TCB level's TDX component 2.
 */
static int relaunch(const struct tdxg_tcb_info *t, const struct tdxg_quote *q, int sgx_st, int tdx_st,
		    struct tdxg_verify_result *res, int *out)
{
	const struct tdxg_tcb_level *latest = &t->levels[0];
	const struct tdxg_module_identity *mi;
	const uint8_t *svn2;
	unsigned need;
	int st = tdxg_tcb_relaunch(sgx_st, tdx_st, res->module_status, res->qe_status);

	*out = tdx_st;
	if (!q->body15 || st < 0)
		return 0;
	svn2 = q->body15->tee_tcb_svn2;
	if (svn2[1] == 0) {
		need = latest->tdx[0];
	} else {
		mi = find_module(t, svn2[1]);
		if (!mi)
			return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity",
				     "TCB info has no TDX module identity TDX_%02X (TEE_TCB_SVN2)", svn2[1]);
		need = mi->levels[0].isvsvn;
	}
	if (svn2[0] >= need && svn2[2] >= latest->tdx[2])
		*out = st;
	return 0;
}

static int module_status(const struct tdxg_tcb_info *t, const struct tdxg_quote *q,
			 struct tdxg_verify_result *res)
{
	const uint8_t *svn = q->body->tee_tcb_svn;
	const uint8_t *mrsigner = t->mod_mrsigner, *attr = t->mod_attributes, *mask = t->mod_attributes_mask;
	const struct tdxg_module_identity *mi = NULL;
	size_t i;
	int st = -1;

	if (svn[1] > 0) {
		/* A module version in TEE_TCB_SVN means its SVN is judged here or nowhere. */
		if (!t->nmods)
			return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity",
				     "TCB info has no tdxModuleIdentities for TDX module version %u", svn[1]);
		mi = find_module(t, svn[1]);
		if (!mi)
			return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity",
				     "TCB info has no TDX module identity TDX_%02X", svn[1]);
		mrsigner = mi->mrsigner;
		attr = mi->attributes;
		mask = mi->attributes_mask;
	} else if (!t->has_module) {
		return vfail(res, TDXG_VERIFY_INVALID, "tdx_module_identity", "TCB info has no tdxModule");
	}
	if (memcmp(q->body->mrsignerseam, mrsigner, 48))
		return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity",
			     "MRSIGNERSEAM does not match the TDX module identity");
	/* QVL: SEAMATTRIBUTES must be zero, and the identity's value is report & mask. */
	for (i = 0; i < 8; i++)
		if (q->body->seam_attributes[i])
			return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity", "SEAMATTRIBUTES is not zero");
	for (i = 0; i < 8; i++)
		if ((q->body->seam_attributes[i] & mask[i]) != attr[i])
			return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity",
				     "SEAMATTRIBUTES do not match the TDX module identity");
	if (!mi)
		return 0;
	for (i = 0; i < mi->nlevels; i++)
		if (svn[0] >= mi->levels[i].isvsvn) {
			st = mi->levels[i].status;
			res->module_status = st;
			return add_advisories(&t->s, mi->levels[i].adv, res, "tdx_module_identity");
		}
	return vfail(res, TDXG_VERIFY_TCB, "tdx_module_identity",
		     "TDX module SVN %u is below every level of TDX_%02X", svn[0], svn[1]);
}

/* *sgx_st: the first level the SGX components and PCESVN reach (QVL's SGX TCB level). */
static int platform_status(const struct tdxg_tcb_info *t, const struct tdxg_quote *q,
			   const struct tdxg_pck_ext *e, int *sgx_st, struct tdxg_verify_result *res)
{
	const uint8_t *svn = q->body->tee_tcb_svn;
	/* With a module identity, bytes 0-1 (module SVN and version) were matched there. */
	int start = svn[1] > 0 ? 2 : 0, k;
	size_t i;

	for (i = 0; i < t->nlevels; i++) {
		const struct tdxg_tcb_level *l = &t->levels[i];

		for (k = 0; k < 16 && e->comp_svn[k] >= l->sgx[k]; k++)
			;
		if (k < 16 || e->pcesvn < l->pcesvn)
			continue;
		if (*sgx_st < 0)
			*sgx_st = l->status;
		for (k = start; k < 16 && svn[k] >= l->tdx[k]; k++)
			;
		if (k < 16)
			continue;
		res->platform_status = l->status;
		tdxg_format_time(l->tcb_date, res->tcb_date, sizeof(res->tcb_date));
		return add_advisories(&t->s, l->adv, res, "tcb_level");
	}
	return vfail(res, TDXG_VERIFY_TCB, "tcb_level", "no TCB level matches the platform (TCB not supported)");
}

static int qe_identity_status(const struct tdxg_qe_identity *qi, const struct tdxg_quote *q,
			      struct tdxg_verify_result *res)
{
	const struct tdxg_enclave_report *r = q->qe_report;
	uint16_t isvsvn = le16toh(r->isvsvn);
	uint8_t misc[4];
	size_t i;

	if (memcmp(r->mrsigner, qi->mrsigner, 32))
		return vfail(res, TDXG_VERIFY_TCB, "qe_identity", "QE MRSIGNER does not match the QE identity");
	if (le16toh(r->isvprodid) != qi->isvprodid)
		return vfail(res, TDXG_VERIFY_TCB, "qe_identity", "QE ISVPRODID %u is not %u",
			     le16toh(r->isvprodid), qi->isvprodid);
	/* As QVL: the identity's value must equal the report's under the mask. */
	memcpy(misc, &r->miscselect, 4);
	for (i = 0; i < 4; i++)
		if ((misc[i] & qi->miscselect_mask[i]) != qi->miscselect[i])
			return vfail(res, TDXG_VERIFY_TCB, "qe_identity", "QE MISCSELECT does not match");
	for (i = 0; i < 16; i++)
		if ((r->attributes[i] & qi->attributes_mask[i]) != qi->attributes[i])
			return vfail(res, TDXG_VERIFY_TCB, "qe_identity", "QE ATTRIBUTES do not match");
	for (i = 0; i < qi->nlevels; i++)
		if (isvsvn >= qi->levels[i].isvsvn) {
			res->qe_status = qi->levels[i].status;
			return add_advisories(&qi->s, qi->levels[i].adv, res, "qe_identity");
		}
	return vfail(res, TDXG_VERIFY_TCB, "qe_identity", "QE ISVSVN %u is below every QE identity level",
		     isvsvn);
}

static int evaluate_tcb(const struct tdxg_collateral *c, const struct tdxg_quote *q,
			const struct tdxg_pck_ext *e, struct tdxg_verify_result *res)
{
	const struct tdxg_tcb_info *t = c->tcb;
	int st, sgx_st = -1;

	if (memcmp(t->fmspc, e->fmspc, 6))
		return vfail(res, TDXG_VERIFY_TCB, "fmspc",
			     "TCB info is for FMSPC %02X%02X%02X%02X%02X%02X, the PCK certificate's is "
			     "%02X%02X%02X%02X%02X%02X", t->fmspc[0], t->fmspc[1], t->fmspc[2], t->fmspc[3],
			     t->fmspc[4], t->fmspc[5], e->fmspc[0], e->fmspc[1], e->fmspc[2], e->fmspc[3],
			     e->fmspc[4], e->fmspc[5]);
	if (memcmp(t->pceid, e->pceid, 2))
		return vfail(res, TDXG_VERIFY_TCB, "pceid", "TCB info PCE-ID does not match the PCK certificate");
	res->tcb_eval_num = t->eval_num < c->qe->eval_num ? t->eval_num : c->qe->eval_num;
	if (qe_identity_status(c->qe, q, res) || module_status(t, q, res) ||
	    platform_status(t, q, e, &sgx_st, res))
		return res->error;
	st = res->platform_status;
	if (res->module_status >= 0)
		st = tdxg_tcb_converge(st, res->module_status);
	if (relaunch(t, q, sgx_st, st, res, &st))
		return res->error;
	st = tdxg_tcb_converge(st, res->qe_status);
	res->tcb_status = st;
	return 0;
}

/* ---- the whole verification ---- */

/* ---- the collateral store ---- */

static void result_clear(struct tdxg_verify_result *res)
{
	res->error = TDXG_VERIFY_OK;
	res->check[0] = 0;
	res->detail[0] = 0;
}

/*
 * Asks the source for fmspc/ca, parses the set once and checks its
 * signatures once; a set from the source's cache that fails either is
 * asked for again, fresh. Called with store_lock held.
 */
static struct store_entry *store_fill(struct tdxg_verifier *v, const uint8_t fmspc[6],
				      enum tdxg_pck_ca ca, struct tdxg_cert **chain, int nchain,
				      int64_t at, struct tdxg_verify_result *res)
{
	struct store_entry *e;
	struct tdxg_collateral *c;
	char fm[13];
	int attempt, r, ok;

	if (v->nstore == v->store_cap) {
		unsigned cap = v->store_cap ? 2 * v->store_cap : 8;
		struct store_entry *n = realloc(v->store, cap * sizeof(*n));

		if (!n)
			return NULL;
		v->store = n;
		v->store_cap = cap;
	}
	e = &v->store[v->nstore];
	memset(e, 0, sizeof(*e));
	memcpy(e->fmspc, fmspc, 6);
	e->ca = ca;
	tdxg_hex_encode(fmspc, 6, fm);
	for (attempt = 0; attempt < 2; attempt++) {
		struct tdxg_err err = { 0 };
		void *buf = NULL;
		size_t len = 0;

		c = NULL;
		r = v->fetch(v->fetch_ctx, fmspc, ca, at, attempt ? TDXG_FETCH_AGAIN : 0, &buf, &len, &c, &err);
		if (r < 0 || !buf) {
			tdxg_collateral_free(c);
			free(buf);
			tdxg_errf(&e->err, r < 0 ? r : -EIO, "%s", err.msg[0] ? err.msg :
				  "the collateral source gave nothing");
			break;
		}
		if (!c && (!(c = tdxg_collateral_new()) || tdxg_collateral_add(c, buf, len, &err))) {
			int oom = !c;

			tdxg_collateral_free(c);
			free(buf);
			if (!oom && r == 1 && !attempt)
				continue;
			tdxg_errf(&e->err, oom ? -ENOMEM : err.code, "collateral for FMSPC %s (PCK %s CA): %s",
				  fm, tdxg_pck_ca_name(ca), oom ? "out of memory" : err.msg);
			break;
		}
		ok = !collateral_signatures(v, c, chain, nchain, res);
		result_clear(res);
		if (!ok && r == 1 && !attempt) {
			tdxg_collateral_free(c);
			free(buf);
			continue;
		}
		/* A set that failed is kept: each quote's verification says why. */
		if (ok && !r && v->accepted)
			v->accepted(v->fetch_ctx, fmspc, ca, buf, len);
		free(buf);
		e->c = c;
		break;
	}
	v->nstore++;
	return e;
}

/* The collateral for fmspc/ca from v's store, fetched on first use. */
static int store_get(struct tdxg_verifier *v, const uint8_t fmspc[6], enum tdxg_pck_ca ca,
		     struct tdxg_cert **chain, int nchain, int64_t at,
		     struct tdxg_collateral **out, struct tdxg_verify_result *res)
{
	struct store_entry *e = NULL;
	unsigned i;
	int rc = 0;

	pthread_mutex_lock(&v->store_lock);
	for (i = 0; i < v->nstore && !e; i++)
		if (!memcmp(v->store[i].fmspc, fmspc, 6) && v->store[i].ca == ca)
			e = &v->store[i];
	if (!e)
		e = store_fill(v, fmspc, ca, chain, nchain, at, res);
	if (!e) {
		rc = vfail(res, TDXG_VERIFY_INTERNAL, "collateral", "out of memory");
	} else if (!e->c) {
		res->fetch_error = e->err.code;
		rc = vfail(res, TDXG_VERIFY_FETCH, "collateral", "%s", e->err.msg);
	} else {
		*out = e->c;
	}
	pthread_mutex_unlock(&v->store_lock);
	return rc;
}

static void free_chain(struct tdxg_cert **chain, int n)
{
	while (n > 0)
		tdxg_cert_put(chain[--n]);
}

static int verify_quote(struct tdxg_verifier *v, const struct tdxg_quote *q,
			const struct tdxg_verify_opts *opts, struct tdxg_verify_result *res)
{
	struct tdxg_collateral *coll = (struct tdxg_collateral *)opts->collateral;
	struct tdxg_cert *chain[CHAIN_MAX], *path[CHAIN_MAX], *leaf;
	uint8_t *der[CHAIN_MAX];
	size_t dl[CHAIN_MAX];
	uint8_t h[SHA256_DIGEST_LENGTH];
	struct tdxg_pck_ext ext;
	struct tdxg_err e;
	int64_t at = opts->at_set ? opts->at : (int64_t)time(NULL);
	int nchain = 0, n, i, np = 0, rc, seen, busy;
	unsigned accept;
	EC_KEY *ak;
	uint8_t small[256], *hashbuf;
	enum tdxg_pck_ca ca;
	char cn[80], cacn[80] = "";

	memset(res, 0, sizeof(*res));
	res->tcb_status = res->platform_status = res->qe_status = res->module_status = TDXG_TCB_NONE;

	/* The certificate and platform caches are shared by every thread. */
	seen = qe_cache_get(v, q, chain, &nchain, path, &np, &ext, &busy);
	if (seen) {
		leaf = chain[0];
		rc = path_valid_at(path, np, at, res, "pck_chain_validity");
		if (rc)
			goto out;
		goto pck_ext;
	}
	n = tdxg_pem_certs(q->pck_chain, q->pck_chain_len, der, dl, CHAIN_MAX, &e);
	if (n < 0) {
		rc = vfail(res, n == -ENOMEM ? TDXG_VERIFY_INTERNAL : TDXG_VERIFY_INVALID,
			   "pck_chain_format", "%s", e.msg);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (nchain == i) {
			chain[nchain] = get_cert(v, der[i], dl[i], &e);
			if (chain[nchain])
				nchain++;
			else
				vfail(res, e.code == -ENOMEM ? TDXG_VERIFY_INTERNAL : TDXG_VERIFY_INVALID,
				      "pck_chain_format", "PCK chain certificate %d: %s", i + 1, e.msg);
		}
		free(der[i]);
	}
	if (nchain < n) {
		rc = res->error;
		goto out;
	}
	leaf = chain[0];
	if (leaf->is_ca) {
		rc = vfail(res, TDXG_VERIFY_SIGNATURE, "pck_chain", "the first PCK chain certificate is a CA");
		goto out;
	}
	if (chain_to_root(v, leaf, chain + 1, nchain - 1, 0, path, &np, 0)) {
		rc = vfail(res, TDXG_VERIFY_SIGNATURE, "pck_chain",
			   "the PCK certificate does not chain to the trusted root");
		goto out;
	}
	/*
	 * Every certificate shipped in the quote must be on the path, so the
	 * quote carries nothing unverified (a root there must be the pinned one).
	 */
	for (i = 0; i < nchain; i++) {
		int k;

		for (k = 0; k < np && !same_der(path[k], chain[i]->der, chain[i]->der_len); k++)
			;
		if (k == np) {
			rc = vfail(res, TDXG_VERIFY_SIGNATURE, "pck_chain",
				   "PCK chain certificate %d is not on the path to the trusted root", i + 1);
			goto out;
		}
	}
	/*
	 * As QVL: the PCK certificate, issued by the SGX PCK Platform or
	 * Processor CA, issued by the root; no other shape of path.
	 */
	{
		subject_cn(leaf, cn, sizeof(cn));
		if (np == 3)
			subject_cn(path[1], cacn, sizeof(cacn));
		if (np != 3 || !strstr(cn, "SGX PCK Certificate") ||
		    (!strstr(cacn, "SGX PCK Platform CA") && !strstr(cacn, "SGX PCK Processor CA"))) {
			rc = vfail(res, TDXG_VERIFY_SIGNATURE, "pck_chain",
				   "the path is not PCK certificate, SGX PCK Platform/Processor CA, root "
				   "(%d certificates, leaf '%s')", np, cn);
			goto out;
		}
	}
	rc = path_valid_at(path, np, at, res, "pck_chain_validity");
	if (rc)
		goto out;
	if (tdxg_cert_pck_ext(leaf, &ext, &e)) {
		rc = vfail(res, TDXG_VERIFY_INVALID, "pck_extension", "%s", e.msg);
		goto out;
	}
pck_ext:
	memcpy(res->fmspc, ext.fmspc, 6);
	memcpy(res->pceid, ext.pceid, 2);
	memcpy(res->cpusvn, ext.cpusvn, 16);
	res->pcesvn = ext.pcesvn;
	res->pck_ext_valid = 1;

	if (!seen) {
		if (!leaf->can_sign ||
		    !tdxg_ecdsa_verify_rs(leaf->pk, q->qe_report_raw, 384, q->qe_report_sig)) {
			rc = vfail(res, TDXG_VERIFY_SIGNATURE, "qe_report_signature",
				   "the QE report signature does not verify with the PCK certificate");
			goto out;
		}
		qe_cache_add(v, q, chain, nchain, path, np, &ext);
	}
	if (busy) {
		platform_done(v, q);
		busy = 0;
	}
	if (!cacn[0])
		subject_cn(path[1], cacn, sizeof(cacn));
	ca = strstr(cacn, "SGX PCK Processor CA") ? TDXG_PCK_CA_PROCESSOR : TDXG_PCK_CA_PLATFORM;
	hashbuf = q->qe_auth_len <= sizeof(small) - 64 ? small : malloc(64 + q->qe_auth_len);
	if (!hashbuf) {
		rc = vfail(res, TDXG_VERIFY_INTERNAL, "qe_report_data", "out of memory");
		goto out;
	}
	memcpy(hashbuf, q->attest_key, 64);
	memcpy(hashbuf + 64, q->qe_auth, q->qe_auth_len);
	tdxg_sha256(hashbuf, 64 + q->qe_auth_len, h);
	if (hashbuf != small)
		free(hashbuf);
	if (memcmp(h, q->qe_report->reportdata, 32)) {
		rc = vfail(res, TDXG_VERIFY_SIGNATURE, "qe_report_data",
			   "QE report data is not SHA-256(attestation key || QE auth data)");
		goto out;
	}
	ak = tdxg_p256_key(q->attest_key);
	if (!ak || !tdxg_ecdsa_verify_rs(ak, q->raw, q->signed_len, q->signature)) {
		tdxg_p256_key_free(ak);
		rc = vfail(res, TDXG_VERIFY_SIGNATURE, "quote_signature",
			   ak ? "the quote signature does not verify with the attestation key" :
			   "the attestation key is not a P-256 point");
		goto out;
	}
	tdxg_p256_key_free(ak);

	if (!coll && !(opts->flags & TDXG_VERIFY_NO_TCB) && v->fetch) {
		rc = store_get(v, ext.fmspc, ca, chain, nchain, at, &coll, res);
		if (rc)
			goto out;
	}
	if (!coll && !(opts->flags & TDXG_VERIFY_NO_TCB)) {
		/* Not judged is not passed: the caller must say it wants no TCB. */
		rc = vfail(res, TDXG_VERIFY_TCB, "tcb_not_evaluated",
			   "no collateral: the TCB status was not evaluated");
		goto out;
	}
	if (!coll) {
		rc = tdxg_policy_check(q, opts, ext.pcesvn, res);
		if (!rc)
			rc = tdxg_replay_check(q, opts, res);
		goto out;
	}
	rc = collateral_signatures(v, coll, chain, nchain, res);
	if (!rc)
		rc = collateral_current(v, coll, chain, nchain, at, opts->allow_expired_collateral, res);
	if (!rc)
		rc = path_not_revoked(coll, path, np, res, "pck_revocation");
	if (!rc)
		rc = evaluate_tcb(coll, q, &ext, res);
	if (rc)
		goto out;
	if (opts->min_tcb_eval && res->tcb_eval_num < opts->min_tcb_eval) {
		rc = vfail(res, TDXG_VERIFY_TCB, "min_tcb_eval",
			   "tcbEvaluationDataNumber %u is below the required %u", res->tcb_eval_num,
			   opts->min_tcb_eval);
		goto out;
	}
	accept = opts->accept_mask ? opts->accept_mask : 1u << TDXG_TCB_UP_TO_DATE;
	if (!(accept & (1u << res->tcb_status)))
		rc = vfail(res, TDXG_VERIFY_TCB, "tcb_status", "TCB status %s is not accepted",
			   tdxg_tcb_status_name(res->tcb_status));
	else
		rc = tdxg_policy_check(q, opts, ext.pcesvn, res);
	if (!rc)
		rc = tdxg_replay_check(q, opts, res);
out:
	if (busy)
		platform_done(v, q);
	free_chain(chain, nchain);
	return rc;
}

/* The errno of each failure class; <tdxg/quote.h> documents the table. */
static int class_errno(enum tdxg_verify_error e)
{
	switch (e) {
	case TDXG_VERIFY_OK:		return 0;
	case TDXG_VERIFY_INVALID:	return -EBADMSG;
	case TDXG_VERIFY_SIGNATURE:	return -EKEYREJECTED;
	case TDXG_VERIFY_TCB:		return -EKEYEXPIRED;
	case TDXG_VERIFY_POLICY:	return -EPERM;
	case TDXG_VERIFY_INTERNAL:
	case TDXG_VERIFY_FETCH:		break;
	}
	return -EIO;
}

void tdxg_verify_opts_init(struct tdxg_verify_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->size = sizeof(*opts);
}

int tdxg_quote_verify(struct tdxg_verifier *v, const struct tdxg_quote *q,
		      const struct tdxg_verify_opts *opts, struct tdxg_verify_result *res)
{
	struct tdxg_verify_result *r = res;
	struct tdxg_verify_opts o;
	int rc;

	if (!v || !q || !opts || !res)
		return -EINVAL;
	rc = tdxg_opts_in(&o, sizeof(o), opts, TDXG_VERIFY_OPTS_SIZE_VER0);
	if (!rc)
		rc = tdxg_result_check(res, TDXG_VERIFY_RESULT_SIZE_VER0);
	if (rc)
		return rc;
	if (o.flags & ~TDXG_VERIFY_NO_TCB)
		return -EINVAL;
	/* A seal expected of a register no log shows could never be checked. */
	if ((o.nr_logs && !o.logs) || ((o.expect_sealed | o.expect_once) & ~0xfu) ||
	    ((o.expect_sealed | o.expect_once) && !o.nr_logs))
		return -EINVAL;
	/* A TCB rule with no TCB to apply it to would be silently skipped. */
	if ((o.flags & TDXG_VERIFY_NO_TCB) &&
	    (o.collateral || o.accept_mask || o.min_tcb_eval || o.allow_expired_collateral))
		return -EINVAL;
	/* An older caller's result is smaller: fill ours, then copy what fits. */
	if (res->size < sizeof(*res)) {
		r = malloc(sizeof(*r));
		if (!r)
			return -ENOMEM;
	}
	rc = verify_quote(v, q, &o, r) ? r->error == TDXG_VERIFY_FETCH ? r->fetch_error :
	     class_errno(r->error) : 0;
	if (r != res) {
		tdxg_result_out(res, r, sizeof(*r));
		free(r);
	} else {
		res->size = sizeof(*res);
	}
	return rc;
}

