/*
 * Incremental HTTP/1.x response parser.
 *
 * The head is accumulated in the caller's work buffer and parsed line by
 * line as lines complete (the scan position survives between calls, so no
 * byte is examined twice); views point into the buffer. The body follows
 * the head in the buffer when it fits, else it streams to on_body. Chunk
 * framing is a byte state machine, so it resumes at any split. Helpers on
 * the per-line and per-byte paths are marked inline: a hint that speeds up
 * -O2 builds and leaves the -Os code as it is.
 */
#include <string.h>

#include "orca/config.h"
#include "orca/http.h"
#include "http_chars.h"

enum { S_HEAD, S_LENGTH, S_CLOSE, S_CHUNKED, S_DONE, S_ERROR };

/* Chunk framing states (one byte at a time, so framing resumes at any split). */
enum {
    C_SIZE0,    /* first hex digit of a chunk size */
    C_SIZE,     /* more hex digits, blanks, ';' or CR */
    C_SIZE_BWS, /* blanks after the size, before ';' */
    C_EXT_NAME0, C_EXT_NAME, C_EXT_VAL0, C_EXT_VAL, C_EXT_QUOTED, C_EXT_ESC, C_EXT_QEND,
    C_DATA_CR,  /* CR after the data */
    C_TRAILER0, /* start of a trailer line or of the final CRLF */
    C_TRAILER,
    C_SIZE_LF, C_DATA_LF, C_TRAILER_LF, C_END_LF, /* LF of a CRLF */
    C_DATA,     /* chunk data, taken in bulk */
    C_BAD, C_END
};

/* Bits of p->seen. */
#define SEEN_STATUS 0x01u
#define SEEN_LENGTH 0x02u
#define SEEN_CHUNKED 0x04u
#define CONN_KEEP 0x08u
#define CONN_CLOSE 0x10u /* CONN_KEEP << 1: on_connection relies on it */

#define FRAMING_LENGTHS (1ul << 10 | 1ul << 14 | 1ul << 17)

#define ONES ORCA_HTTP_ONES

/* Room left in the buffer after what it holds. used <= size always; the
 * test says so where Frama-C EVA sees it: without it EVA loses the bound on
 * used, and the http_parser driver its precision and minutes (tests/proofs). */
static size_t room_left(const orca_http_parser *p)
{
    return p->used < p->size ? p->size - p->used : 0u;
}

static int fail(orca_http_parser *p, int err)
{
    p->state = S_ERROR;
    p->error = (int16_t)err;
    return err;
}

/* Index of the first control byte other than TAB in [i, end), or end.
 * Words without a byte below 0x20 are skipped whole; the rest goes by byte.
 * (The ACSL is proved by WP: tests/proofs, docs/proofs.md.) */
/*@ requires \valid_read(b + (i .. end - 1));
    requires i < SIZE_MAX - sizeof(size_t) && end < SIZE_MAX - sizeof(size_t);
    assigns \nothing;
    ensures \result <= end;
    ensures \old(i) <= end ==> \old(i) <= \result;
 */
static inline size_t find_ctl(const uint8_t *b, size_t i, size_t end)
{
    /*@ loop invariant \at(i, Pre) <= i && (i <= end || i == \at(i, Pre));
        loop assigns i, w;
     */
    for (size_t w; i + sizeof w <= end; i += sizeof w) {
        memcpy(&w, b + i, sizeof w);
        if (((w - ONES * 0x20u) & ~w & (ONES * 0x80u)) != 0u) {
            break;
        }
    }
    /*@ loop invariant \at(i, Pre) <= i && (i <= end || i == \at(i, Pre));
        loop assigns i;
     */
    for (; i < end; ++i) {
        if (b[i] < 0x20u && b[i] != '\t') {
            return i;
        }
    }
    return end;
}

/* Splits "name: value" (validated name): sets h's name, and h->value_len to
 * where the value ends in s (OWS trimmed). @return where the value starts in
 * s, or 0 when the line is not a header; the caller then makes the view
 * (h->value = s + v, h->value_len -= v). */
