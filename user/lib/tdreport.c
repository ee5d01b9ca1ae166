// SPDX-License-Identifier: MIT
/* TDREPORT_STRUCT checks and field names; the layout is the UAPI header's. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <tdxg/device.h>
#include <tdxg/util.h>

_Static_assert(sizeof(struct tdxg_tdreport) == TDXG_REPORT_LEN, "TDREPORT size");

int tdxg_tdreport_parse(const void *buf, size_t len, const struct tdxg_tdreport **report)
{
	const struct tdxg_tdreport *r = buf;

	if (!buf || len != TDXG_REPORT_LEN)
		return -EINVAL;
	if (r->reportmac.report_type[0] != TDXG_REPORT_TYPE_TDX)
		return -EINVAL;
	*report = r;
	return 0;
}

int tdxg_tdreport_check_hashes(const struct tdxg_tdreport *r, int *tcb_ok, int *info_ok)
{
	uint8_t h[TDXG_DIGEST_LEN];
	int ret;

	ret = tdxg_sha384(&r->tee_tcb_info, TDXG_TEE_TCB_INFO_LEN, h);
	if (ret)
		return ret;
	*tcb_ok = !memcmp(h, r->reportmac.tee_tcb_info_hash, sizeof(h));
	ret = tdxg_sha384(&r->tdinfo, sizeof(r->tdinfo), h);
	if (ret)
		return ret;
	*info_ok = !memcmp(h, r->reportmac.tee_info_hash, sizeof(h));
	return 0;
}

#define FIELD(name, member) \
	{ name, offsetof(struct tdxg_tdreport, member), \
	  sizeof(((struct tdxg_tdreport *)0)->member) }

/* Names follow the quote body's where both have the field. */
static const struct tdxg_field fields[] = {
	FIELD("report_type", reportmac.report_type),
	FIELD("cpusvn", reportmac.cpusvn),
	FIELD("tee_tcb_info_hash", reportmac.tee_tcb_info_hash),
	FIELD("tee_info_hash", reportmac.tee_info_hash),
	FIELD("reportdata", reportmac.reportdata),
	FIELD("mac", reportmac.mac),
	FIELD("tee_tcb_info_valid", tee_tcb_info.valid),
	FIELD("tee_tcb_svn", tee_tcb_info.tee_tcb_svn),
	FIELD("mrseam", tee_tcb_info.mrseam),
	FIELD("mrsignerseam", tee_tcb_info.mrsignerseam),
	FIELD("seam_attributes", tee_tcb_info.attributes),
	FIELD("tee_tcb_svn2", tee_tcb_info.tee_tcb_svn2),
	FIELD("td_attributes", tdinfo.attributes),
	FIELD("xfam", tdinfo.xfam),
	FIELD("mrtd", tdinfo.mrtd),
	FIELD("mrconfigid", tdinfo.mrconfigid),
	FIELD("mrowner", tdinfo.mrowner),
	FIELD("mrownerconfig", tdinfo.mrownerconfig),
	FIELD("rtmr0", tdinfo.rtmr[0]),
	FIELD("rtmr1", tdinfo.rtmr[1]),
	FIELD("rtmr2", tdinfo.rtmr[2]),
	FIELD("rtmr3", tdinfo.rtmr[3]),
	FIELD("servtd_hash", tdinfo.servtd_hash),
};

const struct tdxg_field *tdxg_tdreport_fields(size_t *count)
{
	*count = sizeof(fields) / sizeof(fields[0]);
	return fields;
}
