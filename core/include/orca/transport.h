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
 * @brief Optional hook of a transport whose state can outlive a restart: a
 *        TLS transport's session, which lets the next connect resume instead
 *        of a full handshake. orca_session_save() and orca_session_restore()
 *        carry these bytes beside the credential; core never looks inside.
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
    void *ctx; /**< Passed back as the first argument of both. */
} orca_transport_state;

#endif /* ORCA_TRANSPORT_H */
