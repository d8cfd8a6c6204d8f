/* Integration client: the POSIX TCP transport wrapped by the TLS transport.
 * Usage: orca_tls_client HOST PORT CA_FILE TIMEOUT_MS REQUEST EXPECT [drain]
 * Connects, sends REQUEST, reads until EXPECT appears; with "drain" it then
 * reads to the end of the stream. Prints one line
 *   code=<n> phase=<arena|ca|init|connect|send|recv|drain> elapsed_ms=<n> result=<status text>
 * (elapsed covers the failing or last call) and exits 0 only when all went well. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_posix.h"

static uint8_t ca_buf[16384];
static uint8_t arena[64 * 1024]; /* mbedTLS's heap when built with the project config */
static char rx[65536];

static int report(const char *phase, int32_t st, uint32_t start)
{
    printf("code=%d phase=%s elapsed_ms=%u result=%s\n", (int)st, phase,
           (unsigned)(orca_posix_now_ms(NULL) - start), orca_status_str(st));
    return st == ORCA_OK ? 0 : 1;
}

/* Reads until @p expect is in rx: ORCA_OK, or the failing status (0 means closed). */
static int32_t read_until(orca_transport *t, const char *expect, size_t *len, uint32_t timeout)
{
    while (strstr(rx, expect) == NULL) {
        int32_t n;
        if (*len + 1 >= sizeof rx) {
            return ORCA_ERR_BUFFER_TOO_SMALL;
        }
        n = t->recv(t->ctx, (uint8_t *)rx + *len, sizeof rx - 1 - *len, timeout);
        if (n <= 0) {
            return n == 0 ? ORCA_ERR_CLOSED : n;
        }
        *len += (size_t)n;
        rx[*len] = 0;
    }
    return ORCA_OK;
}

/* Reads to the end of the stream: ORCA_OK for an orderly end, else the status. */
static int32_t drain(orca_transport *t, uint32_t timeout)
{
    int32_t n;
    do {
        n = t->recv(t->ctx, (uint8_t *)rx, sizeof rx - 1, timeout);
    } while (n > 0);
    return n;
}

int main(int argc, char **argv)
{
    const char *phase = "recv";
    tls_posix s;
    orca_transport *t = &s.t;
    size_t len = 0;
    uint32_t timeout;
    uint32_t start;
    int32_t st;
    if (argc < 7) {
        fprintf(stderr, "usage: %s HOST PORT CA TIMEOUT_MS REQUEST EXPECT [drain]\n", argv[0]);
        return 2;
    }
    timeout = (uint32_t)strtoul(argv[4], NULL, 10);
    st = orca_mbedtls_arena_init(arena, sizeof arena);
    if (st != ORCA_OK && st != ORCA_ERR_UNSUPPORTED) {
        return report("arena", st, orca_posix_now_ms(NULL));
    }
    st = tls_posix_init(&s, argv[3], ca_buf, sizeof ca_buf, &phase);
    if (st != ORCA_OK) {
        return report(phase, st, orca_posix_now_ms(NULL));
    }
    start = orca_posix_now_ms(NULL);
    st = t->connect(t->ctx, argv[1], (uint16_t)strtoul(argv[2], NULL, 10), timeout);
    if (st != ORCA_OK) {
        orca_tls_free(&s.tls);
        return report("connect", st, start);
    }
    printf("version=%s\n", mbedtls_ssl_get_version(&s.tls.ssl));
    start = orca_posix_now_ms(NULL);
    st = t->send(t->ctx, (const uint8_t *)argv[5], strlen(argv[5]), timeout);
    if (st < 0 || (size_t)st != strlen(argv[5])) {
        orca_tls_free(&s.tls);
        return report("send", st < 0 ? st : ORCA_ERR_IO, start);
    }
    start = orca_posix_now_ms(NULL);
    st = read_until(t, argv[6], &len, timeout);
    if (st == ORCA_OK && argc > 7 && strcmp(argv[7], "drain") == 0) {
        /* The server closes after its answer: that must be close_notify (0). */
        st = drain(t, timeout);
        phase = "drain";
    }
    orca_tls_free(&s.tls);
    return report(phase, st, start);
}
