/**
 * @file lwip.h
 * @brief The lwIP port: a TCP orca_transport over lwIP's sockets API
 *        (lwip_socket, lwip_connect, lwip_send, lwip_recv on non-blocking
 *        sockets, waits in lwip_select) with DNS through lwip_getaddrinfo.
 *        No heap, no global state of its own. The code is the shared sockets
 *        transport (port/sockets/src/bsd_tcp.c) with the lwIP shim.
 *
 * Needs lwIP 2.x built with NO_SYS 0, LWIP_SOCKET, LWIP_DNS and
 * LWIP_SOCKET_SELECT (the project's port/lwip/lwipopts.h sets them; LWIP_DNS
 * may be 0 when every connect is given an address). lwIP must be running
 * (tcpip_init) and a netif up, with a DNS server (dns_setserver) unless
 * addresses are given, before connect is called.
 */
#ifndef ORCA_LWIP_H
#define ORCA_LWIP_H

#include "orca/bsd_tcp.h"
#include "orca/transport.h"

/**
 * @brief State of one TCP connection. Caller-owned; fill it with
 *        orca_lwip_tcp_init() before use.
 */
typedef struct orca_lwip_tcp {
    int sock;         /**< lwIP socket descriptor, -1 when not connected. */
    orca_bsd_tcp bsd; /**< The shared sockets transport's state (mode, address, end of stream). */
} orca_lwip_tcp;

/**
 * @brief Prepares @p tcp (not connected) and fills @p transport with the lwIP
 *        TCP functions and @p tcp as their context.
 *
 * The contract is the POSIX port's (orca/posix.h), with lwIP's clock sys_now():
 * - connect(host, port, timeout_ms): resolves @p host with lwip_getaddrinfo
 *   and tries every address in order with a non-blocking connect, each
 *   bounded by what is left of @p timeout_ms (lwip_select). Name resolution
 *   cannot be cut short: lwIP bounds it by its own retries (an unanswered
 *   query fails after 1 + 1 + 2 + 3 s with DNS_MAX_RETRIES 4, measured 6.3 s),
 *   and its time counts against the deadline; orca_lwip_tcp_set_address()
 *   skips it. Returns ORCA_OK,
 *   ORCA_ERR_DNS (name did not resolve), ORCA_ERR_CONN_REFUSED (the peer
 *   answered the SYN with a reset), ORCA_ERR_TIMEOUT, ORCA_ERR_STATE (already
 *   connected), ORCA_ERR_INVALID_ARG (NULL or empty host, port 0, an address
 *   set by orca_lwip_tcp_set_address() that is no IP literal) or
 *   ORCA_ERR_IO (no socket free: MEMP_NUM_NETCONN, no route, ...).
 * - send(buf, len, timeout_ms): bytes queued (> 0), or ORCA_ERR_TIMEOUT (no
 *   room in lwIP's send buffer within @p timeout_ms),
 *   ORCA_ERR_CONN_RESET (peer reset or the connection is gone),
 *   ORCA_ERR_CLOSED (not connected), ORCA_ERR_INVALID_ARG, ORCA_ERR_IO.
 * - recv(buf, len, timeout_ms): bytes read (> 0), 0 for an orderly close by
 *   the peer (its FIN), or ORCA_ERR_TIMEOUT (no byte within @p timeout_ms; 0
 *   polls), ORCA_ERR_CONN_RESET (peer reset, or lwIP aborted the connection),
 *   ORCA_ERR_CLOSED, ORCA_ERR_INVALID_ARG, ORCA_ERR_IO.
 * - close(): closes the socket; safe to call twice or when never connected.
 *
 * Every call may block the calling thread (never lwIP's tcpip thread) for at
 * most its timeout, name resolution excepted (above), until
 * orca_lwip_tcp_set_nonblocking() makes the connection non-blocking.
 *
 * @param tcp       Connection state (caller-owned, outlives the transport).
 *                  Its mode and address are reset: set them after this call.
 * @param transport Receives the function pointers and context.
 */
void orca_lwip_tcp_init(orca_lwip_tcp *tcp, orca_transport *transport);

/**
 * @brief Makes the connection non-blocking (@p on 1) or blocking (0, the
 *        default); may be called at any time. The POSIX port's rules
 *        (orca_posix_tcp_set_nonblocking() in orca/posix.h): connect returns
 *        ORCA_ERR_WANT_WRITE until the TCP handshake ends (call it again),
 *        send ORCA_ERR_WANT_WRITE, recv ORCA_ERR_WANT_READ, @c timeout_ms is
 *        ignored. lwip_getaddrinfo still blocks the calling thread until lwIP's
 *        DNS client answers or gives up; resolve with lwIP's callback API
 *        (dns_gethostbyname()) and give the address instead to avoid that.
 *        While a connect walks a resolved name, lwIP's one netdb entry
 *        (MEMP_NUM_NETDB) stays taken.
 * @param tcp Connection state, after orca_lwip_tcp_init().
 * @param on  1 non-blocking, 0 blocking.
 * @return ORCA_OK or ORCA_ERR_INVALID_ARG (NULL @p tcp).
 */
int orca_lwip_tcp_set_nonblocking(orca_lwip_tcp *tcp, int on);

/**
 * @brief Connects to the IP literal @p ip (e.g. from ipaddr_ntoa() after a
 *        dns_gethostbyname() callback) instead of resolving the host given
 *        to connect: no DNS query (lwip_getaddrinfo with AI_NUMERICHOST). The
 *        host stays what a TLS transport above verifies.
 * @param tcp Connection state, after orca_lwip_tcp_init().
 * @param ip  IPv4 literal (IPv6 too when lwIP has LWIP_IPV6), kept by pointer;
 *            NULL goes back to resolving the host.
 * @return ORCA_OK or ORCA_ERR_INVALID_ARG (NULL @p tcp, empty @p ip).
 */
int orca_lwip_tcp_set_address(orca_lwip_tcp *tcp, const char *ip);

#endif /* ORCA_LWIP_H */
