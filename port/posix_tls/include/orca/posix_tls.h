/**
 * @file posix_tls.h
 * @brief A session's network and memory on a Linux (POSIX) host in one
 *        struct and one call: TLS (mbedTLS) over POSIX TCP, trusting the CA
 *        file you name, the POSIX clock, the work buffer, the PCA credential
 *        buffer and the cookie jar, filled into an orca_session_config.
 *
 * It is what a hosted program writes out otherwise (about 40 lines:
 * orca_posix_tcp_init(), orca_posix_clock_init(), orca_posix_file_load() of
 * the CA, orca_tls_init() over the TCP transport, then the config's transport,
 * clock and buffer fields), with the sizes below. Nothing is allocated: every
 * byte is in the orca_posix_tls you hand over (556 KB with the system mbedTLS
 * 2.28 on x86-64, 512 KiB of it the CA file's buffer; make it static). A
 * program that needs other sizes, another entropy source or several
 * connections per CA writes those lines itself (docs/porting.md shows them).
 *
 * mbedTLS's own memory is not in here: with the system mbedTLS (Debian's
 * libmbedtls-dev) it uses the C library's allocator; with mbedTLS built with
 * the project's config (MBEDTLS_MEMORY_BUFFER_ALLOC_C) it has one arena per
 * process, which the program gives once with orca_mbedtls_arena_init() before
 * orca_posix_tls_init() (that call is harmless with the system mbedTLS).
 *
 * Library: orca_posix_tls (CMake orca::posix_tls, pkg-config orca-posix-tls),
 * built when both the POSIX port and the mbedTLS transport are.
 */
#ifndef ORCA_POSIX_TLS_H
#define ORCA_POSIX_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/posix.h"
#include "orca/session.h"
#include "orca/tls.h"
#include "orca/transport.h"

/** Work buffer size: request head, response head and body (a response body
 *  larger than about this fails with ORCA_ERR_BUFFER_TOO_SMALL). */
#define ORCA_POSIX_TLS_WORK_SIZE 16384u
/** PCA credential buffer size ("Bearer <token>"); unused by Classic. */
#define ORCA_POSIX_TLS_CRED_SIZE 4096u
/** Cookie jar size (Classic's token is a cookie; any cookie the server sets). */
#define ORCA_POSIX_TLS_JAR_SIZE 8192u
/** Largest CA file + 1 (its NUL): room for a system bundle such as Debian's
 *  /etc/ssl/certs/ca-certificates.crt (about 215 KB in 2026). */
#define ORCA_POSIX_TLS_CA_SIZE (512u * 1024u)
/** Size of orca_posix_tls.error, NUL included. */
#define ORCA_POSIX_TLS_ERROR_MAX 192u

/**
 * @brief Everything a session needs from a Linux host. Caller-owned (make it
 *        static: see its size), filled by orca_posix_tls_init(), released by
 *        orca_posix_tls_free(). Read-only for the caller; the transports and
 *        the TLS state are there for what posix.h and tls.h offer on them
 *        (orca_posix_tcp_set_address(&net.tcp, ...),
 *        orca_tls_verify_reason(&net.tls), ...).
 *        Its sizes are fixed (not configurable): the library and the program
 *        must agree on the layout.
 */
