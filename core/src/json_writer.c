/*
 * JSON string literal writer for request bodies (passwords, user names).
 */
#include <string.h>

#include "orca/json.h"

/* The JSON form of byte @p c into @p seq: itself (1 byte), a named escape
 * ("\\n", 2 bytes) or \u00XX (6 bytes); returns its length. */
static size_t json_escape_byte(unsigned c, char seq[6])
{
    /* Bytes escaped by name, each followed by its name. */
    static const char named[] = "\"\"\\\\\bb\ff\nn\rr\tt";
    for (size_t k = 0; named[k] != '\0'; k += 2u) {
        if ((unsigned char)named[k] == c) {
            seq[0] = '\\';
            seq[1] = named[k + 1u];
            return 2u;
        }
    }
    if (c >= 0x20u) {
        seq[0] = (char)c;
        return 1u;
    }
    memcpy(seq, "\\u00", 4u);
    seq[4] = (char)('0' + (c >> 4)); /* c < 0x20 */
    c &= 15u;
    seq[5] = (char)(c < 10u ? '0' + c : 'a' - 10u + c);
    return 6u;
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
        char seq[6];
        size_t n = json_escape_byte((unsigned char)str[i], seq);
        if (n > room) {
            return ORCA_ERR_BUFFER_TOO_SMALL;
        }
        room -= n;
        memcpy(out + pos, seq, n);
        pos += n;
    }
    out[pos++] = '"';
    *out_len = pos;
    return ORCA_OK;
}

size_t orca_json_string_size(const char *str, size_t str_len)
{
    size_t size = 2u; /* the quotes */
    for (size_t i = 0; i < str_len; ++i) {
        char seq[6];
        size += json_escape_byte((unsigned char)str[i], seq);
    }
    return size;
}
