/* A session's state in caller bytes, and back (orca/session_state.h): the
 * writer and reader of the layout, the checks of what comes back, and the
 * time that passed while the device slept. */
#include <string.h>

#include "orca/wipe.h"
#include "session_auth.h"

#if ORCA_WITH_SESSION_STATE

#define STATE_VERSION 1u
#define STATE_HEAD 12u     /* magic, version, service, flags, 0, length */
#define STATE_CRC 4u
#define FLAG_SIGNED_IN 1u  /* a credential is in the state */
#define FLAG_WALL_CLOCK 2u /* the wall clock at save is known */
#define FLAG_TLS 4u        /* the session speaks https */

static const uint8_t state_magic[4] = {'O', 'r', 'c', 'S'};

/* Bytes written one after the other; the first error stops the writing. */
typedef struct state_out {
    uint8_t *buf;
    size_t cap, len;
    int err;
} state_out;

/* Bytes read one after the other; reading past the end makes the state corrupt.
 * pos <= len until an error (which stops the reading): every bound is checked
 * on the cursor itself (pos + n <= len, the form Frama-C EVA narrows;
 * tests/proofs). */
typedef struct state_in {
    const uint8_t *buf;
    size_t len, pos;
    int err;
} state_in;

/* CRC-32 (IEEE 802.3, reflected), bit by bit: no table to carry in flash. */
/*@ requires \valid_read(p + (0 .. n - 1));
    assigns \nothing;
 */
