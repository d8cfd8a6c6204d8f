/**
 * @file bsd_tcp.h
 * @brief State of the BSD-sockets TCP transport that every sockets API
 *        shares (port/sockets/src/bsd_tcp.c): the POSIX port and the lwIP
 *        port compile that one file, each with a small shim header mapping
 *        socket, connect, send, recv, close, getaddrinfo, errno and a wait
 *        (poll or select) to its own calls. Stack-independent: it holds no
 *        type of any sockets API, only what a connection keeps between calls.
 *        docs/transports.md tells how to add a shim (Zephyr, ESP-IDF, ...).
 */
#ifndef ORCA_BSD_TCP_H
#define ORCA_BSD_TCP_H

#include <stdint.h>

/**
 * @brief What one connection of the shared sockets transport keeps between
 *        calls, besides its socket. Part of orca_posix_tcp and orca_lwip_tcp;
 *        the port's init function zeroes it, its setters fill it.
 */
typedef struct orca_bsd_tcp {
    /** IP literal to connect to instead of resolving the host (no DNS), or
     *  NULL; the caller's string, kept by pointer. */
    const char *address;
    /** The resolver's address list while a non-blocking connect walks it,
     *  released when the connect ends or on close. */
    void *pending;
    /** The next address of @c pending to try when the current one fails. */
    const void *next;
    uint8_t nonblocking; /**< 1: no call waits (ORCA_ERR_WANT_READ / _WRITE instead). */
    uint8_t connecting;  /**< A non-blocking connect is in progress. */
    uint8_t eof;         /**< The peer's FIN was read: every later recv is 0 (lwIP says ENOTCONN). */
} orca_bsd_tcp;

#endif /* ORCA_BSD_TCP_H */
