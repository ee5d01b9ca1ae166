// SPDX-License-Identifier: MIT
/*
 * Collateral over HTTPS from Intel PCS or a PCCS (API v4), and its cache.
 *
 * TLS is always verified: against --pccs-ca when given, else the system
 * store. The one exception is a PCCS taken from the QPL's
 * sgx_default_qcnl.conf with "use_secure_cert": false, which Intel's QPL
 * honours too; tdxg then says so on stderr every time.
 * Proxies come from the environment (https_proxy, no_proxy), as libcurl
 * reads them.
 *
 * Cache entries are the bundles `tdxg collateral` writes, one file per
 * FMSPC and PCK CA, replaced atomically (temporary file and rename). An
 * entry is used while the verification time is before its earliest
 * nextUpdate; it is re-verified on every use like any --collateral file,
 * and one that does not parse or verify is fetched again, never fatal.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

/*
 * libcurl is loaded on the first fetch, not linked: linking it made every
 * tdxg process relocate libcurl and its TLS, Kerberos and LDAP libraries
 * (7 M instructions in the dynamic loader, more than a whole verification)
 * though most runs never fetch.
 */
static struct {
	__typeof__(&curl_global_init) global_init;
	__typeof__(&curl_easy_init) easy_init;
	__typeof__(&curl_easy_setopt) easy_setopt;
	__typeof__(&curl_easy_perform) easy_perform;
	__typeof__(&curl_easy_getinfo) easy_getinfo;
	__typeof__(&curl_easy_cleanup) easy_cleanup;
	__typeof__(&curl_easy_strerror) easy_strerror;
} lc;

static int curl_load(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	*(void **)&lc.global_init = dlsym(h, "curl_global_init");
	*(void **)&lc.easy_init = dlsym(h, "curl_easy_init");
	*(void **)&lc.easy_setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&lc.easy_perform = dlsym(h, "curl_easy_perform");
	*(void **)&lc.easy_getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&lc.easy_cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&lc.easy_strerror = dlsym(h, "curl_easy_strerror");
	if (!lc.global_init || !lc.easy_init || !lc.easy_setopt || !lc.easy_perform ||
	    !lc.easy_getinfo || !lc.easy_cleanup || !lc.easy_strerror)
		return -1;
	return 0;
}

#define curl_global_init	lc.global_init
#define curl_easy_init		lc.easy_init
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_easy_setopt	lc.easy_setopt
#define curl_easy_perform	lc.easy_perform
#define curl_easy_getinfo	lc.easy_getinfo
#define curl_easy_cleanup	lc.easy_cleanup
#define curl_easy_strerror	lc.easy_strerror

#include "cli.h"
#include "pccs.h"

#define BODY_MAX	(4U << 20)
#define CONF_MAX	(64U << 10)

