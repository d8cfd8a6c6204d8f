#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "orca/status.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_named_and_distinct),
        cmocka_unit_test(test_unknown_and_ok),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
