/* Test doubles for the session layer: an in-memory scripted transport that
 * answers each request with the next canned response (and records what was
 * sent), and a fake clock whose sleeps advance its time. */
#ifndef ORCA_TEST_SESSION_FAKES_H
#define ORCA_TEST_SESSION_FAKES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/session.h"

#define FAKE_MAX_EXCHANGES 16
#define FAKE_SENT_SIZE 4096

/* Responses that make recv fail: a connection reset, a timeout. */
#define FAKE_RESET "\x01reset"
#define FAKE_TIMEOUT "\x01timeout"
/* What the server does while a kept-alive connection is idle (idle[]): closes it. */
#define FAKE_EOF "\x01eof"

typedef struct fake_transport {
    const char *responses[FAKE_MAX_EXCHANGES]; /* raw bytes, one per exchange */
    size_t response_len[FAKE_MAX_EXCHANGES];   /* 0: strlen */
    size_t count;      /* scripted responses */
    size_t current;    /* exchange in progress */
    size_t pos;        /* bytes of the current response delivered */
    size_t chunk;      /* largest piece one recv returns (0: no limit) */
    char sent[FAKE_MAX_EXCHANGES][FAKE_SENT_SIZE];
    size_t sent_len[FAKE_MAX_EXCHANGES];
    int receiving;     /* a response is being read: the next send starts a new exchange */
    int connects, closes, connected;
    int32_t connect_rc; /* what connect returns */
    int refuse_connects; /* the next this many connects are refused */
    uint32_t connect_timeout; /* timeout of the last connect */
    uint32_t recv_timeout;    /* timeout of the last recv */
    uint32_t *now;     /* the fake clock's tick (wired by fake_setup) */
    uint32_t step_ms;  /* how long each connect and recv takes on it */
    /* Bytes the server sends, unasked, while the connection is idle before
     * exchange i (or FAKE_EOF: it closes); a receive that may not wait
     * (timeout 0) finds them. Cleared once delivered. */
    const char *idle[FAKE_MAX_EXCHANGES];
    int polls;         /* receives with a zero timeout */
} fake_transport;

#if defined(FAKE_WOULD_BLOCK) && !ORCA_WITH_NONBLOCKING
/* A build without non-blocking calls has no would-block mode to test:
 * the program reports itself skipped (77, as feature_skip.h) before main. */
__attribute__((constructor)) static void fake_wb_skip(void)
{
    fprintf(stderr, "skipped: needs ORCA_WITH_NONBLOCKING (0 in this build's config)\n");
    _Exit(77);
}
#undef FAKE_WOULD_BLOCK
#endif

#ifdef FAKE_WOULD_BLOCK
/* Would-block mode (the `nonblocking` variants of the session tests in
 * tests/CMakeLists.txt): the same tests, unchanged, drive a non-blocking
 * session (cfg.nonblocking) through a transport that says "would block" at
 * random points (about one call in three, and sends cut short) before doing
 * what it would have done; the session calls below go round until a final
 * status, and a wanted tick is slept on the test's clock, so the tests see
 * the same waits. FAKE_WOULD_BLOCK is the seed. */
static uint32_t fake_wb_seed = FAKE_WOULD_BLOCK;
static unsigned long fake_wb_count; /* would-blocks handed out */
static unsigned long fake_wb_calls; /* transport calls made */

/* At exit: a run whose transport calls never would block tested nothing
 * new (a program with no transport call at all, as a build without the
 * service runs, has nothing to test). */
__attribute__((destructor)) static void fake_wb_report(void)
{
    fprintf(stderr, "would-block mode: %lu of %lu transport calls would have blocked\n",
            fake_wb_count, fake_wb_calls);
    if (fake_wb_count == 0u && fake_wb_calls != 0u) {
        _Exit(1);
    }
}

/* 1 when this transport call would block (xorshift32); ORCA_WB_SEED in the
 * environment replaces the seed (to try others). */
