/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the tdxg kselftests: device and sysfs access,
 * SHA-384, and parsing and replaying the runtime event log; the gate
 * that skips a program without a usable device or destructive ones
 * unless asked. Include it after kselftest_harness.h.
 */
#ifndef TDXG_SELFTEST_H
#define TDXG_SELFTEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/evp.h>

#include <linux/tdxg.h>

#define TDXG_DEV	"/dev/tdxg"
#define TDXG_SYSFS	"/sys/class/misc/tdxg"
/* Knobs of the test-only TDX-module model (selftests/tdx_model). */
#define MODEL_PARAM(n)	"/sys/module/tdx_model/parameters/" n

static inline void sha384_2(const void *a, size_t alen, const void *b,
			    size_t blen, uint8_t out[48])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	EVP_DigestInit_ex(c, EVP_sha384(), NULL);
	EVP_DigestUpdate(c, a, alen);
	if (blen)
		EVP_DigestUpdate(c, b, blen);
	EVP_DigestFinal_ex(c, out, NULL);
	EVP_MD_CTX_free(c);
}

static inline void sha384(const void *a, size_t alen, uint8_t out[48])
{
	sha384_2(a, alen, NULL, 0, out);
}

/* Reads a whole sysfs or device file; returns its length or -errno. */
static inline ssize_t read_file(const char *path, void *buf, size_t cap)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((size_t)total < cap) {
		n = read(fd, (char *)buf + total, cap - total);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (!n)
			break;
		total += n;
	}
	close(fd);
	return total;
}

/* One write of len bytes at offset; returns 0 or -errno. */
static inline int write_file_at(const char *path, const void *buf, size_t len,
				off_t off)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (pwrite(fd, buf, len, off) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

static inline int write_word(const char *path, const char *word)
{
	return write_file_at(path, word, strlen(word), 0);
}

/*
 * Fault-injection knobs of the TDX module under test (the TDX-module
 * model's parameters: extend_busy, report_hold_us, fail_decrypt, ...).
 * This is the one place that says where they live.
 */
static inline const char *knob_path(const char *name, char *buf, size_t cap)
{
	snprintf(buf, cap, "/sys/module/tdx_model/parameters/%s", name);
	return buf;
}

/* A knob's value, or -errno when the backend has no such knob. */
static inline long knob_read(const char *name)
{
	char path[128], buf[32] = "";
	ssize_t n = read_file(knob_path(name, path, sizeof(path)), buf,
			      sizeof(buf) - 1);

	return n < 0 ? n : strtol(buf, NULL, 10);
}

static inline int knob_write(const char *name, unsigned long value)
{
	char path[128], buf[32];

	snprintf(buf, sizeof(buf), "%lu", value);
	return write_word(knob_path(name, path, sizeof(path)), buf);
}

static inline int have_knob(const char *name)
{
	char path[128];

	return !access(knob_path(name, path, sizeof(path)), W_OK);
}

static inline int read_rtmr(unsigned int i, uint8_t out[48])
{
	char path[128];

	snprintf(path, sizeof(path), TDXG_SYSFS "/measurements/rtmr%u:sha384", i);
	return read_file(path, out, 48) == 48 ? 0 : -1;
}

static inline int get_report(int fd, const uint8_t *data, struct tdxg_tdreport *r)
{
	struct tdxg_report_req req;

	memcpy(req.reportdata, data, sizeof(req.reportdata));
	if (ioctl(fd, TDXG_GET_REPORT0, &req))
		return -errno;
	memcpy(r, req.tdreport, sizeof(*r));
	return 0;
}

static inline int extend_ioctl(int fd, uint32_t index, const uint8_t *digest,
			       uint32_t type, const void *data, uint32_t size)
{
	struct tdxg_extend_req req = {
		.index = index,
		.event_type = type,
		.event_size = size,
		.event_data = (uintptr_t)data,
	};

	memcpy(req.digest, digest, 48);
	return ioctl(fd, TDXG_EXTEND, &req) ? -errno : 0;
}

/* The runtime event log, read whole. Caller frees. */
static inline uint8_t *read_log(size_t *len)
{
	size_t cap = 1 << 20;
	uint8_t *buf = NULL;
	ssize_t n;

	*len = 0;
	for (;;) {
		buf = realloc(buf, cap);
		n = read_file(TDXG_SYSFS "/event_log", buf, cap);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap)
			break;
		cap *= 2;
	}
	*len = n;
	return buf;
}

struct log_rec {
	uint32_t mr, type, size;
	const uint8_t *digest, *data;
};

/* Parse the record at *off; returns 1, 0 at end, -1 when malformed. */
static inline int next_rec(const uint8_t *log, size_t len, size_t *off,
			   struct log_rec *r)
{
	const uint8_t *p = log + *off;
	uint32_t count;
	uint16_t alg;

	if (*off == len)
		return 0;
	if (len - *off < TDXG_LOG_RECORD_HDR)
		return -1;
	memcpy(&r->mr, p, 4);
	memcpy(&r->type, p + 4, 4);
	memcpy(&count, p + 8, 4);
	memcpy(&alg, p + 12, 2);
	r->digest = p + 14;
	memcpy(&r->size, p + 14 + 48, 4);
	if (count != 1 || alg != TDXG_TCG_ALG_SHA384 ||
	    r->size > len - *off - TDXG_LOG_RECORD_HDR)
		return -1;
	r->data = p + TDXG_LOG_RECORD_HDR;
	*off += TDXG_LOG_RECORD_HDR + r->size;
	return 1;
}

