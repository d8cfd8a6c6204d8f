/* What a hostile server could get away with on session.c's request path,
 * over the scripted transport: an answer sent unasked on an idle kept-alive
 * connection (taken for the next call's), a POST sent again after the server
 * may have acted on it, and a call with no overall limit (a server trickling
 * bytes kept it for three full exchange deadlines). Each test fails on the
 * code before the fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "session_fakes.h"
#include "feature_skip.h"

#if ORCA_WITH_PCA
#define LOGIN "{\"token\": \"t1\"}"
#define INJECTED "HTTP/1.1 200 X\r\nContent-Length: 18\r\n\r\n{\"injected\": true}"

static fake_world w;
static orca_http_response res;

/* The session's message for people: empty without ORCA_STATUS_STRINGS. */
static void expect_message(const char *want)
{
#if ORCA_STATUS_STRINGS
    assert_string_equal(w.session.error.message, want);
#else
    assert_string_equal(w.session.error.message, "");
    (void)want;
#endif
}

/* A PCA session signed in (exchange 0) on a kept-alive connection. */
static void signed_in(void)
{
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", LOGIN);
}

static void init_and_sign_in(void)
{
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.net.connects, 1);
}

/* A call with @p method and @p path, a small JSON body for POST and PATCH,
 * and the one extra header @p name: @p value when @p name is not NULL. */
static int call(const char *method, const char *path, const char *name, const char *value)
{
    orca_session_call req;
    orca_http_header h = {name, name != NULL ? strlen(name) : 0u, value,
                          value != NULL ? strlen(value) : 0u};
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str(method);
    req.path = orca_span_from_str(path);
    if (strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0) {
        req.body = (const uint8_t *)"{}";
        req.body_len = 2u;
    }
    req.headers = name != NULL ? &h : NULL;
    req.header_count = name != NULL ? 1u : 0u;
    return orca_session_request(&w.session, &req, NULL, &res);
}

/* ---- an idle kept-alive connection ---- */

/* A whole answer the server sent while the connection was idle is nobody's:
 * the call polls first, closes, connects afresh and reads its own answer. */
static void test_unasked_answer_on_idle_connection_is_dropped(void **state)
{
    (void)state;
    signed_in();
    fake_response(&w, 200, "", "{\"items\": []}");
    w.net.idle[1] = INJECTED;
    init_and_sign_in();
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_OK);
    assert_int_equal(res.body_len, 13u);
    assert_memory_equal(res.body, "{\"items\": []}", 13u);
    assert_int_equal(w.net.polls, 1);
    assert_int_equal(w.net.connects, 2);
    assert_int_equal(w.net.closes, 1);
    assert_int_equal(fake_exchanges(&w), 2);
    /* the injected bytes were wiped from the work buffer */
    assert_false(fake_contains(w.work, sizeof w.work, "injected"));
}

/* The server closed the idle connection: the call connects afresh. */
static void test_closed_idle_connection_reconnects(void **state)
{
    (void)state;
    signed_in();
    fake_response(&w, 200, "", "[]");
    w.net.idle[1] = FAKE_EOF;
    init_and_sign_in();
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_OK);
    assert_int_equal(w.net.connects, 2);
    assert_int_equal(fake_exchanges(&w), 2);
}

/* A quiet connection is reused: one poll, no new connect. */
static void test_quiet_connection_is_reused(void **state)
{
    (void)state;
    signed_in();
    fake_response(&w, 200, "", "[]");
    fake_response(&w, 200, "", "[]");
    init_and_sign_in();
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_OK);
    assert_int_equal(call("GET", "/y", NULL, NULL), ORCA_OK);
    assert_int_equal(w.net.polls, 2);
    assert_int_equal(w.net.connects, 1);
    assert_int_equal(w.net.closes, 0);
}

#if ORCA_WITH_RETRIES
/* ---- what may be sent again ---- */

/* The server reset the connection after it got the POST: it may have acted
 * on it, so the POST goes once and the reset is the caller's. */
static void test_post_not_repeated_after_reset(void **state)
{
    (void)state;
    signed_in();
    w.net.responses[w.net.count++] = FAKE_RESET;
    fake_response(&w, 200, "", "{}");
    init_and_sign_in();
    assert_int_equal(call("POST", "/20160918/instances", NULL, NULL), ORCA_ERR_CONN_RESET);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.time.sleep_count, 0u);
    assert_true(res.request_sent);
}

