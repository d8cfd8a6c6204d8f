/* The TLS transport over an in-memory pipe, with an mbedTLS server at the
 * other end in the same process: the pipe steps the server whenever the
 * client waits for bytes, so one thread drives both sides. Certificates come
 * from tests/integration/gen_certs.sh (ctest fixture, ORCA_TLS_CERT_DIR). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tls_pipe.h"

static void test_handshake_echo_close_notify(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_OK);
    /* The newest version both ends have: 1.3 with the project's 3.6 config. */
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    assert_string_equal(mbedtls_ssl_get_version(&h->tls.ssl), "TLSv1.3");
#else
    assert_string_equal(mbedtls_ssl_get_version(&h->tls.ssl), "TLSv1.2");
#endif
    echo_once(h, "GET / HTTP/1.1\r\n\r\n");
    assert_true(h->srv_handshake_done); /* TLS 1.3: done once it read our Finished */
    echo_once(h, "second record");
    h->t.close(h->t.ctx);
    assert_int_equal(h->lower_closes, 1);
    server_step(h); /* the server reads what the client sent last */
    assert_true(h->srv_close_notify);
    h->t.close(h->t.ctx); /* twice is safe */
    assert_int_equal(h->lower_closes, 1);
    harness_free(h);
}

/* orca_tls_max_tls12 after init: the next handshake is TLS 1.2 even where
 * both ends speak 1.3 (the wake-optimised setting). */
static void test_max_tls12(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    orca_tls_max_tls12(&h->tls);
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_OK);
    assert_string_equal(mbedtls_ssl_get_version(&h->tls.ssl), "TLSv1.2");
    echo_once(h, "twelve");
    orca_tls_max_tls12(NULL); /* harmless */
    harness_free(h);
}

static void test_der_ca_accepted(void **state)
{
    harness *h = harness_new("server", "ca.der");
    (void)state;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_OK);
    echo_once(h, "der");
    harness_free(h);
}

#define NOT_TRUSTED "certificate not trusted by the given CA"
#define HOST_MISMATCH "host name mismatch"

/* connect fails verification, for the reason @p why. */
static void expect_verify_failure(const char *cert, const char *ca, const char *host,
                                  const char *why)
{
    harness *h = harness_new(cert, ca);
    uint8_t b[4];
    assert_null(orca_tls_verify_reason(&h->tls));
    assert_int_equal(h->t.connect(h->t.ctx, host, 443, 1000), ORCA_ERR_TLS_VERIFY);
    assert_non_null(orca_tls_verify_reason(&h->tls));
    assert_string_equal(orca_tls_verify_reason(&h->tls), why);
    assert_true(orca_tls_verify_flags(&h->tls) != 0u);
    assert_int_equal(h->lower_closes, 1); /* the lower connection is not leaked */
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 10), ORCA_ERR_CLOSED);
    harness_free(h);
}

static void test_wrong_host_fails_verify(void **state)
{
    (void)state;
    expect_verify_failure("wronghost", "ca.pem", "localhost", HOST_MISMATCH);
    expect_verify_failure("server", "ca.pem", "other.example", HOST_MISMATCH);
}

static void test_not_yet_valid_fails_verify(void **state)
{
    (void)state;
    expect_verify_failure("future", "ca.pem", "localhost", "certificate not yet valid");
}

static void test_verify_reason_cleared_by_good_connect(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(h->t.connect(h->t.ctx, "other.example", 443, 1000), ORCA_ERR_TLS_VERIFY);
    assert_string_equal(orca_tls_verify_reason(&h->tls), HOST_MISMATCH);
    next_connection(h);
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_OK);
    assert_null(orca_tls_verify_reason(&h->tls));
    assert_int_equal(orca_tls_verify_flags(&h->tls), 0);
    assert_null(orca_tls_verify_reason(NULL));
    harness_free(h);
}

static void test_ip_literal_host(void **state)
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    /* 3.x matches the certificate's iPAddress SAN (127.0.0.1). */
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(h->t.connect(h->t.ctx, "127.0.0.1", 443, 1000), ORCA_OK);
    echo_once(h, "ip");
    harness_free(h);
