/* The non-blocking contract of core/src/session.c (the call in flight,
 * orca_session_flight): wait statuses and orca_session_wait(), the same
 * bytes as a blocking call, waits handed to the caller (no sleep), one call
 * at a time, cancel, deadlines kept without a waiting transport, sessions
 * side by side. (Every other session test also runs non-blocking: the
 * *_nonblocking variants in tests/CMakeLists.txt.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "session_fakes.h"
#include "feature_skip.h"

#if ORCA_WITH_PCA && ORCA_WITH_NONBLOCKING

#define LOGIN "{\"token\": \"t1\"}"

/* A gate in front of the fake transport: in GATE_ALTERNATE every connect,
 * send and recv would block once before it goes through; in
 * GATE_RECV_NEVER a recv never finds anything. Polls (timeout 0) pass. */
enum { GATE_OPEN, GATE_ALTERNATE, GATE_RECV_NEVER };

typedef struct gated {
    fake_world w;
    orca_transport gate;
    int mode;
    int blocked_last; /* GATE_ALTERNATE: the last call would have blocked */
    int would_blocks; /* how many calls would have blocked */
} gated;

static gated a, b;
static orca_http_response res, res_b;

static int gate_blocks(gated *g, int is_recv)
{
    if (g->mode == GATE_RECV_NEVER && is_recv) {
        g->would_blocks++;
        return 1;
    }
    if (g->mode != GATE_ALTERNATE) {
        return 0;
    }
    g->blocked_last = !g->blocked_last;
    g->would_blocks += g->blocked_last;
    return g->blocked_last;
}

static int32_t gate_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    gated *g = ctx;
    return gate_blocks(g, 0) ? ORCA_ERR_WANT_WRITE : fake_connect(&g->w.net, host, port, t);
}

static int32_t gate_send(void *ctx, const uint8_t *buf, size_t len, uint32_t t)
{
    gated *g = ctx;
    return gate_blocks(g, 0) ? ORCA_ERR_WANT_WRITE : fake_send(&g->w.net, buf, len, t);
}

static int32_t gate_recv(void *ctx, uint8_t *buf, size_t len, uint32_t t)
{
    gated *g = ctx;
    if (t == 0u) {
        int32_t n = fake_recv(&g->w.net, buf, len, 0u);
        return n == ORCA_ERR_TIMEOUT ? ORCA_ERR_WANT_READ : n; /* nothing arrived */
    }
    return gate_blocks(g, 1) ? ORCA_ERR_WANT_READ : fake_recv(&g->w.net, buf, len, t);
}

static void gate_close(void *ctx)
{
    fake_close(&((gated *)ctx)->w.net);
}

/* A PCA world with the login answer scripted; a @p mode other than
 * GATE_OPEN puts the gate in front and makes the session non-blocking. */
static void gated_world(gated *g, int mode)
{
    fake_setup(&g->w, ORCA_SERVICE_PCA);
    fake_response(&g->w, 200, "opc-request-id: rid-0\r\n", LOGIN);
    g->mode = mode;
    g->blocked_last = 0;
    g->would_blocks = 0;
    g->gate.connect = gate_connect;
    g->gate.send = gate_send;
    g->gate.recv = gate_recv;
    g->gate.close = gate_close;
    g->gate.ctx = g;
    if (mode != GATE_OPEN) {
        g->w.cfg.transport = &g->gate;
        g->w.cfg.nonblocking = 1u;
    }
}

static const orca_session_call get_x = {.method = ORCA_SPAN_LITERAL("GET"), .path = ORCA_SPAN_LITERAL("/x")};

/* Calls the request until it ends, checking that every wait status is also
 * what orca_session_wait() says; returns the final status, *calls the count. */
static int run_request(gated *g, const orca_session_call *req, orca_http_response *out,
                       int *calls)
{
    int rc;
    *calls = 0;
    for (;;) {
        rc = orca_session_request(&g->w.session, req, NULL, out);
        ++*calls;
        if (rc != ORCA_ERR_WANT_READ && rc != ORCA_ERR_WANT_WRITE) {
            return rc;
        }
        assert_int_equal(orca_session_wait(&g->w.session, NULL), rc);
        assert_true(*calls < 1000);
    }
}

/* Sign-in and GET non-blocking: many calls, each returning at once, and
 * the very bytes a blocking session sends. */
