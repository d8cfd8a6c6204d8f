/* Bounded text output (text_out.h). */
#include <string.h>

#include "text_out.h"

void orca_text_put(orca_text_out *w, const char *s, size_t n)
{
    if (w->err == ORCA_OK && n > w->cap - w->len) {
        w->err = ORCA_ERR_BUFFER_TOO_SMALL;
    }
    if (w->err == ORCA_OK && n != 0u) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
    }
}

void orca_text_uint(orca_text_out *w, size_t v)
{
    char digits[20];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    orca_text_put(w, digits + i, sizeof digits - i);
}
