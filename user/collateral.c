// SPDX-License-Identifier: MIT
/*
 * tdxg collateral: fetch what `verify` needs for a quote from Intel PCS or
 * a PCCS (or the cache) and write the JSON bundle that verify --collateral
 * reads. The set is verified against the quote before it is written (every
 * TCB status accepted), so a tampered or foreign set never leaves here.
 * Exit codes as verify's, plus 4 HTTP/TLS/connection, 8 timeout.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "pccs.h"

#define QUOTE_MAX	(1U << 20)

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s collateral QUOTE [--pccs URL | --pcs] [--pccs-ca FILE]\n"
		"         [-o|--output FILE] [--cache DIR | --no-cache] [--offline] [--timeout SECS] [--root CERT]\n"
		"         [--tcb-update standard|early] [--at TIME] [--verbose]\n"
		"Fetches the TDX TCB info, QE identity, PCK CRL (for the quote's PCK CA), root\n"
		"CA CRL and their issuer chains (API v4) for the quote's FMSPC, checks them\n"
		"against the quote, and writes the bundle verify --collateral reads (stdout\n"
		"without -o). Source: --pccs URL (https://HOST:PORT or .../sgx/certification/v4/),\n"
		"else collateral_service or pccs_url of " QCNL_CONF ", else Intel PCS (or --pcs);\n"
		"its tcb_update_type (or --tcb-update), retry_times and retry_delay apply.\n"
		"--timeout: per request, default 90 s (a PCCS may retry Intel PCS for a minute).\n"
		"Cached in $XDG_CACHE_HOME/tdxg (root: /var/cache/tdxg) until the earliest\n"
		"nextUpdate; --offline uses the cache alone.\n"
		"Exit: 0 ok, 2 usage, 4 HTTP/TLS/connection/I-O failure, 5 malformed response,\n"
		"6 signature/chain/validity/revocation, 7 TCB not matched, 8 timeout.\n", tdxg_prog);
}

/* Also what `tdxg --complete collateral` lists, for the bash completion. */
const struct option collateral_options[] = {
	PCCS_LONG_OPTIONS,
	{ "output", required_argument, NULL, 'o' },
	{ "root", required_argument, NULL, 'r' },
	{ "at", required_argument, NULL, 't' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_collateral(int argc, char *argv[])
{
	struct tdxg_verify_opts vo = TDXG_VERIFY_OPTS_INIT;
	struct tdxg_verify_result res;
	struct pccs_cfg cfg = { 0 };
	struct tdxg_verifier *v = NULL;
	const char *out = NULL, *root = NULL, *path;
	uint8_t *qbuf = NULL, *rbuf = NULL;
	size_t qlen, rlen = 0, jlen;
	char err[512], *json = NULL, exp[32];
	struct tdxg_err e;
	struct tdxg_quote q;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:r:t:vh", collateral_options, NULL)) != -1) {
		rc = pccs_option(&cfg, c, optarg);
		if (rc < 0)
			return TDXG_EXIT_USAGE;
		if (rc)
			continue;
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 't':
			if (tdxg_parse_time(optarg, &vo.at)) {
				cli_err("--at '%s' is not RFC 3339 (2025-07-01T00:00:00Z), a date "
					"(2025-07-01), unix seconds or now", optarg);
				return TDXG_EXIT_USAGE;
			}
			vo.at_set = 1;
			break;
		case 'v':
			cfg.verbose = 1;
			break;
		case 'h':
			print_help(usage);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return usage_err(usage, optind == argc ? "no QUOTE given" : "one QUOTE only, not '%s'",
				 argv[argc - 1]);
	path = argv[optind];
	if (!vo.at_set) {
		vo.at = (int64_t)time(NULL);
		vo.at_set = 1;
	}
	vo.accept_mask = (1u << TDXG_TCB_COUNT) - 1;
	rc = read_binary_input(NULL, path, QUOTE_MAX, &qbuf, &qlen);
	if (rc)
		return rc;
	if (root && (rc = read_root(root, &rbuf, &rlen))) {
		free(qbuf);
		return rc;
	}
	cfg.root_pem = (const char *)rbuf;
	cfg.root_len = rlen;
	if (tdxg_quote_parse(qbuf, qlen, &q, &e)) {
		cli_err("%s: %s", path, e.msg);
		rc = TDXG_EXIT_INVALID;
		goto done;
	}
	if (tdxg_verifier_new(&v, rbuf, rlen, &e)) {
		cli_err("%s: %s", root ? root : "built-in root", e.msg);
		rc = TDXG_EXIT_INVALID;
		goto done;
	}
	tdxg_verify_result_init(&res);
	rc = pccs_verify(&cfg, v, &q, &vo, &res, &json, &jlen, err, sizeof(err));
	if (rc) {
		cli_err("%s", err);
		goto done;
	}
	if (res.error == TDXG_VERIFY_INVALID || res.error == TDXG_VERIFY_SIGNATURE ||
	    res.error == TDXG_VERIFY_TCB || res.error == TDXG_VERIFY_INTERNAL) {
		cli_err("%s: the collateral from %s does not verify with this quote: %s: %s", path,
			cfg.base, res.check, res.detail);
		rc = res.error == TDXG_VERIFY_INVALID ? TDXG_EXIT_INVALID :
		     res.error == TDXG_VERIFY_SIGNATURE ? TDXG_EXIT_SIGNATURE :
		     res.error == TDXG_VERIFY_TCB ? TDXG_EXIT_TCB : TDXG_EXIT_IO;
		goto done;
	}
	if (out) {
		rc = write_file(out, json, jlen);
		if (rc) {
			cli_err("%s: %s", out, strerror(-rc));
			rc = TDXG_EXIT_IO;
			goto done;
		}
		exp[0] = 0;
		if (res.collateral_expires)
			tdxg_format_time(res.collateral_expires, exp, sizeof(exp));
		if (cfg.from_cache)
			fprintf(stderr, "%s: %s: from the cache (%s, no request made), valid until %s\n",
				tdxg_cmd, out, cfg.entry, exp);
		else
			fprintf(stderr, "%s: %s: fetched from %s, valid until %s\n", tdxg_cmd, out,
				cfg.base, exp);
	} else {
		print_raw(json, jlen);
	}
done:
	free(json);
	tdxg_verifier_free(v);
	free(rbuf);
	free(qbuf);
	return rc;
}
