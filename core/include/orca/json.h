/**
 * @file json.h
 * @brief JSON: escaping strings for request bodies, and reading responses
 *        through jsmn with a caller-supplied token array.
 */
#ifndef ORCA_JSON_H
#define ORCA_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "orca/config.h"
#include "orca/status.h"

/* jsmn's types only (JSMN_HEADER): jsmn's functions are compiled, static,
 * into json_reader.c alone, so code including this header gets no jsmn
 * definitions. Code that uses jsmn itself must include jsmn.h before this
 * header: jsmn.h's include guard would keep its functions out afterwards. */
#ifndef JSMN_H
#define JSMN_HEADER
#include "jsmn.h"
#undef JSMN_HEADER
#endif
#ifdef JSMN_PARENT_LINKS
#error "orca is built without JSMN_PARENT_LINKS: the token layout would differ"
#endif

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

/**
 * @brief The bytes orca_json_write_string() writes for @p str (@p str_len
 *        bytes), quotes included: what a buffer needs for it.
 */
size_t orca_json_string_size(const char *str, size_t str_len);

/** One jsmn token: type, [start, end) byte offsets into the text, child count. */
typedef jsmntok_t orca_json_token;

/** Nesting depth orca_json_parse accepts (its validator keeps one bit per level). */
#define ORCA_JSON_MAX_DEPTH 32u

/**
 * @brief A parsed JSON text: a view of the caller's text and token array.
 * Token 0 is the root value; tokens follow in document order.
 */
typedef struct orca_json {
    const char *text;        /**< The caller's text (not copied, not NUL-terminated). */
    size_t len;              /**< Length of text in bytes. */
    orca_json_token *tokens; /**< The caller's token array. */
    int count;               /**< Tokens in use. */
} orca_json;

#if ORCA_WITH_JSON_READER
/**
 * @brief Parses @p text (@p len bytes) as one strict JSON value (RFC 8259:
 *        exactly one value, surrounded by optional whitespace) into the
 *        caller's @p tokens.
 *
 * Before jsmn tokenizes the text it checks the whole grammar: commas and colons,
 * number syntax, the literals true/false/null, control characters and
 * escapes in strings (a `\u` escape that is a lone surrogate is refused), and
 * that raw bytes in strings are well-formed UTF-8 (RFC 8259 8.1, RFC 3629).
 * Nesting deeper than ORCA_JSON_MAX_DEPTH is refused.
 *
 * @param doc        Filled on success; on failure doc->count is 0.
 * @param text       The JSON text (not NUL-terminated; kept as a view in @p doc).
 * @param len        Length of @p text in bytes.
 * @param tokens     Caller's token array (kept in @p doc).
 * @param max_tokens Number of entries in @p tokens.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL pointers or a text over
 *         INT_MAX bytes; ORCA_ERR_JSON when the text is not valid JSON (or
 *         too deeply nested); ORCA_ERR_JSON_TOKENS when it needs more than
 *         @p max_tokens tokens.
 */
int orca_json_parse(orca_json *doc, const char *text, size_t len, orca_json_token *tokens,
                    unsigned max_tokens);

/**
 * @brief Looks up @p key among the members of the object at token @p object.
 *
 * Keys are compared byte for byte as written in the text (a key spelled with
 * escapes does not match its unescaped form). The first match wins.
 *
 * @return the index of the member's value token (>= 0); ORCA_ERR_NOT_FOUND
 *         when there is no such key; ORCA_ERR_JSON_TYPE when token @p object
 *         is not an object; ORCA_ERR_INVALID_ARG for NULL pointers or an
 *         index out of range. A key token outside the text (a token array
 *         changed since parsing) matches nothing.
 */
int orca_json_find(const orca_json *doc, int object, const char *key);

/**
 * @brief Copies the string at token @p tok into @p out, unescaped (`\uXXXX`
 *        and surrogate pairs become UTF-8), and NUL-terminates it.
 *
 * @param doc      A document from orca_json_parse().
 * @param tok      Index of the string token.
 * @param out      Destination buffer.
 * @param out_size Size of @p out, NUL included.
 * @param out_len  Optional: receives the bytes written, without the NUL.
 * @return ORCA_OK; ORCA_ERR_TRUNCATED when the value did not fit: @p out then
 *         holds the longest prefix that fits (cut on a character boundary),
 *         still NUL-terminated; ORCA_ERR_JSON_TYPE when the token is not a
 *         string; ORCA_ERR_JSON for a bad escape; ORCA_ERR_INVALID_ARG for
 *         NULL pointers, @p out_size 0, an index out of range or a token
 *         that ends past the text (a token array changed since parsing).
 */
int orca_json_copy_string(const orca_json *doc, int tok, char *out, size_t out_size,
                          size_t *out_len);
#endif /* ORCA_WITH_JSON_READER */

#endif /* ORCA_JSON_H */
