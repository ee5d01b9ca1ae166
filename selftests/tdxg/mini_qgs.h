/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal QGS for the kernel-side quote tests: it answers each
 * GET_QUOTE_REQ with a QUOTE_LEN-byte "quote" that embeds the TDREPORT it
 * was sent, so a test can tell which report reached the host.
 */
#ifndef TDXG_MINI_QGS_H
#define TDXG_MINI_QGS_H

#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>

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

static inline int read_all(int fd, void *p, size_t n)
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

static inline void make_quote(const uint8_t *report, uint8_t *quote)
{
	for (int i = 0; i < QUOTE_LEN; i++)
		quote[i] = (uint8_t)(i * 13);
	memcpy(quote, report, 1024);
}

static inline void *qgs_main(void *arg)
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
		uint32_t msize = 16 + 8 + QUOTE_LEN, err = 0, zero = 0, ql = QUOTE_LEN;
		uint16_t one = 1;

		/*
		 * A request QGS cannot take (a QGS message wrapped again by
		 * upstream QEMU, say) gets an error code and no quote, as
		 * from selftests/qgs/tdxg-test-qgs (INVALID_PARAMETER).
		 */
		if (*(uint16_t *)req != 1 || *(uint16_t *)(req + 2) != 1 || type != 0 ||
		    rsize != 1024 || idsize != 0 || size != 16 + 8 + 1024) {
			q->bad_requests++;
			msize = 16;
			err = 0x12003;
		}
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

/*
 * The model's vmm= profile: upstream QEMU frames the payload itself;
 * Canonical's QEMU forwards it unchanged, so tdxg's first raw TDREPORT
 * reaches the QGS unframed (one bad request) before tdxg frames it.
 */
static inline bool vmm_frames(void)
{
	char v[32] = "";

	read_file(MODEL_PARAM("vmm"), v, sizeof(v) - 1);
	return !strncmp(v, "qemu\n", 5) || !strcmp(v, "qemu");
}

/* Listen on SOCK_PATH and point the emulated VMM at it; 0 or -1. */
static inline int qgs_start(struct qgs *q, char *saved, size_t saved_len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	memset(saved, 0, saved_len);
	read_file(MODEL_PARAM("qgs_socket"), saved, saved_len - 1);
	saved[strcspn(saved, "\n")] = 0;
	unlink(SOCK_PATH);
	strcpy(a.sun_path, SOCK_PATH);
	q->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (q->lfd < 0 || bind(q->lfd, (void *)&a, sizeof(a)) || listen(q->lfd, 16) ||
	    pthread_create(&q->th, NULL, qgs_main, q))
		return -1;
	return write_word(MODEL_PARAM("qgs_socket"), SOCK_PATH) ||
	       write_word(MODEL_PARAM("quote_fault"), "0") ||
	       write_word(MODEL_PARAM("quote_delay_ms"), "0") ||
	       write_word(PARAM("quote_timeout"), "30") ? -1 : 0;
}

static inline void qgs_stop(struct qgs *q, const char *saved)
{
	shutdown(q->lfd, SHUT_RDWR);
	close(q->lfd);
	pthread_join(q->th, NULL);
	write_word(MODEL_PARAM("quote_fault"), "0");
	write_word(MODEL_PARAM("quote_delay_ms"), "0");
	write_word(PARAM("quote_timeout"), "30");
	if (saved[0])
		write_word(MODEL_PARAM("qgs_socket"), saved);
	unlink(SOCK_PATH);
}

#endif
