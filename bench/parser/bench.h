/* One parser harness: bench_parse() parses one complete response held in buf
 * and reports it through the consumer functions below, so every harness does
 * the same work: status, every header, framing, chunked decoding, body bytes. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

struct bench_result {
    int verify;          /* 1: hash what is reported (checking run), 0: count only */
    int status;
    unsigned headers;
    size_t body_len;
    uint32_t hash;       /* FNV-1a over header names, values and body bytes */
};

/* Capacity of the buffer bench_parse() gets: parsers may work inside it. */
#define BENCH_BUF_SIZE 65536

/* Parses buf[0..len) (writable, BENCH_BUF_SIZE bytes: in-place decoders use it).
 * Returns 0 on a complete response, -1 on an error. */
int bench_parse(char *buf, size_t len, struct bench_result *r);

/* Consumers, defined in driver.c (not inlined into the harness). */
void bench_header(struct bench_result *r, const char *name, size_t name_len,
                  const char *value, size_t value_len);
void bench_body(struct bench_result *r, const char *data, size_t len);

/* Used by harnesses that do their own framing: ASCII case-insensitive match. */
int bench_name_is(const char *name, size_t len, const char *lower);

/* Header fields and values that arrive as spans (llhttp, http-parser): one
 * header is reported once its value is complete. Inline, so the callback
 * harnesses pay no extra call for the sharing. */
struct bench_spans {
    struct bench_result *r;
    const char *name, *value;
    size_t name_len, value_len;
    int in_value, done;
};

/* Reports the header being collected, if any. */
static inline void bench_spans_flush(struct bench_spans *s)
{
    if (s->name != NULL)
        bench_header(s->r, s->name, s->name_len, s->value ? s->value : "", s->value_len);
    s->name = NULL;
}

/* Starts collecting a new header at @at. */
static inline void bench_spans_start(struct bench_spans *s, const char *at)
{
    s->name = at;
    s->name_len = 0;
    s->value = NULL;
    s->value_len = 0;
    s->in_value = 0;
}

static inline void bench_spans_field(struct bench_spans *s, const char *at, size_t n)
{
    if (s->in_value || s->name == NULL) {
        bench_spans_flush(s);
        bench_spans_start(s, at);
    }
    s->name_len += n;
}

static inline void bench_spans_value(struct bench_spans *s, const char *at, size_t n)
{
    if (!s->in_value) {
        s->value = at;
        s->in_value = 1;
    }
    s->value_len += n;
}

#endif
