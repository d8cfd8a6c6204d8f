/*
 * HTTP/1.1 request head writer: builds the head directly in the caller's
 * buffer, refusing any field that could inject a line.
 */
#include <string.h>

#include "orca/http.h"
#include "http_chars.h"

/* Field kinds: what each may contain besides bytes >= 0x21 (DEL excluded). */
enum { FIELD_TOKEN, FIELD_VALUE, FIELD_URI };

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
 * Control characters (CR, LF, NUL and the rest) and DEL are injection in
 * every field; values may hold TAB and spaces, tokens must be tchars, and
 * the path and host hold neither spaces nor anything below.
 */
static int check_field(const char *s, size_t n, int kind, int token_err)
{
    if (s == NULL || n == 0u) {
        return kind == FIELD_VALUE && n == 0u ? ORCA_OK : token_err;
    }
    for (size_t i = 0; i < n; ++i) {
        unsigned c = (unsigned char)s[i];
        if ((c < 0x20u && !(c == '\t' && kind == FIELD_VALUE)) || c == 0x7Fu) {
            return ORCA_ERR_HEADER_INJECTION;
        }
        if (c == ' ' && kind == FIELD_URI) {
            return ORCA_ERR_HEADER_INJECTION;
        }
    }
    if (kind == FIELD_TOKEN && orca_http_token_len(s, n) != n) {
        return token_err;
    }
    return ORCA_OK;
}

static int check_request(const orca_http_request *req)
{
    /* length-prefixed, for orca_http_lookup */
    static const char framing[] = "\4host\16content-length\21transfer-encoding\12connection";
    int r = check_field(req->method, req->method_len, FIELD_TOKEN, ORCA_ERR_BAD_METHOD);
    if (r == ORCA_OK) {
        r = check_field(req->path, req->path_len, FIELD_URI, ORCA_ERR_INVALID_ARG);
    }
    if (r == ORCA_OK) {
        r = check_field(req->host, req->host_len, FIELD_URI, ORCA_ERR_INVALID_ARG);
    }
    if (r == ORCA_OK && ((req->header_count != 0u && req->headers == NULL) ||
                         (req->body_len != 0u && req->body == NULL))) {
        r = ORCA_ERR_INVALID_ARG;
    }
    for (size_t i = 0; r == ORCA_OK && i < req->header_count; ++i) {
        const orca_http_header *h = &req->headers[i];
        r = check_field(h->name, h->name_len, FIELD_TOKEN, ORCA_ERR_BAD_HEADER_NAME);
        if (r == ORCA_OK && orca_http_lookup(framing, h->name, h->name_len) >= 0) {
            r = ORCA_ERR_BAD_HEADER_NAME; /* a second copy would let framing disagree */
        }
        if (r == ORCA_OK && h->value == NULL && h->value_len != 0u) {
            r = ORCA_ERR_INVALID_ARG;
        }
        if (r == ORCA_OK) {
            r = check_field(h->value, h->value_len, FIELD_VALUE, ORCA_OK);
        }
    }
    return r;
}

/* POST, PUT and PATCH announce an empty body as Content-Length: 0 (methods
 * are case-sensitive). */
static int method_has_body(const orca_http_request *req)
{
    const char *m = req->method;
    size_t n = req->method_len;
    return (n == 4u && memcmp(m, "POST", 4u) == 0) || (n == 3u && memcmp(m, "PUT", 3u) == 0) ||
           (n == 5u && memcmp(m, "PATCH", 5u) == 0);
}

int orca_http_write_head(const orca_http_request *req, uint8_t *out, size_t out_size,
                         size_t *out_len)
{
    head_out w = {out, out_size, 0u, ORCA_OK};
    if (req == NULL || out == NULL || out_len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    int r = check_request(req);
    if (r != ORCA_OK) {
        return r;
    }
    put(&w, req->method, req->method_len);
    put(&w, " ", 1u);
    put(&w, req->path, req->path_len);
    put(&w, " HTTP/1.1\r\nHost: ", 17u);
    put(&w, req->host, req->host_len);
    if (req->port != 0u && req->port != (req->tls ? 443u : 80u)) {
        put(&w, ":", 1u);
        put_uint(&w, req->port);
    }
    for (size_t i = 0; i < req->header_count; ++i) {
        const orca_http_header *h = &req->headers[i];
        put(&w, "\r\n", 2u);
        put(&w, h->name, h->name_len);
        put(&w, ": ", 2u);
        put(&w, h->value, h->value_len);
    }
    if (req->body != NULL || method_has_body(req)) {
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
