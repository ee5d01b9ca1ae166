// SPDX-License-Identifier: MIT
/*
 * user/lib/json.c: the strict RFC 8259 reader behind the collateral
 * parser. Collateral is signed text, so besides values the tests pin the
 * byte spans (the signature covers exact bytes) and every rejection the
 * RFC grammar calls for, with the offset the error names.
 */
#include "unit.h"
#include "json.h"

static struct json_doc doc;
static struct tdxg_err err;

static int parse(const char *s)
{
	memset(&err, 0, sizeof(err));
	json_free(&doc);
	return json_parse(&doc, s, strlen(s), &err);
}

/* The source text of node n's span. */
static const char *span(int n)
{
	static char buf[256];
	size_t l = doc.nodes[n].end - doc.nodes[n].start;

	if (l >= sizeof(buf))
		l = sizeof(buf) - 1;
	memcpy(buf, doc.text + doc.nodes[n].start, l);
	buf[l] = 0;
	return buf;
}

static void test_tree(void)
{
	const char *t = " {\"a\": [1, -2.5e3, true, false, null, \"x\\\"y\"], \"b\": {\"c\": \"d\"}, \"e\": 0} ";
	int a, b, c, e, k, i;
	static const int types[] = { JSON_NUMBER, JSON_NUMBER, JSON_TRUE, JSON_FALSE, JSON_NULL, JSON_STRING };
	static const char *const spans[] = { "1", "-2.5e3", "true", "false", "null", "x\\\"y" };

	is_int(parse(t), 0, "a document with every type parses");
	is_int(doc.nodes[0].type, JSON_OBJECT, "root (node 0) is the object");
	/* The value's span, without the surrounding whitespace. */
	is_int(doc.nodes[0].start, 1, "root span starts at its '{'");
	is_int(doc.nodes[0].end, strlen(t) - 1, "root span ends after its '}'");
	is_int(json_count(&doc, 0), 3, "root has 3 members");
	a = json_get(&doc, 0, "a");
	b = json_get_typed(&doc, 0, "b", JSON_OBJECT);
	e = json_get(&doc, 0, "e");
	is_int(a >= 0 ? doc.nodes[a].type : -1, JSON_ARRAY, "member a is an array");
	is_int(json_count(&doc, a), 6, "a has 6 elements");
	for (k = doc.nodes[a].first, i = 0; k >= 0 && i < 6; k = doc.nodes[k].next, i++) {
		is_int(doc.nodes[k].type, types[i], "a[%d] has type %d", i, types[i]);
		is_str(span(k), spans[i], "a[%d] spans %s", i, spans[i]);
	}
	is_int(i, 6, "the sibling list of a ends after 6");
	k = doc.nodes[a].first;
	ok(doc.nodes[k].integer && !doc.nodes[doc.nodes[k].next].integer,
	   "1 is an integer, -2.5e3 is not");
	k = doc.nodes[a].first;
	for (i = 0; i < 5; i++)
		k = doc.nodes[k].next;
	ok(doc.nodes[k].escaped, "a string with \\\" is marked escaped");
	/* Strings span the bytes between their quotes. */
	ok(doc.text[doc.nodes[k].start - 1] == '"' && doc.text[doc.nodes[k].end] == '"',
	   "a string's span excludes its quotes");
	is_str(span(doc.nodes[a].key), "a", "a member's key node spans its name");
	ok(b >= 0, "json_get_typed finds b as an object");
	c = json_get_typed(&doc, b, "c", JSON_STRING);
	is_str(c >= 0 ? span(c) : "", "d", "b.c spans d");
	ok(!doc.nodes[c].escaped, "a string without escapes is not marked escaped");
	ok(json_str_eq(&doc, c, "d") && !json_str_eq(&doc, c, "dd") && !json_str_eq(&doc, c, ""),
	   "json_str_eq compares the whole string");
	is_int(json_get(&doc, 0, "z"), -1, "json_get of an absent member is -1");
	is_int(json_get_typed(&doc, 0, "a", JSON_OBJECT), -1, "json_get_typed with the wrong type is -1");
	is_int(json_get_typed(&doc, 0, "e", JSON_NUMBER), e, "json_get_typed with the right type is the member");
	is_int(json_get(&doc, a, "a"), -1, "json_get on an array is -1");
	is_int(json_get(&doc, -1, "a"), -1, "json_get on node -1 is -1");
	is_int(json_count(&doc, c), 0, "json_count of a string is 0");
	is_int(json_count(&doc, (int)doc.n), 0, "json_count past the last node is 0");

	is_int(parse("[]"), 0, "[] parses");
	is_int(json_count(&doc, 0), 0, "[] has no elements");
	is_int(parse("{ }"), 0, "{ } parses");
	is_int(doc.nodes[0].first, -1, "{ } has no first child");
	is_int(parse("\t\r\n \"\" \n"), 0, "a lone empty string with all four whitespace characters parses");
	is_int(doc.nodes[0].end - doc.nodes[0].start, 0, "the empty string's span is empty");

	/* Member names compare by value, so an escaped key matches its plain name. */
	is_int(parse("{\"\\u0061b\": 7}"), 0, "a key with a \\u escape parses");
	ok(json_get(&doc, 0, "ab") >= 0, "json_get finds \"\\u0061b\" as \"ab\"");
}

