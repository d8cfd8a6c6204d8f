#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "orca/posix.h"

static void test_fills_whole_buffer(void **state)
{
    unsigned char a[300];
    unsigned char b[300];
    size_t zeros = 0;
    size_t i;
    (void)state;
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    assert_int_equal(orca_posix_entropy(NULL, a, sizeof a), 0);
    assert_int_equal(orca_posix_entropy(NULL, b, sizeof b), 0);
    assert_memory_not_equal(a, b, sizeof a);
    for (i = 0; i < sizeof a; i++) {
        zeros += a[i] == 0;
    }
    assert_true(zeros < 20); /* ~1.2 expected; the last bytes are filled too */
    assert_true(a[sizeof a - 1] != 0 || a[sizeof a - 2] != 0 || a[sizeof a - 3] != 0);
}

static void test_bad_arguments(void **state)
{
    unsigned char x = 0;
    (void)state;
    assert_int_equal(orca_posix_entropy(NULL, NULL, 4), -1);
    assert_int_equal(orca_posix_entropy(NULL, &x, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fills_whole_buffer),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
