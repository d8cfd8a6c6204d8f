/* The OCI request signer on mbedTLS (orca/signer_mbedtls.h): SHA-256,
 * RSASSA-PKCS1-v1_5 and base64, for mbedTLS 2.28 and 3.6. */
#include <string.h>

#include "orca/signer_mbedtls.h"
#include "orca/status.h"
#include "orca/wipe.h"
#include "tls_internal.h"

#include <mbedtls/base64.h>
#include <mbedtls/bignum.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#if defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

#define SHA256_LEN 32u

/* Base64 of @p data into @p out: ORCA_ERR_BUFFER_TOO_SMALL when it does not fit. */
static int to_base64(const uint8_t *data, size_t len, char *out, size_t size, size_t *out_len)
{
    size_t n = 0;
    /* mbedtls_base64_encode writes a NUL after the text: one byte more. */
    if (mbedtls_base64_encode((unsigned char *)out, size, &n, data, len) != 0) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    *out_len = n;
    return ORCA_OK;
}

static int sha256(const uint8_t *data, size_t len, uint8_t digest[SHA256_LEN])
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    return mbedtls_sha256(data, len, digest, 0) == 0 ? ORCA_OK : ORCA_ERR_KEY;
#else
    return mbedtls_sha256_ret(data, len, digest, 0) == 0 ? ORCA_OK : ORCA_ERR_KEY;
#endif
}

static int signer_digest_b64(void *ctx, const uint8_t *data, size_t len, char *out, size_t size,
                             size_t *out_len)
{
    uint8_t digest[SHA256_LEN];
    (void)ctx;
    if ((data == NULL && len > 0u) || out == NULL || out_len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    int rc = sha256(data, len, digest);
    if (rc == ORCA_OK) {
        rc = to_base64(digest, sizeof digest, out, size, out_len);
    }
    return rc;
}

static int signer_sign_b64(void *ctx, const uint8_t *data, size_t len, char *out, size_t size,
                           size_t *out_len)
{
    orca_mbedtls_signer *s = ctx;
    uint8_t digest[SHA256_LEN], sig[ORCA_MBEDTLS_SIGNER_MAX_SIG];
    size_t sig_len = 0;
    if (s == NULL || (data == NULL && len > 0u) || out == NULL || out_len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    int rc = sha256(data, len, digest);
    if (rc == ORCA_OK) {
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
        int ret = mbedtls_pk_sign(&s->pk, MBEDTLS_MD_SHA256, digest, sizeof digest, sig,
                                  sizeof sig, &sig_len, mbedtls_ctr_drbg_random, &s->drbg);
#else
        int ret = mbedtls_pk_sign(&s->pk, MBEDTLS_MD_SHA256, digest, sizeof digest, sig, &sig_len,
                                  mbedtls_ctr_drbg_random, &s->drbg);
#endif
        rc = ret == 0 ? ORCA_OK : ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ORCA_ERR_TLS_MEMORY
                                                                      : ORCA_ERR_KEY;
    }
    if (rc == ORCA_OK) {
        rc = to_base64(sig, sig_len, out, size, out_len);
    }
    orca_wipe(sig, sizeof sig);
    return rc;
}

/* One status for a failed key parse: memory, or the key (or passphrase) itself. */
static int parse_status(int ret)
{
    int high = (-ret) & 0xFF80, low = (-ret) & 0x7F;
    if (high == -MBEDTLS_ERR_PK_ALLOC_FAILED || low == -MBEDTLS_ERR_MPI_ALLOC_FAILED) {
        return ORCA_ERR_TLS_MEMORY;
    }
    return ORCA_ERR_KEY;
}

int orca_mbedtls_signer_init(orca_mbedtls_signer *state, const orca_mbedtls_signer_config *config,
                             orca_signer *signer)
{
    static const unsigned char pers[] = "orca-signer";
    int ret;
    if (state == NULL || config == NULL || signer == NULL || config->key == NULL ||
        config->key_len == 0u || config->entropy == NULL ||
        (config->passphrase == NULL && config->passphrase_len > 0u)) {
        return ORCA_ERR_INVALID_ARG;
    }
    mbedtls_pk_init(&state->pk);
    mbedtls_ctr_drbg_init(&state->drbg);
#if defined(MBEDTLS_PSA_CRYPTO_C)
    /* mbedTLS 3.x may reach PSA (and its random source) under pk and md. */
    orca_tls_psa_set_entropy(config->entropy, config->entropy_ctx);
    if (psa_crypto_init() != PSA_SUCCESS) {
        orca_mbedtls_signer_free(state);
        return ORCA_ERR_TLS;
    }
#endif
    ret = mbedtls_ctr_drbg_seed(&state->drbg, config->entropy, config->entropy_ctx, pers,
                                sizeof pers - 1u);
    if (ret != 0) {
        orca_mbedtls_signer_free(state);
        return ORCA_ERR_TLS;
    }
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    ret = mbedtls_pk_parse_key(&state->pk, config->key, config->key_len, config->passphrase,
                               config->passphrase_len, mbedtls_ctr_drbg_random, &state->drbg);
#else
    ret = mbedtls_pk_parse_key(&state->pk, config->key, config->key_len, config->passphrase,
                               config->passphrase_len);
#endif
    if (ret == 0 && (!mbedtls_pk_can_do(&state->pk, MBEDTLS_PK_RSA) ||
                     mbedtls_pk_get_len(&state->pk) > ORCA_MBEDTLS_SIGNER_MAX_SIG)) {
        ret = MBEDTLS_ERR_PK_KEY_INVALID_FORMAT; /* rsa-sha256 only, up to RSA 4096 */
    }
    if (ret != 0) {
        orca_mbedtls_signer_free(state);
        return parse_status(ret);
    }
    signer->digest_b64 = signer_digest_b64;
    signer->sign_b64 = signer_sign_b64;
    signer->ctx = state;
    return ORCA_OK;
}

void orca_mbedtls_signer_free(orca_mbedtls_signer *state)
{
    if (state == NULL) {
        return;
    }
    mbedtls_pk_free(&state->pk);
    mbedtls_ctr_drbg_free(&state->drbg);
    orca_wipe(state, sizeof *state);
}
