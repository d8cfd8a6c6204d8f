/* libFuzzer harness of the cookie jar as a whole (issue 14): the input is a
 * program of operations on one jar (stores of generated Set-Cookie values,
 * stores of raw bytes, deletes, finds, header writes, clock jumps) run
 * against both the jar and the plain model of RFC 6265 in cookie_model.h
 * (a list of cookies, no arena). After every operation:
 *  - the arena never corrupts: the guard bytes around it are intact, used
 *    never exceeds size, every byte past used is zero (freed bytes wiped);
 *  - the Cookie header (of two of the eight origins in turn, of all eight
 *    at the end, and of a small buffer when the input asks) equals the
 *    model's: exactly the live
 *    cookies that domain- and path-match (Secure only over TLS), longer paths
 *    first, then earlier creation (a replacement keeps its place), so an
 *    expired cookie is never sent and the order is RFC 6265 5.4;
 *  - find and delete agree with the model (value, flags, expiry, time left).
 * The jar's public-suffix check is one of three (the input's second byte):
 * a list of single labels, one where example.com is a public suffix too (as
 * co.uk is), or none (a device without a list: a Domain must be the host).
 * Raw stores get a "zz" name prefix: the model does not know what they hold
 * (their attributes are fuzzed bytes), so the header check leaves their pairs
 * out; they still share (and can fill) the arena. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cookie_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STEPS 32 /* operations per input: keeps each run short */
#define GUARD 32
#define ARENA_MAX 1536
#define HEADER_MAX 4096

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
    {"www.example.com", ORCA_SPAN_LITERAL("/a/b/c?x=/y"), 1},
    {"www.example.com", ORCA_SPAN_LITERAL("/"), 0},
    {"api.example.com", ORCA_SPAN_LITERAL("/a"), 1},
    {"example.com", ORCA_SPAN_LITERAL("/ab"), 1},
    {"a.www.example.com", ORCA_SPAN_LITERAL("/a/"), 0},
    {"WWW.Example.COM", {NULL, 0}, 1},
    {"10.0.0.1", ORCA_SPAN_LITERAL("x/y"), 1},
    {"other.org", ORCA_SPAN_LITERAL("/a/b#frag"), 1},
};
#define ORIGINS (sizeof origins / sizeof origins[0])
static const char *const cookie_names[] = {"a", "b", "nimbula", "A"};
/* Domain attribute values ("" ignored, "." means no domain either). */
static const char *const domains[] = {
    "",  "example.com",     ".example.com", "www.example.com", "EXAMPLE.com", "com",
    ".", "api.example.com", "0.0.1",        "10.0.0.1",        "other.org",   "org"};
static const char *const paths[] = {"/", "/a", "/a/b", "/a/", "/ab", "a", "/a/b/c"};
static const char value_chars[] = "abcXYZ019 \"\\,=!{}:";

/* ---- the model ---- */

typedef struct world {
    cookie_model m;
    struct {
        unsigned char before[GUARD];
        char mem[ARENA_MAX];
        unsigned char after[GUARD];
    } arena;
    orca_cookie_jar jar;
} world;

static world w;

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return w.m.now;
}

static int unix_s(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = model_wall_now(&w.m);
    return w.m.wall_known ? ORCA_OK : ORCA_ERR_UNSUPPORTED;
}

static const orca_clock clock_hooks = {now_ms, unix_s, NULL, NULL, NULL};

/* The public-suffix lists the jar's check may know (model_public_suffix()). */
static const char *const single_labels[] = {"com", "org", NULL};
static const char *const with_example[] = {"com", "org", "example.com", NULL};

