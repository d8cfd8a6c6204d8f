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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tchar_matches_rfc),
        cmocka_unit_test(test_token_len_stops_at_first_non_tchar),
        cmocka_unit_test(test_token_len_and_ieq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
