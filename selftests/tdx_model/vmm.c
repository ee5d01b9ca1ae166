// SPDX-License-Identifier: GPL-2.0
/*
 * TDG.VP.VMCALL: the host side of the GHCI, as public VMMs implement it.
 *
 * GetQuote (GHCI 3.3): R12 is the GPA of a buffer shared with the host,
 * R13 its size. The buffer starts with { u64 version; u64 status; u32
 * in_len; u32 out_len; } and the payload. Each VMM checks the call, marks
 * the buffer in flight and completes it later from a worker that talks to
 * a QGS on a unix socket. vmm= picks whose behaviour the model reproduces,
 * each following that VMM's source (checks, header writes with their
 * widths, payload handling, limits):
 *
 * qemu            upstream QEMU 10.1+ behind upstream KVM:
 *                 qemu/qemu target/i386/kvm/tdx.c tdx_handle_get_quote()
 *                 and tdx_get_quote_completion(), target/i386/kvm/
 *                 tdx-quote-generator.c tdx_generate_quote() and
 *                 tdx_get_quote_read(); torvalds/linux arch/x86/kvm/vmx/
 *                 tdx.c tdx_get_quote() (the shared-GPA check).
 *                 The payload, whatever it is, is wrapped in a QGS
 *                 GET_QUOTE_REQ (report_size = in_len); the reply is
 *                 checked and stripped to the bare quote.
 * qemu-canonical  Canonical's TDX QEMU (ppa:kobuk-team/tdx-release, read
 *                 from github.com/gierens/qemu-tdx-canonical):
 *                 target/i386/kvm/tdx.c tdx_handle_get_quote() and
 *                 tdx_get_quote_completion(), tdx-quote-generator.c.
 *                 The payload goes to QGS unchanged and whatever QGS
 *                 sends until it closes comes back unchanged; the status
 *                 is stored through cpu_to_le32(), so ERROR arrives as 0
 *                 and SERVICE_UNAVAILABLE as 1.
 *
 * quote_fault plays a broken or hostile host on top of either.
 */
#include <linux/atomic.h>
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

/* Both QEMUs: target/i386/kvm/tdx-quote-generator.h. */
#define QUOTE_HDR_LEN		24	/* TDX_GET_QUOTE_HDR_SIZE */
#define QUOTE_STATUS_OFF	8
#define QUOTE_IN_LEN_OFF	16
#define QUOTE_OUT_LEN_OFF	20
#define QUOTE_VERSION		1	/* TDX_GET_QUOTE_STRUCTURE_VERSION */
#define QUOTE_SUCCESS		0
#define QUOTE_IN_FLIGHT		0xffffffffffffffffULL
#define QUOTE_ERROR		0x8000000000000000ULL
#define QUOTE_UNAVAILABLE	0x8000000000000001ULL
#define QUOTE_BUF_MAX		(128 * 1024)	/* TDX_GET_QUOTE_MAX_BUF_LEN */
#define QUOTE_MAX_REQUESTS	16		/* TDX_MAX_GET_QUOTE_REQUEST */

/* Upstream QEMU's tdx-quote-generator.c: the QGS message it builds. */
#define QGS_PREFIX_LEN		4	/* HEADER_SIZE, big-endian length */
#define QGS_HDR_LEN		16	/* qgs_msg_header_t */
#define QGS_REQ_LEN		24	/* qgs_msg_get_quote_req_t */
#define QGS_RESP_LEN		24	/* qgs_msg_get_quote_resp_t */
#define QGS_GET_QUOTE_REQ	0
#define QGS_GET_QUOTE_RESP	1
#define QGS_IO_TIMEOUT		(30 * HZ)	/* TRANSACTION_TIMEOUT */

enum vmm_profile { VMM_QEMU, VMM_QEMU_CANONICAL };

enum quote_fault {
	FAULT_NONE,
	FAULT_UNAVAILABLE,	/* status SERVICE_UNAVAILABLE */
	FAULT_HOSTILE_OUT_LEN,	/* success, out_len past the buffer */
	FAULT_NO_REPLY,		/* the buffer is never completed */
	FAULT_ERROR,		/* status ERROR */
	FAULT_GARBAGE_STATUS,	/* a status the GHCI does not define */
	FAULT_REFUSE,		/* the VMCALL itself fails */
};

