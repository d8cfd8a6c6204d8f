#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* jsmn is third-party code: its conversions are not ours to fix. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#define JSMN_STATIC
#define JSMN_STRICT
#include "jsmn.h"
#pragma GCC diagnostic pop

#include "orca/json.h"

/*
 * Decodes the JSON string literal s[0..n) (quotes included) into out, the
 * way a JSON reader must: only the RFC 8259 escapes, no raw control
 * characters. Returns the decoded length, or -1 when the literal is invalid.
 */
static long decode_literal(const char *s, size_t n, char *out)
{
    size_t o = 0;
    if (n < 2u || s[0] != '"' || s[n - 1u] != '"') {
        return -1;
    }
    for (size_t i = 1; i + 1u < n; ++i) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20u || c == '"') {
            return -1;
        }
        if (c != '\\') {
            out[o++] = (char)c;
            continue;
        }
        if (++i + 1u >= n) {
            return -1;
        }
        switch (s[i]) {
        case '"': out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; break;
        case '/': out[o++] = '/'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            unsigned v = 0;
            if (i + 5u >= n) {
                return -1;
            }
            for (int k = 0; k < 4; ++k) {
                char h = s[++i];
                v = v * 16u + (unsigned)(h >= '0' && h <= '9' ? h - '0'
                                         : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                         : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 99);
            }
            if (v > 0x7Fu) {
                return -1; /* the writer only escapes ASCII controls */
            }
            out[o++] = (char)v;
            break;
        }
        default: return -1;
        }
    }
    return (long)o;
}

/* Writes {"password":<literal>} and checks that jsmn (strict) accepts it and
 * that the literal decodes back to exactly the input. */
static void round_trip(const char *in, size_t len)
{
    char doc[2048];
    size_t pos = 0;
    memcpy(doc, "{\"password\":", 12);
    pos = 12;
    assert_int_equal(orca_json_write_string(doc, sizeof doc - 1u, &pos, in, len), ORCA_OK);
    doc[pos++] = '}';

    jsmn_parser parser;
    jsmntok_t tok[4];
    jsmn_init(&parser);
    assert_int_equal(jsmn_parse(&parser, doc, pos, tok, 4), 3);
    assert_int_equal(tok[2].type, JSMN_STRING);
    assert_int_equal(tok[2].end, (int)pos - 2); /* jsmn excludes the quotes */

    char back[2048];
    long n = decode_literal(doc + 12, pos - 13u, back);
    assert_int_equal(n, (long)len);
    assert_memory_equal(back, in, len);
}

static void test_password_with_quote_backslash_tab(void **state)
{
    (void)state;
    char out[64];
    size_t len = 0;
    assert_int_equal(orca_json_write_string(out, sizeof out, &len, "a\"b\\c\t", 6), ORCA_OK);
    assert_int_equal(len, 11);
    assert_memory_equal(out, "\"a\\\"b\\\\c\\t\"", 11);
    round_trip("a\"b\\c\t", 6);
}

static void test_every_control_char(void **state)
{
    (void)state;
    char all[32];
    for (int c = 0; c < 32; ++c) {
        all[c] = (char)c;
        round_trip(all + c, 1);
    }
    round_trip(all, sizeof all);
    char out[16];
    size_t len = 0;
    assert_int_equal(orca_json_write_string(out, sizeof out, &len, "\x01", 1), ORCA_OK);
    assert_memory_equal(out, "\"\\u0001\"", 8);
    len = 0;
    assert_int_equal(orca_json_write_string(out, sizeof out, &len, "\x1f", 1), ORCA_OK);
    assert_memory_equal(out, "\"\\u001f\"", 8);
}

static void test_every_byte_value(void **state)
{
    (void)state;
    char all[256];
    for (int c = 0; c < 256; ++c) {
        all[c] = (char)c;
    }
    round_trip(all, sizeof all); /* bytes >= 0x80 (UTF-8) pass through unchanged */
    round_trip("", 0);
    round_trip("h\xc3\xa9llo \xe2\x82\xac /", 12);
}

/* orca_json_string_size() is what orca_json_write_string() writes, byte by
 * byte and for a whole string, and exactly that much room suffices. */
static void test_string_size_is_what_is_written(void **state)
{
    (void)state;
    char out[8], all[256], big[256 * 6 + 2];
    for (int c = 0; c < 256; ++c) {
        char b = (char)c;
        size_t len = 0;
        all[c] = b;
        assert_int_equal(orca_json_write_string(out, sizeof out, &len, &b, 1), ORCA_OK);
        assert_int_equal(orca_json_string_size(&b, 1), len);
    }
    size_t need = orca_json_string_size(all, sizeof all), len = 0;
    assert_int_equal(need, 2u + 6u * 27u + 2u * 7u + (256u - 34u)); /* 27 \\u00XX, 7 named */
    assert_int_equal(orca_json_write_string(big, need, &len, all, sizeof all), ORCA_OK);
    assert_int_equal(len, need);
    len = 0;
    assert_int_equal(orca_json_write_string(big, need - 1u, &len, all, sizeof all),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(orca_json_string_size("", 0), 2u);
}

static void test_appends_and_never_truncates(void **state)
{
    (void)state;
    static const char in[] = "p\"\n\x02w";
    char full[64];
    size_t need = 3;
    memcpy(full, "ab,", 3);
    assert_int_equal(orca_json_write_string(full, sizeof full, &need, in, 5), ORCA_OK);
    assert_memory_equal(full, "ab,\"p\\\"\\n\\u0002w\"", need);
    for (size_t size = 0; size < need; ++size) {
        char out[64];
        size_t len = size < 3u ? size : 3u;
        memset(out, '#', sizeof out);
        assert_int_equal(orca_json_write_string(out, size, &len, in, 5),
                         ORCA_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, size < 3u ? size : 3u); /* unchanged */
        assert_int_equal(out[size], '#');             /* nothing past the end */
    }
}

static void test_invalid_args(void **state)
{
    (void)state;
    char out[8];
    size_t len = 0;
    assert_int_equal(orca_json_write_string(NULL, 8, &len, "a", 1), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_write_string(out, 8, NULL, "a", 1), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_json_write_string(out, 8, &len, NULL, 1), ORCA_ERR_INVALID_ARG);
    len = 9;
    assert_int_equal(orca_json_write_string(out, 8, &len, "a", 1), ORCA_ERR_INVALID_ARG);
    len = 0;
    assert_int_equal(orca_json_write_string(out, 8, &len, NULL, 0), ORCA_OK);
    assert_int_equal(len, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_with_quote_backslash_tab),
        cmocka_unit_test(test_every_control_char),
        cmocka_unit_test(test_every_byte_value),
        cmocka_unit_test(test_string_size_is_what_is_written),
        cmocka_unit_test(test_appends_and_never_truncates),
        cmocka_unit_test(test_invalid_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
