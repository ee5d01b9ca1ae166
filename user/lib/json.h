/* SPDX-License-Identifier: MIT */
/*
 * Strict RFC 8259 JSON reader used for Intel collateral. Values keep
 * their byte span in the source, because Intel signs the exact text of
 * the tcbInfo / enclaveIdentity object. Private to libtdxg.
 */
#ifndef TDXG_JSON_H
#define TDXG_JSON_H

#include <stddef.h>
#include <stdint.h>
#include "tdxg/err.h"

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_node {
	uint8_t type;
	uint8_t escaped;	/* string contains backslash escapes */
	uint8_t integer;	/* number has no fraction or exponent */
	uint32_t start, end;	/* value span; strings: between the quotes */
	int32_t first, next;	/* first child, next sibling (-1: none) */
	int32_t key;		/* object member: its key's string node */
};

struct json_doc {
	const char *text;
	size_t len;
	struct json_node *nodes;
	size_t n, cap;
};

/*
 * Parses the whole text (only whitespace may follow the value). Root is
 * node 0. -EBADMSG (err names the byte), -E2BIG, -ENOMEM.
 */
int json_parse(struct json_doc *d, const char *text, size_t len, struct tdxg_err *err);
void json_free(struct json_doc *d);
/* Value of member key in object node obj, or -1. */
int json_get(const struct json_doc *d, int obj, const char *key);
/* Like json_get but the member must exist with the given type. */
int json_get_typed(const struct json_doc *d, int obj, const char *key, int type);
int json_str_eq(const struct json_doc *d, int node, const char *s);
/* Decoded string into out (NUL-terminated); returns its length or -1 if it does not fit. */
long json_str_decode(const struct json_doc *d, int node, char *out, size_t cap);
int json_int(const struct json_doc *d, int node, int64_t *out);
size_t json_count(const struct json_doc *d, int node);

#endif
