#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../core/src/http_chars.h" /* internal header under test */

/* The bitmap against the RFC 9110 definition, for every byte value. */
static void test_tchar_matches_rfc(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256u; ++c) {
        int want = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c != 0u && strchr("!#$%&'*+-.^_`|~", (int)c) != NULL);
        assert_int_equal(orca_http_is_tchar(c), want);
    }
}

/* Every byte value at every position of names up to 20 bytes long: the
 * word-at-a-time path must stop exactly where the byte loop would. */
static void test_token_len_stops_at_first_non_tchar(void **state)
{
    (void)state;
    char s[24];
    for (size_t len = 1; len <= 20u; ++len) {
        for (size_t pos = 0; pos < len; ++pos) {
            for (unsigned c = 0; c < 256u; ++c) {
                for (size_t k = 0; k < len; ++k) {
                    s[k] = "Content-Length-09xZ"[k % 19u];
                }
                s[pos] = (char)c;
                size_t want = orca_http_is_tchar(c) ? len : pos;
                assert_int_equal(orca_http_token_len(s, len), want);
            }
        }
    }
}

static void test_token_len_and_ieq(void **state)
{
    (void)state;
    assert_int_equal(orca_http_token_len("Content-Length: 5", 17), 14);
    assert_int_equal(orca_http_token_len("abc", 2), 2);
    assert_int_equal(orca_http_token_len(" x", 2), 0);
    assert_true(orca_http_ieq("Content-LENGTH", "content-length", 14));
    assert_true(orca_http_ieq("", "", 0));
    assert_false(orca_http_ieq("Content-Lengtx", "content-length", 14));
    /* only ASCII letters fold: '\r' | 0x20 would be '-' */
    assert_false(orca_http_ieq("content\rlength", "content-length", 14));
    assert_false(orca_http_ieq("@", "`", 1));
    assert_false(orca_http_ieq("[", "{", 1));
}

static void test_lookup(void **state)
{
    (void)state;
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "Content-Length", 14),
                     ORCA_HTTP_CONTENT_LENGTH);
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "CONNECTION", 10),
                     ORCA_HTTP_CONNECTION);
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "transfer-encoding", 17),
                     ORCA_HTTP_TRANSFER_ENCODING);
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "host", 4), ORCA_HTTP_HOST);
    /* a prefix, a longer name or an empty one is not a match */
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "Content", 7), -1);
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "Hosts", 5), -1);
    assert_int_equal(orca_http_lookup(orca_http_framing_names, "", 0), -1);
    assert_int_equal(orca_http_lookup("", "a", 1), -1);
}

static void test_trim_and_hex_value(void **state)
{
    (void)state;
    const char *s = " \t a b\t \t";
    size_t end = strlen(s);
    assert_int_equal(orca_http_trim(s, 0, &end), 3);
    assert_int_equal(end, 6); /* "a b" */
    end = 3;
    assert_int_equal(orca_http_trim(" \t ", 0, &end), 3); /* all blanks: nothing left */
    assert_int_equal(end, 3);
    end = 5;
    assert_int_equal(orca_http_trim(s, 3, &end), 3); /* "a " of "a b": from an offset */
    assert_int_equal(end, 4);
    end = 3;
    assert_int_equal(orca_http_trim(s, 3, &end), 3); /* empty */
    assert_int_equal(end, 3);
    for (unsigned c = 0; c < 256u; ++c) {
        unsigned want = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10u
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10u
                                               : 16u;
        assert_int_equal(orca_http_hex_value(c), want);
    }
}

/* Exactly POST, PUT and PATCH, case-sensitive, by length: not a prefix,
 * not a longer or shorter method, not a lowercase one. */
static void test_method_has_body(void **state)
{
    (void)state;
    static const struct {
        const char *method;
        int has_body;
    } cases[] = {{"POST", 1},  {"PUT", 1},    {"PATCH", 1},   {"GET", 0},
                 {"HEAD", 0},  {"DELETE", 0}, {"OPTIONS", 0}, {"post", 0},
                 {"POSTS", 0}, {"PO", 0},     {"", 0},        {"PATCHES", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *m = cases[i].method;
        assert_int_equal(orca_http_method_has_body(m, strlen(m)), cases[i].has_body);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tchar_matches_rfc),
        cmocka_unit_test(test_token_len_stops_at_first_non_tchar),
        cmocka_unit_test(test_token_len_and_ieq),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_trim_and_hex_value),
        cmocka_unit_test(test_method_has_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
