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
 *
 * Session resumption (ORCA_TLS_WITH_RESUMPTION, default 1): the transport keeps
 * the session of its last handshake (TLS 1.2 session ticket or session id,
 * TLS 1.3 ticket read from the NewSessionTicket after the handshake) and offers
 * it at the next connect to the same host name, never to another: the
 * server's certificate was verified for that name on the full handshake. One
 * session is kept, for the host of the last connect. A server that refuses or
 * has forgotten the session gets a full handshake (with verification), with
 * nothing visible to the caller; a resumption that fails after the server
 * accepted it (bad Finished, ...) is an error as any handshake failure, and the
 * session is dropped. TLS 1.3 resumes in psk_dhe_ke mode only (a fresh ECDHE,
 * so forward secrecy holds; docs/tls.md has the measurements behind that).
 * Cost: sizeof(mbedtls_ssl_session) + 34 B in orca_tls, and the session's
 * ticket and peer certificate in the arena between connections (docs/tls.md).
 * Set ORCA_TLS_WITH_RESUMPTION to 0 (CMake option ORCA_TLS_RESUMPTION=OFF,
 * which also drops session tickets from the project's mbedTLS config) to
 * turn it off: every connect is then a full handshake.
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

#ifndef ORCA_TLS_WITH_RESUMPTION
/** @brief 1: keep and offer the last TLS session (see the file comment); 0: never resume. */
#define ORCA_TLS_WITH_RESUMPTION 1
#endif

/** @brief Size of the SHA-256 digest that binds a saved session to its host name. */
#define ORCA_TLS_HOST_DIGEST_SIZE 32u

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
    uint8_t lower_open;          /**< Lower transport connected (1) or its non-blocking
                                      connect under way (2): close owed. */
    uint8_t lower_eof;           /**< The lower transport reported end of stream. */
    /** connect returns when mbedTLS pauses its ECC (orca_tls_restartable()). */
    uint8_t crypto_yield;
    uint32_t verify_flags;       /**< MBEDTLS_X509_BADCERT_* of the last connect's chain. */
    uint8_t cert_seen;           /**< The current handshake verified a certificate chain. */
    uint8_t resumed;             /**< The last handshake resumed a session (orca_tls_resumed()). */
#if ORCA_TLS_WITH_RESUMPTION
    uint8_t has_session;         /**< @c session holds a session to offer. */
    uint8_t offered;             /**< The current handshake offered @c session. */
    /** SHA-256 of the host name of the last connect: the only name @c session is offered to. */
    uint8_t session_host[ORCA_TLS_HOST_DIGEST_SIZE];
    /** The saved session. Secret (TLS 1.2 master secret, TLS 1.3 resumption key):
     *  wiped by orca_tls_session_forget() and orca_tls_free(). */
    mbedtls_ssl_session session;
#endif
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
 *   and resets the connection so connect() can be called again (the saved
 *   session for resumption stays).
 *
 * Over a non-blocking lower transport (transport.h) the TLS transport is
 * non-blocking too: where mbedTLS reports MBEDTLS_ERR_SSL_WANT_READ /
 * _WANT_WRITE because the lower transport would block, connect, send and
 * recv return that lower ORCA_ERR_WANT_READ / ORCA_ERR_WANT_WRITE at once
 * (connect also while the lower connect is under way); call the same
 * function again with the same arguments until a final result. A connect
 * given up (close) releases the lower transport.
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
 *        @p tls (memory goes back to the arena), the saved session wiped.
 *        Safe to call twice.
 */
void orca_tls_free(orca_tls *tls);

/**
 * @brief Why the last connect's certificate verification failed (after
 *        ORCA_ERR_TLS_VERIFY), from mbedTLS's verification flags.
 * @return NULL when nothing was wrong (or no certificate was verified, or
 *         @p tls is NULL), else, the first that applies:
 *         "certificate not trusted by the given CA", "certificate expired",
 *         "certificate not yet valid", "host name mismatch", or
 *         "certificate refused (key, usage or signature not acceptable)";
 *         orca_tls_verify_flags() has every flag.
 */
const char *orca_tls_verify_reason(const orca_tls *tls);

/**
 * @brief mbedTLS's verification flags (MBEDTLS_X509_BADCERT_*, OR-ed over
 *        the chain) of the last connect; 0 when all was well or for NULL.
 */
uint32_t orca_tls_verify_flags(const orca_tls *tls);

/**
 * @brief Whether the last successful connect resumed a saved session (no
 *        certificate was sent: the server proved it holds the session's keys).
 * @return 1 if resumed, 0 if it was a full handshake, never connected, or
 *         @p tls is NULL.
 */
int orca_tls_resumed(const orca_tls *tls);

/**
 * @brief Drops the saved session (wiped): the next connect is a full handshake.
 *        Harmless without one, when NULL, or with ORCA_TLS_WITH_RESUMPTION 0.
 */
void orca_tls_session_forget(orca_tls *tls);

/**
 * @brief Writes the saved session as bytes, e.g. to keep it across a deep
 *        sleep that loses RAM, for orca_tls_session_load() after wake.
 *
 * The bytes are SECRET: they hold the TLS 1.2 master secret or the TLS 1.3
 * resumption key, from which the session's traffic keys derive; whoever reads
 * them can decrypt and forge traffic of resumed connections. Store them where
 * only the device reads them, wipe them when done (orca_wipe()). They carry
 * the host name's SHA-256 and a SHA-256 checksum against accidental damage;
 * that is not a MAC: protecting them against deliberate modification is the
 * storage's job. They are only valid for the same mbedTLS version and config.
 *
 * Layout: 1 format byte, 32 B checksum (SHA-256 of what follows), 32 B
 * SHA-256 of the host name, then mbedtls_ssl_session_save()'s bytes.
 *
 * @param tls  The transport (connected or not).
 * @param buf  Receives the bytes; may be NULL when @p size is 0 (size query).
 * @param size Capacity of @p buf.
 * @param len  Receives the number of bytes written, or needed when the
 *             result is ORCA_ERR_BUFFER_TOO_SMALL.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG (NULL @p tls or @p len, NULL @p buf
 *         with @p size > 0); ORCA_ERR_NOT_FOUND (no session saved);
 *         ORCA_ERR_BUFFER_TOO_SMALL (*len says how much is needed);
 *         ORCA_ERR_TLS (mbedTLS cannot serialise this session);
 *         ORCA_ERR_UNSUPPORTED (ORCA_TLS_WITH_RESUMPTION 0).
 */
int orca_tls_session_save(const orca_tls *tls, uint8_t *buf, size_t size, size_t *len);

/**
 * @brief Restores a session written by orca_tls_session_save(): it is
 *        offered at the next connect to @p host (the name it was saved for).
 *        Replaces (and wipes) any session held so far; on error none is held.
 *        The caller should wipe @p buf afterwards.
 * @param tls  An initialised transport.
 * @param host The host name the next connect will use.
 * @param buf  The saved bytes.
 * @param len  Their number.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG (NULL or empty argument);
 *         ORCA_ERR_TLS_SESSION (truncated, damaged, unknown format, or written
 *         by another mbedTLS version or config); ORCA_ERR_TLS_SESSION_HOST
 *         (intact, but saved for another host name); ORCA_ERR_TLS_MEMORY
 *         (arena exhausted); ORCA_ERR_UNSUPPORTED (ORCA_TLS_WITH_RESUMPTION 0).
 */
int orca_tls_session_load(orca_tls *tls, const char *host, const uint8_t *buf, size_t len);

/**
 * @brief Offers TLS 1.2 at most from the next connect on (the default: TLS 1.2
 *        and 1.3). For a device whose wake cost matters most: a TLS 1.2 ticket
 *        resumes with no public-key operation at all (about 3 % of a cold wake
 *        on the Cortex-M4 image; a TLS 1.3 resumption keeps its ECDHE, about
 *        50 %), at the price of forward secrecy for the resumed connections
 *        (docs/tls.md, docs/session-state.md). No effect with mbedTLS 2.28,
 *        which speaks TLS 1.2 at most. Harmless when @p tls is NULL.
 */
void orca_tls_max_tls12(orca_tls *tls);

/**
 * @brief Bounds the elliptic-curve work of one handshake step (mbedTLS's
 *        restartable ECC: mbedtls_ecp_set_max_ops()), so that a non-blocking
 *        connect never holds its caller for a whole scalar multiplication.
 *
 * Needs mbedTLS built with MBEDTLS_ECP_RESTARTABLE (and not
 * MBEDTLS_USE_PSA_CRYPTO); mbedTLS pauses only TLS 1.2 ECDHE-ECDSA
 * handshakes of a client (the ServerKeyExchange signature, the ECDH over a
 * short Weierstrass curve such as secp256r1, the client's own ECDSA
 * signature) and the ECDSA steps of the certificate chain: call
 * orca_tls_max_tls12() too, and offer secp256r1 (X25519 is never paused).
 * Then connect returns ORCA_ERR_WANT_WRITE whenever mbedTLS reports
 * MBEDTLS_ERR_SSL_CRYPTO_IN_PROGRESS: nothing to wait for, call it again (at
 * once, or after other work) with the same arguments. With @p max_ops 0 the
 * ECC runs to completion again, and connect never returns for it.
 *
 * mbedTLS keeps the bound in one global (every context of the program
 * shares it); mbedtls_ecp_set_max_ops() documents what an "op" costs (about
 * one point doubling or addition; at least 120 counts anything useful).
 *
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG (NULL @p tls);
 *         ORCA_ERR_UNSUPPORTED (mbedTLS without MBEDTLS_ECP_RESTARTABLE).
 */
int orca_tls_restartable(orca_tls *tls, unsigned max_ops);

/**
 * @brief Fills @p hook with orca_tls_session_save() and orca_tls_session_load()
 *        on @p tls, for orca_session_config.transport_state: a saved session
 *        state (orca_session_save) then carries the TLS session too, and a
 *        restored one resumes at the next connect.
 */
void orca_tls_state_hook(orca_tls *tls, orca_transport_state *hook);

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
