/* Monotonic milliseconds from SysTick; the counter wraps after ~49.7 days,
 * which orca's deadline arithmetic expects. A board may start it elsewhere
 * (TICK_CLOCK_START_MS) so that the wrap comes early in a test run. No RTC:
 * unix_s stays NULL, so cookie expiry is computed from the response's Date
 * header. Idle time (WFI) is counted so that busy time can be told apart. */
#include "firmware.h"

#ifndef TICK_CLOCK_START_MS
#define TICK_CLOCK_START_MS 0u
#endif

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define ICSR_PENDSTSET (1u << 26)

static volatile uint32_t ticks_ms = TICK_CLOCK_START_MS;
static uint32_t cycles_per_ms;
static uint64_t idle_cycles;
/* The previous reading of tick_clock_cycles(). */
static uint32_t last_ms = TICK_CLOCK_START_MS, last_count;

void tick_clock_start(uint32_t core_hz)
{
    cycles_per_ms = core_hz / 1000u;
    SYST_RVR = cycles_per_ms - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
}

void tick_clock_isr(void)
{
    ticks_ms++;
}

uint32_t tick_clock_uptime_ms(void)
{
    return (uint32_t)(ticks_ms - TICK_CLOCK_START_MS);
}

uint64_t tick_clock_cycles(void)
{
    uint32_t ms, count, pending;
    do { /* a tick between the reads would pair a new count with an old ms */
        ms = ticks_ms;
        count = SYST_CVR;
        pending = SCB_ICSR & ICSR_PENDSTSET;
    } while (ms != ticks_ms);
    /* The counter reloaded but its interrupt has not run yet: that
     * millisecond is over although ticks_ms does not show it. */
    if (pending && count > cycles_per_ms / 2u)
        ms++;
    /* QEMU (-icount) can show the reloaded counter before it raises the
     * interrupt: a count above the previous one in the same millisecond is
     * such a reload, and readings never go back behind one already seen. */
    if ((int32_t)(ms - last_ms) < 0)
        ms = last_ms;
    if (ms == last_ms && count > last_count)
        ms++;
    last_ms = ms;
    last_count = count;
    return (uint64_t)(uint32_t)(ms - TICK_CLOCK_START_MS) * cycles_per_ms +
           (cycles_per_ms - 1u - count);
}

void tick_clock_idle(void)
{
    uint64_t start = tick_clock_cycles();
    __asm__ volatile("wfi");
    idle_cycles += tick_clock_cycles() - start;
}

uint64_t tick_clock_idle_cycles(void)
{
    return idle_cycles;
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
        tick_clock_idle();
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