/*@ requires \valid_read(s + (0 .. n - 1)) && \valid(h) && n < SIZE_MAX - sizeof(size_t);
    assigns h->name, h->name_len, h->value_len;
    ensures \result != 0 ==> h->name == s && 0 < h->name_len < \result &&
                             \result <= h->value_len <= n;
 */
static size_t split_header(const char *s, size_t n, orca_http_header *h)
{
    size_t i = orca_http_token_len(s, n);
    if (i == 0u || i == n || s[i] != ':') {
        return 0u;
    }
    h->name = s;
    h->name_len = i;
    h->value_len = n;
    return orca_http_trim(s, i + 1u, &h->value_len);
}

static unsigned digit(char c)
{
    return (unsigned)(unsigned char)c - '0'; /* above 9 when c is not a digit */
}

/* "HTTP/1.x NNN[ reason]"; NNN in 100..599, the only classes there are
 * (RFC 9110 15): anything else is malformed, not a server error to retry. */
static int parse_status_line(orca_http_parser *p, const char *s, size_t n)
{
    unsigned status = 0;
    if (n < 12u || memcmp(s, "HTTP/1.", 7u) != 0 || digit(s[7]) > 9u || s[8] != ' ' ||
        digit(s[9]) - 1u > 4u || (n > 12u && s[12] != ' ')) {
        return ORCA_ERR_BAD_STATUS_LINE;
    }
    for (size_t i = 9; i < 12u; ++i) {
        if (digit(s[i]) > 9u) {
            return ORCA_ERR_BAD_STATUS_LINE;
        }
        status = status * 10u + digit(s[i]);
    }
    p->response.version_minor = (uint8_t)digit(s[7]);
    p->response.status = (uint16_t)status;
    p->response.reason = s + 12 + (n > 12u);
    p->response.reason_len = n - 12u - (n > 12u);
    p->seen = SEEN_STATUS;
    return ORCA_OK;
}

/* Content-Length: 1*DIGIT, once. */
static int on_length(orca_http_parser *p, const char *v, size_t n)
{
    size_t len = 0;
    if (p->seen & SEEN_LENGTH) {
        return ORCA_ERR_DUP_CONTENT_LENGTH;
    }
    if (p->seen & SEEN_CHUNKED) {
        return ORCA_ERR_CL_WITH_CHUNKED;
    }
    if (n == 0u) {
        return ORCA_ERR_BAD_CONTENT_LENGTH;
    }
    for (size_t i = 0; i < n; ++i) {
        unsigned d = digit(v[i]);
        if (d > 9u || len > ((size_t)-1 - d) / 10u) {
            return ORCA_ERR_BAD_CONTENT_LENGTH;
        }
        len = len * 10u + d;
    }
    p->remaining = len;
    p->seen |= SEEN_LENGTH;
    return ORCA_OK;
}

/* Transfer-Encoding: only a single "chunked" can be decoded. */
static int on_transfer_encoding(orca_http_parser *p, const char *v, size_t n)
{
    if (p->seen & SEEN_LENGTH) {
        return ORCA_ERR_CL_WITH_CHUNKED;
    }
    if ((p->seen & SEEN_CHUNKED) || n != 7u || !orca_http_ieq(v, "chunked", 7u)) {
        return ORCA_ERR_BAD_TRANSFER_ENCODING;
    }
    p->seen |= SEEN_CHUNKED;
    return ORCA_OK;
}

/* Connection: comma-separated tokens; "close" and "keep-alive" matter. */
static void on_connection(orca_http_parser *p, const char *v, size_t n)
{
    static const char options[] = "\12keep-alive\5close"; /* CONN_KEEP << index */
    for (size_t i = 0, k; i < n; i = k + 1u) { /* past the comma */
        size_t start, end;
        int which;
        for (k = i; k < n && v[k] != ','; ++k) {
        }
        end = k;
        start = orca_http_trim(v, i, &end);
        /*@ split start; */ /* for Frama-C EVA (tests/proofs): as header_line's v */
        which = orca_http_lookup(options, v + start, end > start ? end - start : 0u);
        if (which >= 0) {
            p->seen |= (uint8_t)(CONN_KEEP << which);
        }
    }
}

