/* TLS session resumption (port/mbedtls/src/tls_session.c) over the in-memory
 * pipe to an in-process mbedTLS server that issues tickets and caches session
 * ids (tests/support/tls_pipe.h). What the client offered is read from its
 * ClientHello bytes, independently of the transport's own bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tls_pipe.h"

#include <mbedtls/sha256.h>

#ifndef MBEDTLS_PRIVATE /* mbedTLS 2.28: the fields are public */
#define MBEDTLS_PRIVATE(member) member
#endif

/* Whether the ClientHello kept in h->hello offers a session: a TLS 1.3
 * pre_shared_key extension, a non-empty TLS 1.2 SessionTicket, or a session id. */
static int hello_offers_session(const harness *h)
{
    const uint8_t *p = h->hello;
    size_t n = h->hello_len, i = 5u + 4u + 2u + 32u, end;
    size_t sid_len;
    int offered = 0;
    assert_true(n > i + 1u);
    assert_int_equal(p[0], 22); /* handshake record */
    assert_int_equal(p[5], 1);  /* ClientHello */
    sid_len = p[i];
    i += 1u + sid_len;
    i += 2u + ((size_t)p[i] << 8 | p[i + 1u]); /* cipher suites */
    i += 1u + p[i];                             /* compression methods */
    end = i + 2u + ((size_t)p[i] << 8 | p[i + 1u]);
    assert_true(end <= n);
    for (i += 2u; i + 4u <= end; i += 4u + ((size_t)p[i + 2u] << 8 | p[i + 3u])) {
        unsigned type = (unsigned)p[i] << 8 | p[i + 1u];
        size_t len = (size_t)p[i + 2u] << 8 | p[i + 3u];
        offered |= type == 0x0029u || (type == 0x0023u && len > 0u);
    }
    return offered || sid_len > 0u;
}

/* One connection to @p host: connect, echo (a TLS 1.3 ticket arrives during
 * the read), close. Returns 2 * offered + resumed. */
static int connect_echo(harness *h, const char *host)
{
    int offered;
    int resumed;
    next_connection(h);
    assert_int_equal(h->t.connect(h->t.ctx, host, 443, 1000), ORCA_OK);
    offered = hello_offers_session(h);
    resumed = orca_tls_resumed(&h->tls);
    echo_once(h, "ping");
    h->t.close(h->t.ctx);
    return 2 * offered + resumed;
}

enum { FULL = 0, REFUSED = 2, RESUMED = 3 };

#if ORCA_TLS_WITH_RESUMPTION

static void test_resumes_same_host(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    /* The session of a resumed connection is kept too (new ticket or same id). */
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    harness_free(h);
}

static void test_other_host_never_offered(void **state)
{
    /* One server, one certificate for both names: it would resume either. */
    harness *h = harness_new("twonames", "ca.pem");
    (void)state;
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    assert_int_equal(connect_echo(h, "alias.localhost"), FULL); /* not offered */
    /* One session is kept, for the last host: back to localhost is full. */
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    harness_free(h);
}

static void test_refused_resumption_falls_back(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    /* The server forgets every session (new ticket key, empty cache). */
    server_sessions_free(h);
    server_sessions_setup(h);
    assert_int_equal(connect_echo(h, "localhost"), REFUSED); /* full handshake, all fine */
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    harness_free(h);
}

#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
static void server_tls12_only(harness *h)
{
    mbedtls_ssl_conf_max_tls_version(&h->srv_conf, MBEDTLS_SSL_VERSION_TLS1_2);
}
#else
static void server_tls12_only(harness *h)
{
    (void)h; /* the system 2.28 speaks TLS 1.2 only */
}
#endif

static void test_tls12_ticket_and_session_id(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    server_tls12_only(h);
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    harness_free(h);

    /* No tickets from the server: the session id (server cache) resumes. */
    h = harness_new("server", "ca.pem");
    server_tls12_only(h);
    mbedtls_ssl_conf_session_tickets_cb(&h->srv_conf, NULL, NULL, NULL);
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    harness_free(h);
}

