/* A program outside orca's tree, built only against an installed orca (or
 * add_subdirectory(orca)): signs in over TLS, makes one GET and, for PCA,
 * logs out. tests/package/package_test.py runs it against the mock server.
 *
 *   orca_consumer pca|classic HOST PORT CA_PEM    (password in $ORCA_PASSWORD)
 *
 * Prints "consumer: orca <version> mbedTLS <version>" (from the headers it
 * was compiled with), then one line per HTTP exchange and the GET's body. Exit status 0 when every
 * call succeeded, 1 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/version.h>
#include <orca/orca.h>
#include <orca/posix_tls.h>

/* orca was built with tests/package/consumer_config.h (ORCA_CONFIG_FILE): its
 * definitions must reach this file through the package too, or orca_session
 * here would not have the library's layout. */
#if ORCA_SESSION_MESSAGE_MAX != 192u
#error "ORCA_CONFIG_FILE did not reach the consumer: orca_session layout differs from the library"
#endif

/* TLS over TCP, the clock and the buffers: orca/posix_tls.h (orca::posix_tls). */
static orca_posix_tls net;
static orca_session session;
static uint8_t tls_arena[64 * 1024]; /* used only by an mbedTLS built with orca's config */

static void log_exchange(void *ctx, orca_span method, orca_span path, unsigned status, int rc,
                         const char *request_id)
{
    (void)ctx;
    printf("consumer: %u %.*s %.*s %s id=%s\n", status, (int)method.len, method.ptr, (int)path.len,
           path.ptr, orca_status_str(rc), request_id);
}

static int get(const char *path)
{
    orca_session_call req;
    orca_http_response res;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str(path);
    int rc = orca_session_request(&session, &req, NULL, &res);
    if (rc == ORCA_OK) {
        printf("consumer: body %.*s\n", (int)res.body_len, (const char *)res.body);
    }
    return rc;
}

static int run(int pca)
{
    int rc = get(pca ? "/20160918/instances?compartmentId=c1" : "/instance/Compute-acme/vm-1");
    if (rc == ORCA_OK && pca) {
        rc = orca_session_logout(&session);
    }
    return rc;
}

int main(int argc, char **argv)
{
    const char *password = getenv("ORCA_PASSWORD");
    printf("consumer: orca %s mbedTLS %s\n", ORCA_VERSION_STRING, MBEDTLS_VERSION_STRING);
    if (argc != 5 || password == NULL) {
        fprintf(stderr, "usage: orca_consumer pca|classic HOST PORT CA_PEM (ORCA_PASSWORD set)\n");
        return 1;
    }
    const int pca = strcmp(argv[1], "pca") == 0;
    orca_session_config cfg;
    (void)orca_mbedtls_arena_init(tls_arena, sizeof tls_arena);
    int rc =
        orca_posix_tls_init(&net, argv[2], (uint16_t)strtoul(argv[3], NULL, 10), argv[4], &cfg);
    cfg.service = pca ? ORCA_SERVICE_PCA : ORCA_SERVICE_CLASSIC;
    cfg.user = pca ? "jdoe" : "/Compute-acme/jack.jones@example.com";
    cfg.tenancy = "mytenancy";
    cfg.password = password;
    cfg.password_len = strlen(password);
    cfg.log = log_exchange;
    if (rc == ORCA_OK) {
        rc = orca_session_init(&session, &cfg);
    }
    if (rc == ORCA_OK) {
        rc = run(pca);
    }
    printf("consumer: result %s %s\n", orca_status_str(rc), net.error);
    orca_session_free(&session);
    orca_posix_tls_free(&net);
    return rc == ORCA_OK ? 0 : 1;
}
