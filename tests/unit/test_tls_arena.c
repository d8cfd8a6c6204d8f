/* The static arena of the project's mbedTLS config (port/mbedtls/src/tls_arena.c).
 * With the system mbedTLS (no buffer allocator) every call reports UNSUPPORTED. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/posix.h"
#include "orca/status.h"
#include "orca/tls.h"

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
static uint8_t arena[64 * 1024];
static uint8_t ca_buf[8192];

static int nop_connect(void *c, const char *h, uint16_t p, uint32_t t)
{
    (void)c, (void)h, (void)p, (void)t;
    return ORCA_ERR_IO;
}
static int32_t nop_io(void *c, uint8_t *b, size_t n, uint32_t t)
{
    (void)c, (void)b, (void)n, (void)t;
    return ORCA_ERR_IO;
}
static int32_t nop_send(void *c, const uint8_t *b, size_t n, uint32_t t)
{
    (void)c, (void)b, (void)n, (void)t;
    return ORCA_ERR_IO;
}
static void nop_close(void *c)
{
    (void)c;
}

static int init_tls(orca_tls *tls)
{
    orca_transport lower = {nop_connect, nop_send, nop_io, nop_close, NULL};
    orca_transport t;
    orca_tls_config cfg;
    char path[512];
    const char *dir = getenv("ORCA_TLS_CERT_DIR");
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/ca.pem", dir);
    memset(&cfg, 0, sizeof cfg);
    assert_int_equal(orca_posix_file_load(path, ca_buf, sizeof ca_buf, &cfg.ca_len), ORCA_OK);
    cfg.ca = ca_buf;
    cfg.entropy = orca_posix_entropy;
    return orca_tls_init(tls, &cfg, &lower, &t);
}

static void test_no_libc_heap_before_arena(void **state)
{
    orca_tls tls;
    (void)state;
    /* mbedTLS's default allocator fails instead of calling calloc. */
    assert_int_equal(init_tls(&tls), ORCA_ERR_TLS_MEMORY);
}

static void test_arena_bounds_and_stats(void **state)
{
    orca_tls tls;
    size_t cur = 1;
    size_t peak = 0;
    size_t base;
    (void)state;
    assert_int_equal(orca_mbedtls_arena_init(NULL, sizeof arena), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_mbedtls_arena_init(arena, 1023), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_mbedtls_arena_stats(NULL, &peak), ORCA_ERR_INVALID_ARG);

    /* 8 KB cannot hold the record buffers: a clean TLS_MEMORY, never a crash. */
    assert_int_equal(orca_mbedtls_arena_init(arena, 8 * 1024), ORCA_OK);
    assert_int_equal(init_tls(&tls), ORCA_ERR_TLS_MEMORY);
    orca_mbedtls_arena_free();

    assert_int_equal(orca_mbedtls_arena_init(arena, sizeof arena), ORCA_OK);
    assert_int_equal(init_tls(&tls), ORCA_OK);
    assert_int_equal(orca_mbedtls_arena_stats(&cur, &peak), ORCA_OK);
    /* CA, record buffers (16 KB in + 4 KB out) and DRBG live in the arena. */
    assert_true(cur > 20 * 1024 && cur < 40 * 1024);
    assert_true(peak >= cur);
    orca_tls_free(&tls);
    assert_int_equal(orca_mbedtls_arena_stats(&base, &peak), ORCA_OK);
    assert_true(base < 4096); /* only PSA's global state stays */
    orca_tls_free(&tls);       /* twice is safe */
    assert_int_equal(orca_mbedtls_arena_stats(&cur, &peak), ORCA_OK);
    assert_int_equal(cur, base);
    orca_mbedtls_arena_free();
}
#else
static void test_unsupported_without_allocator(void **state)
{
    uint8_t buf[2048];
    size_t cur;
    size_t peak;
    (void)state;
    assert_int_equal(orca_mbedtls_arena_init(buf, sizeof buf), ORCA_ERR_UNSUPPORTED);
    assert_int_equal(orca_mbedtls_arena_stats(&cur, &peak), ORCA_ERR_UNSUPPORTED);
    orca_mbedtls_arena_free(); /* harmless */
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
        cmocka_unit_test(test_no_libc_heap_before_arena),
        cmocka_unit_test(test_arena_bounds_and_stats),
#else
        cmocka_unit_test(test_unsupported_without_allocator),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
