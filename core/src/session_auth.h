/* The auth strategy interface between session.c (the one request cycle) and
 * auth_pca.c / auth_classic.c (how each service signs in and renews).
 * Private to core. */
#ifndef ORCA_SESSION_AUTH_H
#define ORCA_SESSION_AUTH_H

#include "orca/session.h"

struct orca_auth_ops {
    const char *media;  /* Accept and Content-Type of the service's calls */
    const char *cookie; /* name of the cookie carrying the credential, or NULL */
    /* Signs in; the old credential is already dropped. */
    int (*sign_in)(orca_session *s);
    /* Renews a credential about to expire; NULL: sign in again. Returns
     * ORCA_ERR_SESSION_EXPIRED when only a new sign-in can renew it. */
    int (*renew)(orca_session *s);
    /* Ends the session on the server; NULL: nothing to call. */
    int (*sign_out)(orca_session *s);
};

extern const struct orca_auth_ops orca_auth_pca;
extern const struct orca_auth_ops orca_auth_classic;

/* Sends a sign-in call with the JSON body {keys[0]: user, keys[1]: password,
 * keys[2]: tenancy} (count members; wiped once sent), through the retries but
 * never the credential check or the 401 replay; the answer is in s->reply.
 * Returns ORCA_ERR_AUTH on 401/403 and ORCA_ERR_HTTP on other error
 * statuses (s->error filled), else the exchange's status. */
int orca_session_sign_in_call(orca_session *s, const char *path, const char *const *keys,
                              size_t count);

/* Writes the sign-in body of orca_session_sign_in_call() into out (cap
 * bytes), its length in *len. Separate (not static) so that its frame is not
 * stacked under the exchange's. */
int orca_session_sign_in_body(const orca_session *s, const char *const *keys, size_t count,
                              char *out, size_t cap, size_t *len);

/* One call with the credential attached and the retries, no 401 replay;
 * the answer is in s->reply. Returns ORCA_ERR_HTTP (s->error filled) for
 * statuses of 400 and above. */
int orca_session_plain_call(orca_session *s, const char *method, const char *path);

/* Parses the response body as JSON into s->tokens. */
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc);

/* Copies header @p name of @p res into @p out (NUL-terminated, control bytes
 * replaced); "" when absent. */
void orca_session_copy_header(const orca_http_response *res, const char *name, char *out,
                              size_t size);

/* @p seconds in milliseconds, saturated at ORCA_CLOCK_MAX_INTERVAL_MS. */
uint32_t orca_session_ms(uint32_t seconds);

/* The renew margin: min(renew_margin_s, lifetime / 6), in milliseconds. */
uint32_t orca_session_margin_ms(const orca_session *s);

/* Drops the credential (token wiped, cookie deleted); the session is then signed out. */
void orca_session_drop(orca_session *s);

#endif /* ORCA_SESSION_AUTH_H */