static char vmm[16] = "qemu";
module_param_string(vmm, vmm, sizeof(vmm), 0444);
MODULE_PARM_DESC(vmm, "GetQuote host: qemu (upstream QEMU 10.1+ and KVM) or qemu-canonical (Canonical's TDX QEMU)");
static enum vmm_profile profile;
static unsigned int quote_fault;
module_param(quote_fault, uint, 0644);
MODULE_PARM_DESC(quote_fault,
		 "GetQuote host: 0 none, 1 unavailable, 2 hostile out_len, 3 no reply, 4 error, 5 garbage status, 6 refuse VMCALL");
static unsigned int quote_delay_ms;
module_param(quote_delay_ms, uint, 0644);
MODULE_PARM_DESC(quote_delay_ms, "GetQuote host: delay before answering");
static char qgs_socket[UNIX_PATH_MAX] = "/run/tdxg-qgs.sock";
module_param_string(qgs_socket, qgs_socket, sizeof(qgs_socket), 0644);
MODULE_PARM_DESC(qgs_socket, "GetQuote host: unix socket of the QGS (empty: none configured)");
static unsigned int nr_quote_shared;
module_param(nr_quote_shared, uint, 0444);
MODULE_PARM_DESC(nr_quote_shared, "GetQuote calls whose GPA had the shared bit");
static unsigned int nr_quote_private;
module_param(nr_quote_private, uint, 0444);
MODULE_PARM_DESC(nr_quote_private, "GetQuote calls with a private GPA (refused with INVALID_OPERAND)");
static bool allow_private_gpa;
module_param(allow_private_gpa, bool, 0644);
MODULE_PARM_DESC(allow_private_gpa,
		 "GetQuote host: accept a GPA without the shared bit (for kernels whose cc_mkdec() is the identity on a non-TD; no VMM does)");
static unsigned int nr_map_gpa;
module_param(nr_map_gpa, uint, 0444);
MODULE_PARM_DESC(nr_map_gpa, "MapGPA calls");
static unsigned int notify_vector;
module_param(notify_vector, uint, 0444);
MODULE_PARM_DESC(notify_vector, "Vector set by SetupEventNotifyInterrupt (0: none)");

/* Both QEMUs: struct tdx_generate_quote_task, what the worker needs. */
struct quote_req {
	struct work_struct work;
	u8 *buf;			/* the guest's buffer, header first */
	u32 payload_len;		/* buf_len - QUOTE_HDR_LEN */
	u8 hdr[QUOTE_HDR_LEN];		/* task->hdr: as read at the VMCALL */
	u32 send_len;			/* hdr.in_len */
	u8 send[];			/* the payload, read at the VMCALL */
};

static struct workqueue_struct *vmm_wq;
/* tdx_guest->num: requests in flight, against TDX_MAX_GET_QUOTE_REQUEST. */
static atomic_t nr_inflight = ATOMIC_INIT(0);

static int qgs_connect(struct socket **sockp)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct socket *sock;
	int ret;

	ret = sock_create_kern(&init_net, AF_UNIX, SOCK_STREAM, 0, &sock);
	if (ret)
		return ret;
	sock->sk->sk_rcvtimeo = QGS_IO_TIMEOUT;
	sock->sk->sk_sndtimeo = QGS_IO_TIMEOUT;
	strscpy(addr.sun_path, qgs_socket, sizeof(addr.sun_path));
	strreplace(addr.sun_path, '\n', '\0');
	ret = kernel_connect(sock, (struct sockaddr *)&addr, sizeof(addr), 0);
	if (ret) {
		sock_release(sock);
		return ret;
	}
	*sockp = sock;
	return 0;
}

static int qgs_send(struct socket *sock, const void *buf, size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int ret = kernel_sendmsg(sock, &msg, &iov, 1, len);

	return ret < 0 ? ret : ret == len ? 0 : -EPIPE;
}

/* Up to len bytes; fewer only at EOF. Returns the count or an error. */
static int qgs_recv(struct socket *sock, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct kvec iov = { .iov_base = buf + got, .iov_len = len - got };
		struct msghdr msg = {};
		int ret = kernel_recvmsg(sock, &msg, &iov, 1, len - got, 0);

		if (ret < 0)
			return ret;
		if (!ret)
			break;
		got += ret;
	}
	return got;
}

/*
 * Upstream QEMU, tdx-quote-generator.c tdx_generate_quote(): a
 * GET_QUOTE_REQ v1.1 with report_size = in_len around the payload, as is.
 * tdx_get_quote_read() then reads at most payload_len bytes and checks,
 * as they arrive: the length prefix (not 0, at most payload_len - 4),
 * version 1.1, type GET_QUOTE_RESP, size within the message, error_code
 * 0, selected_id_size 0, quote_size == length - 24; the prefix and the
 * 24-byte response header are stripped. Returns the quote's length in
 * out (the receive buffer) or a GetQuote status.
 */