static void test_decode(void)
{
	char out[64];
	long n;

	is_int(parse("\"a\\nb\\\"c\\\\d\\/e\\b\\f\\r\\t\""), 0, "every two-character escape parses");
	n = json_str_decode(&doc, 0, out, sizeof(out));
	is_int(n, 13, "decoded length of the two-character escapes");
	is_mem(out, "a\nb\"c\\d/e\b\f\r\t", 14, "two-character escapes decode per RFC 8259 section 7");

	is_int(parse("\"caf\\u00e9\""), 0, "\\u00e9 parses");
	n = json_str_decode(&doc, 0, out, sizeof(out));
	is_int(n, 5, "caf\\u00e9 decodes to 5 bytes");
	is_mem(out, "caf\xc3\xa9", 6, "U+00E9 decodes to UTF-8 C3 A9");

	is_int(parse("\"\\u20AC\""), 0, "\\u20AC (upper-case hex) parses");
	n = json_str_decode(&doc, 0, out, sizeof(out));
	is_mem(out, "\xe2\x82\xac", 4, "U+20AC decodes to UTF-8 E2 82 AC");
	is_int(n, 3, "U+20AC is 3 bytes");

	/* RFC 8259 section 7's own example: G clef, U+1D11E. */
	is_int(parse("\"\\uD834\\uDD1E\""), 0, "the surrogate pair \\uD834\\uDD1E parses");
	n = json_str_decode(&doc, 0, out, sizeof(out));
	is_int(n, 4, "a surrogate pair decodes to 4 bytes");
	is_mem(out, "\xf0\x9d\x84\x9e", 5, "U+1D11E decodes to UTF-8 F0 9D 84 9E");

	is_int(parse("\"\\u0000x\""), 0, "\\u0000 parses");
	n = json_str_decode(&doc, 0, out, sizeof(out));
	ok(n == 2 && out[0] == 0 && out[1] == 'x', "\\u0000 decodes to a NUL byte inside the string");

	is_int(parse("\"h\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\""), 0, "raw UTF-8 of 2, 3 and 4 bytes parses");
	n = json_str_decode(&doc, 0, out, sizeof(out));
	is_int(n, 12, "raw UTF-8 is copied as it is");

	is_int(parse("\"abc\""), 0, "\"abc\" parses");
	is_int(json_str_decode(&doc, 0, out, 3), -1, "decode into 3 bytes (no room for the NUL) fails");
	is_int(json_str_decode(&doc, 0, out, 4), 3, "decode into 4 bytes fits");
	is_str(out, "abc", "decoded and NUL-terminated");
	is_int(parse("\"\\u00e9\""), 0, "\"\\u00e9\" parses");
	is_int(json_str_decode(&doc, 0, out, 2), -1, "a 2-byte character does not fit 2 bytes with its NUL");
	is_int(parse("1"), 0, "1 parses");
	is_int(json_str_decode(&doc, 0, out, sizeof(out)), -1, "decoding a number fails");
}

