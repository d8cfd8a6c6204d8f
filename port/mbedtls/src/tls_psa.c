/* PSA crypto's random source in the project's config: the port's entropy hook.
 * PSA keeps one global RNG, so the hook is global too (set by orca_tls_init). */
#include "orca/tls.h"
#include "tls_internal.h"

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
#include <psa/crypto.h>

static orca_tls_entropy_fn psa_entropy;
static void *psa_entropy_ctx;

void orca_tls_psa_set_entropy(orca_tls_entropy_fn entropy, void *ctx)
{
    psa_entropy = entropy;
    psa_entropy_ctx = ctx;
}

psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length)
{
    (void)context;
    if (psa_entropy == NULL || psa_entropy(psa_entropy_ctx, output, output_size) != 0) {
        *output_length = 0;
        return PSA_ERROR_INSUFFICIENT_ENTROPY;
    }
    *output_length = output_size;
    return PSA_SUCCESS;
}
#else
void orca_tls_psa_set_entropy(orca_tls_entropy_fn entropy, void *ctx)
{
    (void)entropy;
    (void)ctx;
}
#endif
