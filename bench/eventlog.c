// SPDX-License-Identifier: MIT
/*
 * What the runtime event log costs (Documentation/benchmark.rst, "Event
 * log"), for bench/eventlog.sh to count under callgrind, one function per
 * quantity (--toggle-collect), so the counts are not disturbed by load.
 *
 *   eventlog mklog FILE N      a tdxg runtime log of N EV_IPL records
 *   eventlog hash FILE         replay FILE's SHA-384 extends in a plain loop
 *   eventlog extend N SIZE     N extends with and without their log record
 *
 * The extend cannot run here: TDG.MR.RTMR.EXTEND needs a TD. What it
 * costs at least is the SHA-384(RTMR || digest) the TDX module computes,
 * so that is the model of the extend, and the log record is the work
 * kmod/eventlog.c's tdxg_log_append() does per record, copied below.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#define DIGEST_LEN	48
#define RECORD_HDR	(4 + 4 + 4 + 2 + DIGEST_LEN + 4)	/* TDXG_LOG_RECORD_HDR */
#define ALG_SHA384	0x000c
#define EV_IPL		0x0000000d

static EVP_MD_CTX *ctx;
static EVP_MD *sha384;

static void die(const char *what)
{
	fprintf(stderr, "eventlog: %s\n", what);
	exit(1);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The hashing alone, with the digest and its context set up once. */
static void sha384_of(const void *a, size_t alen, const void *b, size_t blen, uint8_t *out)
{
	if (!EVP_DigestInit_ex(ctx, sha384, NULL) || !EVP_DigestUpdate(ctx, a, alen) ||
	    (blen && !EVP_DigestUpdate(ctx, b, blen)) || !EVP_DigestFinal_ex(ctx, out, NULL))
		die("SHA-384 failed");
}

/* The TDX module's part of an extend: RTMR = SHA-384(RTMR || digest). */
static void extend(uint8_t *rtmr, const uint8_t *digest)
{
	sha384_of(rtmr, DIGEST_LEN, digest, DIGEST_LEN, rtmr);
}

/* tdxg_log_append() of kmod/eventlog.c, without its lockdep and WARN_ON. */
static uint8_t *log_buf;
static size_t log_used;
static uint64_t log_records;

static void log_append(uint32_t index, uint32_t event_type, const uint8_t *digest,
		       const void *event, uint32_t event_size)
{
	uint8_t *p = log_buf + log_used;

	put_le32(p, index + 1);
	put_le32(p + 4, event_type);
	put_le32(p + 8, 1);
	p[12] = ALG_SHA384 & 0xff;
	p[13] = ALG_SHA384 >> 8;
	memcpy(p + 14, digest, DIGEST_LEN);
	put_le32(p + 14 + DIGEST_LEN, event_size);
	if (event_size)
		memcpy(p + RECORD_HDR, event, event_size);
	log_used += RECORD_HDR + (size_t)event_size;
	log_records++;
}

/* noinline: callgrind counts each of these by name. */
__attribute__((noinline)) static void extend_plain(uint8_t *rtmr, const uint8_t *digests, int n)
{
	int i;

	for (i = 0; i < n; i++)
		extend(rtmr, digests + (size_t)i * DIGEST_LEN);
}

__attribute__((noinline)) static void extend_logged(uint8_t *rtmr, const uint8_t *digests, int n,
						    const uint8_t *event, uint32_t size)
{
	int i;

	for (i = 0; i < n; i++) {
		extend(rtmr, digests + (size_t)i * DIGEST_LEN);
		log_append(3, EV_IPL, digests + (size_t)i * DIGEST_LEN, event, size);
	}
}

__attribute__((noinline)) static size_t replay_hash(const uint8_t *buf, size_t len,
						    uint8_t rtmr[4][DIGEST_LEN])
{
	size_t off = 0, n = 0;

	while (off + RECORD_HDR <= len) {
		uint32_t mr = get_le32(buf + off);

		extend(rtmr[(mr - 1) & 3], buf + off + 14);
		off += RECORD_HDR + get_le32(buf + off + 14 + DIGEST_LEN);
		n++;
	}
	return n;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot read the log");
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read the log");
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	uint8_t rtmr[4][DIGEST_LEN] = { { 0 } }, rec[RECORD_HDR + 64];
	int i, n;

	ctx = EVP_MD_CTX_new();
	sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
	if (!ctx || !sha384)
		die("no SHA-384");
	if (argc == 4 && !strcmp(argv[1], "mklog")) {
		FILE *f = fopen(argv[2], "wb");

		n = atoi(argv[3]);
		if (!f)
			die("cannot write the log");
		for (i = 0; i < n; i++) {
			char data[32];
			int len = snprintf(data, sizeof(data), "app-%06d", i);

			put_le32(rec, 4);	/* RTMR3 */
			put_le32(rec + 4, EV_IPL);
			put_le32(rec + 8, 1);
			rec[12] = ALG_SHA384 & 0xff;
			rec[13] = ALG_SHA384 >> 8;
			sha384_of(data, (size_t)len, NULL, 0, rec + 14);
			put_le32(rec + 14 + DIGEST_LEN, (uint32_t)len);
			memcpy(rec + RECORD_HDR, data, (size_t)len);
			if (fwrite(rec, 1, RECORD_HDR + (size_t)len, f) != RECORD_HDR + (size_t)len)
				die("cannot write the log");
		}
		if (fclose(f))
			die("cannot write the log");
	} else if (argc == 3 && !strcmp(argv[1], "hash")) {
		size_t len, nev;
		uint8_t *buf = slurp(argv[2], &len);

		nev = replay_hash(buf, len, rtmr);
		printf("%zu events, RTMR3 ", nev);
		for (i = 0; i < DIGEST_LEN; i++)
			printf("%02x", rtmr[3][i]);
		printf("\n");
		free(buf);
	} else if (argc == 4 && !strcmp(argv[1], "extend")) {
		uint32_t size = (uint32_t)atoi(argv[3]);
		uint8_t *digests, *event;

		n = atoi(argv[2]);
		if (n <= 0 || size > 4096)
			die("extend N SIZE: N > 0, SIZE <= 4096 (TDXG_EVENT_DATA_MAX)");
		digests = malloc((size_t)n * DIGEST_LEN);
		event = malloc(size + 1);
		log_buf = malloc((size_t)n * (RECORD_HDR + size));
		if (!digests || !event || !log_buf)
			die("out of memory");
		for (i = 0; i < n * DIGEST_LEN; i++)
			digests[i] = (uint8_t)(i * 131);
		memset(event, 'e', size + 1);
		extend_plain(rtmr[3], digests, n);
		extend_logged(rtmr[2], digests, n, event, size);
		if (memcmp(rtmr[2], rtmr[3], DIGEST_LEN) || log_records != (uint64_t)n)
			die("the two loops disagree");
		printf("%d extends, %llu records, %zu log bytes\n", n,
		       (unsigned long long)log_records, log_used);
		free(digests);
		free(event);
		free(log_buf);
	} else {
		die("usage: eventlog mklog FILE N | hash FILE | extend N SIZE");
	}
	EVP_MD_free(sha384);
	EVP_MD_CTX_free(ctx);
	return 0;
}
