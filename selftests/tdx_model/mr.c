// SPDX-License-Identifier: GPL-2.0
/*
 * Measurement registers: TDG.VP.INFO, TDG.MR.REPORT, TDG.MR.RTMR.EXTEND.
 *
 * Layouts are the TDX Module ABI's, by byte offset:
 *   TDREPORT_STRUCT (1024): REPORTMACSTRUCT @0, TEE_TCB_INFO @256,
 *     reserved @495, TDINFO_STRUCT @512.
 *   REPORTMACSTRUCT (256): REPORTTYPE @0 (type 0x81, subtype, version),
 *     CPUSVN @16, TEE_TCB_INFO_HASH @32, TEE_INFO_HASH @80,
 *     REPORTDATA @128, MAC @224 over bytes 0..223.
 *   TEE_TCB_INFO (239 used): VALID @0, TEE_TCB_SVN @8, MRSEAM @24,
 *     MRSIGNERSEAM @72, ATTRIBUTES @120, TEE_TCB_SVN2 @128.
 *   TDINFO_STRUCT (512): ATTRIBUTES @0, XFAM @8, MRTD @16, MRCONFIGID @64,
 *     MROWNER @112, MROWNERCONFIG @160, RTMR0..3 @208, SERVTD_HASH @400.
 *
 * The RTMR lock is the TDX module's (intel/tdx-module tdx_1.5): both
 * leaves try-lock it and fail with TDX_OPERAND_BUSY | OPERAND_ID_RTMR
 * instead of waiting. TDG.MR.REPORT takes it shared while it snapshots
 * TDINFO (src/common/helpers/helpers.c get_tdinfo_and_teeinfohash(),
 * acquire_sharex_lock_hp_sh() in src/common/helpers/tdx_locks.h, error
 * tagged in src/td_dispatcher/vm_exits/tdg_mr_report.c), so it fails
 * while an extend holds it; TDG.MR.RTMR.EXTEND takes it exclusively
 * (tdg_mr_rtmr_extend.c, acquire_sharex_lock_hp_ex()). report_hold_us widens
 * the shared hold so tests can make that contention happen on demand.
 * Leaves run in the #UD trap with interrupts off, so the lock is a bare
 * atomic (readers count up, a writer holds -1): rwlock_t sleeps on
 * PREEMPT_RT.
 */
#include <crypto/hash.h>
#include <linux/acpi.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/atomic.h>
#include <linux/string.h>
#if __has_include(<linux/hex.h>)
#include <linux/hex.h>
#endif
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "model.h"

#define TDREPORT_LEN		1024
#define REPORTDATA_LEN		64
#define MAC_OFF			224
#define MAC_KEY_LEN		32
#define TCB_OFF			256
#define TCB_INFO_LEN		239
#define TDINFO_OFF		512
#define TDINFO_LEN		512

#define TDINFO_XFAM		8
#define TDINFO_MRTD		16
#define TDINFO_MRCONFIGID	64
#define TDINFO_MROWNER		112
#define TDINFO_MROWNERCONFIG	160
#define TDINFO_RTMR		208

#define TCB_VALID		0
#define TCB_SVN			8
#define TCB_MRSEAM		24
#define TCB_MRSIGNERSEAM	72

#define REPORT_TYPE_TDX		0x81

unsigned int extend_busy;
module_param(extend_busy, uint, 0644);
MODULE_PARM_DESC(extend_busy, "Fail the next N TDG.MR.RTMR.EXTEND with TDX_OPERAND_BUSY");
unsigned int report_hold_us;
module_param(report_hold_us, uint, 0644);
MODULE_PARM_DESC(report_hold_us, "TDG.MR.REPORT holds the RTMR lock shared this long (max 20000)");
static unsigned int extend_busy_skip;
module_param(extend_busy_skip, uint, 0644);
MODULE_PARM_DESC(extend_busy_skip, "Let this many extends succeed before extend_busy applies (fail a second TDCALL, not the first)");
static unsigned int invalid_next;
module_param(invalid_next, uint, 0644);
MODULE_PARM_DESC(invalid_next, "Fail the next N TDG.MR.REPORT or TDG.MR.RTMR.EXTEND with TDX_OPERAND_INVALID");
unsigned int busy_returned;
module_param(busy_returned, uint, 0444);
MODULE_PARM_DESC(busy_returned, "TDX_OPERAND_BUSY returned by TDG.MR.RTMR.EXTEND so far");
static bool report_busy = true;
module_param(report_busy, bool, 0644);
MODULE_PARM_DESC(report_busy,
		 "TDG.MR.REPORT fails with TDX_OPERAND_BUSY while an extend holds the RTMR lock, as the TDX module does (0: it waits)");
