/* Compute Classic auth strategy: POST /authenticate/ answers 204 with the
 * nimbula cookie, which the jar keeps and session.c sends and tracks on
 * every call; GET /refresh/ extends it while the session limit leaves room,
 * after that (or once refresh is refused) the session authenticates again.
 * Classic has no logout call. */
#include <string.h>

#include "session_auth.h"

static int classic_sign_in(orca_session *s)
{
    static const char *const keys[] = {"user", "password"};
    s->started_ms = s->cfg.clock->now_ms(s->cfg.clock->ctx);
    int rc = orca_session_sign_in_call(s, "/authenticate/", keys, 2u);
    if (rc == ORCA_OK && !s->signed_in) {
        rc = ORCA_ERR_BAD_RESPONSE; /* 2xx without a nimbula cookie */
    }
    return rc;
}

static int classic_renew(orca_session *s)
{
    const orca_session_config *c = &s->cfg;
    uint32_t elapsed = c->clock->now_ms(c->clock->ctx) - s->started_ms;
    uint32_t limit = orca_session_ms(c->session_limit_s);
    if (elapsed < limit && limit - elapsed > orca_session_margin_ms(s)) {
        int rc = orca_session_plain_call(s, "GET", "/refresh/");
        if (rc != ORCA_ERR_HTTP || s->error.status != 401u) {
            return rc;
        }
    }
    return ORCA_ERR_SESSION_EXPIRED; /* orca_session_renew() signs in instead */
}

const struct orca_auth_ops orca_auth_classic = {
    ORCA_CLASSIC_MEDIA, "nimbula", classic_sign_in, classic_renew, NULL,
};
