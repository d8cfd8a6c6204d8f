/* Compute Classic auth strategy (docs/protocol.md): POST /authenticate/ answers 204 with the
 * nimbula cookie, which the jar keeps and sends on every call. Its expiry is
 * tracked here: min(the cookie's own, the token lifetime cap, what is left of
 * the session limit). Before it expires GET /refresh/ extends it while the
 * session limit leaves room; after that (or once refresh is refused) the
 * session authenticates again. Any answer may carry a new nimbula cookie.
 * Classic has no logout call. */
#include "orca/wipe.h"
#include "session_auth.h"

#if ORCA_WITH_CLASSIC

#define CLASSIC_COOKIE "nimbula"

/* Keeps a helper's frame out of its caller's (whose frame is live during
 * the deepest calls). */
#if defined(__GNUC__)
#define CLASSIC_NOINLINE __attribute__((noinline))
#else
#define CLASSIC_NOINLINE
#endif

/* What is left of the session limit at @p now (0 once it is reached). */
CLASSIC_NOINLINE static uint32_t classic_session_left_ms(const orca_session *s, uint32_t now)
{
    uint32_t limit = orca_session_ms(s->cfg.classic.session_limit_s), elapsed = now - s->started_ms;
    return elapsed < limit ? limit - elapsed : 0u;
}

/* The renew margin: min(renew_margin_s, lifetime / 6), in milliseconds. */
static uint32_t classic_margin_ms(const orca_session *s)
{
    uint32_t margin = orca_session_ms(s->cfg.classic.renew_margin_s);
    uint32_t sixth = s->svc.classic.lifetime_ms / 6u;
    return margin < sixth ? margin : sixth;
}

/* A nimbula cookie arrived at @p now: its lifetime is min(what the jar
 * knows, the token lifetime cap, what is left of the session limit). */
static void classic_track_cookie(orca_session *s, uint32_t now)
{
    orca_cookie_info info;
    uint32_t life = orca_session_ms(s->cfg.classic.token_lifetime_s),
             left = classic_session_left_ms(s, now);
    /* Not found (refused or deleted) or empty ("nimbula="): signed out. Never
     * expired: the exchange's Cookie header purged the jar at this same now,
     * and a cookie stored since (on the monotonic tick) has a deadline at
     * least a second after it. */
    if (orca_cookie_jar_find(&s->jar, s->cfg.host, CLASSIC_COOKIE, now, &info) != ORCA_OK ||
        info.value_len == 0u) {
        s->signed_in = 0;
        return;
    }
    if (info.expiry == ORCA_COOKIE_EXPIRY_KNOWN && info.remaining_ms < life) {
        life = info.remaining_ms;
    }
    if (left < life) {
        life = left;
    }
    s->svc.classic.lifetime_ms = life;
    s->svc.classic.deadline_ms = now + life;
    s->signed_in = 1;
}

static int classic_accept(orca_session *s)
{
    /* classic_track_cookie took the nimbula cookie of the answer, if there
     * was one; a jar too small for it is the caller's to fix, not the server's. */
    int rc = s->cookie_rc;
    if (s->signed_in) {
        return ORCA_OK;
    }
    return rc == ORCA_ERR_JAR_FULL || rc == ORCA_ERR_COOKIE_TOO_LARGE ? rc : ORCA_ERR_BAD_RESPONSE;
}

/* GET /refresh/ while the token is valid and the session limit leaves more
 * than the margin: an expired token cannot be refreshed. */
static int classic_renew(orca_session *s, int force)
{
    uint32_t now = orca_session_now(s), margin = classic_margin_ms(s);
    int32_t left = orca_clock_remaining(now, s->svc.classic.deadline_ms);
    if (!force && left > (int32_t)margin) {
        return ORCA_OK;
    }
    if (left <= 0 || classic_session_left_ms(s, now) <= margin) {
        return ORCA_ERR_SESSION_EXPIRED;
    }
    return ORCA_AUTH_REFRESH;
}

static void classic_drop(orca_session *s)
{
    s->cookie_rc = ORCA_OK; /* what the next sign-in's answer brings counts */
    (void)orca_cookie_jar_delete(&s->jar, s->cfg.host, CLASSIC_COOKIE);
}

const struct orca_auth_ops orca_auth_classic = {
    .media = ORCA_CLASSIC_MEDIA,
    .listing_media = ORCA_CLASSIC_MEDIA_DIRECTORY,
    .cookie = CLASSIC_COOKIE,
    .sign_in_path = "/authenticate/",
    .sign_in_body = "{\"user\":" ORCA_AUTH_USER ",\"password\":" ORCA_AUTH_PASSWORD "}",
    .accept = classic_accept,
    .cookie_set = classic_track_cookie,
    .renew = classic_renew,
    .refresh_path = "/refresh/",
    .drop = classic_drop,
};

#endif /* ORCA_WITH_CLASSIC */
