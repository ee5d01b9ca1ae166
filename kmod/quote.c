// SPDX-License-Identifier: GPL-2.0
/*
 * GetQuote through TDG.VP.VMCALL<GetQuote>: the TDREPORT goes to the VMM
 * in a buffer shared with the host, and the host writes the quote back.
 *
 * The host is not trusted. Its status and out_len are read once, after
 * the status leaves IN_FLIGHT, and bounded by the buffer. A buffer whose
 * request may still be in flight (timeout, signal) is set aside, never
 * reused or freed, until the host completes it. Pages that cannot be
 * made private again are leaked rather than returned to the allocator.
 * Where the kernel cannot share memory with the host at all,
 * set_memory_decrypted() returns 0 without converting anything, so
 * GetQuote is refused (EOPNOTSUPP) before any buffer is handed over.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/set_memory.h>
#include <linux/slab.h>

#include "tdxg.h"

/* GHCI: GetQuote buffer header and status codes. */
struct tdx_quote_hdr {
	u64 version;
	u64 status;
	u32 in_len;
	u32 out_len;
	u8 data[];
};

#define GET_QUOTE_VERSION		1
#define GET_QUOTE_SUCCESS		0
#define GET_QUOTE_IN_FLIGHT		0xffffffffffffffffULL
#define GET_QUOTE_ERROR			0x8000000000000000ULL
#define GET_QUOTE_SERVICE_UNAVAILABLE	0x8000000000000001ULL

#define QUOTE_BUF_SIZE		SZ_16K
#define QUOTE_DATA_MAX		(QUOTE_BUF_SIZE - sizeof(struct tdx_quote_hdr))
/* In-flight buffers set aside before new requests are refused. */
#define MAX_ABANDONED		4

static unsigned int quote_timeout = 30;
module_param(quote_timeout, uint, 0644);
MODULE_PARM_DESC(quote_timeout, "Seconds to wait for the host to answer GetQuote (default 30)");

struct quote_buf {
	struct list_head node;
	struct tdx_quote_hdr *hdr;
};

static DEFINE_MUTEX(quote_lock);
/*
 * Set when the host failed a page conversion: GetQuote is off until
 * reboot, so a hostile host cannot make every call leak another buffer.
 */
static bool convert_failed;
static struct quote_buf *idle_buf;
static LIST_HEAD(abandoned);
static unsigned int nr_abandoned;

static struct quote_buf *quote_buf_alloc(void)
{
	struct quote_buf *qb = kzalloc(sizeof(*qb), GFP_KERNEL);
	void *va;

	if (!qb)
		return NULL;
	va = alloc_pages_exact(QUOTE_BUF_SIZE, GFP_KERNEL | __GFP_ZERO);
	if (!va)
		goto err;
	if (set_memory_decrypted((unsigned long)va, QUOTE_BUF_SIZE >> PAGE_SHIFT)) {
		/* Partly shared pages must never be reused as private. */
		pr_err("GetQuote: cannot share buffer; leaking it, GetQuote off until reboot\n");
		WRITE_ONCE(convert_failed, true);
		goto err;
	}
	qb->hdr = va;
	return qb;
err:
	kfree(qb);
	return NULL;
}

static void quote_buf_free(struct quote_buf *qb)
{
	if (set_memory_encrypted((unsigned long)qb->hdr, QUOTE_BUF_SIZE >> PAGE_SHIFT)) {
		pr_err("GetQuote: cannot make buffer private again; leaking it, GetQuote off until reboot\n");
		WRITE_ONCE(convert_failed, true);
	} else {
		free_pages_exact(qb->hdr, QUOTE_BUF_SIZE);
	}
	kfree(qb);
}

/* Free set-aside buffers the host has since completed. */
static void reap_abandoned(void)
{
	struct quote_buf *qb, *tmp;

	list_for_each_entry_safe(qb, tmp, &abandoned, node) {
		if (READ_ONCE(qb->hdr->status) == GET_QUOTE_IN_FLIGHT)
			continue;
		list_del(&qb->node);
		nr_abandoned--;
		quote_buf_free(qb);
	}
}

static int wait_for_host(struct tdx_quote_hdr *hdr)
{
	unsigned long deadline = jiffies + (unsigned long)quote_timeout * HZ;

	while (READ_ONCE(hdr->status) == GET_QUOTE_IN_FLIGHT) {
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		if (msleep_interruptible(10) || signal_pending(current))
			return -EINTR;
	}
	return 0;
}

/*
 * Send in_len bytes to the host and copy its answer (up to out_cap bytes)
 * to out. *out_len is the answer's length, also on -EFBIG. *host_status
 * is the status the host wrote. Serialised: one request in flight.
 */
