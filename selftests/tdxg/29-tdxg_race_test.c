// SPDX-License-Identifier: GPL-2.0
/*
 * Every reader of the TDX module's measurements against extends, for 10
 * seconds: GET_REPORT on /dev/tdxg, reads of measurements/, GET_REPORT0
 * on the compat /dev/tdx_guest where tdxg registered it, and quotes,
 * while one thread extends RTMR3 and another plays an extender tdxg does
 * not know (the kernel's own 6.16+ driver): it makes the next reports and
 * extends busy, as its hold of the RTMR lock would. tdxg serialises its
 * own calls and retries the busy ones, so no caller may see a failure,
 * the model must have answered REPORT with BUSY, and the log must still
 * replay to RTMR3; and tdxg must not mistake any of its own extends,
 * busy ones included, for an extend outside its log (INFO foreign_count
 * unchanged). Uses the TDX-module model's knobs and RTMR3 (open).
 */
#include <stdatomic.h>
#include <time.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"
#include "mini_qgs.h"

#define RUN_SECONDS	10
#define COMPAT_DEV	"/dev/tdx_guest"

enum { EXTEND, REPORT, SYSFS, COMPAT, QUOTE, NR_KINDS };
static const char *const kind_name[NR_KINDS] = {
	"extend", "report", "measurements/", "compat report", "quote",
};

struct race {
	atomic_int stop;
	atomic_long ok[NR_KINDS], failed[NR_KINDS];
	int last_errno[NR_KINDS];
	int tfd, cfd;
};

static void count(struct race *r, int kind, int err)
{
	if (err) {
		atomic_fetch_add(&r->failed[kind], 1);
		r->last_errno[kind] = err;
	} else {
		atomic_fetch_add(&r->ok[kind], 1);
	}
}

static void *extender(void *arg)
{
	struct race *r = arg;
	uint8_t d[48] = { 0x29 };

	while (!atomic_load(&r->stop)) {
		d[1]++;
		count(r, EXTEND, -extend_ioctl(r->tfd, 3, d, 0x29, "race", 4));
		usleep(2000);
	}
	return NULL;
}

static void *reporter(void *arg)
{
	struct race *r = arg;
	struct tdxg_tdreport rep;
	uint8_t data[64] = { 0x29, 0x01 };

	while (!atomic_load(&r->stop)) {
		int ret;

		data[2]++;
		ret = get_report(r->tfd, data, &rep);
		if (!ret && memcmp(rep.reportmac.reportdata, data, 64))
			ret = -EBADMSG;
		count(r, REPORT, -ret);
	}
	return NULL;
}

static void *sysfs_reader(void *arg)
{
	struct race *r = arg;
	uint8_t m[48];

	while (!atomic_load(&r->stop))
		count(r, SYSFS, read_rtmr(3, m) ? (errno ? errno : EIO) : 0);
	return NULL;
}

static void *compat_reporter(void *arg)
{
	struct race *r = arg;
	struct tdxg_tdreport rep;
	uint8_t data[64] = { 0x29, 0x02 };

	while (!atomic_load(&r->stop))
		count(r, COMPAT, -get_report(r->cfd, data, &rep));
	return NULL;
}

static void *quoter(void *arg)
{
	struct race *r = arg;
	static uint8_t buf[16384];
	uint8_t data[64] = { 0x29, 0x03 };

	while (!atomic_load(&r->stop)) {
		struct tdxg_quote_req req = { .buf = (uintptr_t)buf, .len = sizeof(buf) };
		int err = 0;

		data[2]++;
		memcpy(req.reportdata, data, 64);
		if (ioctl(r->tfd, TDXG_GET_QUOTE, &req))
			err = errno;
		else if (req.len != QUOTE_LEN || memcmp(buf + 128, data, 64))
			err = EBADMSG;
		count(r, QUOTE, err);
	}
	return NULL;
}

/* The extender tdxg does not know: a few busy answers, now and then. */
static void *outsider(void *arg)
{
	struct race *r = arg;

	while (!atomic_load(&r->stop)) {
		knob_write("report_busy_next", 2);
		knob_write("extend_busy", 2);
		usleep(20000);
	}
	return NULL;
}

