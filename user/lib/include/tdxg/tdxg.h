/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: TDX guest attestation helpers. This header includes every
 * layer; a program may include only the layers it uses:
 *
 *   <tdxg/err.h>       struct tdxg_err, the one error convention
 *   <tdxg/util.h>      the library version, whole-file reads, SHA-384, hex
 *   <tdxg/device.h>    /dev/tdxg, its sysfs nodes, the TDREPORT
 *   <tdxg/eventlog.h>  event logs, their replay into RTMRs, seals
 *   <tdxg/quote.h>     DCAP quote layouts, parsing, the PCK chain's contents
 *   <tdxg/verify.h>    the verifier, collateral, TCB statuses, policy, time
 *   <tdxg/qgs.h>       quotes from QGS, the tdxg device or configfs-tsm
 *   <tdxg/pcs.h>       what collateral a quote needs, PCS responses to a bundle
 *
 * The device ABI, the TDREPORT layout and the runtime event-log record
 * come from the UAPI header <linux/tdxg.h>; the DCAP quote layout comes
 * from <tdxg/quote.h>. These headers add functions, never a second layout.
 *
 * Conventions:
 *  - Functions that can fail return 0 on success and a negative errno on
 *    failure, with a message in a struct tdxg_err where they take one
 *    (<tdxg/err.h>); nothing here prints or exits.
 *  - Every length read from a buffer is checked against that buffer, so
 *    hostile or truncated input gives -EINVAL (malformed) and never reads
 *    out of bounds.
 *  - RTMR values are arrays of TDXG_DIGEST_LEN (48) bytes, indexed 0..3.
 *  - No call installs a signal handler, starts a thread or loads a kernel
 *    module unless the caller asked for it (TDXG_OPEN_LOAD_MODULE,
 *    tdxg_qgs_request.flags); see each.
 *
 * The event-log, replay, comparison and hex functions are used by the quote
 * verifier as well; their signatures are stable.
 */
#ifndef TDXG_TDXG_H
#define TDXG_TDXG_H

#include <linux/tdxg.h>
#include <tdxg/err.h>
#include <tdxg/util.h>
#include <tdxg/device.h>
#include <tdxg/eventlog.h>
#include <tdxg/quote.h>
#include <tdxg/verify.h>
#include <tdxg/qgs.h>
#include <tdxg/pcs.h>

#endif /* TDXG_TDXG_H */
