/**
 * @file lwip.h
 * @brief The lwIP port: a TCP orca_transport over lwIP's sockets API
 *        (lwip_socket, lwip_connect, lwip_recv with SO_RCVTIMEO, lwip_select)
 *        with DNS through lwip_getaddrinfo. No heap, no global state of its own.
 *
 * Needs lwIP 2.x built with NO_SYS 0, LWIP_SOCKET, LWIP_DNS,
 * LWIP_SO_RCVTIMEO and LWIP_SOCKET_SELECT (the project's
 * port/lwip/lwipopts.h sets them). lwIP must be running (tcpip_init) and a
 * netif up with a DNS server (dns_setserver) before connect is called.
 */
#ifndef ORCA_LWIP_H
#define ORCA_LWIP_H

#include "orca/transport.h"

/**
 * @brief State of one TCP connection. Caller-owned; fill it with
 *        orca_lwip_tcp_init() before use.
 */
typedef struct orca_lwip_tcp {
    int sock; /**< lwIP socket descriptor, -1 when not connected. */
    int eof;  /**< 1 once the peer's FIN was read: lwIP answers later reads with ENOTCONN. */
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
 *   and its time counts against the deadline. Returns ORCA_OK,
 *   ORCA_ERR_DNS (name did not resolve), ORCA_ERR_CONN_REFUSED (the peer
 *   answered the SYN with a reset), ORCA_ERR_TIMEOUT, ORCA_ERR_STATE (already
 *   connected), ORCA_ERR_INVALID_ARG (NULL or empty host, port 0) or
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
 * most its timeout, name resolution excepted (above).
 *
 * @param tcp       Connection state (caller-owned, outlives the transport).
 * @param transport Receives the function pointers and context.
 */
void orca_lwip_tcp_init(orca_lwip_tcp *tcp, orca_transport *transport);

#endif /* ORCA_LWIP_H */
