/* A plain model of an RFC 6265 cookie store (sections 5.1.3, 5.1.4, 5.3 and
 * 5.4) for tests/fuzz/fuzz_cookie_jar.c: a list of cookies with their
 * creation order, no arena, no packing, written from the RFC and not from
 * core/src/cookie_jar.c, so the harness can compare the jar against it after
 * every operation. It knows the Set-Cookie values the harness generates
 * (name, value, Domain, Path, Secure, HttpOnly, SameSite, Max-Age, Expires),
 * not arbitrary ones. */
#ifndef ORCA_FUZZ_COOKIE_MODEL_H
#define ORCA_FUZZ_COOKIE_MODEL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/cookie.h"

#define MODEL_MAX 128
/* The wall clock, in epoch seconds at tick 0 (2027-01-15: after
 * ORCA_COOKIE_PAST_BEFORE_S); it moves with the tick. */
#define MODEL_BASE_WALL 1800000000

typedef struct model_cookie {
    char name[16];
    char value[80];
    char domain[32]; /* as stored: the Domain attribute, or the request host */
    char path[32];
    unsigned flags; /* ORCA_COOKIE_* */
    orca_cookie_expiry expiry;
    uint32_t deadline;
    unsigned long seq; /* creation order */
} model_cookie;

/* The cookies, and the clocks the jar sees. */
typedef struct cookie_model {
    model_cookie c[MODEL_MAX];
    size_t count;
    unsigned long seq; /* next creation order */
    uint32_t now;      /* the tick */
    int wall_known;    /* the wall clock knows the time */
    /* The public-suffix list the jar's check knows (NULL-terminated), or
     * NULL: the jar has no check (a device build without a list). */
    const char *const *suffixes;
} cookie_model;

/* What a generated Set-Cookie says about its lifetime. */
typedef struct model_lifetime {
    int has_max_age;
    int64_t max_age; /* seconds, as written */
    int has_expires;
    int64_t expires; /* epoch seconds */
} model_lifetime;

static inline int64_t model_wall_now(const cookie_model *m)
{
    return MODEL_BASE_WALL + (int64_t)(m->now / 1000u);
}

