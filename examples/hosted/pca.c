/* Sign in to a Private Cloud Appliance 3.0, GET one path, sign out, over
 * POSIX sockets + mbedTLS:
 *   ORCA_PASSWORD=... orca_example_pca HOST PORT USER TENANCY CA.pem PATH
 * The same shape as classic.c; what differs is marked "PCA". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orca/orca.h>
#include <orca/posix.h>
#include <orca/tls.h>

static orca_session session; /* every byte is yours: orca never allocates */
static orca_tls tls;
static uint8_t work[16384], ca[256 * 1024], tls_arena[256 * 1024];
static char cred[4096];         /* PCA: holds "Bearer <token>" */
static unsigned char jar[1024]; /* any cookie the server sets */

/* The answer of a call, or why it failed. */
static void report(int rc, const orca_http_response *res)
{
    if (rc == ORCA_OK) {
        printf("%u %.*s\n", res->status, (int)res->body_len,
               res->body ? (const char *)res->body : "");
    } else { /* the server's code and message, or what the library refused */
        fprintf(stderr, "error: %s (HTTP %u %s) %s request id %s\n", orca_status_str(rc),
                session.error.status, session.error.code, session.error.message,
                session.error.request_id);
    }
}

int main(int argc, char **argv)
{
    orca_posix_tcp tcp;
    orca_transport tcp_io, tls_io;
    orca_clock clock;
    orca_session_config cfg;
    orca_http_response res;
    size_t ca_len = 0;
    if (argc != 7 || getenv("ORCA_PASSWORD") == NULL) {
        fputs("usage: ORCA_PASSWORD=... orca_example_pca HOST PORT USER TENANCY CA.pem PATH\n",
              stderr);
        return 2;
    }
    orca_posix_tcp_init(&tcp, &tcp_io);
    orca_posix_clock_init(&clock);
    (void)orca_mbedtls_arena_init(tls_arena, sizeof tls_arena); /* system mbedTLS: no-op */
    int rc = orca_posix_file_load(argv[5], ca, sizeof ca, &ca_len);
    const orca_tls_config tc = {ca, ca_len, orca_posix_entropy, NULL, &clock};
    if (rc == ORCA_OK) {
        rc = orca_tls_init(&tls, &tc, &tcp_io, &tls_io); /* TLS over the TCP transport */
    }
    orca_session_config_defaults(&cfg);
    cfg.service = ORCA_SERVICE_PCA;
    cfg.host = argv[1];
    cfg.port = (uint16_t)atoi(argv[2]);
    cfg.user = argv[3];
    cfg.tenancy = argv[4]; /* PCA: the tenancy signs in with the user */
    cfg.password = getenv("ORCA_PASSWORD");
    cfg.password_len = strlen(cfg.password);
    cfg.transport = &tls_io;
    cfg.clock = &clock;
    cfg.work = work;
    cfg.work_size = sizeof work;
    cfg.cred = cred; /* PCA: the token's buffer */
    cfg.cred_size = sizeof cred;
    cfg.jar_mem = jar;
    cfg.jar_size = sizeof jar;
    if (rc == ORCA_OK) {
        rc = orca_session_init(&session, &cfg);
    }
    const orca_http_request req = {.method = "GET", .path = argv[6]};
    if (rc == ORCA_OK) {
        rc = orca_session_request(&session, &req, NULL, &res); /* POST /20160918/login first */
    }
    report(rc, &res);
    if (rc == ORCA_OK && (rc = orca_session_logout(&session)) != ORCA_OK) {
        report(rc, &res); /* PCA: DELETE /20160918/logout */
    }
    orca_session_free(&session); /* wipes the token and the work buffer */
    orca_tls_free(&tls);
    return rc == ORCA_OK ? 0 : 1;
}
