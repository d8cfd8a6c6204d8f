/* The request cycle of core/src/session.c: sign-in before the first call,
 * 401 replay once, sign-in 401 never retried, retries with backoff on 429,
 * 5xx and network failures, error details, exchange log, argument checks.
 * PCA is the vehicle; the Classic specifics are in test_auth_classic.c. */
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
#define ERROR_401 "{\"code\": \"NotAuthenticated\", \"message\": \"Invalid \\\"user\\\" \\u00e9\"}"

static fake_world w;
static orca_http_response res;

static void pca_signed_in_world(void)
{
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "opc-request-id: rid-0\r\n", LOGIN);
}

/* The text of a refusal: named with ORCA_STATUS_STRINGS (hosted builds);
 * bare-metal builds log numbers, the message stays empty. */
#if ORCA_STATUS_STRINGS
#define EXPECT_MESSAGE(text) assert_string_equal(w.session.error.message, text)
#else
#define EXPECT_MESSAGE(text) assert_string_equal(w.session.error.message, "")
#endif

/* Every refusal of init names the field, and for a size what it needed. */
static void test_init_messages(void **state)
{
    (void)state;
    static const struct {
        size_t offset;
        const char *message;
    } fields[] = {
        {offsetof(orca_session_config, host), "host missing"},
        {offsetof(orca_session_config, user), "user missing"},
        {offsetof(orca_session_config, password), "password missing"},
        {offsetof(orca_session_config, transport), "transport missing"},
        {offsetof(orca_session_config, clock), "clock missing"},
        {offsetof(orca_session_config, work), "work missing"},
#if ORCA_WITH_COOKIES
        {offsetof(orca_session_config, jar_mem), "jar_mem missing"},
#endif
        {offsetof(orca_session_config, tenancy), "tenancy missing"},
        {offsetof(orca_session_config, pca.cred), "pca.cred missing"},
    };
    orca_session_config c;
    fake_setup(&w, ORCA_SERVICE_PCA);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        c = w.cfg;
        memset((char *)&c + fields[i].offset, 0, sizeof(void *));
        assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
        EXPECT_MESSAGE(fields[i].message);
    }
    assert_int_equal(orca_session_init(&w.session, NULL), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("cfg missing");
    c = w.cfg;
    c.work_size = 512;
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("work_size 512 < 1024");
    c = w.cfg;
    c.service = (orca_service)7;
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("service missing");
#if ORCA_WITH_COOKIES
    /* A jar that holds no cookie is refused at init, not at the sign-in. */
    c = w.cfg;
    for (size_t size = 0; size < ORCA_SESSION_MIN_JAR; size += 7u) {
        char expected[64];
        c.jar_size = size;
        snprintf(expected, sizeof expected, "jar_size %zu < %u", size, ORCA_SESSION_MIN_JAR);
        assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
        EXPECT_MESSAGE(expected);
        orca_session_free(&w.session); /* refused: nothing to free, safe */
    }
    c.jar_size = ORCA_SESSION_MIN_JAR;
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_OK);
    EXPECT_MESSAGE("");
    orca_session_free(&w.session);
#endif
    assert_int_equal(fake_exchanges(&w), 0);
}

/* A path with a space or without a leading '/' is refused with its own
 * status before anything is sent: no sign-in, no connection. */
static void test_bad_paths_refused_before_sign_in(void **state)
{
    (void)state;
    static const struct {
        orca_span path;
        int rc;
    } paths[] = {
        {ORCA_SPAN_LITERAL("/a b"), ORCA_ERR_PATH_SPACE},
        {ORCA_SPAN_LITERAL("instances"), ORCA_ERR_PATH_NOT_ABSOLUTE},
        {ORCA_SPAN_LITERAL("/a\r\nX: y"), ORCA_ERR_HEADER_INJECTION},
        {ORCA_SPAN_LITERAL("/a\0b"), ORCA_ERR_HEADER_INJECTION}, /* the NUL is a byte of it */
        {ORCA_SPAN_LITERAL(""), ORCA_ERR_INVALID_ARG},
    };
    orca_session_call req;
    pca_signed_in_world();
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        memset(&req, 0, sizeof req);
        req.method = orca_span_from_str("GET");
        req.path = paths[i].path;
        assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), paths[i].rc);
    }
    assert_int_equal(fake_exchanges(&w), 0);
    assert_int_equal(w.net.connects, 0);
    orca_session_free(&w.session);
}

