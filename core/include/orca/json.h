/**
 * @file json.h
 * @brief JSON: escaping strings for request bodies, and reading responses
 *        through jsmn with a caller-supplied token array.
 */
#ifndef ORCA_JSON_H
#define ORCA_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "orca/status.h"

/**
 * @brief Appends @p str (@p str_len bytes) as a quoted JSON string literal to
 *        @p out, starting at offset *@p out_len, and advances *@p out_len.
 *
 * Escapes '"', '\\' and every control character below 0x20 (\\n, \\r, \\t,
 * \\b, \\f by name, the rest as \\u00XX); other bytes, UTF-8 included, are
 * copied as they are.
 *
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL pointers;
 *         ORCA_ERR_BUFFER_TOO_SMALL when the literal does not fit, in which
 *         case *@p out_len is unchanged (nothing partial is left counted).
 */
int orca_json_write_string(char *out, size_t out_size, size_t *out_len,
                           const char *str, size_t str_len);

#endif /* ORCA_JSON_H */
