// SPDX-License-Identifier: GPL-2.0
/*
 * The compat device, driven the way libtdx_attest drives /dev/tdx_guest:
 * upstream GET_REPORT0, extends through the 6.16 sysfs files and the
 * legacy EXTEND_RTMR ioctl, and quotes through the legacy GET_QUOTE ioctl
 * with a framed QGS message. Results are checked against /dev/tdxg's view
 * of the same state.
 */
#include "kselftest_harness.h"
#include "tdxg_selftest.h"
#include "mini_qgs.h"

#define COMPAT_DEV	"/dev/tdx_guest"
#define COMPAT_MR	"/sys/class/misc/tdx_guest/measurements/"

FIXTURE(compat) {
	int cfd, tfd;
	struct qgs qgs;
	char saved_sock[128];
};

FIXTURE_SETUP(compat)
{
	struct tdxg_info info;

	self->qgs.lfd = -1;
	self->cfd = self->tfd = -1;
	if (get_info(&info))
		SKIP(return, "no " TDXG_DEV);
	if (!(info.flags & TDXG_INFO_COMPAT_DEVICE))
		SKIP(return, "tdxg did not register /dev/tdx_guest (in-tree driver or compat_device=0)");
	self->cfd = open(COMPAT_DEV, O_RDWR);
	self->tfd = open(TDXG_DEV, O_RDWR);
	ASSERT_GE(self->cfd, 0);
	ASSERT_GE(self->tfd, 0);
	if (tdxg_policy_get_word(3))
		SKIP(return, "RTMR3 is not open");
}

FIXTURE_TEARDOWN(compat)
{
	if (self->qgs.lfd >= 0)
		qgs_stop(&self->qgs, self->saved_sock);
	if (self->cfd >= 0)
		close(self->cfd);
	if (self->tfd >= 0)
		close(self->tfd);
}

TEST_F(compat, report_same_state_as_tdxg)
{
	struct tdxg_tdreport a, b;
	uint8_t data[64];

	memset(data, 0x31, sizeof(data));
	ASSERT_EQ(0, get_report(self->cfd, data, &a));
	ASSERT_EQ(0, get_report(self->tfd, data, &b));
	ASSERT_EQ(0, memcmp(a.reportmac.reportdata, data, 64));
	ASSERT_EQ(0, memcmp(&a.tdinfo, &b.tdinfo, sizeof(a.tdinfo)));
}

/*
 * The TDX module's refusals reach a GET_REPORT0 caller as upstream's
 * /dev/tdx_guest gives them since Linux 6.16 (arch/x86/coco/tdx/tdx.c,
 * tdx_mcall_get_report0()): an invalid operand is ENXIO, a busy RTMR
 * lock (after tdxg's retries) EBUSY. /dev/tdxg keeps its own EINVAL.
 */
TEST_F(compat, report_errnos_as_upstream)
{
	struct tdxg_tdreport r;
	uint8_t data[64] = { 0x80 };

	if (!have_knob("invalid_next") || !have_knob("report_busy_next"))
		SKIP(return, "needs the TDX-module model");
	ASSERT_EQ(0, knob_write("invalid_next", 1));
	ASSERT_EQ(-ENXIO, get_report(self->cfd, data, &r));
	ASSERT_EQ(0, knob_write("invalid_next", 1));
	ASSERT_EQ(-EINVAL, get_report(self->tfd, data, &r));
	ASSERT_EQ(0, knob_write("report_busy_next", 100000));
	EXPECT_EQ(-EBUSY, get_report(self->cfd, data, &r));
	ASSERT_EQ(0, knob_write("report_busy_next", 0));
	ASSERT_EQ(0, knob_write("invalid_next", 0));
	ASSERT_EQ(0, get_report(self->cfd, data, &r));
}

TEST_F(compat, measurements_same_files)
{
	static const char *const names[] = {
		"mrtd:sha384", "mrconfigid", "mrowner", "mrownerconfig",
		"rtmr0:sha384", "rtmr1:sha384", "rtmr2:sha384", "rtmr3:sha384",
	};
	uint8_t a[64], b[64];
	char pa[128], pb[128];

	for (int i = 0; i < 8; i++) {
		snprintf(pa, sizeof(pa), COMPAT_MR "%s", names[i]);
		snprintf(pb, sizeof(pb), TDXG_SYSFS "/measurements/%s", names[i]);
		ASSERT_EQ(48, read_file(pa, a, sizeof(a))) TH_LOG("%s", pa);
		ASSERT_EQ(48, read_file(pb, b, sizeof(b)));
		ASSERT_EQ(0, memcmp(a, b, 48));
	}
}

