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
    while (i < n) {
        unsigned c = (unsigned char)s[i];
        /* letters and '-' (nearly every byte of a header name) first */
        if ((c | 0x20u) - 'a' >= 26u && c != '-' && !orca_http_is_tchar(c)) {
            break;
        }
        ++i;
    }
    return i;
}

int orca_http_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        unsigned x = (unsigned char)a[i], y = (unsigned char)b[i];
        /* equal, or the same letter in the other case */
        if (x != y && ((x ^ y) != 0x20u || (x | 0x20u) - 'a' >= 26u)) {
            return 0;
        }
    }
    return 1;
}