static inline int fake_wb_roll(void)
{
    static int seeded;
    if (!seeded && getenv("ORCA_WB_SEED") != NULL) {
        fake_wb_seed = (uint32_t)strtoul(getenv("ORCA_WB_SEED"), NULL, 0) | 1u;
    }
    seeded = 1;
    fake_wb_calls++;
    fake_wb_seed ^= fake_wb_seed << 13;
    fake_wb_seed ^= fake_wb_seed >> 17;
    fake_wb_seed ^= fake_wb_seed << 5;
    if (fake_wb_seed % 3u != 0u) {
        return 0;
    }
    fake_wb_count++;
    return 1;
}
#define FAKE_WB(status)                                                                            \
    do {                                                                                           \
        if (fake_wb_roll()) {                                                                      \
            return (status);                                                                       \
        }                                                                                          \
    } while (0)
#else
#define FAKE_WB(status) ((void)0)
#endif

/* A connect or recv waits step_ms on the fake clock. */
static inline void fake_wait(fake_transport *f)
{
    if (f->now != NULL) {
        *f->now += f->step_ms;
    }
}

static inline int32_t fake_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    fake_transport *f = (fake_transport *)ctx;
    (void)host;
    (void)port;
    FAKE_WB(ORCA_ERR_WANT_WRITE); /* the TCP handshake goes on */
    f->connect_timeout = t;
    fake_wait(f);
    f->connects++;
    if (f->refuse_connects > 0) {
        f->refuse_connects--;
        return ORCA_ERR_CONN_REFUSED;
    }
    f->connected = f->connect_rc == ORCA_OK;
    return f->connect_rc;
}

static inline int32_t fake_send(void *ctx, const uint8_t *buf, size_t len, uint32_t t)
{
    fake_transport *f = (fake_transport *)ctx;
    (void)t;
    FAKE_WB(ORCA_ERR_WANT_WRITE);
#ifdef FAKE_WOULD_BLOCK
    if (len > 1u && fake_wb_roll()) {
        len = len / 2u; /* a short send */
    }
#endif
    if (f->receiving) {
        f->receiving = 0;
        f->current++;
        f->pos = 0;
    }
    if (f->current >= FAKE_MAX_EXCHANGES || f->sent_len[f->current] + len > FAKE_SENT_SIZE) {
        return ORCA_ERR_IO;
    }
    memcpy(f->sent[f->current] + f->sent_len[f->current], buf, len);
    f->sent_len[f->current] += len;
    return (int32_t)len;
}

/* A receive that may not wait, between exchanges: what the server sent
 * while the connection was idle, else nothing (ORCA_ERR_TIMEOUT). */
static inline int32_t fake_poll(fake_transport *f, uint8_t *buf, size_t len)
{
    size_t next = f->receiving ? f->current + 1u : f->current;
    const char *idle = next < FAKE_MAX_EXCHANGES ? f->idle[next] : NULL;
    size_t n = idle != NULL ? strlen(idle) : 0u;
    f->polls++;
    if (idle == NULL) {
#ifdef FAKE_WOULD_BLOCK
        return ORCA_ERR_WANT_READ; /* what a non-blocking transport says */
#else
        return ORCA_ERR_TIMEOUT;
#endif
    }
    f->idle[next] = NULL;
    if (strcmp(idle, FAKE_EOF) == 0) {
        return 0;
    }
    n = n < len ? n : len;
    memcpy(buf, idle, n);
    return (int32_t)n;
}

