/* libFuzzer harness of the cookie jar as a whole (issue 14): the input is a
 * program of operations on one jar (stores of generated Set-Cookie values,
 * stores of raw bytes, deletes, finds, header writes, clock jumps) run
 * against both the jar and a plain model of RFC 6265 5.3/5.4 kept here
 * (a list of cookies, no arena). After every operation:
 *  - the arena never corrupts: the guard bytes around it are intact, used
 *    never exceeds size, every byte past used is zero (freed bytes wiped);
 *  - the Cookie header of every origin equals the model's: exactly the live
 *    cookies that domain- and path-match (Secure only over TLS), longer paths
 *    first, then earlier creation (a replacement keeps its place), so an
 *    expired cookie is never sent and the order is RFC 6265 5.4;
 *  - find and delete agree with the model (value, flags, expiry, time left).
 * Raw stores get a "zz" name prefix: the model does not know what they hold
 * (their attributes are fuzzed bytes), so the header check leaves their pairs
 * out; they still share (and can fill) the arena. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MODEL_MAX 128
#define MAX_STEPS 32 /* operations per input: keeps each run short */
#define GUARD 32
#define ARENA_MAX 1536
#define HEADER_MAX 4096
#define BASE_WALL 1800000000 /* 2027-01-15: after ORCA_COOKIE_PAST_BEFORE_S */

/* ---- input ---- */

typedef struct input {
    const uint8_t *p, *end;
} input;

static unsigned next_byte(input *in)
{
    return in->p < in->end ? *in->p++ : 0u;
}

static uint32_t next_u32(input *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v = v << 8 | next_byte(in);
    }
    return v;
}

/* ---- fixed vocabulary ---- */

static const orca_cookie_origin origins[] = {
    {"www.example.com", "/a/b/c?x=/y", 1}, {"www.example.com", "/", 0},
    {"api.example.com", "/a", 1},          {"example.com", "/ab", 1},
    {"a.www.example.com", "/a/", 0},       {"WWW.Example.COM", NULL, 1},
    {"10.0.0.1", "x/y", 1},                {"other.org", "/a/b#frag", 1},
};
#define ORIGINS (sizeof origins / sizeof origins[0])
static const char *const cookie_names[] = {"a", "b", "nimbula", "A"};
/* Domain attribute values ("" ignored, "." means no domain either). */
static const char *const domains[] = {"",           "example.com",   ".example.com",
                                      "www.example.com", "EXAMPLE.com", "com",
                                      ".",          "api.example.com", "0.0.1",
                                      "10.0.0.1",   "other.org",     "org"};
static const char *const paths[] = {"/", "/a", "/a/b", "/a/", "/ab", "a", "/a/b/c"};
static const char value_chars[] = "abcXYZ019 \"\\,=!{}:";

/* ---- the model ---- */

typedef struct model_cookie {
    char name[16];
    char value[80];
    char domain[32]; /* as stored: the Domain attribute, or the request host */
    char path[32];
    unsigned flags;  /* ORCA_COOKIE_* */
    orca_cookie_expiry expiry;
    uint32_t deadline;
    unsigned long seq; /* creation order */
} model_cookie;

typedef struct world {
    model_cookie c[MODEL_MAX];
    size_t count;
    unsigned long seq;
    uint32_t now;
    int wall_known;
    struct {
        unsigned char before[GUARD], mem[ARENA_MAX], after[GUARD];
    } arena;
    orca_cookie_jar jar;
} world;

static world w;

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return w.now;
}

/* The wall clock moves with the tick (seconds), when it is known. */
static int64_t wall_now(void)
{
    return BASE_WALL + (int64_t)(w.now / 1000u);
}

static int unix_s(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = wall_now();
    return w.wall_known ? ORCA_OK : ORCA_ERR_UNSUPPORTED;
}