#else
    /* 2.28 compares names with dNSName only: an IP literal fails closed. */
    (void)state;
    expect_verify_failure("server", "ca.pem", "127.0.0.1", HOST_MISMATCH);
#endif
}

static void test_expired_fails_verify(void **state)
{
    (void)state;
    expect_verify_failure("expired", "ca.pem", "localhost", "certificate expired");
}

static void test_untrusted_ca_fails_verify(void **state)
{
    (void)state;
    expect_verify_failure("untrusted", "ca.pem", "localhost", NOT_TRUSTED);
    /* Trusting only the other CA refuses our normal server as well. */
    expect_verify_failure("server", "other-ca.pem", "localhost", NOT_TRUSTED);
}

static void test_silent_server_times_out(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    h->mode = SILENT;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_ERR_TIMEOUT);
    assert_int_equal(h->lower_closes, 1);
    harness_free(h);
}

static void test_close_mid_handshake_is_clean(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    h->mode = CLOSE_MID_HANDSHAKE;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_ERR_TLS);
    assert_int_equal(h->lower_closes, 1);
    harness_free(h);
}

static void test_lower_errors_pass_through(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    uint8_t b[8];
    (void)state;
    h->connect_result = ORCA_ERR_CONN_REFUSED;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_ERR_CONN_REFUSED);
    assert_int_equal(h->lower_closes, 0); /* never opened */
    h->connect_result = ORCA_OK;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_OK);
    h->recv_error = ORCA_ERR_CONN_RESET;
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 100), ORCA_ERR_CONN_RESET);
    h->recv_error = ORCA_ERR_TIMEOUT;
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 100), ORCA_ERR_TIMEOUT);
    harness_free(h);
}

/* Non-blocking: calls the TLS connect again (same arguments) while the
 * lower pipe would block, stepping the server when the client wants to read
 * (an event loop would wait for the socket instead). Counts the answers. */
static int32_t connect_again_until_final(harness *h, int *want_read, int *want_write)
{
    int32_t r;
    int calls = 0;
    *want_read = *want_write = 0;
    do {
        r = h->t.connect(h->t.ctx, "localhost", 443, 1000);
        if (r == ORCA_ERR_WANT_READ) {
            (*want_read)++;
            server_step(h);
        }
        *want_write += r == ORCA_ERR_WANT_WRITE;
    } while (orca_transport_would_block(r) && ++calls < 200);
    return r;
}

/* Over a non-blocking lower transport the handshake returns what it waits
 * for and completes by calling again; so do send and recv. */
static void test_nonblocking_handshake_by_calling_again(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    uint8_t b[16];
    int want_read, want_write;
    (void)state;
    h->nonblocking = 1;
    h->connect_wants = 2; /* the TCP handshake takes two more calls */
    assert_int_equal(connect_again_until_final(h, &want_read, &want_write), ORCA_OK);
    print_message("non-blocking TLS connect: %d WANT_WRITE (TCP), %d WANT_READ (TLS)\n",
                  want_write, want_read);
    assert_int_equal(want_write, 2);
    assert_true(want_read >= 1); /* at least the server's first flight */
    assert_int_equal(h->lower_closes, 0);
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_ERR_STATE);
    /* send: the lower would block once; the same call again goes through. */
    h->send_wants = 1;
    assert_int_equal(h->t.send(h->t.ctx, (const uint8_t *)"hello", 5, 1000), ORCA_ERR_WANT_WRITE);
    assert_int_equal(h->t.send(h->t.ctx, (const uint8_t *)"hello", 5, 1000), 5);
    /* recv: nothing yet is WANT_READ (not a timeout, not 0), then the echo. */
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 1000), ORCA_ERR_WANT_READ);
    server_step(h);
    server_step(h);
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 1000), 5);
    assert_memory_equal(b, "hello", 5);
    h->t.close(h->t.ctx);
    assert_int_equal(h->lower_closes, 1);
    harness_free(h);
}

