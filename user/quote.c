// SPDX-License-Identifier: MIT
/* tdxg quote: a DCAP quote from report data or from an existing TDREPORT. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tdxg/tdxg.h>
#include <tdxg/qgs.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s quote [--data HEX | --report FILE] [--transport T]\n"
		"                [-o|--output FILE | --hex | --json]\n"
		"                [--timeout S] [--framed]\n"
		"Gets a TDX DCAP quote. --data is REPORTDATA (up to 64 bytes, zero-padded;\n"
		"default all zeros); --report FILE converts an existing 1024-byte TDREPORT\n"
		"through a QGS (vsock or unix transports) without the tdxg module.\n"
		"Transports T:\n"
		"  auto              tsm, tdvmcall, vsock, unix in that order (with --report:\n"
		"                    vsock, unix); one line on stderr per failed attempt\n"
		"  vsock[:CID:PORT]  QGS over vsock; default CID 2 and the port= of\n"
		"                    /etc/tdx-attest.conf, else 4050\n"
		"  unix[:PATH]       QGS on a unix socket, default %s\n"
		"  tdvmcall          GET_QUOTE ioctl of the tdxg module (TDVMCALL GetQuote);\n"
		"                    --framed sends a QGS message instead of the raw TDREPORT\n"
		"  tsm               configfs-tsm (Linux 6.7+)\n"
		"--timeout S bounds the whole request (default 30, fractions allowed).\n"
		"The quote goes to FILE with -o, as hex with --hex, in a JSON object with the\n"
		"transport that answered with --json, else raw to stdout (not a tty).\n"
		"Replies are bounds-checked; quotes over %u bytes are refused.\n"
		"Exit: 0 ok, 2 usage, 3 transport unavailable (no device or configfs-tsm),\n"
		"4 I/O or QGS error, 5 malformed reply or TDREPORT, 8 timeout.\n",
		tdxg_prog, TDXG_QGS_DEFAULT_UNIX, TDXG_QGS_QUOTE_MAX);
}

static int exit_for_status(enum tdxg_qgs_status st)
{
	switch (st) {
	case TDXG_QGS_OK: return TDXG_EXIT_OK;
	case TDXG_QGS_E_USAGE: return TDXG_EXIT_USAGE;
	case TDXG_QGS_E_UNAVAILABLE: return TDXG_EXIT_NODEV;
	case TDXG_QGS_E_TIMEOUT: return TDXG_EXIT_TIMEOUT;
	case TDXG_QGS_E_MALFORMED: return TDXG_EXIT_INVALID;
	case TDXG_QGS_E_IO:
	case TDXG_QGS_E_SERVICE:
	case TDXG_QGS_E_NOMEM:
		break;
	}
	return TDXG_EXIT_IO;
}

struct attempts {
	/* The failure that best explains an auto run: anything beats "absent". */
	enum tdxg_qgs_status worst;
};

static void attempt_failed(const struct tdxg_qgs_transport *t, const struct tdxg_qgs_error *e, void *ctx)
{
	struct attempts *a = ctx;

	(void)t;	/* e->err.msg starts with the transport's name */
	cli_err("auto: %s", e->err.msg);
	if (e->status != TDXG_QGS_E_UNAVAILABLE && e->status != TDXG_QGS_E_USAGE)
		a->worst = e->status;
}

static int parse_timeout(const char *s, unsigned int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || v <= 0 || v > 86400)
		return -1;
	*ms = (unsigned int)(v * 1000 + 0.5);
	if (!*ms)
		*ms = 1;
	return 0;
}

/* The quote as hex, in a JSON object with the transport, or raw. */
static void render_quote(const char *transport, const struct tdxg_quote *q, const uint8_t *quote, size_t len,
			 int hex, int json)
{
	print_set_json(json);
	if (!hex && !json) {
		print_raw(quote, len);
		return;
	}
	print_open_object(NULL, PRINT_BLOCK);
	print_string("transport", NULL, transport);
	print_uint("version", NULL, q->version);
	print_uint("size", NULL, len);
	print_hex("quote", "%s\n", quote, len);
	print_close_object();
}