static int mfail(char *msg, size_t msglen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int mfail(char *msg, size_t msglen, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return code;
}

int pccs_option(struct pccs_cfg *cfg, int c, const char *arg)
{
	unsigned long n;

	switch (c) {
	case 0x100:
		cfg->url = arg;
		break;
	case 0x101:
		cfg->ca_file = arg;
		break;
	case 0x102:
		cfg->cache_dir = arg;
		break;
	case 0x103:
		cfg->no_cache = 1;
		break;
	case 0x104:
		cfg->offline = 1;
		break;
	case 0x105:
		if (parse_number(arg, 10, 1, 3600, &n)) {
			cli_err("--timeout takes seconds, 1..3600");
			return -1;
		}
		cfg->timeout = (long)n;
		break;
	case 0x106:
		cfg->pcs = 1;
		break;
	case 0x107:
		if (strcmp(arg, "standard") && strcmp(arg, "early")) {
			cli_err("--tcb-update takes standard or early");
			return -1;
		}
		cfg->update = arg;
		break;
	default:
		return 0;
	}
	cfg->used = 1;
	return 1;
}

/* ---- sgx_default_qcnl.conf: JSON, often with // comments ---- */

/* Where the value of "key" starts (after its colon and white space); NULL if absent. */
static const char *conf_find(const char *s, const char *key)
{
	size_t kl = strlen(key);
	const char *p = s;

	while ((p = strstr(p, key))) {
		const char *q = p + kl;

		if (p == s || p[-1] != '"' || *q != '"') {
			p = q;
			continue;
		}
		q++;
		while (isspace((unsigned char)*q))
			q++;
		if (*q++ != ':')
			return NULL;
		while (isspace((unsigned char)*q))
			q++;
		return q;
	}
	return NULL;
}

/* The value of "key" as a string (into out) or a literal true/false (1/0); -1 if absent. */
static int conf_value(const char *s, const char *key, char *out, size_t n)
{
	const char *q = conf_find(s, key);
	size_t i;

	if (!q)
		return -1;
	if (!strncmp(q, "true", 4))
		return 1;
	if (!strncmp(q, "false", 5))
		return 0;
	if (*q != '"' || !out)
		return -1;
	for (i = 0, q++; *q && *q != '"' && i + 1 < n; q++)
		out[i++] = *q;
	out[i] = 0;
	return *q == '"' ? 2 : -1;
}

/* The value of "key" as a whole number 0..max into *out; 0, or -1 if absent or not one. */
static int conf_int(const char *s, const char *key, long max, int *out)
{
	const char *q = conf_find(s, key);
	char *end;
	long v;

	if (!q || *q < '0' || *q > '9')
		return -1;
	v = strtol(q, &end, 10);
	if (v > max || (*end && !strchr(" \t\r\n,}", *end)))
		return -1;
	*out = (int)v;
	return 0;
}

/* The conf without comments (outside strings), NUL-terminated; NULL if unreadable. */
static char *conf_read(const char *path)
{
	uint8_t *buf;
	size_t len, i, k = 0;
	int in_str = 0;
	char *s;

	if (tdxg_read_file(path, CONF_MAX, &buf, &len))
		return NULL;
	s = malloc(len + 1);
	if (!s) {
		free(buf);
		return NULL;
	}
	for (i = 0; i < len; i++) {
		if (in_str) {
			if (buf[i] == '\\' && i + 1 < len)
				s[k++] = buf[i++];
			else if (buf[i] == '"')
				in_str = 0;
		} else if (buf[i] == '"') {
			in_str = 1;
		} else if (buf[i] == '/' && i + 1 < len && buf[i + 1] == '/') {
			while (i < len && buf[i] != '\n')
				i++;
		} else if (buf[i] == '/' && i + 1 < len && buf[i + 1] == '*') {
			for (i += 2; i + 1 < len && !(buf[i] == '*' && buf[i + 1] == '/'); i++)
				;
			i++;
			continue;
		}
		if (i < len)
			s[k++] = (char)buf[i];
	}
	s[k] = 0;
	free(buf);
	return s;
}

static const char *conf_path(void)
{
	const char *p = getenv("TDXG_QCNL_CONF");

	return p && *p ? p : QCNL_CONF;
}

/*
 * What tdxg takes from the QPL's conf, read as Intel's QCNL reads it
 * (SGXDataCenterAttestationPrimitives QuoteGeneration/qcnl/qcnl_config.cpp,
 * QcnlConfigJson::load_config_json, and certification_service.cpp):
 * collateral comes from "collateral_service" when set, else "pccs_url";
 * "use_secure_cert" (default true); "tcb_update_type" early or standard
 * (any case, default standard), sent as update= with the TCB info and QE
 * identity requests; "retry_times" (default 0) and "retry_delay" (default
 * 0: waits of 1, 2, 4... s) for a 503 or a time-out or connection failure.
 */
struct qcnl_conf {
	char url[512];		/* "" when neither URL is set */
	int secure;
	char update[16];	/* "" when not set */
	int retry_times, retry_delay;
	int bad_update;		/* tcb_update_type is neither early nor standard */
};

/* 0 when the conf was read, -1 when there is none. */
static int conf_load(struct qcnl_conf *c)
{
	char *s = conf_read(conf_path()), up[32];
	size_t i;

	memset(c, 0, sizeof(*c));
	c->secure = 1;
	if (!s)
		return -1;
	if (conf_value(s, "collateral_service", c->url, sizeof(c->url)) != 2)
		if (conf_value(s, "pccs_url", c->url, sizeof(c->url)) != 2)
			c->url[0] = 0;
	c->secure = conf_value(s, "use_secure_cert", NULL, 0) != 0;
	if (conf_value(s, "tcb_update_type", up, sizeof(up)) == 2) {
		for (i = 0; up[i]; i++)
			up[i] = (char)tolower((unsigned char)up[i]);
		if (strcmp(up, "early") && strcmp(up, "standard"))
			c->bad_update = 1;
		else
			strcpy(c->update, up);	/* early or standard */
	}
	conf_int(s, "retry_times", 100, &c->retry_times);
	conf_int(s, "retry_delay", 3600, &c->retry_delay);
	free(s);
	return 0;
}

/* Accepts https://host[:port][/prefix] with or without .../{sgx,tdx}/certification/v4[/]. */
static int set_base(struct pccs_cfg *cfg, const char *url, char *msg, size_t msglen)
{
	static const char *const tails[] = { "/sgx/certification/v4", "/tdx/certification/v4" };
	size_t n = strlen(url), i, tl;

	if (strncasecmp(url, "https://", 8) || n <= 8)
		return mfail(msg, msglen, TDXG_EXIT_USAGE, "collateral URL '%s' is not https://HOST[:PORT]"
			     " (plain HTTP is not supported)", url);
	if (n >= sizeof(cfg->base))
		return mfail(msg, msglen, TDXG_EXIT_USAGE, "collateral URL too long");
	memcpy(cfg->base, url, n + 1);
	while (n > 8 && cfg->base[n - 1] == '/')
		cfg->base[--n] = 0;
	for (i = 0; i < 2; i++) {
		tl = strlen(tails[i]);
		if (n > tl + 8 && !strcasecmp(cfg->base + n - tl, tails[i])) {
			n -= tl;
			cfg->base[n] = 0;
		}
	}
	if (strstr(cfg->base + 8, "/certification/"))
		return mfail(msg, msglen, TDXG_EXIT_USAGE, "collateral URL '%s': only API v4 "
			     "(.../sgx/certification/v4/) is supported", url);
	return 0;
}

static void cache_default(struct pccs_cfg *cfg)
{
	const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");

	cfg->cache_path[0] = 0;
	if (cfg->no_cache)
		return;
	if (cfg->cache_dir)
		snprintf(cfg->cache_path, sizeof(cfg->cache_path), "%s", cfg->cache_dir);
	else if (geteuid() == 0)
		snprintf(cfg->cache_path, sizeof(cfg->cache_path), "/var/cache/tdxg");
	else if (x && x[0] == '/')
		snprintf(cfg->cache_path, sizeof(cfg->cache_path), "%s/tdxg", x);
	else if (h && h[0] == '/')
		snprintf(cfg->cache_path, sizeof(cfg->cache_path), "%s/.cache/tdxg", h);
}

static int resolve(struct pccs_cfg *cfg, char *msg, size_t msglen)
{
	struct qcnl_conf conf;
	int rc, have_conf;

	if (cfg->resolved)
		return 0;
	if (!cfg->timeout)
		cfg->timeout = PCCS_TIMEOUT;
	have_conf = !conf_load(&conf);
	/* The machine's choices apply to whatever source is used; options win. */
	if (have_conf && conf.bad_update && !cfg->update)
		return mfail(msg, msglen, TDXG_EXIT_USAGE, "%s: tcb_update_type is neither early nor "
			     "standard", conf_path());
	snprintf(cfg->update_type, sizeof(cfg->update_type), "%s", cfg->update ? cfg->update :
		 have_conf && conf.update[0] ? conf.update : "standard");
	if (have_conf) {
		cfg->retry_times = conf.retry_times;
		cfg->retry_delay = conf.retry_delay;
	}
	if (cfg->url) {
		rc = set_base(cfg, cfg->url, msg, msglen);
	} else if (!cfg->pcs && have_conf && conf.url[0]) {
		char why[256];

		rc = set_base(cfg, conf.url, why, sizeof(why));
		if (rc)
			return mfail(msg, msglen, TDXG_EXIT_USAGE, "%s: %s", conf_path(), why);
		cfg->insecure = !conf.secure && !cfg->ca_file;
		/* As QCNL's is_collateral_service_pcs(): the root CA CRL from the root's CDP. */
		cfg->is_pcs = strcasestr(cfg->base, "trustedservices.intel.com") != NULL;
	} else {
		const char *pcs = getenv("TDXG_PCS_URL");

		rc = set_base(cfg, pcs && *pcs ? pcs : PCS_URL, msg, msglen);
		cfg->is_pcs = 1;
	}
	if (rc)
		return rc;
	if (cfg->url && cfg->pcs)
		return mfail(msg, msglen, TDXG_EXIT_USAGE, "--pcs and --pccs exclude each other");
	if (cfg->ca_file && access(cfg->ca_file, R_OK))
		return mfail(msg, msglen, TDXG_EXIT_IO, "--pccs-ca %s: %s", cfg->ca_file, strerror(errno));
	cache_default(cfg);
	if (cfg->offline && !cfg->cache_path[0])
		return mfail(msg, msglen, TDXG_EXIT_USAGE, "--offline needs a cache (--cache DIR, "
			     "$XDG_CACHE_HOME or $HOME)");
	cfg->resolved = 1;
	return 0;
}

/* ---- HTTP ---- */

struct http {
	uint8_t *body;
	size_t len, cap;
	int too_big;
	const char *const *names;	/* headers wanted, alternatives of one */
	char *hdr;			/* the first of them received */
	char intel_err[160];		/* Error-Code / Error-Message (PCS) */
};

static size_t on_body(char *p, size_t sz, size_t nm, void *ud)
{
	struct http *h = ud;
	size_t n = sz * nm;
	uint8_t *nb;

	if (h->len + n > BODY_MAX) {
		h->too_big = 1;
		return 0;
	}
	if (h->len + n + 1 > h->cap) {
		h->cap = (h->len + n + 1) * 2;
		nb = realloc(h->body, h->cap);
		if (!nb)
			return 0;
		h->body = nb;
	}
	memcpy(h->body + h->len, p, n);
	h->len += n;
	h->body[h->len] = 0;
	return n;
}

static size_t on_header(char *p, size_t sz, size_t nm, void *ud)
{
	struct http *h = ud;
	size_t n = sz * nm, k, i;

	for (i = 0; h->names && h->names[i]; i++) {
		k = strlen(h->names[i]);
		if (n > k + 1 && !strncasecmp(p, h->names[i], k) && p[k] == ':' && !h->hdr) {
			const char *v = p + k + 1;
			size_t vl = n - k - 1;

			while (vl && (*v == ' ' || *v == '\t'))
				v++, vl--;
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
				vl--;
			h->hdr = strndup(v, vl);
		}
	}
	if ((n > 11 && !strncasecmp(p, "Error-Code:", 11)) ||
	    (n > 14 && !strncasecmp(p, "Error-Message:", 14))) {
		k = strlen(h->intel_err);
		snprintf(h->intel_err + k, sizeof(h->intel_err) - k, "%s%.*s", k ? ", " : "",
			 (int)strcspn(p, "\r\n"), p);
	}
	return n;
}

/*
 * The body of an error answer, where a PCCS puts its reason: at most 120
 * characters of it, printable ASCII only (runs of anything else become one
 * space), so a hostile server cannot write to the terminal.
 */
static void body_reason(const struct http *h, char *out, size_t n)
{
	size_t i, k = 0;
	int gap = 0;

	out[0] = 0;
	if (n < 8)
		return;
	for (i = 0; i < h->len && k + 4 < n && k < 120; i++) {
		uint8_t c = h->body[i];

		if (c > 0x20 && c < 0x7f) {
			if (gap && k)
				out[k++] = ' ';
			out[k++] = (char)c;
			gap = 0;
		} else {
			gap = 1;
		}
	}
	if (i < h->len && k + 4 <= n) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = 0;
}

/* Forget a failed attempt's answer before the next. */
static void http_reset(struct http *h)
{
	h->len = 0;
	h->too_big = 0;
	free(h->hdr);
	h->hdr = NULL;
	h->intel_err[0] = 0;
}

/*
 * GET url into h; 0 or an exit code with msg. A 503 and a time-out or
 * connection failure are tried again cfg->retry_times times, as QCNL's
 * qcnl_https_request does: after retry_delay seconds, or 1, 2, 4... s.
 */
static int http_get(struct pccs_cfg *cfg, const char *what, const char *url, struct http *h,
		    char *msg, size_t msglen)
{
	char cerr[CURL_ERROR_SIZE] = "", reason[130];
	long status = 0;
	CURLcode cc;
	CURL *c;
	int rc = 0, tries = 0;
	unsigned wait = 1;

	if (cfg->verbose)
		fprintf(stderr, "%s: GET %s\n", tdxg_prog, url);
	c = curl_easy_init();
	if (!c)
		return mfail(msg, msglen, TDXG_EXIT_IO, "libcurl could not start");
	curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500	/* 7.85: the _STR forms; the old ones are deprecated */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->timeout < 10 ? cfg->timeout : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tdxg/" TDXG_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	if (cfg->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	for (;;) {
		cerr[0] = 0;
		status = 0;
		cc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (tries++ >= cfg->retry_times ||
		    !((cc == CURLE_OK && status == 503) || cc == CURLE_OPERATION_TIMEDOUT ||
		      cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_COULDNT_RESOLVE_PROXY ||
		      cc == CURLE_COULDNT_CONNECT))
			break;
		if (cfg->verbose)
			fprintf(stderr, "%s: %s: %s; trying again (retry_times %d)\n", tdxg_prog, url,
				cc == CURLE_OK ? "HTTP 503" : curl_easy_strerror(cc), cfg->retry_times);
		sleep(cfg->retry_delay ? (unsigned)cfg->retry_delay : wait);
		wait *= 2;
		http_reset(h);
	}
	if (cc == CURLE_OPERATION_TIMEDOUT)
		rc = mfail(msg, msglen, TDXG_EXIT_TIMEOUT, "%s: %s: no complete answer within %lds "
			   "(--timeout)", what, url, cfg->timeout);
	else if (cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE)
		rc = mfail(msg, msglen, TDXG_EXIT_IO, "%s: %s: TLS: the server's certificate is not "
			   "trusted (%s); give its CA with --pccs-ca FILE", what, url,
			   cerr[0] ? cerr : curl_easy_strerror(cc));
	else if (cc == CURLE_WRITE_ERROR && h->too_big)
		rc = mfail(msg, msglen, TDXG_EXIT_INVALID, "%s: %s: response larger than %u bytes",
			   what, url, BODY_MAX);
	else if (cc != CURLE_OK)
		rc = mfail(msg, msglen, TDXG_EXIT_IO, "%s: %s: %s", what, url,
			   cerr[0] ? cerr : curl_easy_strerror(cc));
	else if (status != 200) {
		body_reason(h, reason, sizeof(reason));
		rc = mfail(msg, msglen, TDXG_EXIT_IO, "%s: %s: HTTP %ld%s%s%s%s%s", what, url, status,
			   status == 404 ? " (not found: the server has no such collateral)" : "",
			   h->intel_err[0] ? "; " : "", h->intel_err, reason[0] ? "; the server says: " : "",
			   reason);
	}
	curl_easy_cleanup(c);
	return rc;
}

