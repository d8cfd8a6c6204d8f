/* Compute Classic auth strategy: POST /authenticate/ answers 204 with the
 * nimbula cookie, which the jar keeps and session.c sends and tracks on
 * every call; GET /refresh/ extends it while the session limit leaves room
 * (session.c renews through refresh_path), after that (or once refresh is
 * refused) the session authenticates again. Classic has no logout call. */
#include "session_auth.h"

static int classic_accept(orca_session *s)
{
    /* session.c took the nimbula cookie of the answer, if there was one. */
    return s->signed_in ? ORCA_OK : ORCA_ERR_BAD_RESPONSE;
}

const struct orca_auth_ops orca_auth_classic = {
    .media = ORCA_CLASSIC_MEDIA,
    .cookie = "nimbula",
    .sign_in_path = "/authenticate/",
    .sign_in_body = "{\"user\":" ORCA_AUTH_USER ",\"password\":" ORCA_AUTH_PASSWORD "}",
    .refresh_path = "/refresh/",
    .accept = classic_accept,
};
