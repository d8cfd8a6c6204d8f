/* Shim of the shared sockets transport (port/sockets/src/bsd_tcp.c) for
 * POSIX sockets: Linux and the BSDs (SOCK_NONBLOCK, SOCK_CLOEXEC,
 * MSG_NOSIGNAL: a send to a closed peer must not raise SIGPIPE). */
#ifndef ORCA_POSIX_SHIM_H
#define ORCA_POSIX_SHIM_H

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"

#define ORCA_BSD_TCP orca_posix_tcp
#define ORCA_BSD_FD(t) ((t)->fd)
#define ORCA_BSD_FN(name) orca_posix_tcp_##name
#define ORCA_BSD_NOW() orca_posix_now_ms(NULL)
#define ORCA_BSD_CONNECT connect
#define ORCA_BSD_SEND(fd, buf, len) send((fd), (buf), (len), MSG_NOSIGNAL)
#define ORCA_BSD_RECV(fd, buf, len) recv((fd), (buf), (len), 0)
#define ORCA_BSD_CLOSE close
#define ORCA_BSD_GETSOCKOPT getsockopt
#define ORCA_BSD_GETADDRINFO getaddrinfo
#define ORCA_BSD_FREEADDRINFO freeaddrinfo
#define ORCA_BSD_ERRNO errno
/* Only families this host has an address of; the service is a number. */
#define ORCA_BSD_AI_FLAGS (AI_ADDRCONFIG | AI_NUMERICSERV)

static int orca_bsd_open(int family, int type, int protocol)
{
    return socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
}

static int32_t orca_bsd_wait(int fd, int for_write, uint32_t ms)
{
    struct pollfd p;
    int n;
    p.fd = fd;
    p.events = for_write ? POLLOUT : POLLIN;
    p.revents = 0;
    do {
        n = poll(&p, 1, ms > (uint32_t)INT32_MAX ? INT32_MAX : (int)ms);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? ORCA_ERR_IO : (n > 0 ? 1 : 0);
}

#endif /* ORCA_POSIX_SHIM_H */