/* One header line of the current response. */
static int header_line(orca_http_parser *p, const char *s, size_t n)
{
    orca_http_header h;
    size_t v = split_header(s, n, &h);
    int r = ORCA_OK, which = -1;
    if (v == 0u) {
        return ORCA_ERR_BAD_HEADER;
    }
    /*@ split v; */ /* for Frama-C EVA (tests/proofs): the value's start */
    h.value = s + v;
    /* The value ends at or after its start (trim keeps v <= value_len): the
     * test says so where EVA sees it, so that each view is within the line. */
    h.value_len = h.value_len > v ? h.value_len - v : 0u;
    /* Framing names are 10, 14 or 17 bytes long: other names skip the lookup
     * (Host, 4 bytes, is not one the parser acts on). */
    if (h.name_len <= 17u && ((FRAMING_LENGTHS >> h.name_len) & 1u)) {
        which = orca_http_lookup(orca_http_framing_names, h.name, h.name_len);
    }
    if (which == ORCA_HTTP_CONTENT_LENGTH) {
        r = on_length(p, h.value, h.value_len);
    } else if (which == ORCA_HTTP_TRANSFER_ENCODING) {
        r = on_transfer_encoding(p, h.value, h.value_len);
    } else if (which == ORCA_HTTP_CONNECTION) {
        on_connection(p, h.value, h.value_len);
    }
    if (r == ORCA_OK && p->response.status >= 200u && p->cb.on_header != NULL &&
        p->cb.on_header(p->cb.ctx, &h) != 0) {
        r = ORCA_ERR_ABORTED;
    }
    return r;
}

/*
 * Parses complete lines of [p->line, p->used).
 * @return 1 when the head of a final response is complete (p->body_start
 *         set), 0 when more bytes are needed, or an error.
 */
static int parse_head(orca_http_parser *p)
{
    uint8_t *b = p->buf;
    for (;;) {
        size_t i = find_ctl(b, p->scan, p->used);
        size_t next;
        int r;
        /* A fold is refused at its first byte, whatever follows. (The offsets
         * are compared with < and >=, not ==, here: i <= used, next <= used,
         * the same, but EVA bounds an offset only on those; tests/proofs.) */
        if (i > p->line && (p->seen & SEEN_STATUS) && orca_http_is_ows((char)b[p->line])) {
            return ORCA_ERR_OBS_FOLD;
        }
        next = i >= p->used ? i : i + (b[i] == '\r'); /* where the LF must be */
        if (next >= p->used) {
            p->scan = i;
            return 0;
        }
        if (b[next] != '\n') {
            return p->seen & SEEN_STATUS ? ORCA_ERR_BAD_HEADER : ORCA_ERR_BAD_STATUS_LINE;
        }
        if (next++ == i && !(p->flags & ORCA_HTTP_LENIENT_LF)) {
            return ORCA_ERR_BARE_LF;
        }
        /* The line is b[line, i), i >= line: tested as i > line (not n != 0)
         * under a split on its start, so that EVA relates the two (tests/proofs). */
        /*@ split p->line; */
        if (!(p->seen & SEEN_STATUS)) {
            /* Empty lines before a status line are skipped (RFC 9112 2.2). */
            r = i > p->line ? parse_status_line(p, (const char *)b + p->line, i - p->line)
                            : ORCA_OK;
            p->response.headers = (const char *)b + next;
            p->headers_start = next; /* an offset, not headers - b: EVA relates it to line */
        } else if (i > p->line) {
            r = header_line(p, (const char *)b + p->line, i - p->line);
        } else if (p->response.status == 101u) {
            return ORCA_ERR_UNSUPPORTED; /* a protocol switch nobody asked for */
        } else {
            /* the blank line: the head ends at next (a 1xx one is dropped by feed_head) */
            p->response.headers_len = p->line - p->headers_start;
            p->body_start = next;
            return 1;
        }
        /*@ merge p->line; */
        if (r != ORCA_OK) {
            return r;
        }
        p->line = p->scan = next;
    }
}

static int call_body(orca_http_parser *p, const uint8_t *data, size_t n)
{
    return n != 0u && p->cb.on_body(p->cb.ctx, data, n) != 0 ? ORCA_ERR_ABORTED : ORCA_OK;
}