static void test_init_checks(void **state)
{
    (void)state;
    orca_session_config c;
    fake_setup(&w, ORCA_SERVICE_PCA);
    assert_int_equal(orca_session_init(NULL, &w.cfg), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_init(&w.session, NULL), ORCA_ERR_INVALID_ARG);
    const size_t offsets[] = {offsetof(orca_session_config, host),
                              offsetof(orca_session_config, user),
                              offsetof(orca_session_config, password),
                              offsetof(orca_session_config, transport),
                              offsetof(orca_session_config, clock),
                              offsetof(orca_session_config, work),
#if ORCA_WITH_COOKIES
                              offsetof(orca_session_config, jar_mem),
#endif
                              offsetof(orca_session_config, tenancy),
                              offsetof(orca_session_config, pca.cred)};
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        c = w.cfg;
        memset((char *)&c + offsets[i], 0, sizeof(void *));
        assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
    }
    c = w.cfg;
    c.work_size = 1023;
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
    c = w.cfg;
    c.service = (orca_service)7;
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_INVALID_ARG);
    c = w.cfg; /* Classic needs neither tenancy nor credential buffer */
    c.service = ORCA_SERVICE_CLASSIC;
    c.tenancy = NULL;
    c.pca.cred = NULL;
#if ORCA_WITH_CLASSIC
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_OK);
#else
    assert_int_equal(orca_session_init(&w.session, &c), ORCA_ERR_UNSUPPORTED);
#endif
    orca_session_free(&w.session);
    orca_session_free(&w.session); /* twice is fine */
    assert_int_equal(orca_session_request(&w.session, NULL, NULL, &res), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_sign_in(NULL), ORCA_ERR_INVALID_ARG);
}

static void test_401_signs_in_and_replays_once(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 401, "", ERROR_401);
    fake_response(&w, 200, "", "{\"token\": \"t2\"}");
    fake_response(&w, 200, "opc-request-id: rid-3\r\n", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(fake_sent(&w, 1), "Bearer t1\r\n"));
    assert_true(strncmp(fake_sent(&w, 2), "POST /20160918/login ", 21) == 0);
    assert_null(strstr(fake_sent(&w, 2), "Authorization")); /* old token dropped first */
    assert_non_null(strstr(fake_sent(&w, 3), "Bearer t2\r\n"));
    assert_string_equal(w.session.request_id, "rid-3");
}

static void test_second_401_is_returned_with_details(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 401, "opc-request-id: rid-1\r\n", ERROR_401);
    fake_response(&w, 200, "", LOGIN);
    fake_response(&w, 401, "opc-request-id: rid-3\r\n", ERROR_401);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(fake_exchanges(&w), 4);
    assert_int_equal(w.session.error.status, 401);
    assert_int_equal(w.session.error.json, 1);
    assert_string_equal(w.session.error.code, "NotAuthenticated");
    assert_string_equal(w.session.error.message, "Invalid \"user\" \xC3\xA9");
    assert_string_equal(w.session.error.request_id, "rid-3");
}

static void test_sign_in_401_is_never_retried(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 401, "opc-request-id: rid-a\r\n", ERROR_401);
    fake_response(&w, 200, "", LOGIN);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    memset(&res, 0xA5, sizeof res); /* what a caller's stack may hold */
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_AUTH);
    assert_null(res.body); /* the call's own response stays empty */
    assert_int_equal(res.status, 0);
    assert_int_equal(fake_exchanges(&w), 1);
    assert_string_equal(w.session.error.request_id, "rid-a");
    assert_string_equal(w.session.error.code, "NotAuthenticated");
    assert_int_equal(w.time.sleep_count, 0);
    assert_false(fake_contains(w.work, sizeof w.work, "pa\\\"ss"));
}

static void test_retries_with_backoff_and_jitter(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 503, "", "{}");
    fake_response(&w, 429, "", "{}");
    fake_response(&w, 200, "", "[]");
    w.time.random_value = 0xFFFFFFFFu;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 4);
    assert_memory_equal(fake_sent(&w, 1), fake_sent(&w, 3), w.net.sent_len[1]);
    /* Delay d doubles from 500 ms; the wait is d/2 + random % (d/2 + 1). */
    assert_int_equal(w.time.sleep_count, 2);
    assert_int_equal(w.time.sleeps[0], 250u + 0xFFFFFFFFu % 251u);
    assert_int_equal(w.time.sleeps[1], 500u + 0xFFFFFFFFu % 501u);
    assert_true(w.time.sleeps[0] <= 500u && w.time.sleeps[1] <= 1000u);
}

