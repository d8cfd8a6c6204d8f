/*
 * Test helper: runs the response parser over an input fed in pieces and
 * records what it reported, so that unit tests, the vector runner and the
 * fuzz harness compare the same things (status, headers, body, completion,
 * error) between whole and split feeding.
 *
 * Several responses in one input are parsed one after another (a fresh
 * parser each), as on a keep-alive connection; bytes after a response whose
 * connection cannot be kept alive are HTTP_RUN_EXTRA_DATA: a verdict of this
 * harness, not of orca (orca_http_exchange answers with the response and
 * does not keep the connection).
 */
#ifndef ORCA_TEST_HTTP_RUN_H
#define ORCA_TEST_HTTP_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/http.h"

/* Bytes after a response whose connection closes (a harness verdict, below
 * every orca status). */
#define HTTP_RUN_EXTRA_DATA (-1000)

/* Text of a run's error: orca's, or the harness's own. */
static inline const char *http_run_error_str(int err)
{
    return err == HTTP_RUN_EXTRA_DATA ? "data after a response that closes the connection"
                                      : orca_status_str(err);
}

typedef struct http_run {
    int err;            /* first error, ORCA_OK when none */
    unsigned messages;  /* final responses completed */
    unsigned heads;     /* final response heads completed */
    uint16_t status;    /* status of the last head */
    uint8_t keep_alive; /* of the last completed response */
    char *headers;      /* "name: value\n" per header line, in order */
    size_t headers_len;
    uint8_t *body;      /* bodies of all responses, concatenated */
    size_t body_len;
    size_t consumed;    /* input bytes the parser took */
} http_run;

static inline void http_run_append(char **dst, size_t *len, const void *src, size_t n)
{
    char *p = realloc(*dst, *len + n + 1u);
    if (p == NULL) {
        abort();
    }
    if (n != 0u) {
        memcpy(p + *len, src, n);
    }
    *len += n;
    p[*len] = '\0';
    *dst = p;
}

static inline int http_run_on_header(void *ctx, const orca_http_header *h)
{
    http_run *run = ctx;
    http_run_append(&run->headers, &run->headers_len, h->name, h->name_len);
    http_run_append(&run->headers, &run->headers_len, ": ", 2u);
    http_run_append(&run->headers, &run->headers_len, h->value, h->value_len);
    http_run_append(&run->headers, &run->headers_len, "\n", 1u);
    return 0;
}

static inline int http_run_on_body(void *ctx, const uint8_t *data, size_t len)
{
    http_run *run = ctx;
    http_run_append((char **)&run->body, &run->body_len, data, len);
    return 0;
}

/* Body bytes held in the work buffer of a response cut short (test-only
 * look at the parser's internals: the body sits in [body_start, used)). */
static inline void http_run_partial_body(http_run *run, const orca_http_parser *p)
{
    if (p->body_start != 0u && !p->response.body_streamed) {
        http_run_append((char **)&run->body, &run->body_len, p->buf + p->body_start,
                        p->used - p->body_start);
    }
}

/*
 * Feeds @p in: first @p first bytes, then pieces of @p step bytes, with a
 * work buffer of @p buf_size bytes. @p eof: call orca_http_parser_finish at
 * the end of the input.
 */
static inline void http_run_feed(http_run *run, const uint8_t *in, size_t len, size_t first,
                                 size_t step, size_t buf_size, unsigned flags, int eof)
{
    orca_http_callbacks cb = {http_run_on_header, http_run_on_body, run};
    orca_http_parser p;
    uint8_t *buf = malloc(buf_size ? buf_size : 1u);
    size_t pos = 0;
    int head_counted = 0;
    memset(run, 0, sizeof *run);
    if (buf == NULL) {
        abort();
    }
    orca_http_parser_init(&p, buf, buf_size, flags, &cb);
    while (pos < len && run->err == ORCA_OK) {
        size_t piece = pos == 0u ? first : step;
        size_t used = 0;
        if (piece == 0u || piece > len - pos) {
            piece = len - pos;
        }
        run->err = orca_http_parser_feed(&p, in + pos, piece, &used);
        pos += used;
        run->consumed = pos;
        if (!head_counted && p.body_start != 0u) {
            head_counted = 1;
            run->heads++;
            run->status = p.response.status;
        }
        if (run->err == ORCA_OK && orca_http_parser_complete(&p)) {
            run->messages++;
            run->keep_alive = p.response.keep_alive;
            if (!p.response.body_streamed) {
                http_run_append((char **)&run->body, &run->body_len, p.response.body,
                                p.response.body_len);
            }
            if (pos < len && !p.response.keep_alive) {
                run->err = HTTP_RUN_EXTRA_DATA;
                break;
            }
            orca_http_parser_init(&p, buf, buf_size, flags, &cb);
            head_counted = 0;
        } else if (run->err == ORCA_OK && used < piece) {
            run->err = ORCA_ERR_STATE; /* parser refused bytes without saying why */
        }
    }
    if (run->err == ORCA_OK && !orca_http_parser_complete(&p)) {
        if (eof && p.used != 0u) {
            run->err = orca_http_parser_finish(&p);
            if (run->err == ORCA_OK) {
                run->messages++;
                run->keep_alive = p.response.keep_alive;
                http_run_append((char **)&run->body, &run->body_len, p.response.body,
                                p.response.body_len);
            }
        } else {
            http_run_partial_body(run, &p);
        }
    }
    free(buf);
}

static inline void http_run_free(http_run *run)
{
    free(run->headers);
    free(run->body);
    memset(run, 0, sizeof *run);
}

/*
 * 1 when both runs report the same outcome (the consumed count aside).
 * After an error the body is not compared: how much of it was streamed to
 * the callback before the bad byte depends on the buffer size.
 */
static inline int http_run_same(const http_run *a, const http_run *b)
{
    return a->err == b->err && a->messages == b->messages && a->heads == b->heads &&
           a->status == b->status && a->keep_alive == b->keep_alive &&
           a->headers_len == b->headers_len &&
           (a->headers_len == 0u || memcmp(a->headers, b->headers, a->headers_len) == 0) &&
           (a->err != ORCA_OK ||
            (a->body_len == b->body_len &&
             (a->body_len == 0u || memcmp(a->body, b->body, a->body_len) == 0)));
}

#endif /* ORCA_TEST_HTTP_RUN_H */