/*
 * What TDG.MR.REPORT answers while an extend on another vCPU holds the
 * RTMR lock exclusively (intel/tdx-module tdx_1.5, helpers.c
 * get_tdinfo_and_teeinfohash(): acquire_sharex_lock_hp_sh() failing gives
 * TDX_OPERAND_BUSY with OPERAND_ID_RTMR), on demand: no extender outside
 * tdxg exists on a kernel before 6.16, and tdxg never races itself.
 */
static unsigned int report_busy_next;
module_param(report_busy_next, uint, 0644);
MODULE_PARM_DESC(report_busy_next,
		 "Fail the next N TDG.MR.REPORT with TDX_OPERAND_BUSY, as while another vCPU's extend holds the RTMR lock");
static unsigned int report_busy_returned;
module_param(report_busy_returned, uint, 0444);
MODULE_PARM_DESC(report_busy_returned, "TDX_OPERAND_BUSY returned by TDG.MR.REPORT so far");
static unsigned int nr_extends;
module_param(nr_extends, uint, 0444);
MODULE_PARM_DESC(nr_extends, "Successful TDG.MR.RTMR.EXTEND so far");

static char *mrtd;
module_param(mrtd, charp, 0444);
MODULE_PARM_DESC(mrtd, "MRTD as 96 hex digits (default SHA-384(\"tdx-model MRTD\"))");
static char *mrconfigid;
module_param(mrconfigid, charp, 0444);
MODULE_PARM_DESC(mrconfigid, "MRCONFIGID as 96 hex digits (default zero)");
static char *mrowner;
module_param(mrowner, charp, 0444);
MODULE_PARM_DESC(mrowner, "MROWNER as 96 hex digits (default zero)");
static char *mrownerconfig;
module_param(mrownerconfig, charp, 0444);
MODULE_PARM_DESC(mrownerconfig, "MROWNERCONFIG as 96 hex digits (default zero)");
static bool rtmr_from_ccel = true;
module_param(rtmr_from_ccel, bool, 0444);
MODULE_PARM_DESC(rtmr_from_ccel, "Start RTMR0..3 at the replay of the ACPI CCEL log, as firmware leaves them");

#define REPORT_HOLD_MAX_US	20000

static atomic_t rtmr_lock = ATOMIC_INIT(0);
static u8 tdinfo[TDINFO_LEN];		/* under rtmr_lock */

static void rtmr_read_lock(void)
{
	for (;;) {
		int v = atomic_read(&rtmr_lock);

		if (v >= 0 && atomic_cmpxchg_acquire(&rtmr_lock, v, v + 1) == v)
			return;
		cpu_relax();
	}
}

/* acquire_sharex_lock_hp_sh(): fails only while a writer holds it. */
static bool rtmr_read_trylock(void)
{
	for (;;) {
		int v = atomic_read(&rtmr_lock);

		if (v < 0)
			return false;
		if (atomic_cmpxchg_acquire(&rtmr_lock, v, v + 1) == v)
			return true;
	}
}

static void rtmr_read_unlock(void)
{
	atomic_dec_return_release(&rtmr_lock);
}

static bool rtmr_write_trylock(void)
{
	return atomic_cmpxchg_acquire(&rtmr_lock, 0, -1) == 0;
}

static void rtmr_write_unlock(void)
{
	atomic_set_release(&rtmr_lock, 0);
}
static u8 tcb_info[TCB_INFO_LEN];	/* constant after init */
static u8 mac_key[MAC_KEY_LEN];
static struct crypto_shash *sha384_tfm, *hmac_tfm;

static int sha384_2(const void *a, size_t alen, const void *b, size_t blen,
		    u8 *out)
{
	SHASH_DESC_ON_STACK(desc, sha384_tfm);
	int ret;

	desc->tfm = sha384_tfm;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, a, alen) ?:
	      (blen ? crypto_shash_update(desc, b, blen) : 0) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/*
 * A GPA the guest handed over, as a kernel pointer into the direct map,
 * or NULL if any page of it is not RAM. The model is not a TD, so GPA
 * and physical address are the same once the shared bit is gone.
 */