static u64 qemu_generate_quote(struct quote_req *rq, u8 *out, u32 *out_len)
{
	u32 req_len = QGS_PREFIX_LEN + QGS_REQ_LEN + rq->send_len, len;
	struct socket *sock;
	u8 *req;
	int ret;

	req = kvmalloc(req_len, GFP_KERNEL);
	if (!req)
		return QUOTE_ERROR;
	put_unaligned_be32(QGS_REQ_LEN + rq->send_len, req);
	put_unaligned_le16(1, req + 4);			/* major_version */
	put_unaligned_le16(1, req + 6);			/* minor_version */
	put_unaligned_le32(QGS_GET_QUOTE_REQ, req + 8);
	put_unaligned_le32(QGS_REQ_LEN + rq->send_len, req + 12);
	put_unaligned_le32(0, req + 16);		/* error_code */
	put_unaligned_le32(rq->send_len, req + 20);	/* report_size */
	put_unaligned_le32(0, req + 24);		/* id_list_size */
	memcpy(req + QGS_PREFIX_LEN + QGS_REQ_LEN, rq->send, rq->send_len);

	/* tdx_quote_generator_connected(): no connection, QGS_UNAVAILABLE. */
	if (qgs_connect(&sock)) {
		kvfree(req);
		return QUOTE_UNAVAILABLE;
	}
	ret = qgs_send(sock, req, req_len);
	kvfree(req);
	if (ret)
		goto error;
	ret = qgs_recv(sock, out, QGS_PREFIX_LEN);
	if (ret != QGS_PREFIX_LEN)
		goto error;
	len = get_unaligned_be32(out);
	if (!len || len > rq->payload_len - QGS_PREFIX_LEN)
		goto error;
	/*
	 * QEMU would strip 28 bytes from a shorter complete message (a
	 * negative memmove length); the model refuses it instead.
	 */
	if (len < QGS_RESP_LEN)
		goto error;
	ret = qgs_recv(sock, out + QGS_PREFIX_LEN, len);
	if (ret != len)
		goto error;	/* "End of file before reply received" */
	out += QGS_PREFIX_LEN;
	if (get_unaligned_le16(out) != 1 || get_unaligned_le16(out + 2) != 1 ||
	    get_unaligned_le32(out + 4) != QGS_GET_QUOTE_RESP ||
	    get_unaligned_le32(out + 8) > len ||
	    get_unaligned_le32(out + 12) ||		/* error_code */
	    get_unaligned_le32(out + 16) ||		/* selected_id_size */
	    get_unaligned_le32(out + 20) != len - QGS_RESP_LEN)
		goto error;
	sock_release(sock);
	memmove(out - QGS_PREFIX_LEN, out + QGS_RESP_LEN, len - QGS_RESP_LEN);
	*out_len = len - QGS_RESP_LEN;
	return QUOTE_SUCCESS;
error:
	sock_release(sock);
	return QUOTE_ERROR;
}

/*
 * Canonical's tdx-quote-generator.c: the payload goes to QGS as it is,
 * and tdx_get_quote_read() takes whatever arrives until QGS closes the
 * connection or payload_len bytes came: SUCCESS, however few. A read
 * error, or no end within TRANSACTION_TIMEOUT, is ERROR.
 */
static u64 canonical_generate_quote(struct quote_req *rq, u8 *out, u32 *out_len)
{
	struct socket *sock;
	int ret;

	if (qgs_connect(&sock))
		return QUOTE_UNAVAILABLE;
	ret = qgs_send(sock, rq->send, rq->send_len);
	if (!ret)
		ret = qgs_recv(sock, out, rq->payload_len);
	sock_release(sock);
	if (ret < 0)
		return QUOTE_ERROR;
	*out_len = ret;
	return QUOTE_SUCCESS;
}

/*
 * tdx_get_quote_completion(): the quote into the payload, then the header
 * kept from the VMCALL with error_code and (on success) out_len, written
 * in one copy after smp_wmb(). Upstream stores both through
 * cpu_to_le64(); Canonical stores error_code through cpu_to_le32() (the
 * status truncated to 32 bits) and out_len through cpu_to_le64() into a
 * u32 (truncated, harmless below 4 GiB).
 */
