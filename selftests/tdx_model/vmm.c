// SPDX-License-Identifier: GPL-2.0
/*
 * TDG.VP.VMCALL: the host side of the GHCI, as QEMU implements it.
 *
 * GetQuote (GHCI 3.3): R12 is the GPA of a buffer shared with the host
 * (the TD sets the shared bit), R13 its size. The buffer starts with
 * { u64 version; u64 status; u32 in_len; u32 out_len; } and the payload.
 * The host marks the buffer in flight before the VMCALL returns and
 * completes it later from a worker, as QEMU's quote-generation-socket
 * does: a raw 1024-byte TDREPORT is wrapped in a QGS GET_QUOTE_REQ and
 * sent to the QGS, and the reply's quote is written back alone; any other
 * payload is taken to be a QGS message already and forwarded unchanged,
 * and the QGS reply goes back framed, as older VMMs do.
 *
 * quote_fault plays a broken or hostile host.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/un.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "model.h"

#define TDVMCALL_MAP_GPA		0x10001
#define TDVMCALL_GET_QUOTE		0x10002
#define TDVMCALL_REPORT_FATAL_ERROR	0x10003
#define TDVMCALL_SETUP_EVENT_NOTIFY	0x10004

/* R10 on return: the VMCALL's own status. */
#define TDVMCALL_SUCCESS		0
#define TDVMCALL_RETRY			1
#define TDVMCALL_INVALID_OPERAND	0x8000000000000000ULL
#define TDVMCALL_ALIGN_ERROR		0x8000000000000002ULL

/* RCX: which of R10..R15 the guest exposes to the VMM. */
#define EXPOSE(r)			BIT_ULL(r)

#define QUOTE_HDR_LEN		24
#define QUOTE_STATUS_OFF	8
#define QUOTE_IN_LEN_OFF	16
#define QUOTE_OUT_LEN_OFF	20
#define QUOTE_VERSION		1
#define QUOTE_SUCCESS		0
#define QUOTE_IN_FLIGHT		0xffffffffffffffffULL
#define QUOTE_ERROR		0x8000000000000000ULL
#define QUOTE_UNAVAILABLE	0x8000000000000001ULL
#define QUOTE_BUF_MAX		SZ_4M

#define TDREPORT_LEN		1024
#define QGS_HDR_LEN		16
#define QGS_GET_QUOTE_REQ	0
#define QGS_GET_QUOTE_RESP	1
#define QGS_IO_TIMEOUT		(30 * HZ)

enum quote_fault {
	FAULT_NONE,
	FAULT_UNAVAILABLE,	/* status SERVICE_UNAVAILABLE */
	FAULT_HOSTILE_OUT_LEN,	/* success, out_len past the buffer */
	FAULT_NO_REPLY,		/* the buffer is never completed */
	FAULT_ERROR,		/* status ERROR */
	FAULT_GARBAGE_STATUS,	/* a status the GHCI does not define */
	FAULT_REFUSE,		/* the VMCALL itself fails */
};

static unsigned int quote_fault;
module_param(quote_fault, uint, 0644);
MODULE_PARM_DESC(quote_fault,
		 "GetQuote host: 0 none, 1 unavailable, 2 hostile out_len, 3 no reply, 4 error, 5 garbage status, 6 refuse VMCALL");
static unsigned int quote_delay_ms;
module_param(quote_delay_ms, uint, 0644);
MODULE_PARM_DESC(quote_delay_ms, "GetQuote host: delay before answering");
static char qgs_socket[UNIX_PATH_MAX] = "/run/tdxg-qgs.sock";
module_param_string(qgs_socket, qgs_socket, sizeof(qgs_socket), 0644);
MODULE_PARM_DESC(qgs_socket, "GetQuote host: unix socket of the QGS");
static unsigned int nr_quote_shared;
module_param(nr_quote_shared, uint, 0444);
MODULE_PARM_DESC(nr_quote_shared, "GetQuote calls whose GPA had the shared bit");
static unsigned int nr_quote_private;
module_param(nr_quote_private, uint, 0444);
MODULE_PARM_DESC(nr_quote_private,
		 "GetQuote calls with a private GPA (kernels whose cc_mkdec is the identity on a non-TD)");
static unsigned int nr_map_gpa;
module_param(nr_map_gpa, uint, 0444);
MODULE_PARM_DESC(nr_map_gpa, "MapGPA calls");
static unsigned int notify_vector;
module_param(notify_vector, uint, 0444);
MODULE_PARM_DESC(notify_vector, "Vector set by SetupEventNotifyInterrupt (0: none)");

