/* TCP transport over BSD sockets: non-blocking sockets, every wait bounded by poll. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"

/* poll() takes an int timeout; ours are uint32_t. */
static int poll_ms(uint32_t timeout_ms)
{
    return timeout_ms > (uint32_t)INT32_MAX ? INT32_MAX : (int)timeout_ms;
}

static int32_t status_of_errno(int err)
{
    switch (err) {
    case ECONNREFUSED: return ORCA_ERR_CONN_REFUSED;
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED: return ORCA_ERR_CONN_RESET;
    case ETIMEDOUT: return ORCA_ERR_TIMEOUT;
    default: return ORCA_ERR_IO;
    }
}

/* Waits until fd is ready for @p events: 1 ready, 0 timeout, negative status. */
static int32_t wait_fd(int fd, short events, uint32_t timeout_ms)
{
    struct pollfd p;
    int n;
    p.fd = fd;
    p.events = events;
    p.revents = 0;
    do {
        n = poll(&p, 1, poll_ms(timeout_ms));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return ORCA_ERR_IO;
    }
    return n == 0 ? 0 : 1;
}

/* One non-blocking connect attempt to one address; returns the fd or a status. */
static int32_t connect_one(const struct addrinfo *ai, uint32_t now, uint32_t deadline)
{
    int err = 0;
    socklen_t len = sizeof err;
    int32_t left;
    int32_t ready;
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        return ORCA_ERR_IO;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        return fd;
    }
    if (errno != EINPROGRESS) {
        err = errno;
        close(fd);
        return status_of_errno(err);
    }
    left = orca_clock_remaining(now, deadline);
    ready = wait_fd(fd, POLLOUT, left > 0 ? (uint32_t)left : 0u);
    if (ready <= 0) {
        close(fd);
        return ready == 0 ? ORCA_ERR_TIMEOUT : ready;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        close(fd);
        return status_of_errno(err);
    }
    return fd;
}

static int32_t tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    orca_posix_tcp *tcp = ctx;
    struct addrinfo hints;
    struct addrinfo *list = NULL;
    const struct addrinfo *ai;
    char service[6];
    uint32_t deadline = orca_posix_now_ms(NULL) + timeout_ms;
    int32_t result = ORCA_ERR_IO;

    if (tcp == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (tcp->fd >= 0) {
        return ORCA_ERR_STATE;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV;
    (void)snprintf(service, sizeof service, "%u", (unsigned)port);
    if (getaddrinfo(host, service, &hints, &list) != 0 || list == NULL) {
        return ORCA_ERR_DNS;
    }
    /* Every address in order; the last failure is the one reported. */
    for (ai = list; ai != NULL; ai = ai->ai_next) {
        uint32_t now = orca_posix_now_ms(NULL);
        if (orca_clock_remaining(now, deadline) <= 0) {
            result = ORCA_ERR_TIMEOUT;
            break;
        }
        result = connect_one(ai, now, deadline);
        if (result >= 0) {
            tcp->fd = (int)result;
            result = ORCA_OK;
            break;
        }
    }
    freeaddrinfo(list);
    return result;
}

/* Shared start of send and recv: argument checks and the int32_t result cap. */
static int32_t io_check(const orca_posix_tcp *tcp, const uint8_t *buf, size_t *len)
{
    if (tcp == NULL || buf == NULL || *len == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (tcp->fd < 0) {
        return ORCA_ERR_CLOSED;
    }
    if (*len > (size_t)INT32_MAX) {
        *len = (size_t)INT32_MAX;
    }
    return ORCA_OK;
}

static int32_t tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    orca_posix_tcp *tcp = ctx;
    int32_t rc = io_check(tcp, buf, &len);
    if (rc != ORCA_OK) {
        return rc;
    }
    for (;;) {
        int32_t ready;
        ssize_t n = send(tcp->fd, buf, len, MSG_NOSIGNAL);
        if (n > 0) {
            return (int32_t)n;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return status_of_errno(errno);
        }
        ready = wait_fd(tcp->fd, POLLOUT, timeout_ms);
        if (ready <= 0) {
            return ready == 0 ? ORCA_ERR_TIMEOUT : ready;
        }
    }
}

static int32_t tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    orca_posix_tcp *tcp = ctx;
    int32_t rc = io_check(tcp, buf, &len);
    if (rc != ORCA_OK) {
        return rc;
    }
    for (;;) {
        int32_t ready = wait_fd(tcp->fd, POLLIN, timeout_ms);
        ssize_t n;
        if (ready <= 0) {
            return ready == 0 ? ORCA_ERR_TIMEOUT : ready;
        }
        n = recv(tcp->fd, buf, len, 0);
        if (n >= 0) {
            return (int32_t)n; /* 0: orderly close by the peer */
        }
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            return status_of_errno(errno);
        }
    }
}

static void tcp_close(void *ctx)
{
    orca_posix_tcp *tcp = ctx;
    if (tcp != NULL && tcp->fd >= 0) {
        (void)close(tcp->fd);
        tcp->fd = -1;
    }
}

void orca_posix_tcp_init(orca_posix_tcp *tcp, orca_transport *transport)
{
    if (tcp != NULL) {
        tcp->fd = -1;
    }
    if (transport != NULL) {
        transport->connect = tcp_connect;
        transport->send = tcp_send;
        transport->recv = tcp_recv;
        transport->close = tcp_close;
        transport->ctx = tcp;
    }
}
