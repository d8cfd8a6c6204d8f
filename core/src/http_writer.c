/*
 * HTTP/1.1 request head writer: builds the head directly in the caller's
 * buffer, refusing any field that could inject a line.
 */
#include <string.h>

#include "orca/http.h"
#include "http_chars.h"
#include "text_out.h"

/* Field kinds: what each may contain besides bytes >= 0x21 (DEL excluded). */
enum { FIELD_TOKEN, FIELD_NAME, FIELD_VALUE, FIELD_URI, FIELD_PATH };

/*
 * Checks, then writes, one field. Control characters (CR, LF, NUL and the
 * rest) and DEL are injection in every field; values may hold TAB and
 * spaces, tokens and names must be tchars, the path and host hold neither
 * spaces nor anything below (the path has its own statuses for a space and
 * for a missing leading '/'). Names the writer writes itself are refused.
 * @param missing Error for a NULL or empty field (an empty value is fine).
 */
/* A bad field replaces ORCA_ERR_BUFFER_TOO_SMALL in w->err (fields are
 * checked to the end), never another bad field: the first one is reported. */
static void put_field(orca_text_out *w, const char *s, size_t n, int kind, int missing)
{
    int r = kind == FIELD_PATH ? orca_http_check_path(s, n) : ORCA_OK;
    if (r == ORCA_OK && (s == NULL || n == 0u)) {
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
    if (r == ORCA_OK && kind == FIELD_NAME &&
        orca_http_lookup(orca_http_framing_names, s, n) >= 0) {
        r = missing; /* a second copy would let framing disagree */
    }
    if (r != ORCA_OK && (w->err == ORCA_OK || w->err == ORCA_ERR_BUFFER_TOO_SMALL)) {
        w->err = r;
    }
    orca_text_put(w, s, n);
}

int orca_http_check_path(const char *path, size_t len)
{
    int r = path == NULL || len == 0u ? ORCA_ERR_INVALID_ARG : ORCA_OK;
    for (size_t i = 0; r == ORCA_OK && i < len; ++i) {
        unsigned c = (unsigned char)path[i];
        r = c < 0x20u || c == 0x7Fu ? ORCA_ERR_HEADER_INJECTION
            : c == ' '              ? ORCA_ERR_PATH_SPACE
                                    : ORCA_OK;
    }
    /* Origin-form only (RFC 9112 3.2.1): "x" would be sent as it is. */
    return r == ORCA_OK && path[0] != '/' ? ORCA_ERR_PATH_NOT_ABSOLUTE : r;
}

int orca_http_write_head(const orca_http_request *req, uint8_t *out, size_t out_size,
                         size_t *out_len)
{
    orca_text_out w = {(char *)out, out_size, 0u, ORCA_OK};
    if (req == NULL || out == NULL || out_len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    put_field(&w, req->method, req->method_len, FIELD_TOKEN, ORCA_ERR_BAD_METHOD);
    orca_text_put(&w, " ", 1u);
    put_field(&w, req->path, req->path_len, FIELD_PATH, ORCA_ERR_INVALID_ARG);
    orca_text_put(&w, " HTTP/1.1\r\nHost: ", 17u);
    put_field(&w, req->host, req->host_len, FIELD_URI, ORCA_ERR_INVALID_ARG);
    if (req->port != 0u && req->port != (req->tls ? 443u : 80u)) {
        orca_text_put(&w, ":", 1u);
        orca_text_uint(&w, req->port);
    }
    if ((req->header_count != 0u && req->headers == NULL) ||
        (req->body_len != 0u && req->body == NULL)) {
        return w.err != ORCA_OK && w.err != ORCA_ERR_BUFFER_TOO_SMALL ? w.err
                                                                      : ORCA_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < req->header_count; ++i) {
        const orca_http_header *h = &req->headers[i];
        orca_text_put(&w, "\r\n", 2u);
        put_field(&w, h->name, h->name_len, FIELD_NAME, ORCA_ERR_BAD_HEADER_NAME);
        orca_text_put(&w, ": ", 2u);
        put_field(&w, h->value, h->value_len, FIELD_VALUE, ORCA_ERR_INVALID_ARG);
    }
    if (w.err == ORCA_OK &&
        (req->body != NULL || orca_http_method_has_body(req->method, req->method_len))) {
        orca_text_put(&w, "\r\nContent-Length: ", 18u);
        orca_text_uint(&w, req->body_len);
    }
    if (req->keep_alive) {
        orca_text_put(&w, "\r\nConnection: keep-alive\r\n\r\n", 28u);
    } else {
        orca_text_put(&w, "\r\nConnection: close\r\n\r\n", 23u);
    }
    if (w.err == ORCA_OK) {
        *out_len = w.len;
    }
    return w.err;
}
