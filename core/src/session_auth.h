/* The auth strategy interface between session.c (the one request cycle) and
 * auth_pca.c / auth_classic.c (how each service signs in, carries and renews
 * its credential). Each strategy is one const table; a service switched off
 * in config.h (ORCA_WITH_PCA, ORCA_WITH_CLASSIC) leaves out its file's code
 * and its table. Private to core. */
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
    /* DELETEd to end the session on the server; NULL: nothing to call. */
    const char *sign_out_path;
    /* 1 when the config holds what the service needs beyond the common
     * members; NULL: nothing more. */
    int (*configured)(const orca_session_config *cfg);
    /* Takes the credential from a 2xx sign-in answer in s->reply. */
    int (*accept)(orca_session *s);
    /* Adds the credential's header at slot h and returns the next free slot;
     * NULL: the credential travels in the jar's Cookie header. */
    orca_http_header *(*attach)(orca_session *s, orca_http_header *h);
    /* The credential cookie came anew (now in the jar) in an answer
     * received at @p now; NULL with no cookie. */
    void (*cookie_set)(orca_session *s, uint32_t now);
    /* With a credential held: ORCA_OK while it stays good (unless @p force),
     * else renews it, or ORCA_ERR_SESSION_EXPIRED when only a new sign-in can.
     * NULL: the credential is good until a 401. */
    int (*renew)(orca_session *s, int force);
    /* Wipes or deletes the credential. */
    void (*drop)(orca_session *s);
};

#if ORCA_WITH_PCA
extern const struct orca_auth_ops orca_auth_pca;
#endif
#if ORCA_WITH_CLASSIC
extern const struct orca_auth_ops orca_auth_classic;
#endif

/* The session's clock, now. */
uint32_t orca_session_now(const orca_session *s);

/* One internal call (refresh, logout) with no body: the answer goes to
 * s->reply; ORCA_ERR_HTTP (s->error filled) for a status of 400 and above. */
int orca_session_plain_call(orca_session *s, const char *method, const char *path);

/* Fills header slot h and returns the next one. */
orca_http_header *orca_session_add_header(orca_http_header *h, const char *name,
                                          size_t name_len, const char *value, size_t value_len);

#if ORCA_WITH_JSON_READER
/* Parses the response body as JSON into s->tokens. */
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc);

/* Copies the string member @p key of the root object of @p doc into @p out
 * (unescaped, control bytes replaced by '?', NUL-terminated, cut to fit);
 * "" when absent or not a string. */
void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size);
#endif

/* Copies header @p name of @p res into @p out (NUL-terminated, bytes other
 * than printable ASCII replaced by '?'); "" when absent. */
void orca_session_copy_header(const orca_http_response *res, const char *name, char *out,
                              size_t size);

#endif /* ORCA_SESSION_AUTH_H */
