/* SPDX-License-Identifier: MIT */
/* libtdxg internal: quotes through configfs-tsm (qgs_tsm.c). */
#ifndef TDXG_QGS_TSM_H
#define TDXG_QGS_TSM_H

#include "qgs_ops.h"

extern const struct tdxg_qgs_transport_ops tdxg_qgs_tsm_ops;

#endif
