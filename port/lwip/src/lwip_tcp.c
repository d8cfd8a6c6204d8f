/*
 * TCP transport over lwIP's sockets API. recv blocks with the call's own
 * SO_RCVTIMEO, which lwIP honours to the tick. connect and send wait in
 * lwip_select instead: lwIP checks SO_SNDTIMEO only from its TCP poll timer
 * (measured: 500 ms for a 200 ms timeout), and connect has no timeout at all.
 */
#include <string.h>

#include "lwip/netdb.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"

#include "orca/clock.h"
#include "orca/lwip.h"
#include "orca/status.h"

/* A reset in answer to the SYN is a refusal; later it is a reset. */
static int32_t status_of_errno(int err, int connecting)
{
    switch (err) {
    case ECONNREFUSED: return ORCA_ERR_CONN_REFUSED;
    case ECONNRESET: return connecting ? ORCA_ERR_CONN_REFUSED : ORCA_ERR_CONN_RESET;
    case ECONNABORTED:
    case EPIPE:
    case ENOTCONN: return ORCA_ERR_CONN_RESET;
    case EWOULDBLOCK:
    case ETIMEDOUT: return ORCA_ERR_TIMEOUT;
    default: return ORCA_ERR_IO;
    }
}

/* Capped at 2^31 - 1 ms: lwIP turns a timeval back into milliseconds in a
 * long, 32 bits on a Cortex-M. */
static struct timeval timeval_of_ms(uint32_t ms)
{
    struct timeval tv;
    if (ms > (uint32_t)INT32_MAX) {
        ms = (uint32_t)INT32_MAX;
    }
    tv.tv_sec = (long)(ms / 1000u);
    tv.tv_usec = (long)(ms % 1000u) * 1000L;
    return tv;
}

/* Waits until @p sock is writable (connected, room to send, or failed):
 * 1 ready, 0 after @p ms, ORCA_ERR_IO. */
static int32_t wait_writable(int sock, uint32_t ms)
{
    fd_set wset;
    struct timeval tv = timeval_of_ms(ms);
    int n;
    FD_ZERO(&wset);
    FD_SET(sock, &wset);
    n = lwip_select(sock + 1, NULL, &wset, NULL, &tv);
    return n < 0 ? ORCA_ERR_IO : (n > 0 ? 1 : 0);
}

/* Waits until the non-blocking connect of @p sock ends or @p ms pass. */
static int32_t wait_connected(int sock, uint32_t ms)
{
    int err = 0;
    socklen_t len = (socklen_t)sizeof err;
    int32_t ready = wait_writable(sock, ms);
    if (ready <= 0) {
        return ready == 0 ? ORCA_ERR_TIMEOUT : ready;
    }
    if (lwip_getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
        return ORCA_ERR_IO;
    }
    return err == 0 ? ORCA_OK : status_of_errno(err, 1);
}

/* One connect attempt to one address: the socket (blocking again) or a status. */
static int32_t connect_one(const struct addrinfo *ai, uint32_t deadline)
{
    int32_t left = orca_clock_remaining(sys_now(), deadline);
    int32_t st = ORCA_OK;
    int sock;
    if (left <= 0) {
        return ORCA_ERR_TIMEOUT;
    }
    sock = lwip_socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (sock < 0) {
        return ORCA_ERR_IO;
    }
    if (lwip_fcntl(sock, F_SETFL, O_NONBLOCK) != 0) {
        st = ORCA_ERR_IO;
    } else if (lwip_connect(sock, ai->ai_addr, ai->ai_addrlen) != 0) {
        st =
            errno == EINPROGRESS ? wait_connected(sock, (uint32_t)left) : status_of_errno(errno, 1);
    }
    if (st == ORCA_OK && lwip_fcntl(sock, F_SETFL, 0) != 0) {
        st = ORCA_ERR_IO;
    }
    if (st != ORCA_OK) {
        (void)lwip_close(sock);
        return st;
    }
    return sock;
}

