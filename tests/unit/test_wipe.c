#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "orca/wipe.h"

static void test_wipe_clears_exactly_len(void **state)
{
    (void)state;
    char buf[16];
    memset(buf, 'x', sizeof buf);
    orca_wipe(buf + 2, 10);
    for (size_t i = 0; i < sizeof buf; ++i) {
        assert_int_equal(buf[i], (i >= 2 && i < 12) ? 0 : 'x');
    }
    orca_wipe(NULL, 0); /* allowed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wipe_clears_exactly_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
