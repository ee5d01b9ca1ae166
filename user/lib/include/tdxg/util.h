/* SPDX-License-Identifier: MIT */
/*
 * libtdxg: what every layer uses: the library version, whole-file reads,
 * SHA-384 and hex. Conventions as in <tdxg/err.h>.
 */
#ifndef TDXG_UTIL_H
#define TDXG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/tdxg.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Only what the public headers declare is exported from libtdxg.so. */
#pragma GCC visibility push(default)

/* Library version, "MAJOR.MINOR.PATCH". */
const char *tdxg_lib_version(void);

/*
 * Reads a whole file (sysfs, tables or a regular file) into a new buffer
 * of at most max bytes; -EFBIG if it is larger. Free *buf with free().
 */
int tdxg_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
/* The same from an open descriptor (a pipe, stdin), read to its end. */
int tdxg_read_fd(int fd, size_t max, uint8_t **buf, size_t *len);


/* SHA-384 of buf. */
int tdxg_sha384(const void *buf, size_t len, uint8_t out[TDXG_DIGEST_LEN]);
/* SHA-384 of a file's contents, read in chunks. */
int tdxg_sha384_file(const char *path, uint8_t out[TDXG_DIGEST_LEN]);
/* The same from an open descriptor, read to its end. */
int tdxg_sha384_fd(int fd, uint8_t out[TDXG_DIGEST_LEN]);


/* Lower-case hex of len bytes into out, which holds 2 * len + 1 chars. */
void tdxg_hex_encode(const void *buf, size_t len, char *out);
/*
 * Decodes hex (an optional "0x" prefix, then an even number of hex
 * digits) into out, at most max bytes; *len is the decoded size.
 * -EINVAL for bad digits or odd length, -E2BIG if longer than max.
 */
int tdxg_hex_decode(const char *hex, uint8_t *out, size_t max, size_t *len);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif /* TDXG_UTIL_H */