/* The jar's check: the model's list, on a copy of the name. */
static int public_suffix(void *ctx, const char *domain, size_t len)
{
    char name[64];
    (void)ctx;
    if (len == 0u || len >= sizeof name) {
        abort(); /* the jar asks only about Domain values of the vocabulary */
    }
    memcpy(name, domain, len);
    name[len] = '\0';
    return model_public_suffix(&w.m, name);
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
    int rc = orca_cookie_jar_header(&w.jar, o, w.m.now, got, size, &len);
    size_t want_len;
    model_purge(&w.m); /* the header call drops the expired cookies first */
    want_len = model_header(&w.m, o, want, sizeof want);
    if (rc == ORCA_ERR_BUFFER_TOO_SMALL) {
        if (got[0] != '\0' || size == HEADER_MAX) {
            abort(); /* the whole arena always fits HEADER_MAX */
        }
        if (orca_cookie_jar_header(&w.jar, o, w.m.now, got, HEADER_MAX, &len) != ORCA_OK ||
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
    snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT", wd[days % 7], (int)d, mon[m - 1],
             (int)y, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Appends Max-Age and Expires attributes chosen by the input. */
static size_t write_lifetime(input *in, char *s, size_t n, size_t size, model_lifetime *lt,
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

static void op_store(input *in)
{
    const orca_cookie_origin *o = &origins[next_byte(in) % ORIGINS];
    unsigned attrs = next_byte(in), vlen = next_byte(in) % 64u;
    const char *domain = domains[next_byte(in) % (sizeof domains / sizeof domains[0])];
    const char *path = attrs & 1u ? paths[next_byte(in) % (sizeof paths / sizeof paths[0])] : NULL;
    int64_t date_value = model_wall_now(&w.m) + ((int64_t)next_byte(in) - 128) * 13;
    const int64_t *date = attrs & 2u ? &date_value : NULL;
    model_cookie c;
    model_lifetime lt;
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
    n = write_lifetime(in, s, n, sizeof s, &lt, date != NULL ? *date : model_wall_now(&w.m));
    want = model_expect_store(&w.m, &c, o, domain, path, &lt, date, &keep);
    int rc = orca_cookie_jar_store(&w.jar, s, n, o, date, &clock_hooks);
    model_purge(&w.m); /* a store evicts expired cookies (also when it fails) */
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
        model_store(&w.m, &c, keep);
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
    model_purge(&w.m);
}

static void op_delete(input *in)
{
    const char *host = origins[next_byte(in) % ORIGINS].host;
    const char *name = cookie_names[next_byte(in) % 4u];
    int deleted = 0;
    for (size_t i = 0; i < w.m.count;) {
        if (strcmp(w.m.c[i].name, name) == 0 && model_matches(&w.m.c[i], host, NULL, 0)) {
            model_remove(&w.m, i);
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
    size_t i = model_first(&w.m, host, name);
    orca_cookie_info info;
    int rc = orca_cookie_jar_find(&w.jar, host, name, w.m.now, &info);
    if (i == w.m.count) {
        if (rc != ORCA_ERR_NOT_FOUND) {
            abort();
        }
        return;
    }
    const model_cookie *c = &w.m.c[i];
    if (rc != ORCA_OK || info.expiry != c->expiry || info.flags != c->flags ||
        info.value_len != strlen(c->value) || memcmp(info.value, c->value, info.value_len) != 0 ||
        info.remaining_ms != (c->expiry == ORCA_COOKIE_EXPIRY_KNOWN
                                  ? (uint32_t)orca_clock_remaining(w.m.now, c->deadline)
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
    if ((b & 3u) == 2u && w.m.count > 0u) {
        /* to a deadline, a tick before or a tick after: the boundary */
        const model_cookie *c = &w.m.c[(b >> 2) % w.m.count];
        int64_t left =
            (int64_t)orca_clock_remaining(w.m.now, c->deadline) + (b >> 6 & 1u) - (b >> 7);
        if (c->expiry == ORCA_COOKIE_EXPIRY_KNOWN && left > 0 && left < 0x40000000) {
            w.m.now += (uint32_t)left;
        }
    } else if (b & 1u) {
        w.m.now += next_u32(in) & 0x3FFFFFFFu;
    } else {
        w.m.now += (uint32_t)(b >> 1) * 1000u;
    }
    if (b == 0u) {
        w.m.wall_known = !w.m.wall_known;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, data + size};
    size_t arena_size = 128u + (size_t)next_byte(&in) * 5u;
    memset(&w, 0, sizeof w);
    memset(w.arena.before, 0xA5, GUARD);
    memset(w.arena.after, 0xA5, GUARD);
    w.m.now = next_u32(&in);
    unsigned b = next_byte(&in);
    w.m.wall_known = (int)(b & 1u);
    /* bits 1-7: the list; 0 (the older inputs) keeps single labels only */
    switch ((b >> 1) % 3u) {
    case 0: w.m.suffixes = single_labels; break;
    case 1: w.m.suffixes = with_example; break;
    default: w.m.suffixes = NULL; break;
    }
    if (orca_cookie_jar_init(&w.jar, w.arena.mem, arena_size) != ORCA_OK ||
        orca_cookie_jar_set_public_suffix(&w.jar, w.m.suffixes != NULL ? public_suffix : NULL,
                                          NULL) != ORCA_OK) {
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
        if (w.arena.mem[i] != '\0') {
            abort(); /* free wipes every cookie */
        }
    }
    return 0;
}
