#define _DEFAULT_SOURCE /* timegm, the oracle */
/* 64-bit time_t on 32-bit glibc too (armhf): the oracle covers 1601..9999. */
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64
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

#if ORCA_WITH_DATE_PARSER

static int parse(const char *s, int64_t *out)
{
    return orca_date_parse_cookie(s, strlen(s), out);
}

static int64_t oracle(int year, int month, int day, int h, int m, int s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm);
}

/* Every month's first and last day over the whole accepted range, against timegm. */
static void test_calendar_matches_timegm(void **state)
{
    static const char *const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month;
    (void)state;
    for (year = 1601; year <= 9999; year += (year < 2100 ? 1 : 37)) {
        for (month = 1; month <= 12; month++) {
            int last = month == 12 ? 31
                                   : (int)((oracle(year, month + 1, 1, 0, 0, 0) -
                                            oracle(year, month, 1, 0, 0, 0)) /
                                           86400);
            char text[64];
            int64_t got = 0;
            snprintf(text, sizeof text, "%02d %s %04d 23:59:59 GMT", last, names[month - 1], year);
            assert_int_equal(parse(text, &got), ORCA_OK);
            assert_true(got == oracle(year, month, last, 23, 59, 59));
            snprintf(text, sizeof text, "01 %s %04d 00:00:00 GMT", names[month - 1], year);
            assert_int_equal(parse(text, &got), ORCA_OK);
            assert_true(got == oracle(year, month, 1, 0, 0, 0));
            /* the day after the last one does not exist */
            snprintf(text, sizeof text, "%02d %s %04d 00:00:00 GMT", last + 1, names[month - 1],
                     year);
            assert_int_equal(parse(text, &got), ORCA_ERR_BAD_DATE);
        }
    }
}

static void test_leap_days(void **state)
{
    int64_t t = 0;
    (void)state;
    assert_int_equal(parse("Tue, 29 Feb 2000 12:00:00 GMT", &t), ORCA_OK);
    assert_true(t == 951825600);
    assert_int_equal(parse("29 Feb 2024 00:00:00", &t), ORCA_OK);
    assert_int_equal(parse("29 Feb 1900 00:00:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("29 Feb 2100 00:00:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("29 Feb 2023 00:00:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("31 Apr 2023 00:00:00", &t), ORCA_ERR_BAD_DATE);
}

static void test_range_boundaries(void **state)
{
    int64_t t = 0;
    (void)state;
    assert_int_equal(parse("01 Jan 1601 00:00:00", &t), ORCA_OK);
    assert_true(t == -11644473600LL);
    assert_int_equal(parse("31 Dec 1600 23:59:59", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("31 Dec 9999 23:59:59", &t), ORCA_OK);
    assert_true(t == 253402300799LL);
    assert_int_equal(parse("01 Jan 10000 00:00:00", &t), ORCA_ERR_BAD_DATE); /* 5 digits */
    assert_int_equal(parse("01 Jan 2020 24:00:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("01 Jan 2020 23:60:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("01 Jan 2020 23:59:60", &t), ORCA_ERR_BAD_DATE); /* no leap second */
    assert_int_equal(parse("00 Jan 2020 00:00:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("32 Jan 2020 00:00:00", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("01 Jan 2020 0:0:0", &t), ORCA_OK);
    assert_true(t == 1577836800);
}

static void test_two_digit_years(void **state)
{
    int64_t t = 0;
    (void)state;
    assert_int_equal(parse("01-Jan-70 00:00:00 GMT", &t), ORCA_OK);
    assert_true(t == 0);
    assert_int_equal(parse("01-Jan-69 00:00:00 GMT", &t), ORCA_OK);
    assert_true(t == oracle(2069, 1, 1, 0, 0, 0));
    assert_int_equal(parse("01-Jan-99 00:00:00 GMT", &t), ORCA_OK);
    assert_true(t == oracle(1999, 1, 1, 0, 0, 0));
    assert_int_equal(parse("01-Jan-0069 00:00:00 GMT", &t), ORCA_OK); /* the RFC adds 2000 too */
    assert_true(t == oracle(2069, 1, 1, 0, 0, 0));
    assert_int_equal(parse("01-Jan-7 00:00:00 GMT", &t), ORCA_ERR_BAD_DATE); /* 1 digit */
}

static void test_missing_fields_and_arguments(void **state)
{
    int64_t t = 42;
    static const char full[] = "Wed, 09 Dec 2009 16:27:23 GMT";
    (void)state;
    assert_int_equal(parse("", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("Dec 2009 16:27:23", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("09 2009 16:27:23", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("09 Dec 16:27:23", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("09 Dec 2009", &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(parse("09 Dec 2009 16:27", &t), ORCA_ERR_BAD_DATE);
    assert_true(t == 42); /* untouched on failure */
    /* the length is honoured: the time lies beyond it */
    assert_int_equal(orca_date_parse_cookie(full, 16, &t), ORCA_ERR_BAD_DATE);
    assert_int_equal(orca_date_parse_cookie(full, sizeof full - 1u, &t), ORCA_OK);
    assert_int_equal(orca_date_parse_cookie(full, 3, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_date_parse_cookie(NULL, 3, &t), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_date_parse_cookie(NULL, 0, &t), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_date_parse_cookie("\x80\xff\x01", 3, &t), ORCA_ERR_BAD_DATE);
}

static void test_token_rules(void **state)
{
    int64_t t = 0;
    (void)state;
    /* the first token that matches a field takes it; later ones are ignored */
    assert_int_equal(parse("Thu, 10 Dec 2009 13:57:2 GMT 11:11:11 12 Jan 1999", &t), ORCA_OK);
    assert_true(t == oracle(2009, 12, 10, 13, 57, 2));
    /* a month is any token starting with its three letters, any case */
    assert_int_equal(parse("10 DECEMBER 2009 13:57:02", &t), ORCA_OK);
    assert_true(t == oracle(2009, 12, 10, 13, 57, 2));
    /* a three-digit time field is not a time */
    assert_int_equal(parse("10 Dec 2009 133:57:02", &t), ORCA_ERR_BAD_DATE);
}

/* The three HTTP date forms (RFC 9110 5.6.7) read the same instant. */
static void test_http_date_forms(void **state)
{
    static const char *const forms[] = {"Sun, 06 Nov 1994 08:49:37 GMT",
                                        "Sunday, 06-Nov-94 08:49:37 GMT",
                                        "Sun Nov  6 08:49:37 1994"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        int64_t t = 0;
        assert_int_equal(parse(forms[i], &t), ORCA_OK);
        assert_true(t == 784111777);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_matches_timegm),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_range_boundaries),
        cmocka_unit_test(test_two_digit_years),
        cmocka_unit_test(test_missing_fields_and_arguments),
        cmocka_unit_test(test_token_rules),
        cmocka_unit_test(test_http_date_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_COOKIES and ORCA_WITH_COOKIE_EXPIRES (the date parser)")
#endif
