// SPDX-License-Identifier: MIT
/*
 * TCG2 crypto-agile event logs: the firmware CCEL and the tdxg runtime log.
 * Both may come from a file or a hostile host, so every length is checked
 * against what is left of the buffer before it is used.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include <tdxg/eventlog.h>
#include <tdxg/util.h>

/* Spec ID header: TCG_PCClientPCREvent with a 20-byte SHA-1 digest field. */
#define PCCLIENT_EVENT_HDR	(4 + 4 + 20 + 4)
#define SPEC_ID_SIGNATURE	"Spec ID Event03"	/* 16 bytes with the NUL */
/* signature, platformClass, 4 version bytes, numberOfAlgorithms */
#define SPEC_ID_FIXED		(16 + 4 + 4 + 4)

struct cursor {
	const uint8_t *p;
	size_t left;
};

static int take(struct cursor *c, size_t n, const uint8_t **out)
{
	if (n > c->left)
		return -EINVAL;
	if (out)
		*out = c->p;
	c->p += n;
	c->left -= n;
	return 0;
}

static int take_u8(struct cursor *c, uint8_t *v)
{
	const uint8_t *p;

	if (take(c, 1, &p))
		return -EINVAL;
	*v = p[0];
	return 0;
}

static int take_u16(struct cursor *c, uint16_t *v)
{
	const uint8_t *p;

	if (take(c, 2, &p))
		return -EINVAL;
	*v = (uint16_t)(p[0] | p[1] << 8);
	return 0;
}

static int take_u32(struct cursor *c, uint32_t *v)
{
	const uint8_t *p;

	if (take(c, 4, &p))
		return -EINVAL;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return 0;
}

static int parse_spec_id(struct cursor *c, struct tdxg_event_log *log)
{
	uint32_t mr_index, type, size, nr_algs, i;
	struct cursor ev;
	const uint8_t *sig;
	uint8_t vendor_size;

	if (take_u32(c, &mr_index) || take_u32(c, &type) || take(c, 20, NULL) ||
	    take_u32(c, &size) || take(c, size, &ev.p))
		return -EINVAL;
	ev.left = size;
	/* TDVF writes MR index 1 here, other firmware 0: only the type counts. */
	(void)mr_index;
	if (type != TDXG_TCG_EV_NO_ACTION || size < SPEC_ID_FIXED)
		return -EINVAL;
	if (take(&ev, 16, &sig) || memcmp(sig, SPEC_ID_SIGNATURE, 16) ||
	    take(&ev, 8, NULL) || take_u32(&ev, &nr_algs))
		return -EINVAL;
	if (nr_algs == 0 || nr_algs > TDXG_LOG_MAX_ALGS)
		return -EINVAL;
	for (i = 0; i < nr_algs; i++) {
		uint16_t alg, dsize;
		size_t j;

		if (take_u16(&ev, &alg) || take_u16(&ev, &dsize))
			return -EINVAL;
		if (dsize == 0 || dsize > TDXG_LOG_MAX_DIGEST)
			return -EINVAL;
		if (alg == TDXG_TCG_ALG_SHA384 && dsize != TDXG_DIGEST_LEN)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (log->algs[j].alg == alg)
				return -EINVAL;
		log->algs[i].alg = alg;
		log->algs[i].size = dsize;
	}
	log->nr_algs = nr_algs;
	if (take_u8(&ev, &vendor_size) || take(&ev, vendor_size, NULL))
		return -EINVAL;
	return 0;
}

/* Firmware fills the unused log area with 0xff (EDK2) or zeros. */
static int only_padding(const uint8_t *p, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	if (p[0] != 0xff && p[0] != 0x00)
		return 0;
	for (i = 1; i < n; i++)
		if (p[i] != p[0])
			return 0;
	return 1;
}

static int digest_size(const struct tdxg_event_log *log, uint16_t alg)
{
	size_t i;

	for (i = 0; i < log->nr_algs; i++)
		if (log->algs[i].alg == alg)
			return log->algs[i].size;
	return -1;
}

static int parse_event(struct cursor *c, const uint8_t *base, const struct tdxg_event_log *log,
		       struct tdxg_event *ev)
{
	uint32_t i, j;

