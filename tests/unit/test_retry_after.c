/* Retry-After (core/src/retry_after.c) through the session's retries: what a
 * 429 or 503 asks replaces the computed backoff, up to the cap; server junk
 * is ignored or saturates. A PCA session over the scripted transport and the
 * fake clock of tests/support/session_fakes.h (its sleeps are recorded). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feature_skip.h"
#include "session_fakes.h"

#if ORCA_WITH_RETRY_AFTER && ORCA_WITH_PCA

static fake_world w;
static orca_http_response res;

/* A PCA session whose first exchange (the login) succeeds. */
static void pca_signed_in_world(void)
{
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
}

/* Retry-After (seconds or an HTTP-date) replaces the computed backoff. */
static void test_retry_after_waits_what_it_asks(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 429, "Retry-After: 7\r\n", "{}");
    fake_response(&w, 503, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                           "Retry-After: Sun, 06 Nov 1994 08:50:00 GMT\r\n", "{}");
    fake_response(&w, 200, "", "[]");
    w.time.random_value = 0xFFFFFFFFu;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 4);
    assert_int_equal(w.time.sleep_count, 2);
    assert_int_equal(w.time.sleeps[0], 7000u);
    assert_int_equal(w.time.sleeps[1], 23000u); /* the date less the answer's Date */
}

/* Longer than the cap: no retry, the error carries the value. */
static void test_retry_after_over_cap_is_reported(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 503, "Retry-After: 61\r\n", "{\"code\": \"Busy\"}");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.time.sleep_count, 0);
    assert_int_equal(w.session.error.status, 503);
    assert_int_equal(w.session.error.retry_after_s, 61);
    assert_string_equal(w.session.error.code, "Busy");
    /* The cap is the caller's: 61 s fits a cap of 61. */
    pca_signed_in_world();
    fake_response(&w, 503, "Retry-After: 61\r\n", "{}");
    fake_response(&w, 200, "", "[]");
    w.cfg.retry_after_max_s = 61;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.time.sleeps[0], 61000u);
    /* An HTTP-date an hour ahead of the answer's Date: over the cap. */
    pca_signed_in_world();
    fake_response(&w, 429, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                           "Retry-After: Sun, 06 Nov 1994 09:49:37 GMT\r\n", "{}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(w.session.error.retry_after_s, 3600);
    assert_int_equal(fake_exchanges(&w), 2);
}

/* Server junk: huge numbers saturate (and exceed any cap); signs, trailing
 * junk, a date without a base are ignored (the backoff applies); a date in
 * the past is 0 s; other statuses ignore the header. */
static void test_retry_after_junk_is_safe(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        int32_t value;    /* error.retry_after_s of the final answer */
        uint32_t slept;   /* first sleep, 0: none; 1: the computed backoff */
    } cases[] = {
        {"Retry-After: 99999999999999999999999\r\n", INT32_MAX, 0},
        {"Retry-After: 4294967296\r\n", INT32_MAX, 0},
        {"Retry-After: -5\r\n", -1, 1},
        {"Retry-After: 5s\r\n", -1, 1},
        {"Retry-After: 5 5\r\n", -1, 1},
        {"Retry-After: 0x10\r\n", -1, 1},
        {"Retry-After: \r\n", -1, 1},
        {"Retry-After: soon\r\n", -1, 1},
        {"Retry-After: Sun, 06 Nov 1994 08:49:37 GMT\r\n", -1, 1}, /* no Date, no wall clock */
        {"Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nRetry-After: Sat, 05 Nov 1994 08:49:37 GMT\r\n",
         0, 0},
        {"Retry-After: 0\r\n", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pca_signed_in_world();
        fake_response(&w, 503, cases[i].header, "{}");
        w.cfg.max_retries = 1;
        w.net.responses[2] = w.net.responses[1]; /* the retry is answered the same */
        w.net.count = 3;
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
        assert_int_equal(w.session.error.retry_after_s, cases[i].value);
        if (cases[i].value == INT32_MAX) {
            assert_int_equal(fake_exchanges(&w), 2); /* over the cap: no retry */
            assert_int_equal(w.time.sleep_count, 0);
        } else {
            assert_int_equal(fake_exchanges(&w), 3);
            assert_int_equal(w.time.sleep_count, 1);
            assert_int_equal(w.time.sleeps[0], cases[i].slept == 1u ? 250u : 0u);
        }
    }
    /* A bare CR inside the value: the parser refuses the answer, no wait. */
    pca_signed_in_world();
    fake_response(&w, 503, "Retry-After: 5\r9\r\n", "{}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    int rc = fake_get(&w, "/x", &res);
    assert_true(rc != ORCA_OK && rc != ORCA_ERR_HTTP);
    assert_int_equal(w.time.sleep_count, 0);
    /* Another status (500) ignores it: the computed backoff. */
    pca_signed_in_world();
    fake_response(&w, 500, "Retry-After: 30\r\n", "{}");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.time.sleeps[0], 250u);
}

static int64_t wall_s;
static int wall_unix(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = wall_s;
    return ORCA_OK;
}

/* An HTTP-date without a Date in the answer: the wall clock is the base. */
static void test_retry_after_date_against_wall_clock(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 429, "Retry-After: Sun, 06 Nov 1994 08:49:40 GMT\r\n", "{}");
    fake_response(&w, 200, "", "[]");
    wall_s = 784111777; /* Sun, 06 Nov 1994 08:49:37 GMT */
    w.clock.unix_s = wall_unix;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.time.sleeps[0], 3000u);
}

/* A wall clock far before any HTTP-date (a broken RTC: the epoch second is
 * any int64_t): the wait is longer than an int32_t holds, so it saturates;
 * when - base overflowed int64_t before (UB, UBSan's report). */
static void test_retry_after_date_against_broken_wall_clock(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 429, "Retry-After: Fri, 31 Dec 9999 23:59:59 GMT\r\n", "{}");
    wall_s = INT64_MIN;
    w.clock.unix_s = wall_unix;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(w.session.error.retry_after_s, INT32_MAX); /* over any cap: no retry */
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.time.sleep_count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after_waits_what_it_asks),
        cmocka_unit_test(test_retry_after_over_cap_is_reported),
        cmocka_unit_test(test_retry_after_junk_is_safe),
        cmocka_unit_test(test_retry_after_date_against_wall_clock),
        cmocka_unit_test(test_retry_after_date_against_broken_wall_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_RETRY_AFTER and ORCA_WITH_PCA (a PCA session's retries)")
#endif
