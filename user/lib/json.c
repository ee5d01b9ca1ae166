// SPDX-License-Identifier: MIT
/*
 * Strict JSON reader. Collateral is signed text, so ambiguity is refused:
 * duplicate keys, invalid UTF-8, lone surrogates, leading zeros and
 * trailing garbage are all errors rather than something to guess about.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "json.h"
#include "hex.h"

#define JSON_MAX_DEPTH	64

struct parser {
	struct json_doc *d;
	const unsigned char *s;
	size_t pos, len;
	struct tdxg_err *err;
	int code;		/* -EBADMSG unless set before perr() */
	int depth;
};

/* Returns -1, the parser's own "stop"; json_parse() returns p->code. */
static int perr(struct parser *p, const char *what)
{
	p->code = tdxg_errf(p->err, p->code ? p->code : -EBADMSG, "JSON: %s at byte %zu",
			    what, p->pos);
	return -1;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		unsigned char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int new_node(struct parser *p, int type)
{
	struct json_doc *d = p->d;
	struct json_node *nn;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;

		if (cap > (size_t)INT32_MAX)
			return perr(p, "too many values");
		nn = realloc(d->nodes, cap * sizeof(*nn));
		if (!nn) {
			p->code = -ENOMEM;
			return perr(p, "out of memory");
		}
		d->nodes = nn;
		d->cap = cap;
	}
	nn = &d->nodes[d->n];
	memset(nn, 0, sizeof(*nn));
	nn->type = type;
	nn->first = nn->next = nn->key = -1;
	nn->start = nn->end = p->pos;
	return (int)d->n++;
}

