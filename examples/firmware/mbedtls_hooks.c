/* The functions firmware_mbedtls_user.h points mbedTLS at. */
#include <stdio.h>
#include <time.h>

#include "firmware.h"
#include "firmware_mbedtls_user.h"
#include "mbedtls/platform_time.h"
#include "mbedtls/platform_util.h"

mbedtls_ms_time_t mbedtls_ms_time(void)
{
    /* Time since start, not the wrapping tick: mbedTLS wants it monotonic. */
    return (mbedtls_ms_time_t)tick_clock_uptime_ms();
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