static void test_retries_are_bounded(void **state)
{
    (void)state;
    pca_signed_in_world();
    for (int i = 0; i < 4; i++) {
        fake_response(&w, 500, "", "<html>oops</html>\n");
    }
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(fake_exchanges(&w), 1 + 3);
    assert_int_equal(w.session.error.status, 500);
    assert_int_equal(w.session.error.json, 0);
    assert_string_equal(w.session.error.message, "<html>oops</html>?");

    pca_signed_in_world();
    fake_response(&w, 503, "", "{}");
    w.cfg.max_retries = 0;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(fake_exchanges(&w), 2);
}

static void test_client_errors_are_not_retried(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 404, "", "{\"code\": \"NotFound\", \"message\": 5}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_string_equal(w.session.error.code, "NotFound");
    assert_string_equal(w.session.error.message, ""); /* not a string */
}

static void test_network_failure_reconnects_and_retries(void **state)
{
    (void)state;
    pca_signed_in_world();
    w.net.responses[w.net.count++] = FAKE_RESET;
    w.net.responses[w.net.count++] = FAKE_TIMEOUT; /* slow headers */
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.net.connects, 3);
    assert_int_equal(w.net.closes, 2);
    assert_int_equal(w.time.sleep_count, 2);

    fake_setup(&w, ORCA_SERVICE_PCA);
    w.net.connect_rc = ORCA_ERR_CONN_REFUSED;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_CONN_REFUSED);
    assert_int_equal(w.net.connects, 3);
}

static void test_bytes_split_anywhere(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 200, "", "[1,2,3]");
    w.net.chunk = 1;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_memory_equal(res.body, "[1,2,3]", 7);
}

#if ORCA_WITH_EXCHANGE_LOG
typedef struct log_record {
    char lines[8][128];
    int n;
} log_record;

static void record(void *ctx, orca_span method, orca_span path, unsigned status, int rc,
                   const char *request_id)
{
    log_record *l = (log_record *)ctx;
    snprintf(l->lines[l->n++ & 7], sizeof l->lines[0], "%u %.*s %.*s %d %s", status,
             (int)method.len, method.ptr, (int)path.len, path.ptr, rc, request_id);
}

static void test_every_exchange_is_logged(void **state)
{
    (void)state;
    log_record log;
    memset(&log, 0, sizeof log);
    pca_signed_in_world();
    w.net.responses[w.net.count++] = FAKE_RESET;
    fake_response(&w, 200, "opc-request-id: r2\r\n", "[]");
    w.cfg.log = record;
    w.cfg.log_ctx = &log;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x?y=1", &res), ORCA_OK);
    assert_int_equal(log.n, 3);
    assert_string_equal(log.lines[0], "200 POST /20160918/login 0 rid-0");
    assert_string_equal(log.lines[1], "0 GET /x?y=1 -63 ");
    assert_string_equal(log.lines[2], "200 GET /x?y=1 0 r2");
}
#else
ORCA_SKIP_TEST(test_every_exchange_is_logged, "ORCA_WITH_EXCHANGE_LOG")
#endif

