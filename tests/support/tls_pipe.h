/* Test harness: orca's TLS transport over an in-memory pipe, with an mbedTLS
 * server at the other end in the same process: the pipe steps the server
 * whenever the client waits for bytes, so one thread drives both sides.
 * Certificates come from tests/integration/gen_certs.sh (ctest fixture,
 * ORCA_TLS_CERT_DIR). The server keeps session tickets and a session-id
 * cache across connections (next_connection()), so resumption can be tested;
 * the first bytes the client sends on each connection (its ClientHello) are
 * kept in hello[]. Include after cmocka.h. */
#ifndef ORCA_TEST_TLS_PIPE_H
#define ORCA_TEST_TLS_PIPE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/posix.h"
#include "orca/status.h"
#include "orca/tls.h"

#include <mbedtls/pk.h>
#include <mbedtls/version.h>
#if defined(MBEDTLS_SSL_TICKET_C)
#include <mbedtls/ssl_ticket.h>
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
#include <mbedtls/ssl_cache.h>
#endif

#define RING_SIZE 40000

typedef struct ring {
    uint8_t buf[RING_SIZE];
    size_t len;
    int closed; /* writer closed: reads of an empty ring give end of stream */
} ring;

enum server_mode { SERVE, SILENT, CLOSE_MID_HANDSHAKE };

typedef struct harness {
    ring c2s;
    ring s2c;
    enum server_mode mode;
    int32_t connect_result;  /* what the pipe's connect returns */
    int32_t recv_error;      /* injected lower recv error, 0 for none */
    int nonblocking;         /* pipe answers ORCA_ERR_WANT_* instead of stepping the server */
    int connect_wants;       /* non-blocking: ORCA_ERR_WANT_WRITE answers before connect is done */
    int send_wants;          /* non-blocking: ORCA_ERR_WANT_WRITE answers before the next send */
    int lower_closes;
    int srv_handshake_done;
    int srv_close_notify;
    mbedtls_ssl_context srv;
    mbedtls_ssl_config srv_conf;
    mbedtls_x509_crt srv_crt;
    mbedtls_pk_context srv_key;
    mbedtls_ctr_drbg_context srv_drbg;
#if defined(MBEDTLS_SSL_TICKET_C)
    mbedtls_ssl_ticket_context srv_tickets; /* kept across connections */
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
    mbedtls_ssl_cache_context srv_cache;    /* likewise (TLS 1.2 session ids) */
#endif
    uint8_t hello[4096]; /* the client's first bytes on this connection */
    size_t hello_len;
    orca_tls tls;
    orca_transport lower;
    orca_transport t;
} harness;

static uint8_t file_buf[16384]; /* one per test program */

static inline void ring_put(ring *r, const uint8_t *p, size_t n)
{
    assert_true(r->len + n <= RING_SIZE);
    memcpy(r->buf + r->len, p, n);
    r->len += n;
}

static inline size_t ring_get(ring *r, uint8_t *p, size_t n)
{
    if (n > r->len) {
        n = r->len;
    }
    memcpy(p, r->buf, n);
    memmove(r->buf, r->buf + n, r->len - n);
    r->len -= n;
    return n;
}

/* Server bio: non-blocking over the rings. */
static inline int srv_send(void *ctx, const unsigned char *p, size_t n)
{
    harness *h = ctx;
    ring_put(&h->s2c, p, n);
    return (int)n;
}

static inline int srv_recv(void *ctx, unsigned char *p, size_t n)
{
    harness *h = ctx;
    if (h->c2s.len == 0) {
        return h->c2s.closed ? 0 : MBEDTLS_ERR_SSL_WANT_READ;
    }
    return (int)ring_get(&h->c2s, p, n);
}

