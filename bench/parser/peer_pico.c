/* picohttpparser (phr_parse_response, phr_decode_chunked) as exported by
 * Debian's libh2o0.13, which ships no header: the prototypes are declared here.
 * picohttpparser leaves framing to its caller, so this harness finds
 * Content-Length / Transfer-Encoding itself, as a client using it must. */
#include <string.h>
#include <sys/types.h>

#include "bench.h"

struct phr_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

struct phr_chunked_decoder {
    size_t bytes_left_in_chunk;
    char consume_trailer;
    char _hex_count;
    char _state;
};

int phr_parse_response(const char *buf, size_t len, int *minor_version, int *status,
                       const char **msg, size_t *msg_len, struct phr_header *headers,
                       size_t *num_headers, size_t last_len);
ssize_t phr_decode_chunked(struct phr_chunked_decoder *decoder, char *buf, size_t *bufsz);

enum { MAX_HEADERS = 32 };

static int parse_length(const char *v, size_t n, size_t *out)
{
    size_t i, x = 0;
    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9' || x > ((size_t)-1 - 9) / 10)
            return -1;
        x = x * 10 + (size_t)(v[i] - '0');
    }
    *out = x;
    return 0;
}

int bench_parse(char *buf, size_t len, struct bench_result *r)
{
    struct phr_header headers[MAX_HEADERS];
    size_t num_headers = MAX_HEADERS, i, content_length = 0, body_len;
    const char *msg;
    size_t msg_len;
    int minor, status, head_len, chunked = 0, has_length = 0;

    head_len = phr_parse_response(buf, len, &minor, &status, &msg, &msg_len, headers,
                                  &num_headers, 0);
    if (head_len <= 0)
        return -1;
    r->status = status;
    for (i = 0; i < num_headers; i++) {
        const struct phr_header *h = &headers[i];
        bench_header(r, h->name, h->name_len, h->value, h->value_len);
        if (bench_name_is(h->name, h->name_len, "content-length")) {
            if (has_length || parse_length(h->value, h->value_len, &content_length) != 0)
                return -1;
            has_length = 1;
        } else if (bench_name_is(h->name, h->name_len, "transfer-encoding")) {
            chunked = bench_name_is(h->value, h->value_len, "chunked");
        }
    }
    if (status == 204 || status == 304 || status < 200)
        return 0;
    body_len = len - (size_t)head_len;
    if (chunked) {
        /* Room for newer, larger decoder structs than the 2.2 layout above. */
        union {
            struct phr_chunked_decoder d;
            char pad[64];
        } dec;
        memset(&dec, 0, sizeof(dec));
        dec.d.consume_trailer = 1;
        if (phr_decode_chunked(&dec.d, buf + head_len, &body_len) < 0)
            return -1;
        bench_body(r, buf + head_len, body_len);
        return 0;
    }
    if (!has_length || body_len < content_length)
        return -1;
    bench_body(r, buf + head_len, content_length);
    return 0;
}