static void http_free(struct http *h)
{
	free(h->body);
	free(h->hdr);
	memset(h, 0, sizeof(*h));
}

static int fetch(struct pccs_cfg *cfg, const uint8_t fmspc[6], enum tdxg_pck_ca ca, char **json,
		 size_t *len, struct tdxg_collateral **parsed, char *msg, size_t msglen)
{
	static const char *const tcb_hdr[] = { "TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain", NULL };
	static const char *const qe_hdr[] = { "SGX-Enclave-Identity-Issuer-Chain",
					      "Enclave-Identity-Issuer-Chain", NULL };
	static const char *const crl_hdr[] = { "SGX-PCK-CRL-Issuer-Chain", NULL };
	struct http tcb = { .names = tcb_hdr }, qe = { .names = qe_hdr }, crl = { .names = crl_hdr };
	struct http root = { 0 };
	struct tdxg_pcs_responses r;
	struct tdxg_err err;
	char url[1400], fm[13];
	int rc, i;

	for (i = 0; i < 6; i++)
		snprintf(fm + 2 * i, 3, "%02X", fmspc[i]);
	/* update= as QCNL's build_tcbinfo_options and build_qeidentity_options send it. */
	snprintf(url, sizeof(url), "%s/tdx/certification/v4/tcb?fmspc=%s&update=%s", cfg->base, fm,
		 cfg->update_type);
	rc = http_get(cfg, "TCB info", url, &tcb, msg, msglen);
	if (!rc) {
		snprintf(url, sizeof(url), "%s/tdx/certification/v4/qe/identity?update=%s", cfg->base,
			 cfg->update_type);
		rc = http_get(cfg, "QE identity", url, &qe, msg, msglen);
	}
	if (!rc) {
		snprintf(url, sizeof(url), "%s/sgx/certification/v4/pckcrl?ca=%s&encoding=der",
			 cfg->base, tdxg_pck_ca_name(ca));
		rc = http_get(cfg, "PCK CRL", url, &crl, msg, msglen);
	}
	if (!rc) {
		if (cfg->is_pcs) {
			if (tdxg_cert_crl_url(cfg->root_pem, cfg->root_len, url, sizeof(url), &err))
				rc = mfail(msg, msglen, TDXG_EXIT_INVALID, "root CA CRL: %s", err.msg);
		} else {
			snprintf(url, sizeof(url), "%s/sgx/certification/v4/rootcacrl", cfg->base);
		}
		if (!rc)
			rc = http_get(cfg, "root CA CRL", url, &root, msg, msglen);
	}
	if (!rc) {
		r = (struct tdxg_pcs_responses){
			.size = sizeof(r),
			.tcb_info = tcb.body, .tcb_info_len = tcb.len, .tcb_info_issuer_chain = tcb.hdr,
			.qe_identity = qe.body, .qe_identity_len = qe.len,
			.qe_identity_issuer_chain = qe.hdr,
			.pck_crl = crl.body, .pck_crl_len = crl.len, .pck_crl_issuer_chain = crl.hdr,
			.root_ca_crl = root.body, .root_ca_crl_len = root.len,
		};
		if (tdxg_collateral_bundle_parse(&r, json, len, parsed, &err))
			rc = mfail(msg, msglen, TDXG_EXIT_INVALID, "%s: %s", cfg->base, err.msg);
	}
	http_free(&tcb);
	http_free(&qe);
	http_free(&crl);
	http_free(&root);
	return rc;
}

