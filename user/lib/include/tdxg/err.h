/* SPDX-License-Identifier: MIT */
/*
 * libtdxg's one error convention, for every public header.
 *
 * A function that can fail returns 0 (or, where documented, a count or a
 * flag that is never negative) on success and a negative errno on failure.
 * Functions that can say more take a struct tdxg_err * as their last
 * parameter; it may be NULL. On failure they set err->code to the value
 * they return and err->msg to one line naming the field, check or path
 * that failed. On success *err is left as it was.
 *
 * The errnos, unless a function documents otherwise:
 *   -EINVAL    a bad argument, or malformed input given as text by the
 *              caller (a policy, a transport spec)
 *   -EBADMSG   malformed quote, certificate, CRL or collateral bytes
 *   -ENOMEM    out of memory
 *   -E2BIG     too many items, or an option struct with unknown nonzero
 *              fields (see "Extensible structs" in <tdxg/quote.h>)
 *   -ERANGE    a result does not fit the caller's buffer
 *   -ENOENT    something looked up is not there
 *   -EEXIST    a piece given twice
 *   -EBUSY     an object already in use that may no longer change
 *   -EIO       an OpenSSL or internal failure
 */
#ifndef TDXG_ERR_H
#define TDXG_ERR_H

#ifdef __cplusplus
extern "C" {
#endif

struct tdxg_err {
	int code;		/* the negative errno the call returned */
	char msg[256];		/* what failed, naming the field, check or path */
};

#ifdef __cplusplus
}
#endif

#endif /* TDXG_ERR_H */
