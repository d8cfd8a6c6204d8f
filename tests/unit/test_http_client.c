#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "orca/config.h"
#include "orca/http.h"

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
} script;

static int32_t script_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    script *s = ctx;
    s->sends++;
    s->last_timeout = timeout_ms;
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
    s->last_timeout = timeout_ms;
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

static orca_http_request get_request(void)
{
    orca_http_request req;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.method_len = 3;
    req.path = "/20160918/instances";
    req.path_len = strlen(req.path);
    req.host = "pca.example";
    req.host_len = strlen(req.host);
    req.tls = 1;
    req.keep_alive = 1;
    req.headers = &auth;
    req.header_count = 1;
    return req;
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
    script s;
    orca_transport t;
    uint8_t buf[512];
    orca_http_response res;
    orca_http_request req = get_request();
    orca_http_header h;
    script_init(&s, &t, ok_json, 1u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_OK);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.keep_alive, 1);
    assert_int_equal(res.body_len, 11);
    assert_memory_equal(res.body, "{\"items\":1}", 11);
    assert_int_equal(orca_http_response_header(&res, "OPC-Request-Id", 14, 0, &h), ORCA_OK);
    assert_memory_equal(h.value, "r-1", 3);
    assert_int_equal(s.recvs, sizeof ok_json - 1u); /* stopped at the end of the body */
    assert_int_equal(s.last_timeout, ORCA_DEFAULT_TIMEOUT_MS);
    /* what went out */
    static const char want[] = "GET /20160918/instances HTTP/1.1\r\nHost: pca.example\r\n"
                               "Authorization: Bearer s3cr3t-token\r\nConnection: keep-alive\r\n\r\n";
    assert_int_equal(s.sent_len, sizeof want - 1u);
    assert_memory_equal(s.sent, want, s.sent_len);
    /* the token does not linger in the work buffer */
    assert_false(contains(buf, sizeof buf, "s3cr3t"));
}

static void test_post_partial_sends(void **state)
{
    (void)state;
    static const char body[] = "{\"user\":\"u\",\"password\":\"p\"}";
    /* head is 136 bytes: with 150 the body goes in its own sends, with 512 along */
    for (size_t buf_size = 150; buf_size <= 512; buf_size += 362) {
        script s;
        orca_transport t;
        uint8_t buf[512];
        orca_http_response res;
        orca_http_request req = get_request();
        req.method = "POST";
        req.method_len = 4;
        req.body = (const uint8_t *)body;
        req.body_len = sizeof body - 1u;
        req.timeout_ms = 1234;
        script_init(&s, &t, "HTTP/1.1 204 No Content\r\nSet-Cookie: a=b\r\n\r\n", 1000u);
        s.max_send = 3;
        assert_int_equal(orca_http_exchange(&t, buf, buf_size, &req, NULL, &res), ORCA_OK);
        assert_int_equal(res.status, 204);
        assert_int_equal(s.last_timeout, 1234);
        assert_int_equal(s.sent_len, 136u + req.body_len);
        assert_memory_equal(s.sent + s.sent_len - req.body_len, body, req.body_len);
        assert_true(contains(s.sent, s.sent_len, "Content-Length: 27\r\n"));
        assert_false(contains(buf, buf_size, "password"));
    }
}

static void test_close_delimited_and_timeouts(void **state)
{
    (void)state;
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close";
    script s;
    orca_transport t;
    uint8_t buf[256];
    orca_http_response res;
    orca_http_request req = get_request();
    /* end of stream ends the body */
    script_init(&s, &t, resp, 5u);
    s.at_end = 0;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_OK);
    assert_int_equal(res.keep_alive, 0);
    assert_int_equal(res.body_len, 11);
    assert_memory_equal(res.body, "until close", 11);
    /* a timeout never does */
    script_init(&s, &t, resp, 5u);
    s.at_end = ORCA_ERR_TIMEOUT;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_TIMEOUT);
    assert_int_equal(res.keep_alive, 0);
    /* timeout in the middle of the head */
    script_init(&s, &t, ok_json, 4u);
    s.fail_at = 20;
    s.fail_code = ORCA_ERR_TIMEOUT;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_TIMEOUT);
    /* reset passes through */
    script_init(&s, &t, ok_json, 4u);
    s.fail_at = 90;
    s.fail_code = ORCA_ERR_CONN_RESET;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_CONN_RESET);
}