int tdxg_quote_exchange(const void *in, u32 in_len, void *out, u32 out_cap,
			u32 *out_len, u64 *host_status)
{
	struct tdx_quote_hdr *hdr;
	u64 status;
	u32 olen;
	int ret;

	if (in_len > QUOTE_DATA_MAX)
		return -EINVAL;
	ret = mutex_lock_interruptible(&quote_lock);
	if (ret)
		return ret;
	reap_abandoned();
	ret = -EIO;
	if (convert_failed)
		goto out;
	ret = -EOPNOTSUPP;
	if (!tdxg_kernel_shares_memory()) {
		pr_err_ratelimited("GetQuote: this kernel cannot share memory with the host (its shared-page mask is not the TD's shared bit); refusing GetQuote\n");
		goto out;
	}
	ret = -EBUSY;
	if (nr_abandoned >= MAX_ABANDONED)
		goto out;
	if (!idle_buf)
		idle_buf = quote_buf_alloc();
	if (!idle_buf) {
		ret = convert_failed ? -EIO : -ENOMEM;
		goto out;
	}
	hdr = idle_buf->hdr;
	memset(hdr, 0, QUOTE_BUF_SIZE);
	hdr->version = GET_QUOTE_VERSION;
	hdr->in_len = in_len;
	memcpy(hdr->data, in, in_len);
	/*
	 * status and out_len stay 0, as upstream Linux sends them: the VMM
	 * marks the buffer in flight before the VMCALL returns, and
	 * Canonical's TDX QEMU refuses a request where either is not 0.
	 */

	status = tdxg_tdcall_get_quote(virt_to_phys(hdr), QUOTE_BUF_SIZE);
	if (status) {
		/* The host refused the call: nothing is in flight. */
		pr_debug("GetQuote VMCALL failed: %#llx\n", status);
		ret = tdxg_status_to_errno(status);
		goto out;
	}
	ret = wait_for_host(hdr);
	if (ret) {
		list_add(&idle_buf->node, &abandoned);
		nr_abandoned++;
		idle_buf = NULL;
		goto out;
	}
	/* Read what the host wrote exactly once, status first. */
	status = READ_ONCE(hdr->status);
	virt_rmb(); /* out_len is valid only once status says done */
	olen = READ_ONCE(hdr->out_len);
	/*
	 * Canonical's TDX QEMU stores the status through cpu_to_le32(): its
	 * SERVICE_UNAVAILABLE arrives as 1 (and its ERROR as SUCCESS with
	 * out_len 0, refused below). Callers see the status it meant.
	 */
	if (status == lower_32_bits(GET_QUOTE_SERVICE_UNAVAILABLE))
		status = GET_QUOTE_SERVICE_UNAVAILABLE;
	*host_status = status;
	*out_len = 0;
	if (status == GET_QUOTE_SERVICE_UNAVAILABLE) {
		ret = -EAGAIN;
	} else if (status != GET_QUOTE_SUCCESS) {
		ret = -EIO;
	} else if (olen > QUOTE_DATA_MAX || !olen) {
		pr_warn_ratelimited("GetQuote: host returned out_len %u\n", olen);
		ret = -EIO;
	} else {
		*out_len = olen;
		ret = olen > out_cap ? -EFBIG : 0;
		if (!ret)
			memcpy(out, hdr->data, olen);
	}
out:
	mutex_unlock(&quote_lock);
	return ret;
}

/*
 * Set once a VMM took the raw TDREPORT to QGS unchanged and the framed
 * request then worked: later quotes go framed first.
 */
static bool host_forwards;
/*
 * Set once a VMM answered a raw TDREPORT with a bare quote (it wraps the
 * payload for QGS itself, as upstream QEMU does): a legacy caller's QGS
 * message then goes as its raw TDREPORT.
 */
static bool host_wraps;

/*
 * What a raw TDREPORT gets from a VMM that forwards the buffer to QGS
 * unchanged (Canonical's TDX QEMU) when its QGS wants a QGS message:
 * SUCCESS with nothing (the QGS closed, or the VMM's ERROR stored in 32
 * bits), or a QGS message where the quote should be. A quote starts
 * with its u16 version (4 or 5), never with a QGS length prefix.
 */
static bool raw_was_forwarded(int ret, u64 host_status, const u8 *quote,
			      u32 len)
{
	if (ret == -EIO && host_status == GET_QUOTE_SUCCESS)
		return true;
	return !ret && tdxg_qgs_is_message(quote, len);
}

static int get_quote_framed(const u8 *tdreport, u8 *quote, u32 cap,
			    u32 *quote_len)
{
	u8 *msg, *resp;
	const u8 *q;
	u32 rlen, qgs_error;
	u64 host_status;
	int ret = -ENOMEM;

	msg = kmalloc(tdxg_qgs_request_size(), GFP_KERNEL);
	resp = kvmalloc(QUOTE_DATA_MAX, GFP_KERNEL);
	if (!msg || !resp)
		goto out;
	tdxg_qgs_frame_request(tdreport, msg);
	ret = tdxg_quote_exchange(msg, tdxg_qgs_request_size(), resp,
				  QUOTE_DATA_MAX, &rlen, &host_status);
	if (ret)
		goto out;
	ret = tdxg_qgs_parse_response(resp, rlen, &q, quote_len, &qgs_error);
	if (ret == -EREMOTEIO) {
		pr_debug("GetQuote: QGS error %#x\n", qgs_error);
		ret = -EIO;
	}
	if (ret)
		goto out;
	ret = *quote_len > cap ? -EFBIG : 0;
	if (!ret)
		memcpy(quote, q, *quote_len);
out:
	kvfree(resp);
	kfree(msg);
	return ret;
}

