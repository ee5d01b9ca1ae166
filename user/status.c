// SPDX-License-Identifier: MIT
/* tdxg status: what is loaded, where, and how the RTMRs are sealed. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <tdxg/tdxg.h>

#include "cli.h"

#define TSM_REPORT_PATH		"/sys/kernel/config/tsm/report"
#define INTREE_MODULE_PATH	"/sys/module/tdx_guest"
#define ACPI_CCEL_PATH		"/sys/firmware/acpi/tables/data/CCEL"

struct status {
	int loaded, have_info, tsm, ccel_acpi;
	int open_err;
	struct tdxg_info info;
	char backend[32];
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: %s status [--json]\n"
		"Exits 0 when the device answers, 3 when it does not (the rest is still shown).\n",
		tdxg_prog);
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static const char *backend_name(uint32_t id)
{
	return id == TDXG_BACKEND_TDX ? "tdx" : "unknown";
}

/* Without the device, the in-tree driver shows up as its own module. */
static int intree_driver(const struct status *s)
{
	if (s->have_info)
		return !!(s->info.flags & TDXG_INFO_INTREE_DRIVER);
	return exists(INTREE_MODULE_PATH);
}

/* JSON only: the four registers' policies and seals, and the event log. */
static void render_seals_json(const struct status *s)
{
	int i;

	print_open_array("policy", PRINT_LINE);
	for (i = 0; i < TDXG_NR_RTMR; i++)
		print_string(PRINT_ELEM, NULL, tdxg_policy_name((enum tdxg_policy)s->info.policy[i]));
	print_close_array();
	print_bit_array("seal_pending", s->info.seal_pending, TDXG_NR_RTMR);
	print_bit_array("load_seal_failed", s->info.load_seal_failed, TDXG_NR_RTMR);
	print_int("load_seal_error", NULL, s->info.load_seal_error);
	if (s->info.flags & TDXG_INFO_FOREIGN_WATCH) {
		print_bit_array("foreign_extend", s->info.foreign_mask, TDXG_NR_RTMR);
		print_uint("foreign_count", NULL, s->info.foreign_count);
	} else {
		/* The module cannot tell (no SHA-384 in the kernel). */
		print_null("foreign_extend", NULL);
		print_null("foreign_count", NULL);
	}
	print_open_object("event_log", PRINT_LINE);
	print_uint("records", NULL, s->info.log_records);
	print_uint("used", NULL, s->info.log_used);
	print_uint("capacity", NULL, s->info.log_capacity);
	print_close_object();
}

/* Text only: the same, after the rest. */
static void render_seals_text(const struct status *s)
{
	int i;

	for (i = 0; i < TDXG_NR_RTMR; i++)
		print_text("rtmr%d policy:    %s%s\n", i, tdxg_policy_name((enum tdxg_policy)s->info.policy[i]),
			   s->info.seal_pending & (1u << i) ? " (seal pending: extends refused)" : "");
	if (s->info.flags & TDXG_INFO_LOAD_SEAL_FAILED) {
		print_text("load seals:      failed for");
		for (i = 0; i < TDXG_NR_RTMR; i++)
			if (s->info.load_seal_failed & (1u << i))
				print_text(" rtmr%d", i);
		print_text(" (%s)\n", strerror(-s->info.load_seal_error));
	}
	if (!(s->info.flags & TDXG_INFO_FOREIGN_WATCH)) {
		print_text("outside extends: not watched (no SHA-384 in the kernel)\n");
	} else if (s->info.foreign_mask) {
		print_text("outside extends:");
		for (i = 0; i < TDXG_NR_RTMR; i++)
			if (s->info.foreign_mask & (1u << i))
				print_text(" RTMR%d", i);
		print_text(" extended outside tdxg's log (%u seen): the log cannot replay to them\n",
			   s->info.foreign_count);
	} else {
		print_text("outside extends: none seen\n");
	}
	print_text("event log:       %llu records, %llu of %llu bytes used\n",
		   (unsigned long long)s->info.log_records, (unsigned long long)s->info.log_used,
		   (unsigned long long)s->info.log_capacity);
}

