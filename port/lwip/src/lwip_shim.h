/* Shim of the shared sockets transport (port/sockets/src/bsd_tcp.c) for
 * lwIP's sockets API (lwip_* names, LWIP_COMPAT_SOCKETS 0). Waits are
 * lwip_select: its timeout holds to the tick, while lwIP checks SO_SNDTIMEO
 * only from its TCP poll timer (measured: 500 ms for a 200 ms timeout) and
 * connect has no timeout at all. */
#ifndef ORCA_LWIP_SHIM_H
#define ORCA_LWIP_SHIM_H

#include "lwip/netdb.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"

#include "orca/lwip.h"
#include "orca/status.h"

#define ORCA_BSD_TCP orca_lwip_tcp
#define ORCA_BSD_FD(t) ((t)->sock)
#define ORCA_BSD_FN(name) orca_lwip_tcp_##name
#define ORCA_BSD_NOW() sys_now()
#define ORCA_BSD_CONNECT lwip_connect
#define ORCA_BSD_SEND(fd, buf, len) lwip_send((fd), (buf), (len), 0)
#define ORCA_BSD_RECV(fd, buf, len) lwip_recv((fd), (buf), (len), 0)
#define ORCA_BSD_CLOSE lwip_close
#define ORCA_BSD_GETSOCKOPT lwip_getsockopt
#define ORCA_BSD_GETADDRINFO lwip_getaddrinfo
#define ORCA_BSD_FREEADDRINFO lwip_freeaddrinfo
#define ORCA_BSD_ERRNO errno
#define ORCA_BSD_AI_FLAGS 0

static int orca_bsd_open(int family, int type, int protocol)
{
    int sock = lwip_socket(family, type, protocol);
    if (sock >= 0 && lwip_fcntl(sock, F_SETFL, O_NONBLOCK) != 0) {
        (void)lwip_close(sock);
        sock = -1;
    }
    return sock;
}

/* Capped at 2^31 - 1 ms: lwIP turns the timeval back into milliseconds in a
 * long, 32 bits on a Cortex-M. */
static int32_t orca_bsd_wait(int sock, int for_write, uint32_t ms)
{
    fd_set set;
    struct timeval tv;
    int n;
    ms = ms > (uint32_t)INT32_MAX ? (uint32_t)INT32_MAX : ms;
    tv.tv_sec = (long)(ms / 1000u);
    tv.tv_usec = (long)(ms % 1000u) * 1000L;
    FD_ZERO(&set);
    FD_SET(sock, &set);
    n = lwip_select(sock + 1, for_write ? NULL : &set, for_write ? &set : NULL, NULL, &tv);
    return n < 0 ? ORCA_ERR_IO : (n > 0 ? 1 : 0);
}

#endif /* ORCA_LWIP_SHIM_H */