static const orca_clock clock_hooks = {now_ms, unix_s, NULL, NULL, NULL};

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int ieq(const char *a, const char *b)
{
    while (*a != '\0' && lower(*a) == lower(*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

/* RFC 6265 5.1.3; exact: host-only. */
static int model_domain_match(const char *host, const char *domain, int exact)
{
    size_t h = strlen(host), d = strlen(domain);
    char last;
    if (ieq(host, domain)) {
        return 1;
    }
    if (exact || h <= d || !ieq(host + h - d, domain) || host[h - d - 1u] != '.') {
        return 0;
    }
    last = host[h - 1u];
    return !(last >= '0' && last <= '9') && last != ']';
}

/* The request path without query or fragment ("/" unless absolute). */
static size_t model_request_path(const char *path, char *out)
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
static void model_default_path(const char *path, char *out)
{
    size_t n = model_request_path(path, out), slash = 0;
    for (size_t i = 0; i < n; i++) {
        slash = out[i] == '/' ? i : slash;
    }
    out[slash == 0u ? 1u : slash] = '\0';
}

/* RFC 6265 5.1.4 path-match. */
static int model_path_match(const char *req, const char *path)
{
    size_t r = strlen(req), n = strlen(path);
    return r >= n && memcmp(req, path, n) == 0 &&
           (r == n || path[n - 1u] == '/' || req[n] == '/');
}

static int model_expired(const model_cookie *c)
{
    return c->expiry == ORCA_COOKIE_EXPIRY_KNOWN && orca_clock_remaining(w.now, c->deadline) <= 0;
}

static void model_remove(size_t i)
{
    memmove(&w.c[i], &w.c[i + 1u], (w.count - i - 1u) * sizeof w.c[0]);
    w.count--;
}

static void model_purge(void)
{
    for (size_t i = 0; i < w.count;) {
        if (model_expired(&w.c[i])) {
            model_remove(i);
        } else {
            i++;
        }
    }
}

/* Index of the cookie with the key of c, or w.count. */
static size_t model_find_key(const model_cookie *c)
{
    for (size_t i = 0; i < w.count; i++) {
        if (strcmp(w.c[i].name, c->name) == 0 && ieq(w.c[i].domain, c->domain) &&
            strcmp(w.c[i].path, c->path) == 0) {
            return i;
        }
    }
    return w.count;
}

/* Does stored cookie c go to (or, with path NULL, belong to) host? */
static int model_matches(const model_cookie *c, const char *host, const char *path, int is_tls)
{
    if (!model_domain_match(host, c->domain, (c->flags & ORCA_COOKIE_HOST_ONLY) != 0u)) {
        return 0;
    }
    return path == NULL ||
           (model_path_match(path, c->path) && ((c->flags & ORCA_COOKIE_SECURE) == 0u || is_tls));
}

/* Cookie header order: longer paths first, then earlier creation. */
static int model_before(const model_cookie *a, const model_cookie *b)
{
    size_t la = strlen(a->path), lb = strlen(b->path);
    return la != lb ? la > lb : a->seq < b->seq;
}

/* Index of the cookie that goes first among those called name for host. */
static size_t model_first(const char *host, const char *name)
{
    size_t best = w.count;
    for (size_t i = 0; i < w.count; i++) {
        if (strcmp(w.c[i].name, name) == 0 && model_matches(&w.c[i], host, NULL, 0) &&
            (best == w.count || model_before(&w.c[i], &w.c[best]))) {
            best = i;
        }
    }
    return best;
}

/* Writes the expected Cookie header for origin o; returns its length. */
static size_t model_header(const orca_cookie_origin *o, char *out, size_t size)
{
    char req[64];
    int used[MODEL_MAX] = {0};
    size_t len = 0;
    model_request_path(o->path, req);
    out[0] = '\0';
    for (;;) {
        size_t best = w.count;
        for (size_t i = 0; i < w.count; i++) {
            if (!used[i] && model_matches(&w.c[i], o->host, req, o->is_tls) &&
                (best == w.count || model_before(&w.c[i], &w.c[best]))) {
                best = i;
            }
        }
        if (best == w.count) {
            return len;
        }
        used[best] = 1;
        len += (size_t)snprintf(out + len, size - len, "%s%s=%s", len > 0u ? "; " : "",
                                w.c[best].name, w.c[best].value);
    }
}

/* ---- checks ---- */

static void check_arena(void)
{
    static const unsigned char zeroes[ARENA_MAX];
    static unsigned char guard[GUARD];
    const orca_cookie_jar *jar = &w.jar;
    memset(guard, 0xA5, sizeof guard);
    if (jar->mem != w.arena.mem || jar->used > jar->size) {
        abort();
    }
    if (memcmp(w.arena.before, guard, GUARD) != 0 || memcmp(w.arena.after, guard, GUARD) != 0) {
        abort(); /* written outside the arena */
    }
    if (memcmp(jar->mem + jar->used, zeroes, jar->size - jar->used) != 0) {
        abort(); /* freed bytes not wiped */
    }
}

/* The header without the pairs of raw cookies (names "zz..."); a value holds
 * no ';', so the pairs split there. */
static size_t strip_raw(const char *in, size_t len, char *out)
{
    size_t o = 0, i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && in[j] != ';') {
            j++;
        }
        if (!(j - i >= 2u && in[i] == 'z' && in[i + 1u] == 'z')) {
            if (o > 0u) {
                out[o++] = ';';
                out[o++] = ' ';
            }
            memcpy(out + o, in + i, j - i);
            o += j - i;
        }
        i = j + 2u; /* past "; " */
    }
    out[o] = '\0';
    return o;
}

static void check_header(const orca_cookie_origin *o, size_t size)
{
    static char got[HEADER_MAX], kept[HEADER_MAX], want[HEADER_MAX];
    size_t len = 12345u;
    int rc = orca_cookie_jar_header(&w.jar, o, w.now, got, size, &len);
    size_t want_len;
    model_purge(); /* the header call drops the expired cookies first */
    want_len = model_header(o, want, sizeof want);
    if (rc == ORCA_ERR_BUFFER_TOO_SMALL) {
        if (got[0] != '\0' || size == HEADER_MAX) {
            abort(); /* the whole arena always fits HEADER_MAX */
        }
        if (orca_cookie_jar_header(&w.jar, o, w.now, got, HEADER_MAX, &len) != ORCA_OK ||
            len + 1u <= size) {
            abort(); /* it did fit */
        }
        return;
    }
    if (rc != ORCA_OK || len >= size || got[len] != '\0' || strlen(got) != len) {
        abort();
    }
    if (strip_raw(got, len, kept) != want_len || strcmp(kept, want) != 0) {
        abort(); /* a cookie sent that should not be, missing, or out of order */
    }
    if (want_len + 1u > size) {
        abort(); /* the model's part alone does not fit, yet it claims it did */
    }
}

/* After step (or at the end, with step -1: every origin), the headers of two
 * origins in turn (each is a full pass over the jar and the model). */
static void check_all(int step)
{
    check_arena();
    for (size_t i = 0; i < ORIGINS; i++) {
        if (step < 0 || i / 2u == (size_t)step % (ORIGINS / 2u)) {
            check_header(&origins[i], HEADER_MAX);
        }
    }
    check_arena();
}

/* ---- operations ---- */

/* Formats epoch seconds t as an IMF-fixdate. */
static void format_date(int64_t t, char *out, size_t size)
{
    static const char *const wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t days = t / 86400, secs = t % 86400;
    int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT", wd[days % 7], (int)d,
             mon[m - 1], (int)y, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* What a generated Set-Cookie says about its lifetime. */
typedef struct lifetime {
    int has_max_age;
    int64_t max_age; /* seconds, as written */
    int has_expires;
    int64_t expires; /* epoch seconds */
} lifetime;

/* Appends Max-Age and Expires attributes chosen by the input. */
static size_t write_lifetime(input *in, char *s, size_t n, size_t size, lifetime *lt,
                             int64_t ref)
{
    unsigned b = next_byte(in);
    static const int64_t ages[] = {0, -5, 1, 30, 600, 86400, 4000000, 99999999999};
    char date[40];
    memset(lt, 0, sizeof *lt);
    if (b & 1u) {
        lt->has_max_age = 1;
        lt->max_age = b & 2u ? ages[(b >> 2) & 7u] : (int64_t)next_byte(in) * 7;
        n += (size_t)snprintf(s + n, size - n, "; %s=%lld", b & 0x20u ? "max-age" : "Max-Age",
                              (long long)lt->max_age);
        if (b & 0x40u) {
            n += (size_t)snprintf(s + n, size - n, "; Max-Age=1x"); /* invalid: ignored */
        }
    }
    if (b & 0x80u) {
        unsigned e = next_byte(in);
        lt->has_expires = 1;
        /* relative to the reference, or a 1970 date (always in the past) */
        lt->expires = e == 0u ? 784111777 : ref + ((int64_t)e - 128) * 97;
        format_date(lt->expires, date, sizeof date);
        n += (size_t)snprintf(s + n, size - n, "; Expires=%s", date);
    }
    return n;
}

/* The expected outcome of a generated store: what the jar says (rc) and
 * whether the cookie is stored (1) or deleted (0). */
static int expect_store(model_cookie *c, const orca_cookie_origin *o, const char *domain,
                        const char *path, const lifetime *lt, const int64_t *date, int *keep)
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
        if (strchr(d, '.') != NULL) {
            snprintf(c->domain, sizeof c->domain, "%s", d);
            c->flags &= ~ORCA_COOKIE_HOST_ONLY;
        } else if (strlen(d) != strlen(o->host)) {
            return ORCA_ERR_COOKIE_DOMAIN; /* a public suffix */
        }
    }
    if (path != NULL && path[0] == '/') {
        snprintf(c->path, sizeof c->path, "%s", path);
    } else {
        model_default_path(o->path, c->path);
    }
    c->expiry = ORCA_COOKIE_EXPIRY_SESSION;
    *keep = 1;
    if (!lt->has_max_age && !lt->has_expires) {
        return ORCA_OK;
    }
    if (lt->has_max_age) {
        left = lt->max_age;
    } else if (date != NULL || w.wall_known) {
        left = lt->expires - (date != NULL ? *date : wall_now());
    } else {
        c->expiry = ORCA_COOKIE_EXPIRY_UNKNOWN;
        *keep = lt->expires >= ORCA_COOKIE_PAST_BEFORE_S;
        return ORCA_OK;
    }
    c->expiry = ORCA_COOKIE_EXPIRY_KNOWN;
    c->deadline = w.now + (left >= 2147483 ? ORCA_CLOCK_MAX_INTERVAL_MS : (uint32_t)left * 1000u);
    *keep = left > 0;
    return ORCA_OK;
}