static void test_same_bytes_as_blocking(void **state)
{
    (void)state;
    int calls;
    gated_world(&a, GATE_OPEN);
    fake_response(&a.w, 200, "opc-request-id: rid-1\r\n", "[1]");
    assert_int_equal(orca_session_init(&a.w.session, &a.w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&a.w.session, &get_x, NULL, &res), ORCA_OK);

    gated_world(&b, GATE_ALTERNATE);
    fake_response(&b.w, 200, "opc-request-id: rid-1\r\n", "[1]");
    assert_int_equal(orca_session_init(&b.w.session, &b.w.cfg), ORCA_OK);
    assert_int_equal(run_request(&b, &get_x, &res_b, &calls), ORCA_OK);
    assert_true(calls > 4); /* connect, sends and receives each blocked once */
    assert_true(b.would_blocks >= 4);
    assert_int_equal(res_b.status, 200);
    assert_int_equal(res_b.body_len, 3);
    assert_memory_equal(res_b.body, "[1]", 3);
    assert_string_equal(b.w.session.request_id, "rid-1");
    assert_int_equal(fake_exchanges(&b.w), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(fake_sent(&b.w, i), fake_sent(&a.w, i));
    }
    assert_int_equal(orca_session_wait(&b.w.session, NULL), ORCA_OK); /* nothing in flight */
    orca_session_free(&a.w.session);
    orca_session_free(&b.w.session);
}

/* A backoff is handed to the caller as a tick: nothing sleeps, nothing is
 * sent before the tick, and the retry goes once it has come. */
static void test_backoff_is_a_tick(void **state)
{
    (void)state;
    uint32_t until = 0;
    gated_world(&a, GATE_RECV_NEVER);
    a.mode = GATE_OPEN; /* a non-blocking session over a transport that happens to be ready */
    fake_response(&a.w, 503, "", "{}");
    fake_response(&a.w, 200, "", "[]");
    a.w.cfg.backoff_ms = 1000u;
    a.w.time.random_value = 0u; /* equal jitter: half the delay fixed, the random half 0 */
    assert_int_equal(orca_session_init(&a.w.session, &a.w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&a.w.session, &get_x, NULL, &res), ORCA_ERR_WANT_TICK);
    assert_int_equal(orca_session_wait(&a.w.session, &until), ORCA_ERR_WANT_TICK);
    assert_int_equal(until, a.w.time.now + 500u);
    assert_int_equal(fake_exchanges(&a.w), 2); /* the sign-in and the 503 */
    a.w.time.now += 499u;
    assert_int_equal(orca_session_request(&a.w.session, &get_x, NULL, &res), ORCA_ERR_WANT_TICK);
    assert_int_equal(fake_exchanges(&a.w), 2);
    a.w.time.now += 1u;
    assert_int_equal(orca_session_request(&a.w.session, &get_x, NULL, &res), ORCA_OK);
    assert_int_equal(res.status, 200);
    assert_int_equal(fake_exchanges(&a.w), 3);
    assert_int_equal(a.w.time.sleep_count, 0); /* sleep_ms was never called */
    orca_session_free(&a.w.session);
}

/* One call at a time: another call while one is in flight is refused and
 * leaves it alone; the one in flight then ends as it would have. */
static void test_one_call_at_a_time(void **state)
{
    (void)state;
    int calls;
    const orca_session_call other = {.method = ORCA_SPAN_LITERAL("GET"), .path = ORCA_SPAN_LITERAL("/y")};
    gated_world(&a, GATE_ALTERNATE);
    fake_response(&a.w, 200, "", "[]");
    assert_int_equal(orca_session_init(&a.w.session, &a.w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&a.w.session, &get_x, NULL, &res), ORCA_ERR_WANT_WRITE);
    assert_int_equal(orca_session_request(&a.w.session, &other, NULL, &res), ORCA_ERR_STATE);
    assert_int_equal(orca_session_logout(&a.w.session), ORCA_ERR_STATE);
    assert_int_equal(orca_session_sign_in(&a.w.session), ORCA_ERR_STATE);
    assert_int_equal(orca_session_wait(&a.w.session, NULL), ORCA_ERR_WANT_WRITE);
    assert_int_equal(run_request(&a, &get_x, &res, &calls), ORCA_OK);
    assert_non_null(strstr(fake_sent(&a.w, 1), "GET /x HTTP/1.1\r\n"));
    orca_session_free(&a.w.session);
}

/* Cancel in the middle of the sign-in: the connection is closed, the
 * session holds no credential and no call, and the next call starts anew. */
static void test_cancel_sign_in(void **state)
{
    (void)state;
    int calls, rc;
    gated_world(&a, GATE_RECV_NEVER);
    fake_response(&a.w, 200, "", LOGIN); /* the second sign-in's answer */
    fake_response(&a.w, 200, "", "[]");
    assert_int_equal(orca_session_init(&a.w.session, &a.w.cfg), ORCA_OK);
    do {
        rc = orca_session_request(&a.w.session, &get_x, NULL, &res);
    } while (rc == ORCA_ERR_WANT_WRITE);
    assert_int_equal(rc, ORCA_ERR_WANT_READ); /* the login went; no answer yet */
    assert_int_equal(a.w.net.connected, 1);
    orca_session_cancel(&a.w.session);
    assert_int_equal(a.w.net.connected, 0);
    assert_int_equal(a.w.net.closes, 1);
    assert_int_equal(a.w.session.signed_in, 0);
    assert_int_equal(orca_session_wait(&a.w.session, NULL), ORCA_OK);
    for (size_t i = 0; i < sizeof a.w.work; i++) {
        assert_int_equal(a.w.work[i], 0); /* the body with the password is gone */
    }
    orca_session_cancel(&a.w.session); /* nothing in flight: nothing happens */
    assert_int_equal(a.w.net.closes, 1);
    /* The next call signs in afresh, on a new connection. */
    a.w.net.current = 1; /* the cancelled login's answer is never read */
    a.mode = GATE_ALTERNATE;
    assert_int_equal(run_request(&a, &get_x, &res, &calls), ORCA_OK);
    assert_int_equal(a.w.net.connects, 2);
    assert_non_null(strstr(fake_sent(&a.w, 1), "POST /20160918/login"));
    assert_non_null(strstr(fake_sent(&a.w, 2), "Bearer t1\r\n"));
    orca_session_free(&a.w.session);
}

