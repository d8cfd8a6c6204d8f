/* The default allocator of the project's mbedTLS config (orca_mbedtls_config.h),
 * compiled into the mbedTLS library itself: before orca_mbedtls_arena_init()
 * every allocation fails instead of reaching libc's heap. */
#include "orca_mbedtls_config.h"

void *orca_mbedtls_no_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL;
}

void orca_mbedtls_no_free(void *ptr)
{
    (void)ptr;
}
