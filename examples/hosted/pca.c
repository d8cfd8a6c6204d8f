/* Sign in to a Private Cloud Appliance 3.0, GET one path, sign out, over
 * POSIX sockets + mbedTLS:
 *   ORCA_PASSWORD=... orca_example_pca HOST PORT USER TENANCY CA.pem PATH
 * The same shape as classic.c; what differs is marked "PCA". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orca/orca.h>
#include <orca/posix_tls.h>

static orca_session session;      /* every byte is yours: orca never allocates */
static orca_posix_tls net;        /* TLS over TCP, the clock, the buffers (PCA: the token's) */
static uint8_t arena[256 * 1024]; /* mbedTLS's memory when built with orca's config */

/* The answer of a call, or why it failed. */
static void report(int rc, const orca_http_response *res)
{
    if (rc == ORCA_OK) {
        printf("%u %.*s\n", res->status, (int)res->body_len,
               res->body ? (const char *)res->body : "");
    } else { /* the setup's reason, what the library refused, or the server's code and message */
        fprintf(stderr, "error: %s (HTTP %u %s) %s%s request id %s\n", orca_status_str(rc),
                session.error.status, session.error.code, net.error, session.error.message,
                session.error.request_id);
    }
}

int main(int argc, char **argv)
{
    orca_session_config cfg;
    orca_http_response res;
    if (argc != 7 || getenv("ORCA_PASSWORD") == NULL) {
        fputs("usage: ORCA_PASSWORD=... orca_example_pca HOST PORT USER TENANCY CA.pem PATH\n",
              stderr);
        return 2;
    }
    (void)orca_mbedtls_arena_init(arena, sizeof arena); /* the system mbedTLS: no-op */
    int rc = orca_posix_tls_init(&net, argv[1], (uint16_t)atoi(argv[2]), argv[5], &cfg);
    cfg.service = ORCA_SERVICE_PCA;
    cfg.user = argv[3];
    cfg.tenancy = argv[4]; /* PCA: the tenancy signs in with the user */
    cfg.password = getenv("ORCA_PASSWORD");
    cfg.password_len = strlen(cfg.password);
    const orca_session_call call = {.method = ORCA_SPAN_LITERAL("GET"),
                                    .path = orca_span_from_str(argv[6])};
    if (rc == ORCA_OK && (rc = orca_session_init(&session, &cfg)) == ORCA_OK) {
        rc = orca_session_request(&session, &call, NULL, &res); /* POST /20160918/login first */
    }
    report(rc, &res);
    if (rc == ORCA_OK && (rc = orca_session_logout(&session)) != ORCA_OK) {
        report(rc, &res); /* PCA: DELETE /20160918/logout */
    }
    orca_session_free(&session); /* wipes the token and the work buffer */
    orca_posix_tls_free(&net);   /* closes the connection */
    return rc == ORCA_OK ? 0 : 1;
}