/*
 * Body bytes out: appended in the buffer while the body fits (a chunked or
 * close-delimited body must leave one byte free, so that framing bytes can
 * still be received in place), streamed to on_body from then on.
 */
static inline int body_out(orca_http_parser *p, const uint8_t *src, size_t n)
{
    if (!p->response.body_streamed) {
        size_t room;
        /*@ split p->used; */ /* for Frama-C EVA (tests/proofs): buf + used, size - used */
        room = room_left(p);
        if (n < room || (n == room && p->state == S_LENGTH)) {
            /* n is never 0 here, but EVA's joined states say it may be,
             * with buf + used at buf + size, which memmove may not get */
            if (src != p->buf + p->used && n != 0u) {
                memmove(p->buf + p->used, src, n);
            }
            p->used += n;
            return ORCA_OK;
        }
        if (p->cb.on_body == NULL) {
            return ORCA_ERR_BODY_TOO_LARGE;
        }
        p->response.body_streamed = 1u;
        room = p->used - p->body_start;
        p->used = p->body_start;
        if (call_body(p, p->buf + p->body_start, room) != ORCA_OK) {
            return ORCA_ERR_ABORTED;
        }
    }
    return call_body(p, src, n);
}

static void message_done(orca_http_parser *p)
{
    p->state = S_DONE;
    if (!p->response.body_streamed) {
        p->response.body = p->buf + p->body_start;
        p->response.body_len = p->used - p->body_start;
    }
}

/* Framing decision once the head of the final response is complete. */
static int head_done(orca_http_parser *p)
{
    orca_http_response *res = &p->response;
    unsigned seen = p->seen;
    res->keep_alive = (uint8_t)(!(seen & CONN_CLOSE) &&
                                (res->version_minor != 0u || (seen & CONN_KEEP)));
    if ((p->flags & ORCA_HTTP_HEAD_REQUEST) || res->status == 204u || res->status == 304u) {
        seen = SEEN_LENGTH; /* no body, whatever the head says: as Content-Length: 0 */
        p->remaining = 0u;
    }
    p->state = seen & SEEN_LENGTH ? S_LENGTH : seen & SEEN_CHUNKED ? S_CHUNKED : S_CLOSE;
    if (p->state == S_CLOSE) {
        res->keep_alive = 0u;
    }
    if (p->state == S_LENGTH && p->remaining == 0u) {
        message_done(p);
    } else if (p->state == S_LENGTH && p->remaining > p->size - p->body_start) {
        if (p->cb.on_body == NULL) {
            return ORCA_ERR_BODY_TOO_LARGE;
        }
        res->body_streamed = 1u;
    }
    return ORCA_OK;
}

/* Next chunk state after byte c in state st, C_BAD when c is not allowed. */
static inline unsigned chunk_next(unsigned st, unsigned c)
{
    static const uint8_t after_lf[] = {C_DATA, C_SIZE0, C_TRAILER0, C_END};
    switch (st) {
    case C_SIZE0:
    case C_SIZE:
        if (orca_http_hex_value(c) < 16u) {
            return C_SIZE;
        }
        if (st == C_SIZE0 || c == '\r') {
            return st == C_SIZE0 ? C_BAD : C_SIZE_LF;
        }
        /* fall through */
    case C_SIZE_BWS: return orca_http_is_ows((char)c) ? C_SIZE_BWS : c == ';' ? C_EXT_NAME0 : C_BAD;
    case C_EXT_NAME0:
        return orca_http_is_ows((char)c) ? st : orca_http_is_tchar(c) ? C_EXT_NAME : C_BAD;
    case C_EXT_VAL0: return c == '"' ? C_EXT_QUOTED : orca_http_is_tchar(c) ? C_EXT_VAL : C_BAD;
    case C_EXT_QUOTED:
        if (c == '"' || c == '\\') {
            return c == '"' ? C_EXT_QEND : C_EXT_ESC;
        }
        /* fall through */
    case C_EXT_ESC: return (c < 0x20u && c != '\t') || c == 0x7Fu ? C_BAD : C_EXT_QUOTED;
    case C_DATA_CR: return c == '\r' ? C_DATA_LF : C_BAD;
    case C_TRAILER0: /* a bare LF is C_BAD here, for chunk_byte to retry as CRLF */
        return c == '\r' ? C_END_LF : c == '\n' ? C_BAD : C_TRAILER;
    case C_TRAILER: return c == '\r' ? C_TRAILER_LF : c < 0x20u && c != '\t' ? C_BAD : st;
    case C_SIZE_LF:
    case C_DATA_LF:
    case C_TRAILER_LF:
    case C_END_LF: return c == '\n' ? after_lf[st - C_SIZE_LF] : C_BAD;
    default: break; /* C_EXT_NAME, C_EXT_VAL, C_EXT_QEND */
    }
    if (c == ';' || c == '\r') {
        return c == ';' ? C_EXT_NAME0 : C_SIZE_LF;
    }
    if (c == '=' && st == C_EXT_NAME) {
        return C_EXT_VAL0;
    }
    return st != C_EXT_QEND && orca_http_is_tchar(c) ? st : C_BAD;
}