/* A non-blocking connect given up (close) in the TCP connect or in the
 * handshake releases the lower transport; a new connect starts afresh. */
static void test_nonblocking_connect_given_up(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    int want_read, want_write;
    (void)state;
    h->nonblocking = 1;
    h->connect_wants = 1;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_ERR_WANT_WRITE);
    h->t.close(h->t.ctx);
    assert_int_equal(h->lower_closes, 1);
    h->c2s.closed = 0;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_ERR_WANT_READ);
    h->t.close(h->t.ctx);
    assert_int_equal(h->lower_closes, 2);
    next_connection(h); /* fresh rings and server session */
    assert_int_equal(connect_again_until_final(h, &want_read, &want_write), ORCA_OK);
    harness_free(h);
}

/* A poll (timeout 0) of a non-blocking connection reads on past records
 * that hold no data for the caller (TLS 1.3: the server's ticket) to the
 * data, or to WANT_READ: never ORCA_ERR_TIMEOUT (mbedTLS asks again without
 * the pipe having had to wait). */
static void test_nonblocking_poll_reads_past_ticket(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    uint8_t b[16];
    int want_read, want_write;
    (void)state;
    h->nonblocking = 1;
    assert_int_equal(connect_again_until_final(h, &want_read, &want_write), ORCA_OK);
    assert_int_equal(h->t.send(h->t.ctx, (const uint8_t *)"hello", 5, 0), 5);
    server_step(h);
    server_step(h);
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 0), 5);
    assert_memory_equal(b, "hello", 5);
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 0), ORCA_ERR_WANT_READ);
    harness_free(h);
}

/* orca_tls_restartable: only with an mbedTLS built with
 * MBEDTLS_ECP_RESTARTABLE (the firmware's -DORCA_FIRMWARE_ECP_RESTARTABLE=ON;
 * the project's config has not); a blocking connect is whole either way. */
static void test_restartable_needs_the_build(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(orca_tls_restartable(NULL, 100), ORCA_ERR_INVALID_ARG);
#if defined(MBEDTLS_ECP_RESTARTABLE)
    assert_int_equal(orca_tls_restartable(&h->tls, 100), ORCA_OK);
#else
    assert_int_equal(orca_tls_restartable(&h->tls, 100), ORCA_ERR_UNSUPPORTED);
#endif
    orca_tls_max_tls12(&h->tls); /* where mbedTLS pauses ECC at all */
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 1000), ORCA_OK);
    echo_once(h, "whole");
#if defined(MBEDTLS_ECP_RESTARTABLE)
    assert_int_equal(orca_tls_restartable(&h->tls, 0), ORCA_OK);
#endif
    harness_free(h);
}

static void test_peer_close_notify_and_bare_eof(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    uint8_t b[8];
    (void)state;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_OK);
    /* Nothing to read yet: a timeout, not a close. */
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 100), ORCA_ERR_TIMEOUT);
    assert_int_equal(mbedtls_ssl_close_notify(&h->srv), 0);
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 100), 0);
    harness_free(h);

    h = harness_new("server", "ca.pem");
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_OK);
    h->s2c.closed = 1; /* TCP end of stream without close_notify: maybe truncated */
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 100), ORCA_ERR_UNEXPECTED_EOF);
    harness_free(h);
}

static void test_reconnect_after_close(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    (void)state;
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_OK);
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_ERR_STATE);
    h->t.close(h->t.ctx);
    /* A fresh server session and fresh rings for the second connection. */
    server_free(h);
    memset(&h->c2s, 0, sizeof h->c2s);
    memset(&h->s2c, 0, sizeof h->s2c);
    h->srv_handshake_done = 0;
    server_setup(h, "server");
    assert_int_equal(h->t.connect(h->t.ctx, "localhost", 443, 100), ORCA_OK);
    echo_once(h, "again");
    harness_free(h);
}

