/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: quotes through the tdxg device (qgs_tdvmcall.c), and
 * the fresh TDREPORT the socket transports send when given report data.
 */
#ifndef TDXG_QGS_TDVMCALL_H
#define TDXG_QGS_TDVMCALL_H

#include <stdint.h>
#include <tdxg/qgs.h>
#include "qgs_ops.h"

extern const struct tdxg_qgs_transport_ops tdxg_qgs_tdvmcall_ops;

enum tdxg_qgs_status tdxg_qgs_dev_open_fail(struct tdxg_qgs_error *e, const char *where, int r);
enum tdxg_qgs_status tdxg_qgs_fresh_report(const char *where, const uint8_t *reportdata,
					   uint8_t tdreport[TDXG_REPORT_LEN], struct tdxg_qgs_error *e);

#endif
