#include <stdint.h>

#include "http_chars.h"

/* tchar bitmap for 0x00..0x7F: "!#$%&'*+-.^_`|~", digits and letters. */
static const uint32_t tchar_bits[4] = {0x00000000u, 0x03FF6CFAu, 0xC7FFFFFEu, 0x57FFFFFFu};

int orca_http_is_tchar(unsigned c)
{
    return c < 0x80u && ((tchar_bits[c >> 5] >> (c & 31u)) & 1u);
}

size_t orca_http_token_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && orca_http_is_tchar((unsigned char)s[i])) {
        ++i;
    }
    return i;
}

static unsigned lower(unsigned c)
{
    return c - 'A' < 26u ? c + 32u : c;
}

int orca_http_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) {
            return 0;
        }
    }
    return 1;
}
