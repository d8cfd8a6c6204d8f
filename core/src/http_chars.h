/*
 * Character classes shared by the HTTP writer and parser (internal).
 */
#ifndef ORCA_HTTP_CHARS_H
#define ORCA_HTTP_CHARS_H

#include <stddef.h>

#include "orca/config.h"

/** @return 1 when @p c is an RFC 9110 tchar (token character), else 0. */
int orca_http_is_tchar(unsigned c);

/** @return Length of the run of tchars at the start of @p s (at most @p n). */
size_t orca_http_token_len(const char *s, size_t n);

/** @return 1 when the @p n bytes at @p a and @p b are equal ignoring ASCII case, else 0. */
int orca_http_ieq(const char *a, const char *b, size_t n);

/**
 * Looks a name up in a list, ignoring ASCII case.
 * @param list Names each preceded by its length in one byte, then a 0 byte.
 * @return Index of the @p n bytes at @p s in @p list, or -1 when absent.
 */
int orca_http_lookup(const char *list, const char *s, size_t n);

/** Indexes of the names in orca_http_framing_names. */
enum { ORCA_HTTP_CONTENT_LENGTH, ORCA_HTTP_CONNECTION, ORCA_HTTP_TRANSFER_ENCODING, ORCA_HTTP_HOST };

/** Names of the headers that frame a message, in orca_http_lookup's list
 *  format: the writer writes them itself, the parser acts on the first three. */
extern const char orca_http_framing_names[];

/** @return Value of the hex digit @p c (either case), or 16 when it is none. */
static inline unsigned orca_http_hex_value(unsigned c)
{
    if (c - '0' < 10u) {
        return c - '0';
    }
    c |= 0x20u;
    return c - 'a' < 6u ? c - 'a' + 10u : 16u;
}

/** Every byte of a size_t set to 0x01: a multiplier for word-at-a-time scans. */
#define ORCA_HTTP_ONES ((size_t)-1 / 0xFFu)

/** @return 1 when @p c is a space or a tab (optional whitespace), else 0. */
/*@ assigns \nothing; */
static inline int orca_http_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/** @return 1 for POST, PUT and PATCH (methods are case-sensitive): the
 *  methods that carry a body, so the writer announces even an empty one as
 *  Content-Length: 0 and a signed request signs its body headers. */
int orca_http_method_has_body(const char *method, size_t len);

/** @return 1 for GET, HEAD, PUT and DELETE (case-sensitive, as methods are):
 *  idempotent, they may be sent again after a failure the server may have
 *  acted on; 0 for POST, PATCH and every other method. */
#if ORCA_WITH_RETRIES
int orca_http_method_idempotent(const char *method, size_t len);
#endif

/** Trims spaces and tabs (OWS) from both ends of s[start, *end): @return
 *  the new start; *end receives the new end. Offsets, not a view: the
 *  caller's checks on them relate start and end (and Frama-C EVA bounds
 *  them, tests/proofs), and the caller makes the view. */
size_t orca_http_trim(const char *s, size_t start, size_t *end);

#endif /* ORCA_HTTP_CHARS_H */
