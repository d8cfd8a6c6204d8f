/* The HTTP date writer (IMF-fixdate, RFC 9110 5.6.7) for the `date` header of
 * signed requests, by integer calendar arithmetic (H. Hinnant's
 * civil-from-days, the inverse of date.c's parser): no gmtime, no locale. */
#include <string.h>

#include "orca/date.h"

#if ORCA_WITH_PCA_SIGNING

/* Two decimal digits of v (< 100) at out. */
static void put_2(char *out, unsigned v)
{
    out[0] = (char)('0' + v / 10u);
    out[1] = (char)('0' + v % 10u);
}

int orca_date_format_http(int64_t t, char out[ORCA_DATE_HTTP_LEN])
{
    static const char days[] = "ThuFriSatSunMonTueWed"; /* 1970-01-01 was a Thursday */
    static const char months[] = "MarAprMayJunJulAugSepOctNovDecJanFeb"; /* years start in March */
    if (out == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (t < 0 || t > INT64_C(253402300799)) { /* 9999-12-31T23:59:59Z */
        return ORCA_ERR_BAD_DATE;
    }
    uint32_t days_since = (uint32_t)(t / 86400), secs = (uint32_t)(t % 86400);
    uint32_t z = days_since + 719468u; /* days since 0000-03-01 */
    uint32_t era = z / 146097u, doe = z - era * 146097u;
    uint32_t yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
    uint32_t doy = doe - (365u * yoe + yoe / 4u - yoe / 100u), mp = (5u * doy + 2u) / 153u;
    uint32_t day = doy - (153u * mp + 2u) / 5u + 1u;
    uint32_t year = yoe + era * 400u + (mp >= 10u); /* January and February: the next year */
    memcpy(out, &days[days_since % 7u * 3u], 3u);
    memcpy(out + 3, ", 00 Mon 0000 00:00:00 GMT", 26u);
    put_2(out + 5, day);
    memcpy(out + 8, &months[mp * 3u], 3u);
    put_2(out + 12, year / 100u);
    put_2(out + 14, year % 100u);
    put_2(out + 17, secs / 3600u);
    put_2(out + 20, secs / 60u % 60u);
    put_2(out + 23, secs % 60u);
    return ORCA_OK;
}

#else
typedef int orca_http_date_off; /* ISO C: no empty translation unit */
#endif