/* Also what `tdxg --complete quote` lists, for the bash completion. */
const struct option quote_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "report", required_argument, NULL, 'r' },
	{ "transport", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "hex", no_argument, NULL, 'x' },
	{ "json", no_argument, NULL, 'j' },
	{ "framed", no_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_quote(int argc, char *argv[])
{
	uint8_t reportdata[TDXG_REPORTDATA_LEN] = { 0 };
	const char *data_hex = NULL, *report_path = NULL, *transport = "auto", *output = NULL;
	struct tdxg_qgs_request req;
	struct tdxg_qgs_transport used;
	struct tdxg_qgs_error e;
	struct attempts attempts = { TDXG_QGS_E_UNAVAILABLE };
	const struct tdxg_tdreport *rep;
	struct tdxg_quote parsed;
	uint8_t *report = NULL, *quote = NULL;
	size_t len, quote_len;
	int hex = 0, json = 0, c, ret, rc = TDXG_EXIT_OK;
	struct tdxg_err err;
	char name[160];

	tdxg_qgs_request_init(&req);
	/* The command keeps its deadline in the kernel and loads the module, as it always did. */
	req.flags = TDXG_QGS_WATCHDOG | TDXG_QGS_LOAD_MODULE;
	while ((c = getopt_long(argc, argv, "o:h", quote_options, NULL)) != -1) {
		switch (c) {
		case 'd': data_hex = optarg; break;
		case 'r': report_path = optarg; break;
		case 't': transport = optarg; break;
		case 'o': output = optarg; break;
		case 'x': hex = 1; break;
		case 'j': json = 1; break;
		case 'F': req.ioctl_flags |= TDXG_QUOTE_FRAMED; break;
		case 'T':
			if (parse_timeout(optarg, &req.timeout_ms)) {
				cli_err("--timeout '%s': expected seconds > 0", optarg);
				return TDXG_EXIT_USAGE;
			}
			break;
		case 'h':
			print_help(usage);
			return TDXG_EXIT_OK;
		default:
			return usage_err(usage, NULL);
		}
	}
	if (optind != argc)
		return usage_err(usage, "unexpected argument '%s'", argv[optind]);
	if ((data_hex && report_path) || !!output + hex + json > 1)
		return usage_err(usage, "give at most one of --data and --report, and one of -o, --hex and --json");
	if (!output && !hex && !json && print_isatty()) {
		cli_err("not writing a binary quote to a terminal; use -o FILE or --hex");
		return TDXG_EXIT_USAGE;
	}
	if (tdxg_qgs_parse_transport(transport, &req.transport, &e)) {
		cli_err("%s", e.err.msg);
		return TDXG_EXIT_USAGE;
	}

	if (report_path) {
		rc = read_binary_input("--report", report_path, TDXG_REPORT_LEN, &report, &len);
		if (rc)
			return rc;
		if (tdxg_tdreport_parse(report, len, &rep)) {
			cli_err("%s: not a TDREPORT (%zu bytes; need 1024 with type 0x81)", report_path, len);
			free(report);
			return TDXG_EXIT_INVALID;
		}
		req.tdreport = report;
	} else {
		if (data_hex) {
			rc = parse_hex_arg("--data", data_hex, reportdata, sizeof(reportdata), &len);
			if (rc)
				return rc;
		} else {
			/* All-zero REPORTDATA binds the quote to nothing: no nonce. */
			fprintf(stderr, "%s: warning: no --data: the quote's REPORTDATA is all zeros, "
				"so it carries no nonce\n", tdxg_cmd);
		}
		req.reportdata = reportdata;
	}
	req.on_attempt_failed = attempt_failed;
	req.ctx = &attempts;

	if (tdxg_qgs_get_quote(&req, &quote, &quote_len, &used, &e)) {
		cli_err("%s%s", req.transport.kind == TDXG_QGS_AUTO ? "auto: " : "", e.err.msg);
		rc = exit_for_status(e.status);
		/* auto: when the last transport was merely absent, an earlier
		 * real failure says more about what went wrong. */
		if (req.transport.kind == TDXG_QGS_AUTO && e.status == TDXG_QGS_E_UNAVAILABLE)
			rc = exit_for_status(attempts.worst);
		goto out;
	}
	tdxg_qgs_transport_name(&used, name, sizeof(name));
	if (tdxg_quote_parse(quote, quote_len, &parsed, &err)) {
		cli_err("%s returned %zu bytes that are not a quote: %s", name, quote_len, err.msg);
		rc = TDXG_EXIT_INVALID;
		goto out;
	}
	if (report && tdxg_qgs_quote_matches_report(&parsed, (const struct tdxg_tdreport *)report,
						    &err)) {
		cli_err("%s returned a quote of another TDREPORT: %s", name, err.msg);
		rc = TDXG_EXIT_INVALID;
		goto out;
	}
	if (!report && memcmp(parsed.body->reportdata, reportdata, TDXG_REPORTDATA_LEN)) {
		cli_err("%s returned a quote over other report data", name);
		rc = TDXG_EXIT_INVALID;
		goto out;
	}
	if (output) {
		ret = write_file(output, quote, quote_len);
		if (ret) {
			cli_err("%s: %s", output, strerror(-ret));
			rc = TDXG_EXIT_IO;
		}
	} else {
		render_quote(name, &parsed, quote, quote_len, hex, json);
	}
out:
	free(report);
	free(quote);
	return rc;
}
