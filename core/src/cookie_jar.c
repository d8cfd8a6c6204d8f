/* The cookie jar (RFC 6265 sections 5.3 and 5.4) in a caller arena.
 *
 * Cookies are packed one after the other from the start of the arena: a
 * header (copied in and out with memcpy, so the arena needs no alignment)
 * followed by name, value, domain and path bytes. Deleting moves the later
 * cookies down and wipes the freed tail, so nothing secret stays behind. */
#include <string.h>

#include "cookie_internal.h"
#include "orca/cookie.h"
#include "orca/wipe.h"

#define MAX_DOMAIN 255u
#define MAX_PATH 1024u
#define PUBLIC_FLAGS 0x1Fu   /* ORCA_COOKIE_SECURE .. ORCA_COOKIE_SAMESITE_MASK */
#define HAS_DEADLINE 0x20u   /* deadline is valid */
#define EXPIRY_UNKNOWN 0x40u /* Expires with nothing to read it against */

typedef struct jar_entry {
    uint32_t seq;      /* creation order */
    uint32_t deadline; /* now_ms tick at which it expires (HAS_DEADLINE) */
    uint16_t size;     /* header + bytes */
    uint16_t name_len, value_len, path_len;
    uint8_t domain_len, flags;
} jar_entry;

/* A cookie: its header and views of its bytes (in the arena, or in the
 * Set-Cookie value for a new one). */
typedef struct jar_cookie {
    jar_entry e;
    const char *name, *value, *domain, *path;
} jar_cookie;

/* Reads the cookie at offset off; returns its size. */
static size_t cookie_at(const orca_cookie_jar *jar, size_t off, jar_cookie *c)
{
    memcpy(&c->e, jar->mem + off, sizeof c->e);
    c->name = (const char *)jar->mem + off + sizeof c->e;
    c->value = c->name + c->e.name_len;
    c->domain = c->value + c->e.value_len;
    c->path = c->domain + c->e.domain_len;
    return c->e.size;
}

static void remove_at(orca_cookie_jar *jar, size_t off, size_t size)
{
    memmove(jar->mem + off, jar->mem + off + size, jar->used - off - size);
    jar->used -= size;
    orca_wipe(jar->mem + jar->used, size);
}

static int is_expired(const jar_entry *e, uint32_t now_ms)
{
    return (e->flags & HAS_DEADLINE) != 0u && orca_clock_remaining(now_ms, e->deadline) <= 0;
}

/* Order of the Cookie header: longer paths first, then earlier creation. */
static uint64_t send_order(const jar_entry *e)
{
    return ((uint64_t)(0xFFFFu - e->path_len) << 32) | e->seq;
}

/* RFC 6265 5.1.3: host equals domain, or ends with "." domain and is a name. */
static int domain_match(const char *host, size_t host_len, const char *domain, size_t len)
{
    const char *tail = host + host_len - len;
    char last = host_len > 0u ? host[host_len - 1u] : '\0';
    if (host_len < len || !orca_cookie_ieq(tail, domain, len)) {
        return 0;
    }
    /* an IP address (last character a digit or ']') only matches itself */
    return host_len == len || (tail[-1] == '.' && (unsigned)(last - '0') > 9u && last != ']');
}

static int host_matches(const jar_cookie *c, const char *host, size_t host_len)
{
    return (c->e.flags & ORCA_COOKIE_HOST_ONLY) != 0u
               ? host_len == c->e.domain_len && orca_cookie_ieq(host, c->domain, host_len)
               : domain_match(host, host_len, c->domain, c->e.domain_len);
}

/* RFC 6265 5.1.4 path-match of a request path by a cookie path. */
static int path_match(const char *req, size_t req_len, const char *path, size_t len)
{
    return req_len >= len && memcmp(req, path, len) == 0 &&
           (req_len == len || path[len - 1u] == '/' || req[len] == '/');
}

/* Length of a request target's path: up to '?', '#' or the end. */
static size_t request_path_len(const char *p)
{
    size_t n = 0;
    while (p[n] != '\0' && p[n] != '?' && p[n] != '#') {
        n++;
    }
    return n;
}