/* Applies a successful store to the model. */
static void model_store(const model_cookie *c, int keep)
{
    size_t i = model_find_key(c);
    if (i < w.count) {
        unsigned long seq = w.c[i].seq;
        if (keep) {
            w.c[i] = *c;
            w.c[i].seq = seq; /* a replacement keeps the creation order */
        } else {
            model_remove(i);
        }
    } else if (keep && w.count < MODEL_MAX) {
        w.c[w.count] = *c;
        w.c[w.count++].seq = w.seq++;
    } else if (keep) {
        abort(); /* cannot happen: the arena holds fewer than MODEL_MAX cookies */
    }
}

static void op_store(input *in)
{
    const orca_cookie_origin *o = &origins[next_byte(in) % ORIGINS];
    unsigned attrs = next_byte(in), vlen = next_byte(in) % 64u;
    const char *domain = domains[next_byte(in) % (sizeof domains / sizeof domains[0])];
    const char *path = attrs & 1u ? paths[next_byte(in) % (sizeof paths / sizeof paths[0])] : NULL;
    int64_t date_value = wall_now() + ((int64_t)next_byte(in) - 128) * 13;
    const int64_t *date = attrs & 2u ? &date_value : NULL;
    model_cookie c;
    lifetime lt;
    char s[512];
    size_t n;
    int keep = 0, want;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "%s", cookie_names[(attrs >> 2) & 3u]);
    for (unsigned i = 0; i < vlen; i++) {
        c.value[i] = value_chars[next_byte(in) % (sizeof value_chars - 1u)];
    }
    /* the jar trims spaces around the value: none at its ends */
    while (vlen > 0u && c.value[vlen - 1u] == ' ') {
        c.value[--vlen] = '\0';
    }
    if (c.value[0] == ' ') {
        c.value[0] = 'x';
    }
    n = (size_t)snprintf(s, sizeof s, "%s%s=%s", attrs & 0x10u ? " " : "", c.name, c.value);
    if (domain[0] != '\0') {
        n += (size_t)snprintf(s + n, sizeof s - n, "; Domain=%s", domain);
    }
    if (path != NULL) {
        n += (size_t)snprintf(s + n, sizeof s - n, ";path=%s", path);
    }
    if (attrs & 0x20u) {
        c.flags |= ORCA_COOKIE_SECURE;
        n += (size_t)snprintf(s + n, sizeof s - n, "; Secure");
    }
    if (attrs & 0x40u) {
        c.flags |= ORCA_COOKIE_HTTPONLY;
        n += (size_t)snprintf(s + n, sizeof s - n, "; HttpOnly");
    }
    if (attrs & 0x80u) {
        c.flags |= ORCA_COOKIE_SAMESITE_LAX;
        n += (size_t)snprintf(s + n, sizeof s - n, "; SameSite=lax");
    }
    n = write_lifetime(in, s, n, sizeof s, &lt, date != NULL ? *date : wall_now());
    want = expect_store(&c, o, domain, path, &lt, date, &keep);
    int rc = orca_cookie_jar_store(&w.jar, s, n, o, date, &clock_hooks);
    model_purge(); /* a store evicts expired cookies (also when it fails) */
    if (rc == ORCA_ERR_JAR_FULL && want == ORCA_OK && keep) {
        /* no room (the jar is left as it was): only when the free bytes are
         * fewer than the record's (its parts, their 4 end marks, a header of
         * at most 16 bytes) */
        size_t record = strlen(c.name) + strlen(c.value) + strlen(c.domain) + strlen(c.path) + 20u;
        if (w.jar.size - w.jar.used >= record) {
            abort();
        }
        return;
    }
    if (rc != want) {
        abort();
    }
    if (rc == ORCA_OK) {
        model_store(&c, keep);
    }
}