	memset(ev, 0, sizeof(*ev));
	ev->offset = (size_t)(c->p - base);
	if (take_u32(c, &ev->mr_index) || take_u32(c, &ev->event_type) ||
	    take_u32(c, &ev->digest_count))
		return -EINVAL;
	if (ev->mr_index > TDXG_NR_RTMR)
		return -EINVAL;
	if (ev->digest_count == 0 || ev->digest_count > log->nr_algs)
		return -EINVAL;
	for (i = 0; i < ev->digest_count; i++) {
		struct tdxg_digest *d = &ev->digests[i];
		int size;

		if (take_u16(c, &d->alg))
			return -EINVAL;
		size = digest_size(log, d->alg);
		if (size < 0)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (ev->digests[j].alg == d->alg)
				return -EINVAL;
		d->size = (uint16_t)size;
		if (take(c, d->size, &d->value))
			return -EINVAL;
		if (d->alg == TDXG_TCG_ALG_SHA384)
			ev->sha384 = d->value;
	}
	if (take_u32(c, &ev->data_size) || take(c, ev->data_size, &ev->data))
		return -EINVAL;
	return 0;
}

int tdxg_event_log_parse(const void *buf, size_t len, enum tdxg_log_format format,
			 struct tdxg_event_log *log)
{
	struct cursor c = { buf, len };
	size_t cap = 0, at = 0;
	int ret;

	memset(log, 0, sizeof(*log));
	log->format = format;
	if (!buf && len)
		return -EINVAL;
	if (format == TDXG_LOG_CCEL) {
		ret = parse_spec_id(&c, log);
		if (ret)
			goto fail;
	} else if (format == TDXG_LOG_RUNTIME) {
		log->nr_algs = 1;
		log->algs[0].alg = TDXG_TCG_ALG_SHA384;
		log->algs[0].size = TDXG_DIGEST_LEN;
	} else {
		return -EINVAL;
	}

	while (!only_padding(c.p, c.left)) {
		struct tdxg_event ev;

		at = len - c.left;
		ret = parse_event(&c, buf, log, &ev);
		if (ret)
			goto fail;
		if (log->nr_events == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct tdxg_event *n = realloc(log->events, ncap * sizeof(*n));

			if (!n) {
				ret = -ENOMEM;
				goto fail;
			}
			log->events = n;
			cap = ncap;
		}
		log->events[log->nr_events++] = ev;
	}
	log->used = len - c.left;
	return 0;
fail:
	tdxg_event_log_free(log);
	log->format = format;
	log->bad_offset = at;
	return ret;
}

void tdxg_event_log_free(struct tdxg_event_log *log)
{
	free(log->events);
	log->events = NULL;
	log->nr_events = 0;
}

int tdxg_rtmr_extend(uint8_t rtmr[TDXG_DIGEST_LEN], const uint8_t digest[TDXG_DIGEST_LEN])
{
	uint8_t both[2 * TDXG_DIGEST_LEN];

	memcpy(both, rtmr, TDXG_DIGEST_LEN);
	memcpy(both + TDXG_DIGEST_LEN, digest, TDXG_DIGEST_LEN);
	return tdxg_sha384(both, sizeof(both), rtmr);
}

/*
 * One context and one fetched SHA-384 for the whole log: tdxg_rtmr_extend()
 * (EVP_Digest) sets up both per extend, which in OpenSSL 3 costs about as
 * much as the hash itself (Documentation/benchmark.rst, "Event log").
 */
int tdxg_replay(const struct tdxg_event_log *log, uint8_t rtmr[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
		size_t *bad_event)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
#if OPENSSL_VERSION_MAJOR >= 3
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA384", NULL);
#else
	const EVP_MD *md = EVP_sha384();
#endif
	size_t i;
	int ret = 0;

	if (!ctx || !md) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < log->nr_events; i++) {
		const struct tdxg_event *ev = &log->events[i];
		uint8_t *r;

		if (ev->event_type == TDXG_TCG_EV_NO_ACTION)
			continue;
		if (!ev->sha384 || ev->mr_index < 1 || ev->mr_index > TDXG_NR_RTMR) {
			if (bad_event)
				*bad_event = i;
			ret = -EINVAL;
			goto out;
		}
		r = rtmr[ev->mr_index - 1];
		if (!EVP_DigestInit_ex(ctx, md, NULL) ||
		    !EVP_DigestUpdate(ctx, r, TDXG_DIGEST_LEN) ||
		    !EVP_DigestUpdate(ctx, ev->sha384, TDXG_DIGEST_LEN) ||
		    !EVP_DigestFinal_ex(ctx, r, NULL)) {
			ret = -EIO;
			goto out;
		}
	}
out:
#if OPENSSL_VERSION_MAJOR >= 3
	EVP_MD_free(md);
