#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "orca/clock.h"

static void test_remaining_across_wrap(void **state)
{
    (void)state;
    assert_int_equal(orca_clock_remaining(100u, 300u), 200);
    assert_int_equal(orca_clock_remaining(300u, 100u), -200);
    /* Deadline after the 2^32 wrap, now before it. */
    assert_int_equal(orca_clock_remaining(0xFFFF0000u, 0x00000100u), 0x10100);
    assert_int_equal(orca_clock_remaining(0x00000100u, 0xFFFF0000u), -0x10100);
    assert_int_equal(orca_clock_remaining(0u, 0x7FFFFFFFu), 0x7FFFFFFF);
    assert_int_equal(orca_clock_remaining(0u, 0x80000000u), INT32_MIN);
    assert_int_equal(orca_clock_remaining(5u, 5u), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remaining_across_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
