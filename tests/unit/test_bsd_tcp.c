/* The shared sockets transport (port/sockets/src/bsd_tcp.c) in what the
 * POSIX port's blocking tests (test_posix_tcp.c) do not reach: non-blocking
 * mode and a connect to a given address, over loopback sockets driven by the
 * test itself (the kernel completes connects to a listening socket before
 * accept(), so one thread plays both sides). tests/lwip/test_lwip_tcp.c runs
 * the same code with the lwIP shim. */
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
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"

/* A call that must not wait: this many ms at most on a loaded machine. */
#define QUICK_MS 100u

/* One transport call timed: the result, and *ms how long it took. */
static int32_t timed_connect(orca_transport *t, const char *host, uint16_t port, uint32_t *ms)
{
    uint32_t start = orca_posix_now_ms(NULL);
    int32_t r = t->connect(t->ctx, host, port, 5000);
    *ms = orca_posix_now_ms(NULL) - start;
    return r;
}

/* Calls connect again (same arguments) until it is final, waiting for the
 * socket to become writable in between as a caller's event loop would; each
 * call must return at once. Returns the final status; *wants counts the
 * ORCA_ERR_WANT_WRITE answers. */
static int32_t connect_until_final(orca_posix_tcp *tcp, orca_transport *t, const char *host,
                                   uint16_t port, int *wants)
{
    uint32_t start = orca_posix_now_ms(NULL);
    int32_t r;
    *wants = 0;
    for (;;) {
        uint32_t ms;
        struct pollfd p;
        r = timed_connect(t, host, port, &ms);
        assert_true(ms < QUICK_MS);
        if (r != ORCA_ERR_WANT_WRITE) {
            return r;
        }
        (*wants)++;
        assert_true(tcp->fd >= 0);
        assert_true(orca_posix_now_ms(NULL) - start < 10000u);
        p.fd = tcp->fd;
        p.events = POLLOUT;
        p.revents = 0;
        (void)poll(&p, 1, 200);
    }
}

static void test_nonblocking_connect_then_data(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint8_t buf[16];
    uint16_t port;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    uint32_t start;
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&tcp, &t, "127.0.0.1", port, &wants), ORCA_OK);
    print_message("loopback connect: %d ORCA_ERR_WANT_WRITE before ORCA_OK\n", wants);
    sfd = accept(lfd, NULL, NULL);
    assert_true(sfd >= 0);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 100), ORCA_ERR_STATE);
    /* Nothing to read: at once, whatever the timeout says; never 0. */
    start = orca_posix_now_ms(NULL);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), ORCA_ERR_WANT_READ);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 0), ORCA_ERR_WANT_READ);
    assert_true(orca_posix_now_ms(NULL) - start < QUICK_MS);
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4, 5000), 4);
    assert_int_equal(recv(sfd, buf, 4, MSG_WAITALL), 4);
    assert_memory_equal(buf, "ping", 4);
    assert_int_equal(send(sfd, "pong", 4, 0), 4);
    assert_int_equal(shutdown(sfd, SHUT_WR), 0);
    {
        struct pollfd p = {tcp.fd, POLLIN, 0};
        assert_int_equal(poll(&p, 1, 2000), 1);
    }
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), 4);
    assert_memory_equal(buf, "pong", 4);
    /* The peer's FIN: 0, and 0 again (remembered), not a would-block. */
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), 0);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 5000), 0);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* A listener whose accept queue is full drops our SYN: connect answers
 * ORCA_ERR_WANT_WRITE at once, call after call, and ORCA_OK once a slot is
 * free and the kernel's retransmitted SYN (after 1 s) gets through. */
