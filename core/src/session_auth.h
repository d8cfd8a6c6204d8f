/* The auth strategy interface between session.c (the one request cycle) and
 * auth_pca.c / auth_classic.c (how each service signs in and renews).
 * Private to core. */
#ifndef ORCA_SESSION_AUTH_H
#define ORCA_SESSION_AUTH_H

#include "orca/session.h"

/* Placeholders of a sign-in body template: each becomes a JSON string. */
#define ORCA_AUTH_USER "\1"
#define ORCA_AUTH_PASSWORD "\2"
#define ORCA_AUTH_TENANCY "\3"

struct orca_auth_ops {
    const char *media;        /* Accept and Content-Type of the service's calls */
    const char *cookie;       /* name of the cookie carrying the credential, or NULL */
    const char *sign_in_path; /* POSTed with ... */
    const char *sign_in_body; /* ... this JSON, with the ORCA_AUTH_* placeholders */
    /* GET here renews a credential about to expire while the session limit
     * leaves room (a new credential comes as a Set-Cookie); NULL: the service
     * cannot renew, the session signs in again. */
    const char *refresh_path;
    /* DELETEd to end the session on the server; NULL: nothing to call. */
    const char *sign_out_path;
    /* Takes the credential from a 2xx sign-in answer in s->reply. */
    int (*accept)(orca_session *s);
};

extern const struct orca_auth_ops orca_auth_pca;
extern const struct orca_auth_ops orca_auth_classic;

/* Parses the response body as JSON into s->tokens. */
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc);

/* Copies the string member @p key of the root object of @p doc into @p out
 * (unescaped, control bytes replaced by '?', NUL-terminated, cut to fit);
 * "" when absent or not a string. */
void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size);

/* Copies header @p name of @p res into @p out (NUL-terminated, bytes other
 * than printable ASCII replaced by '?'); "" when absent. */
void orca_session_copy_header(const orca_http_response *res, const char *name, char *out,
                              size_t size);

#endif /* ORCA_SESSION_AUTH_H */
