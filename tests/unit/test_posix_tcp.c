/* The POSIX TCP transport against loopback sockets driven by the test itself:
 * the kernel completes connects to a listening socket before accept(), so one
 * thread can play both sides. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"

/* Connects a fresh transport to host:port and accepts it on @p lfd. */
static int connect_pair(int lfd, const char *host, uint16_t port, orca_posix_tcp *tcp,
                        orca_transport *t)
{
    int sfd;
    orca_posix_tcp_init(tcp, t);
    assert_int_equal(t->connect(t->ctx, host, port, 2000), ORCA_OK);
    sfd = accept(lfd, NULL, NULL);
    assert_true(sfd >= 0);
    return sfd;
}

/* Closes the transport, the accepted socket and the listener. */
static void close_pair(orca_transport *t, int sfd, int lfd)
{
    t->close(t->ctx);
    close(sfd);
    close(lfd);
}

static void test_send_recv_and_orderly_close(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint8_t buf[16];
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, "127.0.0.1", port, &tcp, &t);
    (void)state;
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4, 1000), 4);
    assert_int_equal(recv(sfd, buf, sizeof buf, 0), 4);
    assert_memory_equal(buf, "ping", 4);
    assert_int_equal(send(sfd, "pong!", 5, 0), 5);
    close(sfd);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 1000), 5);
    assert_memory_equal(buf, "pong!", 5);
    /* Orderly close is exactly 0, and stays 0. */
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 1000), 0);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 1000), 0);
    t.close(t.ctx);
    t.close(t.ctx); /* twice is safe */
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 10), ORCA_ERR_CLOSED);
    assert_int_equal(t.send(t.ctx, buf, 1, 10), ORCA_ERR_CLOSED);
    close(lfd);
}

static void test_reset_is_not_close(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    struct linger lin = {1, 0};
    uint8_t buf[16];
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, "127.0.0.1", port, &tcp, &t);
    (void)state;
    /* Linger 0 makes close() send an RST. */
    assert_int_equal(setsockopt(sfd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin), 0);
    close(sfd);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 1000), ORCA_ERR_CONN_RESET);
    t.close(t.ctx);
    close(lfd);
}

static void test_send_to_closed_peer_no_sigpipe(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    static const uint8_t data[4096];
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, "127.0.0.1", port, &tcp, &t);
    int32_t r = 1;
    int i;
    (void)state;
    close(sfd);
    /* The first sends may be buffered; later ones hit the RST. SIGPIPE would kill us. */
    for (i = 0; i < 100 && r > 0; i++) {
        r = t.send(t.ctx, data, sizeof data, 1000);
    }
    assert_int_equal(r, ORCA_ERR_CONN_RESET);
    t.close(t.ctx);
    close(lfd);
}

static void test_recv_timeout_bounded(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint8_t buf[4];
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, "127.0.0.1", port, &tcp, &t);
    uint32_t start = orca_posix_now_ms(NULL);
    uint32_t elapsed;
    (void)state;
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 200), ORCA_ERR_TIMEOUT);
    elapsed = orca_posix_now_ms(NULL) - start;
    assert_true(elapsed >= 200 && elapsed < 200 + 300); /* slack for a loaded machine */
    /* A timeout is not a close: data that arrives later is still read. */
    assert_int_equal(send(sfd, "x", 1, 0), 1);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 1000), 1);
    close_pair(&t, sfd, lfd);
}

static void test_connect_refused(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    int lfd = loopback_listen(&port, 1, 0);
    (void)state;
    close(lfd); /* nothing listens on the port now */
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 1000), ORCA_ERR_CONN_REFUSED);
    assert_int_equal(tcp.fd, -1);
}

static void test_connect_timeout_bounded(void **state)
{
    orca_posix_tcp fill[8];
    orca_transport ft[8];
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    int lfd = loopback_listen(&port, 0, 0);
    uint32_t start;
    uint32_t elapsed;
    int32_t r = ORCA_OK;
    int i;
    int n = 0;
    (void)state;
    /* Never accepting: once the accept queue is full the kernel drops SYNs. */
    for (i = 0; i < 8 && r == ORCA_OK; i++) {
        orca_posix_tcp_init(&fill[i], &ft[i]);
        r = ft[i].connect(ft[i].ctx, "127.0.0.1", port, 300);
        n += r == ORCA_OK;
    }
    assert_int_equal(r, ORCA_ERR_TIMEOUT);
    orca_posix_tcp_init(&tcp, &t);
    start = orca_posix_now_ms(NULL);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 250), ORCA_ERR_TIMEOUT);
    elapsed = orca_posix_now_ms(NULL) - start;
    assert_true(elapsed >= 250 && elapsed < 250 + 300);
    for (i = 0; i < n; i++) {
        ft[i].close(ft[i].ctx);
    }
    close(lfd);
}

static void test_dns_failure(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "nonexistent.invalid", 443, 2000), ORCA_ERR_DNS);
    assert_int_equal(t.connect(t.ctx, "bad host name", 443, 2000), ORCA_ERR_DNS);
}

static void test_every_address_tried(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    /* "localhost" may resolve to ::1 first, where nothing listens: 127.0.0.1 must follow. */
    sfd = connect_pair(lfd, "localhost", port, &tcp, &t);
    close_pair(&t, sfd, lfd);
}

static void test_ipv6_loopback(void **state)
{
    struct sockaddr_in6 sa;
    socklen_t len = sizeof sa;
    orca_posix_tcp tcp;
    orca_transport t;
    int lfd = socket(AF_INET6, SOCK_STREAM, 0);
    int sfd;
    (void)state;
    memset(&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    sa.sin6_addr = in6addr_loopback;
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        if (lfd >= 0) {
            close(lfd);
        }
        skip(); /* no IPv6 on this host */
    }
    assert_int_equal(listen(lfd, 4), 0);
    assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
    sfd = connect_pair(lfd, "::1", ntohs(sa.sin6_port), &tcp, &t);
    close_pair(&t, sfd, lfd);
}

static void test_invalid_arguments(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint8_t buf[4];
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, NULL, 80, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.connect(t.ctx, "", 80, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", 0, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.connect(NULL, "127.0.0.1", 80, 100), ORCA_ERR_INVALID_ARG);
    sfd = connect_pair(lfd, "127.0.0.1", port, &tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 100), ORCA_ERR_STATE);
    assert_int_equal(t.send(t.ctx, NULL, 1, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.send(t.ctx, buf, 0, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.recv(t.ctx, NULL, 1, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.recv(t.ctx, buf, 0, 100), ORCA_ERR_INVALID_ARG);
    close_pair(&t, sfd, lfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_send_recv_and_orderly_close),
        cmocka_unit_test(test_reset_is_not_close),
        cmocka_unit_test(test_send_to_closed_peer_no_sigpipe),
        cmocka_unit_test(test_recv_timeout_bounded),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_connect_timeout_bounded),
        cmocka_unit_test(test_dns_failure),
        cmocka_unit_test(test_every_address_tried),
        cmocka_unit_test(test_ipv6_loopback),
        cmocka_unit_test(test_invalid_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