static void test_nonblocking_connect_in_progress(void **state)
{
    orca_posix_tcp fill[8], tcp;
    orca_transport ft[8], t;
    uint8_t b = 0;
    uint16_t port;
    uint32_t ms;
    int lfd = loopback_listen(&port, 0, 0);
    int32_t r = ORCA_OK;
    int i, n = 0, calls, wants, afd;
    (void)state;
    for (i = 0; i < 8 && r == ORCA_OK; i++) { /* blocking fillers, never accepted */
        orca_posix_tcp_init(&fill[i], &ft[i]);
        r = ft[i].connect(ft[i].ctx, "127.0.0.1", port, 300);
        n += r == ORCA_OK;
    }
    assert_int_equal(r, ORCA_ERR_TIMEOUT);
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    for (calls = 0; calls < 5; calls++) {
        assert_int_equal(timed_connect(&t, "127.0.0.1", port, &ms), ORCA_ERR_WANT_WRITE);
        assert_true(ms < QUICK_MS);
        usleep(20000);
    }
    /* Meanwhile the connection is not usable. */
    assert_int_equal(t.send(t.ctx, &b, 1, 0), ORCA_ERR_STATE);
    assert_int_equal(t.recv(t.ctx, &b, 1, 0), ORCA_ERR_STATE);
    afd = accept(lfd, NULL, NULL); /* frees a slot of the queue */
    assert_true(afd >= 0);
    assert_int_equal(connect_until_final(&tcp, &t, "127.0.0.1", port, &wants), ORCA_OK);
    print_message("connect with a full queue: %d + %d ORCA_ERR_WANT_WRITE, then ORCA_OK\n", calls,
                  wants);
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"x", 1, 0), 1);
    t.close(t.ctx);
    close(afd);
    for (i = 0; i < n; i++) {
        ft[i].close(ft[i].ctx);
    }
    close(lfd);
}

/* A connect given up while in progress: close releases it, a new one works. */
static void test_nonblocking_connect_given_up(void **state)
{
    orca_posix_tcp fill[8], tcp;
    orca_transport ft[8], t;
    uint16_t port;
    int lfd = loopback_listen(&port, 0, 0);
    int32_t r = ORCA_OK;
    int i, n = 0;
    (void)state;
    for (i = 0; i < 8 && r == ORCA_OK; i++) {
        orca_posix_tcp_init(&fill[i], &ft[i]);
        r = ft[i].connect(ft[i].ctx, "127.0.0.1", port, 300);
        n += r == ORCA_OK;
    }
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 0), ORCA_ERR_WANT_WRITE);
    t.close(t.ctx);
    assert_int_equal(tcp.fd, -1);
    assert_null(tcp.bsd.pending);
    assert_int_equal(tcp.bsd.connecting, 0);
    for (i = 0; i < n; i++) {
        ft[i].close(ft[i].ctx);
    }
    close(lfd);
    /* The same state connects anew (blocking again). */
    lfd = loopback_listen(&port, 4, 0);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 0), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 2000), ORCA_OK);
    t.close(t.ctx);
    close(lfd);
}

static void test_nonblocking_refused(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    int wants;
    int lfd = loopback_listen(&port, 1, 0);
    (void)state;
    close(lfd); /* nothing listens on the port now */
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&tcp, &t, "127.0.0.1", port, &wants),
                     ORCA_ERR_CONN_REFUSED);
    assert_int_equal(tcp.fd, -1);
    assert_null(tcp.bsd.pending);
}

/* "localhost" may give ::1 first, where nothing listens: the refusal there
 * starts 127.0.0.1 within the same call sequence. */
static void test_nonblocking_every_address_tried(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&tcp, &t, "localhost", port, &wants), ORCA_OK);
    assert_null(tcp.bsd.pending); /* the resolver's list is back */
    sfd = accept(lfd, NULL, NULL);
    assert_true(sfd >= 0);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* A peer that reads nothing: sends fill the buffers, then ORCA_ERR_WANT_WRITE
 * at once; once the peer reads, the same send goes through. */
static void test_nonblocking_send_full(void **state)
{
    static uint8_t block[64 * 1024];
    static uint8_t sink[64 * 1024];
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    size_t total = 0;
    int32_t n = 1;
    uint32_t start, ms = 0;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&tcp, &t, "127.0.0.1", port, &wants), ORCA_OK);
    sfd = accept(lfd, NULL, NULL);
    assert_true(sfd >= 0);
    while (n > 0 && total < 256u * 1024u * 1024u) {
        start = orca_posix_now_ms(NULL);
        n = t.send(t.ctx, block, sizeof block, 5000);
        ms = orca_posix_now_ms(NULL) - start;
        total += n > 0 ? (size_t)n : 0u;
    }
    print_message("send would block after %zu bytes, answered in %u ms\n", total, (unsigned)ms);
    assert_int_equal(n, ORCA_ERR_WANT_WRITE);
    assert_true(ms < QUICK_MS);
    /* The peer reads until our socket has room again (the kernel wakes a
     * writer only once a good part of the send buffer is free). */
    for (;;) {
        struct pollfd p = {tcp.fd, POLLOUT, 0};
        if (poll(&p, 1, 0) == 1) {
            break;
        }
        assert_true(recv(sfd, sink, sizeof sink, 0) > 0);
    }
    assert_true(t.send(t.ctx, block, sizeof block, 5000) > 0);
    t.close(t.ctx);
    close(sfd);
    close(lfd);
}

