/* The lwIP TCP transport (port/lwip) over lwIP running in this process, its
 * netif wired to libslirp (lwip_host.c): lwIP's 10.0.2.2 is this machine's
 * 127.0.0.1. slirp completes a connect to a listening socket before
 * accept(), so the test thread plays both sides. */
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
#include "orca/lwip.h"
#include "orca/status.h"

/* Connects a fresh transport to host:port through lwIP and accepts it. */
static int connect_pair(int lfd, const char *host, uint16_t port, orca_lwip_tcp *tcp,
                        orca_transport *t)
{
    int sfd;
    orca_lwip_tcp_init(tcp, t);
    assert_int_equal(t->connect(t->ctx, host, port, 5000), ORCA_OK);
    sfd = loopback_accept(lfd);
    assert_true(sfd >= 0);
    return sfd;
}

/* Reads exactly @p len bytes through the transport (each read bounded). */
static void recv_exact(orca_transport *t, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        int32_t n = t->recv(t->ctx, buf + got, len - got, 5000);
        assert_true(n > 0);
        got += (size_t)n;
    }
}

static int setup(void **state)
{
    (void)state;
    return lwip_host_start();
}

static void test_invalid_arguments_and_state(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint8_t b = 0;
    (void)state;
    orca_lwip_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, NULL, 80, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.connect(t.ctx, "", 80, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.connect(t.ctx, LWIP_HOST_LOOPBACK, 0, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.connect(NULL, LWIP_HOST_LOOPBACK, 80, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.send(t.ctx, &b, 1, 100), ORCA_ERR_CLOSED);
    assert_int_equal(t.recv(t.ctx, &b, 1, 100), ORCA_ERR_CLOSED);
    assert_int_equal(t.recv(t.ctx, NULL, 1, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(t.send(t.ctx, &b, 0, 100), ORCA_ERR_INVALID_ARG);
    t.close(t.ctx);
    t.close(t.ctx);
    t.close(NULL);
}

/* "localhost" is resolved by lwIP's DNS client (the harness's responder
 * answers 10.0.2.2); data both ways, then the peer's FIN reads as 0, twice. */
static void test_dns_name_data_and_orderly_close(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    uint8_t buf[16];
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, "localhost", port, &tcp, &t);
    (void)state;
    assert_int_equal(t.connect(t.ctx, "localhost", port, 1000), ORCA_ERR_STATE);
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4, 1000), 4);
    assert_int_equal(recv(sfd, buf, 4, MSG_WAITALL), 4);
    assert_memory_equal(buf, "ping", 4);
    assert_int_equal(send(sfd, "pong", 4, 0), 4);
    recv_exact(&t, buf, 4);
    assert_memory_equal(buf, "pong", 4);
    /* The longest timeouts are fine when the data is there. */
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"long", 4, UINT32_MAX), 4);
    assert_int_equal(recv(sfd, buf, 4, MSG_WAITALL), 4);
    assert_int_equal(send(sfd, "w", 1, 0), 1);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, UINT32_MAX), 1);
    assert_int_equal(buf[0], 'w');
    assert_int_equal(shutdown(sfd, SHUT_WR), 0);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), 0);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), 0);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* No data is a timeout (bounded, not sticky, never 0); data then still reads. */
static void test_recv_timeout_is_not_end_of_stream(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    uint8_t buf[8];
    struct timespec start;
    long ms;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, LWIP_HOST_LOOPBACK, port, &tcp, &t);
    (void)state;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 300), ORCA_ERR_TIMEOUT);
    ms = loopback_elapsed_ms(&start);
    print_message("recv timeout of 300 ms returned after %ld ms\n", ms);
    assert_true(ms >= 250 && ms < 2000);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 0), ORCA_ERR_TIMEOUT);
    assert_int_equal(send(sfd, "late", 4, 0), 4);
    recv_exact(&t, buf, 4);
    assert_memory_equal(buf, "late", 4);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* An abortive close by the peer (SO_LINGER 0: a RST) is a reset, not an end. */