static inline int model_lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static inline int model_ieq(const char *a, const char *b)
{
    while (*a != '\0' && model_lower(*a) == model_lower(*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

/* RFC 6265 5.1.3; exact: host-only. */
static inline int model_domain_match(const char *host, const char *domain, int exact)
{
    size_t h = strlen(host), d = strlen(domain);
    char last;
    if (model_ieq(host, domain)) {
        return 1;
    }
    if (exact || h <= d || !model_ieq(host + h - d, domain) || host[h - d - 1u] != '.') {
        return 0;
    }
    last = host[h - 1u];
    return !(last >= '0' && last <= '9') && last != ']';
}

/* RFC 6265 5.3 step 5: is domain a public suffix? Without a list every
 * domain counts as one (nothing can be told); a single label always does. */
static inline int model_public_suffix(const cookie_model *m, const char *domain)
{
    if (m->suffixes == NULL || strchr(domain, '.') == NULL) {
        return 1;
    }
    for (size_t i = 0; m->suffixes[i] != NULL; i++) {
        if (model_ieq(m->suffixes[i], domain)) {
            return 1;
        }
    }
    return 0;
}

/* The request path without query or fragment ("/" unless absolute). */
static inline size_t model_request_path(const char *path, char *out)
{
    size_t n = 0;
    if (path == NULL || path[0] != '/') {
        path = "/";
    }
    while (path[n] != '\0' && path[n] != '?' && path[n] != '#') {
        out[n] = path[n];
        n++;
    }
    out[n] = '\0';
    return n;
}

/* RFC 6265 5.1.4 default-path. */
static inline void model_default_path(const char *path, char *out)
{
    size_t n = model_request_path(path, out), slash = 0;
    for (size_t i = 0; i < n; i++) {
        slash = out[i] == '/' ? i : slash;
    }
    out[slash == 0u ? 1u : slash] = '\0';
}

/* RFC 6265 5.1.4 path-match. */
static inline int model_path_match(const char *req, const char *path)
{
    size_t r = strlen(req), n = strlen(path);
    return r >= n && memcmp(req, path, n) == 0 && (r == n || path[n - 1u] == '/' || req[n] == '/');
}

static inline int model_expired(const cookie_model *m, const model_cookie *c)
{
    return c->expiry == ORCA_COOKIE_EXPIRY_KNOWN && orca_clock_remaining(m->now, c->deadline) <= 0;
}

static inline void model_remove(cookie_model *m, size_t i)
{
    memmove(&m->c[i], &m->c[i + 1u], (m->count - i - 1u) * sizeof m->c[0]);
    m->count--;
}

static inline void model_purge(cookie_model *m)
{
    for (size_t i = 0; i < m->count;) {
        if (model_expired(m, &m->c[i])) {
            model_remove(m, i);
        } else {
            i++;
        }
    }
}

/* Index of the cookie with the key of c, or m->count. */
static inline size_t model_find_key(const cookie_model *m, const model_cookie *c)
{
    for (size_t i = 0; i < m->count; i++) {
        if (strcmp(m->c[i].name, c->name) == 0 && model_ieq(m->c[i].domain, c->domain) &&
            strcmp(m->c[i].path, c->path) == 0) {
            return i;
        }
    }
    return m->count;
}

/* Does stored cookie c go to (or, with path NULL, belong to) host? */
static inline int model_matches(const model_cookie *c, const char *host, const char *path,
                                int is_tls)
{
    if (!model_domain_match(host, c->domain, (c->flags & ORCA_COOKIE_HOST_ONLY) != 0u)) {
        return 0;
    }
    return path == NULL ||
           (model_path_match(path, c->path) && ((c->flags & ORCA_COOKIE_SECURE) == 0u || is_tls));
}

/* Cookie header order: longer paths first, then earlier creation. */
static inline int model_before(const model_cookie *a, const model_cookie *b)
{
    size_t la = strlen(a->path), lb = strlen(b->path);
    return la != lb ? la > lb : a->seq < b->seq;
}

/* Index of the cookie that goes first among those called name for host. */
static inline size_t model_first(const cookie_model *m, const char *host, const char *name)
{
    size_t best = m->count;
    for (size_t i = 0; i < m->count; i++) {
        if (strcmp(m->c[i].name, name) == 0 && model_matches(&m->c[i], host, NULL, 0) &&
            (best == m->count || model_before(&m->c[i], &m->c[best]))) {
            best = i;
        }
    }
    return best;
}

/* Writes the expected Cookie header for origin o; returns its length. */
static inline size_t model_header(const cookie_model *m, const orca_cookie_origin *o, char *out,
                                  size_t size)
{
    char req[64];
    int used[MODEL_MAX] = {0};
    size_t len = 0;
    model_request_path(o->path.ptr, req); /* the vocabulary's paths end in a NUL */
    out[0] = '\0';
    for (;;) {
        size_t best = m->count;
        for (size_t i = 0; i < m->count; i++) {
            if (!used[i] && model_matches(&m->c[i], o->host, req, o->is_tls) &&
                (best == m->count || model_before(&m->c[i], &m->c[best]))) {
                best = i;
            }
        }
        if (best == m->count) {
            return len;
        }
        used[best] = 1;
        len += (size_t)snprintf(out + len, size - len, "%s%s=%s", len > 0u ? "; " : "",
                                m->c[best].name, m->c[best].value);
    }
}

/* The expected outcome of a generated store: what the jar says (rc) and
 * whether the cookie is stored (1) or deleted (0). */
static inline int model_expect_store(const cookie_model *m, model_cookie *c,
                                     const orca_cookie_origin *o, const char *domain,
                                     const char *path, const model_lifetime *lt,
                                     const int64_t *date, int *keep)
{
    const char *d = domain[0] == '.' ? domain + 1 : domain;
    int64_t left;
    if ((c->flags & ORCA_COOKIE_SECURE) != 0u && !o->is_tls) {
        return ORCA_ERR_COOKIE_SECURE;
    }
    c->flags |= ORCA_COOKIE_HOST_ONLY;
    snprintf(c->domain, sizeof c->domain, "%s", o->host);
    if (d[0] != '\0') {
        if (!model_domain_match(o->host, d, 0)) {
            return ORCA_ERR_COOKIE_DOMAIN;
        }
        if (!model_public_suffix(m, d)) {
            snprintf(c->domain, sizeof c->domain, "%s", d);
            c->flags &= ~ORCA_COOKIE_HOST_ONLY;
        } else if (strlen(d) != strlen(o->host)) {
            return ORCA_ERR_COOKIE_DOMAIN; /* a public suffix, not the host itself */
        } /* else the host itself: kept host-only */
    }
    if (path != NULL && path[0] == '/') {
        snprintf(c->path, sizeof c->path, "%s", path);
    } else {
        model_default_path(o->path.ptr, c->path);
    }
    c->expiry = ORCA_COOKIE_EXPIRY_SESSION;
    *keep = 1;
    if (!lt->has_max_age && !lt->has_expires) {
        return ORCA_OK;
    }
    if (lt->has_max_age) {
        left = lt->max_age;
    } else if (date != NULL || m->wall_known) {
        left = lt->expires - (date != NULL ? *date : model_wall_now(m));
    } else {
        c->expiry = ORCA_COOKIE_EXPIRY_UNKNOWN;
        *keep = lt->expires >= ORCA_COOKIE_PAST_BEFORE_S;
        return ORCA_OK;
    }
    c->expiry = ORCA_COOKIE_EXPIRY_KNOWN;
    c->deadline = m->now + (left >= 2147483 ? ORCA_CLOCK_MAX_INTERVAL_MS : (uint32_t)left * 1000u);
    *keep = left > 0;
    return ORCA_OK;
}

/* Applies a successful store to the model. */
static inline void model_store(cookie_model *m, const model_cookie *c, int keep)
{
    size_t i = model_find_key(m, c);
    if (i < m->count) {
        unsigned long seq = m->c[i].seq;
        if (keep) {
            m->c[i] = *c;
            m->c[i].seq = seq; /* a replacement keeps the creation order */
        } else {
            model_remove(m, i);
        }
    } else if (keep && m->count < MODEL_MAX) {
        m->c[m->count] = *c;
        m->c[m->count++].seq = m->seq++;
    } else if (keep) {
        abort(); /* cannot happen: the arena holds fewer than MODEL_MAX cookies */
    }
}

#endif /* ORCA_FUZZ_COOKIE_MODEL_H */
