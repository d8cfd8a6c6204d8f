/* JSON reading: jsmn (static, strict) for tokens, a small grammar check that
 * jsmn's strict mode lacks (commas, colons, numbers, literals, escapes), key
 * lookup and unescaping string values into caller buffers. */
#include <limits.h>
#include <string.h>

/* jsmn's code compiled here only; it predates -Wconversion. */
#define JSMN_STATIC
#define JSMN_STRICT
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#endif
#include "jsmn.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "orca/json.h"
#include "http_chars.h"

/* What the grammar check expects next. */
enum { W_VALUE, W_FIRST_VALUE, W_KEY, W_FIRST_KEY, W_COLON, W_NEXT, W_END };

static int json_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Value of four hex digits at s[i], or 0x10000 when they are not there. */
static uint32_t json_hex4(const char *s, size_t n, size_t i)
{
    uint32_t v = 0;
    if (n - i < 4u) {
        return 0x10000u;
    }
    for (size_t k = 0; k < 4u; k++) {
        unsigned d = orca_http_hex_value((unsigned char)s[i + k]);
        if (d > 15u) {
            return 0x10000u;
        }
        v = v * 16u + d;
    }
    return v;
}

/* Decodes the escape at s[*i] (just after the backslash) into UTF-8 in u;
 * returns its length, or 0 for a bad escape or a lone surrogate. */
static size_t json_escape(const char *s, size_t n, size_t *i, unsigned char u[4])
{
    static const char names[] = "\"\\/bfnrt";
    static const char values[] = "\"\\/\b\f\n\r\t";
    char e = s[*i];
    size_t k;
    uint32_t cp;
    for (k = 0; k < 8u; k++) {
        if (names[k] == e) {
            u[0] = (unsigned char)values[k];
            *i += 1u;
            return 1;
        }
    }
    if (e != 'u' || (cp = json_hex4(s, n, *i + 1u)) > 0xFFFFu) {
        return 0;
    }
    *i += 5u;
    if (cp - 0xD800u < 0x800u) { /* a surrogate: must be a high one, then a low one */
        uint32_t lo = (n - *i >= 2u && s[*i] == '\\' && s[*i + 1u] == 'u')
                          ? json_hex4(s, n, *i + 2u) : 0x10000u;
        if (cp >= 0xDC00u || lo - 0xDC00u >= 0x400u) {
            return 0;
        }
        cp = 0x10000u + ((cp - 0xD800u) << 10) + (lo - 0xDC00u);
        *i += 6u;
    }
    k = cp < 0x80u ? 1u : cp < 0x800u ? 2u : cp < 0x10000u ? 3u : 4u;
    for (size_t j = k - 1u; j > 0u; j--) {
        u[j] = (unsigned char)(0x80u | (cp & 0x3Fu));
        cp >>= 6;
    }
    u[0] = (unsigned char)(cp | (k == 1u ? 0u : (0xF00u >> k) & 0xFFu));
    return k;
}

/* Unescapes the string body s[0..n) into out (capacity cap, NUL included);
 * out NULL only checks the escapes. Characters are never cut in half. */
static int json_unescape(const char *s, size_t n, char *out, size_t cap, size_t *len)
{
    size_t i = 0, w = 0;
    int rc = ORCA_OK;
    while (i < n) {
        unsigned char u[4];
        const unsigned char *src = u;
        size_t k = 1;
        if (s[i] != '\\') {
            src = (const unsigned char *)s + i;
            if (*src >= 0xC0u) { /* keep a raw UTF-8 sequence whole */
                while (i + k < n && (src[k] & 0xC0u) == 0x80u) {
                    k++;
                }
            }
            i += k;
        } else {
            i++;
            if (i == n || (k = json_escape(s, n, &i, u)) == 0u) {
                return ORCA_ERR_JSON;
            }
        }
        if (out != NULL) {
            if (w + k >= cap) {
                rc = ORCA_ERR_TRUNCATED;
                break;
            }
            memcpy(out + w, src, k);
        }
        w += k;
    }
    if (out != NULL) {
        out[w] = '\0';
    }
    *len = w;
    return rc;
}

/* Index of the closing quote of the string opened at s[i], or 0 when the
 * string is unterminated, holds a control character or a bad escape. */
static size_t json_string_end(const char *s, size_t n, size_t i)
{
    size_t start = ++i, len;
    while (i < n && s[i] != '"') {
        if ((unsigned char)s[i] < 0x20u) {
            return 0;
        }
        i += (s[i] == '\\') ? 2u : 1u;
    }
    if (i >= n || json_unescape(s + start, i - start, NULL, 0, &len) != ORCA_OK) {
        return 0;
    }
    return i;
}

static size_t json_digits(const char *s, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n && (unsigned)(s[*i] - '0') < 10u) {
        *i += 1u;
    }
    return *i - start;
}

/* End of the number or literal starting at s[i], or 0 when it is neither. */
static size_t json_primitive_end(const char *s, size_t n, size_t i)
{
    static const char *const literals[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3u; k++) {
        size_t l = strlen(literals[k]);
        if (n - i >= l && memcmp(s + i, literals[k], l) == 0) {
            return i + l;
        }
    }
    if (s[i] == '-') {
        i++;
    }
    if (i < n && s[i] == '0') {
        i++;
    } else if (json_digits(s, n, &i) == 0u) {
        return 0;
    }
    if (i < n && s[i] == '.' && (++i, json_digits(s, n, &i) == 0u)) {
        return 0;
    }
    if (i < n && (s[i] | 0x20) == 'e') {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        if (json_digits(s, n, &i) == 0u) {
            return 0;
        }
    }
    return i;
}

