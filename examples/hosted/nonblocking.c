/* A superloop on a Linux host: sign in to Compute Classic and GET one path
 * without ever blocking the loop, which goes on with its own work (here it
 * counts its passes) while orca waits for the network.
 *   ORCA_PASSWORD=... orca_example_nonblocking HOST PORT USER CA.pem PATH */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orca/orca.h>
#include <orca/posix_tls.h>

static orca_session session;
static orca_posix_tls net;
static uint8_t arena[256 * 1024]; /* mbedTLS's memory when built with orca's config */

/* One pass of the loop's other work, then wait for what orca wants: the
 * socket, or time, at most until orca's tick and at most 10 ms. */
static void other_work_and_wait(int want, unsigned long *passes)
{
    uint32_t until = 0;
    (void)orca_session_wait(&session, &until);
    int32_t left = orca_clock_remaining(orca_posix_now_ms(NULL), until);
    struct pollfd p = {.fd = net.tcp.fd, .events = want == ORCA_ERR_WANT_WRITE ? POLLOUT : POLLIN};
    ++*passes; /* the heartbeat: sensors, watchdog, radio ... */
    (void)poll(&p, want == ORCA_ERR_WANT_TICK || p.fd < 0 ? 0u : 1u,
               left < 0 ? 0 : left > 10 ? 10 : (int)left);
}

int main(int argc, char **argv)
{
    orca_session_config cfg;
    orca_http_response res;
    unsigned long passes = 0, calls = 0;
    if (argc != 6 || getenv("ORCA_PASSWORD") == NULL) {
        fputs("usage: ORCA_PASSWORD=... orca_example_nonblocking HOST PORT USER CA.pem PATH\n",
              stderr);
        return 2;
    }
    (void)orca_mbedtls_arena_init(arena, sizeof arena); /* the system mbedTLS: no-op */
    int rc = orca_posix_tls_init(&net, argv[1], (uint16_t)atoi(argv[2]), argv[4], &cfg);
    if (rc == ORCA_OK) {
        rc = orca_posix_tcp_set_nonblocking(&net.tcp, 1); /* TLS over it follows */
    }
    cfg.service = ORCA_SERVICE_CLASSIC;
    cfg.user = argv[3];
    cfg.password = getenv("ORCA_PASSWORD");
    cfg.password_len = strlen(cfg.password);
    cfg.nonblocking = 1; /* every call returns at once; waits become ORCA_ERR_WANT_* */
    const orca_session_call call = {.method = ORCA_SPAN_LITERAL("GET"),
                                    .path = orca_span_from_str(argv[5])};
    if (rc == ORCA_OK && (rc = orca_session_init(&session, &cfg)) == ORCA_OK) {
        /* The same call, again and again, until it ends: it signs in first. */
        while ((rc = orca_session_request(&session, &call, NULL, &res)), ++calls,
               rc == ORCA_ERR_WANT_READ || rc == ORCA_ERR_WANT_WRITE || rc == ORCA_ERR_WANT_TICK) {
            other_work_and_wait(rc, &passes);
        }
    }
    fprintf(stderr, "loop: %lu passes, %lu calls into orca\n", passes, calls);
    if (rc == ORCA_OK) {
        printf("%u %.*s\n", res.status, (int)res.body_len, res.body ? (const char *)res.body : "");
    } else {
        fprintf(stderr, "error: %s (HTTP %u) %s%s\n", orca_status_str(rc), session.error.status,
                net.error, session.error.message);
    }
    orca_session_free(&session);
    orca_posix_tls_free(&net);
    return rc == ORCA_OK ? 0 : 1;
}
