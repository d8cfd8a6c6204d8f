/*
 * The TCP transport over a BSD-style sockets API, shared by every stack:
 * compiled once per stack with ORCA_BSD_SHIM naming the stack's shim header
 * (port/posix/src/posix_shim.h, port/lwip/src/lwip_shim.h), which maps the
 * calls below to the stack's own and names the connection type and the
 * public functions. Sockets are always non-blocking; a blocking call waits
 * in the shim's orca_bsd_wait (poll or select) up to its deadline.
 *
 * What a shim defines (docs/transports.md has a whole one):
 *   ORCA_BSD_TCP            the connection struct: socket in ORCA_BSD_FD(t),
 *   ORCA_BSD_FD(t)          state in t->bsd (orca_bsd_tcp)
 *   ORCA_BSD_FN(name)       public names: orca_<stack>_tcp_<name>
 *   ORCA_BSD_NOW()          monotonic milliseconds (uint32_t, wrapping)
 *   ORCA_BSD_CONNECT, ORCA_BSD_SEND(fd, buf, len), ORCA_BSD_RECV(fd, buf, len),
 *   ORCA_BSD_CLOSE, ORCA_BSD_GETSOCKOPT, ORCA_BSD_GETADDRINFO,
 *   ORCA_BSD_FREEADDRINFO, ORCA_BSD_ERRNO, ORCA_BSD_AI_FLAGS
 *   orca_bsd_open(family, type, protocol)  a non-blocking socket, or -1
 *   orca_bsd_wait(fd, for_write, ms)       1 ready, 0 not within ms, ORCA_ERR_IO
 * and includes the stack's socket headers, errno codes and its public header.
 */
#include ORCA_BSD_SHIM

#include <string.h>

#include "orca/clock.h"
#include "orca/status.h"

#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
#define ORCA_BSD_AGAIN(e) ((e) == EAGAIN || (e) == EWOULDBLOCK)
#else
#define ORCA_BSD_AGAIN(e) ((e) == EAGAIN)
#endif

/* A reset in answer to the SYN is a refusal (lwIP reports it so); later it is a reset. */
static int32_t status_of_errno(int err, int connecting)
{
    switch (err) {
    case ECONNREFUSED: return ORCA_ERR_CONN_REFUSED;
    case ECONNRESET: return connecting ? ORCA_ERR_CONN_REFUSED : ORCA_ERR_CONN_RESET;
    case ECONNABORTED:
    case EPIPE:
    case ENOTCONN: return ORCA_ERR_CONN_RESET;
    case ETIMEDOUT: return ORCA_ERR_TIMEOUT;
    default: return ORCA_ERR_IO;
    }
}

/* The deadline of a call; timeouts are capped at 2^31 - 1 ms so that
 * orca_clock_remaining() stays right (UINT32_MAX would be "already passed"). */
static uint32_t deadline_of(uint32_t timeout_ms)
{
    return ORCA_BSD_NOW() + (timeout_ms > (uint32_t)INT32_MAX ? (uint32_t)INT32_MAX : timeout_ms);
}

static uint32_t left_until(uint32_t deadline)
{
    int32_t left = orca_clock_remaining(ORCA_BSD_NOW(), deadline);
    return left > 0 ? (uint32_t)left : 0u;
}

/* Closes the socket only: the connection's settings and list stay. */
static void drop_socket(ORCA_BSD_TCP *t)
{
    if (ORCA_BSD_FD(t) >= 0) {
        (void)ORCA_BSD_CLOSE(ORCA_BSD_FD(t));
        ORCA_BSD_FD(t) = -1;
    }
}

/* The connect has ended (either way): the resolver's list goes back. */
static void release_list(ORCA_BSD_TCP *t)
{
    if (t->bsd.pending != NULL) {
        ORCA_BSD_FREEADDRINFO((struct addrinfo *)t->bsd.pending);
    }
    t->bsd.pending = NULL;
    t->bsd.next = NULL;
    t->bsd.connecting = 0;
}

/* The port as decimal text, without pulling printf into a device. */
static void port_text(uint16_t port, char out[6])
{
    char rev[5];
    size_t n = 0, i = 0;
    do {
        rev[n++] = (char)('0' + port % 10u);
        port = (uint16_t)(port / 10u);
    } while (port != 0u);
    while (n > 0u) {
        out[i++] = rev[--n];
    }
    out[i] = '\0';
}

