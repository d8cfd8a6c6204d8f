/* TEST-ONLY random numbers. The MPS2 boards have no RNG, so under QEMU the
 * host passes a fresh seed on the command line (seed=<hex>) and this
 * generator (splitmix64 over the seed) stretches it for the TLS entropy hook
 * and the backoff jitter. Never use it in a product: the seed travels in the
 * clear and nothing here is a cryptographic source. It provides the
 * trng_* functions of ../firmware.h, so the rest of the image is unchanged. */
#include <string.h>

#include "board.h"
#include "firmware.h"

static uint64_t rng_state;
static uint8_t rng_seeded;

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static uint64_t splitmix64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int test_rng_seed(const char *hex)
{
    unsigned n = 0;
    rng_state = 0;
    for (; hex != NULL && hex_digit(*hex) >= 0; hex++, n++)
        rng_state = (rng_state ^ (uint64_t)hex_digit(*hex)) * 0x100000001B3ull;
    rng_seeded = n >= 32u;
    return rng_seeded ? 0 : -1;
}

void trng_start(void)
{
}

uint32_t trng_read(void)
{
    return (uint32_t)(splitmix64() >> 32);
}

int trng_entropy(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
    if (!rng_seeded)
        return -1;
    while (len > 0) {
        uint64_t w = splitmix64();
        size_t n = len < sizeof(w) ? len : sizeof(w);
        memcpy(out, &w, n);
        out += n;
        len -= n;
    }
    return 0;
}