static int32_t tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    orca_lwip_tcp *tcp = ctx;
    struct addrinfo hints;
    struct addrinfo *list = NULL;
    const struct addrinfo *ai;
    char service[6];
    uint32_t deadline = sys_now() + timeout_ms;
    int32_t result = ORCA_ERR_IO;
    uint16_t p = port;
    int i;

    if (tcp == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (tcp->sock >= 0) {
        return ORCA_ERR_STATE;
    }
    /* The port as decimal text, without pulling printf into the device. */
    service[5] = '\0';
    for (i = 4; i >= 0; i--) {
        service[i] = (char)('0' + p % 10u);
        p = (uint16_t)(p / 10u);
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (lwip_getaddrinfo(host, service, &hints, &list) != 0 || list == NULL) {
        return ORCA_ERR_DNS;
    }
    /* Every address in order; the last failure is the one reported. */
    for (ai = list; ai != NULL; ai = ai->ai_next) {
        result = connect_one(ai, deadline);
        if (result >= 0) {
            tcp->sock = (int)result;
            tcp->eof = 0;
            result = ORCA_OK;
            break;
        }
        if (result == ORCA_ERR_TIMEOUT) {
            break;
        }
    }
    lwip_freeaddrinfo(list);
    return result;
}

/* Shared start of send and recv: argument checks and the int32_t result cap. */
static int32_t io_check(const orca_lwip_tcp *tcp, const uint8_t *buf, size_t *len)
{
    if (tcp == NULL || buf == NULL || *len == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (tcp->sock < 0) {
        return ORCA_ERR_CLOSED;
    }
    if (*len > (size_t)INT32_MAX) {
        *len = (size_t)INT32_MAX;
    }
    return ORCA_OK;
}

static int32_t tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    orca_lwip_tcp *tcp = ctx;
    uint32_t deadline = sys_now() + timeout_ms;
    int32_t rc = io_check(tcp, buf, &len);
    if (rc != ORCA_OK) {
        return rc;
    }
    for (;;) {
        int32_t left;
        ssize_t n = lwip_send(tcp->sock, buf, len, MSG_DONTWAIT);
        if (n > 0) {
            return (int32_t)n;
        }
        if (n < 0 && errno != EWOULDBLOCK) {
            return status_of_errno(errno, 0);
        }
        left = orca_clock_remaining(sys_now(), deadline);
        rc = left > 0 ? wait_writable(tcp->sock, (uint32_t)left) : 0;
        if (rc <= 0) {
            return rc == 0 ? ORCA_ERR_TIMEOUT : rc;
        }
    }
}

static int32_t tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    orca_lwip_tcp *tcp = ctx;
    int flags = 0;
    int32_t rc = io_check(tcp, buf, &len);
    struct timeval tv = timeval_of_ms(timeout_ms);
    ssize_t n;
    if (rc != ORCA_OK) {
        return rc;
    }
    if (tcp->eof) {
        return 0; /* the end of the stream stays the end */
    }
    /* SO_RCVTIMEO 0 means "wait forever" to lwIP: a 0 ms call polls instead. */
    if (timeout_ms == 0) {
        flags = MSG_DONTWAIT;
    } else if (lwip_setsockopt(tcp->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof tv) !=
               0) {
        return ORCA_ERR_IO;
    }
    n = lwip_recv(tcp->sock, buf, len, flags);
    if (n > 0) {
        return (int32_t)n;
    }
    if (n == 0) {
        tcp->eof = 1; /* orderly close by the peer */
        return 0;
    }
    return status_of_errno(errno, 0);
}

static void tcp_close(void *ctx)
{
    orca_lwip_tcp *tcp = ctx;
    if (tcp != NULL && tcp->sock >= 0) {
        (void)lwip_close(tcp->sock);
        tcp->sock = -1;
        tcp->eof = 0;
    }
}

void orca_lwip_tcp_init(orca_lwip_tcp *tcp, orca_transport *transport)
{
    if (tcp != NULL) {
        tcp->sock = -1;
        tcp->eof = 0;
    }
    if (transport != NULL) {
        transport->connect = tcp_connect;
        transport->send = tcp_send;
        transport->recv = tcp_recv;
        transport->close = tcp_close;
        transport->ctx = tcp;
    }
}