/* The addresses to try: the caller's IP literal (AI_NUMERICHOST: the
 * resolver parses it, never asks DNS), else the host's through the stack's
 * resolver, which blocks (both stacks' getaddrinfo do). */
static int32_t resolve(const ORCA_BSD_TCP *t, const char *host, uint16_t port,
                       struct addrinfo **list)
{
    struct addrinfo hints;
    char service[6];
    int literal = t->bsd.address != NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = ORCA_BSD_AI_FLAGS | (literal ? AI_NUMERICHOST : 0);
    port_text(port, service);
    *list = NULL;
    if (ORCA_BSD_GETADDRINFO(literal ? t->bsd.address : host, service, &hints, list) != 0 ||
        *list == NULL) {
        return literal ? ORCA_ERR_INVALID_ARG : ORCA_ERR_DNS;
    }
    return ORCA_OK;
}

/* Starts a connect to one address: ORCA_OK (connected at once),
 * ORCA_ERR_WANT_WRITE (in progress) or its failure (no socket left open). */
static int32_t start_one(ORCA_BSD_TCP *t, const struct addrinfo *ai)
{
    int err;
    ORCA_BSD_FD(t) = orca_bsd_open(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (ORCA_BSD_FD(t) < 0) {
        ORCA_BSD_FD(t) = -1;
        return ORCA_ERR_IO;
    }
    if (ORCA_BSD_CONNECT(ORCA_BSD_FD(t), ai->ai_addr, ai->ai_addrlen) == 0) {
        return ORCA_OK;
    }
    err = ORCA_BSD_ERRNO;
    if (err == EINPROGRESS) {
        return ORCA_ERR_WANT_WRITE;
    }
    drop_socket(t);
    return status_of_errno(err, 1);
}

/* Ends the connect in progress if it ends within @p ms: ORCA_OK,
 * ORCA_ERR_WANT_WRITE (not yet; socket open) or its failure (socket closed). */
static int32_t finish_one(ORCA_BSD_TCP *t, uint32_t ms)
{
    int err = 0;
    socklen_t len = (socklen_t)sizeof err;
    int32_t ready = orca_bsd_wait(ORCA_BSD_FD(t), 1, ms);
    if (ready == 0) {
        return ORCA_ERR_WANT_WRITE;
    }
    if (ready > 0 &&
        ORCA_BSD_GETSOCKOPT(ORCA_BSD_FD(t), SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        return ORCA_OK;
    }
    drop_socket(t);
    return ready < 0 ? ready : (err != 0 ? status_of_errno(err, 1) : ORCA_ERR_IO);
}

/* Walks the addresses from @p next on (after ending the attempt in progress,
 * if any); the last failure is the one reported. Blocking: every attempt
 * within what is left before @p deadline, re-checked before each address.
 * Non-blocking: never waits; an attempt still in progress returns
 * ORCA_ERR_WANT_WRITE with the walk's place kept for the next call. */
static int32_t connect_walk(ORCA_BSD_TCP *t, const struct addrinfo *next, uint32_t deadline)
{
    int32_t rc = t->bsd.connecting ? ORCA_ERR_WANT_WRITE : ORCA_ERR_IO;
    t->bsd.connecting = 0;
    for (;;) {
        if (rc == ORCA_ERR_WANT_WRITE) {
            rc = finish_one(t, t->bsd.nonblocking ? 0u : left_until(deadline));
            if (rc == ORCA_ERR_WANT_WRITE && t->bsd.nonblocking) {
                t->bsd.connecting = 1;
                t->bsd.next = next;
                return rc;
            }
            if (rc == ORCA_ERR_WANT_WRITE) {
                drop_socket(t);
                rc = ORCA_ERR_TIMEOUT;
            }
        }
        if (rc == ORCA_OK || next == NULL) {
            break;
        }
        if (!t->bsd.nonblocking && left_until(deadline) == 0u) {
            rc = ORCA_ERR_TIMEOUT;
            break;
        }
        rc = start_one(t, next);
        next = next->ai_next;
    }
    release_list(t);
    return rc;
}

static int32_t tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    ORCA_BSD_TCP *t = ctx;
    uint32_t deadline = deadline_of(timeout_ms);
    struct addrinfo *list;
    int32_t rc;
    if (t == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (t->bsd.connecting) { /* the call again of a non-blocking connect */
        return connect_walk(t, (const struct addrinfo *)t->bsd.next, deadline);
    }
    if (ORCA_BSD_FD(t) >= 0) {
        return ORCA_ERR_STATE;
    }
    rc = resolve(t, host, port, &list);
    if (rc != ORCA_OK) {
        return rc;
    }
    t->bsd.pending = list;
    t->bsd.eof = 0;
    return connect_walk(t, list, deadline);
}

/* Shared start of send and recv: argument checks and the int32_t result cap. */
static int32_t io_check(const ORCA_BSD_TCP *t, const uint8_t *buf, size_t *len)
{
    if (t == NULL || buf == NULL || *len == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (ORCA_BSD_FD(t) < 0) {
        return ORCA_ERR_CLOSED;
    }
    if (t->bsd.connecting) {
        return ORCA_ERR_STATE; /* connect has not finished: call it again first */
    }
    if (*len > (size_t)INT32_MAX) {
        *len = (size_t)INT32_MAX;
    }
    return ORCA_OK;
}

/* After an I/O call that moved nothing (@p err its errno): ORCA_OK to try
 * again, the would-block status @p want (non-blocking), ORCA_ERR_TIMEOUT
 * (nothing before @p deadline), or the failure. */
static int32_t io_wait(const ORCA_BSD_TCP *t, int err, int32_t want, uint32_t deadline)
{
    int32_t ready;
    uint32_t left;
    if (err == EINTR) {
        return ORCA_OK;
    }
    if (!ORCA_BSD_AGAIN(err)) {
        return status_of_errno(err, 0);
    }
    if (t->bsd.nonblocking) {
        return want;
    }
    left = left_until(deadline);
    ready = left > 0u ? orca_bsd_wait(ORCA_BSD_FD(t), want == ORCA_ERR_WANT_WRITE, left) : 0;
    return ready > 0 ? ORCA_OK : (ready == 0 ? ORCA_ERR_TIMEOUT : ready);
}

static int32_t tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    ORCA_BSD_TCP *t = ctx;
    uint32_t deadline = deadline_of(timeout_ms);
    int32_t rc = io_check(t, buf, &len);
    while (rc == ORCA_OK) {
        ssize_t n = ORCA_BSD_SEND(ORCA_BSD_FD(t), buf, len);
        if (n > 0) {
            return (int32_t)n;
        }
        rc = io_wait(t, n < 0 ? ORCA_BSD_ERRNO : EAGAIN, ORCA_ERR_WANT_WRITE, deadline);
    }
    return rc;
}

static int32_t tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    ORCA_BSD_TCP *t = ctx;
    uint32_t deadline = deadline_of(timeout_ms);
    int32_t rc = io_check(t, buf, &len);
    if (rc == ORCA_OK && t->bsd.eof) {
        return 0; /* the end of the stream stays the end */
    }
    while (rc == ORCA_OK) {
        ssize_t n = ORCA_BSD_RECV(ORCA_BSD_FD(t), buf, len);
        if (n > 0) {
            return (int32_t)n;
        }
        if (n == 0) {
            t->bsd.eof = 1; /* orderly close by the peer */
            return 0;
        }
        /* Tried before waiting: a timeout of 0 polls, it never waits. */
        rc = io_wait(t, ORCA_BSD_ERRNO, ORCA_ERR_WANT_READ, deadline);
    }
    return rc;
}

static void tcp_close(void *ctx)
{
    ORCA_BSD_TCP *t = ctx;
    if (t != NULL) {
        drop_socket(t);
        release_list(t);
        t->bsd.eof = 0;
    }
}

void ORCA_BSD_FN(init)(ORCA_BSD_TCP *tcp, orca_transport *transport)
{
    if (tcp != NULL) {
        ORCA_BSD_FD(tcp) = -1;
        memset(&tcp->bsd, 0, sizeof tcp->bsd);
    }
    if (transport != NULL) {
        transport->connect = tcp_connect;
        transport->send = tcp_send;
        transport->recv = tcp_recv;
        transport->close = tcp_close;
        transport->ctx = tcp;
    }
}

int ORCA_BSD_FN(set_nonblocking)(ORCA_BSD_TCP *tcp, int on)
{
    if (tcp == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    tcp->bsd.nonblocking = (uint8_t)(on != 0);
    return ORCA_OK;
}

int ORCA_BSD_FN(set_address)(ORCA_BSD_TCP *tcp, const char *ip)
{
    if (tcp == NULL || (ip != NULL && ip[0] == '\0')) {
        return ORCA_ERR_INVALID_ARG;
    }
    tcp->bsd.address = ip;
    return ORCA_OK;
}
