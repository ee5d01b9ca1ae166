/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: the tdxg device (/dev/tdxg: reports, extends, locks, quotes),
 * its sysfs nodes and the TDREPORT. The ABI, the TDREPORT layout and the
 * runtime event-log record come from the UAPI header <linux/tdxg.h>; this
 * header adds functions, never a second layout.
 */
#ifndef TDXG_DEVICE_H
#define TDXG_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/tdxg.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what the public headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

/* ---- Device --------------------------------------------------------- */

#define TDXG_DEVICE_PATH	"/dev/tdxg"
#define TDXG_SYSFS_PATH		"/sys/class/misc/tdxg"
#define TDXG_MODULE_NAME	"tdxg"

/*
 * The environment variables TDXG_DEVICE and TDXG_SYSFS replace the two
 * paths above (tests use them to point at fakes). Like every TDXG_*
 * variable they are read with secure_getenv(): a setuid, setgid or
 * file-capability program ignores them.
 */
const char *tdxg_device_path(void);
const char *tdxg_sysfs_path(void);

/* tdxg_open() flags */
#define TDXG_OPEN_NO_LOAD	(1U << 0) /* never load the module (also the default) */
#define TDXG_OPEN_LOAD_MODULE	(1U << 1) /* load the module if the device is absent */

struct tdxg_dev;

/*
 * Opens the tdxg device. Loading a kernel module changes the whole system,
 * so it is the caller's choice: only with TDXG_OPEN_LOAD_MODULE (and
 * without TDXG_OPEN_NO_LOAD), when the device is absent and the caller has
 * CAP_SYS_MODULE, loads module "tdxg" through libkmod (dlopen'ed then, and
 * only then) and waits briefly for the device node. The tdxg command asks.
 * Errors: -ENOENT device absent and module not loaded (not asked to, or not
 * installed); -EPERM device absent and the caller may not load modules;
 * -ENODEV the module refused to load (not a TDX guest); -EACCES no
 * permission on the device node; any other -errno from open(2) or libkmod.
 */
int tdxg_open(struct tdxg_dev **dev, unsigned int flags);
void tdxg_close(struct tdxg_dev *dev);
/* One line explaining an error of tdxg_open() to a person. */
const char *tdxg_open_strerror(int err);
/* Whether module tdxg is loaded (1), not (0). */
int tdxg_module_loaded(void);

/* TDXG_GET_REPORT0: reportdata (64 bytes) in, 1024-byte TDREPORT out. */
int tdxg_get_report(struct tdxg_dev *dev, const uint8_t reportdata[TDXG_REPORTDATA_LEN],
		    uint8_t tdreport[TDXG_REPORT_LEN]);
/* TDXG_INFO */
int tdxg_get_info(struct tdxg_dev *dev, struct tdxg_info *info);
/*
 * TDXG_EXTEND: extend rtmr (0..3) with digest and record an event of
 * event_type with event_size bytes of event_data (may be NULL if 0).
 * -ENXIO bad index, -EPERM locked, -ENOSPC log full, -EINVAL bad sizes.
 */
int tdxg_extend(struct tdxg_dev *dev, unsigned int rtmr, const uint8_t digest[TDXG_DIGEST_LEN],
		uint32_t event_type, const void *event_data, size_t event_size);
/* TDXG_LOCK: tighten rtmr to TDXG_POLICY_ONCE or TDXG_POLICY_LOCKED. */
int tdxg_lock(struct tdxg_dev *dev, unsigned int rtmr, enum tdxg_policy mode);
/*
 * TDXG_GET_QUOTE: quote over reportdata into buf; *len is the buffer size
 * on entry and the quote size on return. flags: TDXG_QUOTE_*.
 */
int tdxg_get_quote(struct tdxg_dev *dev, const uint8_t reportdata[TDXG_REPORTDATA_LEN],
		   uint8_t *buf, size_t *len, uint32_t flags);


/* ---- sysfs ---------------------------------------------------------- */


/* "open", "once" or "locked" of policy/rtmrN. */
int tdxg_read_policy(unsigned int rtmr, enum tdxg_policy *policy);
const char *tdxg_policy_name(enum tdxg_policy policy);
/* Contents of the backend node ("tdx"), NUL-terminated. */
int tdxg_read_backend(char *buf, size_t size);
/*
 * measurements/<name>: "mrtd:sha384", "mrconfigid", "mrowner",
 * "mrownerconfig", "rtmr0:sha384" .. "rtmr3:sha384"; exactly 48 bytes.
 */
int tdxg_read_measurement(const char *name, uint8_t value[TDXG_DIGEST_LEN]);
/* The runtime event log (event_log node). Free *buf with free(). */
int tdxg_read_runtime_log(uint8_t **buf, size_t *len);
/*
 * The firmware CCEL: /sys/firmware/acpi/tables/data/CCEL, else the tdxg
 * ccel node. path (may be NULL) receives the file tried last, so errors
 * can name it. -ENOENT when neither exists.
 */
int tdxg_read_ccel(uint8_t **buf, size_t *len, char *path, size_t path_size);

/* ---- TDREPORT -------------------------------------------------------- */

/*
 * Checks that buf is a TDREPORT (exactly TDXG_REPORT_LEN bytes, report
 * type 0x81) and returns a pointer to it. -EINVAL otherwise.
 */
int tdxg_tdreport_parse(const void *buf, size_t len, const struct tdxg_tdreport **report);
/*
 * Recomputes tee_tcb_info_hash and tee_info_hash. Sets *tcb_ok and
 * *info_ok to 1 when they match the stored hashes.
 */
int tdxg_tdreport_check_hashes(const struct tdxg_tdreport *report, int *tcb_ok, int *info_ok);

/* One named field of a TDREPORT, for decoders that print every field. */
struct tdxg_field {
	const char *name;
	size_t offset;		/* from the start of the TDREPORT */
	size_t size;
};
/* All named fields of a TDREPORT in layout order; *count is set. */
const struct tdxg_field *tdxg_tdreport_fields(size_t *count);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_DEVICE_H */