static void op_store_raw(input *in)
{
    const orca_cookie_origin *o = &origins[next_byte(in) % ORIGINS];
    unsigned len = next_byte(in);
    char s[2 + 255];
    size_t n = 2;
    s[0] = s[1] = 'z';
    while (n < 2u + len && in->p < in->end) {
        s[n++] = (char)*in->p++;
    }
    int rc = orca_cookie_jar_store(&w.jar, s, n, o, NULL, &clock_hooks);
    if (rc != ORCA_OK && rc != ORCA_ERR_BAD_COOKIE && rc != ORCA_ERR_COOKIE_DOMAIN &&
        rc != ORCA_ERR_COOKIE_SECURE && rc != ORCA_ERR_JAR_FULL &&
        rc != ORCA_ERR_COOKIE_TOO_LARGE) {
        abort();
    }
    model_purge();
}

static void op_delete(input *in)
{
    const char *host = origins[next_byte(in) % ORIGINS].host;
    const char *name = cookie_names[next_byte(in) % 4u];
    int deleted = 0;
    for (size_t i = 0; i < w.count;) {
        if (strcmp(w.c[i].name, name) == 0 && model_matches(&w.c[i], host, NULL, 0)) {
            model_remove(i);
            deleted = 1;
        } else {
            i++;
        }
    }
    if (orca_cookie_jar_delete(&w.jar, host, name) != (deleted ? ORCA_OK : ORCA_ERR_NOT_FOUND)) {
        abort();
    }
}

