#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../core/src/text_out.h" /* internal header under test */

/* Pieces that fit are copied in order; the buffer is not terminated. */
static void test_put_appends_in_order(void **state)
{
    (void)state;
    char buf[16];
    memset(buf, '#', sizeof buf);
    orca_text_out w = {buf, sizeof buf, 0u, ORCA_OK};
    orca_text_put(&w, "GET ", 4u);
    orca_text_put(&w, NULL, 0u);
    orca_text_put(&w, "/x", 2u);
    assert_int_equal(w.err, ORCA_OK);
    assert_int_equal(w.len, 6u);
    assert_memory_equal(buf, "GET /x##", 8u);
}

/* A piece that does not fit sets the error, copies nothing, and nothing
 * after it is copied either, even a piece that would fit. */
static void test_overflow_stops_copying(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, '#', sizeof buf);
    orca_text_out w = {buf, 6u, 0u, ORCA_OK};
    orca_text_put(&w, "abcd", 4u);
    orca_text_put(&w, "efg", 3u); /* 7 > 6 */
    assert_int_equal(w.err, ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(w.len, 4u);
    orca_text_put(&w, "e", 1u);
    assert_int_equal(w.len, 4u);
    assert_memory_equal(buf, "abcd####", 8u);

    orca_text_out exact = {buf, 4u, 0u, ORCA_OK};
    orca_text_put(&exact, "wxyz", 4u); /* exactly the capacity fits */
    assert_int_equal(exact.err, ORCA_OK);
    assert_int_equal(exact.len, 4u);

    orca_text_out failed = {buf, sizeof buf, 0u, ORCA_ERR_INVALID_ARG}; /* a caller's error */
    orca_text_put(&failed, "z", 1u);
    assert_int_equal(failed.err, ORCA_ERR_INVALID_ARG);
    assert_int_equal(failed.len, 0u);
}

/* Decimal digits for 0, small values and the largest size_t. */
static void test_uint_digits(void **state)
{
    (void)state;
    char buf[64];
    char want[64];
    orca_text_out w = {buf, sizeof buf, 0u, ORCA_OK};
    orca_text_uint(&w, 0u);
    orca_text_put(&w, " ", 1u);
    orca_text_uint(&w, 1234567u);
    orca_text_put(&w, " ", 1u);
    orca_text_uint(&w, SIZE_MAX);
    int n = snprintf(want, sizeof want, "0 1234567 %zu", (size_t)SIZE_MAX);
    assert_int_equal(w.err, ORCA_OK);
    assert_int_equal(w.len, (size_t)n);
    assert_memory_equal(buf, want, (size_t)n);

    orca_text_out small = {buf, 2u, 0u, ORCA_OK};
    orca_text_uint(&small, 123u); /* three digits into two bytes */
    assert_int_equal(small.err, ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(small.len, 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_appends_in_order),
        cmocka_unit_test(test_overflow_stops_copying),
        cmocka_unit_test(test_uint_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
