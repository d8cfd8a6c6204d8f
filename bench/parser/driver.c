/* Parser benchmark driver: bench-<parser> FILE ITERATIONS
 * Loads one response, parses it once with hashing on (printed so the script can
 * check that every parser saw the same status, headers and body), then
 * ITERATIONS more times with hashing off: callgrind counts only bench_parse
 * (--toggle-collect=bench_parse), divided by ITERATIONS by the script. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static void hash_bytes(struct bench_result *r, const char *p, size_t n)
{
    uint32_t h = r->hash;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (uint8_t)p[i];
        h *= 16777619u;
    }
    r->hash = h;
}

void bench_header(struct bench_result *r, const char *name, size_t name_len,
                  const char *value, size_t value_len)
{
    r->headers++;
    if (r->verify) {
        size_t i;
        for (i = 0; i < name_len; i++) {   /* names compare case-insensitively */
            char c = name[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            hash_bytes(r, &c, 1);
        }
        hash_bytes(r, ":", 1);
        hash_bytes(r, value, value_len);
        hash_bytes(r, "\n", 1);
    }
}

void bench_body(struct bench_result *r, const char *data, size_t len)
{
    r->body_len += len;
    if (r->verify)
        hash_bytes(r, data, len);
}

int bench_name_is(const char *name, size_t len, const char *lower)
{
    size_t i;
    for (i = 0; i < len; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (lower[i] != c)
            return 0;
    }
    return lower[len] == '\0';
}

int main(int argc, char **argv)
{
    static char input[BENCH_BUF_SIZE], work[BENCH_BUF_SIZE];
    struct bench_result r;
    size_t len;
    long i, iterations;
    FILE *f;

    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE ITERATIONS\n", argv[0]);
        return 2;
    }
    iterations = atol(argv[2]);
    f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    len = fread(input, 1, sizeof(input), f);
    fclose(f);

    memset(&r, 0, sizeof(r));
    r.verify = 1;
    r.hash = 2166136261u;
    memcpy(work, input, len);
    if (bench_parse(work, len, &r) != 0) {
        fprintf(stderr, "%s: parse failed\n", argv[1]);
        return 1;
    }
    printf("status=%d headers=%u body=%zu hash=%08x\n", r.status, r.headers, r.body_len,
           (unsigned)r.hash);

    for (i = 0; i < iterations; i++) {
        struct bench_result q;
        memset(&q, 0, sizeof(q));
        memcpy(work, input, len);
        if (bench_parse(work, len, &q) != 0 || q.body_len != r.body_len)
            return 1;
    }
    return 0;
}