FIXTURE(race) {
	struct qgs qgs;
	char saved_sock[128];
	struct race r;
};

FIXTURE_SETUP(race)
{
	struct tdxg_info info;

	self->qgs.lfd = -1;
	memset(&self->r, 0, sizeof(self->r));
	self->r.tfd = self->r.cfd = -1;
	self->r.tfd = open(TDXG_DEV, O_RDWR);
	if (self->r.tfd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->r.tfd, 0);
	if (!have_knob("report_busy_next") || access(MODEL_PARAM("qgs_socket"), W_OK))
		SKIP(return, "needs the TDX-module model");
	if (tdxg_policy_get_word(3) != TDXG_POLICY_OPEN)
		SKIP(return, "RTMR3 is not open");
	ASSERT_EQ(0, get_info(&info));
	if (info.flags & TDXG_INFO_COMPAT_DEVICE) {
		self->r.cfd = open(COMPAT_DEV, O_RDWR);
		ASSERT_GE(self->r.cfd, 0);
	}
	ASSERT_EQ(0, qgs_start(&self->qgs, self->saved_sock, sizeof(self->saved_sock)));
}

FIXTURE_TEARDOWN(race)
{
	knob_write("report_busy_next", 0);
	knob_write("extend_busy", 0);
	if (self->qgs.lfd >= 0)
		qgs_stop(&self->qgs, self->saved_sock);
	if (self->r.cfd >= 0)
		close(self->r.cfd);
	if (self->r.tfd >= 0)
		close(self->r.tfd);
}

TEST_F_TIMEOUT(race, readers_quotes_and_an_outsider_against_extends, 120)
{
	void *(*fn[])(void *) = { extender, reporter, sysfs_reader, compat_reporter,
				  quoter, outsider };
	pthread_t th[6];
	long busy0 = knob_read("report_busy_returned");
	struct tdxg_tdreport rep;
	struct tdxg_info info0, info;
	uint8_t rtmr[4][48] = { { 0 } }, data[64] = { 0 };
	size_t len, nrec;
	uint8_t *log;
	int i, n = 0;

	ASSERT_GE(busy0, 0);
	ASSERT_EQ(0, get_report(self->r.tfd, data, &rep));
	ASSERT_EQ(0, get_info(&info0));
	for (i = 0; i < 6; i++) {
		if (fn[i] == compat_reporter && self->r.cfd < 0)
			continue;
		ASSERT_EQ(0, pthread_create(&th[n++], NULL, fn[i], &self->r));
	}
	sleep(RUN_SECONDS);
	atomic_store(&self->r.stop, 1);
	while (n--)
		pthread_join(th[n], NULL);
	knob_write("report_busy_next", 0);
	knob_write("extend_busy", 0);

	for (i = 0; i < NR_KINDS; i++) {
		TH_LOG("%-14s %6ld ok %4ld failed (last errno %d)", kind_name[i],
		       atomic_load(&self->r.ok[i]), atomic_load(&self->r.failed[i]),
		       self->r.last_errno[i]);
		EXPECT_EQ(0, atomic_load(&self->r.failed[i]));
		if (i != COMPAT || self->r.cfd >= 0)
			EXPECT_GT(atomic_load(&self->r.ok[i]), 0);
	}
	TH_LOG("TDG.MR.REPORT answered BUSY %ld times",
	       knob_read("report_busy_returned") - busy0);
	EXPECT_GT(knob_read("report_busy_returned") - busy0, 0);

	/* The log still accounts for every extend of RTMR3. */
	log = read_log(&len);
	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, replay(log, len, 0, rtmr, &nrec));
	free(log);
	ASSERT_EQ(0, get_report(self->r.tfd, data, &rep));
	ASSERT_EQ(0, memcmp(rtmr[3], rep.tdinfo.rtmr[3], 48));
	ASSERT_EQ(0, get_info(&info));
	TH_LOG("foreign_mask %#x count %u (before: %#x, %u)", info.foreign_mask,
	       info.foreign_count, info0.foreign_mask, info0.foreign_count);
	EXPECT_EQ(info0.foreign_mask, info.foreign_mask);
	EXPECT_EQ(info0.foreign_count, info.foreign_count);
}

TEST_HARNESS_MAIN