struct quote_req {
	struct work_struct work;
	u8 *buf;
	u64 size;
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

/* One QGS exchange: each message is preceded by its big-endian length. */
static int qgs_call(const u8 *req, u32 req_len, u8 *resp, u32 cap,
		    u32 *resp_len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct socket *sock;
	__be32 len;
	int ret;

	ret = sock_create_kern(&init_net, AF_UNIX, SOCK_STREAM, 0, &sock);
	if (ret)
		return ret;
	sock->sk->sk_rcvtimeo = QGS_IO_TIMEOUT;
	sock->sk->sk_sndtimeo = QGS_IO_TIMEOUT;
	strscpy(addr.sun_path, qgs_socket, sizeof(addr.sun_path));
	strreplace(addr.sun_path, '\n', '\0');
	ret = kernel_connect(sock, (struct sockaddr *)&addr, sizeof(addr), 0);
	if (ret)
		goto out;
	len = cpu_to_be32(req_len);
	ret = qgs_io(sock, &len, sizeof(len), true) ?:
	      qgs_io(sock, (void *)req, req_len, true) ?:
	      qgs_io(sock, &len, sizeof(len), false);
	if (ret)
		goto out;
	*resp_len = be32_to_cpu(len);
	ret = -EMSGSIZE;
	if (*resp_len > cap)
		goto out;
	ret = qgs_io(sock, resp, *resp_len, false);
out:
	sock_release(sock);
	return ret;
}

static void complete_quote(u8 *buf, u64 status, u32 out_len)
{
	put_unaligned_le32(out_len, buf + QUOTE_OUT_LEN_OFF);
	/* The guest reads status first: everything else is published before. */
	smp_wmb();
	WRITE_ONCE(*(u64 *)(buf + QUOTE_STATUS_OFF), status);
}

/* GET_QUOTE_REQ with no id list, around a TDREPORT. */
static u32 qgs_wrap_report(const u8 *report, u8 *msg)
{
	u32 size = QGS_HDR_LEN + 8 + TDREPORT_LEN;

	put_unaligned_le16(1, msg);		/* major */
	put_unaligned_le16(1, msg + 2);		/* minor */
	put_unaligned_le32(QGS_GET_QUOTE_REQ, msg + 4);
	put_unaligned_le32(size, msg + 8);
	put_unaligned_le32(0, msg + 12);	/* error_code */
	put_unaligned_le32(TDREPORT_LEN, msg + 16);
	put_unaligned_le32(0, msg + 20);	/* id_list_size */
	memcpy(msg + 24, report, TDREPORT_LEN);
	return size;
}

/* The quote inside a GET_QUOTE_RESP, or an error. */
static int qgs_unwrap_quote(const u8 *msg, u32 len, u32 *off, u32 *qlen)
{
	u32 size, id_size, quote_size;

	if (len < QGS_HDR_LEN + 8 || get_unaligned_le16(msg) != 1 ||
	    get_unaligned_le32(msg + 4) != QGS_GET_QUOTE_RESP)
		return -EPROTO;
	size = get_unaligned_le32(msg + 8);
	if (size != len || get_unaligned_le32(msg + 12))
		return -EPROTO;
	id_size = get_unaligned_le32(msg + 16);
	quote_size = get_unaligned_le32(msg + 20);
	if (id_size > len - QGS_HDR_LEN - 8 ||
	    quote_size != len - QGS_HDR_LEN - 8 - id_size || !quote_size)
		return -EPROTO;
	*off = QGS_HDR_LEN + 8 + id_size;
	*qlen = quote_size;
	return 0;
}

static void quote_work(struct work_struct *work)
{
	struct quote_req *rq = container_of(work, struct quote_req, work);
	u32 cap = rq->size - QUOTE_HDR_LEN, in_len, req_len, resp_len, off, qlen;
	unsigned int fault = READ_ONCE(quote_fault);
	u8 *data = rq->buf + QUOTE_HDR_LEN, *req = NULL, *resp = NULL;
	int ret;

	if (quote_delay_ms)
		msleep(quote_delay_ms);
	switch (fault) {
	case FAULT_NO_REPLY:
		goto out;
	case FAULT_UNAVAILABLE:
		complete_quote(rq->buf, QUOTE_UNAVAILABLE, 0);
		goto out;
	case FAULT_ERROR:
		complete_quote(rq->buf, QUOTE_ERROR, 0);
		goto out;
	case FAULT_GARBAGE_STATUS:
		complete_quote(rq->buf, 0x1234, 16);
		goto out;
	}
	/* The buffer is the guest's: read in_len once and bound it. */
	in_len = get_unaligned_le32(rq->buf + QUOTE_IN_LEN_OFF);
	if (!in_len || in_len > cap) {
		complete_quote(rq->buf, QUOTE_ERROR, 0);
		goto out;
	}
	req = kvmalloc(max_t(u32, in_len, QGS_HDR_LEN + 8 + TDREPORT_LEN), GFP_KERNEL);
	resp = kvmalloc(cap, GFP_KERNEL);
	if (!req || !resp) {
		complete_quote(rq->buf, QUOTE_ERROR, 0);
		goto out;
	}
	if (in_len == TDREPORT_LEN) {
		req_len = qgs_wrap_report(data, req);
	} else {
		/* A framed message: strip its length, the socket adds one. */
		memcpy(req, data, in_len);
		if (in_len < 4 || get_unaligned_be32(req) != in_len - 4) {
			complete_quote(rq->buf, QUOTE_ERROR, 0);
			goto out;
		}
		req_len = in_len - 4;
		memmove(req, req + 4, req_len);
	}
	ret = qgs_call(req, req_len, resp, cap - 4, &resp_len);
	if (ret) {
		pr_debug("QGS at %s: %d\n", qgs_socket, ret);
		complete_quote(rq->buf, ret == -ENOENT || ret == -ECONNREFUSED ?
			       QUOTE_UNAVAILABLE : QUOTE_ERROR, 0);
		goto out;
	}
	if (in_len != TDREPORT_LEN) {
		put_unaligned_be32(resp_len, data);
		memcpy(data + 4, resp, resp_len);
		complete_quote(rq->buf, QUOTE_SUCCESS, resp_len + 4);
		goto out;
	}
	if (qgs_unwrap_quote(resp, resp_len, &off, &qlen)) {
		complete_quote(rq->buf, QUOTE_ERROR, 0);
		goto out;
	}
	memcpy(data, resp + off, qlen);
	complete_quote(rq->buf, QUOTE_SUCCESS,
		       fault == FAULT_HOSTILE_OUT_LEN ? U32_MAX - 7 : qlen);
out:
	kvfree(resp);
	kvfree(req);
	kfree(rq);
}

static u64 get_quote(u64 gpa, u64 size)
{
	struct quote_req *rq;
	u8 *buf;

	if (READ_ONCE(quote_fault) == FAULT_REFUSE)
		return TDVMCALL_INVALID_OPERAND;
	if (!IS_ALIGNED(gpa, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return TDVMCALL_ALIGN_ERROR;
	if (size < QUOTE_HDR_LEN || size > QUOTE_BUF_MAX)
		return TDVMCALL_INVALID_OPERAND;
	if (gpa & MODEL_SHARED_BIT)
		nr_quote_shared++;
	else
		nr_quote_private++;
	buf = model_gpa_to_virt(gpa & ~MODEL_SHARED_BIT, size);
	if (!buf || get_unaligned_le64(buf) != QUOTE_VERSION)
		return TDVMCALL_INVALID_OPERAND;
	/* Interrupts are off in the trap: no sleeping allocation here. */
	rq = kmalloc(sizeof(*rq), GFP_ATOMIC);
	if (!rq)
		return TDVMCALL_RETRY;
	rq->buf = buf;
	rq->size = size;
	INIT_WORK(&rq->work, quote_work);
	WRITE_ONCE(*(u64 *)(buf + QUOTE_STATUS_OFF), QUOTE_IN_FLIGHT);
	queue_work(vmm_wq, &rq->work);
	return TDVMCALL_SUCCESS;
}

void model_vp_vmcall(struct tdcall_ctx *c)
{
	const u64 need = EXPOSE(10) | EXPOSE(11) | EXPOSE(12) | EXPOSE(13);

	/* RAX, RCX and RSP can never be passed to the VMM. */
	if (c->rcx & (BIT_ULL(0) | BIT_ULL(1) | BIT_ULL(4))) {
		c->rax = TDX_OPERAND_INVALID | OPERAND_ID_RCX;
		return;
	}
	c->rax = TDX_SUCCESS;
	if ((c->rcx & need) != need || c->r10) {
		/* Not a GHCI standard call the VMM can read. */
		c->r10 = TDVMCALL_INVALID_OPERAND;
		return;
	}
	switch (c->r11) {
	case TDVMCALL_GET_QUOTE:
		c->r10 = get_quote(c->r12, c->r13);
		break;
	case TDVMCALL_MAP_GPA:
		nr_map_gpa++;
		c->r10 = IS_ALIGNED(c->r12, PAGE_SIZE) && IS_ALIGNED(c->r13, PAGE_SIZE) ?
			TDVMCALL_SUCCESS : TDVMCALL_ALIGN_ERROR;
		break;
	case TDVMCALL_SETUP_EVENT_NOTIFY:
		if (c->r12 < 32 || c->r12 > 255) {
			c->r10 = TDVMCALL_INVALID_OPERAND;
			break;
		}
		/* Recorded only: no kernel tested here waits for the IRQ. */
		notify_vector = c->r12;
		c->r10 = TDVMCALL_SUCCESS;
		break;
	case TDVMCALL_REPORT_FATAL_ERROR:
		pr_emerg("guest reported a fatal error: %#llx\n", c->r12);
		c->r10 = TDVMCALL_SUCCESS;
		break;
	default:
		c->r10 = TDVMCALL_INVALID_OPERAND;
		break;
	}
}

int model_vmm_init(void)
{
	vmm_wq = alloc_workqueue("tdx_model_vmm", WQ_UNBOUND, 0);
	return vmm_wq ? 0 : -ENOMEM;
}

void model_vmm_exit(void)
{
	destroy_workqueue(vmm_wq);
}