#endif
	EVP_MD_CTX_free(ctx);
	return ret;
}

int tdxg_rtmr_compare(uint8_t replayed[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
		      uint8_t expected[TDXG_NR_RTMR][TDXG_DIGEST_LEN],
		      unsigned int mask, unsigned int *first)
{
	unsigned int i;

	if (mask >> TDXG_NR_RTMR)
		return -EINVAL;
	for (i = 0; i < TDXG_NR_RTMR; i++)
		if ((mask & (1U << i)) && memcmp(replayed[i], expected[i], TDXG_DIGEST_LEN)) {
			if (first)
				*first = i;
			return 1;
		}
	return 0;
}

static const struct {
	uint32_t type;
	const char *name;
} event_types[] = {
	{ 0x00000000, "EV_PREBOOT_CERT" },
	{ 0x00000001, "EV_POST_CODE" },
	{ 0x00000003, "EV_NO_ACTION" },
	{ 0x00000004, "EV_SEPARATOR" },
	{ 0x00000005, "EV_ACTION" },
	{ 0x00000006, "EV_EVENT_TAG" },
	{ 0x00000007, "EV_S_CRTM_CONTENTS" },
	{ 0x00000008, "EV_S_CRTM_VERSION" },
	{ 0x00000009, "EV_CPU_MICROCODE" },
	{ 0x0000000a, "EV_PLATFORM_CONFIG_FLAGS" },
	{ 0x0000000b, "EV_TABLE_OF_DEVICES" },
	{ 0x0000000c, "EV_COMPACT_HASH" },
	{ 0x0000000d, "EV_IPL" },
	{ 0x0000000e, "EV_IPL_PARTITION_DATA" },
	{ 0x0000000f, "EV_NONHOST_CODE" },
	{ 0x00000010, "EV_NONHOST_CONFIG" },
	{ 0x00000011, "EV_NONHOST_INFO" },
	{ 0x00000012, "EV_OMIT_BOOT_DEVICE_EVENTS" },
	{ 0x80000001, "EV_EFI_VARIABLE_DRIVER_CONFIG" },
	{ 0x80000002, "EV_EFI_VARIABLE_BOOT" },
	{ 0x80000003, "EV_EFI_BOOT_SERVICES_APPLICATION" },
	{ 0x80000004, "EV_EFI_BOOT_SERVICES_DRIVER" },
	{ 0x80000005, "EV_EFI_RUNTIME_SERVICES_DRIVER" },
	{ 0x80000006, "EV_EFI_GPT_EVENT" },
	{ 0x80000007, "EV_EFI_ACTION" },
	{ 0x80000008, "EV_EFI_PLATFORM_FIRMWARE_BLOB" },
	{ 0x80000009, "EV_EFI_HANDOFF_TABLES" },
	{ 0x8000000a, "EV_EFI_PLATFORM_FIRMWARE_BLOB2" },
	{ 0x8000000b, "EV_EFI_HANDOFF_TABLES2" },
	{ 0x8000000c, "EV_EFI_VARIABLE_BOOT2" },
	{ 0x80000010, "EV_EFI_HCRTM_EVENT" },
	{ 0x800000e0, "EV_EFI_VARIABLE_AUTHORITY" },
	{ 0x800000e1, "EV_EFI_SPDM_FIRMWARE_BLOB" },
	{ 0x800000e2, "EV_EFI_SPDM_FIRMWARE_CONFIG" },
	{ TDXG_EV_SYSFS_EXTEND, "TDXG_EV_SYSFS_EXTEND" },
	{ TDXG_EV_POLICY, "TDXG_EV_POLICY" },
};

const char *tdxg_event_type_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++)
		if (event_types[i].type == type)
			return event_types[i].name;
	return NULL;
}

int tdxg_event_type_parse(const char *s, uint32_t *type)
{
	unsigned long long v;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++) {
		if (!strcmp(s, event_types[i].name)) {
			*type = event_types[i].type;
			return 0;
		}
	}
	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return -EINVAL;
	*type = (uint32_t)v;
	return 0;
}

const char *tdxg_alg_name(uint16_t alg)
{
	switch (alg) {
	case TDXG_TCG_ALG_SHA1:
		return "sha1";
	case TDXG_TCG_ALG_SHA256:
		return "sha256";
	case TDXG_TCG_ALG_SHA384:
		return "sha384";
	case TDXG_TCG_ALG_SHA512:
		return "sha512";
	}
	return NULL;
}
