/**
 * @file signer.h
 * @brief The signing interface core is handed for OCI request signing (PCA):
 *        function pointers plus a context, like orca_transport.
 *
 * Core builds the signing string and the header; the signer does the
 * cryptography, so core needs neither SHA-256 nor RSA nor base64 of its own.
 * port/mbedtls provides one on mbedTLS (orca/signer_mbedtls.h); a device with
 * a secure element plugs its own: hash the bytes, have the element sign the
 * digest (RSASSA-PKCS1-v1_5 with SHA-256), write the base64 text.
 *
 * Both functions write base64 text (RFC 4648, with padding, no line breaks,
 * no NUL) into @p out and set *out_len, and return ORCA_OK,
 * ORCA_ERR_BUFFER_TOO_SMALL when @p size is too small (nothing usable in @p
 * out), or ORCA_ERR_KEY when the hash or the signature failed.
 */
#ifndef ORCA_SIGNER_H
#define ORCA_SIGNER_H

#include <stddef.h>
#include <stdint.h>

/** Base64 length of a SHA-256 digest (32 bytes). */
#define ORCA_SIGNER_DIGEST_B64_LEN 44u

/** @brief A request signer (caller-owned; core only calls it). */
typedef struct orca_signer {
    /** Base64 of SHA-256(@p data[0..len)): the `x-content-sha256` value. */
    int (*digest_b64)(void *ctx, const uint8_t *data, size_t len, char *out, size_t size,
                      size_t *out_len);
    /** Base64 of the RSASSA-PKCS1-v1_5 SHA-256 signature of @p data[0..len)
     *  (the signing string) with the private key. */
    int (*sign_b64)(void *ctx, const uint8_t *data, size_t len, char *out, size_t size,
                    size_t *out_len);
    void *ctx; /**< Passed back as the first argument of every call. */
} orca_signer;

#endif /* ORCA_SIGNER_H */