/* One framing byte. */
static int chunk_byte(orca_http_parser *p, unsigned c)
{
    unsigned st = chunk_next(p->chunk_state, c);
    if (st == C_BAD && c == '\n' && (st = chunk_next(p->chunk_state, '\r')) != C_BAD) {
        /* a bare LF where CRLF belongs: refused, or (lenient) read as CRLF */
        if (!(p->flags & ORCA_HTTP_LENIENT_LF)) {
            return ORCA_ERR_BARE_LF;
        }
        st = chunk_next(st, c);
    }
    if (st == C_BAD) {
        return ORCA_ERR_BAD_CHUNK;
    }
    if (st == C_SIZE) { /* after a hex digit */
        if (p->remaining >> (sizeof(size_t) * 8u - 4u)) {
            return ORCA_ERR_CHUNK_OVERFLOW;
        }
        p->remaining = p->remaining << 4 | orca_http_hex_value(c);
    }
    if (st == C_DATA && p->remaining == 0u) {
        st = C_TRAILER0; /* the last chunk: trailers follow */
    }
    if (st == C_END) {
        message_done(p);
    }
    p->chunk_state = (uint8_t)st;
    return ORCA_OK;
}

/* Body bytes in bulk: a Content-Length or close-delimited body, or the data
 * of a chunk; *used receives how many were taken. */
static inline int feed_body(orca_http_parser *p, const uint8_t *data, size_t len, size_t *used)
{
    size_t k = len;
    int r;
    if (p->state != S_CLOSE && k > p->remaining) {
        k = p->remaining;
    }
    *used = k;
    r = body_out(p, data, k);
    if (p->state != S_CLOSE && (p->remaining -= k) == 0u) {
        if (p->state == S_CHUNKED) {
            p->chunk_state = C_DATA_CR;
        } else {
            message_done(p);
        }
    }
    return r;
}

void orca_http_parser_init(orca_http_parser *p, uint8_t *buf, size_t size, unsigned flags,
                           const orca_http_callbacks *cb)
{
    memset(p, 0, sizeof *p);
    p->buf = buf;
    p->size = size;
    p->flags = (uint8_t)flags;
    if (cb != NULL) {
        p->cb = *cb;
    }
}

uint8_t *orca_http_parser_space(orca_http_parser *p, size_t *avail)
{
    if (p == NULL || avail == NULL) {
        return NULL;
    }
    *avail = room_left(p);
    return p->buf + p->used;
}

/*
 * Head bytes are appended to the buffer and parsed. A call ends with the
 * head: *used then leaves out what follows it, which the caller feeds again
 * (as body, or as the next response after a 1xx).
 */
static int feed_head(orca_http_parser *p, const uint8_t *data, size_t len, size_t *used)
{
    size_t before = p->used, n;
    int r;
    /*@ split p->used; */ /* for Frama-C EVA (tests/proofs): buf + used, size - used */
    n = room_left(p);
    if (n > len) {
        n = len;
    }
    *used = n;
    if (n == 0u) { /* no room (len > 0): only a buffer of size 0 gets here */
        return ORCA_ERR_HEADERS_TOO_LARGE;
    }
    if (data != p->buf + p->used) {
        memmove(p->buf + p->used, data, n);
    }
    p->used += n;
    /*@ merge p->used; */
    r = parse_head(p);
    if (r <= 0) {
        return r == 0 && p->used == p->size ? ORCA_ERR_HEADERS_TOO_LARGE : r;
    }
    *used = p->body_start - before; /* the head ends in this call's bytes */
    p->used = p->body_start;
    if (p->response.status >= 200u) {
        return head_done(p);
    }
    /* A 1xx interim response: dropped (with what its head said), the buffer
     * is free for the response that follows. */
    p->used = p->line = p->scan = p->body_start = p->remaining = 0u;
    p->seen = 0u;
    p->response.status = 0u;
    p->response.headers_len = 0u; /* the final head has no header lines yet */
    return ORCA_OK;
}

