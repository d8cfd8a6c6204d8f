/* Sign in to Compute Classic and GET one path, over POSIX sockets + mbedTLS:
 *   ORCA_PASSWORD=... orca_example_classic HOST PORT USER CA.pem PATH */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orca/orca.h>
#include <orca/posix_tls.h>

static orca_session session;      /* every byte is yours: orca never allocates */
static orca_posix_tls net;        /* TLS over TCP, the clock, the session's buffers */
static uint8_t arena[256 * 1024]; /* mbedTLS's memory when built with orca's config */

int main(int argc, char **argv)
{
    orca_session_config cfg;
    orca_http_response res;
    if (argc != 6 || getenv("ORCA_PASSWORD") == NULL) {
        fputs("usage: ORCA_PASSWORD=... orca_example_classic HOST PORT USER CA.pem PATH\n", stderr);
        return 2;
    }
    (void)orca_mbedtls_arena_init(arena, sizeof arena); /* the system mbedTLS: no-op */
    int rc = orca_posix_tls_init(&net, argv[1], (uint16_t)atoi(argv[2]), argv[4], &cfg);
    cfg.service = ORCA_SERVICE_CLASSIC; /* cfg has the defaults, the network and the buffers */
    cfg.user = argv[3];                 /* /Compute-<identity domain>/<user> */
    cfg.password = getenv("ORCA_PASSWORD");
    cfg.password_len = strlen(cfg.password);
    const orca_session_call call = {.method = ORCA_SPAN_LITERAL("GET"), /* a listing: */
                                    .path = orca_span_from_str(argv[5])}; /* ends in '/' */
    if (rc == ORCA_OK && (rc = orca_session_init(&session, &cfg)) == ORCA_OK) {
        rc = orca_session_request(&session, &call, NULL, &res); /* signs in first */
    }
    if (rc == ORCA_OK) {
        printf("%u %.*s\n", res.status, (int)res.body_len, res.body ? (const char *)res.body : "");
    } else { /* why: net.error (the setup) or session.error (a refusal, the server's answer) */
        fprintf(stderr, "error: %s (HTTP %u) %s%s\n", orca_status_str(rc), session.error.status,
                net.error, session.error.message);
    }
    orca_session_free(&session); /* wipes the cookie and the work buffer */
    orca_posix_tls_free(&net);   /* closes the connection */
    return rc == ORCA_OK ? 0 : 1;
}
