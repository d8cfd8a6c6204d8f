/**
 * @file http.h
 * @brief HTTP/1.1 request writer, incremental response parser and one
 *        request/response exchange over an orca_transport.
 *
 * Everything works inside one caller-owned work buffer:
 * - orca_http_write_head() writes the request head into it;
 * - the parser accumulates the response head in it (views of the status
 *   line and headers point into it), then the body right after the head when
 *   it fits, or streams the body to a callback in pieces when it does not;
 * - orca_http_exchange() does both over a transport with that one buffer.
 *
 * Nothing is allocated and nothing is static: any number of parsers can run
 * side by side. Views stay valid until the buffer is reused.
 */
#ifndef ORCA_HTTP_H
#define ORCA_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/status.h"
#include "orca/transport.h"
#include "orca/wipe.h"

/** One header line: name and value, each with its length (not NUL-terminated). */
typedef struct orca_http_header {
    const char *name;  /**< Header name (not NUL-terminated). */
    size_t name_len;   /**< Length of @c name. */
    const char *value; /**< Header value, without surrounding whitespace. */
    size_t value_len;  /**< Length of @c value. */
} orca_http_header;

/* ------------------------------------------------------------------------- */
/* Request writer                                                            */
/* ------------------------------------------------------------------------- */

/**
 * @brief What to send. Every string has an explicit length, so a NUL inside
 *        one is seen (and refused) rather than silently ending it.
 *
 * The writer adds Host, Content-Length and Connection itself: do not pass
 * them in @c headers.
 */
typedef struct orca_http_request {
    const char *method;  /**< HTTP token, e.g. "GET". */
    size_t method_len;   /**< Length of @c method. */
    const char *path;    /**< Origin form with query, already percent-encoded: "/a?b=c". */
    size_t path_len;     /**< Length of @c path. */
    const char *host;    /**< Host name or address, without port. */
    size_t host_len;     /**< Length of @c host. */
    uint16_t port;       /**< Server port; 0 means the scheme's default. */
    uint8_t tls;         /**< 1 for https (default port 443), 0 for http (80). */
    uint8_t keep_alive;  /**< 1: "Connection: keep-alive", 0: "Connection: close". */
    const orca_http_header *headers; /**< Extra headers, sent in order; may be NULL. */
    size_t header_count;             /**< Number of entries in @c headers. */
    const uint8_t *body; /**< Request body or NULL. Only its length goes in the head. */
    size_t body_len;     /**< Length of @c body. */
    uint32_t timeout_ms; /**< orca_http_exchange only: per send/recv; 0 = ORCA_DEFAULT_TIMEOUT_MS. */
    /** orca_http_exchange only: the clock of @c deadline_ms (its now_ms is
     *  required); NULL: no deadline, only the per-operation timeout (as with
     *  ORCA_WITH_DEADLINE 0, which ignores clock and deadline_ms). */
    const orca_clock *clock;
    /** orca_http_exchange only, with @c clock: the tick (clock->now_ms) by
     *  which the whole exchange (send, then receive to the last body byte)
     *  must be done, however the server paces its bytes; at most
     *  ORCA_CLOCK_MAX_INTERVAL_MS ahead. */
    uint32_t deadline_ms;
    unsigned parse_flags; /**< orca_http_exchange only: ORCA_HTTP_LENIENT_LF or 0. */
} orca_http_request;

/**
 * @brief Writes the request head ("METHOD path HTTP/1.1", Host, the caller's
 *        headers, Content-Length, Connection, blank line) into @p out.
 *
 * Host carries ":port" only when the port is not the scheme's default.
 * Content-Length is written when @c body is not NULL, and as 0 for POST,
 * PUT and PATCH without a body.
 *
 * @param req      The request; its body is not copied.
 * @param out      Caller's buffer.
 * @param out_size Size of @p out.
 * @param out_len  Receives the length of the head (set only on success).
 * @return ORCA_OK;
 *         ORCA_ERR_INVALID_ARG for NULL pointers or an empty path or host;
 *         ORCA_ERR_HEADER_INJECTION for CR, LF or NUL (or any other control
 *         character, except TAB in values) in the method, path, host, header
 *         names or values, or a space in the host;
 *         ORCA_ERR_PATH_SPACE for a space in the path;
 *         ORCA_ERR_PATH_NOT_ABSOLUTE for a path not starting with '/';
 *         ORCA_ERR_BAD_METHOD when the method is empty or not a token;
 *         ORCA_ERR_BAD_HEADER_NAME when a header name is empty, not a token,
 *         or one the writer writes itself (Host, Content-Length,
 *         Transfer-Encoding, Connection);
 *         ORCA_ERR_BUFFER_TOO_SMALL when the head does not fit (nothing
 *         usable is left in @p out: the output is never truncated).
 */
