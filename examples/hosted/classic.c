/* Sign in to Compute Classic and GET one path, over POSIX sockets + mbedTLS:
 *   ORCA_PASSWORD=... orca_example_classic HOST PORT USER CA.pem PATH */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orca/orca.h>
#include <orca/posix.h>
#include <orca/tls.h>

static orca_session session; /* every byte is yours: orca never allocates */
static orca_tls tls;
static uint8_t work[16384], ca[256 * 1024], tls_arena[256 * 1024];
static unsigned char jar[2048]; /* the cookie jar: Classic's token is a cookie */

int main(int argc, char **argv)
{
    orca_posix_tcp tcp;
    orca_transport tcp_io, tls_io;
    orca_clock clock;
    orca_session_config cfg;
    orca_http_response res;
    size_t ca_len = 0;
    if (argc != 6 || getenv("ORCA_PASSWORD") == NULL) {
        fputs("usage: ORCA_PASSWORD=... orca_example_classic HOST PORT USER CA.pem PATH\n", stderr);
        return 2;
    }
    orca_posix_tcp_init(&tcp, &tcp_io);
    orca_posix_clock_init(&clock);
    (void)orca_mbedtls_arena_init(tls_arena, sizeof tls_arena); /* system mbedTLS: no-op */
    int rc = orca_posix_file_load(argv[4], ca, sizeof ca, &ca_len);
    const orca_tls_config tc = {ca, ca_len, orca_posix_entropy, NULL, &clock};
    if (rc == ORCA_OK) {
        rc = orca_tls_init(&tls, &tc, &tcp_io, &tls_io); /* TLS over the TCP transport */
    }
    orca_session_config_defaults(&cfg); /* https, retries, renewal margin */
    cfg.service = ORCA_SERVICE_CLASSIC;
    cfg.host = argv[1];
    cfg.port = (uint16_t)atoi(argv[2]);
    cfg.user = argv[3]; /* /Compute-<identity domain>/<user> */
    cfg.password = getenv("ORCA_PASSWORD");
    cfg.password_len = strlen(cfg.password);
    cfg.transport = &tls_io;
    cfg.clock = &clock;
    cfg.work = work;
    cfg.work_size = sizeof work;
    cfg.jar_mem = jar;
    cfg.jar_size = sizeof jar;
    if (rc == ORCA_OK) {
        rc = orca_session_init(&session, &cfg); /* on a refusal, session.error.message says why */
    }
    /* A path ending in '/' is a listing: the library picks its Accept. */
    const orca_http_request req = {.method = "GET", .path = argv[5]};
    if (rc == ORCA_OK) {
        rc = orca_session_request(&session, &req, NULL, &res); /* signs in first */
    }
    if (rc == ORCA_OK) {
        printf("%u %.*s\n", res.status, (int)res.body_len, res.body ? (const char *)res.body : "");
    } else {
        fprintf(stderr, "error: %s (HTTP %u) %s\n", orca_status_str(rc), session.error.status,
                session.error.message);
    }
    orca_session_free(&session); /* wipes the cookie and the work buffer */
    orca_tls_free(&tls);
    return rc == ORCA_OK ? 0 : 1;
}