static void test_int(void)
{
	static const struct { const char *text; int ok; int64_t v; } c[] = {
		{ "0", 1, 0 },
		{ "-0", 1, 0 },
		{ "42", 1, 42 },
		{ "-17", 1, -17 },
		{ "4294967295", 1, 4294967295LL },
		{ "9223372036854775807", 1, INT64_MAX },
		{ "-9223372036854775807", 1, -INT64_MAX },
		{ "9223372036854775808", 0, 0 },
		{ "-9223372036854775809", 0, 0 },
		{ "-18446744073709551615", 0, 0 },
		{ "18446744073709551615", 0, 0 },
		{ "18446744073709551616", 0, 0 },
		{ "99999999999999999999999", 0, 0 },
		{ "1.0", 0, 0 },
		{ "1e2", 0, 0 },
		{ "\"1\"", 0, 0 },
		{ "true", 0, 0 },
	};
	size_t i;
	int64_t v;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		is_int(parse(c[i].text), 0, "%s parses", c[i].text);
		v = 12345;
		if (c[i].ok) {
			ok(json_int(&doc, 0, &v) == 0 && v == c[i].v, "json_int(%s) = %" PRId64, c[i].text, c[i].v);
		} else {
			ok(json_int(&doc, 0, &v) == -1 && v == 12345,
			   "json_int(%s) fails and leaves the output alone", c[i].text);
		}
	}
	/* INT64_MIN is an int64_t, so a reader into int64_t should take it. */
	is_int(parse("-9223372036854775808"), 0, "INT64_MIN parses as JSON");
	ok(json_int(&doc, 0, &v) == 0 && v == INT64_MIN, "json_int(-9223372036854775808) = INT64_MIN");
	is_int(json_int(&doc, 5, &v), -1, "json_int of a node that does not exist fails");
}

/* text must fail with -EBADMSG and a message naming what and where. */
static void rejects(const char *text, size_t len, const char *what, size_t at, const char *name)
{
	char want[96];
	int rc;

	memset(&err, 0, sizeof(err));
	json_free(&doc);
	rc = json_parse(&doc, text, len, &err);
	is_int(rc, -EBADMSG, "%s: -EBADMSG", name);
	is_int(err.code, -EBADMSG, "%s: err.code is the returned errno", name);
	snprintf(want, sizeof(want), "%s at byte %zu", what, at);
	like(err.msg, want, "%s: message \"%s\"", name, want);
	ok(doc.nodes == NULL && doc.n == 0, "%s: nothing left allocated", name);
}

#define REJECTS(lit, what, at, name) rejects(lit, sizeof(lit) - 1, what, at, name)

