/**
 * @file posix.h
 * @brief The POSIX port: a TCP orca_transport over BSD sockets, an
 *        orca_clock over clock_gettime, an entropy source for the TLS port,
 *        a file loader for CA certificates and a public-suffix check for
 *        the cookie jar (libpsl). No heap, no global state.
 */
#ifndef ORCA_POSIX_H
#define ORCA_POSIX_H

#include <stddef.h>
#include <stdint.h>

#include "orca/bsd_tcp.h"
#include "orca/clock.h"
#include "orca/transport.h"

/**
 * @brief State of one TCP connection. Caller-owned; fill it with
 *        orca_posix_tcp_init() before use.
 */
typedef struct orca_posix_tcp {
    int fd;           /**< Socket descriptor, -1 when not connected. */
    orca_bsd_tcp bsd; /**< The shared sockets transport's state (mode, address). */
} orca_posix_tcp;

/**
 * @brief Prepares @p tcp (not connected) and fills @p transport with the TCP
 *        functions and @p tcp as their context.
 *
 * The transport's functions behave as follows:
 * - connect(host, port, timeout_ms): resolves @p host with getaddrinfo (IPv4
 *   and IPv6; this blocks for as long as the system resolver takes, whatever
 *   @p timeout_ms says: give an address with orca_posix_tcp_set_address() to
 *   skip it) and tries every address in order with a non-blocking connect,
 *   each bounded by what is left of @p timeout_ms, which is checked again
 *   before each address. Returns ORCA_OK,
 *   ORCA_ERR_DNS (name did not resolve), ORCA_ERR_CONN_REFUSED,
 *   ORCA_ERR_TIMEOUT, ORCA_ERR_STATE (already connected),
 *   ORCA_ERR_INVALID_ARG (NULL or empty host, port 0, or the address set by
 *   orca_posix_tcp_set_address() is not an IP literal) or ORCA_ERR_IO.
 * - send(buf, len, timeout_ms): bytes sent (> 0), or ORCA_ERR_TIMEOUT,
 *   ORCA_ERR_CONN_RESET (peer reset or closed; never raises SIGPIPE),
 *   ORCA_ERR_CLOSED (not connected), ORCA_ERR_INVALID_ARG, ORCA_ERR_IO.
 * - recv(buf, len, timeout_ms): bytes read (> 0), 0 for an orderly close by
 *   the peer (and again on every later call), or ORCA_ERR_TIMEOUT (nothing
 *   within @p timeout_ms; 0 polls without waiting), ORCA_ERR_CONN_RESET,
 *   ORCA_ERR_CLOSED, ORCA_ERR_INVALID_ARG, ORCA_ERR_IO.
 * - close(): closes the socket; safe to call twice or when never connected.
 *
 * The connection is blocking (every call waits up to its timeout) until
 * orca_posix_tcp_set_nonblocking() says otherwise. The code is the shared
 * sockets transport (port/sockets/src/bsd_tcp.c) with the POSIX shim.
 *
 * @param tcp       Connection state (caller-owned, outlives the transport).
 *                  Its mode and address are reset: set them after this call.
 * @param transport Receives the function pointers and context.
 */
void orca_posix_tcp_init(orca_posix_tcp *tcp, orca_transport *transport);

/**
 * @brief Makes the connection non-blocking (@p on 1) or blocking (0, the
 *        default); may be called at any time, also while connected.
 *
 * Non-blocking, no call waits and @c timeout_ms is ignored (transport.h):
 * - connect returns ORCA_ERR_WANT_WRITE while the TCP handshake is in
 *   progress; call it again (same arguments; they are not looked at again)
 *   until ORCA_OK or a failure. When an address fails, the next one is
 *   started by that same call. Name resolution still blocks (getaddrinfo has
 *   no non-blocking form): set an address to avoid it. Meanwhile send and
 *   recv return ORCA_ERR_STATE; close gives the connect up.
 * - send returns ORCA_ERR_WANT_WRITE when the socket buffer is full;
 * - recv returns ORCA_ERR_WANT_READ when nothing has arrived (never 0: 0 is
 *   still the peer's orderly close).
 * Wait for the socket (tcp->fd) with poll/select before calling again, or
 * call again on your own schedule.
 *
 * @param tcp Connection state, after orca_posix_tcp_init().
 * @param on  1 non-blocking, 0 blocking.
 * @return ORCA_OK or ORCA_ERR_INVALID_ARG (NULL @p tcp).
 */
int orca_posix_tcp_set_nonblocking(orca_posix_tcp *tcp, int on);