/* The secret the saved session resumes with, to damage it in place. */
static uint8_t *session_secret(harness *h, int tls13)
{
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    if (tls13) {
        return h->tls.session.MBEDTLS_PRIVATE(resumption_key);
    }
#else
    (void)tls13;
#endif
    return h->tls.session.MBEDTLS_PRIVATE(master);
}

/* A server that accepts the session but whose keys do not match ours (what
 * an attacker without the keys looks like): an error, never a silent
 * fallback; the session is dropped and the next connect is full. */
static void test_broken_resumption_is_error(void **state)
{
    int v;
    (void)state;
    for (v = 0; v < 2; v++) {
        harness *h = harness_new("server", "ca.pem");
        int tls13;
        if (v == 1) {
            server_tls12_only(h);
        }
        next_connection(h);
        assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_OK);
        tls13 = strcmp(mbedtls_ssl_get_version(&h->tls.ssl), "TLSv1.3") == 0;
        echo_once(h, "ticket");
        h->t.close(h->t.ctx);
        assert_true(h->tls.has_session);
        session_secret(h, tls13)[0] ^= 1u;
        next_connection(h);
        assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_ERR_TLS);
        assert_true(hello_offers_session(h));
        assert_false(h->tls.has_session);
        assert_int_equal(connect_echo(h, "localhost"), FULL);
        harness_free(h);
    }
}

static uint8_t saved[8192];

/* Saves the session of one full connection to "localhost" into saved[]. */
static size_t save_one(harness *h)
{
    size_t len = 0;
    size_t need = 0;
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(orca_tls_session_save(&h->tls, NULL, 0, &need), ORCA_ERR_BUFFER_TOO_SMALL);
    assert_true(need > 65u && need <= sizeof saved);
    assert_int_equal(orca_tls_session_save(&h->tls, saved, sizeof saved, &len), ORCA_OK);
    assert_int_equal(len, need);
    return len;
}

static void test_save_load_round_trip(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    size_t len;
    (void)state;
    len = save_one(h);
    /* As after a sleep that lost RAM: a new transport, the session from bytes. */
    orca_tls_free(&h->tls);
    client_init(h, "ca.pem");
    assert_int_equal(orca_tls_session_load(&h->tls, "alias.localhost", saved, len),
                     ORCA_ERR_TLS_SESSION_HOST);
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", saved, len), ORCA_OK);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    harness_free(h);
}

static void recompute_checksum(uint8_t *buf, size_t len)
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    assert_int_equal(mbedtls_sha256(buf + 33, len - 33, buf + 1, 0), 0);
#else
    assert_int_equal(mbedtls_sha256_ret(buf + 33, len - 33, buf + 1, 0), 0);
#endif
}

static void test_load_refuses_damaged_bytes(void **state)
{
    static const size_t cuts[] = {1, 32, 33, 64, 65, 66, 100};
    static uint8_t bad[sizeof saved];
    harness *h = harness_new("server", "ca.pem");
    size_t len;
    size_t i;
    (void)state;
    len = save_one(h);
    for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        assert_int_equal(orca_tls_session_load(&h->tls, "localhost", saved, cuts[i]),
                         ORCA_ERR_TLS_SESSION);
    }
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", saved, len - 1),
                     ORCA_ERR_TLS_SESSION);
    for (i = 0; i < len; i++) { /* one flipped bit anywhere */
        memcpy(bad, saved, len);
        bad[i] ^= 0x10u;
        assert_int_equal(orca_tls_session_load(&h->tls, "localhost", bad, len),
                         ORCA_ERR_TLS_SESSION);
    }
    /* Checksum right, but mbedTLS's own header (its version) damaged. */
    memcpy(bad, saved, len);
    bad[65] ^= 0xFFu;
    recompute_checksum(bad, len);
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", bad, len), ORCA_ERR_TLS_SESSION);
    /* Checksum right, mbedTLS's bytes cut short. */
    memcpy(bad, saved, len);
    recompute_checksum(bad, len - 8);
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", bad, len - 8),
                     ORCA_ERR_TLS_SESSION);
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", saved, 0), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_session_load(&h->tls, "", saved, len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_session_load(&h->tls, NULL, saved, len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_session_load(NULL, "localhost", saved, len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", NULL, len), ORCA_ERR_INVALID_ARG);
    /* After a refused load no session is held: the next connect is full. */
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    harness_free(h);
}

