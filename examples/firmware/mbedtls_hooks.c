/* The functions firmware_mbedtls_user.h points mbedTLS at. */
#include <stdio.h>
#include <time.h>

#include "firmware.h"
#include "firmware_mbedtls_user.h"
#include "mbedtls/platform_time.h"
#include "mbedtls/platform_util.h"

mbedtls_ms_time_t mbedtls_ms_time(void)
{
    /* Wall-clock milliseconds (the epoch set at boot, then time since start:
     * monotonic, never the wrapping tick). Not uptime alone: a TLS 1.3 ticket
     * saved before a deep sleep records when it arrived on this clock, and
     * after the wake its age must come out right, or it is never offered. */
    return (mbedtls_ms_time_t)firmware_epoch_s * 1000 + (mbedtls_ms_time_t)tick_clock_uptime_ms();
}

struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
    time_t t = (time_t)*tt;
    return gmtime_r(&t, tm_buf);
}

int firmware_mbedtls_fprintf(FILE *stream, const char *format, ...)
{
    (void)stream;
    (void)format;
    return 0;
}

void firmware_mbedtls_exit(int status)
{
    (void)status;
    for (;;)
        __asm__ volatile("bkpt #0");
}
