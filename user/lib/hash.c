// SPDX-License-Identifier: MIT
/* SHA-256 for verification, and SHA-384 of buffers, files and descriptors. */
/* SHA256_Init and friends: see tdxg_sha256(). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <tdxg/util.h>

#include "hash.h"

/*
 * SHA-256 through the low-level interface: OpenSSL 3's one-shot SHA256()
 * fetches the digest from a provider on every call (EVP_Q_digest), which
 * cost a whole process more than three ECDSA verifications.
 */
void tdxg_sha256(const void *msg, size_t len, uint8_t out[32])
{
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, msg, len);
	SHA256_Final(out, &c);
}

int tdxg_sha384(const void *buf, size_t len, uint8_t out[TDXG_DIGEST_LEN])
{
	unsigned int n = 0;

	if (!EVP_Digest(buf, len, out, &n, EVP_sha384(), NULL) || n != TDXG_DIGEST_LEN)
		return -EIO;
	return 0;
}

int tdxg_sha384_fd(int fd, uint8_t out[TDXG_DIGEST_LEN])
{
	uint8_t buf[65536];
	EVP_MD_CTX *ctx;
	unsigned int n = 0;
	ssize_t r;
	int ret = 0;

	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha384(), NULL)) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			goto out;
		}
		if (r == 0)
			break;
		if (!EVP_DigestUpdate(ctx, buf, (size_t)r)) {
			ret = -EIO;
			goto out;
		}
	}
	if (!EVP_DigestFinal_ex(ctx, out, &n) || n != TDXG_DIGEST_LEN)
		ret = -EIO;
out:
	EVP_MD_CTX_free(ctx);
	return ret;
}

int tdxg_sha384_file(const char *path, uint8_t out[TDXG_DIGEST_LEN])
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = tdxg_sha384_fd(fd, out);
	close(fd);
	return ret;
}