/* The call's strings are spans: their bytes go out, not what follows them. */
static void test_call_spans(void **state)
{
    (void)state;
    static const char text[] = "GET /x/y?q=1 and what follows";
    orca_session_call req;
    memset(&req, 0, sizeof req);
    req.method.ptr = text;
    req.method.len = 3u;
    req.path.ptr = text + 4;
    req.path.len = 8u; /* "/x/y?q=1" */
    pca_signed_in_world();
    fake_response(&w, 200, "", "{}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_OK);
    const char *sent = fake_sent(&w, 1);
    static const char line[] = "GET /x/y?q=1 HTTP/1.1\r\n";
    assert_memory_equal(sent, line, sizeof line - 1u);
    assert_null(strstr(sent, "follows"));
    orca_session_free(&w.session);
}

static void test_extra_headers_and_accept_override(void **state)
{
    (void)state;
    orca_http_header h[5] = {{"accept", 6, "text/plain", 10}, {"X-A", 3, "1", 1}};
    orca_session_call req;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("PUT");
    req.path = orca_span_from_str("/p");
    req.body = (const uint8_t *)"{}";
    req.body_len = 2;
    req.headers = h;
    req.header_count = 2;
    pca_signed_in_world();
    fake_response(&w, 200, "", "{}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_OK);
    const char *sent = fake_sent(&w, 1);
    assert_non_null(strstr(sent, "\r\naccept: text/plain\r\n"));
    assert_null(strstr(sent, "Accept: application/json"));
    assert_non_null(strstr(sent, "\r\nContent-Type: application/json\r\n"));
    assert_non_null(strstr(sent, "\r\nX-A: 1\r\n"));
    assert_non_null(strstr(sent, "\r\n\r\n{}"));
    req.header_count = 5; /* more than ORCA_SESSION_MAX_HEADERS - 4 */
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
}

/* Arguments checked by each entry point, also on a freed session. */
static void test_entry_points_check_arguments(void **state)
{
    (void)state;
    orca_session_call req;
    orca_clock no_now;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/x");
    pca_signed_in_world();
    no_now = w.clock;
    no_now.now_ms = NULL;
    w.cfg.clock = &no_now;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_INVALID_ARG);
    w.cfg.clock = &w.clock;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, NULL), ORCA_ERR_INVALID_ARG);
    req.method = orca_span_from_str(NULL);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str(NULL);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_request(NULL, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    assert_int_equal(fake_exchanges(&w), 0);
    orca_session_free(&w.session);
    /* freed: every call refuses, nothing is sent */
    req.path = orca_span_from_str("/x");
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_renew(&w.session), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_renew(NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_logout(&w.session), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_logout(NULL), ORCA_ERR_INVALID_ARG);
    orca_session_free(NULL);
    assert_int_equal(fake_exchanges(&w), 0);
}

/* Port and timeout from the config; a non-default port goes in Host. */
static void test_port_and_timeout(void **state)
{
    (void)state;
    pca_signed_in_world();
    w.cfg.port = 8443;
    w.cfg.timeout_ms = 1234;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(w.session.call.timeout_ms, 1234u);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 0), "\r\nHost: api.example.com:8443\r\n"));
}

/* Connection: close closes after the answer; the next call reconnects. */
static void test_connection_close_reconnects(void **state)
{
    (void)state;
    pca_signed_in_world();
    fake_response(&w, 200, "Connection: close\r\n", "[]");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.net.connects, 1);
    assert_int_equal(w.net.closes, 1);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.net.connects, 2);
    assert_int_equal(fake_exchanges(&w), 3);
}

/* A caller's Content-Type is kept and not doubled. */
static void test_caller_content_type_kept(void **state)
{
    (void)state;
    orca_http_header h[1] = {{"Content-Type", 12, "text/plain", 10}};
    orca_session_call req;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("POST");
    req.path = orca_span_from_str("/p");
    req.body = (const uint8_t *)"hi";
    req.body_len = 2;
    req.headers = h;
    req.header_count = 1;
    pca_signed_in_world();
    fake_response(&w, 200, "", "{}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_OK);
    const char *sent = fake_sent(&w, 1);
    assert_non_null(strstr(sent, "\r\nContent-Type: text/plain\r\n"));
    assert_null(strstr(sent, "application/json\r\nContent-Length")); /* no second one */
    assert_non_null(strstr(sent, "\r\nAccept: application/json\r\n"));
}

/* An error body that is not JSON: its printable start, control bytes and
 * DEL as '?', cut to ORCA_SESSION_MESSAGE_MAX - 1; JSON that is not an
 * object counts as text too. */
static void test_error_text_is_cut_and_printable(void **state)
{
    (void)state;
    char body[400];
    memset(body, 'm', sizeof body - 1u);
    body[sizeof body - 1u] = '\0';
    body[0] = '\x7f';
    body[1] = '\x01';
    pca_signed_in_world();
    fake_response(&w, 400, "", body);
    fake_response(&w, 409, "", "[\"code\"]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(w.session.error.json, 0);
    assert_int_equal(strlen(w.session.error.message), ORCA_SESSION_MESSAGE_MAX - 1u);
    assert_memory_equal(w.session.error.message, "??mmm", 5);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(w.session.error.status, 409);
    assert_int_equal(w.session.error.json, 0);
    assert_string_equal(w.session.error.code, "");
    assert_string_equal(w.session.error.message, "[\"code\"]");
}

static int count_body(void *ctx, const uint8_t *data, size_t len)
{
    (void)data;
    *(size_t *)ctx += len;
    return ORCA_OK;
}

/* An error body streamed to the caller's callback is not read as JSON:
 * status kept, code and message empty. */
static void test_streamed_error_body_has_no_details(void **state)
{
    (void)state;
    size_t streamed = 0;
    orca_http_callbacks cb;
    orca_session_call req;
    memset(&cb, 0, sizeof cb);
    cb.on_body = count_body;
    cb.ctx = &streamed;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/x");
    /* a JSON error body larger than the work buffer: it goes to on_body */
    static char answer[3000];
    const char *pre = "{\"code\": \"NotFound\", \"message\": \"";
    size_t head =
        (size_t)snprintf(answer, sizeof answer, "HTTP/1.1 404 X\r\nContent-Length: 2000\r\n\r\n");
    memcpy(answer + head, pre, strlen(pre));
    memset(answer + head + strlen(pre), 'g', 2000u - strlen(pre) - 2u);
    memcpy(answer + head + 2000u - 2u, "\"}", 3);
    pca_signed_in_world();
    w.net.responses[w.net.count++] = answer;
    w.cfg.work_size = 1024;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&w.session, &req, &cb, &res), ORCA_ERR_HTTP);
    assert_int_equal(res.body_streamed, 1);
    assert_int_equal(streamed, 2000u);
    assert_int_equal(w.session.error.status, 404);
    assert_int_equal(w.session.error.json, 0);
    assert_string_equal(w.session.error.code, "");
    assert_string_equal(w.session.error.message, "");
}

