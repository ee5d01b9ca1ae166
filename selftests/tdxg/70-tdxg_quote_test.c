// SPDX-License-Identifier: GPL-2.0
/*
 * TDXG_GET_QUOTE through TDG.VP.VMCALL<GetQuote>, against the emulated
 * VMM and a minimal QGS run by this test: framing, hostile hosts,
 * timeouts, signals and concurrent callers.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>

#include "kselftest_harness.h"
#include "tdxg_selftest.h"

#define PARAM(n)	"/sys/module/tdxg/parameters/" n
#define SOCK_PATH	"/tmp/tdxg-ksft-qgs.sock"
#define QUOTE_LEN	4600

/* The QGS: answers each GET_QUOTE_REQ with a quote that embeds the report. */
struct qgs {
	int lfd;
	pthread_t th;
	int mode;		/* 0 good, 1 QGS error code, 2 truncated */
	int requests, bad_requests;
};

static int read_all(int fd, void *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p = (char *)p + r;
		n -= r;
	}
	return 0;
}

static void make_quote(const uint8_t *report, uint8_t *quote)
{
	for (int i = 0; i < QUOTE_LEN; i++)
		quote[i] = (uint8_t)(i * 13);
	memcpy(quote, report, 1024);
}

static void *qgs_main(void *arg)
{
	struct qgs *q = arg;
	static uint8_t req[4096], resp[8192];
	int fd;

	while ((fd = accept(q->lfd, NULL, NULL)) >= 0) {
		uint32_t be, size, rsize, idsize, type;

		if (read_all(fd, &be, 4) || (size = ntohl(be)) > sizeof(req) ||
		    read_all(fd, req, size)) {
			q->bad_requests++;
			close(fd);
			continue;
		}
		memcpy(&type, req + 4, 4);
		memcpy(&rsize, req + 16, 4);
		memcpy(&idsize, req + 20, 4);
		q->requests++;
		if (*(uint16_t *)req != 1 || *(uint16_t *)(req + 2) != 1 || type != 0 ||
		    rsize != 1024 || idsize != 0 || size != 16 + 8 + 1024)
			q->bad_requests++;
		uint32_t msize = 16 + 8 + QUOTE_LEN, err = 0, zero = 0, ql = QUOTE_LEN;
		uint16_t one = 1;

		if (q->mode == 1) {
			msize = 16;
			err = 0x12001;
		}
		be = htonl(msize);
		memcpy(resp, &be, 4);
		memcpy(resp + 4, &one, 2);
		memcpy(resp + 6, &one, 2);
		type = 1;
		memcpy(resp + 8, &type, 4);
		memcpy(resp + 12, &msize, 4);
		memcpy(resp + 16, &err, 4);
		memcpy(resp + 20, &zero, 4);
		memcpy(resp + 24, &ql, 4);
		make_quote(req + 24, resp + 28);
		/* Truncated: the length promises more than is sent. */
		if (write(fd, resp, q->mode == 2 ? 100 : 4 + msize) < 0)
			q->bad_requests++;
		close(fd);
	}
	return NULL;
}

FIXTURE(quote) {
	int fd;
	struct qgs qgs;
	char saved_sock[128];
};

FIXTURE_SETUP(quote)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	self->qgs.lfd = -1;
	self->fd = open(TDXG_DEV, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "no " TDXG_DEV);
	ASSERT_GE(self->fd, 0);
	if (access(PARAM("emu_qgs_socket"), W_OK))
		SKIP(return, "needs the emulated VMM");
	memset(self->saved_sock, 0, sizeof(self->saved_sock));
	read_file(PARAM("emu_qgs_socket"), self->saved_sock, sizeof(self->saved_sock) - 1);
	self->saved_sock[strcspn(self->saved_sock, "\n")] = 0;
	unlink(SOCK_PATH);
	strcpy(a.sun_path, SOCK_PATH);
	self->qgs.lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(self->qgs.lfd, (void *)&a, sizeof(a)));
	ASSERT_EQ(0, listen(self->qgs.lfd, 16));
	ASSERT_EQ(0, pthread_create(&self->qgs.th, NULL, qgs_main, &self->qgs));
	ASSERT_EQ(0, write_word(PARAM("emu_qgs_socket"), SOCK_PATH));
	ASSERT_EQ(0, write_word(PARAM("emu_quote_fault"), "0"));
	ASSERT_EQ(0, write_word(PARAM("emu_quote_delay_ms"), "0"));
	ASSERT_EQ(0, write_word(PARAM("quote_timeout"), "30"));
}

FIXTURE_TEARDOWN(quote)
{
	if (self->qgs.lfd >= 0) {
		shutdown(self->qgs.lfd, SHUT_RDWR);
		close(self->qgs.lfd);
		pthread_join(self->qgs.th, NULL);
		write_word(PARAM("emu_quote_fault"), "0");
		write_word(PARAM("emu_quote_delay_ms"), "0");
		write_word(PARAM("quote_timeout"), "30");
		if (self->saved_sock[0])
			write_word(PARAM("emu_qgs_socket"), self->saved_sock);
		unlink(SOCK_PATH);
	}
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
	ASSERT_EQ(1, self->qgs.requests);
	ASSERT_EQ(0, self->qgs.bad_requests);
}

TEST_F(quote, framed_round_trip)
{
	static uint8_t buf[16384];
	uint8_t data[64];
	uint32_t len = sizeof(buf);

	memset(data, 0x17, sizeof(data));
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
		ASSERT_EQ(0, write_word(PARAM("emu_quote_fault"), cases[i].fault));
		len = sizeof(buf);
		ASSERT_EQ(cases[i].err, get_quote(self->fd, data, buf, &len, 0))
			TH_LOG("fault %s", cases[i].fault);
	}
	ASSERT_EQ(0, write_word(PARAM("emu_quote_fault"), "0"));
	len = sizeof(buf);
	ASSERT_EQ(0, get_quote(self->fd, data, buf, &len, 0));
}

TEST_F(quote, no_reply_times_out_then_recovers)
{
	static uint8_t buf[16384];
	uint8_t data[64] = {};
	uint32_t len = sizeof(buf);

	ASSERT_EQ(0, write_word(PARAM("quote_timeout"), "1"));
	ASSERT_EQ(0, write_word(PARAM("emu_quote_fault"), "3"));
	ASSERT_EQ(-ETIMEDOUT, get_quote(self->fd, data, buf, &len, 0));
	/* The abandoned buffer stays aside; a new one serves the next call. */
	ASSERT_EQ(0, write_word(PARAM("emu_quote_fault"), "0"));
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
	ASSERT_EQ(0, write_word(PARAM("emu_quote_delay_ms"), "2500"));
	ASSERT_EQ(-ETIMEDOUT, get_quote(self->fd, data, buf, &len, 0));
	ASSERT_EQ(0, write_word(PARAM("emu_quote_delay_ms"), "0"));
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
	ASSERT_EQ(0, write_word(PARAM("emu_quote_delay_ms"), "3000"));
	alarm(1);
	ASSERT_EQ(-EINTR, get_quote(self->fd, data, buf, &len, 0));
	ASSERT_EQ(0, write_word(PARAM("emu_quote_delay_ms"), "0"));
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