/* A given address: the host is not resolved (a name that cannot resolve
 * still connects), the port is connect's; a name is no address. */
static void test_given_address_skips_dns(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint16_t port;
    int wants;
    int lfd = loopback_listen(&port, 4, 0);
    int sfd;
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(orca_posix_tcp_set_address(&tcp, "127.0.0.1"), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "nonexistent.invalid", port, 2000), ORCA_OK);
    sfd = accept(lfd, NULL, NULL);
    assert_true(sfd >= 0);
    t.close(t.ctx);
    close(sfd);
    /* The same, non-blocking. */
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    assert_int_equal(connect_until_final(&tcp, &t, "nonexistent.invalid", port, &wants), ORCA_OK);
    sfd = accept(lfd, NULL, NULL);
    assert_true(sfd >= 0);
    t.close(t.ctx);
    close(sfd);
    /* A name is refused without a lookup; NULL resolves the host again. */
    assert_int_equal(orca_posix_tcp_set_address(&tcp, "localhost"), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "localhost", port, 2000), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_tcp_set_address(&tcp, NULL), ORCA_OK);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 0), ORCA_OK);
    assert_int_equal(t.connect(t.ctx, "nonexistent.invalid", port, 2000), ORCA_ERR_DNS);
    assert_int_equal(orca_posix_tcp_set_address(&tcp, ""), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_tcp_set_address(NULL, "127.0.0.1"), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_tcp_set_nonblocking(NULL, 1), ORCA_ERR_INVALID_ARG);
    close(lfd);
}

/* Blocking mode: a timeout past 2^31 ms still waits (it is capped, never
 * taken as already passed), and 0 polls. */
/* The peer of test_blocking_long_and_zero_timeouts: a timer signal writes
 * its bytes while the transport waits (no second process or thread: the armhf
 * tests run under qemu-user, where a fork in a cmocka test crashed). */
static int late_fd = -1;
static void send_late(int sig)
{
    (void)sig;
    (void)send(late_fd, "late", 4, 0); /* async-signal-safe */
}

static void test_blocking_long_and_zero_timeouts(void **state)
{
    orca_posix_tcp tcp;
    orca_transport t;
    uint8_t buf[4];
    uint16_t port;
    uint32_t start;
    struct sigaction sa;
    struct itimerval later;
    int lfd = loopback_listen(&port, 4, 0);
    (void)state;
    orca_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, UINT32_MAX), ORCA_OK);
    late_fd = accept(lfd, NULL, NULL);
    assert_true(late_fd >= 0);
    start = orca_posix_now_ms(NULL);
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, 0), ORCA_ERR_TIMEOUT);
    assert_true(orca_posix_now_ms(NULL) - start < QUICK_MS);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = send_late;
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&later, 0, sizeof later);
    later.it_value.tv_usec = 200000; /* the peer writes a little later */
    assert_int_equal(setitimer(ITIMER_REAL, &later, NULL), 0);
    /* UINT32_MAX waits (capped, never taken as already passed) through the signal */
    assert_int_equal(t.recv(t.ctx, buf, sizeof buf, UINT32_MAX), 4);
    assert_memory_equal(buf, "late", 4);
    signal(SIGALRM, SIG_DFL);
    t.close(t.ctx);
    close(late_fd);
    close(lfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonblocking_connect_then_data),
        cmocka_unit_test(test_nonblocking_connect_in_progress),
        cmocka_unit_test(test_nonblocking_connect_given_up),
        cmocka_unit_test(test_nonblocking_refused),
        cmocka_unit_test(test_nonblocking_every_address_tried),
        cmocka_unit_test(test_nonblocking_send_full),
        cmocka_unit_test(test_given_address_skips_dns),
        cmocka_unit_test(test_blocking_long_and_zero_timeouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
