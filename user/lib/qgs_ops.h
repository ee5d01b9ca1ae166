/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: one QGS transport, in a file of its own; auto walks
 * them (qgs_transport.c) in order: the in-kernel paths first, as they need
 * no configuration. Types only.
 */
#ifndef TDXG_QGS_OPS_H
#define TDXG_QGS_OPS_H

#include <stddef.h>
#include <stdint.h>
#include <tdxg/qgs.h>

struct tdxg_qgs_transport_ops {
	enum tdxg_qgs_kind kind;
	const char *name;		/* the spec auto parses for its defaults */
	int report_data_only;		/* quotes a TDREPORT of its own making */
	enum tdxg_qgs_status (*quote)(const struct tdxg_qgs_request *req,
				      const struct tdxg_qgs_transport *t, const char *where,
				      int64_t deadline, unsigned int timeout_ms,
				      uint8_t **quote, size_t *quote_len, struct tdxg_qgs_error *e);
};

#endif
