/* SPDX-License-Identifier: MIT */
/* libtdxg internal: how a QGS request reports its failure (qgs_msg.c). */
#ifndef TDXG_QGS_MSG_H
#define TDXG_QGS_MSG_H

#include <tdxg/qgs.h>

__attribute__((format(printf, 4, 5)))
enum tdxg_qgs_status tdxg_qgs_fail(struct tdxg_qgs_error *e, enum tdxg_qgs_status status, int err,
				   const char *fmt, ...);

#endif
