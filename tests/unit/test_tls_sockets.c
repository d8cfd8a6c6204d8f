/* The whole non-blocking stack on real sockets: the TLS transport over the
 * POSIX sockets transport in non-blocking mode, against an mbedTLS server in
 * this process on the accepted loopback socket (non-blocking too). One
 * thread runs both as an event loop would: call the client, and when it
 * answers ORCA_ERR_WANT_READ / _WRITE, step the server and poll the client's
 * socket for that direction, then call again with the same arguments.
 * test_tls.c covers the same mapping over an in-memory pipe. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loopback.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"
#include "orca/tls.h"

#include <mbedtls/pk.h>
#include <mbedtls/version.h>

typedef struct server {
    int fd; /* accepted socket, -1 before */
    int handshake_done;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt crt;
    mbedtls_pk_context key;
    mbedtls_ctr_drbg_context drbg;
} server;

static uint8_t file_buf[16384];

static size_t load(const char *name)
{
    char path[512];
    size_t len = 0;
    const char *dir = getenv("ORCA_TLS_CERT_DIR");
    assert_non_null(dir); /* set by ctest: the tls_certs fixture makes the files */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(orca_posix_file_load(path, file_buf, sizeof file_buf, &len), ORCA_OK);
    return len;
}

static int srv_send(void *ctx, const unsigned char *p, size_t n)
{
    server *s = ctx;
    ssize_t w = send(s->fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
        return errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_SSL_INTERNAL_ERROR;
    }
    return (int)w;
}

static int srv_recv(void *ctx, unsigned char *p, size_t n)
{
    server *s = ctx;
    ssize_t r = recv(s->fd, p, n, 0);
    if (r < 0) {
        return errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_SSL_INTERNAL_ERROR;
    }
    return (int)r;
}

static void server_setup(server *s)
{
    size_t len;
    int r;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    mbedtls_ssl_init(&s->ssl);
    mbedtls_ssl_config_init(&s->conf);
    mbedtls_x509_crt_init(&s->crt);
    mbedtls_pk_init(&s->key);
    mbedtls_ctr_drbg_init(&s->drbg);
    assert_int_equal(mbedtls_ctr_drbg_seed(&s->drbg, orca_posix_entropy, NULL, NULL, 0), 0);
    len = load("server.pem");
    assert_int_equal(mbedtls_x509_crt_parse(&s->crt, file_buf, len), 0);
    len = load("server.key");
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    r = mbedtls_pk_parse_key(&s->key, file_buf, len, NULL, 0, mbedtls_ctr_drbg_random, &s->drbg);
#else
    r = mbedtls_pk_parse_key(&s->key, file_buf, len, NULL, 0);
#endif
    assert_int_equal(r, 0);
    assert_int_equal(mbedtls_ssl_config_defaults(&s->conf, MBEDTLS_SSL_IS_SERVER,
                                                 MBEDTLS_SSL_TRANSPORT_STREAM,
                                                 MBEDTLS_SSL_PRESET_DEFAULT), 0);
    mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &s->drbg);
    assert_int_equal(mbedtls_ssl_conf_own_cert(&s->conf, &s->crt, &s->key), 0);
    assert_int_equal(mbedtls_ssl_setup(&s->ssl, &s->conf), 0);
    mbedtls_ssl_set_bio(&s->ssl, s, srv_send, srv_recv, NULL);
}

static void server_free(server *s)
{
    if (s->fd >= 0) {
        close(s->fd);
    }
    mbedtls_ssl_free(&s->ssl);
    mbedtls_ssl_config_free(&s->conf);
    mbedtls_x509_crt_free(&s->crt);
    mbedtls_pk_free(&s->key);
    mbedtls_ctr_drbg_free(&s->drbg);
}

