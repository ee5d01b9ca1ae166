// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated backend: a software model of the TDX module for tests on
 * machines without TDX. Compiled only with EMU=1, never by DKMS.
 *
 * It builds TDREPORT_STRUCT as the TDX module ABI spec lays it out:
 * tee_tcb_info_hash = SHA-384(TEE_TCB_INFO[0:239]),
 * tee_info_hash = SHA-384(TDINFO), and a MAC over REPORTMACSTRUCT[0:224]
 * with a key drawn at load (HMAC-SHA-256: the model of the CPU's MAC key,
 * which never leaves the platform). Extends are RTMR = SHA-384(RTMR ||
 * data). Bad operands get TDX_OPERAND_INVALID and fault injection gives
 * TDX_OPERAND_BUSY, as the real module would.
 */
#include <crypto/hash.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/string.h>
#include <asm/cpufeature.h>

#include "tdxg.h"

#define EMU_MAC_KEY_LEN		32
#define REPORTMAC_MAC_OFFSET	offsetof(struct tdxg_reportmac, mac)

static char *emu_mrtd;
module_param(emu_mrtd, charp, 0444);
MODULE_PARM_DESC(emu_mrtd, "emulated: MRTD as 96 hex digits (default SHA-384(\"tdxg emulated MRTD\"))");
static char *emu_mrconfigid;
module_param(emu_mrconfigid, charp, 0444);
MODULE_PARM_DESC(emu_mrconfigid, "emulated: MRCONFIGID as 96 hex digits (default zero)");
static char *emu_mrowner;
module_param(emu_mrowner, charp, 0444);
MODULE_PARM_DESC(emu_mrowner, "emulated: MROWNER as 96 hex digits (default zero)");
static char *emu_mrownerconfig;
module_param(emu_mrownerconfig, charp, 0444);
MODULE_PARM_DESC(emu_mrownerconfig, "emulated: MROWNERCONFIG as 96 hex digits (default zero)");
static bool emu_rtmr_from_ccel = true;
module_param(emu_rtmr_from_ccel, bool, 0444);
MODULE_PARM_DESC(emu_rtmr_from_ccel, "emulated: start RTMR0..3 at the CCEL replay, as firmware left them (default on)");
static unsigned int emu_busy;
module_param(emu_busy, uint, 0644);
MODULE_PARM_DESC(emu_busy, "emulated: fail the next N RTMR extends with TDX_OPERAND_BUSY");

static struct {
	struct mutex lock;	/* the TD's measurement registers */
	struct tdxg_tee_tcb_info tcb;
	struct tdxg_tdinfo td;
	u8 mac_key[EMU_MAC_KEY_LEN];
	struct crypto_shash *sha384;
	struct crypto_shash *hmac;
} emu;

static int sha384(const void *a, size_t alen, const void *b, size_t blen,
		  u8 *out)
{
	SHASH_DESC_ON_STACK(desc, emu.sha384);
	int ret;

	desc->tfm = emu.sha384;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, a, alen) ?:
	      (blen ? crypto_shash_update(desc, b, blen) : 0) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

static u64 emu_get_report(u8 *tdreport, const u8 *reportdata)
{
	struct tdxg_tdreport *r = (struct tdxg_tdreport *)tdreport;
	struct tdxg_reportmac *m = &r->reportmac;
	int ret;

	if (!IS_ALIGNED((unsigned long)tdreport, TDXG_REPORT_LEN) ||
	    !IS_ALIGNED((unsigned long)reportdata, TDXG_REPORTDATA_LEN))
		return TDX_OPERAND_INVALID;
	memset(r, 0, sizeof(*r));
	mutex_lock(&emu.lock);
	r->tee_tcb_info = emu.tcb;
	r->tdinfo = emu.td;
	mutex_unlock(&emu.lock);

	m->report_type[0] = TDXG_REPORT_TYPE_TDX;
	memcpy(m->cpusvn, emu.tcb.tee_tcb_svn, sizeof(m->cpusvn));
	memcpy(m->reportdata, reportdata, TDXG_REPORTDATA_LEN);
	ret = sha384(&r->tee_tcb_info, TDXG_TEE_TCB_INFO_LEN, NULL, 0,
		     m->tee_tcb_info_hash) ?:
	      sha384(&r->tdinfo, sizeof(r->tdinfo), NULL, 0, m->tee_info_hash) ?:
	      crypto_shash_tfm_digest(emu.hmac, (u8 *)m, REPORTMAC_MAC_OFFSET,
				      m->mac);
	return ret ? TDXG_STATUS_NO_MEMORY : TDX_SUCCESS;
}

static u64 emu_extend_rtmr(u32 index, const u8 *digest)
{
	u8 *rtmr;
	int ret;

	if (index >= TDXG_NR_RTMR || !IS_ALIGNED((unsigned long)digest, 64))
		return TDX_OPERAND_INVALID;
	if (emu_busy) {
		emu_busy--;
		return TDX_OPERAND_BUSY;
	}
	mutex_lock(&emu.lock);
	rtmr = emu.td.rtmr[index];
	ret = sha384(rtmr, TDXG_DIGEST_LEN, digest, TDXG_DIGEST_LEN, rtmr);
	mutex_unlock(&emu.lock);
	return ret ? TDXG_STATUS_NO_MEMORY : TDX_SUCCESS;
}

static int parse_mr(const char *name, const char *hex, u8 *out)
{
	if (!hex)
		return 0;
	if (strlen(hex) != 2 * TDXG_DIGEST_LEN || hex2bin(out, hex, TDXG_DIGEST_LEN)) {
		pr_err("%s: need %d hex digits\n", name, 2 * TDXG_DIGEST_LEN);
		return -EINVAL;
	}
	return 0;
}

