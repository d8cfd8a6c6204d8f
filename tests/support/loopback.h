/* Loopback helpers of the transport tests (POSIX, the shared sockets
 * transport, TLS over it, lwIP): a listening socket on a kernel-chosen port,
 * a bounded accept, elapsed time. Include after cmocka.h. */
#ifndef ORCA_TEST_LOOPBACK_H
#define ORCA_TEST_LOOPBACK_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* A listening socket on 127.0.0.1 with a kernel-chosen port, into *port;
 * @p type_flags go with SOCK_STREAM (SOCK_NONBLOCK for a non-blocking accept). */
static inline int loopback_listen(uint16_t *port, int backlog, int type_flags)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM | type_flags, 0);
    assert_true(fd >= 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(fd, backlog), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

/* accept() bounded to 5 s. */
static inline int loopback_accept(int lfd)
{
    struct pollfd p = {lfd, POLLIN, 0};
    assert_int_equal(poll(&p, 1, 5000), 1);
    return accept(lfd, NULL, NULL);
}

/* Milliseconds on the monotonic clock since @p since. */
static inline long loopback_elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000L + (now.tv_nsec - since->tv_nsec) / 1000000L;
}

#endif /* ORCA_TEST_LOOPBACK_H */