/* Without sleep_ms and random the retries happen at once; a huge first
 * backoff stops doubling instead of overflowing. */
static void test_backoff_without_hooks_and_capped(void **state)
{
    (void)state;
#ifndef FAKE_WOULD_BLOCK /* blocking only: a non-blocking session hands every wait to its caller */
    pca_signed_in_world();
    fake_response(&w, 503, "", "{}");
    fake_response(&w, 200, "", "[]");
    w.clock.sleep_ms = NULL;
    w.clock.random = NULL;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 3);
    assert_int_equal(w.time.now, 0u);
#endif

    pca_signed_in_world();
    for (int i = 0; i < 3; i++) {
        fake_response(&w, 503, "", "{}");
    }
    w.clock.random = NULL;
    w.cfg.backoff_ms = 0x30000000u;
    w.cfg.call_timeout_ms = 0xFFFFFFFFu; /* capped at ORCA_CLOCK_MAX_INTERVAL_MS */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
#if ORCA_WITH_DEADLINE
    /* the second wait (0x60000000: doubled once, not past 2^30 again) would
     * end after the call's limit: the call ends instead of sleeping */
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_TIMEOUT);
    assert_int_equal(w.time.sleep_count, 1);
#if ORCA_STATUS_STRINGS
    assert_string_equal(w.session.error.message, "call limit passed (call_timeout_ms)");
#endif
#else
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_int_equal(w.time.sleep_count, 2);
    assert_int_equal(w.time.sleeps[1], 0x60000000u); /* doubled once: not past 2^30 again */
#endif
    assert_int_equal(w.time.sleeps[0], 0x30000000u);
}

/* 403 on the sign-in is a refusal like 401: not retried. */
static void test_sign_in_403_is_auth(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 403, "", ERROR_401);
    fake_response(&w, 200, "", LOGIN);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_AUTH);
    assert_int_equal(fake_exchanges(&w), 1);
    assert_int_equal(w.session.error.status, 403);
    assert_false(w.session.signed_in);
}

/* A sign-in body that does not fit the upper half of the work buffer is
 * refused before anything is sent: a value too long, or a value that fills
 * it to the byte so that the next template character does not fit. */
static void test_sign_in_body_too_large(void **state)
{
    (void)state;
    static char user[600];
    const size_t fill = 1024u / 2u - strlen("{\"username\":") - 2u; /* the quotes */
    for (int round = 0; round < 2; round++) {
        size_t n = round == 0 ? sizeof user - 1u : fill;
        memset(user, 'u', n);
        user[n] = '\0';
        fake_setup(&w, ORCA_SERVICE_PCA);
        fake_response(&w, 200, "", LOGIN);
        w.cfg.user = user;
        w.cfg.work_size = 1024;
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(fake_exchanges(&w), 0);
        assert_false(fake_contains(w.work, sizeof w.work, "pa\\\"ss"));
    }
}

#if ORCA_WITH_COOKIES
/* A Cookie header that does not fit half of the work buffer (two cookies of
 * 300 bytes, 1024-byte buffer) fails the call before anything is sent. */
