// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated VMM side of TDG.VP.VMCALL<GetQuote>. Like QEMU's
 * quote-generation-socket, it wraps a raw TDREPORT in a QGS GET_QUOTE_REQ,
 * sends it to a QGS on a unix socket inside the guest, strips the reply's
 * framing and completes the shared buffer. A payload that is already a
 * QGS message is forwarded unchanged and its reply returned framed, as
 * older VMMs do. Test builds only.
 *
 * Fault injection (emu_quote_fault) plays a hostile or broken host.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/un.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "tdxg.h"

enum emu_quote_fault {
	FAULT_NONE,
	FAULT_UNAVAILABLE,	/* status SERVICE_UNAVAILABLE */
	FAULT_HOSTILE_OUT_LEN,	/* success with out_len past the buffer */
	FAULT_NO_REPLY,		/* never complete the buffer */
	FAULT_ERROR,		/* status ERROR */
	FAULT_GARBAGE_STATUS,	/* a status no spec defines */
	FAULT_REFUSE,		/* the VMCALL itself fails */
};

static unsigned int emu_quote_fault;
module_param(emu_quote_fault, uint, 0644);
MODULE_PARM_DESC(emu_quote_fault,
		 "emulated VMM: 0 none, 1 unavailable, 2 hostile out_len, 3 no reply, 4 error, 5 garbage status, 6 refuse VMCALL");
static unsigned int emu_quote_delay_ms;
module_param(emu_quote_delay_ms, uint, 0644);
MODULE_PARM_DESC(emu_quote_delay_ms, "emulated VMM: delay before answering GetQuote");
static char emu_qgs_socket[UNIX_PATH_MAX] = "/run/tdxg-qgs.sock";
module_param_string(emu_qgs_socket, emu_qgs_socket, sizeof(emu_qgs_socket), 0644);
MODULE_PARM_DESC(emu_qgs_socket, "emulated VMM: unix socket of the QGS (default /run/tdxg-qgs.sock)");

#define QUOTE_HDR_LEN		24
#define GET_QUOTE_SUCCESS	0
#define GET_QUOTE_ERROR		0x8000000000000000ULL
#define GET_QUOTE_UNAVAILABLE	0x8000000000000001ULL
#define QGS_IO_TIMEOUT		(30 * HZ)

struct emu_request {
	struct work_struct work;
	u8 *buf;
	size_t size;
};

static struct workqueue_struct *vmm_wq;

static int qgs_io(struct socket *sock, void *buf, size_t len, bool send)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = send ? MSG_NOSIGNAL : MSG_WAITALL };
	int ret = send ? kernel_sendmsg(sock, &msg, &iov, 1, len) :
			 kernel_recvmsg(sock, &msg, &iov, 1, len, MSG_WAITALL);

	if (ret >= 0 && ret != len)
		ret = -EPIPE;
	return ret < 0 ? ret : 0;
}

/* Send a framed QGS message; receive the framed reply into resp. */
static int qgs_call(const u8 *req, size_t req_len, u8 *resp, size_t cap,
		    size_t *resp_len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct socket *sock;
	u32 len;
	int ret;

	ret = sock_create_kern(&init_net, AF_UNIX, SOCK_STREAM, 0, &sock);
	if (ret)
		return ret;
	sock->sk->sk_rcvtimeo = QGS_IO_TIMEOUT;
	sock->sk->sk_sndtimeo = QGS_IO_TIMEOUT;
	strscpy(addr.sun_path, emu_qgs_socket, sizeof(addr.sun_path));
	/* "echo PATH > emu_qgs_socket" leaves a newline no path has. */
	strreplace(addr.sun_path, '\n', '\0');
	ret = kernel_connect(sock, (struct sockaddr *)&addr, sizeof(addr), 0);
	if (ret)
		goto out;
	ret = qgs_io(sock, (void *)req, req_len, true);
	if (ret)
		goto out;
	ret = qgs_io(sock, resp, 4, false);
	if (ret)
		goto out;
	len = get_unaligned_be32(resp);
	ret = -EMSGSIZE;
	if (len > cap - 4)
		goto out;
	ret = qgs_io(sock, resp + 4, len, false);
	*resp_len = 4 + len;
out:
	sock_release(sock);
	return ret;
}