static void op_find(input *in)
{
    const char *host = origins[next_byte(in) % ORIGINS].host;
    const char *name = cookie_names[next_byte(in) % 4u];
    size_t i = model_first(host, name);
    orca_cookie_info info;
    int rc = orca_cookie_jar_find(&w.jar, host, name, w.now, &info);
    if (i == w.count) {
        if (rc != ORCA_ERR_NOT_FOUND) {
            abort();
        }
        return;
    }
    const model_cookie *c = &w.c[i];
    if (rc != ORCA_OK || info.expiry != c->expiry || info.flags != c->flags ||
        info.value_len != strlen(c->value) || memcmp(info.value, c->value, info.value_len) != 0 ||
        info.remaining_ms != (c->expiry == ORCA_COOKIE_EXPIRY_KNOWN
                                  ? (uint32_t)orca_clock_remaining(w.now, c->deadline)
                                  : 0u)) {
        abort();
    }
}

/* A header into a buffer of a size chosen by the input. */
static void op_small_header(input *in)
{
    check_header(&origins[next_byte(in) % ORIGINS], 1u + next_byte(in));
}

/* Moves the tick forward: small steps, or up to 2^30 ms (under the
 * ORCA_CLOCK_MAX_INTERVAL_MS the jar can tell apart, as every step is
 * followed by jar calls that drop what expired). */
