/* The cookie jar (RFC 6265 sections 5.2 to 5.4) in a caller arena: a
 * Set-Cookie value is parsed straight into the cookie to store (views into
 * the value, nothing copied until it goes into the arena).
 *
 * Cookies are packed one after the other from the start of the arena: a
 * header (copied in and out with memcpy, so the arena needs no alignment)
 * followed by "name=value", NUL, domain, NUL, path, NUL. No part can hold its
 * end mark (a name has no '=', the parser refuses NUL, hosts and paths are C
 * strings), so the record needs no lengths, and "name=value" is ready to send.
 *
 * They are kept in the order of the Cookie header (longer paths first, then
 * earlier creation): a new cookie goes after those with a path as long as its
 * own, a replacement takes the old one's place. So the order needs neither a
 * clock nor a counter, and the header is one pass. Deleting moves the later
 * cookies down and wipes the freed tail, so nothing secret stays behind. */
#include <stddef.h>
#include <string.h>

#include "http_chars.h"
#include "text_out.h"
#include "orca/cookie.h"
#include "orca/date.h"
#include "orca/wipe.h"

#if ORCA_WITH_COOKIES

#define PUBLIC_FLAGS 0x1Fu /* ORCA_COOKIE_SECURE .. ORCA_COOKIE_SAMESITE_MASK */

enum { NAME, VALUE, DOMAIN, PATH, PARTS }; /* the byte strings of a cookie, in arena order */

typedef struct jar_entry {
    uint32_t deadline; /* now_ms tick at which it expires (expiry KNOWN) */
    uint8_t flags;     /* ORCA_COOKIE_SECURE .. _SAMESITE_MASK */
    uint8_t expiry;    /* orca_cookie_expiry, never EXPIRED */
} jar_entry;

/* The arena copy of a jar_entry: its members without the padding after
 * them. Summed from their types (ACSL, for Frama-C, has no offsetof); the
 * array below has a negative size if that is not where expiry ends. */
#define ENTRY_SIZE (sizeof(uint32_t) + 2u)
typedef char entry_size_check[offsetof(jar_entry, expiry) + 1u == ENTRY_SIZE ? 1 : -1];

/* The byte that ends each part in the arena: '=' after the name, else NUL. */
#define PART_END(i) ((i) == NAME ? '=' : '\0')

/* A cookie: its header, its parts (in the arena, or for a new cookie in the
 * Set-Cookie value and the request) and their lengths, and its size in the
 * arena. A lookup is one too: DOMAIN is the request host, a NULL NAME means
 * any name and a NULL PATH any path (next_match's is_tls says whether a
 * Secure one may match: the lookups of any path pass 1). */
typedef struct jar_cookie {
    jar_entry e;
    const char *part[PARTS];
    size_t len[PARTS];
    size_t size;
} jar_cookie;

/* For Frama-C WP (tests/proofs): the views the contracts below speak of. */
/*@ predicate readable_part(jar_cookie *c, integer i) =
        \valid_read(c->part[i] + (0 .. c->len[i] - 1));
    predicate readable_path(orca_cookie_origin *origin) =
        origin->path.ptr != \null ==>
        \valid_read(origin->path.ptr + (0 .. origin->path.len - 1));
    predicate readable_arena(orca_cookie_jar *jar) =
        jar->used <= PTRDIFF_MAX && \valid_read(jar->mem + (0 .. jar->used - 1));
    predicate readable_name_value(jar_cookie *c) =
        \let span = c->part[VALUE] + c->len[VALUE] - c->part[NAME];
        0 <= span <= SIZE_MAX && \valid_read(c->part[NAME] + (0 .. span - 1));
    // the bytes of c's parts before part i, with their end marks
    logic integer parts_size(jar_cookie *c, integer i) =
        (i > NAME ? c->len[NAME] + 1 : 0) + (i > VALUE ? c->len[VALUE] + 1 : 0) +
        (i > DOMAIN ? c->len[DOMAIN] + 1 : 0) + (i > PATH ? c->len[PATH] + 1 : 0);
    predicate sized(jar_cookie *c) = c->size == ENTRY_SIZE + parts_size(c, PARTS) &&
        \forall integer i; NAME <= i < PARTS ==> 0 <= c->len[i];
 */

/* Reads the header at index at of the arena m into e: its bytes below used,
 * zeroes past it. Apart from cookie_at, so that Frama-C WP (tests/proofs)
 * goes by its contract: a struct written byte by byte is a cast its memory
 * model does not follow (From checks the assigns). */
/*@ requires \valid(e);
    assigns *e;
 */
static void entry_at(const char *m, size_t at, size_t used, jar_entry *e)
{
    unsigned char *header = (unsigned char *)e;
    size_t n;
    for (n = 0; n < ENTRY_SIZE; n++, at++) {
        header[n] = at < used ? (unsigned char)m[at] : 0u;
    }
}

/* Reads the cookie at offset off (below jar->used). Every byte is read at an
 * index compared with jar->used, so a damaged arena (a record cut by used)
 * is read no further than used: Frama-C EVA (tests/proofs) bounds each read
 * by used <= size, which splice keeps. A cut header reads as zeroes. */
/*@ requires \valid_read(jar) && \valid(c) && \separated(c, jar);
    requires readable_arena(jar);
    assigns *c;
    ensures \forall integer i; NAME <= i < PARTS ==> readable_part(c, i);
    ensures readable_name_value(c);
    ensures off < jar->used ==> off < off + c->size <= jar->used;
 */
