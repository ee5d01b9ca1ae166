/* SPDX-License-Identifier: MIT */
/* Shared between the QGS message code and its transports. */
#ifndef TDXG_QGS_INTERNAL_H
#define TDXG_QGS_INTERNAL_H

#include <tdxg/qgs.h>

__attribute__((format(printf, 4, 5)))
enum tdxg_qgs_status tdxg_qgs_fail(struct tdxg_qgs_error *e, enum tdxg_qgs_status status, int err,
				   const char *fmt, ...);

#endif