static void complete_buffer(u8 *buf, u64 status, u32 out_len)
{
	put_unaligned_le32(out_len, buf + 20);
	/* The guest reads status first: publish everything before it. */
	smp_wmb();
	WRITE_ONCE(*(u64 *)(buf + 8), status);
}

static void vmm_work(struct work_struct *work)
{
	struct emu_request *rq = container_of(work, struct emu_request, work);
	size_t cap = rq->size - QUOTE_HDR_LEN, req_len, resp_len;
	u8 *data = rq->buf + QUOTE_HDR_LEN, *req = NULL, *resp = NULL;
	u32 in_len = get_unaligned_le32(rq->buf + 16), qlen, qgs_error;
	unsigned int fault = READ_ONCE(emu_quote_fault);
	const u8 *quote;
	int ret;

	if (emu_quote_delay_ms)
		msleep(emu_quote_delay_ms);
	switch (fault) {
	case FAULT_NO_REPLY:
		goto out;
	case FAULT_UNAVAILABLE:
		complete_buffer(rq->buf, GET_QUOTE_UNAVAILABLE, 0);
		goto out;
	case FAULT_ERROR:
		complete_buffer(rq->buf, GET_QUOTE_ERROR, 0);
		goto out;
	case FAULT_GARBAGE_STATUS:
		complete_buffer(rq->buf, 0x1234, 16);
		goto out;
	}
	if (in_len > cap) {
		complete_buffer(rq->buf, GET_QUOTE_ERROR, 0);
		goto out;
	}
	if (in_len == TDXG_REPORT_LEN) {
		req_len = tdxg_qgs_request_size();
		req = kmalloc(req_len, GFP_KERNEL);
		if (req)
			tdxg_qgs_frame_request(data, req);
	} else {
		req_len = in_len;
		req = kmemdup(data, in_len, GFP_KERNEL);
	}
	resp = kvmalloc(cap, GFP_KERNEL);
	if (!req || !resp) {
		complete_buffer(rq->buf, GET_QUOTE_ERROR, 0);
		goto out;
	}
	ret = qgs_call(req, req_len, resp, cap, &resp_len);
	if (ret) {
		pr_debug("emulated VMM: QGS at %s: %d\n", emu_qgs_socket, ret);
		complete_buffer(rq->buf, ret == -ENOENT || ret == -ECONNREFUSED ?
				GET_QUOTE_UNAVAILABLE : GET_QUOTE_ERROR, 0);
		goto out;
	}
	if (in_len != TDXG_REPORT_LEN) {
		memcpy(data, resp, resp_len);
		complete_buffer(rq->buf, GET_QUOTE_SUCCESS, resp_len);
		goto out;
	}
	ret = tdxg_qgs_parse_response(resp, resp_len, &quote, &qlen, &qgs_error);
	if (ret) {
		complete_buffer(rq->buf, GET_QUOTE_ERROR, 0);
		goto out;
	}
	memmove(data, quote, qlen);
	complete_buffer(rq->buf, GET_QUOTE_SUCCESS,
			fault == FAULT_HOSTILE_OUT_LEN ? U32_MAX - 7 : qlen);
out:
	kvfree(resp);
	kfree(req);
	kfree(rq);
}

u64 tdxg_emu_vmm_get_quote(u64 pa, u64 size)
{
	struct emu_request *rq;

	if (READ_ONCE(emu_quote_fault) == FAULT_REFUSE)
		return TDXG_STATUS_VMCALL_FAILED;
	if (!PAGE_ALIGNED(pa) || size < QUOTE_HDR_LEN || size > SZ_1M)
		return TDX_OPERAND_INVALID;
	rq = kmalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return TDX_OPERAND_BUSY;
	/* The emulated TD has no shared bit: the GPA is the physical address. */
	rq->buf = phys_to_virt(pa);
	rq->size = size;
	INIT_WORK(&rq->work, vmm_work);
	queue_work(vmm_wq, &rq->work);
	return TDX_SUCCESS;
}

int tdxg_emu_vmm_init(void)
{
	vmm_wq = alloc_workqueue("tdxg_emu_vmm", WQ_UNBOUND, 0);
	return vmm_wq ? 0 : -ENOMEM;
}

void tdxg_emu_vmm_exit(void)
{
	destroy_workqueue(vmm_wq);
}