/* PATCH and an extension method likewise; GET, PUT and DELETE as before. */
static void test_only_idempotent_methods_repeated_after_reset(void **state)
{
    static const char *const methods[] = {"PATCH", "LOCK", "GET", "PUT", "DELETE"};
    (void)state;
    for (size_t i = 0; i < 5u; i++) {
        int idempotent = i >= 2u;
        signed_in();
        w.net.responses[w.net.count++] = FAKE_RESET;
        fake_response(&w, 200, "", "{}");
        init_and_sign_in();
        assert_int_equal(call(methods[i], "/x", NULL, NULL),
                         idempotent ? ORCA_OK : ORCA_ERR_CONN_RESET);
        assert_int_equal(fake_exchanges(&w), idempotent ? 3 : 2);
        orca_session_free(&w.session);
    }
}

/* opc-retry-token (Oracle's contract) or Idempotency-Key, in any case, marks a
 * POST safe to send again. */
static void test_post_with_retry_token_repeated(void **state)
{
    static const char *const names[] = {"opc-retry-token", "OPC-Retry-Token", "idempotency-key"};
    (void)state;
    for (size_t i = 0; i < 3u; i++) {
        signed_in();
        w.net.responses[w.net.count++] = FAKE_RESET;
        fake_response(&w, 200, "", "{}");
        init_and_sign_in();
        assert_int_equal(call("POST", "/x", names[i], "r-1"), ORCA_OK);
        assert_int_equal(fake_exchanges(&w), 3);
        assert_true(fake_contains(fake_sent(&w, 2), w.net.sent_len[2], "r-1"));
        orca_session_free(&w.session);
    }
}

/* Nothing of the POST went out (the connect was refused): safe to repeat. */
static void test_post_repeated_when_nothing_was_sent(void **state)
{
    (void)state;
    signed_in();
    fake_response(&w, 200, "", "{}");
    w.net.idle[1] = FAKE_EOF; /* the kept-alive connection is gone */
    init_and_sign_in();
    w.net.refuse_connects = 1;
    assert_int_equal(call("POST", "/x", NULL, NULL), ORCA_OK);
    assert_int_equal(w.net.connects, 3);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.time.sleep_count, 1u);
}

/* 429 and 503 say the request was not processed: repeated. A 500 may come
 * after the work was done: not repeated. */
static void test_post_repeated_only_when_refused(void **state)
{
    static const unsigned statuses[] = {429u, 503u, 500u, 502u};
    (void)state;
    for (size_t i = 0; i < 4u; i++) {
        int refused = i < 2u;
        signed_in();
        fake_response(&w, statuses[i], "", "{}");
        fake_response(&w, 200, "", "{}");
        init_and_sign_in();
        assert_int_equal(call("POST", "/x", NULL, NULL), refused ? ORCA_OK : ORCA_ERR_HTTP);
        assert_int_equal(fake_exchanges(&w), refused ? 3 : 2);
        orca_session_free(&w.session);
    }
}

/* The sign-in POST creates nothing: it is retried after a reset. */
static void test_sign_in_repeated_after_reset(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_PCA);
    w.net.responses[w.net.count++] = FAKE_RESET;
    fake_response(&w, 200, "", LOGIN);
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 3);
    assert_true(fake_contains(fake_sent(&w, 1), w.net.sent_len[1], "POST /20160918/login"));
}
#else
ORCA_SKIP_TEST(test_post_not_repeated_after_reset, "ORCA_WITH_RETRIES")
ORCA_SKIP_TEST(test_only_idempotent_methods_repeated_after_reset, "ORCA_WITH_RETRIES")
ORCA_SKIP_TEST(test_post_with_retry_token_repeated, "ORCA_WITH_RETRIES")
ORCA_SKIP_TEST(test_post_repeated_when_nothing_was_sent, "ORCA_WITH_RETRIES")
ORCA_SKIP_TEST(test_post_repeated_only_when_refused, "ORCA_WITH_RETRIES")
ORCA_SKIP_TEST(test_sign_in_repeated_after_reset, "ORCA_WITH_RETRIES")
#endif

#if ORCA_WITH_RETRIES && ORCA_WITH_DEADLINE
/* ---- one limit for the whole call ---- */

/* After the sign-in, the server sends one byte every 2 s: each exchange would
 * run to its 60 s deadline, three attempts to 180 s. */
static void trickle_after_sign_in(void)
{
    signed_in();
    for (int i = 0; i < 3; i++) {
        fake_response(&w, 200, "", "{\"items\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}");
    }
    init_and_sign_in();
    w.net.chunk = 1u;
    w.net.step_ms = 2000u;
}