/* ---- cache ---- */

static void store(struct pccs_cfg *cfg, const char *json, size_t len);

/*
 * A cache entry fit for fmspc/ca at `at`: 1 yes (the parsed set in
 * *parsed when asked), 0 absent or stale, -1 corrupt (why in why).
 */
static int entry_check(const uint8_t *buf, size_t len, const uint8_t fmspc[6], enum tdxg_pck_ca ca,
		       int64_t at, struct tdxg_collateral **parsed, char *why, size_t whylen)
{
	struct tdxg_collateral *c = tdxg_collateral_new();
	struct tdxg_err e;
	uint8_t f[6];
	enum tdxg_pck_ca k;
	int64_t next;
	int rc;

	if (!c)
		return 0;
	if (tdxg_collateral_add(c, buf, len, &e))
		rc = (snprintf(why, whylen, "%s", e.msg), -1);
	else if (tdxg_collateral_describe(c, f, &k, &next))
		rc = (snprintf(why, whylen, "incomplete collateral"), -1);
	else if (memcmp(f, fmspc, 6) || k != ca)
		rc = (snprintf(why, whylen, "collateral for another FMSPC or CA"), -1);
	else
		rc = at < next;
	if (rc > 0 && parsed)
		*parsed = c;	/* the caller verifies with it: no second parse */
	else
		tdxg_collateral_free(c);
	return rc;
}