void *model_gpa_to_virt(u64 gpa, u64 len)
{
	u64 pfn, last;

	if (!len || gpa + len < gpa || (gpa + len - 1) >> MODEL_GPAW)
		return NULL;
	last = (gpa + len - 1) >> PAGE_SHIFT;
	for (pfn = gpa >> PAGE_SHIFT; pfn <= last; pfn++)
		if (!pfn_valid(pfn) || !page_is_ram(pfn))
			return NULL;
	return phys_to_virt(gpa);
}

/* One injected TDX_OPERAND_INVALID, if any are left. */
static bool inject_invalid(void)
{
	if (!READ_ONCE(invalid_next))
		return false;
	WRITE_ONCE(invalid_next, invalid_next - 1);
	return true;
}

/* Private-memory operand of len bytes at an align-byte boundary. */
static void *private_operand(u64 gpa, u64 len, u64 align)
{
	if (gpa & MODEL_SHARED_BIT || !IS_ALIGNED(gpa, align))
		return NULL;
	return model_gpa_to_virt(gpa, len);
}

void model_vp_info(struct tdcall_ctx *c)
{
	c->rcx = MODEL_GPAW;		/* GPAW in bits 5:0 */
	c->rdx = get_unaligned_le64(tdinfo);	/* TD ATTRIBUTES */
	c->r8 = ((u64)num_possible_cpus() << 32) | num_online_cpus();
	c->r9 = smp_processor_id();	/* VCPU_INDEX */
	/*
	 * intel/tdx-module tdx_1.5 src/td_dispatcher/vm_exits/tdg_vp_info.c
	 * tdg_vp_info(): R10 is tdg_commands_available_t with bit 0
	 * (tdg_sys_rd_available, include/tdx_api_defs.h) always 1; R11 is
	 * reserved, 0.
	 */
	c->r10 = MODEL_VP_INFO_SYS_RD;
	c->r11 = 0;
	c->rax = TDX_SUCCESS;
}

static void hold_shared(void)
{
	unsigned int us = min(READ_ONCE(report_hold_us), REPORT_HOLD_MAX_US);

	while (us) {
		unsigned int step = min(us, 100U);

		udelay(step);
		us -= step;
	}
}

void model_mr_report(struct tdcall_ctx *c)
{
	u8 *report = private_operand(c->rcx, TDREPORT_LEN, TDREPORT_LEN);
	u8 *reportdata = private_operand(c->rdx, REPORTDATA_LEN, REPORTDATA_LEN);
	int ret;

	if (!report || inject_invalid()) {
		c->rax = TDX_OPERAND_INVALID | OPERAND_ID_RCX;
		return;
	}
	if (!reportdata) {
		c->rax = TDX_OPERAND_INVALID | OPERAND_ID_RDX;
		return;
	}
	/* Only subtype 0 is defined. */
	if (c->r8) {
		c->rax = TDX_OPERAND_INVALID | OPERAND_ID_R8;
		return;
	}
	/*
	 * Nothing is written unless the lock is had: the module builds the
	 * report in a temporary buffer and copies it out on success.
	 */
	if (READ_ONCE(report_busy_next)) {
		WRITE_ONCE(report_busy_next, report_busy_next - 1);
		report_busy_returned++;
		c->rax = TDX_OPERAND_BUSY | OPERAND_ID_RTMR;
		return;
	}
	if (!READ_ONCE(report_busy)) {
		rtmr_read_lock();
	} else if (!rtmr_read_trylock()) {
		report_busy_returned++;
		c->rax = TDX_OPERAND_BUSY | OPERAND_ID_RTMR;
		return;
	}
	/* REPORTDATA may overlap the output: take it first. */
	memmove(report + 128, reportdata, REPORTDATA_LEN);
	memset(report, 0, 128);
	memset(report + 128 + REPORTDATA_LEN, 0, TDREPORT_LEN - 128 - REPORTDATA_LEN);
	report[0] = REPORT_TYPE_TDX;
	memcpy(report + 16, tcb_info + TCB_SVN, 16);	/* CPUSVN */
	memcpy(report + TCB_OFF, tcb_info, TCB_INFO_LEN);

	memcpy(report + TDINFO_OFF, tdinfo, TDINFO_LEN);
	hold_shared();
	rtmr_read_unlock();

	ret = sha384_2(report + TCB_OFF, TCB_INFO_LEN, NULL, 0, report + 32) ?:
	      sha384_2(report + TDINFO_OFF, TDINFO_LEN, NULL, 0, report + 80) ?:
	      crypto_shash_tfm_digest(hmac_tfm, report, MAC_OFF, report + MAC_OFF);
	if (ret) {
		/* Not an ABI status: the model itself broke. Loudly. */
		WARN_ONCE(1, "tdx_model: hashing failed: %d\n", ret);
		memset(report, 0, TDREPORT_LEN);
		c->rax = TDX_OPERAND_INVALID;
		return;
	}
	c->rax = TDX_SUCCESS;
}

