/* EVA driver: Retry-After (retry_after.c) and the response's Date
 * (orca_session_answer_date, session_reply.c) read from IN_MAX unknown header
 * bytes or fewer (a superset of the header block the parser hands over), any
 * status, with or without a wall clock that answers anything. */
#include "__fc_builtin.h"

#include "orca/session.h"
#include "session_auth.h"

#ifndef IN_MAX
#define IN_MAX 64
#endif

static int unix_s(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = Frama_C_long_long_interval(INT64_MIN, INT64_MAX);
    return Frama_C_nondet(ORCA_OK, ORCA_ERR_UNSUPPORTED);
}

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return Frama_C_unsigned_int_interval(0, UINT32_MAX);
}

int main(void)
{
    static char headers[IN_MAX];
    static orca_session s;
    static orca_clock clock = {now_ms, unix_s, NULL, NULL, NULL};
    orca_http_response res = {0};
    int64_t date = 0;
    Frama_C_make_unknown(headers, IN_MAX);
    if (Frama_C_nondet(0, 1)) {
        clock.unix_s = NULL;
    }
    s.cfg.clock = &clock;
    res.status = Frama_C_unsigned_short_interval(100, 999);
    res.headers = headers;
    res.headers_len = Frama_C_size_t_interval(0, IN_MAX);
    (void)orca_session_answer_date(&res, &date);
    return (int)orca_session_retry_after(&s, &res);
}