int pccs_get(struct pccs_cfg *cfg, const struct tdxg_quote *q, int64_t at, char **json,
	     size_t *len, struct tdxg_collateral **parsed, int *from_cache, char *msg, size_t msglen)
{
	uint8_t fmspc[6];
	enum tdxg_pck_ca ca;
	struct tdxg_err e;
	int rc;

	*json = NULL;
	if (parsed)
		*parsed = NULL;
	*from_cache = 0;
	rc = resolve(cfg, msg, msglen);
	if (rc)
		return rc;
	if (tdxg_quote_collateral_id(q, fmspc, &ca, &e))
		return mfail(msg, msglen, TDXG_EXIT_INVALID, "which collateral: %s", e.msg);
	return pccs_get_id(cfg, fmspc, ca, at, cfg->skip_cache_read, json, len, parsed, from_cache, msg,
			   msglen);
}

/* The cache entry for fmspc/ca into cfg->entry ("" without a cache). */
static void entry_name(struct pccs_cfg *cfg, const uint8_t fmspc[6], enum tdxg_pck_ca ca)
{
	char fm[13];

	tdxg_hex_encode(fmspc, 6, fm);
	cfg->entry[0] = 0;
	/* Early collateral is another set: its own entry. */
	if (cfg->cache_path[0])
		snprintf(cfg->entry, sizeof(cfg->entry), "%s/tdx-%s-%s%s.json", cfg->cache_path, fm,
			 tdxg_pck_ca_name(ca), strcmp(cfg->update_type, "early") ? "" : "-early");
}