static void test_calls_before_connect_and_bad_args(void **state)
{
    harness *h = harness_new("server", "ca.pem");
    uint8_t b[8] = {0};
    (void)state;
    assert_int_equal(h->t.send(h->t.ctx, b, sizeof b, 100), ORCA_ERR_CLOSED);
    assert_int_equal(h->t.recv(h->t.ctx, b, sizeof b, 100), ORCA_ERR_CLOSED);
    assert_int_equal(h->t.connect(h->t.ctx, NULL, 443, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(h->t.connect(h->t.ctx, "", 443, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(h->t.send(h->t.ctx, NULL, 1, 100), ORCA_ERR_INVALID_ARG);
    assert_int_equal(h->t.recv(h->t.ctx, b, 0, 100), ORCA_ERR_INVALID_ARG);
    h->t.close(h->t.ctx); /* never connected: harmless */
    assert_int_equal(h->lower_closes, 0);
    harness_free(h);
}

static void test_init_refuses_bad_ca_and_args(void **state)
{
    static const uint8_t junk_pem[] = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
    static const uint8_t junk_der[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    orca_tls tls;
    orca_transport lower = {pipe_connect, pipe_send, pipe_recv, pipe_close, NULL};
    orca_transport t;
    orca_tls_config cfg;
    (void)state;
    memset(&cfg, 0, sizeof cfg);
    cfg.entropy = orca_posix_entropy;
    cfg.ca = junk_pem;
    cfg.ca_len = sizeof junk_pem;
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, &t), ORCA_ERR_TLS_CA);
    cfg.ca = junk_der;
    cfg.ca_len = sizeof junk_der;
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, &t), ORCA_ERR_TLS_CA);
    cfg.ca_len = 0;
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, &t), ORCA_ERR_INVALID_ARG);
    cfg.ca_len = sizeof junk_der;
    cfg.entropy = NULL;
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, &t), ORCA_ERR_INVALID_ARG);
    cfg.entropy = orca_posix_entropy;
    assert_int_equal(orca_tls_init(NULL, &cfg, &lower, &t), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_init(&tls, NULL, &lower, &t), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_init(&tls, &cfg, NULL, &t), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, NULL), ORCA_ERR_INVALID_ARG);
}

static int failing_entropy(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
    (void)out;
    (void)len;
    return -1;
}

static void test_init_entropy_failure(void **state)
{
    orca_tls tls;
    orca_transport lower = {pipe_connect, pipe_send, pipe_recv, pipe_close, NULL};
    orca_transport t;
    orca_tls_config cfg;
    size_t len = load("ca.pem");
    (void)state;
    memset(&cfg, 0, sizeof cfg);
    cfg.ca = file_buf;
    cfg.ca_len = len;
    cfg.entropy = failing_entropy;
    assert_int_equal(orca_tls_init(&tls, &cfg, &lower, &t), ORCA_ERR_TLS);
}

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
        cmocka_unit_test(test_handshake_echo_close_notify),
        cmocka_unit_test(test_max_tls12),
        cmocka_unit_test(test_der_ca_accepted),
        cmocka_unit_test(test_wrong_host_fails_verify),
        cmocka_unit_test(test_ip_literal_host),
        cmocka_unit_test(test_expired_fails_verify),
        cmocka_unit_test(test_not_yet_valid_fails_verify),
        cmocka_unit_test(test_verify_reason_cleared_by_good_connect),
        cmocka_unit_test(test_untrusted_ca_fails_verify),
        cmocka_unit_test(test_silent_server_times_out),
        cmocka_unit_test(test_close_mid_handshake_is_clean),
        cmocka_unit_test(test_lower_errors_pass_through),
        cmocka_unit_test(test_nonblocking_handshake_by_calling_again),
        cmocka_unit_test(test_nonblocking_connect_given_up),
        cmocka_unit_test(test_nonblocking_poll_reads_past_ticket),
        cmocka_unit_test(test_restartable_needs_the_build),
        cmocka_unit_test(test_peer_close_notify_and_bare_eof),
        cmocka_unit_test(test_reconnect_after_close),
        cmocka_unit_test(test_calls_before_connect_and_bad_args),
        cmocka_unit_test(test_init_refuses_bad_ca_and_args),
        cmocka_unit_test(test_init_entropy_failure),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