int orca_http_write_head(const orca_http_request *req, uint8_t *out, size_t out_size,
                         size_t *out_len);

/**
 * @brief Checks a request path (origin-form: "/a/b?q=1") as the writer will,
 *        so a caller can refuse it before connecting or signing in.
 * @param path The path (with query), @p len bytes.
 * @param len  Its length.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL or empty;
 *         ORCA_ERR_HEADER_INJECTION for a control byte (CR, LF, NUL...) or DEL;
 *         ORCA_ERR_PATH_SPACE for a space (percent-encode it as %20);
 *         ORCA_ERR_PATH_NOT_ABSOLUTE when it does not start with '/'.
 */
int orca_http_check_path(const char *path, size_t len);

/* ------------------------------------------------------------------------- */
/* Response parser                                                           */
/* ------------------------------------------------------------------------- */

/** Parser flag: accept a bare LF as line end (default: CRLF required). */
#define ORCA_HTTP_LENIENT_LF 0x01u
/** Parser flag: the response answers a HEAD request, so it has no body. */
#define ORCA_HTTP_HEAD_REQUEST 0x02u

/**
 * @brief Called once per header line of the final response, in order; every
 *        repeated header (each Set-Cookie) gets its own call, nothing merged.
 *        The views point into the work buffer and stay valid after the call.
 * @return 0 to continue; anything else stops parsing with ORCA_ERR_ABORTED.
 */
typedef int (*orca_http_header_fn)(void *ctx, const orca_http_header *header);

/**
 * @brief Called with consecutive pieces of a body that does not fit in the
 *        work buffer (decoded: no chunk framing). The data is only valid
 *        during the call.
 * @return 0 to continue; anything else stops parsing with ORCA_ERR_ABORTED.
 */
typedef int (*orca_http_body_fn)(void *ctx, const uint8_t *data, size_t len);

/** Caller hooks of the parser; every member may be NULL. */
typedef struct orca_http_callbacks {
    orca_http_header_fn on_header; /**< Every header line of the final response. */
    orca_http_body_fn on_body;     /**< Bodies that do not fit; NULL: they are an error. */
    void *ctx;                     /**< First argument of both callbacks. */
} orca_http_callbacks;

/** The parsed final response (1xx interim responses are skipped). */
typedef struct orca_http_response {
    uint16_t status;        /**< Status code, 100..999. */
    uint8_t version_minor;  /**< 0 for HTTP/1.0, 1 for HTTP/1.1. */
    uint8_t keep_alive;     /**< 1 when the connection may carry another request. */
    uint8_t body_streamed;  /**< 1 when the body went to on_body (body is then NULL). */
    /** orca_http_exchange: 1 once a byte of the request went to the transport,
     *  also when the exchange then failed (the server may have acted on it). */
    uint8_t request_sent;
    const char *reason;     /**< Reason phrase (may be empty). */
    size_t reason_len;      /**< Length of @c reason. */
    const char *headers;    /**< Raw header lines (without the status line), for lookups. */
    size_t headers_len;     /**< Length of @c headers. */
    const uint8_t *body;    /**< Whole decoded body when it fit in the buffer, else NULL. */
    size_t body_len;        /**< Length of @c body (0 when streamed). */
} orca_http_response;

/** Parser state: treat as opaque; lives wherever the caller puts it. */
typedef struct orca_http_parser {
    orca_http_response response; /**< Valid once orca_http_parser_complete() is 1. */
    orca_http_callbacks cb;      /**< The caller's callbacks (copied at init). */
    uint8_t *buf;                /**< Work buffer: head, then the body when it fits. */
    size_t size;                 /**< Size of @c buf. */
    size_t used;                 /**< Bytes of buf holding head (+ accumulated body). */
    size_t line;                 /**< Start of the head line being parsed. */
    size_t scan;                 /**< Where the search for the next LF resumes. */
    size_t body_start;           /**< End of the head in buf. */
    size_t headers_start;        /**< Start of the header lines in buf (internal). */
    size_t remaining;            /**< Body or chunk bytes still expected. */
    uint8_t state;               /**< Parser state (internal). */
    uint8_t chunk_state;         /**< Chunked-decoding state (internal). */
    uint8_t flags;               /**< Flags given to orca_http_parser_init(). */
    uint8_t seen;                /**< Framing headers seen (internal bits). */
    int16_t error;               /**< Sticky error after a failure. */
} orca_http_parser;

/**
 * @brief Prepares @p p to parse one response into @p buf.
 * @param p     Parser state (caller-owned).
 * @param buf   Work buffer the head (and a fitting body) is kept in.
 * @param size  Size of @p buf.
 * @param flags ORCA_HTTP_LENIENT_LF, ORCA_HTTP_HEAD_REQUEST, or 0.
 * @param cb    Callbacks, copied; may be NULL.
 */