int pccs_get_id(struct pccs_cfg *cfg, const uint8_t fmspc[6], enum tdxg_pck_ca ca, int64_t at,
		int fresh, char **json, size_t *len, struct tdxg_collateral **parsed, int *from_cache,
		char *msg, size_t msglen)
{
	static int curl_ready;
	uint8_t *buf;
	char err[256], fm[13];
	size_t blen;
	int rc;

	*json = NULL;
	if (parsed)
		*parsed = NULL;
	*from_cache = 0;
	rc = resolve(cfg, msg, msglen);
	if (rc)
		return rc;
	tdxg_hex_encode(fmspc, 6, fm);
	entry_name(cfg, fmspc, ca);
	if (cfg->entry[0] && fresh && !cfg->offline)
		unlink(cfg->entry);	/* it failed its checks: fetch it anew */
	if (cfg->entry[0]) {
		if (!fresh && !tdxg_read_file(cfg->entry, BODY_MAX, &buf, &blen)) {
			rc = entry_check(buf, blen, fmspc, ca, at, parsed, err, sizeof(err));
			if (rc > 0) {
				*json = (char *)buf;
				*len = blen;
				*from_cache = 1;
				return 0;
			}
			if (rc < 0)
				fprintf(stderr, "%s: cache entry %s is corrupt (%s); %s\n", tdxg_prog,
					cfg->entry, err, cfg->offline ? "ignored" : "fetching again");
			free(buf);
		}
	}
	if (cfg->offline)
		return mfail(msg, msglen, TDXG_EXIT_IO, "--offline: no valid cached collateral for "
			     "FMSPC %s (PCK %s CA) at the verification time in %s", fm,
			     tdxg_pck_ca_name(ca), cfg->cache_path);
	if (!curl_ready) {
		if (curl_load())
			return mfail(msg, msglen, TDXG_EXIT_IO, "cannot load libcurl.so.4 (%s): fetching "
				     "collateral needs libcurl", dlerror());
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			return mfail(msg, msglen, TDXG_EXIT_IO, "libcurl could not start");
		curl_ready = 1;
	}
	if (cfg->insecure)
		fprintf(stderr, "%s: WARNING: %s has \"use_secure_cert\": false: the certificate of "
			"%s is NOT checked\n", tdxg_prog, conf_path(), cfg->base);
	return fetch(cfg, fmspc, ca, json, len, parsed, msg, msglen);
}

