// SPDX-License-Identifier: GPL-2.0
/*
 * TDXG_GET_QUOTE through TDG.VP.VMCALL<GetQuote>, against the emulated
 * VMM and a minimal QGS run by this test: framing, hostile hosts,
 * timeouts, signals and concurrent callers.
 */
#include <signal.h>
#include <sys/klog.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"
#include "mini_qgs.h"

FIXTURE(quote) {
	int fd;
	struct qgs qgs;
	char saved_sock[128];
};

FIXTURE_SETUP(quote)
{
	self->qgs.lfd = -1;
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (access(MODEL_PARAM("qgs_socket"), W_OK))
		SKIP(return, "needs the TDX-module model");
	ASSERT_EQ(0, qgs_start(&self->qgs, self->saved_sock, sizeof(self->saved_sock)));
}

FIXTURE_TEARDOWN(quote)
{
	if (self->qgs.lfd >= 0)
		qgs_stop(&self->qgs, self->saved_sock);
	if (self->fd >= 0)
		close(self->fd);
}

static int get_quote(int fd, const uint8_t *data, uint8_t *buf, uint32_t *len,
		     uint32_t flags)
{
	struct tdxg_quote_req req = { .buf = (uintptr_t)buf, .len = *len, .flags = flags };

	memcpy(req.reportdata, data, 64);
	if (ioctl(fd, TDXG_GET_QUOTE, &req)) {
		*len = req.len;
		return -errno;
	}
	*len = req.len;
	return 0;
}

static void check_quote(struct __test_metadata *_metadata, const uint8_t *data,
			const uint8_t *quote, uint32_t len)
{
	const struct tdxg_tdreport *r = (const void *)quote;
	uint8_t want[QUOTE_LEN];

	ASSERT_EQ(QUOTE_LEN, len);
	/* Our QGS embeds the TDREPORT it was sent: the module's, for our data. */
	ASSERT_EQ(0, memcmp(r->reportmac.reportdata, data, 64));
	ASSERT_EQ(TDXG_REPORT_TYPE_TDX, r->reportmac.report_type[0]);
	make_quote(quote, want);
	ASSERT_EQ(0, memcmp(want + 1024, quote + 1024, QUOTE_LEN - 1024));
}

TEST_F(quote, raw_tdreport_round_trip)
{
	static uint8_t buf[16384];
	uint8_t data[64];
	uint32_t len = sizeof(buf);

	memset(data, 0x42, sizeof(data));
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
	check_quote(_metadata, data, buf, len);
	if (vmm_frames()) {
		ASSERT_EQ(1, self->qgs.requests);
		ASSERT_EQ(0, self->qgs.bad_requests);
	} else {
		/* At most once the raw TDREPORT, unframed, then the message. */
		ASSERT_EQ(1, self->qgs.requests);
		ASSERT_LE(self->qgs.bad_requests, 1);
	}
}

/* GHCI: the buffer's GPA carries the TD's shared bit, from TDG.VP.INFO. */
TEST_F(quote, getquote_gpa_has_shared_bit)
{
	long shared = knob_read("nr_quote_shared");
	long private = knob_read("nr_quote_private");
	static uint8_t buf[16384];
	uint8_t data[64] = { 1 };
	uint32_t len = sizeof(buf);

	ASSERT_GE(shared, 0);
	ASSERT_GE(private, 0);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
	ASSERT_EQ(shared + 1, knob_read("nr_quote_shared"));
	ASSERT_EQ(private, knob_read("nr_quote_private"));
}

/*
 * Where the kernel cannot share memory with the host (its cc_mkdec()
 * does not set the TD's shared bit: a non-TD, or vanilla 5.15),
 * set_memory_decrypted() returns 0 and converts nothing: tdxg refuses
 * GetQuote with EOPNOTSUPP and says why in dmesg, and the host never sees
 * the buffer. The model's guest_mem_encrypt is the kernel's answer as
 * tdxg sees it.
 */
