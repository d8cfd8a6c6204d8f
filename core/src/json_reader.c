/* JSON reading: jsmn (static) for tokens, behind a grammar check of its own
 * (commas, colons, numbers, literals, control characters and escapes in
 * strings; ORCA_WITH_JSON_VALIDATION), key lookup and unescaping string
 * values into caller buffers. */
#include <limits.h>
#include <string.h>

#include "orca/config.h"

#if ORCA_WITH_JSON_READER

/* jsmn's code compiled here only; it predates -Wconversion. With the grammar
 * check jsmn only ever sees text that json_validate accepted, so its strict
 * mode's checks would be dead code (and it refuses a number or literal as
 * root); without it, strict mode is the only structural check. */
#define JSMN_STATIC
#if !ORCA_WITH_JSON_VALIDATION
#define JSMN_STRICT
#endif
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

/* jsmn's token filler, inlined into its two callers, costs 40 bytes more
 * than one copy. GCC takes the attribute after the definition in jsmn.h;
 * clang would ignore it with a warning. */
#if defined(__GNUC__) && !defined(__clang__)
static void jsmn_fill_token(jsmntok_t *token, const jsmntype_t type, const int start,
                            const int end) __attribute__((noinline));
#endif

/* Value of the escape \\uXXXX at s[i], or 0x10000 when it is not there. */
static uint32_t json_u_escape(const char *s, size_t n, size_t i)
{
    uint32_t v = 0;
    if (i + 6u > n || s[i] != '\\' || s[i + 1u] != 'u') {
        return 0x10000u;
    }
    for (size_t k = 2; k < 6u; k++) {
        unsigned d = orca_http_hex_value((unsigned char)s[i + k]);
        if (d > 15u) {
            return 0x10000u;
        }
        v = v * 16u + d;
    }
    return v;
}

/* Decodes the escape at s[*i] (its backslash) into UTF-8 in u and moves *i
 * past it; returns its length, or 0 for a bad escape or a lone surrogate. */
static size_t json_escape(const char *s, size_t n, size_t *i, unsigned char u[4])
{
    static const char names[] = "\"\\/bfnrt";
    static const char values[] = "\"\\/\b\f\n\r\t";
    size_t k;
    uint32_t cp;
    for (k = 0; k < 8u && *i + 2u <= n; k++) {
        if (names[k] == s[*i + 1u]) {
            u[0] = (unsigned char)values[k];
            *i += 2u;
            return 1;
        }
    }
    if ((cp = json_u_escape(s, n, *i)) > 0xFFFFu) {
        return 0;
    }
    *i += 6u;
    if (cp - 0xD800u < 0x800u) { /* a surrogate: must be a high one, then a low one */
        uint32_t lo = json_u_escape(s, n, *i);
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

#if ORCA_WITH_JSON_VALIDATION
/* Length of the raw UTF-8 sequence at s[i] (lead byte 0x80 or above, i < n),
 * or 0 when it is not well-formed (RFC 3629: no overlong form, no surrogate,
 * nothing above U+10FFFF): JSON text is UTF-8 (RFC 8259 8.1). */
static size_t json_raw_len(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    unsigned char lo = c == 0xE0u ? 0xA0u : c == 0xF0u ? 0x90u : 0x80u;
    unsigned char hi = c == 0xEDu ? 0x9Fu : c == 0xF4u ? 0x8Fu : 0xBFu;
    size_t len = c < 0xE0u ? 2u : c < 0xF0u ? 3u : 4u;
    if (c < 0xC2u || c > 0xF4u || i + len > n) {
        return 0;
    }
    for (size_t k = 1; k < len; k++) {
        if (s[i + k] < lo || s[i + k] > hi) {
            return 0;
        }
        lo = 0x80u; /* only the second byte has a narrower range */
        hi = 0xBFu;
    }
    return len;
}
#else
/* Without validation a raw sequence is only kept whole: its lead byte and
 * the continuation bytes after it. */
static size_t json_raw_len(const unsigned char *s, size_t n, size_t i)
{
    size_t k = 1;
    while (s[i] >= 0xC0u && i + k < n && (s[i + k] & 0xC0u) == 0x80u) {
        k++;
    }
    return k;
}
#endif

/* Unescapes the string body from s[i] (just past the opening quote) up to
 * its closing quote or n into out (capacity cap, NUL included; out NULL only
 * checks it). Stops at the first character that does not fit, so none is
 * cut in half. Returns where it stopped (the closing quote, n, or that
 * character), or 0 for a control character, a bad escape or (with
 * validation) bytes that are not UTF-8. *len (when len is not NULL)
 * receives the bytes written. */
static size_t json_unescape(const char *s, size_t n, size_t i, char *out, size_t cap,
                            size_t *len)
{
    size_t w = 0;
    while (i < n && s[i] != '"') {
        unsigned char u[4];
        unsigned char c = (unsigned char)s[i];
        const unsigned char *src = u;
        size_t k = 1, at = i;
        if (c < 0x20u) {
            return 0;
        }
        if (c == '\\') {
            if ((k = json_escape(s, n, &i, u)) == 0u) {
                return 0;
            }
        } else {
            if (c >= 0x80u) { /* a raw sequence is kept whole, or refused */
                k = json_raw_len((const unsigned char *)s, n, i);
            }
            /*@ split k; */
            if (k == 0u || i + k > n) { /* i + k <= n: json_raw_len checks it; said for EVA */
                return 0;
            }
            src = (const unsigned char *)s + i;
            i += k;
        }
        /*@ split k; */
        if (out != NULL) {
            if (w + k >= cap) {
                i = at;
                break;
            }
            memcpy(out + w, src, k);
        }
        w += k;
    }
    if (out != NULL) {
        out[w] = '\0';
    }
    if (len != NULL) {
        *len = w;
    }
    return i;
}

#if ORCA_WITH_JSON_VALIDATION
/* What the grammar check expects next (W_KEY is 1: the innermost object bit;
 * W_FIRST marks the first value or key of a container, which may close it). */
enum { W_VALUE, W_KEY, W_COLON, W_NEXT, W_FIRST };

static size_t json_skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
        i++;
    }
    return i;
}