/*
 * Another extender: TDG.MR.RTMR.EXTEND made by a caller that is not
 * tdxg, as the kernel's own tdx_guest driver does for a write to its
 * measurements/rtmrN:sha384 (linux drivers/virt/coco/tdx-guest/
 * tdx-guest.c tdx_mr_extend() -> arch/x86/coco/tdx/tdx.c
 * tdx_mcall_extend_rtmr()) on 6.16 and later. Writing N extends RTMR N
 * once with SHA-384("tdx_model extend_outside"), waiting for the RTMR
 * lock as a caller retrying BUSY would; nr_outside counts them.
 */
static unsigned int nr_outside;
module_param(nr_outside, uint, 0444);
MODULE_PARM_DESC(nr_outside, "Extends made through extend_outside so far");

static int extend_outside_set(const char *val, const struct kernel_param *kp)
{
	static const char tag[] = "tdx_model extend_outside";
	u8 digest[MODEL_MR_LEN], *rtmr;
	unsigned int index;
	int ret;

	ret = kstrtouint(val, 0, &index);
	if (ret)
		return ret;
	if (index >= MODEL_NR_RTMR)
		return -ENXIO;
	ret = sha384_2(tag, sizeof(tag) - 1, NULL, 0, digest);
	if (ret)
		return ret;
	while (!rtmr_write_trylock())
		cpu_relax();
	rtmr = tdinfo + TDINFO_RTMR + index * MODEL_MR_LEN;
	ret = sha384_2(rtmr, MODEL_MR_LEN, digest, MODEL_MR_LEN, rtmr);
	rtmr_write_unlock();
	if (!ret)
		nr_outside++;
	return ret;
}

static const struct kernel_param_ops extend_outside_ops = {
	.set = extend_outside_set,
};
module_param_cb(extend_outside, &extend_outside_ops, NULL, 0200);
MODULE_PARM_DESC(extend_outside, "Write N: extend RTMR N as an extender other than tdxg would");

void model_mr_rtmr_extend(struct tdcall_ctx *c)
{
	const u8 *data = private_operand(c->rcx, MODEL_MR_LEN, 64);
	u8 *rtmr;
	int ret;

	if (!data || inject_invalid()) {
		c->rax = TDX_OPERAND_INVALID | OPERAND_ID_RCX;
		return;
	}
	if (c->rdx >= MODEL_NR_RTMR) {
		c->rax = TDX_OPERAND_INVALID | OPERAND_ID_RDX;
		return;
	}
	if (READ_ONCE(extend_busy)) {
		if (READ_ONCE(extend_busy_skip)) {
			WRITE_ONCE(extend_busy_skip, extend_busy_skip - 1);
		} else {
			WRITE_ONCE(extend_busy, extend_busy - 1);
			goto busy;
		}
	}
	if (!rtmr_write_trylock())
		goto busy;
	rtmr = tdinfo + TDINFO_RTMR + c->rdx * MODEL_MR_LEN;
	ret = sha384_2(rtmr, MODEL_MR_LEN, data, MODEL_MR_LEN, rtmr);
	rtmr_write_unlock();
	if (ret) {
		WARN_ONCE(1, "tdx_model: hashing failed: %d\n", ret);
		c->rax = TDX_OPERAND_INVALID;
		return;
	}
	nr_extends++;
	c->rax = TDX_SUCCESS;
	return;
busy:
	busy_returned++;
	c->rax = TDX_OPERAND_BUSY | OPERAND_ID_RTMR;
}

