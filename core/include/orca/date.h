/**
 * @file date.h
 * @brief Cookie dates and HTTP dates (IMF-fixdate) by integer calendar
 *        arithmetic.
 *
 * The parser turns a date into seconds since 1970-01-01T00:00:00Z with
 * days-from-civil arithmetic: no timegm, mktime, locale or time zone, so it
 * works the same on bare metal. Accepted years are 1601 .. 9999; a date outside
 * that range, or one that does not exist (30 February), is ORCA_ERR_BAD_DATE.
 *
 * Built only when a feature needs it (ORCA_WITH_DATE_PARSER in config.h: the
 * cookie `Expires` attribute, ORCA_WITH_COOKIE_EXPIRES; signed requests,
 * ORCA_WITH_PCA_SIGNING; Retry-After, ORCA_WITH_RETRY_AFTER); otherwise
 * nothing here is declared.
 */
#ifndef ORCA_DATE_H
#define ORCA_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "orca/config.h"
#include "orca/status.h"

/** Length of an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), without NUL. */
#define ORCA_DATE_HTTP_LEN 29u

#if ORCA_WITH_DATE_PARSER
/**
 * @brief Parses a cookie date with the RFC 6265 section 5.1.1 algorithm.
 *
 * Lenient by design: it accepts IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
 * RFC 850 and asctime dates and the many broken forms servers send (two-digit
 * years: 70..99 -> 19xx, 0..69 -> 20xx). Use it for the HTTP `Date` header
 * too: RFC 9110 asks recipients to accept all three HTTP date formats, and
 * this algorithm does. There is no separate strict IMF-fixdate parser: it
 * would only refuse dates this one reads correctly, and cost code size.
 *
 * @param s    Date text (need not be NUL-terminated).
 * @param len  Length of @p s in bytes.
 * @param out  Receives epoch seconds (UTC) on success; untouched on failure.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG if @p s or @p out is NULL;
 *         ORCA_ERR_BAD_DATE if a field is missing, out of range or the date
 *         does not exist.
 *
 * The ACSL contract below (for Frama-C, tests/proofs) is proven with the
 * body by the date driver; drivers of callers use it in the body's place.
 * Years 1601-9999 keep a date within 2^40 s of the epoch (-11644473600 ..
 * 253402300799).
 */
/*@ requires s == \null || \valid_read(s + (0 .. len - 1));
    requires out == \null || \valid(out);
    assigns \result, *out \from s[0 .. len - 1], len, indirect: s, indirect: out;
    ensures \result == ORCA_OK || \result == ORCA_ERR_INVALID_ARG ||
            \result == ORCA_ERR_BAD_DATE;
    ensures \result == ORCA_OK ==> -(1 << 40) < *out < (1 << 40);
    ensures \result != ORCA_OK ==> *out == \old(*out);
*/
int orca_date_parse_cookie(const char *s, size_t len, int64_t *out);

#endif /* ORCA_WITH_DATE_PARSER */

#if ORCA_WITH_PCA_SIGNING
/**
 * @brief Writes @p t (epoch seconds, UTC) as an IMF-fixdate, the HTTP `Date`
 *        form (core/src/http_date.c): exactly ORCA_DATE_HTTP_LEN bytes, no
 *        NUL. Signed requests use it for their `date` header; not declared
 *        without ORCA_WITH_PCA_SIGNING.
 * @return ORCA_OK; ORCA_ERR_BAD_DATE when @p t is outside years 1970 .. 9999;
 *         ORCA_ERR_INVALID_ARG for NULL @p out.
 */
int orca_date_format_http(int64_t t, char out[ORCA_DATE_HTTP_LEN]);
#endif

#endif /* ORCA_DATE_H */