void orca_http_parser_init(orca_http_parser *p, uint8_t *buf, size_t size, unsigned flags,
                           const orca_http_callbacks *cb);

/**
 * @brief Where the next received bytes should go to be parsed without a
 *        copy: receive into the returned pointer (up to *@p avail bytes),
 *        then pass that same pointer to orca_http_parser_feed().
 * @return Pointer into the work buffer (*@p avail may be 0 when full);
 *         NULL when @p p or @p avail is NULL.
 */
uint8_t *orca_http_parser_space(orca_http_parser *p, size_t *avail);

/**
 * @brief Parses @p len more bytes of the response. Bytes may come in pieces
 *        of any size, split anywhere. @p data may be the pointer from
 *        orca_http_parser_space() (no copy) or any other memory (head bytes
 *        and fitting bodies are then copied into the work buffer).
 *
 * Stops at the end of the response: *@p consumed tells how many bytes were
 * used; bytes after the end (another response) are left unconsumed.
 *
 * @param p        A parser from orca_http_parser_init().
 * @param data     The received bytes.
 * @param len      Number of bytes at @p data.
 * @param consumed Receives how many of them were used; may be NULL.
 * @return ORCA_OK (check orca_http_parser_complete()); on malformed input a
 *         parser error: ORCA_ERR_BAD_STATUS_LINE, ORCA_ERR_BAD_HEADER,
 *         ORCA_ERR_OBS_FOLD, ORCA_ERR_BARE_LF, ORCA_ERR_BAD_CONTENT_LENGTH,
 *         ORCA_ERR_DUP_CONTENT_LENGTH, ORCA_ERR_CL_WITH_CHUNKED,
 *         ORCA_ERR_BAD_TRANSFER_ENCODING, ORCA_ERR_BAD_CHUNK,
 *         ORCA_ERR_CHUNK_OVERFLOW; ORCA_ERR_HEADERS_TOO_LARGE when the head
 *         does not fit the buffer; ORCA_ERR_BODY_TOO_LARGE when the body
 *         does not fit and there is no on_body; ORCA_ERR_ABORTED when a
 *         callback stopped; ORCA_ERR_UNSUPPORTED for 101 Switching
 *         Protocols (orca never asks for an upgrade; other 1xx responses are
 *         skipped); ORCA_ERR_INVALID_ARG for a NULL parser or buffer, or
 *         NULL data with a nonzero length. Errors are sticky: later calls
 *         return the same code.
 */
int orca_http_parser_feed(orca_http_parser *p, const uint8_t *data, size_t len,
                          size_t *consumed);

/**
 * @brief Tells the parser the peer closed the connection (recv returned 0).
 * @return ORCA_OK when that completes the response (close-delimited body) or
 *         it was already complete; ORCA_ERR_UNEXPECTED_EOF otherwise; the
 *         sticky error after a failed feed.
 */
int orca_http_parser_finish(orca_http_parser *p);

/** @return 1 once the whole final response has been parsed, else 0. */
int orca_http_parser_complete(const orca_http_parser *p);

/**
 * @brief Finds the @p index-th (0-based) header named @p name (ASCII
 *        case-insensitive) in a parsed response. Built with
 *        ORCA_WITH_HEADER_LOOKUP (config.h) only.
 * @param res      A parsed response.
 * @param name     Header name to look for.
 * @param name_len Length of @p name.
 * @param index    Which of the headers with that name (0 for the first).
 * @param out      Receives name and value views into the work buffer.
 * @return ORCA_OK; ORCA_ERR_NOT_FOUND; ORCA_ERR_INVALID_ARG for NULL pointers.
 */
int orca_http_response_header(const orca_http_response *res, const char *name, size_t name_len,
                               size_t index, orca_http_header *out);

/* ------------------------------------------------------------------------- */
/* One exchange                                                              */
/* ------------------------------------------------------------------------- */

/**
 * @brief One exchange in flight, for a non-blocking transport: what
 *        orca_http_exchange() keeps on its stack, kept by the caller between
 *        calls instead. Treat as opaque.
 */
typedef struct orca_http_transfer {
    orca_http_parser parser;        /**< The answer being read (from ORCA_HTTP_RECEIVING). */
    const orca_http_callbacks *cb;  /**< The caller's callbacks (given to the parser). */
    uint8_t *buf;                   /**< The work buffer. */
    size_t size;                    /**< Its size. */
    size_t out_len;                 /**< Bytes of buf to send: head and the body part that fits. */
    size_t body_in_buf;             /**< How much of the body is in buf (after the head). */
    size_t sent;                    /**< Bytes of the request sent so far (buf's, then the body's). */
    uint32_t progress_ms;           /**< Tick bytes last moved (for timeouts without waits). */
    uint8_t phase;                  /**< ORCA_HTTP_SENDING, _RECEIVING or _DONE; after
                                         an error, the phase it failed in. */
    uint8_t extra;                  /**< 1 when bytes followed the answer. */
    uint8_t request_sent;           /**< 1 once a byte of the request went out. */
} orca_http_transfer;

