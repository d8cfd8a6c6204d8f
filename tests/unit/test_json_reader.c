#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "orca/json.h"
#include "feature_skip.h"

#if ORCA_WITH_JSON_READER

static orca_json_token toks[32];

static int parse(orca_json *doc, const char *text)
{
    return orca_json_parse(doc, text, strlen(text), toks, 32u);
}

static void test_parse_login_and_find(void **state)
{
    (void)state;
    orca_json doc;
    const char *t = " {\"tenancyId\": \"ocid1.tenancy\", \"nested\": {\"token\": \"no\"},"
                    " \"list\": [1, {\"token\": 2}], \"token\": \"abc\", \"userId\": null}\n";
    assert_int_equal(parse(&doc, t), ORCA_OK);
    assert_int_equal(doc.tokens[0].type, JSMN_OBJECT);
    int v = orca_json_find(&doc, 0, "token");
    assert_true(v > 0);
    char out[16];
    size_t len = 99;
    assert_int_equal(orca_json_copy_string(&doc, v, out, sizeof out, &len), ORCA_OK);
    assert_string_equal(out, "abc");
    assert_int_equal(len, 3);
    /* The nested "token" keys are not members of the root. */
    int nested = orca_json_find(&doc, 0, "nested");
    assert_int_equal(orca_json_copy_string(&doc, orca_json_find(&doc, nested, "token"), out,
                                           sizeof out, NULL),
                     ORCA_OK);
    assert_string_equal(out, "no");
    assert_int_equal(orca_json_find(&doc, 0, "tok"), ORCA_ERR_NOT_FOUND);
    assert_int_equal(orca_json_find(&doc, 0, "missing"), ORCA_ERR_NOT_FOUND);
    int user = orca_json_find(&doc, 0, "userId");
    assert_int_equal(orca_json_copy_string(&doc, user, out, sizeof out, NULL), ORCA_ERR_JSON_TYPE);
    assert_int_equal(orca_json_find(&doc, orca_json_find(&doc, 0, "list"), "x"),
                     ORCA_ERR_JSON_TYPE);
    /* Empty values, empty keys and containers do not hide the members after them. */
    assert_int_equal(parse(&doc, "{\"a\":\"\",\"\":{},\"b\":[],\"c\":{\"d\":\"\"},\"d\":1}"),
                     ORCA_OK);
    assert_int_equal(orca_json_find(&doc, 0, "a"), 2);
    assert_int_equal(orca_json_find(&doc, 0, ""), 4);
    assert_int_equal(orca_json_find(&doc, 0, "b"), 6);
    assert_int_equal(orca_json_find(&doc, 0, "d"), 12);
    assert_int_equal(orca_json_find(&doc, 8, "d"), 10);
    assert_int_equal(orca_json_find(&doc, 4, "b"), ORCA_ERR_NOT_FOUND);
}

static void test_unescape(void **state)
{
    (void)state;
    orca_json doc;
    char out[64];
    size_t len;
    /* Named escapes, \u00XX, a 3-byte BMP char and a surrogate pair (U+1D11E). */
    assert_int_equal(parse(&doc, "\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u0041\\u20AC\\uD834\\uDD1E\""),
                     ORCA_OK);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, sizeof out, &len), ORCA_OK);
    assert_int_equal(len, 19);
    assert_memory_equal(out, "a\"b\\c/\b\f\n\r\tA\xE2\x82\xAC\xF0\x9D\x84\x9E", 20);
    assert_int_equal(parse(&doc, "\"\\u00e9\\u0000x\""), ORCA_OK);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, sizeof out, &len), ORCA_OK);
    assert_int_equal(len, 4);
    assert_memory_equal(out, "\xC3\xA9\0x", 4);
}

