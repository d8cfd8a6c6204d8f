/* Forging saved session states in tests (test_session_state.c, the
 * fuzz_session_state harness): the CRC-32 the state ends with, computed
 * independently of the library, and its little-endian numbers. */
#ifndef ORCA_TEST_STATE_FORGE_H
#define ORCA_TEST_STATE_FORGE_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 (IEEE 802.3, reflected), as session_state.c computes it. */
static inline uint32_t forge_crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n-- > 0u) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static inline void forge_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* Makes the @p len bytes of @p state whole again: its length field (after
 * the 12-byte head's first 8) and its CRC (the last 4 bytes). */
static inline void forge_state(uint8_t *state, size_t len)
{
    forge_le32(state + 8, (uint32_t)(len - 16u));
    forge_le32(state + len - 4u, forge_crc32(state, len - 4u));
}

#endif /* ORCA_TEST_STATE_FORGE_H */