static uint32_t state_crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) { /* p[i]: one index bounded by n (tests/proofs) */
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

/* Reserves @p n bytes of the output; NULL (and the error) when they do not fit. */
static uint8_t *state_room(state_out *w, size_t n)
{
    if (w->err != ORCA_OK || n > w->cap - w->len) {
        w->err = ORCA_ERR_BUFFER_TOO_SMALL;
        return NULL;
    }
    w->len += n;
    return w->buf + w->len - n;
}

/* Writes @p v at @p p, 4 bytes little-endian. */
static void state_le32(uint8_t *p, uint32_t v)
{
    for (size_t i = 0; i < 4u; i++) {
        p[i] = (uint8_t)(v >> (8u * i));
    }
}

/* Every number of the layout is 4 bytes, little-endian. */
static void state_put_u32(state_out *w, uint32_t v)
{
    uint8_t *p = state_room(w, 4u);
    if (p != NULL) {
        state_le32(p, v);
    }
}

static void state_put_field(state_out *w, const void *data, size_t n)
{
    state_put_u32(w, (uint32_t)n);
    uint8_t *p = state_room(w, n);
    if (p != NULL && n != 0u) {
        memcpy(p, data, n);
    }
}

/*@ requires \valid(r);
    assigns r->pos, r->err;
 */
static uint32_t state_get_u32(state_in *r)
{
    uint32_t v = 0;
    size_t pos = r->pos;
    r->pos = pos + 4u; /* on an error too (the reading stops): the cursor only grows */
    if (r->err != ORCA_OK || r->len < 4u || pos > r->len - 4u) {
        r->err = ORCA_ERR_STATE_CORRUPT;
        return 0;
    }
    for (size_t i = 0; i < 4u; i++) {
        v |= (uint32_t)r->buf[pos + i] << (8u * i);
    }
    return v;
}

/* A field's bytes, in place: *end one past the last of them, *n their length.
 * An int result, not the end: Frama-C EVA splits the caller's states on it
 * (-eva-split-return), so a failed read joins no good one (tests/proofs). */
/*@ requires \valid(r) && \valid(end) && \valid(n) && \separated(r, end, n);
    requires \valid_read(r->buf + (0 .. r->len - 1));
    assigns r->pos, r->err, *end, *n;
    ensures \result == ORCA_OK ==> \valid_read(*end - *n + (0 .. *n - 1));
 */
static int state_get_field(state_in *r, const uint8_t **end, size_t *n)
{
    size_t len = state_get_u32(r), pos = r->pos;
    /* EVA: each start on its own, so that the check bounds both the length
     * and the end (pos + len: one sum, the form EVA narrows; tests/proofs) */
    /*@ split pos; */
    if (r->err != ORCA_OK || pos + len > r->len || pos + len < len) { /* < len: it wrapped */
        return r->err = ORCA_ERR_STATE_CORRUPT;
    }
    *n = len;
    r->pos = pos + len;
    *end = r->buf + r->pos;
    return ORCA_OK;
}

/* 1 when the field of @p n bytes that ends at @p end holds exactly the C
 * string @p want (NULL: ""). */
static int state_same(const uint8_t *end, size_t n, const char *want)
{
    size_t len = want != NULL ? strlen(want) : 0u;
    return n == len && (n == 0u || memcmp(end - n, want, n) == 0);
}

/* ---- save ---- */

/* The cookies of the jar as Set-Cookie lines, a field written in place. */
static void state_put_cookies(orca_session *s, state_out *w, uint32_t now)
{
    size_t n = 0;
#if ORCA_WITH_COOKIES
    uint8_t *at = state_room(w, 4u); /* the length, known once they are written */
    if (at != NULL) {
        w->err = orca_cookie_jar_export(&s->jar, now, (char *)w->buf + w->len, w->cap - w->len, &n);
    }
    if (at != NULL && w->err == ORCA_OK) {
        w->len += n;
        state_le32(at, (uint32_t)n);
    }
#else
    (void)s;
    (void)now;
    state_put_u32(w, (uint32_t)n);
#endif
}

/* The transport's state, a field written in place by its hook. */
static void state_put_transport(const orca_session *s, state_out *w)
{
    const orca_transport_state *t = s->cfg.transport_state;
    uint8_t *at = state_room(w, 4u);
    size_t n = 0;
    if (at != NULL && t != NULL && t->save != NULL) {
        int rc = t->save(t->ctx, w->buf + w->len, w->cap - w->len, &n);
        /* none held, or a build without resumption: nothing to carry */
        w->err = rc == ORCA_ERR_NOT_FOUND || rc == ORCA_ERR_UNSUPPORTED ? ORCA_OK : rc;
        n = rc == ORCA_OK && n <= w->cap - w->len ? n : 0u;
    }
    if (at != NULL && w->err == ORCA_OK) {
        w->len += n;
        state_le32(at, (uint32_t)n);
    }
}

/* The Classic credential's time left, lifetime and time since sign-in at @p now. */
static void state_put_times(const orca_session *s, state_out *w, uint32_t now)
{
    uint32_t left = 0, life = 0, used = 0;
#if ORCA_WITH_CLASSIC
    if (s->cfg.service == ORCA_SERVICE_CLASSIC && s->signed_in) {
        int32_t l = orca_clock_remaining(now, s->svc.classic.deadline_ms);
        left = l > 0 ? (uint32_t)l : 0u;
        life = s->svc.classic.lifetime_ms;
        used = now - s->started_ms;
    }
#else
    (void)s;
    (void)now;
#endif
    state_put_u32(w, left);
    state_put_u32(w, life);
    state_put_u32(w, used);
}

int orca_session_save(orca_session *s, uint8_t *buf, size_t size, size_t *len)
{
    if (s == NULL || s->auth == NULL || buf == NULL || len == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    const orca_clock *clock = s->cfg.clock;
    state_out w = {buf, size, 0, ORCA_OK};
    uint32_t now = orca_session_now(s);
    int64_t wall = 0;
    int wall_known = clock->unix_s != NULL && clock->unix_s(clock->ctx, &wall) == ORCA_OK;
    uint8_t *head = state_room(&w, STATE_HEAD);
    wall = wall_known ? wall : 0;
    state_put_u32(&w, (uint32_t)((uint64_t)wall & 0xFFFFFFFFu)); /* low word first */
    state_put_u32(&w, (uint32_t)((uint64_t)wall >> 32));
    state_put_field(&w, s->cfg.host, strlen(s->cfg.host));
    state_put_field(&w, s->cfg.user, strlen(s->cfg.user));
    state_put_field(&w, s->cfg.tenancy, s->cfg.tenancy != NULL ? strlen(s->cfg.tenancy) : 0u);
    state_put_u32(&w, s->cfg.port);
    state_put_times(s, &w, now);
#if ORCA_WITH_PCA
    state_put_field(&w, s->cfg.pca.cred,
                    s->cfg.service == ORCA_SERVICE_PCA ? s->svc.pca.cred_len : 0u);
#else
    state_put_field(&w, NULL, 0u);
#endif
    state_put_cookies(s, &w, now);
    state_put_transport(s, &w);
    if (head != NULL && w.err == ORCA_OK) {
        size_t body = w.len - STATE_HEAD;
        memcpy(head, state_magic, sizeof state_magic);
        head[4] = STATE_VERSION;
        head[5] = (uint8_t)s->cfg.service;
        head[6] = (uint8_t)((s->signed_in ? FLAG_SIGNED_IN : 0u) |
                            (wall_known ? FLAG_WALL_CLOCK : 0u) | (s->cfg.tls ? FLAG_TLS : 0u));
        head[7] = 0u;
        state_le32(head + 8u, (uint32_t)body);
        state_put_u32(&w, state_crc32(buf, w.len));
    }
    if (w.err != ORCA_OK) {
        orca_wipe(buf, size); /* it may hold a part of the secrets */
        return w.err;
    }
    *len = w.len;
    return ORCA_OK;
}

/* ---- restore ---- */

/* What a state holds, as views into its bytes once read and checked. */
typedef struct state_view {
    uint8_t service, flags;
    int64_t wall;                   /* wall clock at save (FLAG_WALL_CLOCK) */
    uint32_t left, life, used;      /* Classic's times at save, ms */
    /* host, user, tenancy, credential, cookies, transport: each field's end
     * (one past its last byte) and length; it starts at end[f] - len[f], taken
     * where the length is known (a start and a length apart are two unrelated
     * ranges to Frama-C EVA, an end and a length are not; tests/proofs) */
    const uint8_t *end[6];
    size_t len[6];
    uint32_t port;
} state_view;

/* For Frama-C WP (tests/proofs): field f's bytes are readable. */
/*@ predicate readable_field(state_view *v, integer f) =
        \valid_read(v->end[f] - v->len[f] + (0 .. v->len[f] - 1));
 */

enum { F_HOST, F_USER, F_TENANCY, F_CRED, F_COOKIES, F_TRANSPORT };

/* Reads the layout: ORCA_ERR_STATE_CORRUPT for anything cut, damaged or unknown.
 * Not inlined: its frame is gone before the cookies go through the jar's
 * parser (the deepest call of the restore, bench/stack.sh). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid(v);
    assigns *v;
    ensures \result == ORCA_OK ==> readable_field(v, F_COOKIES);
 */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int state_read(const uint8_t *buf, size_t len, state_view *v)
{
    state_in r = {buf, len, 8u, ORCA_OK};
    uint32_t wall_low;
    if (len < STATE_HEAD + STATE_CRC || memcmp(buf, state_magic, sizeof state_magic) != 0 ||
        buf[4] != STATE_VERSION || buf[7] != 0u) {
        return ORCA_ERR_STATE_CORRUPT;
    }
    if (state_get_u32(&r) != len - STATE_HEAD - STATE_CRC) {
        return ORCA_ERR_STATE_CORRUPT; /* cut, or with bytes after it */
    }
    r.pos = len - STATE_CRC;
    if (state_get_u32(&r) != state_crc32(buf, len - STATE_CRC)) {
        return ORCA_ERR_STATE_CORRUPT;
    }
    r.len = len - STATE_CRC;
    r.pos = STATE_HEAD;
    v->service = buf[5];
    v->flags = buf[6];
    wall_low = state_get_u32(&r);
    v->wall = (int64_t)(((uint64_t)state_get_u32(&r) << 32) | wall_low);
    /* for Frama-C (tests/proofs): EVA reads each field apart, WP the writes */
    /*@ loop unroll 3;
        loop assigns f, r.pos, r.err, v->end[F_HOST .. F_TENANCY], v->len[F_HOST .. F_TENANCY];
     */
    for (int f = F_HOST; f <= F_TENANCY; f++) {
        if (state_get_field(&r, &v->end[f], &v->len[f]) != ORCA_OK) {
            return ORCA_ERR_STATE_CORRUPT; /* now: no cut field beside the others (tests/proofs) */
        }
    }
    v->port = state_get_u32(&r);
    v->left = state_get_u32(&r);
    v->life = state_get_u32(&r);
    v->used = state_get_u32(&r);
    /*@ loop unroll 3;
        loop invariant F_CRED <= f <= F_TRANSPORT + 1;
        loop invariant f > F_COOKIES ==> readable_field(v, F_COOKIES);
        loop assigns f, r.pos, r.err, v->end[F_CRED .. F_TRANSPORT], v->len[F_CRED .. F_TRANSPORT];
     */
    for (int f = F_CRED; f <= F_TRANSPORT; f++) {
        if (state_get_field(&r, &v->end[f], &v->len[f]) != ORCA_OK) {
            return ORCA_ERR_STATE_CORRUPT;
        }
    }
    return r.err == ORCA_OK && r.pos == r.len ? ORCA_OK : ORCA_ERR_STATE_CORRUPT;
}

/* ORCA_OK when the state is this session's: same service, host, port,
 * scheme, user and tenancy. */
/*@ assigns \nothing; */
static int state_owned(const orca_session *s, const state_view *v)
{
    const orca_session_config *c = &s->cfg;
    int same = v->service == (uint8_t)c->service && v->port == c->port &&
               ((v->flags & FLAG_TLS) != 0u) == (c->tls != 0u) &&
               state_same(v->end[F_HOST], v->len[F_HOST], c->host) &&
               state_same(v->end[F_USER], v->len[F_USER], c->user) &&
               state_same(v->end[F_TENANCY], v->len[F_TENANCY], c->tenancy);
    return same ? ORCA_OK : ORCA_ERR_STATE_FOREIGN;
}

/* How long the device slept, into *ms (capped at ORCA_CLOCK_MAX_INTERVAL_MS,
 * longer than any lifetime): @p slept_s, else the wall clock now less the one
 * at save. 0 when nothing tells. */
/*@ requires \valid(ms);
    assigns *ms;
 */
static int state_slept(const orca_session *s, const state_view *v, uint32_t slept_s, uint32_t *ms)
{
    const orca_clock *c = s->cfg.clock;
    int64_t now_s;
    uint64_t d;
    if (slept_s == ORCA_SESSION_SLEPT_UNKNOWN) {
        if ((v->flags & FLAG_WALL_CLOCK) == 0u || c->unix_s == NULL ||
            c->unix_s(c->ctx, &now_s) != ORCA_OK || now_s < v->wall) {
            return 0;
        }
        /* unsigned: v->wall is any int64_t (now_s - v->wall overflowed) */
        d = (uint64_t)now_s - (uint64_t)v->wall;
        slept_s = d < ORCA_SESSION_SLEPT_UNKNOWN ? (uint32_t)d : ORCA_SESSION_SLEPT_UNKNOWN - 1u;
    }
    *ms = orca_session_ms(slept_s);
    return 1;
}

#if ORCA_WITH_PCA
/* The PCA token back into the credential buffer: "<prefix><token>", the
 * prefix the config's, the token a VCHAR run as a sign-in answer's must be. */
/*@ requires \valid(s) && \valid_read(v); */
static int state_pca_token(orca_session *s, const state_view *v)
{
    const orca_session_config *c = &s->cfg;
    const char *prefix = c->pca.auth_prefix != NULL ? c->pca.auth_prefix : ORCA_PCA_AUTH_PREFIX;
    size_t n = v->len[F_CRED], prefix_len = strlen(prefix);
    const char *cred;
    if (n >= c->pca.cred_size) {
        return ORCA_ERR_BUFFER_TOO_SMALL; /* this session's buffer cannot hold it */
    }
    /*@ split n; */ /* for Frama-C EVA (tests/proofs): each length with its start */
    cred = (const char *)v->end[F_CRED] - n;
    if (n <= prefix_len || memcmp(cred, prefix, prefix_len) != 0) {
        return n <= prefix_len ? ORCA_ERR_STATE_CORRUPT : ORCA_ERR_STATE_FOREIGN;
    }
    if (!orca_session_token_ok(cred + prefix_len, n - prefix_len)) {
        return ORCA_ERR_STATE_CORRUPT;
    }
    memcpy(c->pca.cred, cred, n);
    s->svc.pca.cred_len = n;
    s->signed_in = 1;
    return ORCA_OK;
}
#endif

#if ORCA_WITH_COOKIES
/* The cookies back into the (empty) jar, aged by the time slept. */
/*@ requires \valid(s) && \valid_read(v) && readable_field(v, F_COOKIES);
    assigns s->jar.used, s->jar.mem[0 .. SIZE_MAX];
 */
static int state_cookies(orca_session *s, const state_view *v, uint32_t slept_ms)
{
    orca_cookie_origin origin = {s->cfg.host, ORCA_SPAN_LITERAL("/"), s->cfg.tls};
    size_t n = v->len[F_COOKIES];
    int rc = orca_cookie_jar_import(&s->jar, (const char *)v->end[F_COOKIES] - n, n, &origin,
                                    s->cfg.clock, slept_ms);
    return rc == ORCA_OK ? ORCA_OK : ORCA_ERR_STATE_CORRUPT;
}
#else
static int state_cookies(orca_session *s, const state_view *v, uint32_t slept_ms)
{
    (void)s;
    (void)slept_ms;
    return v->len[F_COOKIES] == 0u ? ORCA_OK : ORCA_ERR_STATE_CORRUPT;
}
#endif

#if ORCA_WITH_CLASSIC
/* Classic's credential: the nimbula cookie is back in the jar; its time
 * left and the session limit, less the time slept, are the session's again. */
/*@ requires \valid(s) && \valid_read(v); */
static int state_classic(orca_session *s, const state_view *v, uint32_t slept_ms)
{
    uint32_t now = orca_session_now(s), limit = orca_session_ms(s->cfg.classic.session_limit_s);
    if (v->left <= slept_ms || (uint64_t)v->used + slept_ms >= limit) {
        return ORCA_ERR_STATE_EXPIRED;
    }
    if (orca_cookie_jar_find(&s->jar, s->cfg.host, s->auth->cookie, now, NULL) != ORCA_OK) {
        return ORCA_ERR_STATE_EXPIRED; /* its own Max-Age ran out */
    }
    s->svc.classic.deadline_ms = now + (v->left - slept_ms);
    s->svc.classic.lifetime_ms = v->life;
    s->started_ms = now - (v->used + slept_ms);
    s->signed_in = 1;
    return ORCA_OK;
}
#endif

/* The credential and cookies of @p v into the clean session @p s. */
/*@ requires \valid(s) && \valid_read(v) && readable_field(v, F_COOKIES); */
static int state_apply(orca_session *s, const state_view *v, uint32_t slept_s)
{
    uint32_t slept_ms = 0;
    int known = state_slept(s, v, slept_s, &slept_ms);
    int rc = ORCA_OK;
    if (known) { /* cookies whose age is unknown are not trusted */
        rc = state_cookies(s, v, slept_ms);
    }
    if (rc != ORCA_OK || (v->flags & FLAG_SIGNED_IN) == 0u) {
        return rc;
    }
#if ORCA_WITH_PCA
    if (s->cfg.service == ORCA_SERVICE_PCA) {
        return state_pca_token(s, v); /* kept whatever the time: a 401 renews it */
    }
#endif
#if ORCA_WITH_CLASSIC
    if (s->cfg.service == ORCA_SERVICE_CLASSIC && known) {
        return state_classic(s, v, slept_ms);
    }
#endif
    return ORCA_OK; /* signed PCA holds nothing; Classic without the time: sign in again */
}

/* Signed out, with an empty jar: where a failed restore leaves the session. */
static void state_clean(orca_session *s)
{
    s->auth->drop(s);
    s->signed_in = 0;
#if ORCA_WITH_COOKIES
    orca_cookie_jar_free(&s->jar);
    (void)orca_cookie_jar_init(&s->jar, s->cfg.jar_mem, s->cfg.jar_size);
    (void)orca_cookie_jar_set_public_suffix(&s->jar, s->cfg.public_suffix,
                                            s->cfg.public_suffix_ctx);
#endif
}

/* The state in @p buf, read, checked and applied to the clean session @p s,
 * its transport state handed to the hook. Each step returns at once on an
 * error: a view is used only once read whole (tests/proofs: no state of a
 * failed read joins the others'). */
/*@ requires \valid(s) && \valid_read(buf + (0 .. len - 1)); */
static int state_load(orca_session *s, const uint8_t *buf, size_t len, uint32_t slept_s)
{
    const orca_transport_state *t = s->cfg.transport_state;
    state_view v;
    size_t n;
    int rc = state_read(buf, len, &v);
    if (rc != ORCA_OK) {
        return rc;
    }
    rc = state_owned(s, &v);
    if (rc != ORCA_OK) {
        return rc;
    }
    rc = state_apply(s, &v, slept_s);
    n = v.len[F_TRANSPORT];
    if (rc != ORCA_OK || n == 0u || t == NULL || t->load == NULL) {
        return rc;
    }
    /*@ split n; */ /* for Frama-C EVA (tests/proofs): each length with its start */
    return t->load(t->ctx, s->cfg.host, v.end[F_TRANSPORT] - n, n);
}

int orca_session_restore(orca_session *s, const uint8_t *buf, size_t len, uint32_t slept_s)
{
    if (s == NULL || s->auth == NULL || buf == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    state_clean(s);
    int rc = state_load(s, buf, len, slept_s);
    if (rc != ORCA_OK) {
        state_clean(s);
    }
    return rc;
}

#endif /* ORCA_WITH_SESSION_STATE */
