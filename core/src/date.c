/* Cookie dates (RFC 6265 section 5.1.1, which reads IMF-fixdate too), by
 * integer calendar arithmetic: no timegm, no locale, the same result on every
 * target. */
#include "http_chars.h"
#include "orca/date.h"

#if ORCA_WITH_DATE_PARSER

static int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

/* RFC 6265 delimiter: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
static int is_delimiter(unsigned char c)
{
    unsigned letter = (c | 0x20u) - 'a';
    return c == 0x09u || (c >= 0x20u && c < 0x7Fu && !is_digit(c) && c != ':' && letter >= 26u);
}

/* The date fields, and the bits that say which were found. */
enum { HOUR, MINUTE, SECOND, DAY, MONTH, YEAR, FIELDS };
enum { FOUND_TIME = 1, FOUND_DAY = 2, FOUND_MONTH = 4, FOUND_YEAR = 8, FOUND_ALL = 15 };

/* Checks the fields and converts them to epoch seconds (days-from-civil with
 * the year starting in March, H. Hinnant's algorithm; years 1601..9999 keep
 * every term positive and 32-bit). */
static int civil_to_epoch(const unsigned f[FIELDS], int64_t *out)
{
    unsigned year = f[YEAR], month = f[MONTH], day = f[DAY];
    /* a leap year: every 4th, and of the centuries every 4th */
    unsigned leap = (year % 100u != 0u ? year : year / 100u) % 4u == 0u;
    unsigned mdays = month == 2u ? 28u + leap : 30u + ((month + (month >> 3)) & 1u);
    unsigned y = year - (month <= 2u);
    unsigned doy = (153u * ((month + 9u) % 12u) + 2u) / 5u + day - 1u;
    if (year - 1601u > 9999u - 1601u || day - 1u >= mdays || f[HOUR] > 23u || f[MINUTE] > 59u ||
        f[SECOND] > 59u) {
        return ORCA_ERR_BAD_DATE;
    }
    /* 719468: days from 0000-03-01 to 1970-01-01 */
    *out = (int64_t)((int32_t)(y * 365u + y / 4u - y / 100u + y / 400u + doy) - 719468) * 86400 +
           (int32_t)((f[HOUR] * 60u + f[MINUTE]) * 60u + f[SECOND]);
    return ORCA_OK;
}

/* Month names in orca_http_lookup()'s list format (index + 1 is the month). */
static const char month_names[] = "\3jan\3feb\3mar\3apr\3may\3jun\3jul\3aug\3sep\3oct\3nov\3dec";

/* Reads the digits at *q (before end): returns how many, their value in *v
 * (which wraps harmlessly on long runs: the count says they are too long). */
static unsigned read_digits(const unsigned char **q, const unsigned char *end, unsigned *v)
{
    unsigned n = 0;
    for (*v = 0; *q < end && is_digit(**q); (*q)++, n++) {
        *v = *v * 10u + (unsigned)(**q - '0');
    }
    return n;
}

/* hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then a non-digit or the end. */
static int read_time(const unsigned char *q, const unsigned char *end, unsigned hms[FIELDS])
{
    unsigned i;
    for (i = HOUR;; i++) {
        if (read_digits(&q, end, &hms[i]) - 1u >= 2u) {
            return 0;
        }
        if (i == SECOND) {
            return 1;
        }
        if (q >= end || *q++ != ':') { /* q never passes end: >= lets EVA see q < end */
            return 0;
        }
    }
}

/* The contract Frama-C EVA proves with the body (tests/proofs, driver date)
 * and that the session_state driver uses in its place (docs/proofs.md).
 * Years 1601-9999 are -11644473600 (1601-01-01) .. 253402300799 s; EVA's
 * intervals prove them within (-2^34, 2^38), the bound stated. */
/*@ requires s == \null || \valid_read(s + (0 .. len - 1));
    requires out == \null || \valid(out);
    assigns \result, *out \from s[0 .. len - 1], len, indirect: s, indirect: out;
    ensures \result == ORCA_OK || \result == ORCA_ERR_INVALID_ARG ||
            \result == ORCA_ERR_BAD_DATE;
    ensures \result == ORCA_OK ==> -17179869184 < *out < 274877906944;
 */
int orca_date_parse_cookie(const char *s, size_t len, int64_t *out)
{
    const unsigned char *p = (const unsigned char *)s, *end;
    /* each field is set before it is found; zeroed all the same, as Frama-C
     * EVA cannot relate f to found (tests/proofs; 16 B of .text on Cortex-M4) */
    unsigned f[FIELDS] = {0}, found = 0;
    if (out == NULL || s == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    end = p + len;
    for (; p < end; p++) { /* p++ skips the delimiter after each token */
        const unsigned char *tok = p, *q = p;
        unsigned v, n;
        while (p < end && !is_delimiter(*p)) {
            p++;
        }
        n = read_digits(&q, p, &v);
        /* each token sets the first field it matches that is not found yet */
        if (!(found & FOUND_TIME) && read_time(tok, p, f)) {
            found |= FOUND_TIME;
        } else if (!(found & FOUND_DAY) && n - 1u < 2u) {
            found |= FOUND_DAY;
            f[DAY] = v;
        } else if (!(found & FOUND_MONTH) && p - tok >= 3 && /* starts with a month name */
                   (f[MONTH] =
                        (unsigned)orca_http_lookup(month_names, (const char *)tok, 3) + 1u) != 0u) {
            found |= FOUND_MONTH;
        } else if (!(found & FOUND_YEAR) && n - 2u < 3u) {
            found |= FOUND_YEAR;
            f[YEAR] = v < 70u ? v + 2000u : v < 100u ? v + 1900u : v;
        }
        if (p >= end) { /* (p never passes end: >= lets Frama-C EVA see p < end) */
            break; /* no delimiter to skip: p + 1 would point past the text (UB) */
        }
    }
    if (found != FOUND_ALL) {
        return ORCA_ERR_BAD_DATE;
    }
    return civil_to_epoch(f, out);
}

#endif /* ORCA_WITH_DATE_PARSER */
