/*
 * JSON string literal writer for request bodies (passwords, user names).
 */
#include "orca/json.h"

/* Escape of c: 0 none, 'u' for \u00XX, else the letter after the backslash. */
static char escape_of(unsigned c)
{
    /* Bytes escaped by name, each followed by its name. */
    static const char named[] = "\"\"\\\\\bb\ff\nn\rr\tt";
    for (size_t k = 0; named[k] != '\0'; k += 2u) {
        if ((unsigned char)named[k] == c) {
            return named[k + 1u];
        }
    }
    return c < 0x20u ? 'u' : 0;
}

int orca_json_write_string(char *out, size_t out_size, size_t *out_len, const char *str,
                           size_t str_len)
{
    if (out == NULL || out_len == NULL || (str == NULL && str_len != 0u) ||
        *out_len > out_size) {
        return ORCA_ERR_INVALID_ARG;
    }
    size_t pos = *out_len;
    size_t room = out_size - pos;
    if (room < 2u) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    room -= 2u; /* the two quotes */
    out[pos++] = '"';
    for (size_t i = 0; i < str_len; ++i) {
        unsigned c = (unsigned char)str[i];
        char e = escape_of(c);
        size_t need = e == 0 ? 1u : e == 'u' ? 6u : 2u;
        if (need > room) {
            return ORCA_ERR_BUFFER_TOO_SMALL;
        }
        room -= need;
        if (e == 0) {
            out[pos++] = (char)c;
            continue;
        }
        out[pos++] = '\\';
        out[pos++] = e;
        if (e == 'u') {
            out[pos++] = '0';
            out[pos++] = '0';
            out[pos++] = (char)('0' + (c >> 4)); /* c < 0x20 */
            c &= 15u;
            out[pos++] = (char)(c < 10u ? '0' + c : 'a' - 10u + c);
        }
    }
    out[pos++] = '"';
    *out_len = pos;
    return ORCA_OK;
}

size_t orca_json_string_size(const char *str, size_t str_len)
{
    size_t size = 2u; /* the quotes */
    for (size_t i = 0; i < str_len; ++i) {
        char e = escape_of((unsigned char)str[i]);
        size += e == 0 ? 1u : e == 'u' ? 6u : 2u;
    }
    return size;
}