static long hex4(const unsigned char *s)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		h = tdxg_hex_digit(s[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* ASCII other than controls, '"' and '\\': stands for itself inside a string. */
static inline int plain_char(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * Nonzero if any of the 8 bytes in w is not plain_char(). Exact about
 * whether one is there (borrows only add flags above a real one), which
 * is all the fast path needs.
 */
static inline uint64_t special_in(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');

	return (((w - ones * 0x20) | (quote - ones) | (bslash - ones)) & ~w & high) | (w & high);
}

/* Length of a valid UTF-8 sequence at s (max n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t need, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4, cp = c & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

static int parse_string(struct parser *p)
{
	int id = new_node(p, JSON_STRING);
	size_t n;

	if (id < 0)
		return -1;
	p->pos++;	/* opening quote */
	p->d->nodes[id].start = p->pos;
	while (p->pos < p->len) {
		unsigned char c;

		/* Collateral strings are long runs of plain ASCII (hex, base64, JSON text). */
		while (p->len - p->pos >= 8) {
			uint64_t w;

			memcpy(&w, p->s + p->pos, 8);
			if (special_in(w))
				break;
			p->pos += 8;
		}
		while (p->pos < p->len && plain_char(p->s[p->pos]))
			p->pos++;
		if (p->pos == p->len)
			break;
		c = p->s[p->pos];

		if (c == '"') {
			p->d->nodes[id].end = p->pos;
			p->pos++;
			return id;
		}
		if (c < 0x20)
			return perr(p, "control character in string");
		if (c == '\\') {
			p->d->nodes[id].escaped = 1;
			if (p->pos + 1 >= p->len)
				return perr(p, "unterminated escape");
			c = p->s[p->pos + 1];
			if (c == 'u') {
				long u, lo;

				if (p->len - p->pos < 6 || (u = hex4(p->s + p->pos + 2)) < 0)
					return perr(p, "bad \\u escape");
				p->pos += 6;
				if (u >= 0xdc00 && u <= 0xdfff)
					return perr(p, "lone low surrogate");
				if (u >= 0xd800 && u <= 0xdbff) {
					if (p->len - p->pos < 6 || p->s[p->pos] != '\\' ||
					    p->s[p->pos + 1] != 'u' ||
					    (lo = hex4(p->s + p->pos + 2)) < 0xdc00 || lo > 0xdfff)
						return perr(p, "lone high surrogate");
					p->pos += 6;
				}
				continue;
			}
			if (!strchr("\"\\/bfnrt", c) || !c)
				return perr(p, "bad escape");
			p->pos += 2;
			continue;
		}
		n = utf8_len(p->s + p->pos, p->len - p->pos);
		if (!n)
			return perr(p, "invalid UTF-8");
		p->pos += n;
	}
	return perr(p, "unterminated string");
}

static int isdigit_(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int parse_number(struct parser *p)
{
	int id = new_node(p, JSON_NUMBER);
	int integer = 1;

	if (id < 0)
		return -1;
	if (p->pos < p->len && p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->len || !isdigit_(p->s[p->pos]))
		return perr(p, "bad number");
	if (p->s[p->pos] == '0') {
		p->pos++;
		if (p->pos < p->len && isdigit_(p->s[p->pos]))
			return perr(p, "leading zero");
	} else {
		while (p->pos < p->len && isdigit_(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->len && p->s[p->pos] == '.') {
		integer = 0;
		p->pos++;
		if (p->pos >= p->len || !isdigit_(p->s[p->pos]))
			return perr(p, "bad fraction");
		while (p->pos < p->len && isdigit_(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		integer = 0;
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || !isdigit_(p->s[p->pos]))
			return perr(p, "bad exponent");
		while (p->pos < p->len && isdigit_(p->s[p->pos]))
			p->pos++;
	}
	p->d->nodes[id].end = p->pos;
	p->d->nodes[id].integer = integer;
	return id;
}

static int keys_equal(const struct json_doc *d, int a, int b)
{
	const struct json_node *x = &d->nodes[a], *y = &d->nodes[b];
	char *da, *db;
	long la, lb;
	int eq;

	if (!x->escaped && !y->escaped)
		return x->end - x->start == y->end - y->start &&
		       !memcmp(d->text + x->start, d->text + y->start, x->end - x->start);
	da = malloc(x->end - x->start + 1);
	db = malloc(y->end - y->start + 1);
	la = da ? json_str_decode(d, a, da, x->end - x->start + 1) : -1;
	lb = db ? json_str_decode(d, b, db, y->end - y->start + 1) : -1;
	eq = la >= 0 && la == lb && !memcmp(da, db, la);
	free(da);
	free(db);
	return eq;
}

static int parse_value(struct parser *p);

static int parse_container(struct parser *p, int type)
{
	int id = new_node(p, type), last = -1, key = -1, v, k;
	char close = type == JSON_OBJECT ? '}' : ']';

	if (id < 0)
		return -1;
	if (++p->depth > JSON_MAX_DEPTH) {
		/* Well-formed, but past this reader's limit (RFC 8259, 9). */
		p->code = -E2BIG;
		return perr(p, "nesting too deep");
	}
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		goto done;
	}
	for (;;) {
		skip_ws(p);
		if (type == JSON_OBJECT) {
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return perr(p, "expected a member name");
			key = parse_string(p);
			if (key < 0)
				return -1;
			for (k = p->d->nodes[id].first; k >= 0; k = p->d->nodes[k].next)
				if (keys_equal(p->d, p->d->nodes[k].key, key))
					return perr(p, "duplicate member name");
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':')
				return perr(p, "expected ':'");
			p->pos++;
			skip_ws(p);
		}
		v = parse_value(p);
		if (v < 0)
			return -1;
		p->d->nodes[v].key = key;
		if (last < 0)
			p->d->nodes[id].first = v;
		else
			p->d->nodes[last].next = v;
		last = v;
		skip_ws(p);
		if (p->pos >= p->len)
			return perr(p, "unterminated container");
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		return perr(p, type == JSON_OBJECT ? "expected ',' or '}'" : "expected ',' or ']'");
	}
done:
	p->depth--;
	p->d->nodes[id].end = p->pos;
	return id;
}

static int parse_literal(struct parser *p, const char *word, int type)
{
	size_t n = strlen(word);
	int id;

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return perr(p, "unexpected character");
	id = new_node(p, type);
	if (id < 0)
		return -1;
	p->pos += n;
	p->d->nodes[id].end = p->pos;
	return id;
}

static int parse_value(struct parser *p)
{
	unsigned char c;

	if (p->pos >= p->len)
		return perr(p, "unexpected end");
	c = p->s[p->pos];
	switch (c) {
	case '{': return parse_container(p, JSON_OBJECT);
	case '[': return parse_container(p, JSON_ARRAY);
	case '"': return parse_string(p);
	case 't': return parse_literal(p, "true", JSON_TRUE);
	case 'f': return parse_literal(p, "false", JSON_FALSE);
	case 'n': return parse_literal(p, "null", JSON_NULL);
	default:
		if (c == '-' || isdigit_(c))
			return parse_number(p);
		return perr(p, "unexpected character");
	}
}

int json_parse(struct json_doc *d, const char *text, size_t len, struct tdxg_err *err)
{
	struct parser p = { .d = d, .s = (const unsigned char *)text, .len = len, .err = err };

	memset(d, 0, sizeof(*d));
	d->text = text;
	d->len = len;
	if (len > UINT32_MAX) {
		p.code = -E2BIG;
		perr(&p, "document too large");
		return p.code;
	}
	skip_ws(&p);
	if (parse_value(&p) < 0)
		goto bad;
	skip_ws(&p);
	if (p.pos != len) {
		perr(&p, "trailing characters");
		goto bad;
	}
	return 0;
bad:
	json_free(d);
	d->text = text;
	return p.code;
}

void json_free(struct json_doc *d)
{
	free(d->nodes);
	d->nodes = NULL;
	d->n = d->cap = 0;
}

int json_str_eq(const struct json_doc *d, int node, const char *s)
{
	const struct json_node *n;
	size_t l = strlen(s);
	char buf[128];

	if (node < 0 || (size_t)node >= d->n || d->nodes[node].type != JSON_STRING)
		return 0;
	n = &d->nodes[node];
	if (!n->escaped)
		return n->end - n->start == l && !memcmp(d->text + n->start, s, l);
	if (l >= sizeof(buf))
		return 0;
	return json_str_decode(d, node, buf, sizeof(buf)) == (long)l && !memcmp(buf, s, l);
}

int json_get(const struct json_doc *d, int obj, const char *key)
{
	int k;

	if (obj < 0 || (size_t)obj >= d->n || d->nodes[obj].type != JSON_OBJECT)
		return -1;
	for (k = d->nodes[obj].first; k >= 0; k = d->nodes[k].next)
		if (json_str_eq(d, d->nodes[k].key, key))
			return k;
	return -1;
}

int json_get_typed(const struct json_doc *d, int obj, const char *key, int type)
{
	int v = json_get(d, obj, key);

	return v >= 0 && d->nodes[v].type == type ? v : -1;
}

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xc0 | cp >> 6;
		o[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xe0 | cp >> 12;
		o[1] = 0x80 | ((cp >> 6) & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	o[0] = 0xf0 | cp >> 18;
	o[1] = 0x80 | ((cp >> 12) & 0x3f);
	o[2] = 0x80 | ((cp >> 6) & 0x3f);
	o[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* The string was validated by the parser, so escapes are well formed. */
long json_str_decode(const struct json_doc *d, int node, char *out, size_t cap)
{
	const struct json_node *n;
	const unsigned char *s;
	size_t i, o = 0;

	if (node < 0 || (size_t)node >= d->n || d->nodes[node].type != JSON_STRING)
		return -1;
	n = &d->nodes[node];
	s = (const unsigned char *)d->text;
	for (i = n->start; i < n->end;) {
		char tmp[4];
		size_t k;
		const unsigned char *bs;

		if (s[i] != '\\') {
			/* The whole run up to the next escape at once. */
			bs = memchr(s + i, '\\', n->end - i);
			k = (bs ? (size_t)(bs - s) : n->end) - i;
			if (o + k >= cap)
				return -1;
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			continue;
		} else if (s[i + 1] == 'u') {
			unsigned long cp = hex4(s + i + 2);

			i += 6;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (hex4(s + i + 2) - 0xdc00);
				i += 6;
			}
			k = put_utf8(tmp, cp);
		} else {
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";

			tmp[0] = to[strchr(from, s[i + 1]) - from];
			k = 1;
			i += 2;
		}
		if (o + k >= cap)
			return -1;
		memcpy(out + o, tmp, k);
		o += k;
	}
	if (o >= cap)
		return -1;
	out[o] = 0;
	return (long)o;
}

int json_int(const struct json_doc *d, int node, int64_t *out)
{
	const struct json_node *n;
	size_t i;
	int neg = 0;
	uint64_t v = 0;

	if (node < 0 || (size_t)node >= d->n || d->nodes[node].type != JSON_NUMBER ||
	    !d->nodes[node].integer)
		return -1;
	n = &d->nodes[node];
	i = n->start;
	if (d->text[i] == '-') {
		neg = 1;
		i++;
	}
	for (; i < n->end; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (d->text[i] - '0');
	}
	/* Two's complement reaches one further below zero than above it. */
	if (v > (uint64_t)INT64_MAX + neg)
		return -1;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

size_t json_count(const struct json_doc *d, int node)
{
	size_t c = 0;
	int k;

	if (node < 0 || (size_t)node >= d->n)
		return 0;
	for (k = d->nodes[node].first; k >= 0; k = d->nodes[k].next)
		c++;
	return c;
}