/**
 * @brief Connects to @p ip instead of resolving the host given to connect:
 *        no DNS query is made (getaddrinfo with AI_NUMERICHOST).
 *
 * The host given to connect is still checked (non-empty) and is what a TLS
 * transport above verifies the certificate against; only the address comes
 * from here. Use it when the name was resolved elsewhere (a non-blocking
 * resolver, a cache) or is known.
 *
 * @param tcp Connection state, after orca_posix_tcp_init().
 * @param ip  IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1") literal, kept by
 *            pointer (must stay valid while connects use it); NULL goes back
 *            to resolving the host. A string that is no IP literal makes
 *            connect return ORCA_ERR_INVALID_ARG.
 * @return ORCA_OK or ORCA_ERR_INVALID_ARG (NULL @p tcp, empty @p ip).
 */
int orca_posix_tcp_set_address(orca_posix_tcp *tcp, const char *ip);

/**
 * @brief Fills @p clock with the POSIX clock: now_ms from CLOCK_MONOTONIC,
 *        unix_s from CLOCK_REALTIME, sleep_ms from nanosleep and random from
 *        orca_posix_entropy(). The context is unused (NULL).
 * @param clock Receives the function pointers.
 */
void orca_posix_clock_init(orca_clock *clock);

/** @brief Monotonic milliseconds (CLOCK_MONOTONIC), wrapping at 2^32. @p ctx is unused. */
uint32_t orca_posix_now_ms(void *ctx);

/**
 * @brief Wall clock (CLOCK_REALTIME) in seconds since 1970-01-01 UTC.
 * @return ORCA_OK, ORCA_ERR_INVALID_ARG (NULL @p out) or ORCA_ERR_UNSUPPORTED
 *         (the clock cannot be read).
 */
int orca_posix_unix_s(void *ctx, int64_t *out);

/** @brief Sleeps about @p ms milliseconds (resumes after signals). @p ctx is unused. */
void orca_posix_sleep_ms(void *ctx, uint32_t ms);

/** @brief A random 32-bit value from orca_posix_entropy() (0 if it fails). */
uint32_t orca_posix_random(void *ctx);

/**
 * @brief Fills @p out with @p len bytes from the kernel's CSPRNG (getrandom,
 *        falling back to /dev/urandom). The signature matches mbedTLS's
 *        entropy callbacks, so it is the POSIX entropy hook of the TLS port.
 * @param ctx Unused (NULL).
 * @param out Receives the random bytes.
 * @param len Number of bytes wanted.
 * @return 0 on success, -1 when no random bytes could be read.
 */
int orca_posix_entropy(void *ctx, unsigned char *out, size_t len);

/**
 * @brief Reads a whole file (a CA certificate, PEM or DER) into @p buf.
 *
 * The content is always followed by a NUL byte. A PEM file (one containing
 * "-----BEGIN ") reports the NUL in @p out_len, as mbedtls_x509_crt_parse()
 * requires for PEM; a DER file reports its exact size.
 *
 * @param path    File name.
 * @param buf     Destination; needs room for the file size + 1.
 * @param cap     Size of @p buf.
 * @param out_len Receives the length to hand to the parser.
 * @return ORCA_OK, ORCA_ERR_INVALID_ARG (NULL argument), ORCA_ERR_FILE (cannot
 *         open or read, or empty) or ORCA_ERR_BUFFER_TOO_SMALL.
 */
int orca_posix_file_load(const char *path, uint8_t *buf, size_t cap, size_t *out_len);

/** Longest domain (bytes, without the NUL) orca_posix_public_suffix() looks up. */
#ifndef ORCA_POSIX_PSL_NAME_MAX
#define ORCA_POSIX_PSL_NAME_MAX 256u
#endif

/**
 * @brief The cookie jar's public-suffix check (an orca_public_suffix_fn) on
 *        libpsl, the library curl uses: give it to orca_session_config
 *        (public_suffix, public_suffix_ctx) or orca_cookie_jar_set_public_suffix().
 *
 * The name is lower-cased (ASCII) and a final '.' dropped before the lookup
 * (psl_is_public_suffix(): the ICANN and private sections, with the `*`
 * rule, so any unlisted single label is one). Nothing is allocated: the name
 * goes through a stack buffer of ORCA_POSIX_PSL_NAME_MAX bytes.
 *
 * Built without libpsl (CMake option ORCA_POSIX_LIBPSL=OFF) there is no list
 * and it returns 1 for every name: the jar then keeps host-only cookies and a
 * Domain equal to the host only, as with no check.
 *
 * @param ctx    A `const psl_ctx_t *` (for a list of your own from
 *               psl_latest() or psl_load_file()), or NULL for libpsl's
 *               built-in list (psl_builtin(); Debian builds it from the
 *               publicsuffix package).
 * @param domain The domain (need not be NUL-terminated).
 * @param len    Its length in bytes.
 * @return 1 when @p domain is a public suffix, or when it cannot tell (no
 *         list, NULL or empty @p domain, longer than ORCA_POSIX_PSL_NAME_MAX - 1
 *         bytes, a NUL or a non-ASCII byte in it); 0 when it is not.
 */
int orca_posix_public_suffix(void *ctx, const char *domain, size_t len);

#endif /* ORCA_POSIX_H */