static void test_peer_reset(void **state)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    uint8_t buf[8];
    struct linger lg = {1, 0};
    int32_t n;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, LWIP_HOST_LOOPBACK, port, &tcp, &t);
    (void)state;
    assert_int_equal(setsockopt(sfd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    close(sfd);
    n = t.recv(t.ctx, buf, sizeof buf, 5000);
    assert_int_equal(n, ORCA_ERR_CONN_RESET);
    n = t.send(t.ctx, (const uint8_t *)"x", 1, 1000);
    assert_int_equal(n, ORCA_ERR_CONN_RESET);
    t.close(t.ctx);
    close(lfd);
}

/* A connect that must fail with @p expected: checks the transport stays
 * unconnected and returns how long the attempt took (ms). */
static long connect_fails(const char *host, uint16_t port, uint32_t timeout_ms, int32_t expected)
{
    orca_lwip_tcp tcp;
    orca_transport t;
    struct timespec start;
    orca_lwip_tcp_init(&tcp, &t);
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(t.connect(t.ctx, host, port, timeout_ms), expected);
    assert_int_equal(tcp.sock, -1);
    return loopback_elapsed_ms(&start);
}

static void test_connect_refused(void **state)
{
    uint16_t port;
    int lfd = loopback_listen(&port, 4, 0);
    (void)state;
    close(lfd); /* nothing listens on port now */
    assert_true(connect_fails(LWIP_HOST_LOOPBACK, port, 5000, ORCA_ERR_CONN_REFUSED) < 4000);
}

/* A network that answers nothing: the connect ends at its deadline. */
static void test_connect_deadline(void **state)
{
    uint16_t port;
    long ms;
    int lfd = loopback_listen(&port, 4, 0);
    (void)state;
    lwip_host_drop_output(1);
    ms = connect_fails(LWIP_HOST_LOOPBACK, port, 400, ORCA_ERR_TIMEOUT);
    lwip_host_drop_output(0);
    print_message("connect deadline of 400 ms returned after %ld ms\n", ms);
    assert_true(ms >= 350 && ms < 2000);
    close(lfd);
}

/* NXDOMAIN from the harness's responder: a DNS error, quickly. */
static void test_dns_failure(void **state)
{
    (void)state;
    assert_true(connect_fails("no-such-host.invalid", 443, 5000, ORCA_ERR_DNS) < 4000);
}

/* DNS queries that get no answer: lwIP gives up after its retries
 * (DNS_MAX_RETRIES 4: 1 + 1 + 2 + 3 s), a DNS error, not a hang. */
static void test_dns_unanswered_is_bounded(void **state)
{
    long ms;
    (void)state;
    lwip_host_drop_output(1);
    ms = connect_fails("unanswered.example", 443, 20000, ORCA_ERR_DNS);
    lwip_host_drop_output(0);
    print_message("unanswered DNS query failed after %ld ms\n", ms);
    assert_true(ms >= 5000 && ms < 12000);
}

/* A peer that reads nothing: once its buffers and lwIP's are full, a send
 * times out after its own timeout instead of blocking. */
static void test_send_timeout(void **state)
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
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    assert_int_equal(setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    sfd = connect_pair(lfd, LWIP_HOST_LOOPBACK, port, &tcp, &t);
    while (n > 0 && total < 64u * 1024u * 1024u) {
        clock_gettime(CLOCK_MONOTONIC, &start);
        n = t.send(t.ctx, block, sizeof block, 200);
        ms = loopback_elapsed_ms(&start);
        total += n > 0 ? (size_t)n : 0u;
    }
    print_message("send timed out after %zu bytes queued, in %ld ms\n", total, ms);
    assert_int_equal(n, ORCA_ERR_TIMEOUT);
    /* lwIP's own SO_SNDTIMEO would overshoot to its 500 ms TCP poll timer. */
    assert_true(ms >= 150 && ms < 450);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* 256 KiB each way through lwIP and slirp, checked byte for byte. */
static void test_bulk_transfer(void **state)
{
    static uint8_t out[256 * 1024], in[256 * 1024];
    orca_lwip_tcp tcp;
    orca_transport t;
    uint16_t port;
    size_t sent = 0, got = 0, i;
    struct timespec start;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd = connect_pair(lfd, LWIP_HOST_LOOPBACK, port, &tcp, &t);
    (void)state;
    for (i = 0; i < sizeof out; i++) {
        out[i] = (uint8_t)(i * 31u + 7u);
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (sent < sizeof out) { /* lwIP -> host */
        int32_t n = t.send(t.ctx, out + sent, sizeof out - sent, 5000);
        assert_true(n > 0);
        sent += (size_t)n;
        while (got < sent) {
            ssize_t r = recv(sfd, in + got, sent - got, 0);
            assert_true(r > 0);
            got += (size_t)r;
        }
    }
    assert_memory_equal(in, out, sizeof out);
    memset(in, 0, sizeof in);
    for (sent = got = 0; got < sizeof in;) { /* host -> lwIP, never blocking the host side */
        ssize_t w = sent < sizeof out ? send(sfd, out + sent, sizeof out - sent, MSG_DONTWAIT) : 0;
        int32_t n;
        if (w > 0) {
            sent += (size_t)w;
        }
        n = t.recv(t.ctx, in + got, sizeof in - got, 5000);
        assert_true(n > 0);
        got += (size_t)n;
    }
    assert_memory_equal(in, out, sizeof out);
    print_message("512 KiB through lwIP + slirp in %ld ms\n", loopback_elapsed_ms(&start));
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_arguments_and_state),
        cmocka_unit_test(test_dns_name_data_and_orderly_close),
        cmocka_unit_test(test_recv_timeout_is_not_end_of_stream),
        cmocka_unit_test(test_peer_reset),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_connect_deadline),
        cmocka_unit_test(test_dns_failure),
        cmocka_unit_test(test_dns_unanswered_is_bounded),
        cmocka_unit_test(test_send_timeout),
        cmocka_unit_test(test_bulk_transfer),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