static void test_reject(void)
{
	REJECTS("[1,2,]", "unexpected character", 5, "trailing comma in an array");
	REJECTS("{\"a\":1,}", "expected a member name", 7, "trailing comma in an object");
	REJECTS("[01]", "leading zero", 2, "leading zero");
	REJECTS("-01", "leading zero", 2, "negative leading zero");
	REJECTS("\"a\x01" "b\"", "control character in string", 2, "unescaped U+0001 in a string");
	REJECTS("\"a\tb\"", "control character in string", 2, "unescaped tab in a string");
	REJECTS("\"a\x1f\"", "control character in string", 2, "unescaped U+001F in a string");
	REJECTS("\"\\ud800\"", "lone high surrogate", 7, "lone high surrogate");
	REJECTS("\"\\ud800\\u0041\"", "lone high surrogate", 7, "high surrogate before a non-surrogate");
	REJECTS("\"\\ud800\\ud800\"", "lone high surrogate", 7, "two high surrogates");
	REJECTS("\"\\udc00\"", "lone low surrogate", 7, "lone low surrogate");
	REJECTS("\"\\udfff\\ud800\"", "lone low surrogate", 7, "surrogates in the wrong order");
	REJECTS("{} x", "trailing characters", 3, "garbage after the value");
	REJECTS("1 2", "trailing characters", 2, "two values");
	REJECTS("[1]]", "trailing characters", 3, "an extra closing bracket");
	REJECTS("tru", "unexpected character", 0, "truncated literal");
	REJECTS("True", "unexpected character", 0, "capitalised literal");
	REJECTS("[nul]", "unexpected character", 1, "bad literal inside an array");
	REJECTS("undefined", "unexpected character", 0, "a non-JSON word");
	REJECTS("\"abc", "unterminated string", 4, "unterminated string");
	REJECTS("[\"abc\\\"]", "unterminated string", 8, "string whose last quote is escaped");
	REJECTS("\"\\", "unterminated escape", 1, "escape at the end of the text");
	REJECTS("\"\\x\"", "bad escape", 1, "unknown escape \\x");
	REJECTS("\"\\'\"", "bad escape", 1, "escape \\' (not JSON)");
	REJECTS("\"\\u12G4\"", "bad \\u escape", 1, "non-hex digit in \\u");
	REJECTS("\"\\u12\"", "bad \\u escape", 1, "short \\u escape");
	REJECTS("\"\xc3(\"", "invalid UTF-8", 1, "truncated UTF-8 sequence");
	REJECTS("\"\xc0\xaf\"", "invalid UTF-8", 1, "overlong UTF-8 encoding");
	REJECTS("\"\xed\xa0\x80\"", "invalid UTF-8", 1, "UTF-8 encoded surrogate");
	REJECTS("\"\xf4\x90\x80\x80\"", "invalid UTF-8", 1, "UTF-8 above U+10FFFF");
	REJECTS("\"\xff\"", "invalid UTF-8", 1, "byte FF");
	REJECTS("-", "bad number", 1, "a lone minus");
	REJECTS("+1", "unexpected character", 0, "a plus sign");
	REJECTS(".5", "unexpected character", 0, "a fraction without integer part");
	REJECTS("1.", "bad fraction", 2, "a fraction without digits");
	REJECTS("1e", "bad exponent", 2, "an exponent without digits");
	REJECTS("1e+", "bad exponent", 3, "a signed exponent without digits");
	REJECTS("0x10", "trailing characters", 1, "hex number");
	REJECTS("", "unexpected end", 0, "empty text");
	REJECTS("  \n", "unexpected end", 3, "whitespace only");
	REJECTS("\f1", "unexpected character", 0, "form feed is not JSON whitespace");
	REJECTS("[1 2]", "expected ',' or ']'", 3, "missing comma in an array");
	REJECTS("{\"a\" 1}", "expected ':'", 5, "missing colon");
	REJECTS("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7, "missing comma in an object");
	REJECTS("{1:2}", "expected a member name", 1, "a non-string key");
	REJECTS("[1,2", "unterminated container", 4, "unterminated array");
	REJECTS("{\"a\":1,\"a\":2}", "duplicate member name", 10, "duplicate member name");
	REJECTS("{\"a\":1,\"\\u0061\":2}", "duplicate member name", 15, "duplicate member name spelt with an escape");
	/* A NUL byte is a control character, also inside the given length. */
	rejects("\"a\0b\"", 5, "control character in string", 2, "NUL inside a string");
	rejects("{}\0", 3, "trailing characters", 2, "NUL after the value");
}

static void test_limits(void)
{
	char deep[2 * 70 + 1];
	char *big;
	size_t i, n = 100000;
	int rc;

	/* RFC 8259 section 9 lets a parser limit nesting; json.c's is 64. */
	for (i = 0; i < 64; i++) {
		deep[i] = '[';
		deep[64 + i] = ']';
	}
	deep[128] = 0;
	is_int(parse(deep), 0, "64 nested arrays parse");
	for (i = 0; i < 65; i++) {
		deep[i] = '[';
		deep[65 + i] = ']';
	}
	deep[130] = 0;
	memset(&err, 0, sizeof(err));
	json_free(&doc);
	rc = json_parse(&doc, deep, strlen(deep), &err);
	ok(rc < 0, "65 nested arrays are refused");
	like(err.msg, "nesting too deep at byte 64", "the message names the limit and the 65th bracket (byte 64)");
	/*
	 * Valid JSON beyond an implementation limit is not a malformed
	 * message: tdxg/err.h gives -E2BIG to "too many items" and -EBADMSG
	 * to malformed bytes.
	 */
	is_int(rc, -E2BIG, "nesting beyond the limit is -E2BIG");

	memset(&err, 0, sizeof(err));
	json_free(&doc);
	/* Never read: the length alone is refused. */
	rc = json_parse(&doc, "{}", (size_t)UINT32_MAX + 1, &err);
	is_int(rc, -E2BIG, "a text longer than 4 GiB - 1 is -E2BIG (spans are 32-bit)");
	like(err.msg, "document too large", "its message says so");

	/* Many values: the node array grows past its first allocations. */
	big = malloc(2 * n + 2);
	big[0] = '[';
	for (i = 0; i < n; i++) {
		big[1 + 2 * i] = '7';
		big[2 + 2 * i] = i + 1 < n ? ',' : ']';
	}
	big[2 * n + 1] = 0;
	is_int(parse(big), 0, "an array of 100000 numbers parses");
	is_int(json_count(&doc, 0), n, "json_count is 100000");
	is_int(doc.n, n + 1, "one node per value");
	is_int(doc.nodes[n].start, 2 * n - 1, "the last element's span is where it is in the text");
	free(big);
}

int main(void)
{
	test_tree();
	test_decode();
	test_int();
	test_reject();
	test_limits();
	json_free(&doc);
	return done_testing();
}