typedef struct orca_posix_tls {
    orca_posix_tcp tcp;             /**< The TCP connection's state. */
    orca_transport tcp_io;          /**< The TCP transport (orca_posix_tcp_init()). */
    orca_tls tls;                   /**< The TLS connection's state, over @c tcp_io. */
    orca_transport tls_io;          /**< The TLS transport: the config's @c transport. */
    orca_transport_state tls_state; /**< orca_tls_state_hook(): the config's @c transport_state. */
    orca_clock clock; /**< The POSIX clock (orca_posix_clock_init()): the config's @c clock. */
    uint8_t work[ORCA_POSIX_TLS_WORK_SIZE];     /**< The config's @c work. */
    char cred[ORCA_POSIX_TLS_CRED_SIZE];        /**< The config's @c cred (PCA). */
    unsigned char jar[ORCA_POSIX_TLS_JAR_SIZE]; /**< The config's @c jar_mem. */
    /** The CA file's bytes, read by orca_posix_tls_init(); mbedTLS keeps its
     *  parsed copy, so they are not needed afterwards. */
    uint8_t ca[ORCA_POSIX_TLS_CA_SIZE];
    /** Why orca_posix_tls_init() failed, naming the file or argument and what
     *  to do; "" after a success (and in a never-initialised static struct). */
    char error[ORCA_POSIX_TLS_ERROR_MAX];
    uint8_t ready; /**< 1 between a successful init and orca_posix_tls_free(). */
} orca_posix_tls;

/**
 * @brief Readies @p net (not connected) and fills @p cfg for it.
 *
 * Reads the CA file (PEM, possibly several certificates, or DER) and sets up
 * TLS over POSIX TCP with it: chain and host name verified against the host
 * the session connects to (tls.h). Then @p cfg is set, all of it:
 * - orca_session_config_defaults() (https, retries, renewal margin, ...);
 * - @c host = @p host (kept by pointer: it must outlive the session),
 *   @c port = @p port (0: 443);
 * - @c transport = &net->tls_io, @c transport_state = &net->tls_state (a saved
 *   session, orca_session_save(), carries the TLS session for resumption),
 *   @c clock = &net->clock;
 * - @c work, @c pca.cred, @c jar_mem and their sizes: net's buffers;
 * - @c public_suffix = orca_posix_public_suffix (libpsl's built-in list)
 *   for the cookie jar's Domain check.
 * Set the rest afterwards (service, user, tenancy, password, ...) and change
 * any default you like, then call orca_session_init().
 *
 * @p net must not move or be copied while in use (the config points into it).
 * Calling it again on a ready @p net is refused (ORCA_ERR_STATE): call
 * orca_posix_tls_free() first.
 *
 * @param net     Caller-owned, zeroed or freed before.
 * @param host    Server host name (or IP literal; see tls.h for mbedTLS 2.28).
 * @param port    Server port; 0 for 443.
 * @param ca_file Path of the trusted CA certificate(s).
 * @param cfg     Receives the whole config (overwritten, also on failure).
 * @return ORCA_OK (net->error ""), or, with net->error saying why and
 *         nothing left to free:
 *         - ORCA_ERR_INVALID_ARG: NULL @p net, @p cfg or @p ca_file, NULL or
 *           empty @p host or @p ca_file (without @p net, no message);
 *         - ORCA_ERR_STATE: @p net is ready already;
 *         - ORCA_ERR_FILE: the CA file cannot be opened or read, or is empty
 *           (the system's reason in the message);
 *         - ORCA_ERR_BUFFER_TOO_SMALL: the CA file has ORCA_POSIX_TLS_CA_SIZE
 *           bytes or more;
 *         - ORCA_ERR_TLS_CA: no certificate in it parses;
 *         - ORCA_ERR_TLS_MEMORY: mbedTLS could not allocate (built with the
 *           project's config: orca_mbedtls_arena_init() not called first, or
 *           its arena too small for this CA file);
 *         - ORCA_ERR_TLS: seeding the random generator or the TLS setup failed.
 */
int orca_posix_tls_init(orca_posix_tls *net, const char *host, uint16_t port, const char *ca_file,
                        orca_session_config *cfg);

/**
 * @brief Closes the connection if open and releases the TLS state (its saved
 *        session wiped), and wipes the credential buffer, the jar and the work
 *        buffer. Call it after orca_session_free() of the session using @p net.
 *        Safe on a never-initialised (zeroed) or freed @p net, twice, and on NULL.
 */
void orca_posix_tls_free(orca_posix_tls *net);

#endif /* ORCA_POSIX_TLS_H */