static void cookie_at(const orca_cookie_jar *jar, size_t off, jar_cookie *c)
{
    const char *m = jar->mem;
    size_t used = jar->used, at = off + ENTRY_SIZE, n;
    int i;
    entry_at(m, off, used, &c->e);
    if (at > used) { /* a cut header: every part empty, at used */
        at = used;
    }
    /* lengths counted, not pointers subtracted: Frama-C EVA keeps them bounded */
    /*@ ghost size_t first = at; size_t start[PARTS]; */ /* for WP: where each part starts */
    /*@ loop invariant NAME <= i <= PARTS && first <= at <= used;
        loop invariant \forall integer j; NAME <= j < i ==> readable_part(c, j);
        loop invariant \forall integer j; NAME <= j < i ==>
                       c->part[j] == m + start[j] && start[j] + c->len[j] <= at;
        loop invariant i == NAME ? at == first : start[NAME] == first;
        loop invariant i > VALUE ==> start[NAME] + c->len[NAME] <= start[VALUE];
        loop assigns i, n, at, start[NAME .. PARTS - 1], c->part[NAME .. PARTS - 1],
                     c->len[NAME .. PARTS - 1];
     */
    for (i = NAME; i < PARTS; i++) {
        c->part[i] = m + at;
        /*@ ghost start[i] = at; */
        /*@ loop invariant n <= at && c->part[i] == m + (at - n) && first <= at <= used;
            loop assigns n, at;
         */
        for (n = 0; at < used && m[at] != PART_END(i); n++) {
            at++;
        }
        c->len[i] = n;
        at += at < used; /* past the end mark */
    }
    /*@ assert c->part[NAME] == m + first && c->part[VALUE] == m + start[VALUE] &&
               first + c->len[NAME] <= start[VALUE] && start[VALUE] + c->len[VALUE] <= at; */
    c->size = at - off;
}

/* The length of "name=value", one piece in the arena: from the name to the
 * value's end (in a record cut by used, up to used). */
/*@ requires \valid_read(c);
    requires readable_name_value(c);
    assigns \nothing;
    ensures \result == c->part[VALUE] + c->len[VALUE] - c->part[NAME];
 */
static size_t name_value_len(const jar_cookie *c)
{
    return (size_t)(c->part[VALUE] + c->len[VALUE] - c->part[NAME]);
}

/* Makes the old_size bytes at pos size bytes long, moving the later cookies
 * and wiping the bytes freed at the end: returns 0 (nothing changed) if the
 * arena has no room for it. Each index is compared with the old or the new
 * end of the cookies (used <= size: Frama-C EVA bounds every access by it). */
/*@ requires \valid(jar);
    assigns jar->used, jar->mem[0 .. SIZE_MAX];
    ensures \result != 0 ==> jar->used <= jar->size;
    ensures \result != 0 && pos + old_size <= \old(jar->used) <= PTRDIFF_MAX &&
            size <= PTRDIFF_MAX ==> jar->used == \old(jar->used) - old_size + size;
 */
static int splice(orca_cookie_jar *jar, size_t pos, size_t old_size, size_t size)
{
    volatile char *m = jar->mem; /* volatile: the wipe is not optimised out */
    size_t used = jar->used, end = used - old_size + size, from, to;
    /* cannot wrap: old_size <= used - pos, and size counts the bytes of
     * strings that exist (a Set-Cookie value and its request's host, path) */
    if (end > jar->size) {
        return 0;
    }
    if (size <= old_size) { /* down, first byte first, then zeroes up to the old end */
        /*@ loop assigns from, to, m[0 .. SIZE_MAX]; */
        for (from = pos + old_size, to = pos + size; to < used; from++, to++) {
            m[to] = from < used ? m[from] : '\0';
        }
    } else { /* up, last byte first */
        /*@ loop assigns from, to, m[0 .. SIZE_MAX]; */
        for (from = used, to = end; from > pos + old_size && to > pos + size;) {
            m[--to] = m[--from];
        }
    }
    jar->used = end;
    return 1;
}

/* Writes the header e at index at of the arena m. Apart from write_cookie,
 * as entry_at is from cookie_at (a cast; From checks the assigns). */
/*@ requires \valid(m + (at .. at + ENTRY_SIZE - 1));
    assigns m[at .. at + ENTRY_SIZE - 1];
 */
static void entry_put(char *m, size_t at, const jar_entry *e)
{
    memcpy(m + at, e, ENTRY_SIZE);
}

/* Writes cookie c (c->size bytes) at offset pos of the arena m: its header,
 * then each part and its end mark, a byte at a time (a copy that needs no
 * separation of the parts from the arena, which memcpy's contract asks). */
/*@ requires \valid_read(c) && sized(c);
    requires \forall integer i; NAME <= i < PARTS ==> readable_part(c, i);
    requires \valid(m + (pos .. pos + c->size - 1)) && pos + c->size <= SIZE_MAX;
    assigns m[pos .. pos + c->size - 1];
 */
static void write_cookie(char *m, size_t pos, const jar_cookie *c)
{
    size_t n;
    int i;
    entry_put(m, pos, &c->e);
    pos += ENTRY_SIZE;
    /*@ loop invariant NAME <= i <= PARTS;
        loop invariant pos == \at(pos, Pre) + ENTRY_SIZE + parts_size(c, i);
        loop assigns i, n, pos, m[\at(pos, Pre) + ENTRY_SIZE .. \at(pos, Pre) + c->size - 1];
     */
    for (i = NAME; i < PARTS; i++) {
        /*@ loop invariant 0 <= n <= c->len[i] + 1;
            loop invariant pos == \at(pos, Pre) + ENTRY_SIZE + parts_size(c, i) + n;
            loop assigns n, pos, m[\at(pos, Pre) + ENTRY_SIZE .. \at(pos, Pre) + c->size - 1];
         */
        for (n = 0; n <= c->len[i]; n++) {
            m[pos++] = n < c->len[i] ? c->part[i][n] : PART_END(i);
        }
    }
}

static int is_expired(const jar_entry *e, uint32_t now_ms)
{
    return e->expiry == ORCA_COOKIE_EXPIRY_KNOWN && orca_clock_remaining(now_ms, e->deadline) <= 0;
}

/* Are the len bytes at b those of the arena m from index at on, followed by
 * a byte of m below lim (its end mark)? Returns the index after them, or 0
 * if not (no part ends at 0). One index into m, compared with the arena's
 * size: Frama-C EVA (tests/proofs) bounds each read by it, where it cannot
 * relate a part's start to its length (as memcmp's precondition needs). */
/*@ requires \valid_read(b + (0 .. len - 1));
    assigns \nothing;
 */