/** orca_http_transfer.phase: the request is being sent. */
#define ORCA_HTTP_SENDING 1u
/** orca_http_transfer.phase: the answer is being received. */
#define ORCA_HTTP_RECEIVING 2u
/** orca_http_transfer.phase: the answer is complete. */
#define ORCA_HTTP_DONE 3u

/**
 * @brief Starts an exchange: writes the head of @p req into @p buf and
 *        zeroes @p res. Nothing is sent yet: orca_http_transfer_step() does it.
 * @return ORCA_OK; any orca_http_write_head() error; ORCA_ERR_INVALID_ARG
 *         for NULL pointers.
 */
int orca_http_transfer_begin(orca_http_transfer *x, uint8_t *buf, size_t buf_size,
                             const orca_http_request *req, const orca_http_callbacks *cb,
                             orca_http_response *res);

/**
 * @brief Goes on with the exchange @p x: sends what is left of the request,
 *        then receives and parses until the answer is complete.
 *
 * With a blocking transport one call does it all (orca_http_exchange() is
 * begin and one step). With a non-blocking one it returns
 * ORCA_ERR_WANT_READ or ORCA_ERR_WANT_WRITE when the transport would block:
 * call it again, with the same arguments, when the connection is ready. No
 * call waits, so the deadlines are the caller's to watch (progress_ms tells
 * when bytes last moved).
 * @return ORCA_OK with @p res filled; ORCA_ERR_WANT_READ, ORCA_ERR_WANT_WRITE;
 *         the errors of orca_http_exchange() (after which @p res is as
 *         orca_http_exchange() leaves it, and @p x is done with); ORCA_ERR_STATE
 *         when @p x is done.
 */
int orca_http_transfer_step(orca_http_transfer *x, const orca_transport *transport,
                            const orca_http_request *req, orca_http_response *res);

/**
 * @brief Sends @p req over the connected @p transport and reads the whole
 *        response, using @p buf for both (the request bytes are wiped from
 *        it once sent).
 *
 * A HEAD request is parsed as bodiless. Close-delimited bodies end at the
 * transport's end of stream (recv 0); a timeout is an error, never an end.
 * With @c req->clock, every send and recv gets the per-operation timeout cut
 * to what is left until @c req->deadline_ms, so a server that trickles bytes
 * cannot hold the caller past it.
 * On return @c res->keep_alive says whether the connection can carry the
 * next request; after any error it must be closed. After an error, @c res
 * is zeroed but for @c res->body_streamed: 1 when body bytes already went to
 * on_body (repeating the exchange would hand them over again).
 *
 * @param transport A connected transport.
 * @param buf       Work buffer for the request head and the response.
 * @param buf_size  Size of @p buf.
 * @param req       The request to send.
 * @param cb        Parser callbacks (header lines, large bodies); may be NULL.
 * @param res       Receives the response; its views point into @p buf.
 * @return ORCA_OK; any orca_http_write_head() error; the transport's error
 *         (ORCA_ERR_TIMEOUT, ORCA_ERR_IO, ...); ORCA_ERR_TIMEOUT also when
 *         the exchange deadline passes; ORCA_ERR_UNEXPECTED_EOF when
 *         the peer closed mid-response; any orca_http_parser_feed() error;
 *         ORCA_ERR_STATE when the transport would block (a non-blocking
 *         transport needs orca_http_transfer_begin() and _step(), which keep
 *         the exchange between calls).
 *
 * Inline: orca_http_transfer_begin() and one orca_http_transfer_step(),
 * with the exchange's state on the caller's stack.
 */
static inline int orca_http_exchange(const orca_transport *transport, uint8_t *buf,
                                     size_t buf_size, const orca_http_request *req,
                                     const orca_http_callbacks *cb, orca_http_response *res)
{
    orca_http_transfer x;
    int r = ORCA_ERR_INVALID_ARG;
    if (transport != NULL && transport->send != NULL && transport->recv != NULL) {
        r = orca_http_transfer_begin(&x, buf, buf_size, req, cb, res);
    }
    if (r == ORCA_OK) {
        r = orca_http_transfer_step(&x, transport, req, res);
    }
    if (orca_transport_would_block(r)) {
        /* No state survives this call: a non-blocking transport needs
         * orca_http_transfer_begin() and _step(). */
        orca_wipe(buf, buf_size);
        r = ORCA_ERR_STATE;
    }
    return r;
}

#endif /* ORCA_HTTP_H */