TEST_F(quote, refused_where_kernel_cannot_share)
{
	static const char msg[] = "tdxg: GetQuote: this kernel cannot share memory with the host";
	static char log[1 << 20];
	long asked = knob_read("nr_mkdec_asked");
	long shared = knob_read("nr_quote_shared");
	static uint8_t buf[16384];
	uint8_t data[64] = { 2 };
	uint32_t len = sizeof(buf);
	struct tdxg_info info;
	int ret, n, info_ret;

	if (access(MODEL_PARAM("guest_mem_encrypt"), W_OK))
		SKIP(return, "the model has no guest_mem_encrypt");
	ASSERT_GE(asked, 0);
	ASSERT_EQ(0, write_word(MODEL_PARAM("guest_mem_encrypt"), "0"));
	ret = get_quote(self->fd, data, buf, &len, 0);
	info_ret = get_info(&info);
	ASSERT_EQ(0, write_word(MODEL_PARAM("guest_mem_encrypt"), "1"));
	ASSERT_EQ(0, info_ret);
	ASSERT_EQ(0, info.flags & TDXG_INFO_GET_QUOTE);
	TH_LOG("GET_QUOTE without shareable memory: %d (%s)", ret, strerror(-ret));
	ASSERT_EQ(-EOPNOTSUPP, ret);
	ASSERT_LT(asked, knob_read("nr_mkdec_asked"));
	ASSERT_EQ(shared, knob_read("nr_quote_shared"));
	ASSERT_EQ(0, self->qgs.requests);
	n = klogctl(3, log, sizeof(log) - 1);	/* SYSLOG_ACTION_READ_ALL */
	ASSERT_GT(n, 0);
	log[n] = 0;
	ASSERT_NE(NULL, strstr(log, msg));
	/* The answer is the kernel's at each call: quotes work again. */
	ASSERT_EQ(0, get_info(&info));
	ASSERT_NE(0, info.flags & TDXG_INFO_GET_QUOTE);
	len = sizeof(buf);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
	check_quote(_metadata, data, buf, len);
	ASSERT_EQ(shared + 1, knob_read("nr_quote_shared"));
}

TEST_F(quote, framed_round_trip)
{
	static uint8_t buf[16384];
	uint8_t data[64];
	uint32_t len = sizeof(buf);

	memset(data, 0x17, sizeof(data));
	if (vmm_frames()) {
		/* QEMU wraps the message again: report_size 1048, refused. */
		ASSERT_EQ(-EIO, get_quote(self->fd, data, buf, &len, TDXG_QUOTE_FRAMED));
		ASSERT_EQ(1, self->qgs.bad_requests);
		return;
	}
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, TDXG_QUOTE_FRAMED));
	check_quote(_metadata, data, buf, len);
	ASSERT_EQ(0, self->qgs.bad_requests);
}

TEST_F(quote, small_buffer_efbig_reports_size)
{
	static uint8_t buf[100];
	uint8_t data[64] = {};
	uint32_t len = sizeof(buf);

	ASSERT_EQ(-EFBIG, get_quote(self->fd, data, buf, &len, 0));
	ASSERT_EQ(QUOTE_LEN, len);
}

TEST_F(quote, bad_arguments)
{
	struct tdxg_quote_req req = { .len = 16384, .flags = 1U << 5 };
	static uint8_t buf[16384];
	uint8_t data[64] = {};
	uint32_t len = sizeof(buf);

	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_QUOTE, &req));
	ASSERT_EQ(EINVAL, errno);
	req.flags = 0;
	req.len = 0;
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_QUOTE, &req));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, TDXG_GET_QUOTE, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-EFAULT, get_quote(self->fd, data, (void *)8, &len, 0));
}

TEST_F(quote, qgs_errors_and_truncation_eio)
{
	static uint8_t buf[16384];
	uint8_t data[64] = {};
	uint32_t len;

	self->qgs.mode = 1;
	len = sizeof(buf);
	ASSERT_EQ(-EIO, get_quote(self->fd, data, buf, &len, 0));
	len = sizeof(buf);
	ASSERT_EQ(-EIO, get_quote(self->fd, data, buf, &len, TDXG_QUOTE_FRAMED));
	self->qgs.mode = 2;
	len = sizeof(buf);
	ASSERT_EQ(-EIO, get_quote(self->fd, data, buf, &len, 0));
	self->qgs.mode = 0;
	len = sizeof(buf);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
}

