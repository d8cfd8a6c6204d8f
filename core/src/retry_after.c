/* Retry-After (RFC 9110 10.2.3) of a 429 or 503 answer, read as the seconds
 * a retry waits (session.c's retries, ORCA_WITH_RETRY_AFTER): delay-seconds,
 * or an HTTP-date less the answer's own Date. Server-supplied: every form
 * that is not one of those two is ignored, numbers saturate. */
#include "orca/date.h"
#include "session_auth.h"

#if ORCA_WITH_RETRY_AFTER

/* The base an HTTP-date is measured from: the answer's Date, else the wall clock. */
static int retry_after_base(const orca_session *s, int64_t *base)
{
    const orca_clock *c = s->cfg.clock;
    if (orca_session_answer_date(s, base) == ORCA_OK) {
        return ORCA_OK;
    }
    return c->unix_s != NULL ? c->unix_s(c->ctx, base) : ORCA_ERR_UNSUPPORTED;
}

int32_t orca_session_retry_after(const orca_session *s, const orca_http_response *res)
{
    orca_span v = s->answer.first[ORCA_ANSWER_RETRY_AFTER]; /* the answer record is res's */
    int64_t when = 0, base; /* set: the date contract compares it on failure (tests/proofs) */
    uint64_t wait;
    uint32_t secs = 0;
    size_t i = 0;
    if ((res->status != 429u && res->status != 503u) || v.len == 0u) {
        return -1;
    }
    for (uint32_t d; i < v.len && (d = (unsigned char)v.ptr[i] - 48u) < 10u; i++) { /* '0' */
        secs = secs > (INT32_MAX - d) / 10u ? INT32_MAX : secs * 10u + d;
    }
    if (i > 0u) { /* delay-seconds, and nothing after it */
        return i == v.len ? (int32_t)secs : -1;
    }
    if (orca_date_parse_cookie(v.ptr, v.len, &when) != ORCA_OK ||
        retry_after_base(s, &base) != ORCA_OK) {
        return -1;
    }
    /* unsigned: the difference of any two int64_t fits (a wall clock far
     * before 1970 made when - base overflow) */
    wait = (uint64_t)when - (uint64_t)base;
    return when <= base ? 0 : wait > INT32_MAX ? INT32_MAX : (int32_t)wait;
}

#else
typedef int orca_retry_after_off; /* ISO C: no empty translation unit */
#endif
