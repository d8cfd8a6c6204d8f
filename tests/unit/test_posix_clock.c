#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <time.h>

#include "orca/posix.h"
#include "orca/status.h"

static void test_clock_hooks_filled(void **state)
{
    orca_clock c;
    (void)state;
    orca_posix_clock_init(&c);
    assert_ptr_equal(c.now_ms, orca_posix_now_ms);
    assert_ptr_equal(c.unix_s, orca_posix_unix_s);
    assert_ptr_equal(c.sleep_ms, orca_posix_sleep_ms);
    assert_ptr_equal(c.random, orca_posix_random);
    assert_null(c.ctx);
    orca_posix_clock_init(NULL); /* no crash */
}

static void test_sleep_measured_by_monotonic(void **state)
{
    uint32_t start = orca_posix_now_ms(NULL);
    uint32_t elapsed;
    (void)state;
    orca_posix_sleep_ms(NULL, 120);
    elapsed = orca_posix_now_ms(NULL) - start;
    assert_true(elapsed >= 120 && elapsed < 300);
    start = orca_posix_now_ms(NULL);
    orca_posix_sleep_ms(NULL, 0);
    assert_true(orca_posix_now_ms(NULL) - start < 50);
}

static void test_unix_time_matches_time(void **state)
{
    int64_t s = 0;
    int64_t t = (int64_t)time(NULL);
    (void)state;
    assert_int_equal(orca_posix_unix_s(NULL, &s), ORCA_OK);
    assert_true(s >= t && s <= t + 1);
    assert_true(s > 1700000000); /* after Nov 2023 */
    assert_int_equal(orca_posix_unix_s(NULL, NULL), ORCA_ERR_INVALID_ARG);
}

static void test_random_varies(void **state)
{
    uint32_t a = orca_posix_random(NULL);
    int differ = 0;
    int i;
    (void)state;
    for (i = 0; i < 8; i++) {
        differ += orca_posix_random(NULL) != a;
    }
    assert_true(differ >= 7); /* 8 equal 32-bit draws: p ~ 2^-256 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_hooks_filled),
        cmocka_unit_test(test_sleep_measured_by_monotonic),
        cmocka_unit_test(test_unix_time_matches_time),
        cmocka_unit_test(test_random_varies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