/* The full RFC 8259 grammar, iteratively, one bit of nesting state per level. */
static int json_validate(const char *s, size_t n)
{
    uint32_t objects = 0;
    unsigned depth = 0, want = W_VALUE;
    for (size_t i = 0;; i++) {
        while (i < n && json_is_ws(s[i])) {
            i++;
        }
        if (i == n || want == W_END) {
            return (i == n && want == W_END) ? ORCA_OK : ORCA_ERR_JSON;
        }
        char c = s[i];
        int in_object = depth > 0u && ((objects >> (depth - 1u)) & 1u);
        if (want == W_COLON) {
            if (c != ':') {
                return ORCA_ERR_JSON;
            }
            want = W_VALUE;
        } else if (want == W_NEXT && c == ',') {
            want = in_object ? W_KEY : W_VALUE;
        } else if ((c == '}' && in_object && (want == W_NEXT || want == W_FIRST_KEY)) ||
                   (c == ']' && depth > 0u && !in_object &&
                    (want == W_NEXT || want == W_FIRST_VALUE))) {
            depth--;
            want = depth > 0u ? W_NEXT : W_END;
        } else if (want == W_NEXT) {
            return ORCA_ERR_JSON;
        } else if (want == W_KEY || want == W_FIRST_KEY) {
            if (c != '"' || (i = json_string_end(s, n, i)) == 0u) {
                return ORCA_ERR_JSON;
            }
            want = W_COLON;
        } else if (c == '{' || c == '[') {
            if (depth == ORCA_JSON_MAX_DEPTH) {
                return ORCA_ERR_JSON;
            }
            objects = (objects & ~(1u << depth)) | ((uint32_t)(c == '{') << depth);
            depth++;
            want = (c == '{') ? W_FIRST_KEY : W_FIRST_VALUE;
        } else {
            size_t end = (c == '"') ? json_string_end(s, n, i) : json_primitive_end(s, n, i);
            if (end == 0u) {
                return ORCA_ERR_JSON;
            }
            i = (c == '"') ? end : end - 1u;
            want = depth > 0u ? W_NEXT : W_END;
        }
    }
}

int orca_json_parse(orca_json *doc, const char *text, size_t len, orca_json_token *tokens,
                    unsigned max_tokens)
{
    jsmn_parser parser;
    size_t first = 0;
    int rc;
    if (doc == NULL || text == NULL || tokens == NULL || len > (size_t)INT_MAX) {
        return ORCA_ERR_INVALID_ARG;
    }
    doc->count = 0;
    if ((rc = json_validate(text, len)) != ORCA_OK) {
        return rc;
    }
    if (max_tokens == 0u) {
        return ORCA_ERR_JSON_TOKENS;
    }
    while (json_is_ws(text[first])) {
        first++;
    }
    if (text[first] != '{' && text[first] != '[' && text[first] != '"') {
        /* jsmn's strict mode wants a delimiter after a root primitive. */
        tokens[0].type = JSMN_PRIMITIVE;
        tokens[0].start = (int)first;
        tokens[0].end = (int)json_primitive_end(text, len, first);
        tokens[0].size = 0;
        rc = 1;
    } else {
        jsmn_init(&parser);
        rc = jsmn_parse(&parser, text, len, tokens, max_tokens);
    }
    if (rc < 0) {
        return rc == JSMN_ERROR_NOMEM ? ORCA_ERR_JSON_TOKENS : ORCA_ERR_JSON;
    }
    doc->text = text;
    doc->len = len;
    doc->tokens = tokens;
    doc->count = rc;
    return ORCA_OK;
}

/* Index of the first token after the value at token i and its children. */
static int json_skip(const orca_json *doc, int i)
{
    int end = doc->tokens[i].end;
    for (i++; i < doc->count && doc->tokens[i].start < end; i++) {
    }
    return i;
}

int orca_json_find(const orca_json *doc, int object, const char *key)
{
    if (doc == NULL || key == NULL || object < 0 || object >= doc->count) {
        return ORCA_ERR_INVALID_ARG;
    }
    const orca_json_token *t = doc->tokens;
    if (t[object].type != JSMN_OBJECT) {
        return ORCA_ERR_JSON_TYPE;
    }
    size_t key_len = strlen(key);
    int i = object + 1;
    for (int m = 0; m < t[object].size && i + 1 < doc->count; m++) {
        if ((size_t)(t[i].end - t[i].start) == key_len &&
            memcmp(doc->text + t[i].start, key, key_len) == 0) {
            return i + 1;
        }
        i = json_skip(doc, i + 1);
    }
    return ORCA_ERR_NOT_FOUND;
}

int orca_json_copy_string(const orca_json *doc, int tok, char *out, size_t out_size,
                          size_t *out_len)
{
    size_t len;
    if (doc == NULL || out == NULL || out_size == 0u || tok < 0 || tok >= doc->count) {
        return ORCA_ERR_INVALID_ARG;
    }
    const orca_json_token *t = &doc->tokens[tok];
    if (t->type != JSMN_STRING) {
        return ORCA_ERR_JSON_TYPE;
    }
    int rc = json_unescape(doc->text + t->start, (size_t)(t->end - t->start), out, out_size,
                           &len);
    if (out_len != NULL) {
        *out_len = len;
    }
    return rc;
}