static void test_cookie_header_too_large(void **state)
{
    (void)state;
    static char cookie[2][400];
    for (int i = 0; i < 2; i++) {
        int n = snprintf(cookie[i], sizeof cookie[i], "Set-Cookie: big%d=", i);
        memset(cookie[i] + n, 'c', 300);
        memcpy(cookie[i] + n + 300, "; Path=/\r\n", 11);
    }
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, cookie[0], LOGIN);
    fake_response(&w, 200, cookie[1], "[]");
    w.cfg.work_size = 1024;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_BUFFER_TOO_SMALL);
    EXPECT_MESSAGE("work_size 1024 too small for the Cookie header (half of it)");
    assert_int_equal(fake_exchanges(&w), 2); /* nothing of the second call was sent */
    assert_true(w.session.signed_in);
}
#else
ORCA_SKIP_TEST(test_cookie_header_too_large, "ORCA_WITH_COOKIES")
#endif

static uint16_t connected_port;

static int32_t port_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    connected_port = port;
    return fake_connect(ctx, host, port, t);
}

/* Without a port the scheme's default: 443 with TLS, 80 without. */
static void test_default_ports(void **state)
{
    (void)state;
    for (uint8_t tls = 0; tls <= 1u; tls++) {
        pca_signed_in_world();
        w.transport.connect = port_connect;
        w.cfg.tls = tls;
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
        assert_int_equal(connected_port, tls ? 443u : 80u);
        assert_non_null(strstr(fake_sent(&w, 0), "\r\nHost: api.example.com\r\n"));
    }
}
#if ORCA_WITH_DEADLINE
/* A server trickling one byte every 900 ms under a 1000 ms per-operation
 * timeout: the exchange deadline, which counts the connect too, ends it. */
static void test_deadline_counts_connect_and_closes(void **state)
{
    (void)state;
    pca_signed_in_world();
    w.cfg.timeout_ms = 1000u;
    w.cfg.exchange_timeout_ms = 4000u;
    w.cfg.max_retries = 0;
    w.net.chunk = 1;
    w.net.step_ms = 900u;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_TIMEOUT);
    assert_int_equal(w.net.connect_timeout, 1000u);
    /* connect 0..900, recvs at 900, 1800, 2700, 3600 (400 left); at 4500 it is over */
    assert_int_equal(w.time.now, 4500u);
    assert_int_equal(w.net.recv_timeout, 400u);
    assert_int_equal(w.net.closes, 1);
    assert_int_equal(w.session.signed_in, 0);
    assert_int_equal(w.session.svc.pca.cred_len, 0u);
    orca_session_free(&w.session);
}

/* A request's own deadline applies to its exchanges (each retry gets a new
 * one), not to the automatic sign-in; 0 in the config is the default. */
static void test_deadline_per_request(void **state)
{
    (void)state;
    orca_session_call req;
    pca_signed_in_world();
    fake_response(&w, 200, "", "{\"items\": []}");
    fake_response(&w, 200, "", "{\"items\": []}");
    w.cfg.exchange_timeout_ms = 0u;
    w.cfg.timeout_ms = 30000u;
    w.cfg.max_retries = 1;
    w.net.chunk = 16;
    w.net.step_ms = 100u;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    /* 0: the default deadline, from the start of the sign-in's exchange */
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.call.deadline_ms, ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS);
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/x");
    req.exchange_timeout_ms = 250u;
    /* the GET: recvs at 0 and 100
     * of its 250 ms, the third at 200 gets 50 ms, then it is over; the retry
     * (on a new connection: 100 ms of connect) fares the same */
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_TIMEOUT);
    assert_int_equal(w.session.signed_in, 1);
    assert_int_equal(w.net.connects, 2);
    assert_int_equal(w.net.connect_timeout, 250u);
    assert_int_equal(w.net.recv_timeout, 50u);
    assert_int_equal(w.time.sleep_count, 1u);
    /* a deadline beyond what the tick can hold is capped, not wrapped into the past */
    fake_response(&w, 200, "", LOGIN);
    w.session.cfg.exchange_timeout_ms = 0xFFFFFFFFu;
    w.session.cfg.call_timeout_ms = 0xFFFFFFFFu;
    uint32_t start = w.time.now;
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.call.deadline_ms - start, ORCA_CLOCK_MAX_INTERVAL_MS);
    orca_session_free(&w.session);
}
#else
ORCA_SKIP_TEST(test_deadline_counts_connect_and_closes, "ORCA_WITH_DEADLINE")
ORCA_SKIP_TEST(test_deadline_per_request, "ORCA_WITH_DEADLINE")
#endif