/* The session's limit ends the call, retries and waits included. */
static void test_call_limit_from_config(void **state)
{
    (void)state;
    trickle_after_sign_in();
    w.session.cfg.call_timeout_ms = 100000u;
    uint32_t start = w.time.now;
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_ERR_TIMEOUT);
    /* a recv of the fake takes its 2 s whatever its timeout: at most one step over */
    assert_true(w.time.now - start <= 100000u + 2000u);
    assert_true(w.time.now - start >= 100000u);
    assert_int_equal(fake_exchanges(&w), 3); /* the sign-in and two attempts, not three */
    expect_message("call limit passed (call_timeout_ms)");
}

/* A request's own limit wins over the session's; the default applies without. */
static void test_call_limit_per_request_and_default(void **state)
{
    orca_session_call req;
    (void)state;
    trickle_after_sign_in();
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/x");
    req.call_timeout_ms = 5000u;
    uint32_t start = w.time.now;
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_TIMEOUT);
    assert_true(w.time.now - start <= 5000u + 2000u);
    expect_message("call limit passed (call_timeout_ms)");

    trickle_after_sign_in();
    start = w.time.now;
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_ERR_TIMEOUT);
    assert_true(w.time.now - start <= ORCA_DEFAULT_CALL_TIMEOUT_MS + 2000u);
    assert_true(w.time.now - start >= ORCA_DEFAULT_CALL_TIMEOUT_MS);
}

/* Within the call's limit, an exchange ends at its own deadline, and the
 * message names that one. */
static void test_exchange_deadline_named(void **state)
{
    (void)state;
    trickle_after_sign_in();
    w.session.cfg.max_retries = 0u;
    w.session.cfg.exchange_timeout_ms = 9000u;
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_ERR_TIMEOUT);
    expect_message("exchange deadline passed (exchange_timeout_ms)");
    /* the next call starts with no stale message */
    w.net.chunk = 0u;
    w.net.step_ms = 0u;
    w.net.responses[w.net.count++] = "HTTP/1.1 200 X\r\nContent-Length: 2\r\n\r\n[]";
    assert_int_equal(call("GET", "/y", NULL, NULL), ORCA_OK);
    expect_message("");
}

/* A wait the call's limit cannot hold is not slept: the call ends at once. */
static void test_backoff_past_limit_not_slept(void **state)
{
    (void)state;
    signed_in();
    fake_response(&w, 503, "", "{}");
    fake_response(&w, 200, "", "[]");
    init_and_sign_in();
    w.session.cfg.call_timeout_ms = 30000u;
    w.session.cfg.backoff_ms = 40000u;
    w.clock.random = NULL; /* no jitter: the wait is 40 s */
    assert_int_equal(call("GET", "/x", NULL, NULL), ORCA_ERR_TIMEOUT);
    assert_int_equal(w.time.sleep_count, 0u);
    assert_int_equal(fake_exchanges(&w), 2);
    expect_message("call limit passed (call_timeout_ms)");
}
#else
ORCA_SKIP_TEST(test_call_limit_from_config, "ORCA_WITH_RETRIES and ORCA_WITH_DEADLINE")
ORCA_SKIP_TEST(test_call_limit_per_request_and_default, "ORCA_WITH_RETRIES and ORCA_WITH_DEADLINE")
ORCA_SKIP_TEST(test_exchange_deadline_named, "ORCA_WITH_RETRIES and ORCA_WITH_DEADLINE")
ORCA_SKIP_TEST(test_backoff_past_limit_not_slept, "ORCA_WITH_RETRIES and ORCA_WITH_DEADLINE")
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unasked_answer_on_idle_connection_is_dropped),
        cmocka_unit_test(test_closed_idle_connection_reconnects),
        cmocka_unit_test(test_quiet_connection_is_reused),
        cmocka_unit_test(test_post_not_repeated_after_reset),
        cmocka_unit_test(test_only_idempotent_methods_repeated_after_reset),
        cmocka_unit_test(test_post_with_retry_token_repeated),
        cmocka_unit_test(test_post_repeated_when_nothing_was_sent),
        cmocka_unit_test(test_post_repeated_only_when_refused),
        cmocka_unit_test(test_sign_in_repeated_after_reset),
        cmocka_unit_test(test_call_limit_from_config),
        cmocka_unit_test(test_call_limit_per_request_and_default),
        cmocka_unit_test(test_exchange_deadline_named),
        cmocka_unit_test(test_backoff_past_limit_not_slept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_PCA (these session tests run a PCA session)")
#endif
