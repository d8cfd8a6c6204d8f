/* The static arena that replaces the heap for mbedTLS (project config only). */
#include "orca/status.h"
#include "orca/tls.h"

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
#include <mbedtls/memory_buffer_alloc.h>
#endif

int orca_mbedtls_arena_init(uint8_t *buf, size_t len)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    if (buf == NULL || len < 1024u) {
        return ORCA_ERR_INVALID_ARG;
    }
    mbedtls_memory_buffer_alloc_init(buf, len);
    return ORCA_OK;
#else
    (void)buf;
    (void)len;
    return ORCA_ERR_UNSUPPORTED;
#endif
}

int orca_mbedtls_arena_stats(size_t *current, size_t *peak)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_MEMORY_DEBUG)
    size_t cur_blocks;
    size_t max_blocks;
    if (current == NULL || peak == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    mbedtls_memory_buffer_alloc_cur_get(current, &cur_blocks);
    mbedtls_memory_buffer_alloc_max_get(peak, &max_blocks);
    return ORCA_OK;
#else
    (void)current;
    (void)peak;
    return ORCA_ERR_UNSUPPORTED;
#endif
}

void orca_mbedtls_arena_free(void)
{
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    mbedtls_memory_buffer_alloc_free();
#endif
}