/*
 * Firmware extended RTMR0..3 as its CCEL records; start from that replay
 * so a verifier's CCEL + runtime-log replay matches the emulated TD.
 * TCG crypto-agile log: a SHA-1 format Spec ID event, then TCG_PCR_EVENT2.
 */
#define TCG_EV_NO_ACTION	3
#define TCG_ALG_SHA384		0x000c

static void replay_ccel(void)
{
	const u8 *p, *end;
	u16 alg_size[8][2];
	u32 nalgs, i, j;
	size_t len;

	p = tdxg_ccel_data(&len);
	if (!p || len < 32 + 24)
		return;
	end = p + len;
	/* Spec ID event: pcr, type, sha1[20], size, then the Spec ID body. */
	len = get_unaligned_le32(p + 28);
	if (len < 28 || len > end - p - 32)
		return;
	nalgs = get_unaligned_le32(p + 32 + 24);
	if (nalgs > ARRAY_SIZE(alg_size) || 28 + 4 * nalgs > len)
		return;
	for (i = 0; i < nalgs; i++) {
		alg_size[i][0] = get_unaligned_le16(p + 32 + 28 + 4 * i);
		alg_size[i][1] = get_unaligned_le16(p + 32 + 30 + 4 * i);
	}
	p += 32 + len;
	while (end - p >= 12) {
		u32 mr = get_unaligned_le32(p);
		u32 type = get_unaligned_le32(p + 4);
		u32 count = get_unaligned_le32(p + 8);
		const u8 *digest = NULL;

		if (mr == 0xffffffff || count == 0 || count > nalgs)
			break;
		p += 12;
		for (i = 0; i < count; i++) {
			u16 alg;

			if (end - p < 2)
				return;
			alg = get_unaligned_le16(p);
			for (j = 0; j < nalgs && alg_size[j][0] != alg; j++)
				;
			if (j == nalgs || end - p - 2 < alg_size[j][1])
				return;
			if (alg == TCG_ALG_SHA384 && alg_size[j][1] == TDXG_DIGEST_LEN)
				digest = p + 2;
			p += 2 + alg_size[j][1];
		}
		if (end - p < 4 || get_unaligned_le32(p) > end - p - 4)
			return;
		p += 4 + get_unaligned_le32(p);
		if (type == TCG_EV_NO_ACTION || !digest || mr < 1 || mr > TDXG_NR_RTMR)
			continue;
		sha384(emu.td.rtmr[mr - 1], TDXG_DIGEST_LEN, digest,
		       TDXG_DIGEST_LEN, emu.td.rtmr[mr - 1]);
	}
}

static void emu_exit(void)
{
	tdxg_emu_vmm_exit();
	memzero_explicit(emu.mac_key, sizeof(emu.mac_key));
	crypto_free_shash(emu.hmac);
	crypto_free_shash(emu.sha384);
}

static const struct tdxg_backend emu_backend = {
	.name = "emulated",
	.id = TDXG_BACKEND_EMULATED,
	.get_report = emu_get_report,
	.extend_rtmr = emu_extend_rtmr,
	.get_quote = tdxg_emu_vmm_get_quote,
	.exit = emu_exit,
};

int tdxg_backend_emu_init(const struct tdxg_backend **out)
{
	static const char mrtd_seed[] = "tdxg emulated MRTD";
	int ret;

	if (tdxg_cpu_is_tdx()) {
		pr_err("emulated backend refuses to run on a real TDX guest\n");
		return -EPERM;
	}
	mutex_init(&emu.lock);
	emu.sha384 = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(emu.sha384))
		return PTR_ERR(emu.sha384);
	emu.hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(emu.hmac)) {
		ret = PTR_ERR(emu.hmac);
		goto err_sha;
	}
	get_random_bytes(emu.mac_key, sizeof(emu.mac_key));
	ret = crypto_shash_setkey(emu.hmac, emu.mac_key, sizeof(emu.mac_key));
	if (ret)
		goto err_hmac;

	/* TEE_TCB_INFO of a TDX 1.5 module: all fields valid. */
	memset(emu.tcb.valid, 0xff, 4);
	emu.tcb.tee_tcb_svn[0] = 5;	/* TDX module minor SVN */
	emu.tcb.tee_tcb_svn[1] = 1;	/* TDX module major SVN */
	emu.tcb.tee_tcb_svn[2] = 2;	/* late-load microcode SVN */
	memset(emu.tcb.mrseam, 0x5e, sizeof(emu.tcb.mrseam));
	/* TDINFO: debug off, XFAM of x87/SSE/AVX/AVX-512/PK. */
	put_unaligned_le64(0x00000000000602e7ULL, emu.td.xfam);
	ret = sha384(mrtd_seed, sizeof(mrtd_seed) - 1, NULL, 0, emu.td.mrtd) ?:
	      parse_mr("emu_mrtd", emu_mrtd, emu.td.mrtd) ?:
	      parse_mr("emu_mrconfigid", emu_mrconfigid, emu.td.mrconfigid) ?:
	      parse_mr("emu_mrowner", emu_mrowner, emu.td.mrowner) ?:
	      parse_mr("emu_mrownerconfig", emu_mrownerconfig, emu.td.mrownerconfig);
	if (ret)
		goto err_hmac;
	if (emu_rtmr_from_ccel)
		replay_ccel();
	ret = tdxg_emu_vmm_init();
	if (ret)
		goto err_hmac;
	*out = &emu_backend;
	return 0;

err_hmac:
	crypto_free_shash(emu.hmac);
err_sha:
	crypto_free_shash(emu.sha384);
	return ret;
}