static inline int32_t fake_recv(void *ctx, uint8_t *buf, size_t len, uint32_t t)
{
    fake_transport *f = (fake_transport *)ctx;
    if (t == 0u) {
        return fake_poll(f, buf, len);
    }
    FAKE_WB(ORCA_ERR_WANT_READ);
    f->recv_timeout = t;
    fake_wait(f);
    f->receiving = 1;
    if (f->current >= f->count) {
        return 0;
    }
    const char *r = f->responses[f->current];
    size_t total = f->response_len[f->current] ? f->response_len[f->current] : strlen(r);
    if (strcmp(r, FAKE_RESET) == 0 || strcmp(r, FAKE_TIMEOUT) == 0) {
        return r[1] == 'r' ? ORCA_ERR_CONN_RESET : ORCA_ERR_TIMEOUT;
    }
    size_t n = total - f->pos;
    if (n > len) {
        n = len;
    }
    if (f->chunk != 0 && n > f->chunk) {
        n = f->chunk;
    }
    memcpy(buf, r + f->pos, n);
    f->pos += n;
    return (int32_t)n;
}

static inline void fake_close(void *ctx)
{
    fake_transport *f = (fake_transport *)ctx;
    if (f->connected) {
        f->closes++;
    }
    f->connected = 0;
    /* A new connection: the next send starts the next exchange. */
    if (f->receiving) {
        f->receiving = 0;
        f->current++;
        f->pos = 0;
    }
}

typedef struct fake_clock {
    uint32_t now;
    uint32_t sleeps[FAKE_MAX_EXCHANGES];
    size_t sleep_count;
    uint32_t random_value;
} fake_clock;

static inline uint32_t fake_now(void *ctx)
{
    return ((fake_clock *)ctx)->now;
}

static inline void fake_sleep(void *ctx, uint32_t ms)
{
    fake_clock *c = (fake_clock *)ctx;
    if (c->sleep_count < FAKE_MAX_EXCHANGES) {
        c->sleeps[c->sleep_count++] = ms;
    }
    c->now += ms;
}

static inline uint32_t fake_random(void *ctx)
{
    return ((fake_clock *)ctx)->random_value;
}

#ifdef FAKE_WOULD_BLOCK
/* 1 when a non-blocking call returned "not yet" and must be called again;
 * a wanted tick is slept on the session's clock first (as a superloop
 * would wait for it). */
static inline int fake_wb_again(orca_session *s, int rc)
{
    uint32_t until = 0;
    if (rc != ORCA_ERR_WANT_READ && rc != ORCA_ERR_WANT_WRITE && rc != ORCA_ERR_WANT_TICK) {
        return 0;
    }
    if (orca_session_wait(s, &until) != rc) {
        fprintf(stderr, "orca_session_wait says %d, the call %d\n", orca_session_wait(s, NULL), rc);
        abort();
    }
    if (rc == ORCA_ERR_WANT_TICK && s->cfg.clock->sleep_ms != NULL) {
        int32_t left = orca_clock_remaining(s->cfg.clock->now_ms(s->cfg.clock->ctx), until);
        s->cfg.clock->sleep_ms(s->cfg.clock->ctx, left > 0 ? (uint32_t)left : 0u);
    }
    return 1;
}

static inline int fake_wb_init(orca_session *s, const orca_session_config *cfg)
{
    orca_session_config c;
    if (cfg == NULL) {
        return (orca_session_init)(s, cfg);
    }
    c = *cfg;
    c.nonblocking = 1u;
    return (orca_session_init)(s, &c);
}

static inline int fake_wb_request(orca_session *s, const orca_session_call *req,
                                  const orca_http_callbacks *cb, orca_http_response *res)
{
    int rc;
    while (fake_wb_again(s, rc = (orca_session_request)(s, req, cb, res))) {
    }
    return rc;
}

static inline int fake_wb_sign_in(orca_session *s)
{
    int rc;
    while (fake_wb_again(s, rc = (orca_session_sign_in)(s))) {
    }
    return rc;
}

static inline int fake_wb_renew(orca_session *s)
{
    int rc;
    while (fake_wb_again(s, rc = (orca_session_renew)(s))) {
    }
    return rc;
}

static inline int fake_wb_logout(orca_session *s)
{
    int rc;
    while (fake_wb_again(s, rc = (orca_session_logout)(s))) {
    }
    return rc;
}

