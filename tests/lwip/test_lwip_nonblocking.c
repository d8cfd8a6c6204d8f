/* The lwIP TCP transport (the shared sockets transport with the lwIP shim)
 * in non-blocking mode and with a given address, over lwIP running in this
 * process behind libslirp (lwip_host.c): lwIP's 10.0.2.2 is this machine's
 * 127.0.0.1. The harness's DNS responder counts the queries it gets. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lwip_host.h"
#include "lwip_host_dns.h"
#include "orca/lwip.h"
#include "orca/status.h"

/* A call that must not wait: this many ms at most on a loaded machine. */
#define QUICK_MS 100L

/* Calls @p t's connect (same arguments) every 2 ms until it is final; each
 * call must return at once. Returns the final status, *wants the count of
 * ORCA_ERR_WANT_WRITE answers before it. */
static int32_t connect_until_final(orca_transport *t, const char *host, uint16_t port, int *wants)
{
    struct timespec start, call;
    int32_t r;
    *wants = 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &call);
        r = t->connect(t->ctx, host, port, 5000);
        assert_true(loopback_elapsed_ms(&call) < QUICK_MS);
        if (r != ORCA_ERR_WANT_WRITE) {
            return r;
        }
        (*wants)++;
        assert_true(loopback_elapsed_ms(&start) < 10000);
        usleep(2000);
    }
}

/* Calls recv every 2 ms while it would block; returns its first other answer. */
static int32_t recv_until_final(orca_transport *t, uint8_t *buf, size_t len)
{
    struct timespec start;
    int32_t r;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while ((r = t->recv(t->ctx, buf, len, 5000)) == ORCA_ERR_WANT_READ) {
        assert_true(loopback_elapsed_ms(&start) < 10000);
        usleep(2000);
    }
    return r;
}

static int setup(void **state)
{
    (void)state;
    return lwip_host_start();
}

/* Connect through lwIP and slirp takes a few calls; no call waits, data and
 * the peer's FIN come through as in blocking mode. */
static void test_nonblocking_connect_recv_and_close(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    uint8_t buf[16];
    struct timespec start;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    orca_lwip_tcp_init(&tcp, &t);
    assert_int_equal(orca_lwip_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&t, LWIP_HOST_LOOPBACK, port, &wants), ORCA_OK);
    print_message("lwIP connect: %d ORCA_ERR_WANT_WRITE before ORCA_OK\n", wants);
    assert_true(wants >= 1); /* the SYN goes through lwIP's thread and slirp */
    sfd = loopback_accept(lfd);
    assert_true(sfd >= 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), ORCA_ERR_WANT_READ);
    assert_true(loopback_elapsed_ms(&start) < QUICK_MS);
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4, 5000), 4);
    assert_int_equal(recv(sfd, buf, 4, MSG_WAITALL), 4);
    assert_memory_equal(buf, "ping", 4);
    assert_int_equal(send(sfd, "pong", 4, 0), 4);
    assert_int_equal(recv_until_final(&t, buf, sizeof buf), 4);
    assert_memory_equal(buf, "pong", 4);
    assert_int_equal(shutdown(sfd, SHUT_WR), 0);
    assert_int_equal(recv_until_final(&t, buf, sizeof buf), 0);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), 0); /* remembered */
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* A black-holed network: the connect stays in progress, every call returns
 * at once; close gives it up and leaves nothing open. */
static void test_nonblocking_connect_in_progress_given_up(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    uint8_t b = 0;
    struct timespec start;
    int i;
    int lfd = loopback_listen(&port, 4, 0);
    (void)state;
    orca_lwip_tcp_init(&tcp, &t);
    assert_int_equal(orca_lwip_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    lwip_host_drop_output(1);
    for (i = 0; i < 20; i++) {
        clock_gettime(CLOCK_MONOTONIC, &start);
        assert_int_equal(t.connect(t.ctx, LWIP_HOST_LOOPBACK, port, 5000), ORCA_ERR_WANT_WRITE);
        assert_true(loopback_elapsed_ms(&start) < QUICK_MS);
        usleep(10000);
    }
    assert_int_equal(t.send(t.ctx, &b, 1, 0), ORCA_ERR_STATE);
    assert_int_equal(t.recv(t.ctx, &b, 1, 0), ORCA_ERR_STATE);
    t.close(t.ctx);
    lwip_host_drop_output(0);
    assert_int_equal(tcp.sock, -1);
    assert_int_equal(tcp.bsd.connecting, 0);
    close(lfd);
}

/* A given address: no DNS query at all (the responder counts none), even for
 * a name the responder would refuse; without it, the name is looked up. */
static void test_given_address_makes_no_dns_query(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    unsigned long before;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    orca_lwip_tcp_init(&tcp, &t);
    assert_int_equal(orca_lwip_tcp_set_address(&tcp, LWIP_HOST_LOOPBACK), ORCA_OK);
    before = lwip_host_dns_queries();
    assert_int_equal(t.connect(t.ctx, "no-such-host.invalid", port, 5000), ORCA_OK);
    sfd = loopback_accept(lfd);
    assert_true(sfd >= 0);
    t.close(t.ctx);
    close(sfd);
    assert_int_equal(orca_lwip_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&t, "no-such-host.invalid", port, &wants), ORCA_OK);
    sfd = loopback_accept(lfd);
    assert_true(sfd >= 0);
    t.close(t.ctx);
    close(sfd);
    assert_int_equal(lwip_host_dns_queries(), before);
    /* A name is no address: refused without a query. */
    assert_int_equal(orca_lwip_tcp_set_address(&tcp, "localhost"), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "localhost", port, 5000), ORCA_ERR_INVALID_ARG);
    assert_int_equal(lwip_host_dns_queries(), before);
    /* Back to resolving: the name is asked for (and refused). */
    assert_int_equal(orca_lwip_tcp_set_address(&tcp, NULL), ORCA_OK);
    assert_int_equal(orca_lwip_tcp_set_nonblocking(&tcp, 0), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "no-such-host.invalid", port, 5000), ORCA_ERR_DNS);
    assert_true(lwip_host_dns_queries() > before);
    close(lfd);
}

/* A peer that reads nothing: once lwIP's send buffer is full, send answers
 * ORCA_ERR_WANT_WRITE at once instead of waiting. */
static void test_nonblocking_send_full(void **state)
{
    static uint8_t block[16 * 1024];
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    int small = 4096;
    size_t total = 0;
    int32_t n = 1;
    struct timespec start;
    long ms = 0;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    assert_int_equal(setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    orca_lwip_tcp_init(&tcp, &t);
    assert_int_equal(orca_lwip_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&t, LWIP_HOST_LOOPBACK, port, &wants), ORCA_OK);
    sfd = loopback_accept(lfd);
    assert_true(sfd >= 0);
    while (n > 0 && total < 64u * 1024u * 1024u) {
        clock_gettime(CLOCK_MONOTONIC, &start);
        n = t.send(t.ctx, block, sizeof block, 5000);
        ms = loopback_elapsed_ms(&start);
        total += n > 0 ? (size_t)n : 0u;
    }
    print_message("send would block after %zu bytes queued, answered in %ld ms\n", total, ms);
    assert_int_equal(n, ORCA_ERR_WANT_WRITE);
    assert_true(ms < QUICK_MS);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonblocking_connect_recv_and_close),
        cmocka_unit_test(test_nonblocking_connect_in_progress_given_up),
        cmocka_unit_test(test_given_address_makes_no_dns_query),
        cmocka_unit_test(test_nonblocking_send_full),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
