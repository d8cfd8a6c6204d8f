/* TLS session resumption, measured and exercised against a real server:
 * a series of connections through orca's TLS transport over POSIX TCP, each
 * one "GET / HTTP/1.0" read to the end (openssl s_server -www, nginx).
 * Usage: orca_tls_resume PORT CA_FILE STEP...
 *   HOST    connect to 127.0.0.1:PORT with HOST as the TLS name (SNI and
 *           certificate check), GET, read to the end, close
 *   forget  drop the saved session (orca_tls_session_forget); prints the
 *           arena bytes still held after it
 *   reload  save the session as bytes, free the transport, set up a new one
 *           and load the bytes for the next HOST step (a sleep that loses RAM)
 *   port=N  later connections go to port N (another server)
 * One line per connection:
 *   conn=N host=H code=C version=V resumed=0|1 server=New|Reused|? arena_peak=P arena_held=B
 * (server: what s_server -www reports about the session; arena figures with
 * the project's mbedTLS config, else -1: peak during the connection, bytes
 * still held after its close, the saved session included). Each connection
 * runs in bench_connection(), so callgrind can count one at a time:
 *   valgrind --tool=callgrind --toggle-collect=bench_connection
 *            --dump-after=bench_connection ./orca_tls_resume ...
 * Exit 0 when every step succeeded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/posix.h"
#include "orca/status.h"
#include "orca/tls.h"
#include "orca/wipe.h"
#include "tls_posix.h"

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_MEMORY_DEBUG)
#include <mbedtls/memory_buffer_alloc.h>
#define HAVE_ARENA 1
#else
#define HAVE_ARENA 0
#endif

static uint8_t arena[256u * 1024u];
static uint8_t ca_buf[16384];
static char rx[16384];
static uint8_t saved[4096];
static int32_t (*tcp_connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);

/* Every TLS name goes to the loopback server: names need no resolver. */
static int32_t connect_loopback(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)host;
    return tcp_connect(ctx, "127.0.0.1", port, timeout_ms);
}

static int client_init(tls_posix *s, const char *ca)
{
    int st = tls_posix_init(s, ca, ca_buf, sizeof ca_buf, NULL);
    if (st == ORCA_OK) {
        tcp_connect = s->tls.lower.connect;
        s->tls.lower.connect = connect_loopback;
    }
    return st;
}

/* One connection: connect, GET, read to the end, close. Status. */
static int32_t bench_connection(tls_posix *s, const char *host, uint16_t port, char *version,
                                size_t vsize)
{
    static const char req[] = "GET / HTTP/1.0\r\n\r\n";
    size_t len = 0;
    int32_t n = s->t.connect(s->t.ctx, host, port, 5000);
    if (n != ORCA_OK) {
        return n;
    }
    snprintf(version, vsize, "%s", mbedtls_ssl_get_version(&s->tls.ssl));
    n = s->t.send(s->t.ctx, (const uint8_t *)req, sizeof req - 1, 5000);
    while (n > 0 && len + 1 < sizeof rx) {
        n = s->t.recv(s->t.ctx, (uint8_t *)rx + len, sizeof rx - 1 - len, 5000);
        len += n > 0 ? (size_t)n : 0u;
    }
    rx[len] = '\0';
    s->t.close(s->t.ctx);
    /* The answer ends with the server's close (with or without close_notify). */
    return len > 0 && (n == 0 || n == ORCA_ERR_UNEXPECTED_EOF) ? ORCA_OK : (n < 0 ? n : ORCA_ERR_IO);
}

/* Called through a volatile pointer: the compiler can neither inline nor clone
 * (rename) it, so callgrind finds it by its name. */
static int32_t (*volatile connection_fn)(tls_posix *, const char *, uint16_t, char *,
                                         size_t) = bench_connection;

/* Saves the session, rebuilds the transport, loads it back: status. */
static int reload(tls_posix *s, const char *ca, const char *host)
{
    size_t len = 0;
    int st = orca_tls_session_save(&s->tls, saved, sizeof saved, &len);
    orca_tls_free(&s->tls);
    if (st == ORCA_OK) {
        st = client_init(s, ca);
    }
    if (st == ORCA_OK) {
        st = orca_tls_session_load(&s->tls, host, saved, len);
        printf("reload bytes=%zu status=%d\n", len, st);
    }
    orca_wipe(saved, sizeof saved);
    return st;
}

static void arena_figures(long *peak, long *held)
{
#if HAVE_ARENA
    size_t cur, blocks, max;
    mbedtls_memory_buffer_alloc_cur_get(&cur, &blocks);
    mbedtls_memory_buffer_alloc_max_get(&max, &blocks);
    *peak = (long)max;
    *held = (long)cur;
#else
    *peak = -1;
    *held = -1;
#endif
}

static void arena_peak_reset(void)
{
#if HAVE_ARENA
    mbedtls_memory_buffer_alloc_max_reset();
#endif
}

int main(int argc, char **argv)
{
    tls_posix s;
    uint16_t port;
    int failed = 0;
    int conn = 0;
    int i;
    if (argc < 4) {
        fprintf(stderr, "usage: %s PORT CA_FILE HOST|forget|reload|port=N...\n", argv[0]);
        return 2;
    }
    port = (uint16_t)strtoul(argv[1], NULL, 10);
    (void)orca_mbedtls_arena_init(arena, sizeof arena); /* unsupported with system mbedTLS */
    if (client_init(&s, argv[2]) != ORCA_OK) {
        fprintf(stderr, "cannot set up TLS with CA %s\n", argv[2]);
        return 1;
    }
    for (i = 3; i < argc && !failed; i++) {
        char version[32] = "none";
        long peak, held;
        int32_t st;
        if (strcmp(argv[i], "forget") == 0) {
            orca_tls_session_forget(&s.tls);
            arena_figures(&peak, &held);
            printf("forget arena_held=%ld\n", held); /* the held session's share shows */
            continue;
        }
        if (strncmp(argv[i], "port=", 5) == 0) {
            port = (uint16_t)strtoul(argv[i] + 5, NULL, 10);
            continue;
        }
        if (strcmp(argv[i], "reload") == 0) {
            failed = i + 1 >= argc || reload(&s, argv[2], argv[i + 1]) != ORCA_OK;
            continue;
        }
        arena_peak_reset();
        st = connection_fn(&s, argv[i], port, version, sizeof version);
        arena_figures(&peak, &held);
        printf("conn=%d host=%s code=%d version=%s resumed=%d server=%s arena_peak=%ld "
               "arena_held=%ld\n",
               ++conn, argv[i], (int)st, version, orca_tls_resumed(&s.tls),
               strstr(rx, "Reused, ") ? "Reused" : strstr(rx, "New, ") ? "New" : "?", peak, held);
        failed = st != ORCA_OK;
    }
    orca_tls_free(&s.tls);
    return failed ? 1 : 0;
}
