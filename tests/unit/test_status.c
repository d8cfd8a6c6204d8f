#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "orca/config.h"
#include "orca/status.h"

#if ORCA_STATUS_STRINGS

/* Every named code has its own text, distinct from the unknown-status text. */
static void test_every_code_named_and_distinct(void **state)
{
    (void)state;
    int named[256];
    size_t n = 0;
    for (int code = 0; code >= -200; --code) {
        if (strcmp(orca_status_str(code), "unknown status") != 0) {
            named[n++] = code;
        }
    }
    assert_true(n >= 40);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n; ++j) {
            assert_string_not_equal(orca_status_str(named[i]), orca_status_str(named[j]));
        }
    }
}

static void test_unknown_and_ok(void **state)
{
    (void)state;
    assert_string_equal(orca_status_str(ORCA_OK), "ok");
    assert_string_equal(orca_status_str(1), "unknown status");
    assert_string_equal(orca_status_str(-9999), "unknown status");
    assert_string_equal(orca_status_str(ORCA_ERR_HEADER_INJECTION), "CR, LF or NUL in request field");
}

/* The texts are packed by range: the last code of each range has its own
 * text and the code after it has none. */
static void test_range_edges(void **state)
{
    (void)state;
    static const struct {
        int last;
        const char *text;
    } edges[] = {
        {ORCA_ERR_CONFIG_MISMATCH, "config header differs from the library's"},
        {ORCA_ERR_PATH_SPACE, "space in path (percent-encode it)"},
        {ORCA_ERR_FILE, "file error"},
        {ORCA_ERR_TLS_SESSION_HOST, "saved TLS session is for another host"},
        {ORCA_ERR_COOKIE_TOO_LARGE, "cookie too large"},
        {ORCA_ERR_JSON_TYPE, "wrong JSON type"},
        {ORCA_ERR_KEY, "bad signing key"},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        assert_string_equal(orca_status_str(edges[i].last), edges[i].text);
        assert_string_equal(orca_status_str(edges[i].last - 1), "unknown status");
    }
    assert_string_equal(orca_status_str(ORCA_ERR_IO), "I/O error");
    assert_string_equal(orca_status_str(ORCA_ERR_ABORTED), "aborted");
    assert_string_equal(orca_status_str(ORCA_ERR_BODY_TOO_LARGE), "body too large");
    assert_string_equal(orca_status_str(ORCA_ERR_PATH_NOT_ABSOLUTE), "path does not start with '/'");
    assert_string_equal(orca_status_str(ORCA_ERR_JSON), "invalid JSON");
    assert_string_equal(orca_status_str(ORCA_ERR_NO_WALL_CLOCK), "no wall clock");
}
#else
/* ORCA_STATUS_STRINGS 0: only "ok", "error" and "unknown status". */
static void test_short_texts(void **state)
{
    (void)state;
    assert_string_equal(orca_status_str(ORCA_OK), "ok");
    assert_string_equal(orca_status_str(ORCA_ERR_HTTP), "error");
    assert_string_equal(orca_status_str(ORCA_ERR_INVALID_ARG), "error");
    assert_string_equal(orca_status_str(1), "unknown status");
    assert_string_equal(orca_status_str(-9999), "unknown status");
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
#if ORCA_STATUS_STRINGS
        cmocka_unit_test(test_every_code_named_and_distinct),
        cmocka_unit_test(test_unknown_and_ok),
        cmocka_unit_test(test_range_edges),
#else
        cmocka_unit_test(test_short_texts),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
