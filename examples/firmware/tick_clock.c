/* Monotonic milliseconds from SysTick; the counter wraps after ~49.7 days,
 * which orca's deadline arithmetic expects. No RTC: unix_s stays NULL, so
 * cookie expiry is computed from the response's Date header. */
#include "firmware.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static volatile uint32_t ticks_ms;

void tick_clock_start(uint32_t core_hz)
{
    SYST_RVR = core_hz / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
}

void tick_clock_isr(void)
{
    ticks_ms++;
}

static uint32_t tick_now_ms(void *ctx)
{
    (void)ctx;
    return ticks_ms;
}

static void tick_sleep_ms(void *ctx, uint32_t ms)
{
    uint32_t start = ticks_ms;
    (void)ctx;
    while ((uint32_t)(ticks_ms - start) < ms)
        __asm__ volatile("wfi");
}

static uint32_t tick_random(void *ctx)
{
    (void)ctx;
    return trng_read();
}

void tick_clock_init(orca_clock *clock)
{
    clock->now_ms = tick_now_ms;
    clock->unix_s = 0;
    clock->sleep_ms = tick_sleep_ms;
    clock->random = tick_random;
    clock->ctx = 0;
}
