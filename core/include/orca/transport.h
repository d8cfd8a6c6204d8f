/**
 * @file transport.h
 * @brief The byte-stream interface core is handed: function pointers plus a
 *        context, in the coreHTTP style. TCP, TLS (wrapping another
 *        transport), lwIP, a modem or an in-memory pipe all fit behind it.
 */
#ifndef ORCA_TRANSPORT_H
#define ORCA_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "orca/status.h"

/**
 * @brief A connection-oriented byte stream.
 *
 * Contract for every implementation:
 * - connect: returns ORCA_OK or a negative orca_status (ORCA_ERR_DNS,
 *   ORCA_ERR_CONN_REFUSED, ORCA_ERR_TIMEOUT, ORCA_ERR_TLS_VERIFY, ...).
 * - send: returns the number of bytes accepted (> 0, may be fewer than len)
 *   or a negative orca_status. Never returns 0 for len > 0.
 * - recv: returns bytes read (> 0), exactly 0 for an orderly close by the
 *   peer (end of stream), or a negative orca_status (ORCA_ERR_TIMEOUT,
 *   ORCA_ERR_CONN_RESET, ORCA_ERR_IO, ...). A timeout must never look like a
 *   close: close-delimited bodies depend on the difference. With a timeout
 *   of 0 it must not wait: what has already arrived, 0 when the peer has
 *   closed, else ORCA_ERR_TIMEOUT (the session polls a kept-alive
 *   connection so before reusing it; a TLS transport answers from its
 *   records, so a post-handshake message such as a TLS 1.3 ticket is no data).
 * - close: releases the connection; safe to call twice or when never connected.
 *
 * Blocking and non-blocking transports. Everything above is the blocking
 * contract: a call waits up to its @c timeout_ms. A transport may instead be
 * non-blocking (the sockets transports of port/ after
 * orca_posix_tcp_set_nonblocking() / orca_lwip_tcp_set_nonblocking(), the TLS
 * transport over such a one): then no call ever waits, and where a blocking
 * one would wait it returns at once with
 * - ORCA_ERR_WANT_READ: nothing to read yet (recv; TLS: also send or connect
 *   while a record or a handshake message must be read first);
 * - ORCA_ERR_WANT_WRITE: no room to write yet (send; TLS: also recv), or the
 *   connect is still in progress (the TCP handshake).
 * Neither is a failure: the connection stays as it was, and the caller calls
 * the same function again, with the same arguments (same host and port, same
 * buffer and length), once the connection is readable / writable or when it
 * wants to look again, until it gets a final result: the
 * mbedtls_ssl_read() / mbedtls_ssl_write() convention. A connect in progress
 * is finished by connect only (send and recv return ORCA_ERR_STATE meanwhile);
 * to give it up, call close. In non-blocking mode @c timeout_ms is ignored:
 * no call waits, so the caller keeps its own deadline and closes the
 * connection when it passes. Every other result (bytes, 0 for end of stream,
 * errors) means what it means for a blocking transport; in particular a recv
 * of nothing is ORCA_ERR_WANT_READ, never 0, and a caller that polls a
 * connection (the timeout of 0 above) takes ORCA_ERR_WANT_READ as "nothing
 * arrived", like ORCA_ERR_TIMEOUT. A blocking transport never returns either
 * status, so with one every caller behaves as before.
 */
typedef struct orca_transport {
    /** Opens the connection to @p host : @p port within @p timeout_ms. */
    int32_t (*connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);
    /** Sends up to @p len bytes of @p buf; returns the count accepted. */
    int32_t (*send)(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms);
    /** Receives up to @p len bytes into @p buf; 0 is the peer's orderly close. */
    int32_t (*recv)(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms);
    /** Releases the connection. */
    void (*close)(void *ctx);
    void *ctx; /**< Passed back as the first argument of every call. */
} orca_transport;

/**
 * @brief Optional hooks of a transport whose state can outlive a restart: a
 *        TLS transport's session, which lets the next connect resume instead
 *        of a full handshake. orca_session_save() and orca_session_restore()
 *        carry these bytes beside the credential; core never looks inside.
 *        Also where the transport says why a connect failed.
 */
typedef struct orca_transport_state {
    /** Writes the state into @p buf (@p size bytes), its length into *len.
     *  ORCA_OK; ORCA_ERR_NOT_FOUND when there is none to save, or
     *  ORCA_ERR_UNSUPPORTED when the transport cannot keep one (nothing is
     *  written either way); ORCA_ERR_BUFFER_TOO_SMALL. */
    int (*save)(void *ctx, uint8_t *buf, size_t size, size_t *len);
    /** Takes back bytes from save, to offer at the next connect to @p host
     *  only. ORCA_OK, or an error when the bytes are not a state it can use
     *  (nothing is kept then). */
    int (*load)(void *ctx, const char *host, const uint8_t *buf, size_t len);
    void *ctx; /**< Passed back as the first argument of every member. */
    /** Optional (NULL: none): why the last connect failed, in words, or NULL
     *  when there is nothing to add to its status (a TLS transport: which
     *  check the server's certificate failed). The session copies it into
     *  orca_session_error.message. */
    const char *(*why)(void *ctx);
} orca_transport_state;

/**
 * @brief 1 when @p status is ORCA_ERR_WANT_READ or ORCA_ERR_WANT_WRITE: a
 *        non-blocking transport would have had to wait (call again), else 0.
 */
static inline int orca_transport_would_block(int32_t status)
{
    return status == ORCA_ERR_WANT_READ || status == ORCA_ERR_WANT_WRITE;
}

#endif /* ORCA_TRANSPORT_H */