TEST_F(quote, hostile_host_faults)
{
	static const struct { const char *fault; int err; } cases[] = {
		{ "1", -EAGAIN },	/* service unavailable */
		{ "2", -EIO },		/* out_len past the buffer */
		{ "4", -EIO },		/* error status */
		{ "5", -EIO },		/* undefined status */
		{ "6", -EIO },		/* VMCALL refused */
	};
	static uint8_t buf[16384];
	uint8_t data[64] = {};
	uint32_t len;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), cases[i].fault));
		len = sizeof(buf);
		ASSERT_EQ(cases[i].err, get_quote(self->fd, data, buf, &len, 0))
			TH_LOG("fault %s", cases[i].fault);
	}
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), "0"));
	len = sizeof(buf);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
}

TEST_F(quote, no_reply_times_out_then_recovers)
{
	static uint8_t buf[16384];
	uint8_t data[64] = {};
	uint32_t len = sizeof(buf);

	ASSERT_EQ(0, write_word(PARAM("quote_timeout"), "1"));
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), "3"));
	ASSERT_EQ(-ETIMEDOUT, get_quote(self->fd, data, buf, &len, 0));
	/* The abandoned buffer stays aside; a new one serves the next call. */
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), "0"));
	len = sizeof(buf);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
	check_quote(_metadata, data, buf, len);
}

TEST_F(quote, slow_host_completes_abandoned_buffer_later)
{
	static uint8_t buf[16384];
	uint8_t data[64];
	uint32_t len = sizeof(buf);

	memset(data, 0x99, sizeof(data));
	ASSERT_EQ(0, write_word(PARAM("quote_timeout"), "1"));
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_delay_ms"), "2500"));
	ASSERT_EQ(-ETIMEDOUT, get_quote(self->fd, data, buf, &len, 0));
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_delay_ms"), "0"));
	ASSERT_EQ(0, write_word(PARAM("quote_timeout"), "30"));
	/* The late answer lands in the set-aside buffer, not in this one. */
	sleep(2);
	memset(data, 0x66, sizeof(data));
	len = sizeof(buf);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
	check_quote(_metadata, data, buf, len);
}

static void on_alarm(int sig)
{
}

TEST_F(quote, signal_interrupts_wait)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	static uint8_t buf[16384];
	uint8_t data[64] = {};
	uint32_t len = sizeof(buf);

	sigaction(SIGALRM, &sa, NULL);
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_delay_ms"), "3000"));
	alarm(1);
	ASSERT_EQ(-EINTR, get_quote(self->fd, data, buf, &len, 0));
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_delay_ms"), "0"));
	sleep(3);
}

TEST_F(quote, fifty_back_to_back)
{
	static uint8_t buf[16384];
	uint8_t data[64];
	uint32_t len;

	for (int i = 0; i < 50; i++) {
		memset(data, i, sizeof(data));
		len = sizeof(buf);
		ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0)) TH_LOG("quote %d", i);
		check_quote(_metadata, data, buf, len);
	}
}

struct caller {
	int fd, id, errors;
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;
	uint8_t *buf = malloc(16384), data[64];

	for (int i = 0; i < 5; i++) {
		uint32_t len = 16384;

		memset(data, c->id * 16 + i, sizeof(data));
		if (get_quote(c->fd, data, buf, &len, 0) || len != QUOTE_LEN ||
		    memcmp(buf + 128, data, 64))
			c->errors++;
	}
	free(buf);
	return NULL;
}

TEST_F(quote, four_concurrent_callers)
{
	struct caller c[4];
	pthread_t th[4];
	int errors = 0;

	for (int i = 0; i < 4; i++) {
		c[i] = (struct caller){ .fd = self->fd, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, caller_main, &c[i]));
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		errors += c[i].errors;
	}
	ASSERT_EQ(0, errors);
}

TEST_HARNESS_MAIN
