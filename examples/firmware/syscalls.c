/* The few system calls newlib-nano needs in this image. There is no _sbrk on
 * purpose: the image has no heap, so anything that pulls in malloc fails to
 * link (and the map-file check names it). */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>

#include "firmware.h"

/* No RTC: wall time starts at the build time and runs on the tick, which is
 * enough for mbedTLS to check certificate validity dates. An SNTP client or
 * an RTC would set firmware_epoch_s instead. */
uint32_t firmware_epoch_s = FIRMWARE_BUILD_EPOCH;

int _gettimeofday(struct timeval *tv, void *tz);
void _exit(int status);

int _gettimeofday(struct timeval *tv, void *tz)
{
    uint32_t ms;

    (void)tz;
    if (tv == 0) {
        errno = EINVAL;
        return -1;
    }
    ms = tick_clock_uptime_ms();
    tv->tv_sec = (time_t)firmware_epoch_s + (time_t)(ms / 1000u);
    tv->tv_usec = (suseconds_t)((ms % 1000u) * 1000u);
    return 0;
}

void _exit(int status)
{
    (void)status;
    for (;;)
        __asm__ volatile("bkpt #0");
}