static void test_truncation_on_character_boundary(void **state)
{
    (void)state;
    orca_json doc;
    char out[8];
    size_t len;
    assert_int_equal(parse(&doc, "\"abcd\""), ORCA_OK);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 5, &len), ORCA_OK);
    assert_string_equal(out, "abcd");
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 4, &len), ORCA_ERR_TRUNCATED);
    assert_string_equal(out, "abc");
    assert_int_equal(len, 3);
    /* "ab" + euro sign (3 bytes): 5 bytes of room keeps "ab", never half a sign. */
    assert_int_equal(parse(&doc, "\"ab\\u20AC\""), ORCA_OK);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 5, &len), ORCA_ERR_TRUNCATED);
    assert_string_equal(out, "ab");
    assert_int_equal(parse(&doc, "\"ab\xE2\x82\xAC\""), ORCA_OK);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 5, &len), ORCA_ERR_TRUNCATED);
    assert_string_equal(out, "ab");
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 6, &len), ORCA_OK);
    assert_int_equal(len, 5);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 1, &len), ORCA_ERR_TRUNCATED);
    assert_string_equal(out, "");
    /* Nothing after the first character that did not fit, even one that would. */
    assert_int_equal(parse(&doc, "\"ab\\u20ACc\\u00e9\""), ORCA_OK);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 5, &len), ORCA_ERR_TRUNCATED);
    assert_string_equal(out, "ab");
    assert_int_equal(len, 2);
}

#if ORCA_WITH_JSON_VALIDATION
static void test_rejects_what_jsmn_strict_lets_through(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[1 2]", "{\"a\":1 \"b\":2}", "[1,]", "{\"a\":1,}", "[,1]", "{\"a\" 1}", "{1:2}",
        "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[tru]", "[truex]", "[\"\\x\"]",
        "[\"\\uD800\"]", "[\"\\uDC00\\uD800\"]", "[\"a\nb\"]", "1 2", "", "   ", "[1]]",
        "{\"a\":1}}", "[}", "{]", "\"abc", "[\"\\u12\"]", "{\"a\"}", "nul", "[1,,2]",
    };
    orca_json doc;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        doc.count = 7;
        assert_int_equal(parse(&doc, bad[i]), ORCA_ERR_JSON);
        assert_int_equal(doc.count, 0);
    }
    /* Raw bytes that are not UTF-8: a stray continuation, a bad lead byte,
     * a cut sequence, overlong forms, a surrogate, above U+10FFFF. */
    static const char *const not_utf8[] = {
        "[\"ab\xff\xfe\"]", "[\"\x80\"]", "[\"\xc3\"]", "[\"\xc3(\"]", "[\"\xc0\xaf\"]",
        "[\"\xe0\x80\xaf\"]", "[\"\xf0\x80\x80\xaf\"]", "[\"\xed\xa0\x80\"]",
        "[\"\xf4\x90\x80\x80\"]", "[\"\xf5\x80\x80\x80\"]", "[\"\xe2\x82\"]",
    };
    for (size_t i = 0; i < sizeof not_utf8 / sizeof not_utf8[0]; i++) {
        assert_int_equal(parse(&doc, not_utf8[i]), ORCA_ERR_JSON);
    }
    /* the edges of every range are fine: U+0080, U+07FF, U+0800, U+D7FF,
     * U+E000, U+FFFF, U+10000, U+10FFFF */
    assert_int_equal(parse(&doc, "[\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"
                                 "\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"]"),
                     ORCA_OK);
    /* A NUL byte inside the given length is not whitespace. */
    assert_int_equal(orca_json_parse(&doc, "[1]\0", 4, toks, 32u), ORCA_ERR_JSON);
}
#else
ORCA_SKIP_TEST(test_rejects_what_jsmn_strict_lets_through, "ORCA_WITH_JSON_VALIDATION")
#endif

#if ORCA_WITH_JSON_VALIDATION
static void test_accepts_roots_and_numbers(void **state)
{
    (void)state;
    static const char *const good[] = {
        "0", "-0.5e+10", " true ", "null", "\"s\"", "[]", "{}", "[[[]]]", "-12E3",
        "{\"a\":[1,{\"b\":null}],\"c\":\"\"}",
    };
    orca_json doc;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(parse(&doc, good[i]), ORCA_OK);
        assert_true(doc.count >= 1);
    }
    assert_int_equal(parse(&doc, " 42 "), ORCA_OK);
    assert_int_equal(doc.tokens[0].type, JSMN_PRIMITIVE);
    assert_int_equal(doc.tokens[0].start, 1);
    assert_int_equal(doc.tokens[0].end, 3);
}
#else
ORCA_SKIP_TEST(test_accepts_roots_and_numbers, "ORCA_WITH_JSON_VALIDATION")
#endif