static void op_clock(input *in)
{
    unsigned b = next_byte(in);
    if ((b & 3u) == 2u && w.count > 0u) {
        /* to a deadline, a tick before or a tick after: the boundary */
        const model_cookie *c = &w.c[(b >> 2) % w.count];
        int64_t left = (int64_t)orca_clock_remaining(w.now, c->deadline) + (b >> 6 & 1u) -
                       (b >> 7);
        if (c->expiry == ORCA_COOKIE_EXPIRY_KNOWN && left > 0 && left < 0x40000000) {
            w.now += (uint32_t)left;
        }
    } else if (b & 1u) {
        w.now += next_u32(in) & 0x3FFFFFFFu;
    } else {
        w.now += (uint32_t)(b >> 1) * 1000u;
    }
    if (b == 0u) {
        w.wall_known = !w.wall_known;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, data + size};
    size_t arena_size = 128u + (size_t)next_byte(&in) * 5u;
    memset(&w, 0, sizeof w);
    memset(w.arena.before, 0xA5, GUARD);
    memset(w.arena.after, 0xA5, GUARD);
    w.now = next_u32(&in);
    w.wall_known = (int)(next_byte(&in) & 1u);
    if (orca_cookie_jar_init(&w.jar, w.arena.mem, arena_size) != ORCA_OK) {
        abort();
    }
    for (int step = 0; step < MAX_STEPS && in.p < in.end; step++) {
        switch (next_byte(&in) % 8u) {
        case 0:
        case 1:
        case 2: op_store(&in); break;
        case 3: op_store_raw(&in); break;
        case 4: op_delete(&in); break;
        case 5: op_find(&in); break;
        case 6: op_small_header(&in); break;
        default: op_clock(&in); break;
        }
        check_all(step);
    }
    check_all(-1);
    orca_cookie_jar_free(&w.jar);
    for (size_t i = 0; i < arena_size; i++) {
        if (w.arena.mem[i] != 0u) {
            abort(); /* free wipes every cookie */
        }
    }
    return 0;
}
