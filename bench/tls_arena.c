/* TLS arena figures: one handshake + one HTTP request through orca's TLS
 * transport over POSIX TCP, with mbedTLS's allocations in a static arena.
 * Linked with -Wl,--wrap=malloc,calloc,realloc,free so that every heap call
 * made by orca or the statically linked mbedTLS objects is counted (calls made
 * inside the shared libc, e.g. by getaddrinfo, are not: they are not ours).
 * Usage: orca_tls_arena HOST PORT CA_FILE [ARENA_BYTES]   (default 40960, the budget)
 * Prints one line of figures; exit 0 when the request succeeded with 0 heap
 * calls, 1 on failure, 3 when mbedTLS has no buffer allocator (system library). */
#include <stdio.h>
#include <stdlib.h>

#include "orca/posix.h"
#include "orca/status.h"
#include "orca/tls.h"
#include "tls_posix.h"

#if defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

#define ARENA_MAX (256u * 1024u)

static uint8_t arena[ARENA_MAX];
static uint8_t ca_buf[16384];
static uint8_t rx[4096];
static unsigned long heap_calls;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

void *__wrap_malloc(size_t n) { heap_calls++; return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { heap_calls++; return __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { heap_calls++; return __real_realloc(p, n); }
void __wrap_free(void *p) { heap_calls++; __real_free(p); }

/* Sends a GET and reads the whole response: bytes read, or a negative status. */
static long one_request(orca_transport *t)
{
    static const char req[] = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";
    long total = 0;
    int32_t n = t->send(t->ctx, (const uint8_t *)req, sizeof req - 1, 5000);
    if (n != (int32_t)(sizeof req - 1)) {
        return n < 0 ? n : ORCA_ERR_IO;
    }
    for (;;) {
        n = t->recv(t->ctx, rx, sizeof rx, 5000);
        if (n <= 0) {
            /* s_server -www ends with TCP close; with or without close_notify is fine here. */
            return (n == 0 || n == ORCA_ERR_UNEXPECTED_EOF) && total > 0 ? total : n;
        }
        total += n;
    }
}

int main(int argc, char **argv)
{
    tls_posix s;
    size_t arena_len = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 40960u;
    size_t cur = 0;
    size_t peak = 0;
    long got;
    int st;
    if (argc < 4 || arena_len > ARENA_MAX) {
        fprintf(stderr, "usage: %s HOST PORT CA_FILE [ARENA_BYTES <= %u]\n", argv[0], ARENA_MAX);
        return 2;
    }
    /* The counter must see a call made from a linked object, or it proves nothing. */
    free(malloc(16));
    if (heap_calls != 2) {
        fprintf(stderr, "heap counter not wired (--wrap missing): %lu\n", heap_calls);
        return 1;
    }
    heap_calls = 0;
    if (orca_mbedtls_arena_init(arena, arena_len) == ORCA_ERR_UNSUPPORTED) {
        printf("arena=unsupported (mbedTLS without MBEDTLS_MEMORY_BUFFER_ALLOC_C)\n");
        return 3;
    }
    st = tls_posix_init(&s, argv[3], ca_buf, sizeof ca_buf, NULL);
    if (st == ORCA_OK) {
        st = s.t.connect(s.t.ctx, argv[1], (uint16_t)strtoul(argv[2], NULL, 10), 5000);
        printf("version=%s ", st == ORCA_OK ? mbedtls_ssl_get_version(&s.tls.ssl) : "none");
        got = st == ORCA_OK ? one_request(&s.t) : st;
        st = got > 0 ? ORCA_OK : (int)got;
        orca_tls_free(&s.tls);
    }
#if defined(MBEDTLS_PSA_CRYPTO_C)
    mbedtls_psa_crypto_free(); /* PSA's global key store lives in the arena too */
#endif
    (void)orca_mbedtls_arena_stats(&cur, &peak);
    printf("result=%d arena_size=%zu arena_peak=%zu arena_after_free=%zu heap_calls=%lu\n", st,
           arena_len, peak, cur, heap_calls);
    orca_mbedtls_arena_free();
    return st == ORCA_OK && heap_calls == 0 && cur == 0 ? 0 : 1;
}