/* Index just past the digits from s[i] (i itself when there is none). */
static size_t json_digits(const char *s, size_t n, size_t i)
{
    while (i < n && (unsigned)(s[i] - '0') < 10u) {
        i++;
    }
    return i;
}

/* End of the number or literal starting at s[i], or 0 when it is neither. */
static size_t json_primitive_end(const char *s, size_t n, size_t i)
{
    static const char literals[] = "\4true\5false\4null";
    for (const char *l = literals; *l != '\0'; l += *l + 1) {
        size_t k = (size_t)*l;
        if (i + k <= n && memcmp(s + i, l + 1, k) == 0) {
            return i + k;
        }
    }
    if (i < n && s[i] == '-') {
        i++;
    }
    /* digit runs: part 0 the integer, 1 an optional fraction, 2 an optional exponent */
    for (unsigned part = 0;; part++) {
        size_t end = json_digits(s, n, i);
        if (end <= i || (part == 0u && s[i] == '0' && end - i > 1u)) {
            return 0; /* no digits, or a leading zero */
        }
        i = end;
        if (part == 0u && i < n && s[i] == '.') {
            i++; /* on to the fraction */
        } else if (part < 2u && i < n && (s[i] | 0x20) == 'e') {
            i++;
            if (i < n && (s[i] == '+' || s[i] == '-')) {
                i++;
            }
            part = 1u; /* on to the exponent, part 2 */
        } else {
            return i;
        }
    }
}

/* The full RFC 8259 grammar, iteratively: one bit per open container says
 * whether it is an object, the innermost in bit 0. */