static void test_eof_mid_response(void **state)
{
    (void)state;
    size_t cuts[] = {0, 1, 30, sizeof ok_json - 12u, sizeof ok_json - 2u};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; ++i) {
        char part[sizeof ok_json];
        memcpy(part, ok_json, cuts[i]);
        part[cuts[i]] = '\0';
        script s;
        orca_transport t;
        uint8_t buf[256];
        orca_http_response res;
        orca_http_request req = get_request();
        script_init(&s, &t, part, 1u);
        s.at_end = 0;
        assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                         ORCA_ERR_UNEXPECTED_EOF);
        assert_int_equal(res.keep_alive, 0);
    }
    /* chunked, cut before the last chunk */
    script s;
    orca_transport t;
    uint8_t buf[256];
    orca_http_response res;
    orca_http_request req = get_request();
    script_init(&s, &t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", 2u);
    s.at_end = 0;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_UNEXPECTED_EOF);
}

static void test_head_interim_and_extra(void **state)
{
    (void)state;
    script s;
    orca_transport t;
    uint8_t buf[256];
    orca_http_response res;
    orca_http_request req = get_request();
    /* HEAD: Content-Length announces a body that never comes */
    req.method = "HEAD";
    req.method_len = 4;
    script_init(&s, &t, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", 7u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_OK);
    assert_int_equal(res.keep_alive, 1);
    assert_int_equal(res.body_len, 0);
    /* 100 Continue, then the answer */
    req = get_request();
    script_init(&s, &t, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                        "Content-Length: 2\r\n\r\nok", 3u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_OK);
    assert_int_equal(res.status, 201);
    assert_memory_equal(res.body, "ok", 2);
    assert_int_equal(res.keep_alive, 1);
    /* bytes after the response: the connection cannot be reused */
    script_init(&s, &t, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK", 100u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_OK);
    assert_memory_equal(res.body, "ok", 2);
    assert_int_equal(res.keep_alive, 0);
    /* Connection: close */
    script_init(&s, &t, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_OK);
    assert_int_equal(res.keep_alive, 0);
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
    script s;
    orca_transport t;
    uint8_t buf[256];
    orca_http_response res;
    orca_http_request req = get_request();
    script_init(&s, &t, resp, 13u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, &cb, &res), ORCA_OK);
    assert_int_equal(res.body_streamed, 1);
    assert_int_equal(k.len, 1000);
    assert_memory_equal(k.data + 950, "00000000000000000000000000000000000000000000000019", 50);
    assert_int_equal(res.keep_alive, 1);
    /* the same without a callback */
    script_init(&s, &t, resp, 13u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_BODY_TOO_LARGE);
    /* parser errors pass through */
    script_init(&s, &t, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 9u);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_DUP_CONTENT_LENGTH);
    /* head larger than the buffer */
    script_init(&s, &t, ok_json, 9u);
    assert_int_equal(orca_http_exchange(&t, buf, 64, &req, NULL, &res),
                     ORCA_ERR_BUFFER_TOO_SMALL); /* the request head does not fit either */
    req.headers = NULL;
    req.header_count = 0;
    script_init(&s, &t, ok_json, 9u);
    assert_int_equal(orca_http_exchange(&t, buf, 80, &req, NULL, &res),
                     ORCA_ERR_HEADERS_TOO_LARGE);
}

static void test_send_failures_and_bad_args(void **state)
{
    (void)state;
    script s;
    orca_transport t;
    uint8_t buf[256];
    orca_http_response res;
    orca_http_request req = get_request();
    script_init(&s, &t, ok_json, 100u);
    s.send_code = ORCA_ERR_IO;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_ERR_IO);
    assert_int_equal(s.recvs, 0);
    script_init(&s, &t, ok_json, 100u);
    s.max_send = 0; /* a send that accepts nothing breaks the contract */
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res), ORCA_ERR_IO);
    /* injection: nothing is sent */
    script_init(&s, &t, ok_json, 100u);
    req.path = "/a\r\nX: y";
    req.path_len = 8;
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_HEADER_INJECTION);
    assert_int_equal(s.sends, 0);
    req = get_request();
    assert_int_equal(orca_http_exchange(NULL, buf, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_exchange(&t, NULL, sizeof buf, &req, NULL, &res),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, NULL, NULL, &res),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_exchange(&t, buf, sizeof buf, &req, NULL, NULL),
                     ORCA_ERR_INVALID_ARG);
}

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
