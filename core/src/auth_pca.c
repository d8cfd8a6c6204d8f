/* PCA 3.0 auth strategy (docs/protocol.md): POST /20160918/login answers {"tenancyId","token",
 * "userId"}; the token goes on later calls as "<header>: <prefix><token>"
 * (Authorization: Bearer by default); no known lifetime, no refresh call:
 * a 401 makes the session sign in again. DELETE /20160918/logout ends it. */
#include <string.h>

#include "orca/wipe.h"
#include "session_auth.h"

#if ORCA_WITH_PCA

/* A tenancy and a token buffer that holds the prefix and a token are required. */
static int pca_check(orca_session *s, const orca_session_config *cfg)
{
    size_t need =
        strlen(cfg->pca.auth_prefix != NULL ? cfg->pca.auth_prefix : ORCA_PCA_AUTH_PREFIX) + 1u;
    if (cfg->tenancy == NULL || cfg->pca.cred == NULL) {
        return orca_session_refuse(s, cfg->tenancy == NULL ? "tenancy" : "pca.cred", 0u, 0u);
    }
    return cfg->pca.cred_size < need
               ? orca_session_refuse(s, "pca.cred_size", cfg->pca.cred_size, need)
               : ORCA_OK;
}

/* A token goes into a header as it is, so it is 1*VCHAR: a control byte
 * (CR, LF, NUL...), a space or a non-ASCII byte makes the answer bad (the
 * server's fault, not a header the caller asked for). */
int orca_session_token_ok(const char *token, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)token[i] - 0x21u > 0x7Eu - 0x21u) {
            return 0;
        }
    }
    return 1;
}

static int pca_accept(orca_session *s)
{
    const orca_session_config *c = &s->cfg;
    const char *prefix = c->pca.auth_prefix != NULL ? c->pca.auth_prefix : ORCA_PCA_AUTH_PREFIX;
    size_t prefix_len = strlen(prefix), len = 0;
    orca_json doc;
    if (orca_session_json(s, &s->reply, &doc) != ORCA_OK) {
        return ORCA_ERR_BAD_RESPONSE;
    }
    if (prefix_len >= c->pca.cred_size) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(c->pca.cred, prefix, prefix_len);
    int tok = orca_json_find(&doc, 0, "token");
    int rc = orca_json_copy_string(&doc, tok, c->pca.cred + prefix_len,
                                   c->pca.cred_size - prefix_len, &len);
    if (rc == ORCA_ERR_TRUNCATED) { /* the token as sent (escapes and all) bounds its need */
        size_t sent = (size_t)(doc.tokens[tok].end - doc.tokens[tok].start);
        (void)orca_session_refuse(s, "pca.cred_size", c->pca.cred_size, prefix_len + sent + 1u);
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    if (rc != ORCA_OK || len == 0u) {
        return ORCA_ERR_BAD_RESPONSE;
    }
    if (!orca_session_token_ok(c->pca.cred + prefix_len, len)) {
        return ORCA_ERR_BAD_TOKEN; /* the caller wipes cred */
    }
    orca_pca_state *st = &s->svc.pca;
    st->cred_len = prefix_len + len;
    s->signed_in = 1;
    orca_session_copy_member(&doc, "tenancyId", st->tenancy_id, sizeof st->tenancy_id);
    orca_session_copy_member(&doc, "userId", st->user_id, sizeof st->user_id);
    orca_session_copy_span(s->answer.first[ORCA_ANSWER_ETAG], st->etag, sizeof st->etag);
    return ORCA_OK;
}

static orca_http_header *pca_attach(orca_session *s, orca_http_header *h)
{
    const char *name =
        s->cfg.pca.auth_header != NULL ? s->cfg.pca.auth_header : ORCA_PCA_AUTH_HEADER;
    if (s->svc.pca.cred_len == 0u) {
        return h;
    }
    return orca_session_add_header(h, name, strlen(name), s->cfg.pca.cred, s->svc.pca.cred_len);
}

static void pca_drop(orca_session *s)
{
    orca_wipe(s->cfg.pca.cred, s->cfg.pca.cred_size); /* pca_check: never NULL */
    s->svc.pca.cred_len = 0;
}

const struct orca_auth_ops orca_auth_pca = {
    .media = ORCA_PCA_MEDIA,
    .sign_in_path = "/20160918/login",
    .sign_in_body = "{\"username\":" ORCA_AUTH_USER ",\"password\":" ORCA_AUTH_PASSWORD
                    ",\"tenancy\":" ORCA_AUTH_TENANCY "}",
    .sign_out_path = "/20160918/logout",
    .check = pca_check,
    .accept = pca_accept,
    .attach = pca_attach,
    .drop = pca_drop,
};

#endif /* ORCA_WITH_PCA */
