/* The retry policy (core/src/session_retry.c) on its own: which failed
 * exchanges go again and after how long, for a session made by
 * orca_session_init (tests/support/session_fakes.h) whose call in flight is
 * set by hand. What the session does with the answer (sleeps, the call's
 * limit, the exchanges) is in test_session_repeat.c and test_retry_after.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feature_skip.h"
#include "session_auth.h"
#include "session_fakes.h"

#if ORCA_WITH_RETRIES && ORCA_WITH_PCA

static fake_world w;
static orca_http_response res;

/* A PCA session (backoff 100 ms, 3 retries, no random) whose call in
 * flight is @p method, attempt 0, and whose answer is @p status. */
static orca_session *session_with_call(const char *method, uint16_t status)
{
    fake_setup(&w, ORCA_SERVICE_PCA);
    w.cfg.backoff_ms = 100u;
    w.cfg.max_retries = 3u;
    w.clock.random = NULL;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    w.session.call.method = method;
    w.session.call.method_len = strlen(method);
    memset(&res, 0, sizeof res);
    res.status = status;
    res.request_sent = 1u;
    return &w.session;
}

static int delay_of(orca_session *s, int rc, uint32_t *delay)
{
    *delay = 0xDEADu;
    return orca_session_retry_delay(s, rc, &res, delay);
}

/* 429 and 5xx answers, and network failures (ORCA_ERR_IO .. ORCA_ERR_CLOSED,
 * a timeout among them, and an answer cut short) go again; others (a TLS
 * failure, an answer that breaks the protocol) do not. */
static void test_which_answers_go_again(void **state)
{
    (void)state;
    static const struct {
        int rc;
        uint16_t status;
        int again;
    } cases[] = {
        {ORCA_OK, 200u, 0},  {ORCA_OK, 404u, 0},        {ORCA_OK, 429u, 1},
        {ORCA_OK, 500u, 1},  {ORCA_OK, 503u, 1},        {ORCA_ERR_IO, 0u, 1},
        {ORCA_ERR_CLOSED, 0u, 1}, {ORCA_ERR_UNEXPECTED_EOF, 0u, 1}, {ORCA_ERR_TIMEOUT, 0u, 1},
        {ORCA_ERR_DNS, 0u, 1}, {ORCA_ERR_FILE, 0u, 0}, {ORCA_ERR_BAD_RESPONSE, 0u, 0},
        {ORCA_ERR_TLS, 0u, 0},
    };
    uint32_t delay;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        orca_session *s = session_with_call("GET", cases[i].status);
        assert_int_equal(delay_of(s, cases[i].rc, &delay), cases[i].again);
        assert_int_equal(delay, cases[i].again ? 100u : 0xDEADu);
    }
}

/* A POST the server may have acted on goes again only when it said it did
 * not (429, 503), when nothing was sent, or with the caller's mark. */
static void test_post_goes_again_only_when_safe(void **state)
{
    (void)state;
    uint32_t delay;
    orca_http_header mark = {"Idempotency-Key", 15, "k-1", 3};
    orca_session *s = session_with_call("POST", 500u);
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 0);
    assert_int_equal(delay_of(s, ORCA_ERR_IO, &delay), 0);
    res.request_sent = 0u; /* nothing of it went out */
    assert_int_equal(delay_of(s, ORCA_ERR_IO, &delay), 1);
    s = session_with_call("POST", 503u);
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    s = session_with_call("POST", 502u);
    s->headers[0] = mark;
    s->caller_headers = 1u;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    mark.name = "opc-retry-token";
    s->headers[0] = mark;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    s->caller_headers = 0u; /* an own header of the session is no mark */
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 0);
    s->repeatable = 1u; /* a sign-in */
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
}

/* Exponential backoff, capped in doubling, with equal jitter; none after
 * the last retry or once body bytes went to the caller. */
static void test_backoff_and_its_end(void **state)
{
    (void)state;
    uint32_t delay;
    orca_session *s = session_with_call("GET", 503u);
    s->flight.attempt = 2u;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    assert_int_equal(delay, 400u);
    w.time.random_value = 1000u;
    w.clock.random = fake_random;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    assert_int_equal(delay, 200u + 1000u % 201u); /* half fixed, half random */
    s->cfg.backoff_ms = 0x60000000u; /* no doubling past 2^30 */
    w.time.random_value = 0u;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    assert_int_equal(delay, 0x30000000u);
    s->flight.attempt = 3u; /* max_retries */
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 0);
    s->flight.attempt = 0u;
    res.body_streamed = 1u;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 0);
}

#if ORCA_WITH_RETRY_AFTER
/* The answer's Retry-After replaces the backoff, up to the cap. */
static void test_retry_after_replaces_backoff(void **state)
{
    (void)state;
    uint32_t delay;
    orca_session *s = session_with_call("GET", 429u);
    s->answer.first[ORCA_ANSWER_RETRY_AFTER].ptr = "7";
    s->answer.first[ORCA_ANSWER_RETRY_AFTER].len = 1u;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    assert_int_equal(delay, 7000u);
    s->cfg.retry_after_max_s = 6u;
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 0);
    s->answer.first[ORCA_ANSWER_RETRY_AFTER].ptr = "0";
    assert_int_equal(delay_of(s, ORCA_OK, &delay), 1);
    assert_int_equal(delay, 0u);
}
#else
ORCA_SKIP_TEST(test_retry_after_replaces_backoff, "ORCA_WITH_RETRY_AFTER")
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_which_answers_go_again),
        cmocka_unit_test(test_post_goes_again_only_when_safe),
        cmocka_unit_test(test_backoff_and_its_end),
        cmocka_unit_test(test_retry_after_replaces_backoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#elif !ORCA_WITH_RETRIES
ORCA_SKIP_PROGRAM("ORCA_WITH_RETRIES")
#else
ORCA_SKIP_PROGRAM("ORCA_WITH_PCA")
#endif
