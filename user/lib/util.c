// SPDX-License-Identifier: MIT
/* Hex, SHA-384 and the library version. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include <openssl/evp.h>

#include <tdxg/util.h>

#include "errmsg.h"
#include "extstruct.h"
#include "x509.h"

const char *tdxg_lib_version(void)
{
	return TDXG_VERSION;
}

int tdxg_sha384(const void *buf, size_t len, uint8_t out[TDXG_DIGEST_LEN])
{
	unsigned int n = 0;

	if (!EVP_Digest(buf, len, out, &n, EVP_sha384(), NULL) || n != TDXG_DIGEST_LEN)
		return -EIO;
	return 0;
}

void tdxg_hex_encode(const void *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

/* The public face of the library's one hex decoder, tdxg_unhex (x509.c). */
int tdxg_hex_decode(const char *hex, uint8_t *out, size_t max, size_t *len)
{
	size_t n, i;

	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	n = strlen(hex);
	if (n % 2)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (tdxg_hex_digit((unsigned char)hex[i]) < 0)
			return -EINVAL;
	if (n / 2 > max)
		return -E2BIG;
	tdxg_unhex(hex, n, out, n / 2);
	*len = n / 2;
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

/* Every such struct starts with uint32_t size. */
static uint32_t struct_size(const void *s)
{
	uint32_t size;

	memcpy(&size, s, sizeof(size));
	return size;
}

int tdxg_opts_in(void *dst, size_t dst_size, const void *src, size_t ver0)
{
	size_t size = struct_size(src), i;

	if (size < ver0)
		return -EINVAL;
	for (i = dst_size; i < size; i++)
		if (((const uint8_t *)src)[i])
			return -E2BIG;
	memset(dst, 0, dst_size);
	memcpy(dst, src, size < dst_size ? size : dst_size);
	return 0;
}

int tdxg_result_check(const void *res, size_t ver0)
{
	return struct_size(res) < ver0 ? -EINVAL : 0;
}

void tdxg_result_out(void *dst, const void *src, size_t src_size)
{
	uint32_t n = struct_size(dst);

	if (n > src_size)
		n = (uint32_t)src_size;
	memcpy(dst, src, n);
	memcpy(dst, &n, sizeof(n));
}

int tdxg_verrf(struct tdxg_err *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

int tdxg_errf(struct tdxg_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tdxg_verrf(err, code, fmt, ap);
	va_end(ap);
	return code;
}
