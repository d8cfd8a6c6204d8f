#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "orca/config.h"
#include "orca/http.h"
#include "feature_skip.h"
#include "http_request.h"

/* In-memory transport that plays a scripted response. */
typedef struct script {
    const char *response; /* bytes recv hands out */
    size_t response_len;
    size_t pos;
    size_t max_recv;      /* bytes per recv at most (1: byte by byte) */
    int32_t at_end;       /* what recv returns once the response is used up: 0 = EOF */
    size_t fail_at;       /* recv returns fail_code once pos reaches this (0: never) */
    int32_t fail_code;
    uint8_t sent[8192];
    size_t sent_len;
    size_t max_send;      /* bytes per send at most */
    int32_t send_code;    /* when nonzero, send returns it */
    unsigned sends, recvs;
    uint32_t last_timeout;
    uint32_t timeouts[16]; /* of the first calls, sends and recvs in order */
    uint32_t now;          /* fake clock tick */
    uint32_t step_ms;      /* how long each send and recv takes on it */
} script;

/* Records a call's timeout and lets the fake clock run while it "waits". */
static void script_tick(script *s, uint32_t timeout_ms)
{
    unsigned call = s->sends + s->recvs - 1u;
    if (call < 16u) {
        s->timeouts[call] = timeout_ms;
    }
    s->last_timeout = timeout_ms;
    s->now += s->step_ms;
}

static uint32_t script_now(void *ctx)
{
    return ((const script *)ctx)->now;
}

static int32_t script_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    script *s = ctx;
    s->sends++;
    script_tick(s, timeout_ms);
    if (s->send_code != 0) {
        return s->send_code;
    }
    size_t n = len < s->max_send ? len : s->max_send;
    assert_true(s->sent_len + n <= sizeof s->sent);
    memcpy(s->sent + s->sent_len, buf, n);
    s->sent_len += n;
    return (int32_t)n;
}

static int32_t script_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    script *s = ctx;
    s->recvs++;
    script_tick(s, timeout_ms);
    assert_true(len > 0u);
    if (s->fail_at != 0u && s->pos >= s->fail_at) {
        return s->fail_code;
    }
    if (s->pos == s->response_len) {
        return s->at_end;
    }
    size_t n = s->response_len - s->pos;
    n = n < len ? n : len;
    n = n < s->max_recv ? n : s->max_recv;
    if (s->fail_at != 0u && s->pos + n > s->fail_at) {
        n = s->fail_at - s->pos;
    }
    memcpy(buf, s->response + s->pos, n);
    s->pos += n;
    return (int32_t)n;
}

static void script_init(script *s, orca_transport *t, const char *response, size_t max_recv)
{
    memset(s, 0, sizeof *s);
    s->response = response;
    s->response_len = strlen(response);
    s->max_recv = max_recv;
    s->max_send = 1u << 20;
    s->at_end = ORCA_ERR_TIMEOUT;
    memset(t, 0, sizeof *t);
    t->send = script_send;
    t->recv = script_recv;
    t->ctx = s;
}

static const orca_http_header auth = {"Authorization", 13, "Bearer s3cr3t-token", 19};

/* One exchange under test: scripted transport, work buffer, request, result. */
typedef struct fixture {
    script s;
    orca_transport t;
    uint8_t buf[512];
    size_t buf_size;
    orca_http_request req;
    orca_http_response res;
} fixture;

/* A keep-alive GET with a token, answered by response in max_recv pieces. */
static void setup(fixture *f, const char *response, size_t max_recv)
{
    script_init(&f->s, &f->t, response, max_recv);
    f->buf_size = sizeof f->buf;
    f->req = test_request("GET", "/20160918/instances", "pca.example", &auth, 1);
}

static int run(fixture *f, const orca_http_callbacks *cb)
{
    return orca_http_exchange(&f->t, f->buf, f->buf_size, &f->req, cb, &f->res);
}

