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

#if ORCA_WITH_NONBLOCKING
/* Bytes moved: when, on req->clock (0 without one), for the caller's
 * per-operation timeout when no call waits. */
static void transfer_progress(orca_http_transfer *x, const orca_http_request *req)
{
    x->progress_ms = req->clock != NULL ? req->clock->now_ms(req->clock->ctx) : 0u;
}
#else
/* Calls that block wait out their own timeouts. */
static void transfer_progress(orca_http_transfer *x, const orca_http_request *req)
{
    (void)x;
    (void)req;
}
#endif

/* Sends what is left of the request: buf[0, out_len) (the head and the body
 * part that fit), then the rest of the body straight from the caller's
 * memory; a send never spans the two. */
static int transfer_send(orca_http_transfer *x, const orca_transport *t,
                         const orca_http_request *req)
{
    size_t total = x->out_len + (req->body_len - x->body_in_buf);
    while (x->sent < total) {
        const uint8_t *from = x->buf + x->sent;
        size_t len = x->out_len - x->sent;
        uint32_t timeout = time_left(req);
        int32_t n;
        if (x->sent >= x->out_len) {
            from = req->body + x->body_in_buf + (x->sent - x->out_len);
            len = total - x->sent;
        }
        if (timeout == 0u) {
            return ORCA_ERR_TIMEOUT;
        }
        /* the count comes back as an int32_t */
        n = t->send(t->ctx, from, len < IO_MAX ? len : IO_MAX, timeout);
        if (n < 0) {
            return (int)n;
        }
        if (n == 0 || (size_t)n > len) {
            return ORCA_ERR_IO; /* broken transport contract */
        }
        x->sent += (size_t)n;
        x->request_sent = 1u;
        transfer_progress(x, req);
    }
    return ORCA_OK;
}

/* Receives into the parser's buffer until the response is complete. */
static int transfer_receive(orca_http_transfer *x, const orca_transport *t,
                            const orca_http_request *req)
{
    orca_http_parser *p = &x->parser;
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
        transfer_progress(x, req);
        r = orca_http_parser_feed(p, dst, (size_t)n, &used);
        if (r != ORCA_OK) {
            return r;
        }
        x->extra = used < (size_t)n;
    }
    return ORCA_OK;
}

int orca_http_transfer_begin(orca_http_transfer *x, uint8_t *buf, size_t buf_size,
                             const orca_http_request *req, const orca_http_callbacks *cb,
                             orca_http_response *res)
{
    size_t len = 0, k;
    int r;
    if (x == NULL || buf == NULL || req == NULL || res == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    memset(res, 0, sizeof *res);
    memset(x, 0, sizeof *x);
    r = orca_http_write_head(req, buf, buf_size, &len);
    if (r != ORCA_OK) {
        return r;
    }
    /* As much of the body as fits goes in the same send as the head. */
    k = req->body_len < buf_size - len ? req->body_len : buf_size - len;
    if (k != 0u) {
        memcpy(buf + len, req->body, k);
    }
    x->cb = cb;
    x->buf = buf;
    x->size = buf_size;
    x->out_len = len + k;
    x->body_in_buf = k;
    transfer_progress(x, req);
    x->phase = ORCA_HTTP_SENDING;
    return ORCA_OK;
}

/* The request is sent (or failed to be): its bytes are wiped (the head may
 * carry a token, the body a password) and the parser takes the buffer. */
static void transfer_sent(orca_http_transfer *x, const orca_http_request *req)
{
    unsigned flags = req->parse_flags & ORCA_HTTP_LENIENT_LF;
    orca_wipe(x->buf, x->out_len);
    if (req->method_len == 4u && memcmp(req->method, "HEAD", 4u) == 0) {
        flags |= ORCA_HTTP_HEAD_REQUEST;
    }
    orca_http_parser_init(&x->parser, x->buf, x->size, flags, x->cb);
    x->phase = ORCA_HTTP_RECEIVING;
}

int orca_http_transfer_step(orca_http_transfer *x, const orca_transport *transport,
                            const orca_http_request *req, orca_http_response *res)
{
    int r = ORCA_OK;
    if (x == NULL || transport == NULL || req == NULL || res == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (x->phase == ORCA_HTTP_SENDING) {
        r = transfer_send(x, transport, req);
        res->request_sent = x->request_sent;
        if (orca_transport_would_block(r)) {
            return r;
        }
        if (r != ORCA_OK) {
            orca_wipe(x->buf, x->out_len); /* the phase stays: where it failed */
            return r;
        }
        transfer_sent(x, req);
    }
    if (x->phase != ORCA_HTTP_RECEIVING) {
        return ORCA_ERR_STATE;
    }
    r = transfer_receive(x, transport, req);
    if (orca_transport_would_block(r)) {
        return r;
    }
    if (r != ORCA_OK) {
        /* Whether body bytes already went to on_body: the caller cannot
         * repeat such an exchange without handing them over twice. */
        res->body_streamed = x->parser.response.body_streamed;
        return r;
    }
    x->phase = ORCA_HTTP_DONE;
    *res = x->parser.response;
    res->request_sent = 1u;
    if (x->extra) {
        res->keep_alive = 0u; /* bytes nobody asked for: the stream is out of step */
    }
    return ORCA_OK;
}