static void test_save_errors(void **state)
{
    static uint8_t small[64];
    harness *h = harness_new("server", "ca.pem");
    size_t len = 1;
    size_t need;
    (void)state;
    assert_int_equal(orca_tls_session_save(&h->tls, saved, sizeof saved, &len), ORCA_ERR_NOT_FOUND);
    assert_int_equal(len, 0);
    need = save_one(h);
    memset(saved, 0xAA, sizeof saved);
    assert_int_equal(orca_tls_session_save(&h->tls, saved, need - 1, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, need);
    for (size_t i = 0; i < need - 1; i++) {
        assert_int_equal(saved[i], 0); /* nothing of the secret left behind */
    }
    assert_int_equal(orca_tls_session_save(&h->tls, small, sizeof small, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, need);
    assert_int_equal(orca_tls_session_save(NULL, saved, sizeof saved, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_session_save(&h->tls, saved, sizeof saved, NULL),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_session_save(&h->tls, NULL, 10, &len), ORCA_ERR_INVALID_ARG);
    harness_free(h);
}

/* Whether the saved session is as mbedtls_ssl_session_init() leaves it:
 * no secret, no ticket, no certificate left. */
static int session_wiped(const harness *h)
{
    mbedtls_ssl_session fresh;
    mbedtls_ssl_session_init(&fresh);
    return memcmp(&h->tls.session, &fresh, sizeof fresh) == 0;
}

static void test_forget_and_free_wipe(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_false(session_wiped(h));
    orca_tls_session_forget(&h->tls);
    assert_true(session_wiped(h));
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), RESUMED);
    orca_tls_free(&h->tls);
    assert_true(session_wiped(h));
    assert_false(h->tls.has_session);
    orca_tls_session_forget(NULL); /* harmless */
    assert_int_equal(orca_tls_resumed(NULL), 0);
    client_init(h, "ca.pem"); /* harness_free frees it again */
    harness_free(h);
}

#else /* ORCA_TLS_WITH_RESUMPTION 0: never offered, no bytes. */

static void test_never_resumes(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    uint8_t buf[16];
    size_t len = 1;
    (void)state;
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(connect_echo(h, "localhost"), FULL);
    assert_int_equal(orca_tls_session_save(&h->tls, buf, sizeof buf, &len), ORCA_ERR_UNSUPPORTED);
    assert_int_equal(len, 0);
    assert_int_equal(orca_tls_session_load(&h->tls, "localhost", buf, sizeof buf),
                     ORCA_ERR_UNSUPPORTED);
    harness_free(h);
}
#endif

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
static uint8_t arena[512 * 1024]; /* client and in-process server share it */
#endif

static int group_setup(void **state)
{
    (void)state;
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    return orca_mbedtls_arena_init(arena, sizeof arena) == ORCA_OK ? 0 : -1;
#else
    return 0;
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#if ORCA_TLS_WITH_RESUMPTION
        cmocka_unit_test(test_resumes_same_host),
        cmocka_unit_test(test_other_host_never_offered),
        cmocka_unit_test(test_refused_resumption_falls_back),
        cmocka_unit_test(test_tls12_ticket_and_session_id),
        cmocka_unit_test(test_broken_resumption_is_error),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_load_refuses_damaged_bytes),
        cmocka_unit_test(test_save_errors),
        cmocka_unit_test(test_forget_and_free_wipe),
#else
        cmocka_unit_test(test_never_resumes),
#endif
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