static size_t same_at(const char *m, size_t at, size_t lim, const char *b, size_t len)
{
    size_t k;
    /*@ loop invariant k <= len;
        loop assigns k, at;
     */
    for (k = 0; at < lim; k++, at++) {
        if (k == len) {
            return at;
        }
        if (m[at] != b[k]) {
            break;
        }
    }
    return 0;
}

/* RFC 6265 5.1.3: the host (the DOMAIN part of q) equals domain, or (unless
 * exact) ends with "." domain and is a name. */
/*@ requires \valid_read(q);
    requires readable_part(q, DOMAIN);
    requires \valid_read(domain + (0 .. len - 1));
    assigns \nothing;
    ensures \result != 0 ==> len <= q->len[DOMAIN];
 */
static int domain_match(const jar_cookie *q, const char *domain, size_t len, unsigned exact)
{
    const char *host = q->part[DOMAIN];
    size_t host_len = q->len[DOMAIN];
    unsigned last;
    /* EVA: each length on its own, so that host_len >= len bounds host_len - len */
    /*@ split len; */
    if (host_len < len || !orca_http_ieq(host + (host_len - len), domain, len)) {
        return 0;
    }
    if (host_len == len) {
        return 1;
    }
    /* a suffix after a dot; an IP address (last character a digit or ']')
     * only matches itself */
    last = (unsigned char)host[host_len - 1u];
    return !exact && host[host_len - len - 1u] == '.' && last - '0' > 9u && last != ']';
}

/* RFC 6265 5.1.4 path-match of a request path by a cookie path, len bytes
 * of the arena m from index at on (below lim; a stored path is never empty,
 * and its last byte is the one before the end same_at returns). */
/*@ requires \valid_read(req + (0 .. req_len - 1));
    assigns \nothing;
 */
static int path_match(const char *req, size_t req_len, const char *m, size_t at, size_t lim,
                      size_t len)
{
    size_t end;
    if (req_len < len) {
        return 0;
    }
    end = same_at(m, at, lim, req, len);
    return end != 0u && (req_len == len || m[end - 1u] == '/' || req[len] == '/');
}

/* Reads the cookie at offset off of jar into c: does it match the lookup q
 * (Secure or not: the caller checks it)? Its parts are compared as indexes
 * into the arena. Four arguments: all in registers on 32-bit ARM, so the
 * callers' frames stay as they were (bench/stack.sh). */
/*@ requires \valid_read(jar) && \valid_read(q) && \valid(c) && \separated(c, q, jar);
    requires readable_arena(jar);
    requires q->part[NAME] != \null ==> readable_part(q, NAME);
    requires q->part[PATH] != \null ==> readable_part(q, PATH);
    requires readable_part(q, DOMAIN);
    assigns *c;
    ensures readable_name_value(c);
    ensures off < jar->used ==> off < off + c->size <= jar->used;
 */
static int query_matches(const orca_cookie_jar *jar, const jar_cookie *q, size_t off, jar_cookie *c)
{
    const size_t *len = c->len;
    const char *m = jar->mem;
    size_t lim = jar->used, at = off + ENTRY_SIZE; /* the name */
    cookie_at(jar, off, c);
    if (q->part[NAME] != NULL &&
        (len[NAME] != q->len[NAME] || same_at(m, at, lim, q->part[NAME], len[NAME]) == 0u)) {
        return 0;
    }
    at += len[NAME] + len[VALUE] + 2u; /* the domain */
    if (q->part[PATH] != NULL &&
        !path_match(q->part[PATH], q->len[PATH], m, at + len[DOMAIN] + 1u, lim, len[PATH])) {
        return 0;
    }
    return domain_match(q, c->part[DOMAIN], len[DOMAIN], c->e.flags & ORCA_COOKIE_HOST_ONLY);
}

/* The first cookie for q at or after *off (a Secure one only if is_tls: for
 * a TLS request, or a lookup of any cookie): returns 1 with it in c and its
 * offset in *off, or 0 (*off is then jar->used). A flag, not the offset, so
 * that Frama-C EVA keeps c set where it is found (tests/proofs). */
/*@ requires \valid_read(jar) && \valid_read(q) && \valid(off) && \valid(c);
    requires \separated(c, q, jar, off) && readable_arena(jar);
    requires q->part[NAME] != \null ==> readable_part(q, NAME);
    requires q->part[PATH] != \null ==> readable_part(q, PATH);
    requires readable_part(q, DOMAIN);
    assigns *off, *c;
    ensures \result != 0 ==> readable_name_value(c);
 */
static int next_match(const orca_cookie_jar *jar, const jar_cookie *q, int is_tls, size_t *off,
                      jar_cookie *c)
{
    /*@ loop assigns *off, *c; */
    for (; *off < jar->used; *off += c->size) {
        if (query_matches(jar, q, *off, c) &&
            ((c->e.flags & ORCA_COOKIE_SECURE) == 0u || is_tls)) {
            return 1;
        }
    }
    return 0;
}

/* Sets q to look for the cookies called name (NULL: any) for host, on any path. */
/*@ requires \valid(q) && valid_read_string(host);
    requires name != \null ==> valid_read_string(name);
    assigns *q;
    ensures q->part[NAME] == name && q->part[PATH] == \null && readable_part(q, DOMAIN);
    ensures name != \null ==> readable_part(q, NAME);
 */
static void host_query(jar_cookie *q, const char *host, const char *name)
{
    memset(q, 0, sizeof *q);
    q->part[DOMAIN] = host;
    q->len[DOMAIN] = strlen(host);
    q->part[NAME] = name;
    q->len[NAME] = name != NULL ? strlen(name) : 0u;
}

/* The request path of origin ("/" unless it starts with '/') up to '?', '#'
 * or the end: sets *path to it and returns its length, or with dir its
 * RFC 6265 5.1.4 default-path: up to its last '/', or "/". */
/*@ requires \valid_read(origin) && \valid(path);
    requires readable_path(origin);
    assigns *path;
    ensures \valid_read(*path + (0 .. \result - 1));
    ensures \result <= \max(origin->path.len, 1);
 */
