/**
 * @file orca_mbedtls_config.h
 * @brief The project's mbedTLS 3.6 configuration (used when mbedTLS is built
 *        from source with -DORCA_MBEDTLS_SOURCE_DIR): a TLS client only,
 *        TLS 1.2 and 1.3, ECDHE with AES-GCM or ChaCha20-Poly1305, X.509
 *        verification with RSA and ECDSA certificates, and every allocation in
 *        a static arena (orca_mbedtls_arena_init()): nothing reaches libc's heap.
 */
#ifndef ORCA_MBEDTLS_CONFIG_H
#define ORCA_MBEDTLS_CONFIG_H

#include <stddef.h>

/* System support */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE /* certificate validity dates */

/* Memory: the buffer allocator over the caller's arena. The default calloc/free
 * (used before orca_mbedtls_arena_init) fail instead of calling libc. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_MEMORY_DEBUG /* peak figures (mbedtls_memory_buffer_alloc_max_get) */
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 8
void *orca_mbedtls_no_calloc(size_t n, size_t size);
void orca_mbedtls_no_free(void *ptr);
#define MBEDTLS_PLATFORM_STD_CALLOC orca_mbedtls_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE orca_mbedtls_no_free

/* Hashes, ciphers and AEADs */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_HKDF_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CTR_DRBG_C /* seeded from the port's entropy hook */

/* Public keys: ECDHE key exchange, ECDSA and RSA (PKCS#1 v1.5 and PSS) signatures */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

/* X.509 certificates (PEM or DER) */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT

/* PSA crypto (TLS 1.3 needs it); its random numbers come from the port's
 * entropy hook through mbedtls_psa_external_get_random() in tls_psa.c. */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG

/* TLS client */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE /* required by TLS 1.3 */
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
/* Session resumption (orca/tls.h, ORCA_TLS_WITH_RESUMPTION; the CMake option
 * ORCA_TLS_RESUMPTION=OFF defines it to 0): TLS 1.2 session tickets (session
 * ids need nothing) and TLS 1.3 tickets in psk_dhe_ke mode. psk_ke (no ECDHE
 * on resumption, no forward secrecy) only for measurements: docs/tls.md. */
#if !defined(ORCA_TLS_WITH_RESUMPTION) || ORCA_TLS_WITH_RESUMPTION
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#if defined(ORCA_TLS_TLS13_PSK_KE) && ORCA_TLS_TLS13_PSK_KE
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_ENABLED
#endif
#endif
/* Servers may send full 16 KB records; requests are small. */
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 4096

/* Encrypted private keys for the request signer (orca/signer_mbedtls.h):
 * traditional PEM encryption (DEK-Info, MD5 key derivation) and PKCS#8 PBES2,
 * both AES-CBC. The CMake option ORCA_MBEDTLS_KEY_DECRYPTION (ON for hosted
 * builds) defines ORCA_MBEDTLS_WITH_KEY_DECRYPTION; bare-metal images leave
 * it off: PEM parsing would link AES decryption and MD5 into every image, and
 * CBC makes each TLS record buffer 288 B larger (CBC padding, HMAC room).
 * CBC would also enable TLS 1.2 CBC suites: the list below keeps TLS on the
 * same AEAD suites as without it. */
#if defined(ORCA_MBEDTLS_WITH_KEY_DECRYPTION)
#define MBEDTLS_CIPHER_MODE_CBC
#define MBEDTLS_CIPHER_PADDING_PKCS7
#define MBEDTLS_MD5_C
#define MBEDTLS_PKCS5_C
#define MBEDTLS_SSL_CIPHERSUITES                                                                  \
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256, MBEDTLS_TLS1_3_AES_256_GCM_SHA384,                  \
        MBEDTLS_TLS1_3_AES_128_GCM_SHA256, MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,  \
        MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,                                   \
        MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,                                         \
        MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,                                           \
        MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
#endif

/* The in-process server of tests/unit/test_tls.c (test builds only). */
#if defined(ORCA_MBEDTLS_WITH_SERVER)
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_TICKET_C /* the server's tickets, for the resumption tests */
#define MBEDTLS_SSL_CACHE_C  /* its session-id cache, likewise */
#endif

#endif /* ORCA_MBEDTLS_CONFIG_H */
