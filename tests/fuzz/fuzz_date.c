/* libFuzzer harness: cookie dates on arbitrary bytes. Beyond memory safety it
 * checks that an accepted date is in range, and that the date printed back
 * as an IMF-fixdate (by the host's gmtime_r, an independent formatter) reads
 * the same instant. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orca/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t t = 0, again = 0;
    char imf[64];
    struct tm tm;
    time_t tt;
    int rc = orca_date_parse_cookie((const char *)data, size, &t);
    if (rc != ORCA_OK) {
        if (rc != ORCA_ERR_BAD_DATE) {
            abort();
        }
        return 0;
    }
    /* 1601-01-01 .. 9999-12-31T23:59:59 */
    if (t < -11644473600LL || t > 253402300799LL) {
        abort();
    }
    tt = (time_t)t;
    if (gmtime_r(&tt, &tm) == NULL ||
        strftime(imf, sizeof imf, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0u ||
        orca_date_parse_cookie(imf, strlen(imf), &again) != ORCA_OK || again != t) {
        abort();
    }
    return 0;
}
