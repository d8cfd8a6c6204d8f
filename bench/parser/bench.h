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

#endif
