/**
 * @file tls.h
 * @brief A TLS client orca_transport on mbedTLS that wraps any lower
 *        orca_transport (TCP, lwIP, a modem, an in-memory pipe) through
 *        mbedtls_ssl_set_bio(). Works with mbedTLS 2.28 and 3.6.
 *
 * Certificate chain and host-name verification are always on; the host name
 * given to connect() is both the SNI and the name checked. An IP literal is
 * matched against iPAddress SANs with mbedTLS 3.x; mbedTLS 2.28 matches names
 * only, so there an IP literal fails verification (closed, never open). All mbedTLS state
 * lives in the caller's orca_tls; nothing here calls the heap (mbedTLS's own
 * allocations go to the static arena of orca_mbedtls_arena_init() when the
 * project's config header is used).
 */
#ifndef ORCA_TLS_H
#define ORCA_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/transport.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

/**
 * @brief Entropy hook the port supplies: fills @p out with @p len
 *        unpredictable bytes and returns 0, or returns non-zero on failure.
 *        orca_posix_entropy() is the POSIX one.
 */
typedef int (*orca_tls_entropy_fn)(void *ctx, unsigned char *out, size_t len);

/** @brief Settings of one TLS connection; read during orca_tls_init() only. */
typedef struct orca_tls_config {
    /** Trusted CA certificate(s): PEM (NUL included in ca_len) or DER. Required. */
    const uint8_t *ca;
    size_t ca_len;               /**< Length of @c ca in bytes. */
    orca_tls_entropy_fn entropy; /**< Required. */
    void *entropy_ctx;           /**< Passed to @p entropy. */
    /** Optional (may be NULL): lets connect and recv keep one deadline over
     *  several lower reads; without it each lower read gets the whole timeout. */
    const orca_clock *clock;
} orca_tls_config;

/** @brief All state of one TLS connection (caller-owned, never copied once initialised). */
typedef struct orca_tls {
    orca_transport lower;        /**< The wrapped transport (copied at init). */
    mbedtls_ssl_context ssl;     /**< The mbedTLS connection. */
    mbedtls_ssl_config conf;     /**< Its configuration (client, verify required). */
    mbedtls_x509_crt ca;         /**< The parsed trusted CA chain. */
    /** Random generator seeded from the entropy hook. */
    mbedtls_ctr_drbg_context drbg;
    const orca_clock *clock;     /**< The config's clock, or NULL. */
    uint32_t deadline_ms;        /**< Deadline of the current operation (with a clock). */
    uint32_t timeout_ms;         /**< Timeout of the current operation. */
    int32_t lower_status;        /**< Last error of the lower transport, 0 if none. */
    uint8_t connected;           /**< Handshake done, close_notify owed on close. */
    uint8_t lower_open;          /**< Lower transport connected, close owed. */
    uint8_t lower_eof;           /**< The lower transport reported end of stream. */
} orca_tls;

/**
 * @brief Sets up @p tls over @p lower and fills @p transport with the TLS
 *        functions. Parses the CA and seeds the DRBG from the entropy hook.
 *
 * With the project's mbedTLS config (MBEDTLS_MEMORY_BUFFER_ALLOC_C) call
 * orca_mbedtls_arena_init() first: until then every mbedTLS allocation fails
 * (nothing falls back to libc) and this returns ORCA_ERR_TLS_MEMORY. Calling
 * orca_mbedtls_arena_init() unconditionally is fine: with the system mbedTLS
 * it returns ORCA_ERR_UNSUPPORTED and changes nothing.
 *
 * The transport's functions:
 * - connect(host, port, timeout_ms): connects the lower transport, then runs
 *   the handshake (SNI = @p host, chain and host name verified) within
 *   @p timeout_ms in total when a clock is given. Returns ORCA_OK,
 *   ORCA_ERR_TLS_VERIFY (untrusted, expired or wrong-host certificate),
 *   ORCA_ERR_TIMEOUT, ORCA_ERR_TLS (handshake failure, peer closed during the
 *   handshake), ORCA_ERR_TLS_MEMORY (arena exhausted), ORCA_ERR_STATE
 *   (already connected) or the lower transport's error (ORCA_ERR_DNS,
 *   ORCA_ERR_CONN_REFUSED, ORCA_ERR_CONN_RESET, ...).
 * - send: plaintext bytes accepted (> 0) or ORCA_ERR_TIMEOUT, ORCA_ERR_CLOSED
 *   (not connected), ORCA_ERR_TLS, or the lower error. After an error the
 *   connection must be closed.
 * - recv: plaintext bytes (> 0), 0 after the peer's close_notify,
 *   ORCA_ERR_UNEXPECTED_EOF when the peer closed TCP without close_notify
 *   (possible truncation), ORCA_ERR_TIMEOUT, ORCA_ERR_CLOSED, ORCA_ERR_TLS or
 *   the lower error.
 * - close: sends close_notify (when connected), closes the lower transport
 *   and resets the session so connect() can be called again.
 *
 * @param tls       State (caller-owned; release with orca_tls_free()).
 * @param config    CA, entropy hook and optional clock.
 * @param lower     Transport to wrap (copied; its context must outlive @p tls).
 * @param transport Receives the TLS functions with @p tls as context.
 * @return ORCA_OK, ORCA_ERR_INVALID_ARG (NULL argument, missing CA or entropy
 *         hook), ORCA_ERR_TLS_CA (the CA does not parse), ORCA_ERR_TLS
 *         (DRBG seeding or setup failed) or ORCA_ERR_TLS_MEMORY.
 *         On error nothing needs to be freed.
 */
int orca_tls_init(orca_tls *tls, const orca_tls_config *config,
                  const orca_transport *lower, orca_transport *transport);

/**
 * @brief Closes the connection if open and releases every mbedTLS object of
 *        @p tls (memory goes back to the arena). Safe to call twice.
 */
void orca_tls_free(orca_tls *tls);

/**
 * @brief Hands mbedTLS a static arena for all its allocations
 *        (mbedtls_memory_buffer_alloc_init). Call once, before orca_tls_init().
 * @return ORCA_OK, ORCA_ERR_INVALID_ARG (NULL or tiny buffer), or
 *         ORCA_ERR_UNSUPPORTED when mbedTLS is built without
 *         MBEDTLS_MEMORY_BUFFER_ALLOC_C (e.g. the system 2.28 library).
 */
int orca_mbedtls_arena_init(uint8_t *buf, size_t len);

/**
 * @brief Current and peak bytes in use in the arena
 *        (mbedtls_memory_buffer_alloc_cur_get / _max_get; needs
 *        MBEDTLS_MEMORY_DEBUG, the project's config enables it).
 * @return ORCA_OK, ORCA_ERR_INVALID_ARG or ORCA_ERR_UNSUPPORTED.
 */
int orca_mbedtls_arena_stats(size_t *current, size_t *peak);

/** @brief Releases the arena (mbedtls_memory_buffer_alloc_free). */
void orca_mbedtls_arena_free(void);

#endif /* ORCA_TLS_H */
