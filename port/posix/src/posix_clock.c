/* The POSIX clock: monotonic tick, wall clock, sleep and jitter. */
#include <errno.h>
#include <time.h>

#include "orca/posix.h"
#include "orca/status.h"

uint32_t orca_posix_now_ms(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    /* Truncation to 32 bits is the wrapping tick the interface asks for. */
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

int orca_posix_unix_s(void *ctx, int64_t *out)
{
    struct timespec ts;
    (void)ctx;
    if (out == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return ORCA_ERR_UNSUPPORTED;
    }
    *out = (int64_t)ts.tv_sec;
    return ORCA_OK;
}

void orca_posix_sleep_ms(void *ctx, uint32_t ms)
{
    struct timespec ts;
    (void)ctx;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

uint32_t orca_posix_random(void *ctx)
{
    unsigned char b[4];
    (void)ctx;
    if (orca_posix_entropy(NULL, b, sizeof b) != 0) {
        return 0;
    }
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void orca_posix_clock_init(orca_clock *clock)
{
    if (clock != NULL) {
        clock->now_ms = orca_posix_now_ms;
        clock->unix_s = orca_posix_unix_s;
        clock->sleep_ms = orca_posix_sleep_ms;
        clock->random = orca_posix_random;
        clock->ctx = NULL;
    }
}