/* A call refused for its arguments or for a buffer names what to fix. */
static void test_call_messages(void **state)
{
    (void)state;
    static char user[600];
    static char body[1024];
    char expect[64];
    orca_session_call req = {.method = ORCA_SPAN_LITERAL("GET"), .path = ORCA_SPAN_LITERAL("/x")};
    orca_http_header extra[5];
    pca_signed_in_world();
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_request(&w.session, NULL, NULL, &res), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("call missing");
    assert_int_equal(orca_session_request(&w.session, &req, NULL, NULL), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("res missing");
    req.method = orca_span_from_str(NULL);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("call->method missing");
    req.method = orca_span_from_str(""); /* an empty span is no method either */
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("call->method missing");
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str(NULL);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("call->path missing");
    req.path = orca_span_from_str("/x");
    req.body_len = 2u; /* a length without the bytes */
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("call->body missing");
    req.body_len = 0u;
    req.header_count = 1u;
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    EXPECT_MESSAGE("call->headers missing");
    memset(extra, 0, sizeof extra);
    req.headers = extra;
    req.header_count = ORCA_SESSION_MAX_HEADERS - ORCA_SESSION_OWN_HEADERS + 1u;
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_ERR_INVALID_ARG);
    snprintf(expect, sizeof expect, "call->header_count %u > %u", (unsigned)req.header_count,
             (unsigned)req.header_count - 1u);
    EXPECT_MESSAGE(expect);
    assert_int_equal(fake_exchanges(&w), 0);

    /* A sign-in body over half the work buffer: the size that would do. */
    memset(user, 'u', sizeof user - 1u);
    fake_setup(&w, ORCA_SERVICE_PCA);
    w.cfg.user = user;
    w.cfg.work_size = 1024;
    int len = snprintf(body, sizeof body,
                       "{\"username\":\"%s\",\"password\":\"pa\\\"ss\\\\word\",\"tenancy\":"
                       "\"mytenancy\"}",
                       user);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_BUFFER_TOO_SMALL);
    snprintf(expect, sizeof expect, "work_size 1024 < %d", 2 * len);
    EXPECT_MESSAGE(expect);
    /* ... and it is right: with that much, the body fits. */
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", LOGIN);
    w.cfg.user = user;
    w.cfg.work_size = (size_t)(2 * len);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 0), body));
}

static const char *expired_why(void *ctx)
{
    (void)ctx;
    return "certificate expired";
}

/* A network failure names where the exchange broke (the host is the
 * config's), and the transport's reason when it has one; an exchange that
 * then succeeds clears it. */
static void test_failure_phase(void **state)
{
    orca_transport_state why = {.why = expired_why};
    (void)state;
    static const struct {
        int32_t connect_rc;
        const char *answer;
        const char *phase;
    } cases[] = {
        {ORCA_ERR_CONN_REFUSED, NULL, "connect to"},
        {ORCA_ERR_TLS_VERIFY, NULL, "TLS handshake with"},
        {ORCA_OK, FAKE_RESET, "waiting for the answer from"},
        {ORCA_OK, "HTTP/1.1 200 X\r\nContent-Length: x\r\n\r\n", "waiting for the answer from"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake_setup(&w, ORCA_SERVICE_PCA);
        w.net.connect_rc = cases[i].connect_rc;
        w.cfg.max_retries = 0u;
        if (cases[i].answer != NULL) {
            w.net.responses[w.net.count++] = cases[i].answer;
        }
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        assert_true(orca_session_sign_in(&w.session) < 0);
#if ORCA_STATUS_STRINGS
        assert_non_null(w.session.error.phase);
        assert_string_equal(w.session.error.phase, cases[i].phase);
#else
        assert_null(w.session.error.phase);
#endif
    }
    fake_setup(&w, ORCA_SERVICE_PCA);
    w.net.connect_rc = ORCA_ERR_TLS_VERIFY;
    w.cfg.transport_state = &why;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_TLS_VERIFY);
    EXPECT_MESSAGE("certificate expired");
    pca_signed_in_world();
    fake_response(&w, 200, "", "[]");
    w.net.refuse_connects = 1;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK); /* the retry connected */
    assert_null(w.session.error.phase);
}

static int seen_lines;

static int count_lines(void *ctx, const orca_http_header *h)
{
    (void)h;
    assert_ptr_equal(ctx, &seen_lines);
    seen_lines++;
    return 0;
}

/* One pass over the answer's head fills the record: the first of each
 * header it keeps, every Set-Cookie up to ORCA_SESSION_SET_COOKIES (more are
 * counted), while the caller's on_header still sees every line. */