static int json_validate(const char *s, size_t n)
{
    uint32_t objects = 0;
    unsigned depth = 0, want = W_VALUE;
    size_t i = 0;
    for (;;) {
        i = json_skip_ws(s, n, i);
        if (want == W_NEXT && depth == 0u) {
            return i == n ? ORCA_OK : ORCA_ERR_JSON;
        }
        if (i >= n) { /* anything else wants one more character */
            return ORCA_ERR_JSON;
        }
        char c = s[i]; /* a NUL is valid nowhere between strings */
        char close = (objects & 1u) ? '}' : ']';
        if (want >= W_FIRST) { /* an empty container closes at once */
            want = c == close ? W_NEXT : want - W_FIRST;
        }
        if (want == W_COLON || want == W_NEXT) {
            if (want == W_COLON && c == ':') {
                want = W_VALUE;
            } else if (want == W_NEXT && c == ',') {
                want = objects & 1u; /* W_KEY in an object, W_VALUE in an array */
            } else if (want == W_NEXT && c == close) {
                objects >>= 1;
                depth--;
            } else {
                return ORCA_ERR_JSON;
            }
            i++;
        } else if (c == '"') {
            i = json_unescape(s, n, i + 1u, NULL, 0, NULL);
            if (i == 0u || i == n) {
                return ORCA_ERR_JSON;
            }
            i++;
            want = want == W_KEY ? W_COLON : W_NEXT;
        } else if (want == W_KEY) {
            return ORCA_ERR_JSON;
        } else if (c == '[' || c == '{') {
            if (depth == ORCA_JSON_MAX_DEPTH) {
                return ORCA_ERR_JSON;
            }
            objects = objects << 1 | (c == '{');
            depth++;
            want = W_FIRST + (objects & 1u); /* W_FIRST + W_KEY in an object */
            i++;
        } else if ((i = json_primitive_end(s, n, i)) == 0u) {
            return ORCA_ERR_JSON;
        } else {
            want = W_NEXT;
        }
    }
}

#endif /* ORCA_WITH_JSON_VALIDATION */

int orca_json_parse(orca_json *doc, const char *text, size_t len, orca_json_token *tokens,
                    unsigned max_tokens)
{
    jsmn_parser parser;
    int rc;
    if (doc == NULL || text == NULL || tokens == NULL || len > (size_t)INT_MAX) {
        return ORCA_ERR_INVALID_ARG;
    }
    doc->count = 0;
#if ORCA_WITH_JSON_VALIDATION
    if ((rc = json_validate(text, len)) != ORCA_OK) {
        return rc;
    }
#endif
    jsmn_init(&parser);
    rc = jsmn_parse(&parser, text, len, tokens, max_tokens);
#if ORCA_WITH_JSON_VALIDATION
    if (rc < 0) { /* on validated text jsmn can only run out of tokens */
        return ORCA_ERR_JSON_TOKENS;
    }
#else
    if (rc <= 0) { /* jsmn's strict mode is the only check: empty text is 0 tokens */
        return rc == JSMN_ERROR_NOMEM ? ORCA_ERR_JSON_TOKENS : ORCA_ERR_JSON;
    }
#endif
    doc->text = text;
    doc->len = len;
    doc->tokens = tokens;
    doc->count = (int)parser.toknext; /* rc: jsmn counts the tokens it fills */
    return ORCA_OK;
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
    /* A member's key starts past the end of the previous member's value;
     * tokens nested in that value start before its end. */
    int next_key = 0;
    for (int i = object + 1; i + 1 < doc->count && t[i].start < t[object].end; i++) {
        if (t[i].start > next_key) {
            /* end - key_len is the start of a key of this length in the text */
            size_t end = (size_t)t[i].end;
            if (end <= doc->len && key_len <= end && end - key_len == (size_t)t[i].start &&
                memcmp(doc->text + (end - key_len), key, key_len) == 0) {
                return i + 1;
            }
            next_key = t[i + 1].end;
        }
    }
    return ORCA_ERR_NOT_FOUND;
}

int orca_json_copy_string(const orca_json *doc, int tok, char *out, size_t out_size,
                          size_t *out_len)
{
    if (doc == NULL || out == NULL || out_size == 0u || tok < 0 || tok >= doc->count) {
        return ORCA_ERR_INVALID_ARG;
    }
    const orca_json_token *t = &doc->tokens[tok];
    if (t->type != JSMN_STRING) {
        return ORCA_ERR_JSON_TYPE;
    }
    size_t end = (size_t)t->end;
    if (end > doc->len) { /* not a token of this text */
        return ORCA_ERR_INVALID_ARG;
    }
    size_t stop = json_unescape(doc->text, end, (size_t)t->start, out, out_size, out_len);
    return stop == end ? ORCA_OK : stop == 0u ? ORCA_ERR_JSON : ORCA_ERR_TRUNCATED;
}

#endif /* ORCA_WITH_JSON_READER */
