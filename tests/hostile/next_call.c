/* The library side of the hostile-server matrix: one PCA session makes a
 * call the server answers with hostile bytes (GET /x), then an ordinary one
 * (GET /y) on the same session, and reports what each left behind, so the
 * matrix can check that a failure keeps no partial credential and that the
 * next call still works where it should.
 *
 * Usage: orca_hostile_next PORT CA_FILE|- DEADLINE_MS
 * (CA_FILE: TLS to localhost trusting it; "-": plain TCP). Prints one line
 *   first=<rc> signed_in=<0|1> cred_len=<n> cred_wiped=<0|1> second=<rc> status=<n>
 *   signed_in=<0|1>
 * and exits 0 (the verdict is the matrix's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orca/orca.h>

#include "tls_posix.h"

static uint8_t ca_buf[16384];
static uint8_t work[16384];
static char cred[4096];
static unsigned char jar[8192];
static orca_session session;
static tls_posix net;

/* 1 when the credential buffer holds nothing but zeroes. */
static int cred_wiped(void)
{
    for (size_t i = 0; i < sizeof cred; i++) {
        if (cred[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* GET @p path (a body must fit the work buffer). */
static int get(const char *path, orca_http_response *res)
{
    orca_session_call req;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str(path);
    return orca_session_request(&session, &req, NULL, res);
}

static int setup(const char *ca, orca_session_config *cfg)
{
    orca_session_config_defaults(cfg);
    if (strcmp(ca, "-") == 0) {
        orca_posix_tcp_init(&net.tcp, &net.t);
        orca_posix_clock_init(&net.clock);
        cfg->tls = 0;
        return ORCA_OK;
    }
    return tls_posix_init(&net, ca, ca_buf, sizeof ca_buf, NULL);
}

int main(int argc, char **argv)
{
    static uint8_t arena[256 * 1024]; /* mbedTLS's heap with the project's config */
    orca_session_config cfg;
    orca_http_response res;
    if (argc != 4) {
        fputs("usage: orca_hostile_next PORT CA_FILE|- DEADLINE_MS\n", stderr);
        return 2;
    }
    /* With the system mbedTLS this is ORCA_ERR_UNSUPPORTED and changes nothing. */
    (void)orca_mbedtls_arena_init(arena, sizeof arena);
    int rc = setup(argv[2], &cfg);
    if (rc != ORCA_OK) {
        fprintf(stderr, "setup: %s\n", orca_status_str(rc));
        return 2;
    }
    cfg.service = ORCA_SERVICE_PCA;
    cfg.host = "localhost";
    cfg.port = (uint16_t)strtoul(argv[1], NULL, 10);
    cfg.user = "jdoe";
    cfg.tenancy = "mytenancy";
    cfg.password = "s3cret-pass";
    cfg.password_len = strlen(cfg.password);
    cfg.transport = &net.t;
    cfg.clock = &net.clock;
    cfg.exchange_timeout_ms = (uint32_t)strtoul(argv[3], NULL, 10);
    cfg.work = work;
    cfg.work_size = sizeof work;
    cfg.pca.cred = cred;
    cfg.pca.cred_size = sizeof cred;
    cfg.jar_mem = jar;
    cfg.jar_size = sizeof jar;
    rc = orca_session_init(&session, &cfg);
    if (rc != ORCA_OK) {
        fprintf(stderr, "init: %s\n", orca_status_str(rc));
        return 2;
    }
    int first = get("/x", &res);
    printf("first=%d signed_in=%u cred_len=%zu cred_wiped=%d", first, session.signed_in,
           session.svc.pca.cred_len, cred_wiped());
    int second = get("/y", &res);
    printf(" second=%d status=%u signed_in=%u\n", second, second == ORCA_OK ? res.status : 0u,
           session.signed_in);
    orca_session_free(&session);
    if (cfg.tls) {
        orca_tls_free(&net.tls);
    }
    return 0;
}