/*
 * Firmware extends RTMR0..3 with what it records in the CCEL: replay the
 * log so the model's registers are those firmware would have left. The
 * log is TCG crypto-agile: one SHA-1-format Spec ID event, then
 * TCG_PCR_EVENT2 records whose MR index is RTMR + 1 (0 is MRTD).
 */
#define EV_NO_ACTION		3
#define TPM_ALG_SHA384		0x000c
#define SPEC_ID_HDR		32	/* pcr, type, sha1[20], event size */
#define SPEC_ID_NALGS		24	/* offset of numberOfAlgorithms */
#define MAX_ALGS		8

struct tcg_cursor {
	const u8 *p, *end;
};

static bool take(struct tcg_cursor *cur, size_t n, const u8 **out)
{
	if ((size_t)(cur->end - cur->p) < n)
		return false;
	if (out)
		*out = cur->p;
	cur->p += n;
	return true;
}

static void replay_log(const u8 *log, size_t len)
{
	struct tcg_cursor cur = { log, log + len };
	u16 alg_id[MAX_ALGS], alg_len[MAX_ALGS];
	const u8 *hdr, *spec, *f;
	u32 spec_len, nalgs, i, j, replayed = 0;

	if (!take(&cur, SPEC_ID_HDR, &hdr))
		return;
	spec_len = get_unaligned_le32(hdr + 28);
	if (spec_len < SPEC_ID_NALGS + 4 || !take(&cur, spec_len, &spec))
		return;
	nalgs = get_unaligned_le32(spec + SPEC_ID_NALGS);
	if (!nalgs || nalgs > MAX_ALGS || SPEC_ID_NALGS + 4 + 4 * nalgs > spec_len)
		return;
	for (i = 0; i < nalgs; i++) {
		alg_id[i] = get_unaligned_le16(spec + SPEC_ID_NALGS + 4 + 4 * i);
		alg_len[i] = get_unaligned_le16(spec + SPEC_ID_NALGS + 6 + 4 * i);
	}
	for (;;) {
		const u8 *sha384 = NULL;
		u32 mr, type, count, esize;

		if (!take(&cur, 12, &f))
			break;
		mr = get_unaligned_le32(f);
		type = get_unaligned_le32(f + 4);
		count = get_unaligned_le32(f + 8);
		/* Unused log space is 0xff filled. */
		if (mr == 0xffffffff || !count || count > nalgs)
			break;
		for (i = 0; i < count; i++) {
			const u8 *d;

			if (!take(&cur, 2, &f))
				return;
			for (j = 0; j < nalgs && alg_id[j] != get_unaligned_le16(f); j++)
				;
			if (j == nalgs || !take(&cur, alg_len[j], &d))
				return;
			if (alg_id[j] == TPM_ALG_SHA384 && alg_len[j] == MODEL_MR_LEN)
				sha384 = d;
		}
		if (!take(&cur, 4, &f))
			return;
		esize = get_unaligned_le32(f);
		if (!take(&cur, esize, NULL))
			return;
		if (type == EV_NO_ACTION || !sha384 || mr < 1 || mr > MODEL_NR_RTMR)
			continue;
		sha384_2(tdinfo + TDINFO_RTMR + (mr - 1) * MODEL_MR_LEN, MODEL_MR_LEN,
			 sha384, MODEL_MR_LEN,
			 tdinfo + TDINFO_RTMR + (mr - 1) * MODEL_MR_LEN);
		replayed++;
	}
	pr_info("RTMRs start at the CCEL replay: %u events\n", replayed);
}

static void init_rtmrs_from_ccel(void)
{
	struct acpi_table_header *t;
	u64 laml, lasa;
	void *log;

	if (acpi_disabled || ACPI_FAILURE(acpi_get_table("CCEL", 0, &t)))
		return;
	if (t->length >= 56) {
		laml = get_unaligned_le64((u8 *)t + 40);
		lasa = get_unaligned_le64((u8 *)t + 48);
		log = laml && laml <= SZ_16M ? memremap(lasa, laml, MEMREMAP_WB) : NULL;
		if (log) {
			replay_log(log, laml);
			memunmap(log);
		}
	}
	acpi_put_table(t);
}

