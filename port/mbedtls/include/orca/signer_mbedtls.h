/**
 * @file signer_mbedtls.h
 * @brief The OCI request signer (orca/signer.h) on mbedTLS 2.28 or 3.6:
 *        SHA-256 (mbedtls_sha256), RSASSA-PKCS1-v1_5 (mbedtls_pk_sign) and
 *        base64 (mbedtls_base64_encode), with an RSA private key parsed from
 *        a buffer the caller owns.
 *
 * Keys: PEM (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY") or DER, plain
 * or encrypted with a passphrase: traditional PEM encryption (DEK-Info
 * AES-128/192/256-CBC) with both mbedTLS versions; PKCS#8 PBES2 with AES-CBC
 * needs mbedTLS 3.x (2.28 knows only DES-based PBES2 ciphers). With the
 * project's mbedTLS 3.6 config, encrypted keys need the CMake option
 * ORCA_MBEDTLS_KEY_DECRYPTION (ON for hosted builds, about 700 B more TLS
 * arena; see orca_mbedtls_config.h); without it they are ORCA_ERR_KEY.
 *
 * Memory: the parsed key and the DRBG live in the caller's orca_mbedtls_signer;
 * mbedTLS's own allocations (the key's big numbers) go to the static arena of
 * orca_mbedtls_arena_init() with the project's config. orca_mbedtls_signer_free()
 * zeroises the key (mbedTLS wipes big numbers as it frees them) and the struct.
 * The caller's key and passphrase buffers are only read, during init: wipe
 * them yourself once init returned.
 */
#ifndef ORCA_SIGNER_MBEDTLS_H
#define ORCA_SIGNER_MBEDTLS_H

#include <stddef.h>
#include <stdint.h>

#include "orca/signer.h"
#include "orca/tls.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/pk.h>

/** Largest RSA signature the signer makes, in bytes (RSA 4096). */
#define ORCA_MBEDTLS_SIGNER_MAX_SIG 512u

/** @brief Settings of a signer; read during orca_mbedtls_signer_init() only. */
typedef struct orca_mbedtls_signer_config {
    /** The RSA private key: PEM (its NUL counted in key_len) or DER. Required. */
    const uint8_t *key;
    size_t key_len;            /**< Bytes of @c key (a PEM's NUL included). */
    /** Passphrase of an encrypted key; NULL (and 0) for a plain one. */
    const uint8_t *passphrase;
    size_t passphrase_len;     /**< Bytes of @c passphrase (no NUL). */
    /** Seeds the DRBG of RSA blinding. Required (orca_posix_entropy on POSIX). */
    orca_tls_entropy_fn entropy;
    void *entropy_ctx; /**< Passed to @p entropy. */
} orca_mbedtls_signer_config;

/** @brief State of one signer (caller-owned, never copied once initialised). */
typedef struct orca_mbedtls_signer {
    mbedtls_pk_context pk;         /**< The parsed RSA private key. */
    mbedtls_ctr_drbg_context drbg; /**< Random numbers for RSA blinding. */
} orca_mbedtls_signer;

/**
 * @brief Parses the key, seeds the DRBG and fills @p signer with this
 *        signer's functions (@p state as context).
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG (NULL argument, missing key or
 *         entropy hook); ORCA_ERR_KEY (the key does not parse, the passphrase
 *         is wrong or missing, the key is not RSA or is larger than RSA 4096);
 *         ORCA_ERR_TLS_MEMORY (arena exhausted); ORCA_ERR_TLS (DRBG seeding
 *         failed). On error nothing needs to be freed.
 */
int orca_mbedtls_signer_init(orca_mbedtls_signer *state, const orca_mbedtls_signer_config *config,
                             orca_signer *signer);

/** @brief Frees and zeroises the key and the DRBG. Safe to call twice. */
void orca_mbedtls_signer_free(orca_mbedtls_signer *state);

#endif /* ORCA_SIGNER_MBEDTLS_H */
