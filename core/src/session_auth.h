/* The auth strategy interface between session.c (the one request cycle) and
 * auth_pca.c / auth_classic.c / auth_pca_signed.c (how each service signs
 * in, carries and renews its credential, or signs each request). Each
 * strategy is one file with one const table of ops and its state in its
 * member of orca_session.svc; a service switched off in config.h
 * (ORCA_WITH_PCA, ORCA_WITH_CLASSIC, ORCA_WITH_PCA_SIGNING) leaves out its
 * file's code and its table, and session.c's entry for it is NULL.
 * Adding a service: docs/sessions.md "Adding a service". Private to core. */
#ifndef ORCA_SESSION_AUTH_H
#define ORCA_SESSION_AUTH_H

#include "orca/session.h"

/* Placeholders of a sign-in body template: each becomes a JSON string. */
#define ORCA_AUTH_USER "\1"
#define ORCA_AUTH_PASSWORD "\2"
#define ORCA_AUTH_TENANCY "\3"

/* What a strategy's renew returns for "call refresh_path": no status. */
#define ORCA_AUTH_REFRESH 1

struct orca_auth_ops {
    const char *media;        /* Accept and Content-Type of the service's calls */
    const char *listing_media; /* Accept of a GET of a path ending in '/'; NULL: media */
    const char *cookie;       /* name of the cookie carrying the credential, or NULL */
    const char *sign_in_path; /* POSTed with ... (NULL: no sign-in, see accept) */
    const char *sign_in_body; /* ... this JSON, with the ORCA_AUTH_* placeholders */
    /* DELETEd to end the session on the server; NULL: nothing to call. */
    const char *sign_out_path;
    /* ORCA_OK when the config holds what the service needs beyond the
     * common members (and the password, which a service with a
     * sign_in_path needs: session.c asks for it), else orca_session_refuse()
     * of the first member that lacks; NULL: nothing more. */
    int (*check)(orca_session *s, const orca_session_config *cfg);
    /* Takes the credential from a 2xx sign-in answer in s->reply (with no
     * sign_in_path: called instead of the sign-in). */
    int (*accept)(orca_session *s);
    /* Adds the credential's header (its value in the strategy's memory) at
     * slot h and returns the next free slot; NULL: none. */
    orca_http_header *(*attach)(orca_session *s, orca_http_header *h);
    /* Adds headers made for this request (a signature) after all others at
     * *h, advancing it; their values go to the work buffer from *own_len on
     * (advancing it), scratch up to @p limit. NULL: none. */
    int (*sign)(orca_session *s, orca_http_header **h, size_t limit, size_t *own_len);
    /* The credential cookie came anew (now in the jar) in an answer
     * received at @p now; NULL with no cookie. */
    void (*cookie_set)(orca_session *s, uint32_t now);
    /* With a credential held: ORCA_OK while it stays good (unless @p force),
     * else ORCA_AUTH_REFRESH to have refresh_path called (GET; a 401 to it
     * means a sign-in), or ORCA_ERR_SESSION_EXPIRED when only a new sign-in
     * can renew it. NULL: the credential is good until a 401. */
    int (*renew)(orca_session *s, int force);
    const char *refresh_path; /* GETs to renew the credential (with renew) */
    /* Wipes or deletes the credential. */
    void (*drop)(orca_session *s);
    /* An answer arrived, to the exchange that started at @p now (request
     * signing learns the server's clock from its Date); NULL: nothing to learn. */
    void (*answered)(orca_session *s, const orca_http_response *res, uint32_t now);
};

/* Which of the optional hooks a strategy's table has, as its registry entry
 * says (tests/unit/test_auth_example.c checks that they agree): a hook no
 * service built in has is not even called, so it costs no code. */
#define ORCA_AUTH_ATTACH 1u     /* attach */
#define ORCA_AUTH_SIGN 2u       /* sign */
#define ORCA_AUTH_ANSWERED 4u   /* answered */
#define ORCA_AUTH_NO_SIGN_IN 8u /* sign_in_path NULL */

/* The registry of services, in orca_service order: one X(table, switch,
 * hooks) each. The service's file (auth_*.c) defines `const struct
 * orca_auth_ops table` when its switch is on; session.c builds its strategy
 * table from this list, with NULL for a service switched off
 * (ORCA_ERR_UNSUPPORTED). */
#define ORCA_AUTH_SERVICES(X)                                                                     \
    X(orca_auth_pca, ORCA_WITH_PCA, ORCA_AUTH_ATTACH)                                             \
    X(orca_auth_classic, ORCA_WITH_CLASSIC, 0u)                                                   \
    X(orca_auth_pca_signed, ORCA_WITH_PCA_SIGNING,                                                \
      ORCA_AUTH_SIGN | ORCA_AUTH_ANSWERED | ORCA_AUTH_NO_SIGN_IN)

#define ORCA_AUTH_DECLARE(table, on, hooks) extern const struct orca_auth_ops table;
ORCA_AUTH_SERVICES(ORCA_AUTH_DECLARE)
#undef ORCA_AUTH_DECLARE

/* The optional hooks of the services built in. */
#define ORCA_AUTH_HOOKS_OF(table, on, hooks) | ((on) ? (hooks) : 0u)
#define ORCA_AUTH_HOOKS (0u ORCA_AUTH_SERVICES(ORCA_AUTH_HOOKS_OF))

