/**
 * @file clock.h
 * @brief Time as core sees it: a wrapping 32-bit millisecond tick
 *        (HAL_GetTick, xTaskGetTickCount, CLOCK_MONOTONIC all fit) and an
 *        optional wall clock that may not know the time.
 */
#ifndef ORCA_CLOCK_H
#define ORCA_CLOCK_H

#include <stdint.h>

/** Longest interval the wrapping tick can represent unambiguously (~24.8 days). */
#define ORCA_CLOCK_MAX_INTERVAL_MS 0x7FFFFFFFu

/**
 * @brief Clock hooks supplied by the port.
 *
 * - now_ms (required): monotonic milliseconds; wraps at 2^32.
 * - unix_s (optional, may be NULL): sets *out to seconds since 1970-01-01 UTC
 *   and returns ORCA_OK, or returns ORCA_ERR_UNSUPPORTED when the wall time is
 *   unknown (no RTC, not yet synchronised).
 * - sleep_ms (optional, may be NULL): blocks for about ms milliseconds
 *   (used for retry backoff; without it retries happen at once).
 * - random (optional, may be NULL): a random 32-bit value for backoff jitter.
 */
typedef struct orca_clock {
    uint32_t (*now_ms)(void *ctx);            /**< Monotonic ms tick (required). */
    int (*unix_s)(void *ctx, int64_t *out);   /**< Wall clock, or NULL. */
    void (*sleep_ms)(void *ctx, uint32_t ms); /**< Blocking sleep, or NULL. */
    uint32_t (*random)(void *ctx);            /**< Random 32-bit value, or NULL. */
    void *ctx; /**< Passed back as the first argument of every call. */
} orca_clock;

/**
 * @brief Milliseconds from @p now to @p deadline on the wrapping tick:
 *        positive while the deadline is ahead, zero or negative once reached.
 *        Correct across the 2^32 wrap for intervals up to ORCA_CLOCK_MAX_INTERVAL_MS.
 */
static inline int32_t orca_clock_remaining(uint32_t now, uint32_t deadline)
{
    uint32_t diff = deadline - now;
    if (diff <= ORCA_CLOCK_MAX_INTERVAL_MS) {
        return (int32_t)diff;
    }
    /* diff - 2^32, computed without an implementation-defined cast. */
    return (int32_t)(diff - 0x80000000u) - (int32_t)0x7FFFFFFF - 1;
}

#endif /* ORCA_CLOCK_H */