static void expect_extend_logged(struct __test_metadata *_metadata,
				 const uint8_t *old, const uint8_t *d)
{
	uint8_t want[48], now[48];
	size_t len, off = 0;
	uint8_t *log = read_log(&len);
	struct log_rec r = {}, cur;

	while (next_rec(log, len, &off, &cur) == 1)
		r = cur;
	sha384_2(old, 48, d, 48, want);
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(want, now, 48));
	ASSERT_EQ(4, r.mr);
	ASSERT_EQ(TDXG_EV_SYSFS_EXTEND, r.type);
	ASSERT_EQ(0, memcmp(d, r.digest, 48));
	free(log);
}

TEST_F(compat, extend_rtmr3_through_compat_sysfs)
{
	uint8_t old[48], d[48];

	memset(d, 0x5c, sizeof(d));
	ASSERT_EQ(0, read_rtmr(3, old));
	ASSERT_EQ(0, write_file_at(COMPAT_MR "rtmr3:sha384", d, 48, 0));
	expect_extend_logged(_metadata, old, d);
	ASSERT_EQ(-EINVAL, write_file_at(COMPAT_MR "rtmr3:sha384", d, 47, 0));
}

TEST_F(compat, legacy_extend_ioctl_all_encodings)
{
	static const unsigned long cmds[] = {
		TDXG_LEGACY_EXTEND_RTMR_R, TDXG_LEGACY_EXTEND_RTMR_W,
		TDXG_LEGACY_EXTEND_RTMR_WR,
	};
	struct tdxg_legacy_extend_req req = { .index = 3 };
	uint8_t old[48], now[48];
	size_t len, len_now;
	uint8_t *log;

	for (size_t i = 0; i < 3; i++) {
		memset(req.data, 0x70 + i, 48);
		ASSERT_EQ(0, read_rtmr(3, old));
		ASSERT_EQ(0, ioctl(self->cfd, cmds[i], &req));
		expect_extend_logged(_metadata, old, req.data);
	}
	ASSERT_EQ(0, read_rtmr(3, old));
	free(read_log(&len));
	req.index = 4;
	ASSERT_EQ(-1, ioctl(self->cfd, TDXG_LEGACY_EXTEND_RTMR_WR, &req));
	ASSERT_EQ(ENXIO, errno);
	req.index = 0xff;
	ASSERT_EQ(-1, ioctl(self->cfd, TDXG_LEGACY_EXTEND_RTMR_W, &req));
	ASSERT_EQ(ENXIO, errno);
	/* Refused: neither the register nor the log moved. */
	ASSERT_EQ(0, read_rtmr(3, now));
	ASSERT_EQ(0, memcmp(old, now, 48));
	log = read_log(&len_now);
	ASSERT_EQ(len, len_now);
	free(log);
}

TEST_F(compat, tdxg_ioctls_are_not_upstream_abi)
{
	struct tdxg_info info;

	ASSERT_EQ(-1, ioctl(self->cfd, TDXG_INFO, &info));
	ASSERT_EQ(ENOTTY, errno);
}

/* What libtdx_attest puts in the buffer: a framed GET_QUOTE_REQ. */
static void legacy_framed_request(struct tdxg_legacy_quote_hdr *hdr, const uint8_t *tdreport)
{
	uint8_t *msg = (uint8_t *)(hdr + 1);
	uint32_t v, size = 16 + 8 + 1024;
	uint16_t one = 1;

	hdr->version = 1;
	hdr->status = 0;
	hdr->in_len = 4 + size;
	hdr->out_len = 0;
	v = htonl(size);
	memcpy(msg, &v, 4);
	memcpy(msg + 4, &one, 2);
	memcpy(msg + 6, &one, 2);
	v = 0;
	memcpy(msg + 8, &v, 4);		/* GET_QUOTE_REQ */
	memcpy(msg + 12, &size, 4);
	memcpy(msg + 16, &v, 4);	/* error_code */
	v = 1024;
	memcpy(msg + 20, &v, 4);	/* report_size */
	v = 0;
	memcpy(msg + 24, &v, 4);	/* id_list_size */
	memcpy(msg + 28, tdreport, 1024);
}

