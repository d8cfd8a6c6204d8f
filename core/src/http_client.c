/*
 * One HTTP/1.1 exchange over an orca_transport, in one work buffer: write
 * the head, send head and body, receive in place and parse.
 */
#include <string.h>

#include "orca/config.h"
#include "orca/http.h"
#include "orca/wipe.h"

/* Largest count one send or recv may report. */
#define IO_MAX ((size_t)0x7FFFFFFF)

#if ORCA_WITH_DEADLINE
/* Timeout of the next transport call: the per-operation one, cut to what is
 * left of the exchange deadline when there is one; 0 once it has passed. */
static uint32_t time_left(const orca_http_request *req)
{
    uint32_t per_op = req->timeout_ms != 0u ? req->timeout_ms : ORCA_DEFAULT_TIMEOUT_MS;
    int32_t left;
    if (req->clock == NULL) {
        return per_op;
    }
    left = orca_clock_remaining(req->clock->now_ms(req->clock->ctx), req->deadline_ms);
    if (left <= 0) {
        return 0u;
    }
    return (uint32_t)left < per_op ? (uint32_t)left : per_op;
}
#else
static uint32_t time_left(const orca_http_request *req)
{
    return req->timeout_ms != 0u ? req->timeout_ms : ORCA_DEFAULT_TIMEOUT_MS;
}
#endif

/* Sends data[from, to), looping over partial sends (data may be NULL when
 * there is nothing to send). */
static int send_all(const orca_transport *t, const uint8_t *data, size_t from, size_t to,
                    const orca_http_request *req, uint8_t *sent)
{
    while (from < to) {
        uint32_t timeout = time_left(req);
        int32_t n;
        if (timeout == 0u) {
            return ORCA_ERR_TIMEOUT;
        }
        /* the count comes back as an int32_t */
        n = t->send(t->ctx, data + from, to - from < IO_MAX ? to - from : IO_MAX, timeout);
        if (n < 0) {
            return (int)n;
        }
        if (n == 0 || (size_t)n > to - from) {
            return ORCA_ERR_IO; /* broken transport contract */
        }
        from += (size_t)n;
        *sent = 1u;
    }
    return ORCA_OK;
}

/* Writes and sends the request; as much of the body as fits goes in the
 * same send as the head, the rest straight from the caller's memory.
 * *sent becomes 1 once a byte has gone. */
static int send_request(const orca_transport *t, uint8_t *buf, size_t size,
                        const orca_http_request *req, uint8_t *sent)
{
    size_t len = 0, k;
    int r = orca_http_write_head(req, buf, size, &len);
    if (r != ORCA_OK) {
        return r;
    }
    k = req->body_len < size - len ? req->body_len : size - len;
    if (k != 0u) {
        memcpy(buf + len, req->body, k);
    }
    r = send_all(t, buf, 0u, len + k, req, sent);
    if (r == ORCA_OK) {
        r = send_all(t, req->body, k, req->body_len, req, sent);
    }
    orca_wipe(buf, len + k); /* the head may carry a token, the body a password */
    return r;
}

/* Receives into the parser's buffer until the response is complete. */
static int receive_response(const orca_transport *t, orca_http_parser *p,
                            const orca_http_request *req, int *extra)
{
    while (!orca_http_parser_complete(p)) {
        size_t avail, used;
        uint8_t *dst = orca_http_parser_space(p, &avail);
        uint32_t timeout = time_left(req);
        int32_t n;
        int r;
        if (avail == 0u) {
            return ORCA_ERR_HEADERS_TOO_LARGE; /* the head left no room for the body */
        }
        if (timeout == 0u) {
            return ORCA_ERR_TIMEOUT;
        }
        avail = avail < IO_MAX ? avail : IO_MAX;
        n = t->recv(t->ctx, dst, avail, timeout);
        if (n < 0) {
            return (int)n;
        }
        if (n == 0) {
            return orca_http_parser_finish(p);
        }
        if ((size_t)n > avail) {
            return ORCA_ERR_IO;
        }
        r = orca_http_parser_feed(p, dst, (size_t)n, &used);
        if (r != ORCA_OK) {
            return r;
        }
        *extra = used < (size_t)n;
    }
    return ORCA_OK;
}

int orca_http_exchange(const orca_transport *transport, uint8_t *buf, size_t buf_size,
                       const orca_http_request *req, const orca_http_callbacks *cb,
                       orca_http_response *res)
{
    orca_http_parser p;
    unsigned flags;
    int extra = 0;
    int r;
    if (transport == NULL || transport->send == NULL || transport->recv == NULL ||
        buf == NULL || req == NULL || res == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    memset(res, 0, sizeof *res);
    r = send_request(transport, buf, buf_size, req, &res->request_sent);
    if (r != ORCA_OK) {
        return r;
    }
    flags = req->parse_flags & ORCA_HTTP_LENIENT_LF;
    if (req->method_len == 4u && memcmp(req->method, "HEAD", 4u) == 0) {
        flags |= ORCA_HTTP_HEAD_REQUEST;
    }
    orca_http_parser_init(&p, buf, buf_size, flags, cb);
    r = receive_response(transport, &p, req, &extra);
    if (r != ORCA_OK) {
        /* Whether body bytes already went to on_body: the caller cannot
         * repeat such an exchange without handing them over twice. */
        res->body_streamed = p.response.body_streamed;
        return r;
    }
    *res = p.response;
    res->request_sent = 1u;
    if (extra) {
        res->keep_alive = 0u; /* bytes nobody asked for: the stream is out of step */
    }
    return ORCA_OK;
}
