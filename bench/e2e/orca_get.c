/* orca client of the end-to-end benchmark: N keep-alive GETs over one
 * connection with orca_http_exchange on orca_posix TCP (and orca_tls for
 * https), checking each status and body length.
 * Usage: orca_get HOST PORT TLS(0|1) CA_FILE PATH N EXPECTED_BODY_LEN */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/orca.h"
#include "orca/posix.h"
#include "orca/tls.h"

static uint8_t work[8192];
static uint8_t ca[16384];
static uint8_t tls_arena[64 * 1024];

int main(int argc, char **argv)
{
    orca_posix_tcp tcp;
    orca_transport plain, secure, *t = &plain;
    orca_tls tls;
    orca_tls_config cfg;
    orca_clock clock;
    orca_http_request req;
    orca_http_response res;
    size_t ca_len = 0, want;
    long i, n;
    int rc, use_tls;

    if (argc != 8) {
        fprintf(stderr, "usage: %s HOST PORT TLS CA_FILE PATH N EXPECTED_BODY_LEN\n", argv[0]);
        return 2;
    }
    use_tls = atoi(argv[3]);
    n = atol(argv[6]);
    want = (size_t)atol(argv[7]);
    orca_posix_clock_init(&clock);
    orca_posix_tcp_init(&tcp, &plain);
    if (use_tls) {
        rc = orca_posix_file_load(argv[4], ca, sizeof(ca) - 1, &ca_len);
        if (rc == ORCA_OK) {
            ca[ca_len++] = 0; /* PEM: the NUL is counted */
            /* Unsupported when mbedTLS has no buffer allocator: its heap then. */
            rc = orca_mbedtls_arena_init(tls_arena, sizeof(tls_arena));
            if (rc == ORCA_ERR_UNSUPPORTED)
                rc = ORCA_OK;
        }
        memset(&cfg, 0, sizeof(cfg));
        cfg.ca = ca;
        cfg.ca_len = ca_len;
        cfg.entropy = orca_posix_entropy;
        cfg.clock = &clock;
        if (rc == ORCA_OK)
            rc = orca_tls_init(&tls, &cfg, &plain, &secure);
        if (rc != ORCA_OK) {
            fprintf(stderr, "tls setup: %s\n", orca_status_str(rc));
            return 1;
        }
        t = &secure;
    }
    rc = t->connect(t->ctx, argv[1], (uint16_t)atoi(argv[2]), 5000);
    if (rc != ORCA_OK) {
        fprintf(stderr, "connect: %s\n", orca_status_str(rc));
        return 1;
    }
    memset(&req, 0, sizeof(req));
    req.method = "GET";
    req.method_len = 3;
    req.path = argv[5];
    req.path_len = strlen(argv[5]);
    req.host = argv[1];
    req.host_len = strlen(argv[1]);
    req.port = (uint16_t)atoi(argv[2]);
    req.tls = (uint8_t)use_tls;
    req.keep_alive = 1;
    for (i = 0; i < n; i++) {
        rc = orca_http_exchange(t, work, sizeof(work), &req, NULL, &res);
        if (rc != ORCA_OK || res.status != 200 || res.body_len != want || !res.keep_alive) {
            fprintf(stderr, "request %ld: %s, status %u, %zu bytes\n", i, orca_status_str(rc),
                    (unsigned)res.status, res.body_len);
            return 1;
        }
    }
    t->close(t->ctx);
    if (use_tls)
        orca_tls_free(&tls);
    return 0;
}
