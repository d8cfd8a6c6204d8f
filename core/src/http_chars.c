#include <stdint.h>
#include <string.h>

#include "http_chars.h"

/* tchar bitmap for 0x00..0x7F: "!#$%&'*+-.^_`|~", digits and letters. */
static const uint32_t tchar_bits[4] = {0x00000000u, 0x03FF6CFAu, 0xC7FFFFFEu, 0x57FFFFFFu};

int orca_http_is_tchar(unsigned c)
{
    return c < 0x80u && ((tchar_bits[c >> 5] >> (c & 31u)) & 1u);
}

#define ONES ORCA_HTTP_ONES
#define HIGH (ONES * 0x80u)

/* 1 when every byte of the word w is an ASCII letter or '-' (no carry can
 * cross bytes: each sum stays below 0x100 while no byte has bit 7 set). */
/*@ assigns \nothing; */
static int all_letters(size_t w)
{
    size_t x = w | ONES * 0x20u;
    size_t from_a = x + ONES * (0x80u - 'a');      /* bit 7: x >= 'a' */
    size_t past_z = x + ONES * (0x80u - 'z' - 1u); /* bit 7: x > 'z' */
    size_t d = w ^ ONES * '-';
    size_t dash = ~(((d & ~HIGH) + ~HIGH) | d); /* bit 7: byte == '-' */
    return (w & HIGH) == 0u && (((from_a & ~past_z) | dash) & HIGH) == HIGH;
}

size_t orca_http_token_len(const char *s, size_t n)
{
    size_t i = 0, w;
    /* a word at a time while it holds only letters and '-' (header names) */
    /*@ loop invariant i <= n;
        loop assigns i, w;
     */
    while (i + sizeof w <= n && (memcpy(&w, s + i, sizeof w), all_letters(w))) {
        i += sizeof w;
    }
    /*@ loop invariant i <= n;
        loop assigns i;
     */
    while (i < n && orca_http_is_tchar((unsigned char)s[i])) {
        ++i;
    }
    return i;
}

int orca_http_ieq(const char *a, const char *b, size_t n)
{
    /*@ loop invariant i <= n;
        loop assigns i;
     */
    for (size_t i = 0; i < n; ++i) {
        unsigned x = (unsigned char)a[i], y = (unsigned char)b[i];
        /* equal, or the same letter in the other case */
        if (x != y && ((x ^ y) != 0x20u || (x | 0x20u) - 'a' >= 26u)) {
            return 0;
        }
    }
    return 1;
}

const char orca_http_framing_names[] = "\16content-length\12connection\21transfer-encoding\4host";

int orca_http_lookup(const char *list, const char *s, size_t n)
{
    int i;
    /*@ loop assigns i, list; */
    for (i = 0; *list != '\0'; i++, list += (unsigned char)*list + 1) {
        if ((unsigned char)*list == n && orca_http_ieq(list + 1, s, n)) {
            return i;
        }
    }
    return -1;
}

size_t orca_http_trim(const char *s, size_t start, size_t *end)
{
    size_t e = *end;
    /* The loop invariants are for WP, which the http_parser, cookie and
     * session_state drivers run on trim (tests/proofs): the other drivers'
     * EVA alone cannot prove such relations, so they do not get them
     * (ORCA_PROOF_WP_TRIM). */
#ifdef ORCA_PROOF_WP_TRIM
    /*@ loop invariant \at(start, Pre) <= start;
        loop invariant \at(start, Pre) <= e ==> start <= e;
        loop assigns start;
     */
#endif
    while (start < e && orca_http_is_ows(s[start])) {
        ++start;
    }
#ifdef ORCA_PROOF_WP_TRIM
    /*@ loop invariant e <= \at(*end, Pre);
        loop invariant \at(start, Pre) <= \at(*end, Pre) ==> start <= e;
        loop assigns e;
     */
#endif
    while (e > start && orca_http_is_ows(s[e - 1u])) {
        --e;
    }
    *end = e;
    return start;
}

int orca_http_method_has_body(const char *method, size_t len)
{
    static const char *const by_length[] = {"PUT", "POST", "PATCH"}; /* 3, 4, 5 bytes */
    if (len < 3u || len > 5u) {
        return 0;
    }
    /*@ split len; */ /* for Frama-C EVA (tests/proofs): each length with its name */
    return memcmp(method, by_length[len - 3u], len) == 0;
}

#if ORCA_WITH_RETRIES
int orca_http_method_idempotent(const char *method, size_t len)
{
    /* RFC 9110 section 9.2.2: methods whose repetition has the effect of one
     * (OPTIONS and TRACE are too, but orca's calls never use them: left out,
     * they are simply not repeated). */
    static const char *const methods[] = {"GET", "HEAD", "PUT", "DELETE"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (strlen(methods[i]) == len && memcmp(methods[i], method, len) == 0) {
            return 1;
        }
    }
    return 0;
}
#endif