static size_t request_path(const orca_cookie_origin *origin, const char **path, int dir)
{
    orca_span t = origin->path;
    int rooted = t.ptr != NULL && t.len > 0u && t.ptr[0] == '/';
    const char *p = rooted ? t.ptr : "/";
    size_t end = rooted ? t.len : 1u, n, slash = 0;
    /*@ loop invariant 1 <= end && n <= end && slash <= n && (slash == 0 || slash < n);
        loop assigns n, slash;
     */
    for (n = 0; n < end && p[n] != '?' && p[n] != '#'; n++) {
        slash = p[n] == '/' ? n : slash;
    }
    *path = p;
    return dir ? slash + (slash == 0u) : n;
}

/* What the attributes of a Set-Cookie say (5.2), but for its Path, which
 * goes straight into the new cookie. */
typedef struct cookie_attrs {
    const char *domain; /* the last non-empty Domain, in the value, less one leading '.' */
    size_t domain_len;  /* its length; 0: no Domain */
#if ORCA_WITH_COOKIE_EXPIRES
    int64_t expires; /* last valid Expires in epoch seconds (HAS_EXPIRES) */
#endif
    uint32_t max_age; /* last valid Max-Age, 0 for <= 0, saturated (HAS_MAX_AGE) */
    unsigned flags;   /* ORCA_COOKIE_SECURE .. _SAMESITE_MASK, HAS_EXPIRES, HAS_MAX_AGE */
} cookie_attrs;

#define HAS_EXPIRES 0x20u /* a valid Expires was seen */
#define HAS_MAX_AGE 0x40u /* a valid Max-Age was seen */

/* Attribute names, then the SameSite values, each preceded by its length;
 * the index drives apply_attribute(). */
static const char names[] = "\6secure\10httponly\7expires\7max-age\6domain\4path\10samesite"
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
/*@ requires \valid(out);
    requires \valid_read(v + (0 .. n - 1));
    assigns out->max_age, out->flags;
 */
static void parse_max_age(cookie_attrs *out, const char *v, size_t n)
{
    size_t i = n > 0u && v[0] == '-';
    uint32_t secs = 0;
    if (i == n) {
        return;
    }
    /*@ loop invariant i <= n;
        loop assigns i, secs;
     */
    for (; i < n; i++) {
        unsigned d = (unsigned)((unsigned char)v[i] - '0');
        if (d > 9u) {
            return;
        }
        secs = secs >= 429496729u ? UINT32_MAX : secs * 10u + d;
    }
    out->max_age = v[0] == '-' ? 0u : secs;
    out->flags |= HAS_MAX_AGE;
}

/* One attribute of the new cookie c (5.2.1 .. 5.2.6 and SameSite). */
/*@ requires \valid(c) && \valid(out) && \separated(c, out);
    requires \valid_read(v + (0 .. n - 1));
    requires c->part[PATH] != \null ==> readable_part(c, PATH);
    requires \valid_read(out->domain + (0 .. out->domain_len - 1));
    assigns c->part[PATH], c->len[PATH], *out;
    ensures c->part[PATH] != \null ==> readable_part(c, PATH);
    ensures \valid_read(out->domain + (0 .. out->domain_len - 1));
    ensures c->len[PATH] == \old(c->len[PATH]) || c->len[PATH] == n;
    ensures out->domain_len == \old(out->domain_len) || out->domain_len <= n;
 */
