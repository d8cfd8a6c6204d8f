/* Cookie dates (RFC 6265 section 5.1.1) and IMF-fixdate, by integer calendar
 * arithmetic: no timegm, no locale, the same result on every target. */
#include "orca/date.h"

#define DATE_MIN_YEAR 1601u /* RFC 6265 5.1.1 step 5 */
#define DATE_MAX_YEAR 9999u /* four digits at most */

static int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

/* RFC 6265 delimiter: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
static int is_delimiter(unsigned char c)
{
    unsigned lower = c | 0x20u;
    if (c == 0x09u) {
        return 1;
    }
    if (c < 0x20u || c >= 0x7Fu || (c >= '0' && c <= ':')) {
        return 0;
    }
    return lower < 'a' || lower > 'z';
}

/* Reads min..max digits at *p, not followed by a digit; -1 if there are not. */
static int read_number(const unsigned char **p, const unsigned char *end, unsigned min,
                       unsigned max)
{
    const unsigned char *s = *p;
    int value = 0;
    while (s < end && is_digit(*s)) {
        if ((unsigned)(s - *p) == max) {
            return -1;
        }
        value = value * 10 + (*s++ - '0');
    }
    if ((unsigned)(s - *p) < min) {
        return -1;
    }
    *p = s;
    return value;
}

/* Index of the three letters at p (case-insensitive) in a list of
 * lower-case three-letter names, or -1. */
static int find_name(const unsigned char *p, const char *names, unsigned count)
{
    unsigned i;
    for (i = 0; i < count; i++, names += 3) {
        if ((p[0] | 0x20u) == (unsigned char)names[0] &&
            (p[1] | 0x20u) == (unsigned char)names[1] &&
            (p[2] | 0x20u) == (unsigned char)names[2]) {
            return (int)i;
        }
    }
    return -1;
}

static const char month_names[] = "janfebmaraprmayjunjulaugsepoctnovdec";

/* Checks the fields and converts them to epoch seconds (days-from-civil,
 * H. Hinnant's algorithm, for years >= 1 so every division is on positives). */
static int civil_to_epoch(int year, int month, int day, const int hms[3], int64_t *out)
{
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int mdays = month == 2 ? 28 + leap : 30 + ((month + (month >> 3)) & 1);
    int y = year - (month <= 2);
    int doy, yoe, days;
    if (year < (int)DATE_MIN_YEAR || year > (int)DATE_MAX_YEAR || day < 1 || day > mdays ||
        hms[0] > 23 || hms[1] > 59 || hms[2] > 59) {
        return ORCA_ERR_BAD_DATE;
    }
    doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    yoe = y % 400;
    days = (y / 400) * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    *out = (int64_t)days * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
    return ORCA_OK;
}

/* hms-time = time-field ":" time-field ":" time-field, then a non-digit or the end. */
static int read_time(const unsigned char *p, const unsigned char *end, int hms[3])
{
    int i;
    for (i = 0; i < 3; i++) {
        if (i > 0 && (p >= end || *p++ != ':')) {
            return 0;
        }
        hms[i] = read_number(&p, end, 1u, 2u);
        if (hms[i] < 0) {
            return 0;
        }
    }
    return 1;
}

int orca_date_parse_cookie(const char *s, size_t len, int64_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    int hms[3] = {-1, -1, -1};
    int day = -1, month = -1, year = -1;
    if (out == NULL || (s == NULL && len > 0u)) {
        return ORCA_ERR_INVALID_ARG;
    }
    while (p < end) {
        const unsigned char *tok = p, *q = p;
        while (p < end && !is_delimiter(*p)) {
            p++;
        }
        if (p == tok) { /* a delimiter */
            p++;
            continue;
        }
        /* Each token sets the first field it matches and is not yet found. */
        if (hms[0] < 0) {
            if (read_time(tok, p, hms)) {
                continue;
            }
            hms[0] = -1; /* undo a partial match */
        }
        if (day < 0 && (day = read_number(&q, p, 1u, 2u)) >= 0) {
            continue;
        }
        if (month < 0 && p - tok >= 3 && (month = find_name(tok, month_names, 12u)) >= 0) {
            continue;
        }
        q = tok;
        if (year < 0) {
            year = read_number(&q, p, 2u, 4u);
        }
    }
    if (hms[0] < 0 || day < 0 || month < 0 || year < 0) {
        return ORCA_ERR_BAD_DATE;
    }
    year += year < 70 ? 2000 : year < 100 ? 1900 : 0;
    return civil_to_epoch(year, month + 1, day, hms, out);
}

int orca_date_parse_imf(const char *s, size_t len, int64_t *out)
{
    /* 'a' letter, '0' digit, anything else itself. */
    static const char form[] = "aaa, 00 aaa 0000 00:00:00 GMT";
    const unsigned char *p = (const unsigned char *)s;
    size_t i;
    if (out == NULL || (s == NULL && len > 0u)) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (len != sizeof form - 1u) {
        return ORCA_ERR_BAD_DATE;
    }
    for (i = 0; i < len; i++) {
        int ok = form[i] == 'a'   ? !is_delimiter(p[i]) && !is_digit(p[i])
                 : form[i] == '0' ? is_digit(p[i])
                                  : p[i] == (unsigned char)form[i];
        if (!ok) {
            return ORCA_ERR_BAD_DATE;
        }
    }
    if (find_name(p, "monthuwedthufrisatsun", 7u) < 0) {
        return ORCA_ERR_BAD_DATE;
    }
    /* The form leaves exactly one reading to the cookie algorithm. */
    return orca_date_parse_cookie(s, len, out);
}
