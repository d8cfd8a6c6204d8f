/* EVA driver: Retry-After (retry_after.c, orca_session_retry_after) of an
 * answer of any status, from the answer record as session.c fills it while
 * the parser reads the head: the Retry-After value, a view of IN_MAX unknown
 * bytes or fewer, or none ({NULL, 0}); the Date, another such view read by
 * orca_date_parse_cookie as session.c reads it (or none); a wall clock that
 * answers anything, or none. */
#include "__fc_builtin.h"
#include "proof_clock.h"

#include "orca/date.h"
#include "orca/session.h"
#include "session_auth.h"

#ifndef IN_MAX
#define IN_MAX 64
#endif


int main(void)
{
    static char value[IN_MAX], date[IN_MAX];
    static orca_session s;
    static orca_clock clock = {now_ms, unix_s, NULL, NULL, NULL};
    orca_span *retry = &s.answer.first[ORCA_ANSWER_RETRY_AFTER];
    orca_http_response res = {0};
    Frama_C_make_unknown(value, IN_MAX);
    Frama_C_make_unknown(date, IN_MAX);
    if (Frama_C_nondet(0, 1)) {
        clock.unix_s = NULL;
    }
    s.cfg.clock = &clock;
    if (Frama_C_nondet(0, 1)) { /* present (an empty value counts) */
        retry->ptr = value;
        retry->len = Frama_C_size_t_interval(0, IN_MAX);
    }
    /* the Date, as session.c reads it into the answer record */
    s.answer.date_rc = ORCA_ERR_NOT_FOUND;
    if (Frama_C_nondet(0, 1)) {
        s.answer.date_rc = (int16_t)orca_date_parse_cookie(
            date, Frama_C_size_t_interval(0, IN_MAX), &s.answer.date_s);
    }
    res.status = Frama_C_unsigned_short_interval(100, 999);
    return (int)orca_session_retry_after(&s, &res);
}