/* Apply the records from offset start on to rtmr[]; -1 if malformed. */
static inline int replay(const uint8_t *log, size_t len, size_t start,
			 uint8_t rtmr[4][48], size_t *nrec)
{
	struct log_rec r;
	size_t off = start;
	int ret;

	*nrec = 0;
	while ((ret = next_rec(log, len, &off, &r)) == 1) {
		if (r.mr < 1 || r.mr > 4)
			return -1;
		sha384_2(rtmr[r.mr - 1], 48, r.digest, 48, rtmr[r.mr - 1]);
		(*nrec)++;
	}
	return ret;
}

/* Policy of rtmr[i] as enum tdxg_policy, or -1 when unreadable. */
static inline int tdxg_policy_get_word(unsigned int i)
{
	static const char *const words[] = { "open\n", "once\n", "locked\n" };
	char path[64], buf[16] = "";

	snprintf(path, sizeof(path), TDXG_SYSFS "/policy/rtmr%u", i);
	if (read_file(path, buf, sizeof(buf) - 1) <= 0)
		return -1;
	for (int k = 0; k < 3; k++)
		if (!strcmp(buf, words[k]))
			return k;
	return -1;
}

static inline int get_info(struct tdxg_info *info)
{
	int fd = open(TDXG_DEV, O_RDONLY), ret;

	if (fd < 0)
		return -errno;
	ret = ioctl(fd, TDXG_INFO, info) ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * The tests that unload tdxg load it again, with the harness's parameters,
 * so the tests after them run; devtmpfs adds the node at registration.
 */
#define TDXG_MODULE_PATH	"/lib/modules/tdxg.ko"

static inline void tdxg_reload(void)
{
	char params[512] = "";
	int fd = open(TDXG_MODULE_PATH, O_RDONLY);

	if (fd < 0)
		return;
	if (read_file("/etc/tdxg-params", params, sizeof(params) - 1) > 0)
		params[strcspn(params, "\n")] = 0;
	syscall(__NR_finit_module, fd, params, 0);
	close(fd);
	for (int i = 0; i < 50 && access(TDXG_DEV, F_OK); i++)
		usleep(20000);
}

/*
 * Tests that seal registers, fill the log or unload the module change
 * the TD until reboot: they run only with TDXG_SELFTEST_DESTRUCTIVE=1
 * (the QEMU harness sets it). A test program that is destructive as a
 * whole says why before it includes this header, and then skips whole
 * (kselftest exit 4) unless asked:
 *	#define TDXG_DESTRUCTIVE "locks RTMRs until reboot"
 * A single destructive case in a safe program checks destructive_allowed()
 * and SKIPs itself.
 */
static inline int destructive_allowed(void)
{
	const char *e = getenv("TDXG_SELFTEST_DESTRUCTIVE");

	return e && !strcmp(e, "1");
}

/* The CPU is a TDX guest (X86_FEATURE_TDX_GUEST, 5.19 and later). */
static inline int tdxg_on_td(void)
{
	char line[4096];
	int td = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (!td && fgets(line, sizeof(line), f))
		td = !strncmp(line, "flags", 5) && strstr(line, " tdx_guest");
	fclose(f);
	return td;
}

/*
 * NULL when /dev/tdxg can be opened read-write, else why not. On a TD
 * where tdxg is not loaded, tries `modprobe tdxg` once first.
 */
static inline const char *tdxg_dev_unusable(void)
{
	static char why[160];
	int st, i;

	if (access(TDXG_DEV, F_OK) && access("/sys/module/tdxg", F_OK)) {
		if (!tdxg_on_td())
			return "no " TDXG_DEV ": not a TDX guest";
		st = system("modprobe tdxg");
		if (st) {
			snprintf(why, sizeof(why), "no " TDXG_DEV
				 ": tdxg is not loaded and modprobe tdxg failed (status %d)",
				 WIFEXITED(st) ? WEXITSTATUS(st) : st);
			return why;
		}
		/* devtmpfs adds the node at registration; udev may lag. */
		for (i = 0; i < 20 && access(TDXG_DEV, F_OK); i++)
			usleep(100000);
	}
	if (access(TDXG_DEV, F_OK))
		return "no " TDXG_DEV " although tdxg is loaded";
	if (access(TDXG_DEV, R_OK | W_OK))
		return "no access to " TDXG_DEV ": run as root or in group tdx";
	return NULL;
}

/*
 * Runs before the tests of every program: skips it whole, with the
 * reason and kselftest's exit 4, when it is destructive and not asked
 * for, or when there is no usable /dev/tdxg.
 */
static void __attribute__((constructor)) tdxg_selftest_gate(void)
{
	const char *why;

#ifdef TDXG_DESTRUCTIVE
	if (!destructive_allowed()) {
		ksft_print_header();
		ksft_exit_skip("destructive, %s: set TDXG_SELFTEST_DESTRUCTIVE=1 to run it\n",
			       TDXG_DESTRUCTIVE);
	}
#endif
	why = tdxg_dev_unusable();
	if (why) {
		ksft_print_header();
		ksft_exit_skip("%s\n", why);
	}
}

#endif