/* RFC 6265 5.1.4 default-path: the request path up to its last '/', or "/". */
static size_t default_path(const char **path)
{
    size_t n = request_path_len(*path), slash = 0;
    size_t i;
    for (i = 1; i < n; i++) {
        slash = (*path)[i] == '/' ? i : slash;
    }
    if (n == 0u || (*path)[0] != '/' || slash == 0u) {
        *path = "/";
        return 1u;
    }
    return slash;
}

/* Expiry of a new cookie (5.3 step 3, monotonic): sets e->flags and
 * e->deadline; returns 0 if the cookie is already expired. */
static int set_expiry(jar_entry *e, const orca_set_cookie *sc, const int64_t *date,
                      const orca_clock *clock, uint32_t now_ms)
{
    int64_t secs, ref;
    if ((sc->flags & ORCA_COOKIE_HAS_MAX_AGE) != 0u) {
        secs = sc->max_age;
    } else if ((sc->flags & ORCA_COOKIE_HAS_EXPIRES) != 0u) {
        if (date != NULL) {
            ref = *date;
        } else if (clock->unix_s == NULL || clock->unix_s(clock->ctx, &ref) != ORCA_OK) {
            e->flags |= EXPIRY_UNKNOWN;
            return sc->expires >= ORCA_COOKIE_PAST_BEFORE_S;
        }
        secs = sc->expires - ref;
    } else {
        return 1; /* session cookie */
    }
    e->flags |= HAS_DEADLINE;
    /* clamp to what the wrapping tick can tell apart */
    e->deadline =
        now_ms + (secs >= (int64_t)(ORCA_CLOCK_MAX_INTERVAL_MS / 1000u) ? ORCA_CLOCK_MAX_INTERVAL_MS
                                                                        : (uint32_t)secs * 1000u);
    return secs > 0;
}

/* Domain of a new cookie (5.3 steps 5-6); NULL if refused. */
static const char *cookie_scope(jar_entry *e, const orca_set_cookie *sc, const char *host,
                                size_t host_len)
{
    const char *d = sc->domain;
    size_t n = sc->domain_len, i = 0;
    while (i < n && d[i] != '.') {
        i++;
    }
    if (n == 0u || (i == n && n == host_len && orca_cookie_ieq(d, host, n))) {
        e->flags |= ORCA_COOKIE_HOST_ONLY; /* no Domain, or a public suffix that is the host */
        e->domain_len = (uint8_t)host_len;
        return host;
    }
    /* a single label (a top-level domain) is a public suffix */
    if (i == n || n > MAX_DOMAIN || !domain_match(host, host_len, d, n)) {
        return NULL;
    }
    e->domain_len = (uint8_t)n;
    return d;
}

/* Offset of the cookie with the name, domain and path of c, or jar->used. */
static size_t find_same(const orca_cookie_jar *jar, const jar_cookie *c, jar_cookie *old)
{
    size_t off;
    for (off = 0; off < jar->used; off += old->e.size) {
        cookie_at(jar, off, old);
        if (old->e.name_len == c->e.name_len && old->e.domain_len == c->e.domain_len &&
            old->e.path_len == c->e.path_len && memcmp(old->name, c->name, c->e.name_len) == 0 &&
            orca_cookie_ieq(old->domain, c->domain, c->e.domain_len) &&
            memcmp(old->path, c->path, c->e.path_len) == 0) {
            break;
        }
    }
    return off;
}

/* Copies a new cookie to the end of the arena. */
static void append(orca_cookie_jar *jar, const jar_cookie *c)
{
    unsigned char *p = jar->mem + jar->used;
    memcpy(p, &c->e, sizeof c->e);
    p += sizeof c->e;
    memcpy(p, c->name, c->e.name_len);
    p += c->e.name_len;
    memcpy(p, c->value, c->e.value_len);
    p += c->e.value_len;
    memcpy(p, c->domain, c->e.domain_len);
    memcpy(p + c->e.domain_len, c->path, c->e.path_len);
    jar->used += c->e.size;
}

