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
	switch (id) {
	case TDXG_BACKEND_TDX:
		return "tdx";
	case TDXG_BACKEND_EMULATED:
		return "emulated";
	}
	return "unknown";
}

/* Without the device, the in-tree driver shows up as its own module. */
static int intree_driver(const struct status *s)
{
	if (s->have_info)
		return !!(s->info.flags & TDXG_INFO_INTREE_DRIVER);
	return exists(INTREE_MODULE_PATH);
}

static const char *yesno(int v)
{
	return v ? "yes" : "no";
}

static void print_text(const struct status *s)
{
	int i;

	printf("tdxg %s, libtdxg %s\n", TDXG_VERSION, tdxg_lib_version());
	printf("module:          %s\n", s->loaded ? "loaded" : "not loaded");
	if (s->have_info) {
		printf("module version:  %s (ABI %u)\n", s->info.version, s->info.abi_version);
		printf("device:          %s\n", tdxg_device_path());
		printf("backend:         %s\n", backend_name(s->info.backend));
		printf("compat device:   %s\n",
		       s->info.flags & TDXG_INFO_COMPAT_DEVICE ? "/dev/tdx_guest (by tdxg)" : "no");
		printf("get_quote:       %s\n", yesno(s->info.flags & TDXG_INFO_GET_QUOTE));
		printf("pinned:          %s\n", yesno(s->info.flags & TDXG_INFO_PINNED));
	} else {
		printf("device:          %s: %s\n", tdxg_device_path(), tdxg_open_strerror(s->open_err));
		if (s->backend[0])
			printf("backend:         %s\n", s->backend);
	}
	printf("in-tree tdx_guest: %s\n", yesno(intree_driver(s)));
	printf("configfs-tsm:    %s\n", yesno(s->tsm));
	printf("ccel:            %s\n",
	       s->ccel_acpi ? ACPI_CCEL_PATH :
	       s->have_info && (s->info.flags & TDXG_INFO_CCEL_NODE) ? "tdxg ccel node" : "none");
	if (s->have_info) {
		for (i = 0; i < TDXG_NR_RTMR; i++)
			printf("rtmr%d policy:    %s%s\n", i,
			       tdxg_policy_name((enum tdxg_policy)s->info.policy[i]),
			       s->info.seal_pending & (1u << i) ? " (seal pending: extends refused)" : "");
		if (s->info.flags & TDXG_INFO_LOAD_SEAL_FAILED) {
			printf("load seals:      failed for");
			for (i = 0; i < TDXG_NR_RTMR; i++)
				if (s->info.load_seal_failed & (1u << i))
					printf(" rtmr%d", i);
			printf(" (%s)\n", strerror(-s->info.load_seal_error));
		}
		printf("event log:       %llu records, %llu of %llu bytes used\n",
		       (unsigned long long)s->info.log_records,
		       (unsigned long long)s->info.log_used,
		       (unsigned long long)s->info.log_capacity);
	}
}

static void print_json(const struct status *s)
{
	int i;

	out_json_open();
	printf("\n  \"version\": \"%s\",\n  \"lib_version\": \"%s\",\n", TDXG_VERSION,
	       tdxg_lib_version());
	printf("  \"module_loaded\": %s,\n  \"device\": ", s->loaded ? "true" : "false");
	out_json_string(stdout, tdxg_device_path(), strlen(tdxg_device_path()));
	printf(",\n  \"device_available\": %s,\n", s->have_info ? "true" : "false");
	if (s->have_info) {
		printf("  \"module_version\": ");
		out_json_string(stdout, s->info.version, strnlen(s->info.version,
								 sizeof(s->info.version)));
		printf(",\n  \"abi_version\": %u,\n", s->info.abi_version);
		printf("  \"backend\": \"%s\",\n", backend_name(s->info.backend));
		printf("  \"compat_device\": %s,\n",
		       s->info.flags & TDXG_INFO_COMPAT_DEVICE ? "true" : "false");
		printf("  \"get_quote\": %s,\n", s->info.flags & TDXG_INFO_GET_QUOTE ? "true" : "false");
		printf("  \"pinned\": %s,\n", s->info.flags & TDXG_INFO_PINNED ? "true" : "false");
		printf("  \"policy\": [");
		for (i = 0; i < TDXG_NR_RTMR; i++)
			printf("%s\"%s\"", i ? ", " : "",
			       tdxg_policy_name((enum tdxg_policy)s->info.policy[i]));
		printf("],\n  \"seal_pending\": [");
		for (i = 0; i < TDXG_NR_RTMR; i++)
			printf("%s%s", i ? ", " : "",
			       s->info.seal_pending & (1u << i) ? "true" : "false");
		printf("],\n  \"load_seal_failed\": [");
		for (i = 0; i < TDXG_NR_RTMR; i++)
			printf("%s%s", i ? ", " : "",
			       s->info.load_seal_failed & (1u << i) ? "true" : "false");
		printf("],\n  \"load_seal_error\": %d", s->info.load_seal_error);
		printf(",\n  \"event_log\": {\"records\": %llu, \"used\": %llu, \"capacity\": %llu},\n",
		       (unsigned long long)s->info.log_records,
		       (unsigned long long)s->info.log_used,
		       (unsigned long long)s->info.log_capacity);
	} else {
		printf("  \"error\": ");
		out_json_string(stdout, tdxg_open_strerror(s->open_err),
				strlen(tdxg_open_strerror(s->open_err)));
		printf(",\n");
	}
	printf("  \"intree_tdx_guest\": %s,\n", intree_driver(s) ? "true" : "false");
	printf("  \"configfs_tsm\": %s,\n", s->tsm ? "true" : "false");
	printf("  \"ccel\": %s\n}\n",
	       s->ccel_acpi ? "\"" ACPI_CCEL_PATH "\"" :
	       s->have_info && (s->info.flags & TDXG_INFO_CCEL_NODE) ? "\"tdxg\"" : "null");
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
			usage(stdout);
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
		s.open_err = tdxg_get_info(dev, &s.info);
		s.have_info = !s.open_err;
		s.info.version[sizeof(s.info.version) - 1] = 0;
		tdxg_close(dev);
	}
	if (!s.have_info && tdxg_read_backend(s.backend, sizeof(s.backend)))
		s.backend[0] = 0;
	if (json)
		print_json(&s);
	else
		print_text(&s);
	/* tdxg(1): 0 when the device answered, 3 when it did not. */
	return s.have_info ? TDXG_EXIT_OK : TDXG_EXIT_NODEV;
}