static void complete_quote(struct quote_req *rq, u64 status, const u8 *data,
			   u32 len)
{
	u8 *hdr = rq->hdr;

	if (status == QUOTE_SUCCESS) {
		memcpy(rq->buf + QUOTE_HDR_LEN, data, len);
		put_unaligned_le32(len, hdr + QUOTE_OUT_LEN_OFF);
	}
	if (profile == VMM_QEMU_CANONICAL)
		status = (u32)status;
	put_unaligned_le64(status, hdr + QUOTE_STATUS_OFF);
	/* QEMU's smp_wmb(): the quote is visible before the header. */
	smp_wmb();
	/* address_space_write() of the 24 bytes, in offset order. */
	WRITE_ONCE(*(u64 *)rq->buf, get_unaligned_le64(hdr));
	WRITE_ONCE(*(u64 *)(rq->buf + QUOTE_STATUS_OFF), get_unaligned_le64(hdr + 8));
	WRITE_ONCE(*(u64 *)(rq->buf + QUOTE_IN_LEN_OFF), get_unaligned_le64(hdr + 16));
}

/* A hostile host, not a VMM's code: the header written directly. */
static void write_raw(u8 *buf, u64 status, u32 out_len)
{
	put_unaligned_le32(out_len, buf + QUOTE_OUT_LEN_OFF);
	/* out_len is visible before the status the guest polls. */
	smp_wmb();
	WRITE_ONCE(*(u64 *)(buf + QUOTE_STATUS_OFF), status);
}

static void quote_work(struct work_struct *work)
{
	struct quote_req *rq = container_of(work, struct quote_req, work);
	unsigned int fault = READ_ONCE(quote_fault);
	u32 out_len = 0;
	u64 status;
	u8 *out;

	if (quote_delay_ms)
		msleep(quote_delay_ms);
	/* task->receive_buf = g_malloc0(task->payload_len) */
	out = kvzalloc(rq->payload_len, GFP_KERNEL);
	if (fault == FAULT_NO_REPLY) {
		goto out;
	} else if (fault == FAULT_GARBAGE_STATUS) {
		write_raw(rq->buf, 0x1234, 16);
		goto out;
	} else if (fault == FAULT_UNAVAILABLE) {
		status = QUOTE_UNAVAILABLE;
	} else if (fault == FAULT_ERROR || !out) {
		status = QUOTE_ERROR;
	} else if (profile == VMM_QEMU_CANONICAL) {
		status = canonical_generate_quote(rq, out, &out_len);
	} else {
		status = qemu_generate_quote(rq, out, &out_len);
	}
	if (status != QUOTE_SUCCESS)
		pr_debug("GetQuote to QGS at %s: status %#llx\n", qgs_socket, status);
	complete_quote(rq, status, out, out_len);
	if (status == QUOTE_SUCCESS && fault == FAULT_HOSTILE_OUT_LEN)
		write_raw(rq->buf, QUOTE_SUCCESS, U32_MAX - 7);
out:
	atomic_dec(&nr_inflight);
	kvfree(out);
	kfree(rq);
}

/*
 * The VMCALL. Upstream: KVM's tdx_get_quote() refuses a private GPA and
 * strips the shared bit; QEMU's tdx_handle_get_quote() then checks size,
 * alignment, version, TDX_GET_QUOTE_MAX_BUF_LEN and in_len. Canonical's
 * tdx_handle_get_quote() checks size, the shared bit, alignment, version,
 * that error_code and out_len are 0 ("Paranoid: Guest should clear
 * error_code and out_len"), then the limits. Both then answer at once
 * without a QGS, refuse a 17th request with RETRY, read the payload and
 * mark the buffer in flight.
 */