int orca_cookie_jar_init(orca_cookie_jar *jar, void *mem, size_t size)
{
    if (jar == NULL || mem == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    jar->mem = (unsigned char *)mem;
    jar->size = size;
    jar->used = 0;
    jar->next_seq = 0;
    return ORCA_OK;
}

void orca_cookie_jar_clear(orca_cookie_jar *jar)
{
    if (jar != NULL) {
        orca_wipe(jar->mem, jar->used);
        jar->used = 0;
    }
}

void orca_cookie_jar_free(orca_cookie_jar *jar)
{
    orca_cookie_jar_clear(jar);
    if (jar != NULL) {
        orca_wipe(jar, sizeof *jar);
    }
}

size_t orca_cookie_jar_purge(orca_cookie_jar *jar, uint32_t now_ms)
{
    size_t off = 0, count = 0;
    jar_cookie c;
    while (jar != NULL && off < jar->used) {
        size_t size = cookie_at(jar, off, &c);
        if (is_expired(&c.e, now_ms)) {
            remove_at(jar, off, size);
            count++;
        } else {
            off += size;
        }
    }
    return count;
}

int orca_cookie_jar_store(orca_cookie_jar *jar, const char *set_cookie, size_t len,
                          const orca_cookie_origin *origin, const int64_t *response_date,
                          const orca_clock *clock)
{
    orca_set_cookie sc;
    jar_cookie c, old;
    size_t host_len, off, need;
    uint32_t now_ms;
    int rc, keep;
    if (jar == NULL || origin == NULL || origin->host == NULL || clock == NULL ||
        clock->now_ms == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    rc = orca_set_cookie_parse(set_cookie, len, &sc);
    if (rc != ORCA_OK) {
        return rc;
    }
    memset(&c, 0, sizeof c);
    c.e.flags = (uint8_t)(sc.flags &
                          (ORCA_COOKIE_SECURE | ORCA_COOKIE_HTTPONLY | ORCA_COOKIE_SAMESITE_MASK));
    host_len = strlen(origin->host);
    c.domain = cookie_scope(&c.e, &sc, origin->host, host_len);
    if (c.domain == NULL) {
        return ORCA_ERR_COOKIE_DOMAIN;
    }
    if ((sc.flags & ORCA_COOKIE_SECURE) != 0u && !origin->is_tls) {
        return ORCA_ERR_COOKIE_SECURE;
    }
    c.path = sc.path;
    need = sc.path_len;
    if (c.path == NULL) {
        c.path = origin->path != NULL ? origin->path : "/";
        need = default_path(&c.path);
    }
    if (sc.name_len + sc.value_len > ORCA_COOKIE_MAX_SIZE || need > MAX_PATH ||
        host_len > MAX_DOMAIN) {
        return ORCA_ERR_COOKIE_TOO_LARGE;
    }
    c.name = sc.name;
    c.value = sc.value;
    c.e.path_len = (uint16_t)need;
    c.e.name_len = (uint16_t)sc.name_len;
    c.e.value_len = (uint16_t)sc.value_len;
    need += sizeof c.e + sc.name_len + sc.value_len + c.e.domain_len;
    c.e.size = (uint16_t)need;
    if (need > jar->size) {
        return ORCA_ERR_COOKIE_TOO_LARGE;
    }
    now_ms = clock->now_ms(clock->ctx);
    keep = set_expiry(&c.e, &sc, response_date, clock, now_ms);
    orca_cookie_jar_purge(jar, now_ms); /* expired cookies go first */
    off = find_same(jar, &c, &old);
    c.e.seq = jar->next_seq;
    if (off < jar->used) {
        if (keep && need > jar->size - jar->used + old.e.size) {
            return ORCA_ERR_JAR_FULL; /* the old cookie stays as it was */
        }
        c.e.seq = old.e.seq; /* replacement keeps the creation order */
        remove_at(jar, off, old.e.size);
    } else if (keep && need > jar->size - jar->used) {
        return ORCA_ERR_JAR_FULL;
    } else {
        jar->next_seq += (uint32_t)keep;
    }
    if (keep) {
        append(jar, &c);
    }
    return ORCA_OK;
}

int orca_cookie_jar_header(orca_cookie_jar *jar, const orca_cookie_origin *origin, uint32_t now_ms,
                           char *buf, size_t size, size_t *out_len)
{
    const char *path;
    size_t host_len, path_len, off, best_off, len = 0;
    uint64_t last = 0, best;
    jar_cookie c;
    if (jar == NULL || origin == NULL || origin->host == NULL || buf == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    orca_cookie_jar_purge(jar, now_ms);
    host_len = strlen(origin->host);
    path = origin->path != NULL ? origin->path : "/";
    path_len = request_path_len(path);
    for (;;) { /* each round emits the next cookie in send order */
        best = UINT64_MAX;
        best_off = jar->used;
        for (off = 0; off < jar->used; off += c.e.size) {
            uint64_t key;
            cookie_at(jar, off, &c);
            key = send_order(&c.e);
            if (key > last && key < best && host_matches(&c, origin->host, host_len) &&
                path_match(path, path_len, c.path, c.e.path_len) &&
                ((c.e.flags & ORCA_COOKIE_SECURE) == 0u || origin->is_tls)) {
                best = key;
                best_off = off;
            }
        }
        if (best_off == jar->used) {
            break;
        }
        cookie_at(jar, best_off, &c);
        if (len + 2u + c.e.name_len + 1u + c.e.value_len + 1u > size) {
            if (size > 0u) {
                buf[0] = '\0';
            }
            return ORCA_ERR_BUFFER_TOO_SMALL;
        }
        if (len > 0u) {
            buf[len++] = ';';
            buf[len++] = ' ';
        }
        memcpy(buf + len, c.name, c.e.name_len);
        len += c.e.name_len;
        buf[len++] = '=';
        memcpy(buf + len, c.value, c.e.value_len);
        len += c.e.value_len;
        last = best;
    }
    if (size == 0u) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    buf[len] = '\0';
    if (out_len != NULL) {
        *out_len = len;
    }
    return ORCA_OK;
}

/* The first cookie called name for host in send order; jar->used if none. */
static size_t find_named(const orca_cookie_jar *jar, const char *host, const char *name,
                         jar_cookie *found)
{
    size_t host_len = strlen(host), name_len = strlen(name), off, best_off = jar->used;
    uint64_t best = UINT64_MAX;
    jar_cookie c;
    for (off = 0; off < jar->used; off += c.e.size) {
        cookie_at(jar, off, &c);
        if (c.e.name_len == name_len && memcmp(c.name, name, name_len) == 0 &&
            host_matches(&c, host, host_len) && send_order(&c.e) < best) {
            best = send_order(&c.e);
            best_off = off;
            *found = c;
        }
    }
    return best_off;
}

int orca_cookie_jar_find(const orca_cookie_jar *jar, const char *host, const char *name,
                         uint32_t now_ms, orca_cookie_info *info)
{
    jar_cookie c;
    if (jar == NULL || host == NULL || name == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (find_named(jar, host, name, &c) == jar->used) {
        return ORCA_ERR_NOT_FOUND;
    }
    if (info != NULL) {
        info->flags = c.e.flags & PUBLIC_FLAGS;
        info->value = c.value;
        info->value_len = c.e.value_len;
        info->remaining_ms = 0;
        info->expiry = (c.e.flags & EXPIRY_UNKNOWN) != 0u ? ORCA_COOKIE_EXPIRY_UNKNOWN
                       : (c.e.flags & HAS_DEADLINE) == 0u ? ORCA_COOKIE_EXPIRY_SESSION
                       : is_expired(&c.e, now_ms)         ? ORCA_COOKIE_EXPIRY_EXPIRED
                                                          : ORCA_COOKIE_EXPIRY_KNOWN;
        if (info->expiry == ORCA_COOKIE_EXPIRY_KNOWN) {
            info->remaining_ms = (uint32_t)orca_clock_remaining(now_ms, c.e.deadline);
        }
    }
    return ORCA_OK;
}

int orca_cookie_jar_delete(orca_cookie_jar *jar, const char *host, const char *name)
{
    jar_cookie c;
    size_t off;
    int rc = ORCA_ERR_NOT_FOUND;
    if (jar == NULL || host == NULL || name == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    while ((off = find_named(jar, host, name, &c)) < jar->used) {
        remove_at(jar, off, c.e.size);
        rc = ORCA_OK;
    }
    return rc;
}
