/* SPDX-License-Identifier: MIT */
/* libtdxg internal: QGS over vsock and unix sockets (qgs_socket.c). */
#ifndef TDXG_QGS_SOCKET_H
#define TDXG_QGS_SOCKET_H

#include "qgs_ops.h"

extern const struct tdxg_qgs_transport_ops tdxg_qgs_vsock_ops, tdxg_qgs_unix_ops;

#endif