int orca_http_parser_feed(orca_http_parser *p, const uint8_t *data, size_t len,
                          size_t *consumed)
{
    size_t done = 0, k = 0;
    int r = ORCA_OK;
    if (consumed != NULL) {
        *consumed = 0u;
    }
    if (p == NULL || p->buf == NULL || (data == NULL && len != 0u)) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (p->state == S_ERROR) {
        return p->error;
    }
    while (r == ORCA_OK && p->state != S_DONE && done < len) {
        if (p->state == S_HEAD) {
            r = feed_head(p, data + done, len - done, &k);
        } else if (p->state == S_CHUNKED && p->chunk_state != C_DATA) {
            /* chunk framing goes byte by byte, up to the data or the end */
            k = 0u;
            while (r == ORCA_OK && done + k < len && p->chunk_state != C_DATA &&
                   p->state == S_CHUNKED) {
                r = chunk_byte(p, data[done + k]);
                ++k;
            }
        } else {
            r = feed_body(p, data + done, len - done, &k);
        }
        done += k;
    }
    if (consumed != NULL) {
        *consumed = done;
    }
    return r == ORCA_OK ? ORCA_OK : fail(p, r);
}

int orca_http_parser_finish(orca_http_parser *p)
{
    if (p == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (p->state == S_CLOSE) {
        message_done(p);
    }
    if (p->state != S_DONE && p->state != S_ERROR) {
        fail(p, ORCA_ERR_UNEXPECTED_EOF);
    }
    return p->state == S_DONE ? ORCA_OK : p->error;
}

int orca_http_parser_complete(const orca_http_parser *p)
{
    return p != NULL && p->state == S_DONE;
}

#if ORCA_WITH_HEADER_LOOKUP
/*@ requires res == \null || \valid_read(res);
    requires res != \null && res->headers != \null ==>
             \valid_read((const uint8_t *)res->headers + (0 .. res->headers_len - 1)) &&
             res->headers_len < SIZE_MAX - sizeof(size_t);
    requires name == \null || \valid_read(name + (0 .. name_len - 1));
    requires out == \null || \valid(out);
    assigns *out;
    ensures \result == ORCA_OK ==>
            \valid_read(out->value + (0 .. out->value_len - 1)) &&
            \valid_read(out->name + (0 .. out->name_len - 1));
 */
int orca_http_response_header(const orca_http_response *res, const char *name, size_t name_len,
                               size_t index, orca_http_header *out)
{
    if (res == NULL || name == NULL || out == NULL || (res->headers == NULL && res->headers_len)) {
        return ORCA_ERR_INVALID_ARG;
    }
    /* The lines were validated: the first control byte ends each (CR or LF). */
    const uint8_t *b = (const uint8_t *)res->headers;
    size_t len = res->headers_len;
    /*@ loop invariant i <= len + 1;
        loop assigns i, e, index;
     */
    for (size_t i = 0, e; i < len; i = e + 1u) {
        orca_http_header h;
        size_t v;
        e = find_ctl(b, i, len);
        v = split_header((const char *)b + i, e - i, &h);
        if (v != 0u && h.name_len == name_len && orca_http_ieq(h.name, name, name_len) &&
            index-- == 0u) {
            h.value = (const char *)b + i + v;
            h.value_len -= v;
            *out = h;
            return ORCA_OK;
        }
        e += e + 1u < len && b[e] == '\r'; /* the LF of a CRLF */
    }
    return ORCA_ERR_NOT_FOUND;
}
#endif /* ORCA_WITH_HEADER_LOOKUP */
