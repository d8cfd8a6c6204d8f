/* Set-Cookie parsing, RFC 6265 section 5.2: views into the header value. */
#include <string.h>

#include "http_chars.h"
#include "orca/cookie.h"
#include "orca/date.h"

/* Attribute names, then the SameSite values, each preceded by its length;
 * the index drives apply_attribute(). */
static const char names[] =
    "\6secure\10httponly\7expires\7max-age\6domain\4path\10samesite"
    "\6strict\3lax\4none";

enum {
    ATTR_SECURE,   /* 1 << ATTR_SECURE is ORCA_COOKIE_SECURE, */
    ATTR_HTTPONLY, /* 1 << ATTR_HTTPONLY is ORCA_COOKIE_HTTPONLY */
    ATTR_EXPIRES,
    ATTR_MAX_AGE,
    ATTR_DOMAIN,
    ATTR_PATH,
    ATTR_SAMESITE,
    SAMESITE_STRICT /* then LAX and NONE, as ORCA_COOKIE_SAMESITE_* count */
};
typedef char flag_attrs_are_bits[ORCA_COOKIE_SECURE == 1u << ATTR_SECURE &&
                                         ORCA_COOKIE_HTTPONLY == 1u << ATTR_HTTPONLY
                                     ? 1
                                     : -1];

/* Max-Age (5.2.2): an optional '-' then digits only, else ignored. */
static void parse_max_age(orca_set_cookie *out, const char *v, size_t n)
{
    size_t i = n > 0u && v[0] == '-';
    uint32_t secs = 0;
    if (i == n) {
        return;
    }
    for (; i < n; i++) {
        unsigned d = (unsigned)((unsigned char)v[i] - '0');
        if (d > 9u) {
            return;
        }
        secs = secs >= 429496729u ? UINT32_MAX : secs * 10u + d;
    }
    out->max_age = v[0] == '-' ? 0u : secs;
    out->flags |= ORCA_COOKIE_HAS_MAX_AGE;
}

static void apply_attribute(orca_set_cookie *out, int attr, const char *v, size_t n)
{
    int i;
    switch (attr) {
    case ATTR_EXPIRES:
        if (orca_date_parse_cookie(v, n, &out->expires) == ORCA_OK) {
            out->flags |= ORCA_COOKIE_HAS_EXPIRES;
        }
        break;
    case ATTR_MAX_AGE: parse_max_age(out, v, n); break;
    case ATTR_DOMAIN: /* an empty value is ignored (5.2.3 SHOULD) */
        if (n > 0u) {
            i = v[0] == '.';
            out->domain = v + i;
            out->domain_len = n - (size_t)i;
        }
        break;
    case ATTR_PATH: /* anything but an absolute path means the default path */
        out->path = n > 0u && v[0] == '/' ? v : NULL;
        out->path_len = n; /* read only when path is set */
        break;
    case ATTR_SAMESITE:
        i = orca_http_lookup(names, v, n) - SAMESITE_STRICT + 1; /* unknown: 0 */
        out->flags = (out->flags & ~ORCA_COOKIE_SAMESITE_MASK) | ((unsigned)(i > 0 ? i : 0) << 3);
        break;
    case ATTR_SECURE:
    case ATTR_HTTPONLY: out->flags |= 1u << attr; break;
    default: /* unknown attributes are ignored */ break;
    }
}

int orca_set_cookie_parse(const char *s, size_t len, orca_set_cookie *out)
{
    const char *end, *p;
    if (s == NULL || out == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    end = s + len;
    memset(out, 0, sizeof *out);
    /* name=value, then each attribute: the same split on ';' and the first '=' */
    for (p = s;; p++) {
        const char *name = p, *value, *eq = NULL;
        size_t name_len, value_len;
        for (; p < end && *p != ';'; p++) {
            /* CTLs but HTAB: never let CR/LF/NUL reach a request */
            if ((unsigned char)*p < 0x20u ? *p != '\t' : *p == 0x7F) {
                return ORCA_ERR_BAD_COOKIE;
            }
            eq = eq == NULL && *p == '=' ? p : eq;
        }
        eq = eq != NULL ? eq : p;
        value = eq + (eq < p);
        name_len = (size_t)(eq - name);
        name = orca_http_trim(name, &name_len);
        value_len = (size_t)(p - value);
        value = orca_http_trim(value, &value_len);
        if (out->name == NULL) {
            if (eq == p || name_len == 0u) {
                return ORCA_ERR_BAD_COOKIE;
            }
            out->name = name;
            out->name_len = name_len;
            out->value = value;
            out->value_len = value_len;
        } else {
            apply_attribute(out, orca_http_lookup(names, name, name_len), value, value_len);
        }
        if (p == end) {
            return ORCA_OK;
        }
    }
}
