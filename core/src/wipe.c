#include "orca/wipe.h"

void orca_wipe(void *buf, size_t len)
{
    volatile unsigned char *p = (volatile unsigned char *)buf;
    while (len-- > 0u) {
        *p++ = 0u;
    }
}