/* One step of the server: handshake progress, else echo what arrived. */
static inline void server_step(harness *h)
{
    uint8_t tmp[1024];
    int r;
    if (h->mode == SILENT || h->s2c.closed) {
        return;
    }
    if (h->mode == CLOSE_MID_HANDSHAKE) {
        h->s2c.closed = h->c2s.len > 0; /* ClientHello seen: hang up */
        return;
    }
    if (!h->srv_handshake_done) {
        r = mbedtls_ssl_handshake(&h->srv);
        if (r == 0) {
            h->srv_handshake_done = 1;
        } else if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE) {
            h->s2c.closed = 1; /* server gave up (e.g. after a client alert) */
        }
        return;
    }
    r = mbedtls_ssl_read(&h->srv, tmp, sizeof tmp);
    if (r > 0) {
        assert_int_equal(mbedtls_ssl_write(&h->srv, tmp, (size_t)r), r);
    } else if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        h->srv_close_notify = 1;
    }
}

/* The client's lower transport: the pipe. */
static inline int32_t pipe_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    harness *h = ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    if (h->nonblocking && h->connect_wants > 0) {
        h->connect_wants--;
        return ORCA_ERR_WANT_WRITE;
    }
    return h->connect_result;
}

static inline int32_t pipe_send(void *ctx, const uint8_t *p, size_t n, uint32_t timeout_ms)
{
    harness *h = ctx;
    (void)timeout_ms;
    if (h->nonblocking && h->send_wants > 0) {
        h->send_wants--;
        return ORCA_ERR_WANT_WRITE;
    }
    if (h->hello_len == 0 && n <= sizeof h->hello) {
        memcpy(h->hello, p, n);
        h->hello_len = n;
    }
    ring_put(&h->c2s, p, n);
    return (int32_t)n;
}

static inline int32_t pipe_recv(void *ctx, uint8_t *p, size_t n, uint32_t timeout_ms)
{
    harness *h = ctx;
    int i;
    (void)timeout_ms;
    if (h->recv_error != 0) {
        return h->recv_error;
    }
    for (i = 0; !h->nonblocking && i < 4 && h->s2c.len == 0 && !h->s2c.closed; i++) {
        server_step(h);
    }
    if (h->s2c.len == 0 && h->nonblocking) {
        return h->s2c.closed ? 0 : ORCA_ERR_WANT_READ; /* the test steps the server */
    }
    if (h->s2c.len == 0) {
        return h->s2c.closed ? 0 : ORCA_ERR_TIMEOUT; /* silent server: time runs out */
    }
    return (int32_t)ring_get(&h->s2c, p, n);
}

static inline void pipe_close(void *ctx)
{
    harness *h = ctx;
    h->lower_closes++;
    h->c2s.closed = 1;
}

static inline size_t load(const char *name)
{
    char path[512];
    size_t len = 0;
    const char *dir = getenv("ORCA_TLS_CERT_DIR");
    assert_non_null(dir); /* set by ctest: the tls_certs fixture makes the files */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(orca_posix_file_load(path, file_buf, sizeof file_buf, &len), ORCA_OK);
    return len;
}

/* The server's session tickets and session-id cache: a new ticket key and an
 * empty cache, so every session the client holds is refused. */
static inline void server_sessions_setup(harness *h)
{
#if defined(MBEDTLS_SSL_TICKET_C)
    mbedtls_ssl_ticket_init(&h->srv_tickets);
    assert_int_equal(mbedtls_ssl_ticket_setup(&h->srv_tickets, mbedtls_ctr_drbg_random,
                                              &h->srv_drbg, MBEDTLS_CIPHER_AES_256_GCM, 3600),
                     0);
    mbedtls_ssl_conf_session_tickets_cb(&h->srv_conf, mbedtls_ssl_ticket_write,
                                        mbedtls_ssl_ticket_parse, &h->srv_tickets);
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
    mbedtls_ssl_cache_init(&h->srv_cache);
    mbedtls_ssl_conf_session_cache(&h->srv_conf, &h->srv_cache, mbedtls_ssl_cache_get,
                                   mbedtls_ssl_cache_set);
#endif
}

static inline void server_sessions_free(harness *h)
{
#if defined(MBEDTLS_SSL_TICKET_C)
    mbedtls_ssl_ticket_free(&h->srv_tickets);
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
    mbedtls_ssl_cache_free(&h->srv_cache);
#endif
    (void)h;
}

