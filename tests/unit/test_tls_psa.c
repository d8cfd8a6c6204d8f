/* PSA's random source is the port's entropy hook (port/mbedtls/src/tls_psa.c),
 * in the project's config (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "orca/tls.h"

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
#include <psa/crypto.h>

#include "../../port/mbedtls/src/tls_internal.h"

static int calls;
static int fail;
static uint8_t arena[16 * 1024];

static int counting_entropy(void *ctx, unsigned char *out, size_t len)
{
    calls++;
    assert_ptr_equal(ctx, &calls);
    memset(out, 0xA5, len);
    return fail;
}

static void test_psa_random_from_hook(void **state)
{
    uint8_t out[24];
    size_t len = 0;
    (void)state;
    assert_int_equal(orca_mbedtls_arena_init(arena, sizeof arena), 0);
    orca_tls_psa_set_entropy(counting_entropy, &calls);
    assert_int_equal(mbedtls_psa_external_get_random(NULL, out, sizeof out, &len), PSA_SUCCESS);
    assert_int_equal(len, sizeof out);
    assert_int_equal(out[23], 0xA5);
    assert_int_equal(calls, 1);
    fail = -1;
    assert_int_equal(mbedtls_psa_external_get_random(NULL, out, sizeof out, &len),
                     PSA_ERROR_INSUFFICIENT_ENTROPY);
    assert_int_equal(len, 0);
    orca_tls_psa_set_entropy(NULL, NULL);
    assert_int_equal(mbedtls_psa_external_get_random(NULL, out, sizeof out, &len),
                     PSA_ERROR_INSUFFICIENT_ENTROPY);
    assert_int_equal(calls, 2);
    orca_mbedtls_arena_free();
}
#else
static void test_psa_random_from_hook(void **state)
{
    (void)state;
    skip(); /* system mbedTLS: PSA draws from its own entropy sources */
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_psa_random_from_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