/* Seconds a 429 or 503 answer's Retry-After asks a retry to wait
 * (retry_after.c): delay-seconds, or an HTTP-date less the answer's Date
 * (else the wall clock); a date already passed is 0, a huge value INT32_MAX;
 * -1 for none, or one that reads as no delay (a sign, trailing junk, a date
 * without a base), and always without ORCA_WITH_RETRY_AFTER. */
#if ORCA_WITH_RETRY_AFTER
int32_t orca_session_retry_after(const orca_session *s, const orca_http_response *res);
#else
static inline int32_t orca_session_retry_after(const orca_session *s, const orca_http_response *res)
{
    (void)s;
    (void)res;
    return -1;
}
#endif

#if ORCA_WITH_RETRIES
/* The retry policy (session_retry.c), after an exchange of the call in
 * flight that ended with @p rc and @p res (its attempt s->flight.attempt):
 * 1 with *delay_ms, the wait before it goes again (the answer's Retry-After,
 * else exponential backoff with jitter), or 0 when its result is final (not
 * a failure worth repeating, not safe to repeat, body bytes already handed
 * over, retries used up, a Retry-After over cfg.retry_after_max_s). */
int orca_session_retry_delay(const orca_session *s, int rc, const orca_http_response *res,
                             uint32_t *delay_ms);
#endif

#if ORCA_WITH_PCA
/* 1 when the @p len bytes of a PCA token are 1*VCHAR, as a header value
 * takes them as they are (auth_pca.c; a restored token is checked alike). */
int orca_session_token_ok(const char *token, size_t len);
#endif

/* Refuses a config (ORCA_ERR_INVALID_ARG): s->error.message names @p field,
 * "<field> missing" when @p need is 0, else "<field> <have> < <need>"
 * (with ORCA_STATUS_STRINGS; without, bare metal logs numbers: no text). */
#if ORCA_STATUS_STRINGS
int orca_session_refuse(orca_session *s, const char *field, size_t have, size_t need);
#else
static inline int orca_session_refuse(orca_session *s, const char *field, size_t have,
                                      size_t need)
{
    (void)s;
    (void)field;
    (void)have;
    (void)need;
    return ORCA_ERR_INVALID_ARG;
}
#endif

/* The session's clock, now. */
uint32_t orca_session_now(const orca_session *s);

/* Fills header slot h and returns the next one. */
orca_http_header *orca_session_add_header(orca_http_header *h, const char *name, size_t name_len,
                                          const char *value, size_t value_len);

#if ORCA_WITH_JSON_READER
/* Parses the response body as JSON into s->tokens. */
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc);

/* Copies the string member @p key of the root object of @p doc into @p out
 * (unescaped, control bytes replaced by '?', NUL-terminated, cut to fit);
 * "" when absent or not a string. */
void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size);
#endif

/* The strategy's headers after all others at *h (their values in the work
 * buffer after *own_len, up to @p limit). */
static inline int orca_session_attach(orca_session *s, size_t limit, size_t *own_len,
                                      orca_http_header **h)
{
    int rc = ORCA_OK;
    if ((ORCA_AUTH_HOOKS & ORCA_AUTH_ATTACH) != 0u && s->auth->attach != NULL) {
        *h = s->auth->attach(s, *h);
    }
    if ((ORCA_AUTH_HOOKS & ORCA_AUTH_SIGN) != 0u && s->auth->sign != NULL) {
        orca_http_header *end = *h; /* only this copy's address escapes */
        rc = s->auth->sign(s, &end, limit, own_len);
        *h = end;
    }
    return rc;
}

/* Every answer, to the exchange that started at @p now. */
static inline void orca_session_answered(orca_session *s, const orca_http_response *res,
                                         uint32_t now)
{
    if ((ORCA_AUTH_HOOKS & ORCA_AUTH_ANSWERED) != 0u && s->auth->answered != NULL) {
        s->auth->answered(s, res, now);
    }
}

/* 1 when the session's service has no sign-in (accept stands for it). */
static inline int orca_session_no_sign_in(const orca_session *s)
{
    return (ORCA_AUTH_HOOKS & ORCA_AUTH_NO_SIGN_IN) != 0u && s->auth->sign_in_path == NULL;
}

/* Seconds as milliseconds, capped at the longest interval the wrapping tick
 * can tell apart (Classic's lifetimes and limit, Retry-After). */
uint32_t orca_session_ms(uint32_t seconds);

#if ORCA_WITH_DATE_PARSER
/* The `Date` of the last answer (read once, session.c) in epoch seconds,
 * into *out (untouched otherwise): ORCA_OK, ORCA_ERR_NOT_FOUND, or
 * ORCA_ERR_BAD_DATE. What the cookie Expires, Retry-After dates and a signer
 * without wall clock are measured against. */
int orca_session_answer_date(const orca_session *s, int64_t *out);
#endif

/* Fills s->error from the error answer @p res (session_reply.c): status,
 * request id, the server's code and message, Retry-After. */
void orca_session_set_error(orca_session *s, const orca_http_response *res);

/* Copies the header value @p value into @p out (NUL-terminated, bytes other
 * than printable ASCII replaced by '?', cut to fit); "" for an absent one. */
void orca_session_copy_span(orca_span value, char *out, size_t size);

#endif /* ORCA_SESSION_AUTH_H */