static inline void server_setup(harness *h, const char *cert)
{
    char key[64];
    size_t len;
    int r;
    mbedtls_ssl_init(&h->srv);
    mbedtls_ssl_config_init(&h->srv_conf);
    mbedtls_x509_crt_init(&h->srv_crt);
    mbedtls_pk_init(&h->srv_key);
    mbedtls_ctr_drbg_init(&h->srv_drbg);
    assert_int_equal(mbedtls_ctr_drbg_seed(&h->srv_drbg, orca_posix_entropy, NULL, NULL, 0), 0);
    snprintf(key, sizeof key, "%s.pem", cert);
    len = load(key);
    assert_int_equal(mbedtls_x509_crt_parse(&h->srv_crt, file_buf, len), 0);
    snprintf(key, sizeof key, "%s.key", cert);
    len = load(key);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    r = mbedtls_pk_parse_key(&h->srv_key, file_buf, len, NULL, 0, mbedtls_ctr_drbg_random,
                             &h->srv_drbg);
#else
    r = mbedtls_pk_parse_key(&h->srv_key, file_buf, len, NULL, 0);
#endif
    assert_int_equal(r, 0);
    assert_int_equal(mbedtls_ssl_config_defaults(&h->srv_conf, MBEDTLS_SSL_IS_SERVER,
                                                 MBEDTLS_SSL_TRANSPORT_STREAM,
                                                 MBEDTLS_SSL_PRESET_DEFAULT), 0);
    mbedtls_ssl_conf_rng(&h->srv_conf, mbedtls_ctr_drbg_random, &h->srv_drbg);
    assert_int_equal(mbedtls_ssl_conf_own_cert(&h->srv_conf, &h->srv_crt, &h->srv_key), 0);
    server_sessions_setup(h);
    assert_int_equal(mbedtls_ssl_setup(&h->srv, &h->srv_conf), 0);
    mbedtls_ssl_set_bio(&h->srv, h, srv_send, srv_recv, NULL);
}

static inline void server_free(harness *h)
{
    mbedtls_ssl_free(&h->srv);
    server_sessions_free(h);
    mbedtls_ssl_config_free(&h->srv_conf);
    mbedtls_x509_crt_free(&h->srv_crt);
    mbedtls_pk_free(&h->srv_key);
    mbedtls_ctr_drbg_free(&h->srv_drbg);
}

/* (Re)initialises the client of @p h, trusting @p ca. */
static inline void client_init(harness *h, const char *ca)
{
    orca_tls_config cfg;
    size_t len = load(ca);
    memset(&cfg, 0, sizeof cfg);
    cfg.ca = file_buf;
    cfg.ca_len = len;
    cfg.entropy = orca_posix_entropy;
    assert_int_equal(orca_tls_init(&h->tls, &cfg, &h->lower, &h->t), ORCA_OK);
}

/* Harness with server certificate @p cert and the client trusting @p ca. */
static inline harness *harness_new(const char *cert, const char *ca)
{
    harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->connect_result = ORCA_OK;
    server_setup(h, cert);
    h->lower.connect = pipe_connect;
    h->lower.send = pipe_send;
    h->lower.recv = pipe_recv;
    h->lower.close = pipe_close;
    h->lower.ctx = h;
    client_init(h, ca);
    return h;
}

/* Readies pipe and server for the client's next connect (same server
 * configuration: its tickets and cache stay). */
static inline void next_connection(harness *h)
{
    memset(&h->c2s, 0, sizeof h->c2s);
    memset(&h->s2c, 0, sizeof h->s2c);
    h->hello_len = 0;
    h->srv_handshake_done = 0;
    h->srv_close_notify = 0;
    assert_int_equal(mbedtls_ssl_session_reset(&h->srv), 0);
}

static inline void harness_free(harness *h)
{
    orca_tls_free(&h->tls);
    server_free(h);
    free(h);
}

static inline void echo_once(harness *h, const char *msg)
{
    uint8_t buf[64];
    size_t n = strlen(msg);
    assert_int_equal(h->t.send(h->t.ctx, (const uint8_t *)msg, n, 1000), (int32_t)n);
    assert_int_equal(h->t.recv(h->t.ctx, buf, sizeof buf, 1000), (int32_t)n);
    assert_memory_equal(buf, msg, n);
}

#endif /* ORCA_TEST_TLS_PIPE_H */
