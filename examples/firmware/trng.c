/* STM32F4 true random number generator (RM0090 section 24) as TLS entropy. */
#include <string.h>

#include "firmware.h"

#define RCC_AHB2ENR (*(volatile uint32_t *)0x40023834u)
#define RNG_CR (*(volatile uint32_t *)0x50060800u)
#define RNG_SR (*(volatile uint32_t *)0x50060804u)
#define RNG_DR (*(volatile uint32_t *)0x50060808u)

#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_CECS (1u << 1)
#define RNG_SR_SECS (1u << 2)

void trng_start(void)
{
    RCC_AHB2ENR |= RCC_AHB2ENR_RNGEN;
    RNG_CR |= RNG_CR_RNGEN;
}

/* Returns 0 and a fresh word, or -1 on a seed or clock error. */
static int trng_word(uint32_t *out)
{
    uint32_t sr;
    do {
        sr = RNG_SR;
        if (sr & (RNG_SR_CECS | RNG_SR_SECS))
            return -1;
    } while (!(sr & RNG_SR_DRDY));
    *out = RNG_DR;
    return 0;
}

uint32_t trng_read(void)
{
    uint32_t w = 0;
    (void)trng_word(&w);
    return w;
}

int trng_entropy(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
    while (len > 0) {
        uint32_t w;
        size_t n = len < sizeof(w) ? len : sizeof(w);
        if (trng_word(&w) != 0)
            return -1;
        memcpy(out, &w, n);
        out += n;
        len -= n;
    }
    return 0;
}