static int contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; ++i) {
        if (memcmp(hay + i, needle, k) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char ok_json[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "opc-request-id: r-1\r\nContent-Length: 11\r\n\r\n{\"items\":1}";

static void test_get_byte_by_byte(void **state)
{
    (void)state;
    fixture f;
#if ORCA_WITH_HEADER_LOOKUP
    orca_http_header h;
#endif
    setup(&f, ok_json, 1u);
    assert_int_equal(run(&f, NULL), ORCA_OK);
    assert_int_equal(f.res.status, 200);
    assert_int_equal(f.res.keep_alive, 1);
    assert_int_equal(f.res.body_len, 11);
    assert_memory_equal(f.res.body, "{\"items\":1}", 11);
#if ORCA_WITH_HEADER_LOOKUP /* (test_http_parser's test_header_lookup says when skipped) */
    assert_int_equal(orca_http_response_header(&f.res, "OPC-Request-Id", 14, 0, &h), ORCA_OK);
    assert_memory_equal(h.value, "r-1", 3);
#endif
    assert_int_equal(f.s.recvs, sizeof ok_json - 1u); /* stopped at the end of the body */
    assert_int_equal(f.s.last_timeout, ORCA_DEFAULT_TIMEOUT_MS);
    /* what went out */
    static const char want[] = "GET /20160918/instances HTTP/1.1\r\nHost: pca.example\r\n"
                               "Authorization: Bearer s3cr3t-token\r\nConnection: keep-alive\r\n\r\n";
    assert_int_equal(f.s.sent_len, sizeof want - 1u);
    assert_memory_equal(f.s.sent, want, f.s.sent_len);
    /* the token does not linger in the work buffer */
    assert_false(contains(f.buf, sizeof f.buf, "s3cr3t"));
}

static void test_post_partial_sends(void **state)
{
    (void)state;
    static const char body[] = "{\"user\":\"u\",\"password\":\"p\"}";
    /* the head is 136 bytes: with 150 the body goes in its own sends, with 512 along */
    for (size_t buf_size = 150; buf_size <= 512; buf_size += 362) {
        fixture f;
        setup(&f, "HTTP/1.1 204 No Content\r\nSet-Cookie: a=b\r\n\r\n", 1000u);
        f.buf_size = buf_size;
        f.req.method = "POST";
        f.req.method_len = 4;
        test_request_body(&f.req, body);
        f.req.timeout_ms = 1234;
        f.s.max_send = 3;
        assert_int_equal(run(&f, NULL), ORCA_OK);
        assert_int_equal(f.res.status, 204);
        assert_int_equal(f.s.last_timeout, 1234);
        assert_int_equal(f.s.sent_len, 136u + f.req.body_len);
        assert_memory_equal(f.s.sent + 136, body, f.req.body_len);
        assert_true(contains(f.s.sent, f.s.sent_len, "Content-Length: 27\r\n"));
        assert_false(contains(f.buf, buf_size, "password"));
    }
}

static void test_close_delimited_and_timeouts(void **state)
{
    (void)state;
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close";
    static const struct {
        const char *response;
        int32_t at_end;    /* recv after the last byte */
        size_t fail_at;    /* or an error from this offset on */
        int32_t fail_code;
        int want;
    } cases[] = {
        {resp, 0, 0, 0, ORCA_OK},                  /* end of stream ends the body */
        {resp, ORCA_ERR_TIMEOUT, 0, 0, ORCA_ERR_TIMEOUT}, /* a timeout never does */
        {ok_json, 0, 20, ORCA_ERR_TIMEOUT, ORCA_ERR_TIMEOUT}, /* in the head */
        {ok_json, 0, 90, ORCA_ERR_CONN_RESET, ORCA_ERR_CONN_RESET}, /* in the body */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        fixture f;
        setup(&f, cases[i].response, 5u);
        f.s.at_end = cases[i].at_end;
        f.s.fail_at = cases[i].fail_at;
        f.s.fail_code = cases[i].fail_code;
        assert_int_equal(run(&f, NULL), cases[i].want);
        assert_int_equal(f.res.keep_alive, 0);
        if (cases[i].want == ORCA_OK) {
            assert_int_equal(f.res.body_len, 11);
            assert_memory_equal(f.res.body, "until close", 11);
        }
    }
}

static void test_eof_mid_response(void **state)
{
    (void)state;
    static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n";
    size_t cuts[] = {0, 1, 30, sizeof ok_json - 12u, sizeof ok_json - 2u, 0};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; ++i) {
        char part[sizeof chunked + sizeof ok_json];
        if (i + 1u < sizeof cuts / sizeof cuts[0]) {
            memcpy(part, ok_json, cuts[i]);
            part[cuts[i]] = '\0';
        } else {
            memcpy(part, chunked, sizeof chunked); /* cut before the last chunk */
        }
        fixture f;
        setup(&f, part, 1u);
        f.s.at_end = 0;
        assert_int_equal(run(&f, NULL), ORCA_ERR_UNEXPECTED_EOF);
        assert_int_equal(f.res.keep_alive, 0);
    }
}

static void test_head_interim_and_extra(void **state)
{
    (void)state;
    static const struct {
        const char *method;
        const char *response;
        uint16_t status;
        const char *body;
        uint8_t keep_alive;
    } cases[] = {
        /* HEAD: Content-Length announces a body that never comes */
        {"HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", 200, "", 1},
        {"GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
         201, "ok", 1},
        /* bytes after the response: the connection cannot be reused */
        {"GET", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK", 200, "ok", 0},
        {"GET", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 200, "", 0},
        /* chunked, decoded in place in the work buffer */
        {"GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n"
                "4\r\ndefg\r\n0\r\nT: 1\r\n\r\n", 200, "abcdefg", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        fixture f;
        setup(&f, cases[i].response, 7u);
        f.req.method = cases[i].method;
        f.req.method_len = strlen(cases[i].method);
        assert_int_equal(run(&f, NULL), ORCA_OK);
        assert_int_equal(f.res.status, cases[i].status);
        assert_int_equal(f.res.keep_alive, cases[i].keep_alive);
        assert_int_equal(f.res.body_len, strlen(cases[i].body));
        assert_memory_equal(f.res.body, cases[i].body, f.res.body_len);
    }
}

typedef struct sink {
    char data[4096];
    size_t len;
} sink;

static int to_sink(void *ctx, const uint8_t *data, size_t len)
{
    sink *k = ctx;
    assert_true(k->len + len <= sizeof k->data);
    memcpy(k->data + k->len, data, len);
    k->len += len;
    return 0;
}

static void test_streamed_body_and_errors(void **state)
{
    (void)state;
    char resp[2048];
    int n = snprintf(resp, sizeof resp, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 20; ++i) {
        n += snprintf(resp + n, sizeof resp - (size_t)n, "32\r\n%050d\r\n", i);
    }
    snprintf(resp + n, sizeof resp - (size_t)n, "0\r\n\r\n");
    sink k = {{0}, 0};
    orca_http_callbacks cb = {NULL, to_sink, &k};
    fixture f;
    setup(&f, resp, 13u);
    f.buf_size = 256;
    assert_int_equal(run(&f, &cb), ORCA_OK);
    assert_int_equal(f.res.body_streamed, 1);
    assert_int_equal(k.len, 1000);
    assert_memory_equal(k.data + 950, "00000000000000000000000000000000000000000000000019", 50);
    assert_int_equal(f.res.keep_alive, 1);
    const struct {
        const char *response;
        size_t buf_size;
        size_t header_count;
        int want;
    } cases[] = {
        {resp, 256, 1, ORCA_ERR_BODY_TOO_LARGE}, /* the same without a callback */
        {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 256, 1,
         ORCA_ERR_DUP_CONTENT_LENGTH},
        {ok_json, 64, 1, ORCA_ERR_BUFFER_TOO_SMALL}, /* the request head does not fit */
        {ok_json, 80, 0, ORCA_ERR_HEADERS_TOO_LARGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        setup(&f, cases[i].response, 9u);
        f.buf_size = cases[i].buf_size;
        f.req.header_count = cases[i].header_count;
        assert_int_equal(run(&f, NULL), cases[i].want);
    }
}

static void test_send_failures_and_bad_args(void **state)
{
    (void)state;
    fixture f;
    setup(&f, ok_json, 100u);
    f.s.send_code = ORCA_ERR_IO;
    assert_int_equal(run(&f, NULL), ORCA_ERR_IO);
    assert_int_equal(f.s.recvs, 0);
    setup(&f, ok_json, 100u);
    f.s.max_send = 0; /* a send that accepts nothing breaks the contract */
    assert_int_equal(run(&f, NULL), ORCA_ERR_IO);
    /* injection: nothing is sent */
    setup(&f, ok_json, 100u);
    f.req.path = "/a\r\nX: y";
    f.req.path_len = 8;
    assert_int_equal(run(&f, NULL), ORCA_ERR_HEADER_INJECTION);
    assert_int_equal(f.s.sends, 0);
    setup(&f, ok_json, 100u);
    assert_int_equal(orca_http_exchange(NULL, f.buf, f.buf_size, &f.req, NULL, &f.res),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_exchange(&f.t, NULL, f.buf_size, &f.req, NULL, &f.res),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_exchange(&f.t, f.buf, f.buf_size, NULL, NULL, &f.res),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_exchange(&f.t, f.buf, f.buf_size, &f.req, NULL, NULL),
                     ORCA_ERR_INVALID_ARG);
}

/* request_sent tells the session whether the server may have acted on the
 * request: 0 when the first send failed, 1 once a byte went (a POST is then
 * not repeated), also when the answer then failed. */
static void test_request_sent(void **state)
{
    (void)state;
    fixture f;
    setup(&f, ok_json, 100u);
    f.s.send_code = ORCA_ERR_CONN_RESET;
    assert_int_equal(run(&f, NULL), ORCA_ERR_CONN_RESET);
    assert_int_equal(f.res.request_sent, 0);
    setup(&f, ok_json, 100u);
    f.s.fail_at = 1u;
    f.s.fail_code = ORCA_ERR_CONN_RESET;
    assert_int_equal(run(&f, NULL), ORCA_ERR_CONN_RESET);
    assert_int_equal(f.res.request_sent, 1);
    setup(&f, ok_json, 100u);
    assert_int_equal(run(&f, NULL), ORCA_OK);
    assert_int_equal(f.res.request_sent, 1);
}

/* A transport that claims more bytes than it was asked for is an I/O error,
 * not an overrun. */
static int32_t overlong_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)timeout_ms;
    memset(buf, 'H', len);
    return (int32_t)len + 1;
}

static void test_recv_claiming_too_much(void **state)
{
    (void)state;
    fixture f;
    setup(&f, ok_json, 1u);
    f.t.recv = overlong_recv;
    assert_int_equal(run(&f, NULL), ORCA_ERR_IO);
}
#if ORCA_WITH_DEADLINE
/* A fixture whose request measures its deadline on the script's clock,
 * starting at @p start, each transport call taking @p step_ms. */
static void setup_clocked(fixture *f, orca_clock *clock, const char *response, uint32_t start,
                          uint32_t step_ms)
{
    setup(f, response, 1u);
    memset(clock, 0, sizeof *clock);
    clock->now_ms = script_now;
    clock->ctx = &f->s;
    f->s.now = start;
    f->s.step_ms = step_ms;
    f->req.clock = clock;
}

/* A server that sends one byte every 900 ms under a 1000 ms per-operation
 * timeout: without a deadline it would hold the exchange for as long as its
 * response lasts; with one, the exchange ends when the deadline passes. */
static void test_deadline_trickle(void **state)
{
    (void)state;
    static const uint32_t starts[] = {0u, 0xFFFFF000u}; /* the second crosses the wrap */
    for (size_t i = 0; i < 2u; ++i) {
        fixture f;
        orca_clock clock;
        setup_clocked(&f, &clock, ok_json, starts[i], 900u);
        f.req.timeout_ms = 1000u;
        f.req.deadline_ms = starts[i] + 4000u;
        assert_int_equal(run(&f, NULL), ORCA_ERR_TIMEOUT);
        assert_int_equal(f.res.status, 0);
        /* send at 0 (1000), recvs at 900, 1800, 2700 (1000), 3600 (400); then 4500: over */
        assert_int_equal(f.s.sends, 1);
        assert_int_equal(f.s.recvs, 4);
        static const uint32_t want[] = {1000u, 1000u, 1000u, 1000u, 400u};
        assert_memory_equal(f.s.timeouts, want, sizeof want);
        assert_int_equal(f.s.now - starts[i], 4500u);
    }
    /* The same pacing without a clock: only the per-operation timeout, which
     * never fires, so the whole response arrives. */
    fixture f;
    setup(&f, ok_json, 1u);
    f.s.step_ms = 900u;
    f.req.timeout_ms = 1000u;
    f.req.deadline_ms = 4000u;
    assert_int_equal(run(&f, NULL), ORCA_OK);
    assert_int_equal(f.s.recvs, sizeof ok_json - 1u);
}

/* The deadline cuts each call's timeout and covers the sends too. */
static void test_deadline_budget(void **state)
{
    (void)state;
    fixture f;
    orca_clock clock;
    /* a fast server: every call gets the per-operation timeout, cut by the deadline */
    setup_clocked(&f, &clock, ok_json, 7u, 0u);
    f.req.timeout_ms = 10000u;
    f.req.deadline_ms = 7u + 2500u;
    assert_int_equal(run(&f, NULL), ORCA_OK);
    assert_int_equal(f.res.status, 200);
    assert_int_equal(f.s.last_timeout, 2500u);
    /* slow sends: the deadline passes before the head is out, nothing is received */
    setup_clocked(&f, &clock, ok_json, 0u, 1000u);
    f.s.max_send = 10u;
    f.req.deadline_ms = 3000u;
    assert_int_equal(run(&f, NULL), ORCA_ERR_TIMEOUT);
    assert_int_equal(f.s.sends, 3);
    assert_int_equal(f.s.recvs, 0);
    assert_int_equal(f.s.timeouts[2], 1000u);
    /* a deadline already passed: nothing is sent */
    setup_clocked(&f, &clock, ok_json, 5000u, 0u);
    f.req.deadline_ms = 4999u;
    assert_int_equal(run(&f, NULL), ORCA_ERR_TIMEOUT);
    assert_int_equal(f.s.sends + f.s.recvs, 0);
}
#else
ORCA_SKIP_TEST(test_deadline_trickle, "ORCA_WITH_DEADLINE")
ORCA_SKIP_TEST(test_deadline_budget, "ORCA_WITH_DEADLINE")
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_byte_by_byte),
        cmocka_unit_test(test_post_partial_sends),
        cmocka_unit_test(test_close_delimited_and_timeouts),
        cmocka_unit_test(test_eof_mid_response),
        cmocka_unit_test(test_head_interim_and_extra),
        cmocka_unit_test(test_streamed_body_and_errors),
        cmocka_unit_test(test_send_failures_and_bad_args),
        cmocka_unit_test(test_request_sent),
        cmocka_unit_test(test_recv_claiming_too_much),
        cmocka_unit_test(test_deadline_trickle),
        cmocka_unit_test(test_deadline_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
