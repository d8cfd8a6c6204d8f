/* orca/posix_tls.h: one call readies TLS over POSIX TCP with a CA file, the
 * clock and the buffers, and fills the session config; every refusal has
 * its status and a message naming the file or argument. Certificates from
 * the tls_certs fixture (ORCA_TLS_CERT_DIR). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loopback.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "orca/orca.h"
#include "orca/posix_tls.h"

static orca_posix_tls net;
static uint8_t arena[512 * 1024]; /* mbedTLS built with the project's config */
static char path[512];
static char tmpdir[] = "/tmp/orca-posix-tls-XXXXXX";

static const char *cert(const char *name)
{
    const char *dir = getenv("ORCA_TLS_CERT_DIR");
    assert_non_null(dir); /* set by ctest: the tls_certs fixture makes the files */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* A file of @p len bytes of @p fill in the test's temporary folder. */
static const char *tmpfile_of(const char *name, size_t len, char fill)
{
    static char buf[4096];
    int fd;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    memset(buf, fill, sizeof buf);
    while (len > 0) {
        size_t n = len < sizeof buf ? len : sizeof buf;
        assert_int_equal(write(fd, buf, n), (ssize_t)n);
        len -= n;
    }
    assert_int_equal(close(fd), 0);
    return path;
}

static int setup(void **state)
{
    (void)state;
    (void)orca_mbedtls_arena_init(arena, sizeof arena); /* the system mbedTLS: unsupported */
    memset(&net, 0, sizeof net);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    orca_posix_tls_free(&net);
    return 0;
}

static void test_fills_the_config(void **state)
{
    orca_session_config cfg;
    orca_session s;
    const char *host = "localhost";
    (void)state;
    memset(&cfg, 0xA5, sizeof cfg); /* everything is written */
    assert_int_equal(orca_posix_tls_init(&net, host, 8443, cert("ca.pem"), &cfg), ORCA_OK);
    assert_string_equal(net.error, "");
    assert_int_equal(net.ready, 1);
    /* The defaults first. */
    assert_int_equal(cfg.max_retries, ORCA_SESSION_MAX_RETRIES);
    assert_int_equal(cfg.classic.renew_margin_s, ORCA_SESSION_RENEW_MARGIN_S);
    assert_null(cfg.user);
    assert_null(cfg.password);
    assert_null(cfg.log);
    /* Host and port as given, https. */
    assert_ptr_equal(cfg.host, host);
    assert_int_equal(cfg.port, 8443);
    assert_int_equal(cfg.tls, 1);
    /* TLS over TCP, the POSIX clock, the TLS session in saved states. */
    assert_ptr_equal(cfg.transport, &net.tls_io);
    assert_ptr_equal(net.tls_io.ctx, &net.tls);
    assert_ptr_equal(net.tls.lower.ctx, &net.tcp);
    assert_ptr_equal(net.tls.lower.connect, net.tcp_io.connect);
    assert_ptr_equal(cfg.clock, &net.clock);
    assert_ptr_equal(net.tls.clock, &net.clock);
    assert_ptr_equal(net.clock.now_ms, orca_posix_now_ms);
    assert_ptr_equal(cfg.transport_state, &net.tls_state);
    assert_ptr_equal(net.tls_state.ctx, &net.tls);
    /* The buffers, whole. */
    assert_ptr_equal(cfg.work, net.work);
    assert_int_equal(cfg.work_size, ORCA_POSIX_TLS_WORK_SIZE);
    assert_ptr_equal(cfg.pca.cred, net.cred);
    assert_int_equal(cfg.pca.cred_size, ORCA_POSIX_TLS_CRED_SIZE);
    assert_ptr_equal(cfg.jar_mem, net.jar);
    assert_int_equal(cfg.jar_size, ORCA_POSIX_TLS_JAR_SIZE);
    assert_ptr_equal(cfg.public_suffix, orca_posix_public_suffix);
    assert_null(cfg.public_suffix_ctx);

    /* What is left to set makes a session each service (this build has) accepts. */
    cfg.user = "/Compute-acme/jack";
    cfg.tenancy = "acme";
    cfg.password = "pw";
    cfg.password_len = 2;
    memset(&s, 0, sizeof s);
#if ORCA_WITH_CLASSIC
    cfg.service = ORCA_SERVICE_CLASSIC;
    assert_int_equal(orca_session_init(&s, &cfg), ORCA_OK);
    orca_session_free(&s);
#endif
#if ORCA_WITH_PCA
    cfg.service = ORCA_SERVICE_PCA;
    assert_int_equal(orca_session_init(&s, &cfg), ORCA_OK);
    orca_session_free(&s);
#endif

    /* A second init without a free is refused; free wipes and allows it. */
    assert_int_equal(orca_posix_tls_init(&net, host, 0, cert("ca.pem"), &cfg), ORCA_ERR_STATE);
    assert_non_null(strstr(net.error, "orca_posix_tls_free() first"));
    memset(net.cred, 'x', sizeof net.cred);
    memset(net.jar, 'x', sizeof net.jar);
    memset(net.work, 'x', sizeof net.work);
    orca_posix_tls_free(&net);
    assert_int_equal(net.ready, 0);
    assert_int_equal(net.cred[0], 0);
    assert_int_equal(net.cred[sizeof net.cred - 1], 0);
    assert_int_equal(net.jar[sizeof net.jar - 1], 0);
    assert_int_equal(net.work[sizeof net.work - 1], 0);
    orca_posix_tls_free(&net); /* twice */
    orca_posix_tls_free(NULL);
    assert_int_equal(orca_posix_tls_init(&net, host, 0, cert("ca.der"), &cfg), ORCA_OK);
    assert_int_equal(cfg.port, 0);
}

/* Each refusal: its status, a message naming what to fix, nothing to free. */
static void refused(const char *host, const char *ca, int want, const char *says)
{
    orca_session_config cfg;
    int rc = orca_posix_tls_init(&net, host, 443, ca, &cfg);
    print_message("  %s -> %s: %s\n", ca != NULL ? ca : "(null)", orca_status_str(rc), net.error);
    assert_int_equal(rc, want);
    assert_non_null(strstr(net.error, says));
    assert_int_equal(net.ready, 0);
    assert_null(cfg.transport); /* the defaults only */
    assert_int_equal(cfg.tls, 1);
}

static void test_refusals(void **state)
{
    orca_session_config cfg;
    char too_big[600];
    (void)state;
    assert_int_equal(orca_posix_tls_init(NULL, "h", 443, cert("ca.pem"), &cfg),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_tls_init(&net, "h", 443, cert("ca.pem"), NULL),
                     ORCA_ERR_INVALID_ARG);
    assert_string_equal(net.error, "orca_posix_tls_init: cfg is NULL");
    refused(NULL, cert("ca.pem"), ORCA_ERR_INVALID_ARG, "host is NULL");
    refused("", cert("ca.pem"), ORCA_ERR_INVALID_ARG, "host is empty");
    refused("localhost", NULL, ORCA_ERR_INVALID_ARG, "CA file name is NULL");
    refused("localhost", "", ORCA_ERR_INVALID_ARG, "CA file name is empty");

    assert_non_null(mkdtemp(tmpdir));
    snprintf(too_big, sizeof too_big, "%s/missing.pem", tmpdir);
    refused("localhost", too_big, ORCA_ERR_FILE, "missing.pem: No such file or directory");
    refused("localhost", tmpdir, ORCA_ERR_FILE, ": Is a directory");
    refused("localhost", tmpfile_of("empty.pem", 0, 'x'), ORCA_ERR_FILE, "empty.pem: empty");
    refused("localhost", tmpfile_of("junk.pem", 100, 'x'), ORCA_ERR_TLS_CA,
            "junk.pem: no certificate in it parses");
    /* A server certificate's key is no certificate either. */
    refused("localhost", cert("server.key"), ORCA_ERR_TLS_CA, "no certificate in it parses");
    /* ORCA_POSIX_TLS_CA_SIZE - 1 bytes fit (and do not parse); one more does not. */
    refused("localhost", tmpfile_of("fits.pem", ORCA_POSIX_TLS_CA_SIZE - 1u, 'x'), ORCA_ERR_TLS_CA,
            "no certificate");
    snprintf(too_big, sizeof too_big, "larger than %u bytes", ORCA_POSIX_TLS_CA_SIZE - 1u);
    refused("localhost", tmpfile_of("big.pem", ORCA_POSIX_TLS_CA_SIZE, 'x'),
            ORCA_ERR_BUFFER_TOO_SMALL, too_big);
    /* After every refusal the next init works. */
    assert_int_equal(orca_posix_tls_init(&net, "localhost", 443, cert("ca.pem"), &cfg), ORCA_OK);
    assert_string_equal(net.error, "");
}

/* With the project's mbedTLS and no arena, the message says to give one. */
static void test_no_arena(void **state)
{
    (void)state;
    orca_mbedtls_arena_free();
    if (orca_mbedtls_arena_init(arena, sizeof arena) == ORCA_ERR_UNSUPPORTED) {
        skip(); /* the system mbedTLS allocates from libc */
    }
    orca_mbedtls_arena_free();
    refused("localhost", cert("ca.pem"), ORCA_ERR_TLS_MEMORY, "orca_mbedtls_arena_init()");
    assert_int_equal(orca_mbedtls_arena_init(arena, sizeof arena), ORCA_OK);
}

/* The session's transport is TLS over TCP to the configured host: a closed
 * port is refused by TCP; an open one gets a ClientHello naming the host. */
static void test_tls_over_tcp(void **state)
{
    orca_session_config cfg;
    uint8_t hello[2048];
    uint16_t port = 0;
    ssize_t n;
    int lfd, fd;
    (void)state;
    lfd = loopback_listen(&port, 1, 0);
    assert_int_equal(close(lfd), 0);
    assert_int_equal(orca_posix_tls_init(&net, "localhost", port, cert("ca.pem"), &cfg), ORCA_OK);
    assert_int_equal(cfg.transport->connect(cfg.transport->ctx, cfg.host, cfg.port, 2000),
                     ORCA_ERR_CONN_REFUSED);

    lfd = loopback_listen(&port, 1, 0);
    /* The kernel completes the TCP handshake; nobody answers the ClientHello. */
    assert_int_equal(cfg.transport->connect(cfg.transport->ctx, "localhost", port, 300),
                     ORCA_ERR_TIMEOUT);
    fd = loopback_accept(lfd);
    assert_true(fd >= 0);
    n = recv(fd, hello, sizeof hello, 0);
    assert_true(n > 5);
    assert_int_equal(hello[0], 0x16);                          /* a TLS handshake record */
    assert_int_equal(hello[5], 0x01);                          /* ClientHello */
    assert_non_null(memmem(hello, (size_t)n, "localhost", 9)); /* SNI: the host */
    cfg.transport->close(cfg.transport->ctx);
    assert_int_equal(close(fd), 0);
    assert_int_equal(close(lfd), 0);
}

static int cleanup(void **state)
{
    char cmd[600];
    (void)state;
    if (strchr(tmpdir, 'X') == NULL) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        return system(cmd) == 0 ? 0 : -1;
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fills_the_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_arena, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tls_over_tcp, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