static void render_device(const struct status *s)
{
	unsigned int flags = s->info.flags;

	if (!s->have_info) {
		static const char *const device_keys[] = {
			"module_version", "abi_version", "compat_device", "get_quote", "pinned",
			"policy", "seal_pending", "load_seal_failed", "load_seal_error",
			"foreign_extend", "foreign_count", "event_log",
		};
		size_t i;

		print_text("device:          %s: ", tdxg_device_path());
		print_string("error", "%s\n", tdxg_open_strerror(s->open_err));
		print_string("backend", s->backend[0] ? "backend:         %s\n" : NULL,
			     s->backend[0] ? s->backend : NULL);
		/* Every key in every outcome: what only the device tells is null. */
		for (i = 0; i < sizeof(device_keys) / sizeof(device_keys[0]); i++)
			print_null(device_keys[i], NULL);
		return;
	}
	print_null("error", NULL);
	print_string("module_version", "module version:  %s", s->info.version);
	print_uint("abi_version", " (ABI %s)\n", s->info.abi_version);
	print_text("device:          %s\n", tdxg_device_path());
	print_string("backend", "backend:         %s\n", backend_name(s->info.backend));
	print_bool("compat_device", NULL, flags & TDXG_INFO_COMPAT_DEVICE);
	print_text("compat device:   %s\n", flags & TDXG_INFO_COMPAT_DEVICE ? "/dev/tdx_guest (by tdxg)" : "no");
	print_bool("get_quote", "get_quote:       %s\n", flags & TDXG_INFO_GET_QUOTE);
	print_bool("pinned", "pinned:          %s\n", flags & TDXG_INFO_PINNED);
	render_seals_json(s);
}

static void render_status(const struct status *s)
{
	int ccel_node = s->have_info && (s->info.flags & TDXG_INFO_CCEL_NODE);

	print_open_object(NULL, PRINT_BLOCK);
	print_text("tdxg %s, libtdxg %s\n", TDXG_VERSION, tdxg_lib_version());
	print_string("version", NULL, TDXG_VERSION);
	print_string("lib_version", NULL, tdxg_lib_version());
	print_bool("module_loaded", NULL, s->loaded);
	print_text("module:          %s\n", s->loaded ? "loaded" : "not loaded");
	print_string("device", NULL, tdxg_device_path());
	print_bool("device_available", NULL, s->have_info);
	render_device(s);
	print_bool("intree_tdx_guest", "in-tree tdx_guest: %s\n", intree_driver(s));
	print_bool("configfs_tsm", "configfs-tsm:    %s\n", s->tsm);
	print_text("ccel:            %s\n", s->ccel_acpi ? ACPI_CCEL_PATH : ccel_node ? "tdxg ccel node" : "none");
	if (s->ccel_acpi || ccel_node)
		print_string("ccel", NULL, s->ccel_acpi ? ACPI_CCEL_PATH : "tdxg");
	else
		print_null("ccel", NULL);
	if (s->have_info)
		render_seals_text(s);
	print_close_object();
}

/* Also what `tdxg --complete status` lists, for the bash completion. */
const struct option status_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_status(int argc, char *argv[])
{
	struct status s;
	struct tdxg_dev *dev;
	int json = 0, c;

	while ((c = getopt_long(argc, argv, "h", status_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
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
	memset(&s, 0, sizeof(s));
	s.loaded = tdxg_module_loaded();
	s.tsm = exists(TSM_REPORT_PATH);
	s.ccel_acpi = exists(ACPI_CCEL_PATH);
	/* Status describes the system as it is: it never loads the module. */
	s.open_err = tdxg_open(&dev, TDXG_OPEN_NO_LOAD);
	if (!s.open_err) {
		uint8_t rtmr[TDXG_DIGEST_LEN];

		/*
		 * A read of measurements/ makes tdxg take a TDREPORT when its
		 * last is stale, and so compare the RTMRs with its log: INFO
		 * then tells of extends outside it up to now. Best effort.
		 */
		(void)tdxg_read_measurement("rtmr0:sha384", rtmr);
		s.open_err = tdxg_get_info(dev, &s.info);
		s.have_info = !s.open_err;
		s.info.version[sizeof(s.info.version) - 1] = 0;
		tdxg_close(dev);
	}
	if (!s.have_info && tdxg_read_backend(s.backend, sizeof(s.backend)))
		s.backend[0] = 0;
	print_set_json(json);
	render_status(&s);
	/* tdxg(1): 0 when the device answered, 3 when it did not. */
	return s.have_info ? TDXG_EXIT_OK : TDXG_EXIT_NODEV;
}
