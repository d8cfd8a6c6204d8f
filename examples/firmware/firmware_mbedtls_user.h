/* Board additions to the project's mbedTLS config (orca_mbedtls_config.h),
 * included after it through MBEDTLS_USER_CONFIG_FILE. They keep newlib-nano's
 * heap and stdio out of the image (mbedtls_hooks.c has the functions). */
#ifndef FIRMWARE_MBEDTLS_USER_H
#define FIRMWARE_MBEDTLS_USER_H

#include <stdio.h>

/* No clock_gettime on bare metal: milliseconds come from the tick. */
#define MBEDTLS_PLATFORM_MS_TIME_ALT
/* newlib's gmtime() allocates its result; gmtime_r() does not. */
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
/* AES tables in flash, not 8 KB of RAM built at run time. */
#define MBEDTLS_AES_ROM_TABLES
/* Certificate description strings (snprintf) are not needed to verify. */
#define MBEDTLS_X509_REMOVE_INFO
/* -DORCA_FIRMWARE_ECP_RESTARTABLE=ON: ECC that pauses every
 * mbedtls_ecp_set_max_ops() operations (orca_tls_restartable()), for the
 * superloop image's TLS 1.2 ECDHE-ECDSA handshake. */
#if defined(FIRMWARE_ECP_RESTARTABLE) && FIRMWARE_ECP_RESTARTABLE
#define MBEDTLS_ECP_RESTARTABLE
#endif
/* The allocator's diagnostics would pull in stdio (and its buffers): a
 * product routes them to its log; here they are dropped, and a fatal arena
 * error halts the core. */
int firmware_mbedtls_fprintf(FILE *stream, const char *format, ...);
void firmware_mbedtls_exit(int status);
#define MBEDTLS_PLATFORM_FPRINTF_MACRO firmware_mbedtls_fprintf
#define MBEDTLS_PLATFORM_EXIT_MACRO firmware_mbedtls_exit

#endif
