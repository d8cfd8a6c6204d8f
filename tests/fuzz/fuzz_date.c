/* libFuzzer harness: cookie dates and IMF-fixdate on arbitrary bytes.
 * Beyond memory safety it checks that an accepted date is in range and that
 * every IMF-fixdate the strict parser takes reads the same with the cookie
 * algorithm. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "orca/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int64_t lenient = 0, strict = 0;
    int rc = orca_date_parse_cookie(s, size, &lenient);
    /* 1601-01-01 .. 9999-12-31T23:59:59 */
    if (rc == ORCA_OK && (lenient < -11644473600LL || lenient > 253402300799LL)) {
        abort();
    }
    if (rc != ORCA_OK && rc != ORCA_ERR_BAD_DATE) {
        abort();
    }
    if (orca_date_parse_imf(s, size, &strict) == ORCA_OK && (rc != ORCA_OK || strict != lenient)) {
        abort();
    }
    return 0;
}