static u64 get_quote(u64 gpa, u64 size)
{
	bool canonical = profile == VMM_QEMU_CANONICAL;
	struct quote_req *rq;
	u32 in_len;
	u8 *buf;

	if (READ_ONCE(quote_fault) == FAULT_REFUSE)
		return TDVMCALL_INVALID_OPERAND;
	if (!(gpa & MODEL_SHARED_BIT)) {
		nr_quote_private++;
		if (!READ_ONCE(allow_private_gpa) && (!canonical || size))
			return TDVMCALL_INVALID_OPERAND; /* Canonical: size first */
	} else {
		nr_quote_shared++;
	}
	gpa &= ~MODEL_SHARED_BIT;
	if (!size)
		return TDVMCALL_INVALID_OPERAND;
	if (!IS_ALIGNED(gpa, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return TDVMCALL_ALIGN_ERROR;
	buf = model_gpa_to_virt(gpa, min_t(u64, size, QUOTE_BUF_MAX));
	if (!buf)
		return TDVMCALL_INVALID_OPERAND; /* QEMU: failed to read header */
	if (get_unaligned_le64(buf) != QUOTE_VERSION)
		return TDVMCALL_INVALID_OPERAND;
	if (canonical && (get_unaligned_le64(buf + QUOTE_STATUS_OFF) ||
			  get_unaligned_le32(buf + QUOTE_OUT_LEN_OFF)))
		return TDVMCALL_INVALID_OPERAND;
	in_len = get_unaligned_le32(buf + QUOTE_IN_LEN_OFF);
	if (size > QUOTE_BUF_MAX || in_len > size - QUOTE_HDR_LEN)
		return TDVMCALL_INVALID_OPERAND;
	if (!qgs_socket[0] || qgs_socket[0] == '\n') {
		/* No quote-generation-socket: UNAVAILABLE, through cpu_to_le64. */
		WRITE_ONCE(*(u64 *)(buf + QUOTE_STATUS_OFF), QUOTE_UNAVAILABLE);
		return TDVMCALL_SUCCESS;
	}
	if (atomic_inc_return(&nr_inflight) > QUOTE_MAX_REQUESTS) {
		atomic_dec(&nr_inflight);
		return TDVMCALL_RETRY;
	}
	/* Interrupts are off in the trap: no sleeping allocation here. */
	rq = kmalloc(struct_size(rq, send, in_len), GFP_ATOMIC | __GFP_NOWARN);
	if (!rq) {
		/* The model's own limit, not a VMM's. */
		atomic_dec(&nr_inflight);
		return TDVMCALL_RETRY;
	}
	rq->buf = buf;
	rq->payload_len = size - QUOTE_HDR_LEN;
	memcpy(rq->hdr, buf, QUOTE_HDR_LEN);
	rq->send_len = in_len;
	memcpy(rq->send, buf + QUOTE_HDR_LEN, in_len);
	put_unaligned_le64(QUOTE_IN_FLIGHT, rq->hdr + QUOTE_STATUS_OFF);
	WRITE_ONCE(*(u64 *)(buf + QUOTE_STATUS_OFF), QUOTE_IN_FLIGHT);
	INIT_WORK(&rq->work, quote_work);
	queue_work(vmm_wq, &rq->work);
	return TDVMCALL_SUCCESS;
}

/*
 * MapGPA, as upstream KVM checks it before handing the range to QEMU
 * (torvalds/linux arch/x86/kvm/vmx/tdx.c tdx_map_gpa()): a range that
 * wraps, leaves the GPA width or crosses the shared bit is
 * INVALID_OPERAND, then a GPA or size not page aligned is ALIGN_ERROR.
 * No page changes state here (this guest is not a TD), and no kernel
 * tested here issues it: a non-TD kernel's set_memory_decrypted() does
 * not convert anything (nr_map_gpa shows it).
 */
static u64 map_gpa(u64 gpa, u64 size)
{
	u64 last = gpa + size - 1;

	nr_map_gpa++;
	if (gpa + size <= gpa || gpa >> MODEL_GPAW || last >> MODEL_GPAW ||
	    (gpa & MODEL_SHARED_BIT) != (last & MODEL_SHARED_BIT))
		return TDVMCALL_INVALID_OPERAND;
	if (!PAGE_ALIGNED(gpa) || !PAGE_ALIGNED(size))
		return TDVMCALL_ALIGN_ERROR;
	return TDVMCALL_SUCCESS;
}

void model_vp_vmcall(struct tdcall_ctx *c)
{
	const u64 need = EXPOSE(10) | EXPOSE(11) | EXPOSE(12) | EXPOSE(13);

	/*
	 * RAX, RCX and RSP can never be passed to the VMM, and RCX bits 63:32
	 * are reserved: intel/tdx-module (tdx_1.5) src/td_dispatcher/vm_exits/
	 * tdg_vp_vmcall.c tdg_vp_vmcall(), "Bits 0, 1 and 4 and 63:32 of RCX
	 * must be 0".
	 */
	if (c->rcx & (BIT_ULL(0) | BIT_ULL(1) | BIT_ULL(4) | GENMASK_ULL(63, 32))) {
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
		c->r10 = map_gpa(c->r12, c->r13);
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
	if (sysfs_streq(vmm, "qemu")) {
		profile = VMM_QEMU;
	} else if (sysfs_streq(vmm, "qemu-canonical")) {
		profile = VMM_QEMU_CANONICAL;
	} else {
		pr_err("vmm=%s: not qemu or qemu-canonical\n", vmm);
		return -EINVAL;
	}
	vmm_wq = alloc_workqueue("tdx_model_vmm", WQ_UNBOUND, 0);
	return vmm_wq ? 0 : -ENOMEM;
}

void model_vmm_exit(void)
{
	destroy_workqueue(vmm_wq);
}
