/*
 * HTTP/1.1 request head writer: builds the head directly in the caller's
 * buffer, refusing any field that could inject a line.
 */
#include <string.h>

#include "orca/http.h"
#include "http_chars.h"

/* Field kinds: what each may contain besides bytes >= 0x21 (DEL excluded). */
enum { FIELD_TOKEN, FIELD_NAME, FIELD_VALUE, FIELD_URI };

/*
 * The head being written; err stops the copying. A bad field replaces
 * ORCA_ERR_BUFFER_TOO_SMALL (fields are checked to the end), never another
 * bad field: the first one is reported.
 */
typedef struct head_out {
    uint8_t *out;
    size_t size;
    size_t len;
    int err;
} head_out;

static void put(head_out *w, const char *s, size_t n)
{
    if (w->err == ORCA_OK && n > w->size - w->len) {
        w->err = ORCA_ERR_BUFFER_TOO_SMALL;
    }
    if (w->err == ORCA_OK && n != 0u) { /* s may be NULL for an empty value */
        memcpy(w->out + w->len, s, n);
        w->len += n;
    }
}

/* Decimal digits of v, without a terminator. */
static void put_uint(head_out *w, size_t v)
{
    char digits[20];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    put(w, digits + i, sizeof digits - i);
}

/*
 * Checks, then writes, one field. Control characters (CR, LF, NUL and the
 * rest) and DEL are injection in every field; values may hold TAB and
 * spaces, tokens and names must be tchars, the path and host hold neither
 * spaces nor anything below. Names the writer writes itself are refused.
 * @param missing Error for a NULL or empty field (an empty value is fine).
 */
static void put_field(head_out *w, const char *s, size_t n, int kind, int missing)
{
    int r = ORCA_OK;
    if (s == NULL || n == 0u) {
        r = kind == FIELD_VALUE && n == 0u ? ORCA_OK : missing;
    }
    for (size_t i = 0; r == ORCA_OK && i < n; ++i) {
        unsigned c = (unsigned char)s[i];
        if ((c < 0x20u && !(c == '\t' && kind == FIELD_VALUE)) || c == 0x7Fu ||
            (c == ' ' && kind == FIELD_URI)) {
            r = ORCA_ERR_HEADER_INJECTION;
        }
    }
    if (r == ORCA_OK && kind <= FIELD_NAME && orca_http_token_len(s, n) != n) {
        r = missing;
    }
    if (r == ORCA_OK && kind == FIELD_NAME && orca_http_lookup(orca_http_framing_names, s, n) >= 0) {
        r = missing; /* a second copy would let framing disagree */
    }
    if (r != ORCA_OK && (w->err == ORCA_OK || w->err == ORCA_ERR_BUFFER_TOO_SMALL)) {
        w->err = r;
    }
    put(w, s, n);
}

/* POST, PUT and PATCH announce an empty body as Content-Length: 0 (methods
 * are case-sensitive). */
static int method_has_body(const orca_http_request *req)
{
    static const char *const by_length[] = {"PUT", "POST", "PATCH"}; /* 3, 4, 5 bytes */
    size_t n = req->method_len;
    return n - 3u < 3u && memcmp(req->method, by_length[n - 3u], n) == 0;
}

int orca_http_write_head(const orca_http_request *req, uint8_t *out, size_t out_size,
                         size_t *out_len)
{
    head_out w = {out, out_size, 0u, ORCA_OK};
    if (req == NULL || out == NULL || out_len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    put_field(&w, req->method, req->method_len, FIELD_TOKEN, ORCA_ERR_BAD_METHOD);
    put(&w, " ", 1u);
    put_field(&w, req->path, req->path_len, FIELD_URI, ORCA_ERR_INVALID_ARG);
    put(&w, " HTTP/1.1\r\nHost: ", 17u);
    put_field(&w, req->host, req->host_len, FIELD_URI, ORCA_ERR_INVALID_ARG);
    if (req->port != 0u && req->port != (req->tls ? 443u : 80u)) {
        put(&w, ":", 1u);
        put_uint(&w, req->port);
    }
    if ((req->header_count != 0u && req->headers == NULL) ||
        (req->body_len != 0u && req->body == NULL)) {
        return w.err != ORCA_OK && w.err != ORCA_ERR_BUFFER_TOO_SMALL ? w.err
                                                                       : ORCA_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < req->header_count; ++i) {
        const orca_http_header *h = &req->headers[i];
        put(&w, "\r\n", 2u);
        put_field(&w, h->name, h->name_len, FIELD_NAME, ORCA_ERR_BAD_HEADER_NAME);
        put(&w, ": ", 2u);
        put_field(&w, h->value, h->value_len, FIELD_VALUE, ORCA_ERR_INVALID_ARG);
    }
    if (w.err == ORCA_OK && (req->body != NULL || method_has_body(req))) {
        put(&w, "\r\nContent-Length: ", 18u);
        put_uint(&w, req->body_len);
    }
    if (req->keep_alive) {
        put(&w, "\r\nConnection: keep-alive\r\n\r\n", 28u);
    } else {
        put(&w, "\r\nConnection: close\r\n\r\n", 23u);
    }
    if (w.err == ORCA_OK) {
        *out_len = w.len;
    }
    return w.err;
}