static void test_answer_record(void **state)
{
    (void)state;
    static char head[900]; /* fits fake_response()'s 1 KiB with the rest */
    size_t n = 0;
    orca_session_call req = {.method = ORCA_SPAN_LITERAL("GET"), .path = ORCA_SPAN_LITERAL("/x")};
    orca_http_callbacks cb = {.on_header = count_lines, .ctx = &seen_lines};
    n += (size_t)snprintf(head + n, sizeof head - n,
                          "X-Oracle-Compute-Call-Id: c-1\r\nopc-request-id: r-1\r\n"
                          "opc-request-id: r-2\r\nDate: Sun, 06 Dec 2026 21:00:00 GMT\r\n"
                          "etag: \"e1\"\r\nDate: Mon, 07 Dec 2026 21:00:00 GMT\r\n");
    for (unsigned i = 0; i < ORCA_SESSION_SET_COOKIES + 2u; i++) {
        n += (size_t)snprintf(head + n, sizeof head - n, "Set-Cookie: c%u=%u\r\n", i, i);
    }
    pca_signed_in_world();
    fake_response(&w, 200, head, "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    seen_lines = 0;
    assert_int_equal(orca_session_request(&w.session, &req, &cb, &res), ORCA_OK);
    const orca_session_answer *a = &w.session.answer;
    assert_int_equal(seen_lines, 6 + (int)ORCA_SESSION_SET_COOKIES + 2 + 1); /* + Content-Length */
    assert_string_equal(w.session.request_id, "r-1");
    assert_int_equal(a->first[ORCA_ANSWER_CALL_ID].len, 3);
    assert_memory_equal(a->first[ORCA_ANSWER_CALL_ID].ptr, "c-1", 3);
    assert_int_equal(a->first[ORCA_ANSWER_ETAG].len, 4);
#if ORCA_WITH_DATE_PARSER
    assert_int_equal(a->date_rc, ORCA_OK);
    assert_true(a->date_s == INT64_C(1796590800)); /* the first Date */
#endif
    assert_int_equal(a->cookie_count, ORCA_SESSION_SET_COOKIES);
    assert_int_equal(a->cookies_over, 2);
    assert_int_equal(a->cookies[0].len, 4);
    assert_memory_equal(a->cookies[0].ptr, "c0=0", 4);
    /* Without opc-request-id, Classic's call id names the answer. */
    pca_signed_in_world();
    fake_response(&w, 200, "X-Oracle-Compute-Call-Id: c-2\r\nopc-request-id: \r\n", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_string_equal(w.session.request_id, "c-2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_checks),
        cmocka_unit_test(test_init_messages),
        cmocka_unit_test(test_bad_paths_refused_before_sign_in),
        cmocka_unit_test(test_401_signs_in_and_replays_once),
        cmocka_unit_test(test_second_401_is_returned_with_details),
        cmocka_unit_test(test_sign_in_401_is_never_retried),
        cmocka_unit_test(test_retries_with_backoff_and_jitter),
        cmocka_unit_test(test_retries_are_bounded),
        cmocka_unit_test(test_client_errors_are_not_retried),
        cmocka_unit_test(test_network_failure_reconnects_and_retries),
        cmocka_unit_test(test_bytes_split_anywhere),
        cmocka_unit_test(test_every_exchange_is_logged),
        cmocka_unit_test(test_extra_headers_and_accept_override),
        cmocka_unit_test(test_entry_points_check_arguments),
        cmocka_unit_test(test_port_and_timeout),
        cmocka_unit_test(test_connection_close_reconnects),
        cmocka_unit_test(test_caller_content_type_kept),
        cmocka_unit_test(test_error_text_is_cut_and_printable),
        cmocka_unit_test(test_streamed_error_body_has_no_details),
        cmocka_unit_test(test_backoff_without_hooks_and_capped),
        cmocka_unit_test(test_sign_in_403_is_auth),
        cmocka_unit_test(test_sign_in_body_too_large),
        cmocka_unit_test(test_cookie_header_too_large),
        cmocka_unit_test(test_call_messages),
        cmocka_unit_test(test_call_spans),
        cmocka_unit_test(test_failure_phase),
        cmocka_unit_test(test_answer_record),
        cmocka_unit_test(test_default_ports),
        cmocka_unit_test(test_deadline_counts_connect_and_closes),
        cmocka_unit_test(test_deadline_per_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_PCA (these session tests run a PCA session)")
#endif
