/* Status texts, made from the one list in status.h (ORCA_STATUS_LIST), so a
 * new status cannot be left without its text or given another's. The texts
 * are one packed string in list order, beside the list's values: a status's
 * index among the values is the number of texts to skip. */
#include <stddef.h>
#include <stdint.h>

#include "orca/config.h"
#include "orca/status.h"

#if ORCA_STATUS_STRINGS
#define ORCA_STATUS_VALUE(name, value, text) (value),
#define ORCA_STATUS_TEXT(name, value, text) text "\0"

static const int16_t values[] = {ORCA_STATUS_LIST(ORCA_STATUS_VALUE)};
static const char texts[] = ORCA_STATUS_LIST(ORCA_STATUS_TEXT) "unknown status";

const char *orca_status_str(int status)
{
    const char *s = texts;
    size_t i = 0;
    while (i < sizeof values / sizeof values[0] && values[i] != status) {
        i++;
    }
    while (i-- > 0u) { /* unknown: past every text, to "unknown status" */
        while (*s++ != '\0') {
        }
    }
    return s;
}
#else
/* Bare-metal builds log numbers: no texts to carry. */
const char *orca_status_str(int status)
{
    return status == ORCA_OK ? "ok" : status < 0 && status > -140 ? "error" : "unknown status";
}
#endif