/*
 * TDREPORT over reportdata, turned into a quote. Public VMMs disagree on
 * the payload: upstream QEMU (10.1+) wraps whatever it gets in a QGS
 * GET_QUOTE_REQ and returns the bare quote, so it needs the raw
 * TDREPORT; Canonical's TDX QEMU passes the buffer to QGS unchanged and
 * returns QGS's answer unchanged, so it needs what its QGS accepts. By
 * default tdxg sends the raw TDREPORT, as Linux 6.7+ does, and when the
 * answer shows the VMM forwarded it unchanged, sends a QGS message and
 * remembers to do so first. TDXG_QUOTE_FRAMED sends only the QGS message.
 */
int tdxg_get_quote(const u8 *reportdata, u32 flags, u8 *quote, u32 cap,
		   u32 *quote_len)
{
	bool framed_first = READ_ONCE(host_forwards);
	u64 host_status = GET_QUOTE_ERROR;
	u8 *tdreport;
	int ret;

	tdreport = kmalloc(TDXG_REPORT_LEN, GFP_KERNEL);
	if (!tdreport)
		return -ENOMEM;
	ret = tdxg_get_report(tdreport, reportdata);
	if (ret)
		goto out;
	if (flags & TDXG_QUOTE_FRAMED) {
		ret = get_quote_framed(tdreport, quote, cap, quote_len);
		goto out;
	}
	if (!framed_first) {
		ret = tdxg_quote_exchange(tdreport, TDXG_REPORT_LEN, quote, cap,
					  quote_len, &host_status);
		if (!raw_was_forwarded(ret, host_status, quote, *quote_len)) {
			if (!ret)
				WRITE_ONCE(host_wraps, true);
			goto out;
		}
		WRITE_ONCE(host_wraps, false);
		pr_debug("GetQuote: the VMM forwarded the raw TDREPORT; trying a QGS message\n");
	}
	ret = get_quote_framed(tdreport, quote, cap, quote_len);
	if (!framed_first && !ret)
		WRITE_ONCE(host_forwards, true);
	else if (framed_first && ret == -EIO)
		WRITE_ONCE(host_forwards, false);
out:
	kfree_sensitive(tdreport);
	return ret;
}

/*
 * The legacy GET_QUOTE: the caller's payload, normally the framed
 * GET_QUOTE_REQ libtdx_attest builds for VMMs that forward the buffer to
 * QGS unchanged (Canonical's TDX QEMU, the older qemu-tdx). Upstream QEMU
 * wraps whatever it gets in a GET_QUOTE_REQ of its own, so QGS refuses
 * the message wrapped twice and the host answers ERROR, and it returns
 * the bare quote. For such a VMM the message's TDREPORT goes raw and the
 * bare quote comes back framed as QGS's GET_QUOTE_RESP, so the caller
 * sees the same answer from every VMM. Anything but a one-report,
 * no-ID-list request goes through unchanged.
 */
int tdxg_quote_legacy(const u8 *in, u32 in_len, u8 *out, u32 cap,
		      u32 *out_len, u64 *host_status)
{
	const u8 *report = tdxg_qgs_request_report(in, in_len);
	u32 hdr = tdxg_qgs_response_overhead(), qlen;
	int ret;

	if (!report || !READ_ONCE(host_wraps)) {
		ret = tdxg_quote_exchange(in, in_len, out, cap, out_len,
					  host_status);
		if (!report || ret != -EIO || *host_status != GET_QUOTE_ERROR)
			return ret;
		pr_debug("GetQuote: the VMM refused a QGS message; sending its TDREPORT raw\n");
	}
	if (cap < hdr)
		return -EFBIG;
	ret = tdxg_quote_exchange(report, TDXG_REPORT_LEN, out + hdr, cap - hdr,
				  &qlen, host_status);
	*out_len = 0;
	if (ret)
		return ret;
	if (tdxg_qgs_is_message(out + hdr, qlen)) {
		/* The VMM forwarded the raw TDREPORT: it wants the message. */
		WRITE_ONCE(host_wraps, false);
		return tdxg_quote_exchange(in, in_len, out, cap, out_len,
					   host_status);
	}
	WRITE_ONCE(host_wraps, true);
	tdxg_qgs_frame_response(out, qlen);
	*out_len = qlen + hdr;
	return 0;
}

bool tdxg_quote_broken(void)
{
	return READ_ONCE(convert_failed) || !tdxg_kernel_shares_memory();
}

u32 tdxg_quote_max(void)
{
	return QUOTE_DATA_MAX;
}

void tdxg_quote_exit(void)
{
	struct quote_buf *qb, *tmp;

	if (idle_buf)
		quote_buf_free(idle_buf);
	/* Still in flight at unload: the host may yet write, so leak. */
	list_for_each_entry_safe(qb, tmp, &abandoned, node) {
		if (READ_ONCE(qb->hdr->status) != GET_QUOTE_IN_FLIGHT)
			quote_buf_free(qb);
		else
			kfree(qb);
	}
}