#define orca_session_init(s, cfg) fake_wb_init(s, cfg)
#define orca_session_request(s, req, cb, res) fake_wb_request(s, req, cb, res)
#define orca_session_sign_in(s) fake_wb_sign_in(s)
#define orca_session_renew(s) fake_wb_renew(s)
#define orca_session_logout(s) fake_wb_logout(s)
#endif /* FAKE_WOULD_BLOCK */

/* Everything one session test needs, zeroed and wired by fake_setup(). */
typedef struct fake_world {
    fake_transport net;
    fake_clock time;
    orca_transport transport;
    orca_clock clock;
    orca_session_config cfg;
    orca_session session;
    uint8_t work[4096];
    char cred[512];
    unsigned char jar[2048];
    char pool[FAKE_MAX_EXCHANGES][1024]; /* fake_response() texts */
    size_t pool_used;
} fake_world;

/* Appends one scripted response: status line, extra header lines (each
 * ending in CRLF), Content-Length and body (NULL: no body, no length). */
static inline void fake_response(fake_world *w, unsigned status, const char *headers,
                                 const char *body)
{
    char *r = w->pool[w->pool_used++];
    if (body != NULL) {
        snprintf(r, sizeof w->pool[0], "HTTP/1.1 %u X\r\n%sContent-Length: %zu\r\n\r\n%s",
                 status, headers, strlen(body), body);
    } else {
        snprintf(r, sizeof w->pool[0], "HTTP/1.1 %u X\r\n%s\r\n", status, headers);
    }
    w->net.responses[w->net.count++] = r;
}

/* Wires w for @p service; add responses with fake_response(), then
 * orca_session_init(&w->session, &w->cfg) (after changing cfg if needed). */
static inline void fake_setup(fake_world *w, orca_service service)
{
    memset(w, 0, sizeof *w);
    w->transport.connect = fake_connect;
    w->transport.send = fake_send;
    w->transport.recv = fake_recv;
    w->transport.close = fake_close;
    w->transport.ctx = &w->net;
    w->net.now = &w->time.now;
    w->clock.now_ms = fake_now;
    w->clock.sleep_ms = fake_sleep;
    w->clock.random = fake_random;
    w->clock.ctx = &w->time;
    orca_session_config_defaults(&w->cfg);
    w->cfg.service = service;
    w->cfg.host = "api.example.com";
    w->cfg.user = service == ORCA_SERVICE_PCA ? "jdoe" : "/Compute-acme/jack";
    w->cfg.tenancy = "mytenancy";
    w->cfg.password = "pa\"ss\\word";
    w->cfg.password_len = strlen(w->cfg.password);
    w->cfg.transport = &w->transport;
    w->cfg.clock = &w->clock;
    w->cfg.work = w->work;
    w->cfg.work_size = sizeof w->work;
    w->cfg.pca.cred = w->cred;
    w->cfg.pca.cred_size = sizeof w->cred;
    w->cfg.jar_mem = w->jar;
    w->cfg.jar_size = sizeof w->jar;
}

/* The request line and headers sent in exchange @p i, NUL-terminated. */
static inline const char *fake_sent(fake_world *w, size_t i)
{
    w->net.sent[i][w->net.sent_len[i] < FAKE_SENT_SIZE ? w->net.sent_len[i] : FAKE_SENT_SIZE - 1] =
        '\0';
    return w->net.sent[i];
}

/* Number of exchanges the session started (requests sent). */
static inline size_t fake_exchanges(const fake_world *w)
{
    size_t n = 0;
    while (n < FAKE_MAX_EXCHANGES && w->net.sent_len[n] > 0) {
        n++;
    }
    return n;
}

/* One GET through the session. */
static inline int fake_get(fake_world *w, const char *path, orca_http_response *res)
{
    orca_session_call req;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str(path);
    return orca_session_request(&w->session, &req, NULL, res);
}

/* 1 when @p needle occurs in the @p len bytes at @p hay. */
static inline int fake_contains(const void *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp((const char *)hay + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}


#endif /* ORCA_TEST_SESSION_FAKES_H */