#if ORCA_WITH_JSON_VALIDATION
static void test_limits(void **state)
{
    (void)state;
    orca_json doc;
    char deep[2 * ORCA_JSON_MAX_DEPTH + 3];
    size_t n = ORCA_JSON_MAX_DEPTH;
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    assert_int_equal(orca_json_parse(&doc, deep, 2 * n, toks, 32u), ORCA_OK);
    deep[0] = '[';
    memset(deep, '[', n + 1);
    memset(deep + n + 1, ']', n + 1);
    assert_int_equal(orca_json_parse(&doc, deep, 2 * n + 2, toks, 32u), ORCA_ERR_JSON);
    assert_int_equal(orca_json_parse(&doc, "[1,2,3]", 7, toks, 3u), ORCA_ERR_JSON_TOKENS);
    assert_int_equal(orca_json_parse(&doc, "[1,2,3]", 7, toks, 4u), ORCA_OK);
    assert_int_equal(orca_json_parse(&doc, "1", 1, toks, 0u), ORCA_ERR_JSON_TOKENS);
    /* Only len bytes are read: the text need not be NUL-terminated. */
    char *exact = malloc(5);
    assert_non_null(exact);
    memcpy(exact, "[\"ab", 4);
    assert_int_equal(orca_json_parse(&doc, exact, 4, toks, 32u), ORCA_ERR_JSON);
    memcpy(exact, "\"\\uD8", 5);
    assert_int_equal(orca_json_parse(&doc, exact, 5, toks, 32u), ORCA_ERR_JSON);
    free(exact);
}
#else
ORCA_SKIP_TEST(test_limits, "ORCA_WITH_JSON_VALIDATION")
#endif

static void test_invalid_args(void **state)
{
    (void)state;
    orca_json doc;
    char out[4];
    assert_int_equal(orca_json_parse(NULL, "1", 1, toks, 1u), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_parse(&doc, NULL, 1, toks, 1u), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_parse(&doc, "1", 1, NULL, 1u), ORCA_ERR_INVALID_ARG);
    assert_int_equal(parse(&doc, "{\"a\":\"b\"}"), ORCA_OK);
    assert_int_equal(orca_json_find(&doc, 3, "a"), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_find(&doc, -1, "a"), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_find(NULL, 0, "a"), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_find(&doc, 0, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_copy_string(&doc, 2, out, 0, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_copy_string(&doc, 2, NULL, 4, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_copy_string(&doc, 3, out, 4, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_copy_string(&doc, 0, out, 4, NULL), ORCA_ERR_JSON_TYPE);
}

/* A token array changed after orca_json_parse (the caller's memory): find
 * and copy_string read nothing outside the document's text. */
static void test_tokens_past_the_text(void **state)
{
    (void)state;
    orca_json doc;
    char out[8];
    /* the text is a prefix of a longer buffer: bytes past it are not read */
    static const char buf[] = "{\"a\":\"b\"}\"a\"";
    assert_int_equal(orca_json_parse(&doc, buf, 9, toks, 32u), ORCA_OK);
    assert_int_equal(orca_json_find(&doc, 0, "a"), 2);
    assert_int_equal(orca_json_copy_string(&doc, 2, out, sizeof out, NULL), ORCA_OK);
    assert_string_equal(out, "b");
    toks[2].end = 10; /* past the text's 9 bytes */
    assert_int_equal(orca_json_copy_string(&doc, 2, out, sizeof out, NULL),
                     ORCA_ERR_INVALID_ARG);
    toks[1].start = 10; /* the key moved past the text ... */
    toks[1].end = 11;
    toks[0].end = 12;
    assert_int_equal(orca_json_find(&doc, 0, "a"), ORCA_ERR_NOT_FOUND);
    toks[1].start = -1; /* ... or before it */
    toks[1].end = 0;
    assert_int_equal(orca_json_find(&doc, 0, "a"), ORCA_ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_login_and_find),
        cmocka_unit_test(test_unescape),
        cmocka_unit_test(test_truncation_on_character_boundary),
        cmocka_unit_test(test_rejects_what_jsmn_strict_lets_through),
        cmocka_unit_test(test_accepts_roots_and_numbers),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_invalid_args),
        cmocka_unit_test(test_tokens_past_the_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_JSON_READER")
#endif
