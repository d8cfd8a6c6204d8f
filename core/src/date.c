/* Cookie dates (RFC 6265 section 5.1.1, which reads IMF-fixdate too), by
 * integer calendar arithmetic: no timegm, no locale, the same result on every
 * target. */
#include "http_chars.h"
#include "orca/date.h"

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

/* Leap days from year 0 to the end of year y (Gregorian rules). */
static unsigned leap_days(unsigned y)
{
    return y / 4u - y / 100u + y / 400u;
}

/* Checks the fields and converts them to epoch seconds (days-from-civil with
 * the year starting in March, H. Hinnant's algorithm; years 1601..9999 keep
 * every term positive and 32-bit). */
static int civil_to_epoch(unsigned year, unsigned month, unsigned day, const unsigned hms[3],
                          int64_t *out)
{
    unsigned leap = leap_days(year) - leap_days(year - 1u);
    unsigned mdays = month == 2u ? 28u + leap : 30u + ((month + (month >> 3)) & 1u);
    unsigned y = year - (month <= 2u);
    unsigned doy = (153u * (month > 2u ? month - 3u : month + 9u) + 2u) / 5u + day - 1u;
    if (year - 1601u > 9999u - 1601u || day - 1u >= mdays || hms[0] > 23u || hms[1] > 59u ||
        hms[2] > 59u) {
        return ORCA_ERR_BAD_DATE;
    }
    /* 719468: days from 0000-03-01 to 1970-01-01 */
    *out = ((int64_t)(y * 365u + leap_days(y) + doy) - 719468) * 86400 +
           (int64_t)(hms[0] * 3600u + hms[1] * 60u + hms[2]);
    return ORCA_OK;
}

enum { FOUND_TIME = 1, FOUND_DAY = 2, FOUND_MONTH = 4, FOUND_YEAR = 8, FOUND_ALL = 15 };

/* Month 1..12 of a token starting with a month name (case-insensitive), else 0. */
static unsigned month_of(const unsigned char *tok, const unsigned char *end)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    unsigned i;
    for (i = 0; end - tok >= 3 && i < 36u; i += 3u) {
        if (orca_http_ieq((const char *)tok, names + i, 3u)) {
            return i / 3u + 1u;
        }
    }
    return 0;
}

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

/* The rest of hms-time after its first field: ":" 1*2DIGIT ":" 1*2DIGIT,
 * then a non-digit or the end. */
static int read_time(const unsigned char *q, const unsigned char *end, unsigned hms[3])
{
    unsigned i;
    for (i = 1; i < 3u; i++) {
        if (q == end || *q++ != ':' || read_digits(&q, end, &hms[i]) - 1u >= 2u) {
            return 0;
        }
    }
    return 1;
}

int orca_date_parse_cookie(const char *s, size_t len, int64_t *out)
{
    const unsigned char *p = (const unsigned char *)s, *end;
    unsigned hms[3] = {0, 0, 0}, day = 0, month = 0, year = 0, found = 0;
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
        if (!(found & FOUND_TIME) && n - 1u < 2u && read_time(q, p, hms)) {
            found |= FOUND_TIME;
            hms[0] = v;
        } else if (!(found & FOUND_DAY) && n - 1u < 2u) {
            found |= FOUND_DAY;
            day = v;
        } else if (!(found & FOUND_MONTH) && (month = month_of(tok, p)) != 0u) {
            found |= FOUND_MONTH;
        } else if (!(found & FOUND_YEAR) && n - 2u < 3u) {
            found |= FOUND_YEAR;
            year = v + (v < 70u ? 2000u : v < 100u ? 1900u : 0u);
        }
    }
    if (found != FOUND_ALL) {
        return ORCA_ERR_BAD_DATE;
    }
    return civil_to_epoch(year, month, day, hms, out);
}
