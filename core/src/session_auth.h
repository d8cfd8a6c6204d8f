/* The auth strategy interface between session.c (the one request cycle) and
 * auth_pca.c / auth_classic.c (how each service signs in and renews).
 * Private to core. */
#ifndef ORCA_SESSION_AUTH_H
#define ORCA_SESSION_AUTH_H

#include "orca/session.h"

struct orca_auth_ops {
    const char *media;  /* Accept and Content-Type of the service's calls */
    const char *cookie; /* name of the cookie carrying the credential, or NULL */
    const char *sign_in_path; /* POSTed with the JSON body {keys[0]: user, */
    const char *const *keys;  /* keys[1]: password[, keys[2]: tenancy]} */
    size_t key_count;
    /* GET here renews a credential about to expire while the session limit
     * leaves room (a new credential comes as a Set-Cookie); NULL: the service
     * cannot renew, the session signs in again. */
    const char *refresh_path;
    /* Takes the credential from a 2xx sign-in answer in s->reply. */
    int (*accept)(orca_session *s);
    /* Ends the session on the server; NULL: nothing to call. */
    int (*sign_out)(orca_session *s);
};

extern const struct orca_auth_ops orca_auth_pca;
extern const struct orca_auth_ops orca_auth_classic;

/* Writes the sign-in body of the strategy into out (cap bytes), its length
 * in *len. Separate (not static) so that its frame is not stacked under the
 * exchange's. */
int orca_session_sign_in_body(const orca_session *s, const char *const *keys, size_t count,
                              char *out, size_t cap, size_t *len);

/* One call with the credential attached and the retries, no 401 replay;
 * the answer is in s->reply. Returns ORCA_ERR_HTTP (s->error filled) for
 * statuses of 400 and above. */
int orca_session_plain_call(orca_session *s, const char *method, const char *path);

/* Parses the response body as JSON into s->tokens. */
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc);

/* Copies the string member @p key of the root object of @p doc into @p out
 * (NUL-terminated, cut to fit); "" when absent or not a string. */
void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size);

/* Copies header @p name of @p res into @p out (NUL-terminated, control bytes
 * replaced); "" when absent. */
void orca_session_copy_header(const orca_http_response *res, const char *name, char *out,
                              size_t size);

#endif /* ORCA_SESSION_AUTH_H */