/* One step of the server: accept, handshake progress, else echo. */
static void server_step(server *s, int lfd)
{
    uint8_t tmp[512];
    int r;
    if (s->fd < 0) {
        s->fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
        return;
    }
    if (!s->handshake_done) {
        r = mbedtls_ssl_handshake(&s->ssl);
        assert_true(r == 0 || r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE);
        s->handshake_done = r == 0;
        return;
    }
    r = mbedtls_ssl_read(&s->ssl, tmp, sizeof tmp);
    if (r > 0) {
        assert_int_equal(mbedtls_ssl_write(&s->ssl, tmp, (size_t)r), r);
    }
}

/* The event loop's wait: the client socket in the direction it asked for,
 * briefly (the server is stepped in between). */
static void wait_for(int fd, int32_t want)
{
    struct pollfd p;
    p.fd = fd;
    p.events = want == ORCA_ERR_WANT_READ ? POLLIN : POLLOUT;
    p.revents = 0;
    (void)poll(&p, 1, 5);
}

typedef struct counts {
    int want_read, want_write, calls;
} counts;

/* Notes a would-block answer, steps the server and waits; 0 once final. */
static int again(int32_t r, counts *c, server *s, int lfd, const orca_posix_tcp *tcp)
{
    assert_true(++c->calls < 5000);
    if (!orca_transport_would_block(r)) {
        return 0;
    }
    c->want_read += r == ORCA_ERR_WANT_READ;
    c->want_write += r == ORCA_ERR_WANT_WRITE;
    server_step(s, lfd);
    wait_for(tcp->fd, r);
    return 1;
}

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
static uint8_t arena[512 * 1024]; /* client and in-process server share it */
#endif

static void test_tls_handshake_and_echo_nonblocking(void **state)
{
    static const char msg[] = "GET / HTTP/1.1\r\n\r\n";
    orca_posix_tcp tcp;
    orca_transport lower, t;
    orca_clock clock;
    orca_tls tls;
    orca_tls_config cfg;
    server srv;
    counts c;
    uint8_t buf[64];
    uint16_t port;
    int32_t r;
    int lfd = loopback_listen(&port, 4, SOCK_NONBLOCK);
    (void)state;
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    assert_int_equal(orca_mbedtls_arena_init(arena, sizeof arena), ORCA_OK);
#endif
    server_setup(&srv);
    orca_posix_tcp_init(&tcp, &lower);
    assert_int_equal(orca_posix_tcp_set_nonblocking(&tcp, 1), ORCA_OK);
    orca_posix_clock_init(&clock);
    memset(&cfg, 0, sizeof cfg);
    cfg.ca_len = load("ca.pem");
    cfg.ca = file_buf;
    cfg.entropy = orca_posix_entropy;
    cfg.clock = &clock;
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, &t), ORCA_OK);

    memset(&c, 0, sizeof c);
    while (again(r = t.connect(t.ctx, "localhost", port, 5000), &c, &srv, lfd, &tcp)) {
    }
    assert_int_equal(r, ORCA_OK);
    print_message("TLS over non-blocking TCP: connect in %d calls (%d WANT_READ, %d WANT_WRITE)\n",
                  c.calls, c.want_read, c.want_write);
    assert_true(c.want_read >= 1); /* the server's flight was not there yet */

    memset(&c, 0, sizeof c);
    while (again(r = t.send(t.ctx, (const uint8_t *)msg, sizeof msg - 1, 5000), &c, &srv, lfd,
                 &tcp)) {
    }
    assert_int_equal(r, (int32_t)(sizeof msg - 1));
    memset(&c, 0, sizeof c);
    while (again(r = t.recv(t.ctx, buf, sizeof buf, 5000), &c, &srv, lfd, &tcp)) {
    }
    assert_int_equal(r, (int32_t)(sizeof msg - 1));
    assert_memory_equal(buf, msg, sizeof msg - 1);
    assert_true(c.want_read >= 1); /* the echo needed the server's step */

    t.close(t.ctx);
    assert_int_equal(tcp.fd, -1);
    orca_tls_free(&tls);
    server_free(&srv);
    close(lfd);
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    orca_mbedtls_arena_free();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls_handshake_and_echo_nonblocking),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