static int mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

void pccs_store_id(struct pccs_cfg *cfg, const uint8_t fmspc[6], enum tdxg_pck_ca ca,
		   const void *json, size_t len)
{
	entry_name(cfg, fmspc, ca);
	store(cfg, json, len);
}

static void store(struct pccs_cfg *cfg, const char *json, size_t len)
{
	char tmp[1200], dir[1024];
	int fd;

	if (!cfg->entry[0])
		return;
	snprintf(dir, sizeof(dir), "%s", cfg->cache_path);
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", cfg->entry);
	if (mkdirs(dir) || (fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "%s: cache %s not written: %s\n", tdxg_prog, cfg->cache_path,
			strerror(errno));
		return;
	}
	if (fchmod(fd, 0644) || write_all(fd, json, len) || fsync(fd) || close(fd) ||
	    rename(tmp, cfg->entry)) {
		fprintf(stderr, "%s: cache %s not written: %s\n", tdxg_prog, cfg->entry, strerror(errno));
		unlink(tmp);
	}
}

int pccs_verify(struct pccs_cfg *cfg, struct tdxg_verifier *v, const struct tdxg_quote *q,
		struct tdxg_verify_opts *vo, struct tdxg_verify_result *res, char **json,
		size_t *len, char *msg, size_t msglen)
{
	struct tdxg_collateral *c;
	struct tdxg_err e;
	int64_t at = vo->at_set ? vo->at : (int64_t)time(NULL);
	char *j;
	size_t jl;
	int rc, cached, attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		rc = pccs_get(cfg, q, at, &j, &jl, &c, &cached, msg, msglen);
		if (rc)
			return rc;
		if (!c && (!(c = tdxg_collateral_new()) || tdxg_collateral_add(c, j, jl, &e))) {
			snprintf(msg, msglen, "%s", c ? e.msg : "out of memory");
			tdxg_collateral_free(c);
			free(j);
			return c ? TDXG_EXIT_INVALID : TDXG_EXIT_IO;
		}
		vo->collateral = c;
		tdxg_quote_verify(v, q, vo, res);
		vo->collateral = NULL;
		tdxg_collateral_free(c);
		if (res->error == TDXG_VERIFY_INVALID || res->error == TDXG_VERIFY_SIGNATURE) {
			if (cached && !cfg->offline) {
				fprintf(stderr, "%s: cached collateral %s failed (%s: %s); fetching again\n",
					tdxg_prog, cfg->entry, res->check, res->detail);
				unlink(cfg->entry);
				cfg->skip_cache_read = 1;
				free(j);
				continue;
			}
		} else if (!cached) {
			store(cfg, j, jl);
		}
		break;
	}
	cfg->skip_cache_read = 0;
	cfg->from_cache = cached;
	if (json) {
		*json = j;
		*len = jl;
	} else {
		free(j);
	}
	return 0;
}
