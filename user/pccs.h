/* SPDX-License-Identifier: MIT */
/*
 * Collateral from Intel PCS or a PCCS over HTTPS (libcurl), with a cache.
 * Used by `tdxg collateral` and `tdxg verify --pccs`. Only the command
 * links libcurl; libtdxg builds the bundle from the responses (tdxg/pcs.h).
 */
#ifndef TDXG_PCCS_H
#define TDXG_PCCS_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include <tdxg/tdxg.h>
#include <tdxg/pcs.h>

#define PCS_URL		"https://api.trustedservices.intel.com"
#define QCNL_CONF	"/etc/sgx_default_qcnl.conf"
/*
 * Seconds a request may take by default. A PCCS that misses an entry asks
 * Intel PCS, retrying for about a minute, before it answers (502 when PCS
 * failed): the default waits for that answer.
 */
#define PCCS_TIMEOUT	90

struct pccs_cfg {
	const char *url;	/* --pccs; NULL: qcnl conf, else Intel PCS */
	int pcs;		/* --pcs: Intel PCS even when a PCCS is configured */
	const char *ca_file;	/* --pccs-ca */
	const char *cache_dir;	/* --cache */
	int no_cache, offline, verbose;
	long timeout;		/* --timeout seconds, whole request */
	const char *update;	/* --tcb-update: "standard" or "early" */
	const char *root_pem;	/* --root (PCS: its CRL distribution point) */
	size_t root_len;
	int used;		/* some option above was given */
	/* resolved by pccs_resolve() */
	char base[1024];	/* server root, no trailing slash */
	int is_pcs, insecure, resolved;
	char update_type[16];	/* sent as update=: --tcb-update, else the conf's, else standard */
	int retry_times, retry_delay;	/* the conf's, as QPL applies them */
	int from_cache;		/* pccs_verify(): the set came from the cache */
	char cache_path[1024];	/* "" when there is no cache */
	char entry[1100];	/* the entry pccs_get() looked at */
	int skip_cache_read;
};

/* getopt_long entries (values 0x100..) and their handler. */
#define PCCS_LONG_OPTIONS \
	{ "pccs", required_argument, NULL, 0x100 }, \
	{ "pccs-ca", required_argument, NULL, 0x101 }, \
	{ "cache", required_argument, NULL, 0x102 }, \
	{ "no-cache", no_argument, NULL, 0x103 }, \
	{ "offline", no_argument, NULL, 0x104 }, \
	{ "timeout", required_argument, NULL, 0x105 }, \
	{ "pcs", no_argument, NULL, 0x106 }, \
	{ "tcb-update", required_argument, NULL, 0x107 }

/* 1 when c was one of ours (handled), 0 when not, -1 bad value (printed). */
int pccs_option(struct pccs_cfg *cfg, int c, const char *arg);

/*
 * The collateral bundle for q, valid at `at`: from the cache when a fresh,
 * well-formed entry for its FMSPC and CA is there, else fetched (and not
 * yet cached: pccs_verify() caches it once it verified). *from_cache says
 * which; *parsed (optional) receives the set as parsed to check it.
 * Returns 0 or a tdxg exit code with a message in msg: 4 HTTP, TLS or
 * connection failure (or --offline without an entry), 8 timeout,
 * 5 malformed response.
 */
int pccs_get(struct pccs_cfg *cfg, const struct tdxg_quote *q, int64_t at, char **json,
	     size_t *len, struct tdxg_collateral **parsed, int *from_cache, char *msg, size_t msglen);

/*
 * pccs_get() by FMSPC and PCK CA, for libtdxg's collateral source
 * (tdxg_verifier_set_collateral_source()): fresh skips (and removes) a
 * cache entry that failed its checks; parsed (optional) receives the set
 * as parsed to check it, so it is parsed once. Same returns as pccs_get().
 */
int pccs_get_id(struct pccs_cfg *cfg, const uint8_t fmspc[6], enum tdxg_pck_ca ca, int64_t at,
		int fresh, char **json, size_t *len, struct tdxg_collateral **parsed, int *from_cache,
		char *msg, size_t msglen);
/* Writes a set that verified to the cache entry for fmspc/ca (no cache: nothing). */
void pccs_store_id(struct pccs_cfg *cfg, const uint8_t fmspc[6], enum tdxg_pck_ca ca,
		   const void *json, size_t len);

/*
 * Verifies q (tdxg_quote_verify, vo->collateral set here) with collateral
 * from pccs_get(). A cached set that fails as malformed or on a signature
 * is dropped and fetched again once; a fetched set is cached only when it
 * did not fail that way. Returns 0 when the verification ran (its result
 * in res), else the fetch's exit code with msg. *json (optional) receives
 * the bundle used, to free().
 */
int pccs_verify(struct pccs_cfg *cfg, struct tdxg_verifier *v, const struct tdxg_quote *q,
		struct tdxg_verify_opts *vo, struct tdxg_verify_result *res, char **json,
		size_t *len, char *msg, size_t msglen);

#endif
