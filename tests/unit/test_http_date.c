#define _DEFAULT_SOURCE /* gmtime_r, the oracle */
/* 64-bit time_t on 32-bit glibc too (armhf): the oracle covers 1970..9999. */
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64
/* The HTTP date writer (core/src/http_date.c) against gmtime + strftime. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "orca/date.h"
#include "feature_skip.h"

#if ORCA_WITH_PCA_SIGNING
/* The IMF-fixdate writer against gmtime + strftime (C locale) every
 * 25987007 s (about 300 days: weekday, month, day and time of day all vary)
 * over 1970 .. 9999, and back through the parser. */
static void test_format_http_matches_strftime(void **state)
{
    (void)state;
    char out[ORCA_DATE_HTTP_LEN + 1], want[64];
    int64_t back, checked = 0;
    for (int64_t t = 0; t <= INT64_C(253402300799); t += 25987 * 1000 + 7) {
        time_t tt = (time_t)t;
        struct tm tm;
        assert_non_null(gmtime_r(&tt, &tm));
        assert_int_equal(strftime(want, sizeof want, "%a, %d %b %Y %H:%M:%S GMT", &tm), 29);
        memset(out, 0, sizeof out);
        assert_int_equal(orca_date_format_http(t, out), ORCA_OK);
        assert_string_equal(out, want);
        assert_int_equal(orca_date_parse_cookie(out, ORCA_DATE_HTTP_LEN, &back), ORCA_OK);
        assert_true(back == t);
        checked++;
    }
    assert_true(checked > 9000);
    /* Every day of 1970 .. 2199, each at another time of day. */
    for (int64_t d = 0; d < 84000; d++) {
        int64_t t = d * 86400 + d * 3607 % 86400;
        time_t tt = (time_t)t;
        struct tm tm;
        assert_non_null(gmtime_r(&tt, &tm));
        strftime(want, sizeof want, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        assert_int_equal(orca_date_format_http(t, out), ORCA_OK);
        if (memcmp(out, want, 29) != 0) {
            fail_msg("t=%lld: %.29s, want %s", (long long)t, out, want);
        }
    }
    assert_int_equal(orca_date_format_http(0, out), ORCA_OK);
    assert_memory_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT", 29);
    assert_int_equal(orca_date_format_http(INT64_C(253402300799), out), ORCA_OK);
    assert_memory_equal(out, "Fri, 31 Dec 9999 23:59:59 GMT", 29);
    assert_int_equal(orca_date_format_http(1388957500, out), ORCA_OK);
    assert_memory_equal(out, "Sun, 05 Jan 2014 21:31:40 GMT", 29);
    /* Leap days, and the 2038 32-bit edge. */
    assert_int_equal(orca_date_format_http(951782400, out), ORCA_OK);
    assert_memory_equal(out, "Tue, 29 Feb 2000 00:00:00 GMT", 29);
    assert_int_equal(orca_date_format_http(INT64_C(2147483648), out), ORCA_OK);
    assert_memory_equal(out, "Tue, 19 Jan 2038 03:14:08 GMT", 29);
    assert_int_equal(orca_date_format_http(-1, out), ORCA_ERR_BAD_DATE);
    assert_int_equal(orca_date_format_http(INT64_C(253402300800), out), ORCA_ERR_BAD_DATE);
    assert_int_equal(orca_date_format_http(INT64_MIN, out), ORCA_ERR_BAD_DATE);
    assert_int_equal(orca_date_format_http(0, NULL), ORCA_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_http_matches_strftime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
ORCA_SKIP_PROGRAM("ORCA_WITH_PCA_SIGNING")
#endif