/* A transport that never has the answer cannot hold the call: at the first
 * call after the exchange deadline it ends with ORCA_ERR_TIMEOUT, named. */
static void test_deadline_without_waiting(void **state)
{
    (void)state;
    int rc;
    uint32_t until = 0;
    gated_world(&a, GATE_RECV_NEVER);
    a.w.cfg.exchange_timeout_ms = 5000u;
    a.w.cfg.timeout_ms = 60000u;
    a.w.cfg.max_retries = 0u;
    assert_int_equal(orca_session_init(&a.w.session, &a.w.cfg), ORCA_OK);
    do {
        rc = orca_session_sign_in(&a.w.session);
    } while (rc == ORCA_ERR_WANT_WRITE);
    assert_int_equal(rc, ORCA_ERR_WANT_READ);
    assert_int_equal(orca_session_wait(&a.w.session, &until), ORCA_ERR_WANT_READ);
    assert_int_equal(until, 5000u); /* the exchange's deadline comes first */
    a.w.time.now = 4999u;
    assert_int_equal(orca_session_sign_in(&a.w.session), ORCA_ERR_WANT_READ);
    a.w.time.now = 5000u;
    assert_int_equal(orca_session_sign_in(&a.w.session), ORCA_ERR_TIMEOUT);
    assert_int_equal(a.w.net.connected, 0);
    assert_int_equal(a.w.session.signed_in, 0);
    assert_int_equal(orca_session_wait(&a.w.session, NULL), ORCA_OK);
#if ORCA_STATUS_STRINGS && ORCA_WITH_DEADLINE
    assert_string_equal(a.w.session.error.message,
                        "exchange deadline passed (exchange_timeout_ms)");
#endif
    orca_session_free(&a.w.session);
}

/* Two sessions stepped in turn by one loop: each keeps its own call. */
static void test_sessions_side_by_side(void **state)
{
    (void)state;
    int ra = ORCA_ERR_WANT_WRITE, rb = ORCA_ERR_WANT_WRITE, rounds = 0;
    const orca_session_call get_y = {.method = ORCA_SPAN_LITERAL("GET"), .path = ORCA_SPAN_LITERAL("/y")};
    gated_world(&a, GATE_ALTERNATE);
    gated_world(&b, GATE_ALTERNATE);
    b.blocked_last = 1; /* out of step with a */
    fake_response(&a.w, 200, "", "[\"a\"]");
    fake_response(&b.w, 200, "", "[\"b\"]");
    assert_int_equal(orca_session_init(&a.w.session, &a.w.cfg), ORCA_OK);
    assert_int_equal(orca_session_init(&b.w.session, &b.w.cfg), ORCA_OK);
    while (orca_transport_would_block(ra) || orca_transport_would_block(rb)) {
        if (orca_transport_would_block(ra)) {
            ra = orca_session_request(&a.w.session, &get_x, NULL, &res);
        }
        if (orca_transport_would_block(rb)) {
            rb = orca_session_request(&b.w.session, &get_y, NULL, &res_b);
        }
        assert_true(++rounds < 1000);
    }
    assert_int_equal(ra, ORCA_OK);
    assert_int_equal(rb, ORCA_OK);
    assert_memory_equal(res.body, "[\"a\"]", 5);
    assert_memory_equal(res_b.body, "[\"b\"]", 5);
    assert_non_null(strstr(fake_sent(&a.w, 1), "GET /x "));
    assert_non_null(strstr(fake_sent(&b.w, 1), "GET /y "));
    orca_session_free(&a.w.session);
    orca_session_free(&b.w.session);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_as_blocking),
        cmocka_unit_test(test_backoff_is_a_tick),
        cmocka_unit_test(test_one_call_at_a_time),
        cmocka_unit_test(test_cancel_sign_in),
        cmocka_unit_test(test_deadline_without_waiting),
        cmocka_unit_test(test_sessions_side_by_side),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_PCA and ORCA_WITH_NONBLOCKING (non-blocking PCA sessions)")
#endif