TEST_F(compat, legacy_get_quote_framed)
{
	static uint8_t buf[16384];
	struct tdxg_legacy_quote_hdr *hdr = (void *)buf;
	struct tdxg_legacy_quote_req req = { .buf = (uintptr_t)buf, .len = sizeof(buf) };
	struct tdxg_report_req rr;
	uint8_t *msg = buf + sizeof(*hdr);
	uint32_t v;

	if (access(MODEL_PARAM("qgs_socket"), W_OK))
		SKIP(return, "needs the TDX-module model");
	ASSERT_EQ(0, qgs_start(&self->qgs, self->saved_sock, sizeof(self->saved_sock)));
	memset(rr.reportdata, 0xab, 64);
	ASSERT_EQ(0, ioctl(self->cfd, TDXG_GET_REPORT0, &rr));

	/*
	 * Every VMM gives the caller QGS's framed answer. Upstream QEMU wraps
	 * the message again: QGS refuses that (one bad request) unless tdxg
	 * already knows the VMM wraps, then tdxg sends the TDREPORT raw,
	 * frames the bare quote and sends raw from then on. A VMM that
	 * forwards the buffer unchanged gets the message as it is.
	 */
	for (int i = 0; i < 2; i++) {
		int bad = self->qgs.bad_requests;

		legacy_framed_request(hdr, rr.tdreport);
		ASSERT_EQ(0, ioctl(self->cfd, TDXG_LEGACY_GET_QUOTE_WR, &req));
		TH_LOG("call %d: status %#llx, out_len %u, bad requests at QGS %d", i,
		       (unsigned long long)hdr->status, hdr->out_len, self->qgs.bad_requests - bad);
		ASSERT_EQ(TDXG_GET_QUOTE_SUCCESS, hdr->status);
		ASSERT_EQ(4 + 16 + 8 + QUOTE_LEN, hdr->out_len);
		memcpy(&v, msg, 4);
		ASSERT_EQ(16 + 8 + QUOTE_LEN, ntohl(v));
		memcpy(&v, msg + 8, 4);
		ASSERT_EQ(1, v);		/* GET_QUOTE_RESP */
		memcpy(&v, msg + 16, 4);
		ASSERT_EQ(0, v);		/* error_code */
		memcpy(&v, msg + 20, 4);
		ASSERT_EQ(0, v);		/* selected_id_size */
		memcpy(&v, msg + 24, 4);
		ASSERT_EQ(QUOTE_LEN, v);	/* quote_size */
		/* The quote embeds the very report we sent. */
		ASSERT_EQ(0, memcmp(msg + 28, rr.tdreport, 1024));
		ASSERT_LE(self->qgs.bad_requests - bad, i == 0 && vmm_frames() ? 1 : 0);
	}

	/* The host's failure is reported in the buffer, as in the legacy ABI. */
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), "1"));
	legacy_framed_request(hdr, rr.tdreport);
	ASSERT_EQ(0, ioctl(self->cfd, TDXG_LEGACY_GET_QUOTE_R, &req));
	ASSERT_EQ(TDXG_GET_QUOTE_SERVICE_UNAVAILABLE, hdr->status);
	ASSERT_EQ(0, hdr->out_len);

	hdr->in_len = sizeof(buf);
	ASSERT_EQ(-1, ioctl(self->cfd, TDXG_LEGACY_GET_QUOTE_W, &req));
	ASSERT_EQ(EINVAL, errno);
}

/*
 * Only a status the host wrote is reported in the buffer with a 0
 * return. A VMCALL the host refused never reached it: that is EIO, as
 * for TDXG_GET_QUOTE, and the caller's buffer is left as it was.
 */
TEST_F(compat, legacy_get_quote_vmcall_failure_eio)
{
	static uint8_t buf[4096];
	struct tdxg_legacy_quote_hdr *hdr = (void *)buf;
	struct tdxg_legacy_quote_req req = { .buf = (uintptr_t)buf, .len = sizeof(buf) };
	int ret, err;

	if (access(MODEL_PARAM("quote_fault"), W_OK))
		SKIP(return, "needs the TDX-module model");
	hdr->version = 1;
	hdr->status = 0x1111;
	hdr->in_len = 1024;
	hdr->out_len = 0x2222;
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), "6"));
	ret = ioctl(self->cfd, TDXG_LEGACY_GET_QUOTE_WR, &req);
	err = errno;
	ASSERT_EQ(0, write_word(MODEL_PARAM("quote_fault"), "0"));
	TH_LOG("ioctl %d errno %d status %#llx", ret, ret ? err : 0,
	       (unsigned long long)hdr->status);
	ASSERT_EQ(-1, ret);
	ASSERT_EQ(EIO, err);
	ASSERT_EQ(0x1111, hdr->status);
	ASSERT_EQ(0x2222, hdr->out_len);
}

TEST_HARNESS_MAIN