static void apply_attribute(jar_cookie *c, cookie_attrs *out, int attr, const char *v, size_t n)
{
    int i;
    switch (attr) {
#if ORCA_WITH_COOKIE_EXPIRES
    case ATTR_EXPIRES:
        if (orca_date_parse_cookie(v, n, &out->expires) == ORCA_OK) {
            out->flags |= HAS_EXPIRES;
        }
        break;
#endif
    case ATTR_MAX_AGE: parse_max_age(out, v, n); break;
    case ATTR_DOMAIN: /* an empty value is ignored (5.2.3 SHOULD) */
        if (n > 0u) {
            i = v[0] == '.';
            out->domain = v + i;
            out->domain_len = n - (size_t)i;
        }
        break;
    case ATTR_PATH: /* anything but an absolute path means the default path */
        c->part[PATH] = n > 0u && v[0] == '/' ? v : NULL;
        c->len[PATH] = n; /* read only when the path is set */
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

/* Splits a Set-Cookie value (5.2): name, value and Path into the new cookie
 * c (which comes zeroed: a NULL PATH means the default path), the other
 * attributes into *out (zeroed too). Returns ORCA_OK or an error. */
/*@ requires \valid(c) && \valid(out) && \separated(c, out);
    requires \valid_read(s + (0 .. len - 1));
    requires c->len[NAME] == 0 && c->len[VALUE] == 0 && c->part[PATH] == \null;
    requires c->len[PATH] == 0 && out->domain_len == 0;
    assigns c->part[NAME], c->len[NAME], c->part[VALUE], c->len[VALUE], c->part[PATH],
            c->len[PATH], *out;
    ensures readable_part(c, NAME) && readable_part(c, VALUE);
    ensures c->part[PATH] != \null ==> readable_part(c, PATH);
    ensures \valid_read(out->domain + (0 .. out->domain_len - 1));
    ensures c->len[NAME] <= len && c->len[VALUE] <= len && c->len[PATH] <= len;
    ensures out->domain_len <= len;
    ensures \result <= 0;
 */
static int parse_set_cookie(jar_cookie *c, cookie_attrs *out, const char *s, size_t len)
{
    size_t i;
    /* name=value, then each attribute: the same split on ';' and the first
     * '='; offsets into s, each compared with len or with the one before it,
     * so that Frama-C EVA bounds every view (tests/proofs) */
    /*@ loop invariant i <= len;
        loop invariant readable_part(c, NAME) && readable_part(c, VALUE);
        loop invariant c->part[PATH] != \null ==> readable_part(c, PATH);
        loop invariant \valid_read(out->domain + (0 .. out->domain_len - 1));
        loop invariant c->len[NAME] <= len && c->len[VALUE] <= len && c->len[PATH] <= len;
        loop invariant out->domain_len <= len;
        loop assigns i, c->part[NAME], c->len[NAME], c->part[VALUE], c->len[VALUE],
                     c->part[PATH], c->len[PATH], *out;
     */
    for (i = 0;; i++) {
        size_t a = i, b = len, v, e; /* name [a, b), value [v, e); b = len: no '=' yet */
        int has_eq;
        /*@ loop invariant a <= i <= len;
            loop invariant b == len || a <= b < i;
            loop assigns i, b;
         */
        for (; i < len && s[i] != ';'; i++) {
            /* CTLs but HTAB: never let CR/LF/NUL reach a request */
            if ((unsigned char)s[i] < 0x20u ? s[i] != '\t' : s[i] == 0x7F) {
                return ORCA_ERR_BAD_COOKIE;
            }
            b = b == len && s[i] == '=' ? i : b;
        }
        has_eq = b < i;
        b = has_eq ? b : i;
        v = b + (size_t)has_eq;
        e = i;
        a = orca_http_trim(s, a, &b);
        v = orca_http_trim(s, v, &e);
        /* EVA: each start on its own, so that end > start bounds the length */
        /*@ split a; */
        /*@ split v; */
        b = b > a ? b - a : 0u; /* the lengths of name and value */
        e = e > v ? e - v : 0u;
        if (c->len[NAME] == 0u) { /* no name yet (never empty): no pointer test for EVA */
            if (!has_eq || b == 0u) {
                return ORCA_ERR_BAD_COOKIE;
            }
            c->part[NAME] = s + a;
            c->len[NAME] = b;
            c->part[VALUE] = s + v;
            c->len[VALUE] = e;
        } else {
            apply_attribute(c, out, orca_http_lookup(names, s + a, b), s + v, e);
        }
        /*@ merge a; */
        /*@ merge v; */
        if (i >= len) { /* i never passes len: >= lets EVA see i < len */
            return ORCA_OK;
        }
    }
}

#if ORCA_WITH_COOKIE_EXPIRES
/* The lifetime an Expires gives (*left, seconds), measured against the
 * response Date, else the wall clock. Returns 0 when it gives none the tick
 * can count: no Expires (a session cookie, *left 1), or neither a Date nor a
 * wall clock (expiry UNKNOWN; *left 1 keeps it, 0 for a date long past). */
#define EXPIRES_FAR ((int64_t)1 << 40)
static int expires_lifetime(jar_entry *e, const cookie_attrs *a, const int64_t *date,
                            const orca_clock *clock, int64_t *left)
{
    int64_t ref;
    *left = 1;
    if ((a->flags & HAS_EXPIRES) == 0u) {
        return 0;
    }
    if (date != NULL) {
        ref = *date;
    } else if (clock->unix_s == NULL || clock->unix_s(clock->ctx, &ref) != ORCA_OK) {
        e->expiry = ORCA_COOKIE_EXPIRY_UNKNOWN;
        *left = a->expires >= ORCA_COOKIE_PAST_BEFORE_S;
        return 0;
    }
    /* ref is any int64_t (a caller's Date, a broken RTC): past +-2^40 s every
     * Expires (years 1601-9999) is as far, and the difference cannot overflow */
    ref = ref < -EXPIRES_FAR ? -EXPIRES_FAR : ref > EXPIRES_FAR ? EXPIRES_FAR : ref;
    *left = a->expires - ref;
    return 1;
}
#else
/* Expires is ignored: a cookie without Max-Age is a session cookie. */
static int expires_lifetime(jar_entry *e, const cookie_attrs *a, const int64_t *date,
                            const orca_clock *clock, int64_t *left)
{
    (void)e;
    (void)a;
    (void)date;
    (void)clock;
    *left = 1;
    return 0;
}
#endif

/* Expiry of a new cookie (5.3 step 3, made monotonic): sets e->expiry and
 * adds the lifetime (ms) to e->deadline (0: the store adds the tick); returns
 * 0 if the cookie is already expired. */
/*@ assigns e->expiry, e->deadline; */
static int set_expiry(jar_entry *e, const cookie_attrs *a, const int64_t *date,
                      const orca_clock *clock)
{
    int64_t left = a->max_age;
    e->expiry = ORCA_COOKIE_EXPIRY_SESSION;
    if ((a->flags & HAS_MAX_AGE) == 0u && !expires_lifetime(e, a, date, clock, &left)) {
        return left > 0; /* kept for the session, or deleted */
    }
    e->expiry = ORCA_COOKIE_EXPIRY_KNOWN;
    /* clamped to what the wrapping tick can tell apart; unused when left <= 0 */
    e->deadline += (left >= ORCA_CLOCK_MAX_INTERVAL_MS / 1000u ? ORCA_CLOCK_MAX_INTERVAL_MS
                                                               : (uint32_t)left * 1000u);
    return left > 0;
}

/* Does the jar's check say that the n bytes at d are a public suffix? Any
 * Domain is one without a check. The call through the jar's pointer is made
 * here only: its contract lets Frama-C WP (tests/proofs) go on past it, and
 * From checks it against the drivers' check. */
/*@ requires \valid_read(d + (0 .. n - 1));
    assigns \nothing;
 */
static int is_public_suffix(const orca_cookie_jar *jar, const char *d, size_t n)
{
    return jar->public_suffix == NULL || jar->public_suffix(jar->public_suffix_ctx, d, n) != 0;
}

/* Domain of the new cookie c (5.3 steps 5-6), which comes host-only with the
 * request host as its DOMAIN part: 0 if refused. A public suffix (a single
 * label, one the jar's check reports, or any Domain without a check) is
 * refused unless it is the host itself, which keeps a host-only cookie. */
/*@ requires \valid_read(jar) && \valid(c) && \valid_read(a);
    requires \valid_read(a->domain + (0 .. a->domain_len - 1));
    requires readable_part(c, DOMAIN);
    assigns c->part[DOMAIN], c->len[DOMAIN], c->e.flags;
    ensures readable_part(c, DOMAIN);
    ensures c->len[DOMAIN] <= \old(c->len[DOMAIN]);
 */
static int cookie_domain(const orca_cookie_jar *jar, jar_cookie *c, const cookie_attrs *a)
{
    const char *d;
    size_t n = a->domain_len, i = 0;
    if (n == 0u) {
        return 1;
    }
    d = a->domain;
    /*@ loop invariant i <= n;
        loop assigns i;
     */
    while (i < n && d[i] != '.') {
        i++;
    }
    if (!domain_match(c, d, n, 0)) {
        return 0;
    }
    if (i == n || is_public_suffix(jar, d, n)) {
        return n == c->len[DOMAIN];
    }
    c->part[DOMAIN] = d;
    c->len[DOMAIN] = n;
    c->e.flags &= (uint8_t)~ORCA_COOKIE_HOST_ONLY;
    return 1;
}

/* Where the new cookie c goes: the offset of the cookie with its name,
 * domain and path (a replacement keeps the creation order), its size in
 * *old_size; else after every path as long as its own, *old_size 0. */
/*@ requires \valid_read(jar) && \valid_read(c) && \valid(old_size) && \separated(c, jar, old_size);
    requires readable_arena(jar);
    requires readable_part(c, NAME);
    requires readable_part(c, DOMAIN);
    requires readable_part(c, PATH);
    assigns *old_size;
    ensures \result + *old_size <= jar->used;
 */
static size_t find_place(const orca_cookie_jar *jar, const jar_cookie *c, size_t *old_size)
{
    jar_cookie old;
    size_t off, pos = jar->used;
    *old_size = 0;
    /*@ loop invariant off <= jar->used && pos <= jar->used;
        loop assigns off, pos, old;
     */
    for (off = 0; off < jar->used; off += old.size) {
        /* c as a lookup on a TLS request, with equal domain and path lengths:
         * the same name, domain (without case) and path */
        if (query_matches(jar, c, off, &old) && old.len[DOMAIN] == c->len[DOMAIN] &&
            old.len[PATH] == c->len[PATH]) {
            *old_size = old.size;
            return off;
        }
        if (old.len[PATH] < c->len[PATH] && pos == jar->used) {
            pos = off;
        }
    }
    return pos;
}

int orca_cookie_jar_init(orca_cookie_jar *jar, void *mem, size_t size)
{
    if (jar == NULL || mem == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    jar->mem = (char *)mem;
    jar->size = size;
    jar->used = 0;
    jar->public_suffix = NULL;
    jar->public_suffix_ctx = NULL;
    return ORCA_OK;
}

int orca_cookie_jar_set_public_suffix(orca_cookie_jar *jar, orca_public_suffix_fn check, void *ctx)
{
    if (jar == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    jar->public_suffix = check;
    jar->public_suffix_ctx = ctx;
    return ORCA_OK;
}

void orca_cookie_jar_free(orca_cookie_jar *jar)
{
    if (jar != NULL) {
        (void)splice(jar, 0, jar->used, 0); /* empties and wipes the arena */
        orca_wipe(jar, sizeof *jar);
    }
}

/*@ assigns jar->used, jar->mem[0 .. SIZE_MAX];
    ensures jar != \null ==> readable_arena(jar);
 */
size_t orca_cookie_jar_purge(orca_cookie_jar *jar, uint32_t now_ms)
{
    size_t off = 0, count = 0;
    jar_cookie c;
    while (jar != NULL && off < jar->used) {
        cookie_at(jar, off, &c);
        if (is_expired(&c.e, now_ms)) {
            (void)splice(jar, off, c.size, 0);
            count++;
        } else {
            off += c.size;
        }
    }
    return count;
}

/* Parses a Set-Cookie value into the new cookie c (5.3 steps 1-10), which
 * comes zeroed but for its DOMAIN part (the request host); its deadline
 * then holds the lifetime (ms). Returns 1 to store it, 0 if it is already
 * expired, or an error. The parsed view is dead when it returns, so its
 * stack is reused for the stored cookie the store compares with. */
/*@ requires \valid(c) && \valid_read(jar) && \valid_read(origin) && \separated(c, origin);
    requires \valid_read(s + (0 .. len - 1));
    requires c->len[NAME] == 0 && c->len[VALUE] == 0 && c->part[PATH] == \null;
    requires c->len[PATH] == 0;
    requires readable_part(c, DOMAIN);
    requires readable_path(origin);
    requires len <= SIZE_MAX / 4 && c->len[DOMAIN] <= SIZE_MAX / 4;
    requires origin->path.len <= SIZE_MAX / 4;
    assigns *c;
    ensures \result >= 0 ==> \forall integer i; NAME <= i < PARTS ==> readable_part(c, i);
    ensures \result >= 0 ==> sized(c);
 */
static int new_cookie(const orca_cookie_jar *jar, jar_cookie *c, const char *s, size_t len,
                      const orca_cookie_origin *origin, const int64_t *date,
                      const orca_clock *clock)
{
    cookie_attrs a = {0}; /* no attribute yet */
    int rc = parse_set_cookie(c, &a, s, len);
    if (rc != ORCA_OK) {
        return rc;
    }
    if ((a.flags & ORCA_COOKIE_SECURE) != 0u && !origin->is_tls) {
        return ORCA_ERR_COOKIE_SECURE;
    }
    c->e.flags = (uint8_t)((a.flags & PUBLIC_FLAGS) | ORCA_COOKIE_HOST_ONLY);
    if (!cookie_domain(jar, c, &a)) {
        return ORCA_ERR_COOKIE_DOMAIN;
    }
    if (c->part[PATH] == NULL) {
        c->len[PATH] = request_path(origin, &c->part[PATH], 1);
    }
    c->size = ENTRY_SIZE + PARTS + c->len[NAME] + c->len[VALUE] + c->len[DOMAIN] + c->len[PATH];
    if (c->len[NAME] + c->len[VALUE] > ORCA_COOKIE_MAX_SIZE) {
        return ORCA_ERR_COOKIE_TOO_LARGE;
    }
    return set_expiry(&c->e, &a, date, clock);
}

/* The clock's tick. The call through the port's pointer is made here only:
 * its contract lets Frama-C WP (tests/proofs) go on past it, and From
 * checks it against the drivers' clock. */
/*@ assigns \nothing; */
static uint32_t clock_now(const orca_clock *clock)
{
    return clock->now_ms(clock->ctx);
}

/* orca_cookie_jar_store() once its arguments are checked. The import's
 * lines come here without a NULL test: where Frama-C EVA (tests/proofs)
 * cannot bound a line's start, a pointer test is one more alarm, and every
 * property WP proves after it would depend on it. The strings' lengths are
 * bounded in its contract (a quarter of the address space each, far above
 * any device's) so that WP proves the record's size does not wrap. */
/*@ requires \valid(jar) && \valid_read(origin) && \valid_read(clock);
    requires \valid(jar->mem + (0 .. jar->size - 1)) && jar->size <= PTRDIFF_MAX;
    requires valid_read_string(origin->host);
    requires readable_path(origin);
    requires \valid_read(set_cookie + (0 .. len - 1));
    requires len <= SIZE_MAX / 4;
    requires strlen(origin->host) <= SIZE_MAX / 4;
    requires origin->path.len <= SIZE_MAX / 4;
    assigns jar->used, jar->mem[0 .. SIZE_MAX];
 */
static int store_checked(orca_cookie_jar *jar, const char *set_cookie, size_t len,
                         const orca_cookie_origin *origin, const int64_t *response_date,
                         const orca_clock *clock)
{
    jar_cookie c = {0};
    size_t pos, old_size;
    uint32_t now_ms;
    int keep;
    /* the request host, set before parsing so that it is set on every
     * path (EVA joins the parser's errors with a cookie to store) */
    c.part[DOMAIN] = origin->host;
    c.len[DOMAIN] = strlen(origin->host);
    keep = new_cookie(jar, &c, set_cookie, len, origin, response_date, clock);
    if (keep >= 0 && c.size > jar->size) {
        keep = ORCA_ERR_COOKIE_TOO_LARGE;
    }
    if (keep < 0) {
        return keep;
    }
    /* the tick after the parse: none is read for a refused value */
    now_ms = clock_now(clock);
    c.e.deadline += now_ms; /* the lifetime new_cookie set, from now on */
    orca_cookie_jar_purge(jar, now_ms); /* expired cookies go first */
    pos = find_place(jar, &c, &old_size);
    if (!keep) {
        c.size = 0; /* already expired: it only deletes the one it replaces */
    }
    if (!splice(jar, pos, old_size, c.size)) {
        return ORCA_ERR_JAR_FULL; /* nothing changed but expired cookies */
    }
    if (keep) {
        write_cookie(jar->mem, pos, &c);
    }
    return ORCA_OK;
}

int orca_cookie_jar_store(orca_cookie_jar *jar, const char *set_cookie, size_t len,
                          const orca_cookie_origin *origin, const int64_t *response_date,
                          const orca_clock *clock)
{
    if (jar == NULL || set_cookie == NULL || origin == NULL || origin->host == NULL ||
        clock == NULL || clock->now_ms == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    return store_checked(jar, set_cookie, len, origin, response_date, clock);
}

/*@ requires jar != \null ==> \valid(jar);
    requires origin != \null ==> \valid_read(origin) && readable_path(origin);
    requires origin != \null && origin->host != \null ==> valid_read_string(origin->host);
    requires buf != \null ==> \valid(buf + (0 .. size - 1)) && \separated(buf + (0 .. size - 1), jar);
    requires out_len != \null ==> \valid(out_len);
    requires size <= PTRDIFF_MAX; // a C object's size
 */
int orca_cookie_jar_header(orca_cookie_jar *jar, const orca_cookie_origin *origin, uint32_t now_ms,
                           char *buf, size_t size, size_t *out_len)
{
    jar_cookie q, c;
    size_t len = 0, off;
    int rc = ORCA_OK;
    if (jar == NULL || origin == NULL || origin->host == NULL || buf == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    host_query(&q, origin->host, NULL);
    q.len[PATH] = request_path(origin, &q.part[PATH], 0);
    orca_cookie_jar_purge(jar, now_ms);
    /*@ loop invariant len == 0 || len < size;
        loop assigns off, c, len, rc, buf[0 .. size - 1];
     */
    for (off = 0; next_match(jar, &q, origin->is_tls, &off, &c); off += c.size) {
        size_t n = name_value_len(&c);
        /*@ assert \valid_read(c.part[NAME] + (0 .. n - 1)); */ /* WP: before buf's writes */
        /* EVA: each length so far on its own, so that the check bounds n
         * (n >= size first: n < size cannot wrap the sum) */
        /*@ split len; */
        if (n >= size || len + (len > 0u ? 2u : 0u) + n >= size) {
            rc = ORCA_ERR_BUFFER_TOO_SMALL;
            len = 0;
            break;
        }
        if (len > 0u) {
            buf[len++] = ';';
            buf[len++] = ' ';
        }
        /* none for a record cut in its header: its name is at used, maybe
         * past the arena, and memcpy wants a valid source even for 0 bytes */
        if (n != 0u) {
            memcpy(buf + len, c.part[NAME], n);
        }
        len += n;
    }
    if (size == 0u) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    buf[len] = '\0';
    if (out_len != NULL) {
        *out_len = len;
    }
    return rc;
}

int orca_cookie_jar_find(const orca_cookie_jar *jar, const char *host, const char *name,
                         uint32_t now_ms, orca_cookie_info *info)
{
    jar_cookie q, c;
    const jar_entry *e = &c.e;
    size_t off = 0;
    if (jar == NULL || host == NULL || name == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    host_query(&q, host, name);
    if (!next_match(jar, &q, 1, &off, &c)) {
        return ORCA_ERR_NOT_FOUND;
    }
    if (info != NULL) {
        info->flags = e->flags; /* stored masked to the public ones */
        info->value = c.part[VALUE];
        info->value_len = c.len[VALUE];
        info->expiry =
            is_expired(e, now_ms) ? ORCA_COOKIE_EXPIRY_EXPIRED : (orca_cookie_expiry)e->expiry;
        info->remaining_ms = info->expiry == ORCA_COOKIE_EXPIRY_KNOWN
                                 ? (uint32_t)orca_clock_remaining(now_ms, e->deadline)
                                 : 0u;
    }
    return ORCA_OK;
}

int orca_cookie_jar_delete(orca_cookie_jar *jar, const char *host, const char *name)
{
    jar_cookie q, c;
    size_t off = 0;
    int rc = ORCA_ERR_NOT_FOUND;
    if (jar == NULL || host == NULL || name == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    host_query(&q, host, name);
    while (next_match(jar, &q, 1, &off, &c)) {
        (void)splice(jar, off, c.size, 0);
        rc = ORCA_OK;
    }
    return rc;
}

#if ORCA_WITH_SESSION_STATE
/* The SameSite values in flag order (ORCA_COOKIE_SAMESITE_MASK >> 3). */
static const char *const samesite_names[] = {"", "Strict", "Lax", "None"};

/* Writes cookie c as a Set-Cookie line. */
static void export_cookie(orca_text_out *w, const jar_cookie *c, uint32_t now_ms)
{
    unsigned samesite = (c->e.flags & ORCA_COOKIE_SAMESITE_MASK) >> 3;
    orca_text_put(w, c->part[NAME], name_value_len(c));
    orca_text_put(w, "; Path=", 7u);
    orca_text_put(w, c->part[PATH], c->len[PATH]);
    if ((c->e.flags & ORCA_COOKIE_HOST_ONLY) == 0u) {
        orca_text_put(w, "; Domain=", 9u);
        orca_text_put(w, c->part[DOMAIN], c->len[DOMAIN]);
    }
    if (c->e.expiry == ORCA_COOKIE_EXPIRY_KNOWN) {
        orca_text_put(w, "; Max-Age=", 10u);
        orca_text_uint(w, (size_t)orca_clock_remaining(now_ms, c->e.deadline) / 1000u);
    }
    if ((c->e.flags & ORCA_COOKIE_SECURE) != 0u) {
        orca_text_put(w, "; Secure", 8u);
    }
    if ((c->e.flags & ORCA_COOKIE_HTTPONLY) != 0u) {
        orca_text_put(w, "; HttpOnly", 10u);
    }
    if (samesite != 0u) {
        orca_text_put(w, "; SameSite=", 11u);
        orca_text_put(w, samesite_names[samesite], strlen(samesite_names[samesite]));
    }
    orca_text_put(w, "\n", 1u);
}

int orca_cookie_jar_export(orca_cookie_jar *jar, uint32_t now_ms, char *out, size_t size,
                           size_t *len)
{
    orca_text_out w = {out, size, 0, ORCA_OK};
    jar_cookie c;
    if (jar == NULL || out == NULL || len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    orca_cookie_jar_purge(jar, now_ms); /* every cookie left has time left */
    for (size_t off = 0; off < jar->used; off += c.size) {
        cookie_at(jar, off, &c);
        export_cookie(&w, &c, now_ms);
    }
    if (w.err != ORCA_OK) {
        orca_wipe(out, size);
        return w.err;
    }
    *len = w.len;
    return ORCA_OK;
}

/* Takes @p elapsed_ms off every deadline (at most ORCA_CLOCK_MAX_INTERVAL_MS,
 * longer than any lifetime); a cookie with no more time than that expires now. */
/*@ assigns jar->used, jar->mem[0 .. SIZE_MAX]; */
static void age_cookies(orca_cookie_jar *jar, uint32_t now_ms, uint32_t elapsed_ms)
{
    jar_cookie c;
    for (size_t off = 0; off < jar->used; off += c.size) {
        cookie_at(jar, off, &c);
        if (c.e.expiry == ORCA_COOKIE_EXPIRY_KNOWN) {
            int32_t left = orca_clock_remaining(now_ms, c.e.deadline);
            c.e.deadline = left > 0 && (uint32_t)left > elapsed_ms ? c.e.deadline - elapsed_ms
                                                                   : now_ms;
            if (off + ENTRY_SIZE <= jar->used) { /* below used: a cut header stays cut */
                entry_put(jar->mem, off, &c.e);
            }
        }
    }
    orca_cookie_jar_purge(jar, now_ms);
}

/*@ requires jar != \null ==> \valid(jar) && jar->size <= PTRDIFF_MAX;
    requires jar != \null ==> \valid(jar->mem + (0 .. jar->size - 1));
    requires in != \null ==> \valid_read(in + (0 .. len - 1));
    requires len <= SIZE_MAX / 4;
    requires origin != \null ==> \valid_read(origin);
    requires origin != \null && origin->host != \null ==> valid_read_string(origin->host);
    requires origin != \null && origin->host != \null ==> strlen(origin->host) <= SIZE_MAX / 4;
    requires origin != \null ==> readable_path(origin) && origin->path.len <= SIZE_MAX / 4;
    requires clock != \null ==> \valid_read(clock);
 */
int orca_cookie_jar_import(orca_cookie_jar *jar, const char *in, size_t len,
                           const orca_cookie_origin *origin, const orca_clock *clock,
                           uint32_t elapsed_ms)
{
    int rc = ORCA_OK;
    size_t start = 0;
    if (jar == NULL || (in == NULL && len != 0u) || origin == NULL || origin->host == NULL ||
        clock == NULL || clock->now_ms == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    /*@ loop invariant start <= i <= len;
        loop assigns i, start, rc, jar->used, jar->mem[0 .. SIZE_MAX];
     */
    for (size_t i = 0; i < len && rc == ORCA_OK; i++) {
        if (in[i] == '\n') {
            rc = store_checked(jar, in + start, i - start, origin, NULL, clock);
            start = i + 1u;
        }
    }
    if (rc == ORCA_OK && start != len) {
        rc = ORCA_ERR_BAD_COOKIE; /* a cut line */
    }
    if (rc != ORCA_OK) {
        (void)splice(jar, 0, jar->used, 0); /* empties and wipes the arena */
        return rc;
    }
    age_cookies(jar, clock_now(clock), elapsed_ms);
    return ORCA_OK;
}
#endif /* ORCA_WITH_SESSION_STATE */

#endif /* ORCA_WITH_COOKIES */