static int parse_mr(const char *name, const char *hex, u8 *out)
{
	if (!hex)
		return 0;
	if (strlen(hex) != 2 * MODEL_MR_LEN || hex2bin(out, hex, MODEL_MR_LEN)) {
		pr_err("%s: need %d hex digits\n", name, 2 * MODEL_MR_LEN);
		return -EINVAL;
	}
	return 0;
}

/*
 * The generic C drivers by name. Kernels whose crypto/sha512.c and
 * crypto/sha256.c wrap lib/crypto have none: they register "sha384-lib"
 * and "hmac-sha256-lib" (torvalds/linux crypto/sha512.c, crypto/sha256.c,
 * cra_driver_name), which fall back from SIMD where it is unusable.
 */
static struct crypto_shash *alloc_shash(const char *generic, const char *lib)
{
	struct crypto_shash *tfm = crypto_alloc_shash(generic, 0, 0);

	if (IS_ERR(tfm) && PTR_ERR(tfm) == -ENOENT)
		tfm = crypto_alloc_shash(lib, 0, 0);
	return tfm;
}

int model_mr_init(void)
{
	static const char mrtd_seed[] = "tdx-model MRTD";
	int ret;

	sha384_tfm = alloc_shash("sha384-generic", "sha384-lib");
	if (IS_ERR(sha384_tfm)) {
		pr_err("no SHA-384 driver: %ld\n", PTR_ERR(sha384_tfm));
		return PTR_ERR(sha384_tfm);
	}
	hmac_tfm = alloc_shash("hmac(sha256-generic)", "hmac-sha256-lib");
	if (IS_ERR(hmac_tfm)) {
		pr_err("no HMAC-SHA-256 driver: %ld\n", PTR_ERR(hmac_tfm));
		ret = PTR_ERR(hmac_tfm);
		goto err_sha;
	}
	/* The CPU's report MAC key never leaves the platform. */
	get_random_bytes(mac_key, sizeof(mac_key));
	ret = crypto_shash_setkey(hmac_tfm, mac_key, sizeof(mac_key));
	if (ret)
		goto err_hmac;

	/*
	 * TEE_TCB_INFO.VALID has one bit per 8-byte word that holds a field
	 * (intel/tdx-module tdx_1.5 include/tdx_api_defs.h, tee_tcb_info_t).
	 * SEAMDB_REPORT (CPU, not module source; tdg_mr_report.c calls it)
	 * fills it for an Intel-signed module as real TDREPORTs show: words
	 * 0-8 (VALID, TEE_TCB_SVN, MRSEAM) valid, so valid[0] = 0xff,
	 * valid[1] = 0x01, the rest 0; MRSIGNERSEAM and ATTRIBUTES are set
	 * only "if non-intel SEAM module was loaded".
	 */
	put_unaligned_le64(0x1ff, tcb_info + TCB_VALID);
	tcb_info[TCB_SVN + 0] = 5;	/* TDX module minor SVN */
	tcb_info[TCB_SVN + 1] = 1;	/* TDX module major SVN */
	tcb_info[TCB_SVN + 2] = 2;	/* late microcode SVN */
	memset(tcb_info + TCB_MRSEAM, 0x5e, MODEL_MR_LEN);
	/* Debug off; XFAM: x87, SSE, AVX, AVX-512, PK, AMX. */
	put_unaligned_le64(0x00000000000602e7ULL, tdinfo + TDINFO_XFAM);
	ret = sha384_2(mrtd_seed, sizeof(mrtd_seed) - 1, NULL, 0, tdinfo + TDINFO_MRTD) ?:
	      parse_mr("mrtd", mrtd, tdinfo + TDINFO_MRTD) ?:
	      parse_mr("mrconfigid", mrconfigid, tdinfo + TDINFO_MRCONFIGID) ?:
	      parse_mr("mrowner", mrowner, tdinfo + TDINFO_MROWNER) ?:
	      parse_mr("mrownerconfig", mrownerconfig, tdinfo + TDINFO_MROWNERCONFIG);
	if (ret)
		goto err_hmac;
	if (rtmr_from_ccel)
		init_rtmrs_from_ccel();
	return 0;

err_hmac:
	crypto_free_shash(hmac_tfm);
err_sha:
	crypto_free_shash(sha384_tfm);
	return ret;
}

void model_mr_exit(void)
{
	memzero_explicit(mac_key, sizeof(mac_key));
	crypto_free_shash(hmac_tfm);
	crypto_free_shash(sha384_tfm);
}
