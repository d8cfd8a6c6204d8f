/* The one request cycle of both services (design.md "Data flow of one call"):
 * ensure the credential, write, send, parse, keep Set-Cookie and the request
 * id, deliver the body; 401 replay, retries (ORCA_WITH_RETRIES: when and how
 * long to wait is the policy of session_retry.c), error details. What differs between
 * PCA, Classic and signed PCA is in auth_pca.c / auth_classic.c /
 * auth_pca_signed.c. */
#include <string.h>

#include "orca/date.h"
#include "orca/wipe.h"
#include "http_chars.h"
#include "session_auth.h"
#include "text_out.h"

/* Keeps a helper's frame out of its caller's (whose frame is live during
 * the deepest calls). */
#if defined(__GNUC__)
#define SESSION_NOINLINE __attribute__((noinline))
#else
#define SESSION_NOINLINE
#endif

/* The strategy of each service, in orca_service order (ORCA_AUTH_SERVICES);
 * NULL when its service is switched off (its table is not built). */
#define SESSION_STRATEGY(table, on, hooks) (on) ? &table : NULL,
static const struct orca_auth_ops *const session_strategies[] = {
    ORCA_AUTH_SERVICES(SESSION_STRATEGY)};
#undef SESSION_STRATEGY

/* The strategy of @p service, or NULL: no such service, or switched off. */
static const struct orca_auth_ops *session_strategy(orca_service service)
{
    return (unsigned)service < sizeof session_strategies / sizeof session_strategies[0]
               ? session_strategies[service]
               : NULL;
}

#if ORCA_WITH_COOKIES
static int session_jar_init(orca_session *s, const orca_session_config *cfg)
{
    /* A jar that holds no cookie would only fail later, at the sign-in. */
    if (cfg->jar_mem == NULL || cfg->jar_size < ORCA_SESSION_MIN_JAR) {
        return orca_session_refuse(s, cfg->jar_mem == NULL ? "jar_mem" : "jar_size",
                                   cfg->jar_size, cfg->jar_mem == NULL ? 0u : ORCA_SESSION_MIN_JAR);
    }
    int rc = orca_cookie_jar_init(&s->jar, cfg->jar_mem, cfg->jar_size);
    return rc == ORCA_OK ? orca_cookie_jar_set_public_suffix(&s->jar, cfg->public_suffix,
                                                             cfg->public_suffix_ctx)
                         : rc;
}

static void session_jar_free(orca_session *s)
{
    orca_cookie_jar_free(&s->jar);
}

/* 1 when the Set-Cookie value @p v (OWS already trimmed by the parser) sets
 * the cookie called @p name. */
static int session_sets(orca_span v, const char *name)
{
    size_t n = strlen(name);
    return v.len > n && memcmp(v.ptr, name, n) == 0 && v.ptr[n] == '=';
}

/* Every Set-Cookie of the answer goes to the jar, with the answer's Date,
 * the reference an Expires is measured against (without Expires the jar
 * needs none). @return 1 when one of them set the credential cookie anew.
 * Left to be inlined: out of line, its frame adds to the deepest chain. */
static int session_keep_cookies(orca_session *s)
{
    const orca_session_answer *a = &s->answer;
    const char *cookie = s->auth->cookie;
    const int64_t *date = ORCA_WITH_COOKIE_EXPIRES && a->date_rc == ORCA_OK ? &a->date_s : NULL;
    int fresh = 0;
    for (size_t i = 0; i < a->cookie_count; i++) {
        /* A cookie the jar refuses (bad domain, too large) is simply not
         * kept; for the credential, the strategy can tell why. */
        int rc = orca_cookie_jar_store(&s->jar, a->cookies[i].ptr, a->cookies[i].len, &s->origin,
                                       date, s->cfg.clock);
        if (cookie != NULL && session_sets(a->cookies[i], cookie)) {
            fresh = 1;
            s->cookie_rc = rc;
        }
    }
    return fresh;
}

/* The Cookie header of the call, if the jar has cookies for it: its value
 * goes at the start of the work buffer (*cookie_len bytes, at most limit). */
static int session_cookie_header(orca_session *s, size_t limit, uint32_t now, size_t *cookie_len,
                                 orca_http_header **h)
{
    char *value = (char *)s->cfg.work;
    int rc = orca_cookie_jar_header(&s->jar, &s->origin, now, value, limit, cookie_len);
    if (*cookie_len > 0u) {
        *h = orca_session_add_header(*h, "Cookie", 6u, value, *cookie_len);
    }
    return rc;
}
#else
/* Without cookies: no jar, nothing kept, no Cookie header. */
static int session_jar_init(orca_session *s, const orca_session_config *cfg)
{
    (void)s;
    (void)cfg;
    return ORCA_OK;
}

static void session_jar_free(orca_session *s)
{
    (void)s;
}

static int session_keep_cookies(orca_session *s)
{
    (void)s;
    return 0;
}

static int session_cookie_header(orca_session *s, size_t limit, uint32_t now, size_t *cookie_len,
                                 orca_http_header **h)
{
    (void)s;
    (void)limit;
    (void)now;
    (void)h;
    *cookie_len = 0;
    return ORCA_OK;
}
#endif /* ORCA_WITH_COOKIES */

void orca_session_config_defaults(orca_session_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->tls = 1u;
    cfg->classic.renew_margin_s = ORCA_SESSION_RENEW_MARGIN_S;
    cfg->max_retries = ORCA_SESSION_MAX_RETRIES;
    cfg->backoff_ms = ORCA_SESSION_BACKOFF_MS;
    cfg->classic.token_lifetime_s = ORCA_CLASSIC_TOKEN_LIFETIME_S;
    cfg->classic.session_limit_s = ORCA_CLASSIC_SESSION_LIMIT_S;
    cfg->retry_after_max_s = ORCA_SESSION_RETRY_AFTER_MAX_S;
}

#if ORCA_STATUS_STRINGS
/* Makes s->error a refusal (nothing else of an earlier error stays) whose
 * message names @p field: "<field> missing" for no @p relation, else
 * "<field> <have><relation><limit>" or, with a @p tail, "<field> <have>
 * <relation><tail>". */
static void session_explain(orca_session *s, const char *field, size_t have,
                            const char *relation, size_t limit, const char *tail)
{
    orca_text_out w = {s->error.message, sizeof s->error.message - 1u, 0u, ORCA_OK};
    memset(&s->error, 0, sizeof s->error);
    s->error.retry_after_s = -1;
    orca_text_put(&w, field, strlen(field));
    if (relation == NULL) {
        orca_text_put(&w, " missing", 8u);
    } else {
        orca_text_put(&w, " ", 1u);
        orca_text_uint(&w, have);
        orca_text_put(&w, relation, strlen(relation));
        if (tail != NULL) {
            orca_text_put(&w, tail, strlen(tail));
        } else {
            orca_text_uint(&w, limit);
        }
    }
    s->error.message[w.len] = '\0';
}

/* Copies NUL-terminated @p text into @p out (@p size bytes), cut to fit. */
static void session_copy_words(char *out, size_t size, const char *text)
{
    size_t n = strlen(text);
    n = n < size ? n : size - 1u;
    memcpy(out, text, n);
    out[n] = '\0';
}

int orca_session_refuse(orca_session *s, const char *field, size_t have, size_t need)
{
    session_explain(s, field, have, need == 0u ? NULL : " < ", need, NULL);
    return ORCA_ERR_INVALID_ARG;
}

/* A buffer of the caller's too small for what a call needed:
 * "<field> <have> < <need>". */
static int session_too_small(orca_session *s, const char *field, size_t have, size_t need)
{
    session_explain(s, field, have, " < ", need, NULL);
    return ORCA_ERR_BUFFER_TOO_SMALL;
}

/* The work buffer could not hold @p what, whose size is not known before:
 * "work_size <size> too small for <what>". */
static int session_too_small_for(orca_session *s, const char *what)
{
    session_explain(s, "work_size", s->cfg.work_size, " too small for ", 0u, what);
    return ORCA_ERR_BUFFER_TOO_SMALL;
}

/* A setting this build left out: "<field> <have> in a build with <build>". */
static int session_unsupported(orca_session *s, const char *field, size_t have, const char *build)
{
    session_explain(s, field, have, " in a build with ", 0u, build);
    return ORCA_ERR_UNSUPPORTED;
}

/* A count over its limit: "<field> <have> > <max>". */
static int session_too_many(orca_session *s, const char *field, size_t have, size_t max)
{
    session_explain(s, field, have, " > ", max, NULL);
    return ORCA_ERR_INVALID_ARG;
}
#else
static int session_unsupported(orca_session *s, const char *field, size_t have, const char *build)
{
    (void)s;
    (void)field;
    (void)have;
    (void)build;
    return ORCA_ERR_UNSUPPORTED;
}

static int session_too_small_for(orca_session *s, const char *what)
{
    (void)s;
    (void)what;
    return ORCA_ERR_BUFFER_TOO_SMALL;
}

static int session_too_many(orca_session *s, const char *field, size_t have, size_t max)
{
    (void)s;
    (void)field;
    (void)have;
    (void)max;
    return ORCA_ERR_INVALID_ARG;
}
#endif

/* The first common member @p cfg lacks, or NULL; the password only when
 * the service's strategy @p auth signs in (it goes into the sign-in body). */
static const char *session_missing(const orca_session_config *cfg,
                                   const struct orca_auth_ops *auth)
{
    return cfg->host == NULL                         ? "host"
           : cfg->user == NULL                       ? "user"
           : cfg->transport == NULL                  ? "transport"
           : cfg->clock == NULL                      ? "clock"
           : cfg->clock->now_ms == NULL              ? "clock->now_ms"
           : cfg->work == NULL                       ? "work"
           : cfg->password == NULL && auth != NULL &&
                   auth->sign_in_path != NULL
               ? "password"
               : NULL;
}

int orca_session_init_layout(orca_session *s, const orca_session_config *cfg,
                             const orca_layout *caller, char *msg, size_t msg_size)
{
    /* Nothing of s or cfg is touched before the layouts are known to agree. */
    int rc = orca_layout_diff(caller, msg, msg_size);
    if (rc != ORCA_OK || s == NULL) {
        return s == NULL ? ORCA_ERR_INVALID_ARG : rc;
    }
    memset(s, 0, sizeof *s);
    const struct orca_auth_ops *auth = cfg != NULL ? session_strategy(cfg->service) : NULL;
    const char *missing = cfg != NULL ? session_missing(cfg, auth) : "cfg";
    if (missing != NULL) {
        return orca_session_refuse(s, missing, 0u, 0u);
    }
    if (cfg->work_size < ORCA_SESSION_MIN_WORK) {
        return orca_session_refuse(s, "work_size", cfg->work_size, ORCA_SESSION_MIN_WORK);
    }
    if (!ORCA_WITH_NONBLOCKING && cfg->nonblocking) {
        return session_unsupported(s, "nonblocking", cfg->nonblocking, "ORCA_WITH_NONBLOCKING 0");
    }
    if ((unsigned)cfg->service >= sizeof session_strategies / sizeof session_strategies[0]) {
        return orca_session_refuse(s, "service", 0u, 0u); /* no such service */
    }
    s->auth = auth;
    if (s->auth == NULL) {
        return ORCA_ERR_UNSUPPORTED;
    }
    rc = s->auth->check != NULL ? s->auth->check(s, cfg) : ORCA_OK;
    if (rc == ORCA_OK) {
        rc = session_jar_init(s, cfg);
    }
    if (rc != ORCA_OK) {
        s->auth = NULL;
        return rc;
    }
    s->cfg = *cfg;
    s->call.host = cfg->host;
    s->call.host_len = strlen(cfg->host);
    s->call.port = cfg->port;
    s->call.tls = cfg->tls;
    s->call.keep_alive = 1u;
    s->call.timeout_ms = cfg->timeout_ms != 0u ? cfg->timeout_ms : ORCA_DEFAULT_TIMEOUT_MS;
    s->call.clock = cfg->clock;
    s->origin.host = cfg->host;
    s->origin.is_tls = cfg->tls;
    return ORCA_OK;
}

uint32_t orca_session_ms(uint32_t seconds)
{
    return seconds > ORCA_CLOCK_MAX_INTERVAL_MS / 1000u ? ORCA_CLOCK_MAX_INTERVAL_MS
                                                        : seconds * 1000u;
}

uint32_t orca_session_now(const orca_session *s)
{
    return s->cfg.clock->now_ms(s->cfg.clock->ctx);
}

static void session_close(orca_session *s)
{
    if (s->connected) {
        s->cfg.transport->close(s->cfg.transport->ctx);
        s->connected = 0;
    }
}

/* Drops the credential (token wiped, cookie deleted): signed out. */
static void session_drop(orca_session *s)
{
    s->auth->drop(s);
    s->signed_in = 0;
}

/* The media headers the session adds unless the caller gave them, in
 * orca_http_lookup's list format. */
static const char session_media_headers[] = "\6Accept\14Content-Type";

orca_http_header *orca_session_add_header(orca_http_header *h, const char *name,
                                          size_t name_len, const char *value, size_t len)
{
    h->name = name;
    h->name_len = name_len;
    h->value = value;
    h->value_len = len;
    return h + 1;
}

/* The Accept of s->call: the service's listing type for a GET of a path
 * ending in '/' (before any query), as Classic's directories need; else its
 * media type. */
static const char *session_accept(const orca_session *s)
{
    const orca_http_request *r = &s->call;
    const char *query = memchr(r->path, '?', r->path_len);
    size_t end = query != NULL ? (size_t)(query - r->path) : r->path_len;
    int listing = r->method_len == 3u && memcmp(r->method, "GET", 3u) == 0 && end > 0u &&
                  r->path[end - 1u] == '/';
    return listing && s->auth->listing_media != NULL ? s->auth->listing_media : s->auth->media;
}

/* Adds our headers after the caller's in s->headers: Cookie (its value
 * written at the start of the work buffer), Accept and Content-Type unless
 * the caller gave them, the credential, and a signed request's headers; the
 * values take *own_len bytes at the start of the work buffer. */
static int session_headers(orca_session *s, size_t limit, uint32_t now, size_t *own_len)
{
    const char *media = s->auth->media, *accept = session_accept(s);
    size_t media_len = strlen(media);
    orca_http_header *h = s->headers + s->caller_headers;
    unsigned given = 0; /* bit 0: the caller set Accept, bit 1: Content-Type */
    for (size_t i = 0; i < s->caller_headers; i++) {
        int k = orca_http_lookup(session_media_headers, s->headers[i].name, s->headers[i].name_len);
        given |= (unsigned)(k + 1); /* k: -1 absent, 0 Accept, 1 Content-Type */
    }
    int rc = session_cookie_header(s, limit / 2u, now, own_len, &h);
    if (rc == ORCA_ERR_BUFFER_TOO_SMALL) {
        rc = session_too_small_for(s, "the Cookie header (half of it)");
    }
    if ((given & 1u) == 0u) {
        h = orca_session_add_header(h, &session_media_headers[1], 6u, accept, strlen(accept));
    }
    if (s->call.body != NULL && (given & 2u) == 0u) {
        h = orca_session_add_header(h, &session_media_headers[8], 12u, media, media_len);
    }
    if (rc == ORCA_OK) {
        rc = orca_session_attach(s, limit, own_len, &h);
        if (rc == ORCA_ERR_BUFFER_TOO_SMALL) {
            rc = session_too_small_for(s, "the signed headers");
        }
    }
    s->call.headers = s->headers;
    s->call.header_count = (size_t)(h - s->headers);
    return rc;
}

/* Limits in milliseconds: 0 chooses the default, and none goes past what the
 * clock's wrap allows. */
static uint32_t session_limit(uint32_t ms, uint32_t default_ms)
{
    ms = ms != 0u ? ms : default_ms;
    return ms < ORCA_CLOCK_MAX_INTERVAL_MS ? ms : ORCA_CLOCK_MAX_INTERVAL_MS;
}

#if ORCA_WITH_DEADLINE
/* A public call starts: its limit (@p limit_ms, 0: the session's) runs from
 * now, and the error of an earlier call is forgotten. */
static void session_begin(orca_session *s, uint32_t limit_ms)
{
    uint32_t limit = limit_ms != 0u ? limit_ms : s->cfg.call_timeout_ms;
    s->call_deadline_ms = orca_session_now(s) + session_limit(limit, ORCA_DEFAULT_CALL_TIMEOUT_MS);
    s->error.message[0] = '\0';
    s->error.phase = NULL;
}

/* Milliseconds left of the call's limit at @p now; 0 once it has passed. */
static uint32_t session_call_left(const orca_session *s, uint32_t now)
{
    int32_t left = orca_clock_remaining(now, s->call_deadline_ms);
    return left > 0 ? (uint32_t)left : 0u;
}

/* Starts the deadline of one exchange (each attempt has its own, cut to what
 * is left of the call's limit) at @p now.
 * @return the timeout of its connect (nothing has waited yet); 0 when the
 * call's limit has passed. */
static uint32_t session_deadline(orca_session *s, uint32_t now)
{
    uint32_t total = session_limit(s->exchange_ms, ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS);
    uint32_t left = session_call_left(s, now);
    total = total < left ? total : left;
    s->call.deadline_ms = now + total;
    return total < s->call.timeout_ms ? total : s->call.timeout_ms;
}

#if ORCA_STATUS_STRINGS
/* After an ORCA_ERR_TIMEOUT: which limit ran out, named by its setting, in
 * s->error.message (texts for people: only with ORCA_STATUS_STRINGS). */
static void session_timeout_message(orca_session *s, uint32_t now)
{
    static const char *const limits[] = {
        "call limit passed (call_timeout_ms)", "exchange deadline passed (exchange_timeout_ms)",
        "no byte within the per-operation timeout (timeout_ms)"};
    size_t i = 0;
    if (session_call_left(s, now) != 0u) {
        i = orca_clock_remaining(now, s->call.deadline_ms) <= 0 ? 1u : 2u;
    }
    session_copy_words(s->error.message, sizeof s->error.message, limits[i]);
}
#else
static void session_timeout_message(orca_session *s, uint32_t now)
{
    (void)s;
    (void)now;
}
#endif
#else
static void session_begin(orca_session *s, uint32_t limit_ms)
{
    (void)limit_ms;
    s->error.message[0] = '\0';
    s->error.phase = NULL;
}

static uint32_t session_deadline(orca_session *s, uint32_t now)
{
    (void)now;
    return s->call.timeout_ms; /* only the per-operation timeout counts */
}

static void session_timeout_message(orca_session *s, uint32_t now)
{
    (void)s;
    (void)now;
}
#endif

/* The public call in flight (orca_session_flight.op). */
enum { OP_NONE, OP_REQUEST, OP_SIGN_IN, OP_RENEW, OP_LOGOUT };

/* Where it is (.step). The steps from STEP_REFRESH on wait for the
 * exchange they started; the first three start one, or end the call. */
enum {
    STEP_ENSURE,      /* is the credential good? refresh or sign in first? */
    STEP_SIGN_IN,     /* a sign-in starts */
    STEP_LOGOUT,      /* a logout starts */
    STEP_REFRESH,     /* the strategy's refresh call */
    STEP_SIGN_IN_CALL, /* the sign-in's POST */
    STEP_CALL,        /* the caller's request */
    STEP_LOGOUT_CALL  /* the sign-out call */
};

/* Where an exchange is (.phase); each ends in session_exchange_end(). */
enum {
    X_BEGIN,   /* headers, deadline, idle check */
    X_CONNECT, /* connect (and TLS handshake) */
    X_START,   /* the head is written */
    X_RUN,     /* sending and receiving */
    X_WAIT     /* the backoff before the next attempt */
};

/* A kept-alive connection is reused only when it is quiet, which a receive
 * that may not wait (timeout 0) tells: bytes that arrived while it was idle
 * were asked for by nobody (an injected answer would become this call's), and
 * an end of stream or an error means the server is gone. Either way it is
 * closed and the call connects afresh; the bytes, in @p scratch, are wiped. */
static void session_check_idle(orca_session *s, uint8_t *scratch, size_t size)
{
    const orca_transport *t = s->cfg.transport;
    int32_t n = t->recv(t->ctx, scratch, size, 0u);
    if (n != ORCA_ERR_TIMEOUT && n != ORCA_ERR_WANT_READ) { /* a non-blocking one says so */
        orca_wipe(scratch, n > 0 ? (size_t)n : 0u);
        session_close(s);
    }
}

/* The headers the answer record keeps: the first of each (ORCA_ANSWER_*
 * order), then every Set-Cookie (session_on_header). */
static const char *const session_answer_headers[] = {
    "opc-request-id", "X-Oracle-Compute-Call-Id", "Date", "Retry-After", "etag", "Set-Cookie"};

/* The parser's on_header: the answer record takes what it keeps, then the
 * caller's on_header sees every line. */
static int session_on_header(void *ctx, const orca_http_header *h)
{
    orca_session *s = ctx;
    orca_session_answer *a = &s->answer;
    const orca_http_callbacks *cb = s->flight.caller_cb;
    size_t i = 0;
    while (i <= ORCA_ANSWER_HEADERS && !(h->name_len == strlen(session_answer_headers[i]) &&
                                         orca_http_ieq(h->name, session_answer_headers[i], h->name_len))) {
        i++;
    }
    if (i < ORCA_ANSWER_HEADERS && a->first[i].ptr == NULL) { /* an empty value counts */
        a->first[i].ptr = h->value != NULL ? h->value : h->name;
        a->first[i].len = h->value_len;
    } else if (i == ORCA_ANSWER_HEADERS && a->cookie_count < ORCA_SESSION_SET_COOKIES) {
        a->cookies[a->cookie_count].ptr = h->value;
        a->cookies[a->cookie_count++].len = h->value_len;
    } else if (i == ORCA_ANSWER_HEADERS) {
        a->cookies_over++;
    }
    /* The caller's function, not core's: called by its own name. */
    orca_http_header_fn caller_fn = cb != NULL ? cb->on_header : NULL;
    return caller_fn != NULL ? caller_fn(cb->ctx, h) : 0;
}

/* The parser's on_body when the caller has one. */
static int session_on_body(void *ctx, const uint8_t *data, size_t len)
{
    const orca_http_callbacks *cb = ((orca_session *)ctx)->flight.caller_cb;
    orca_http_body_fn caller_fn = cb->on_body; /* the caller's, not core's */
    return caller_fn(cb->ctx, data, len);
}

/* An exchange starts: an empty answer record, the parser's callbacks. */
static const orca_http_callbacks *session_hooks(orca_session *s, const orca_http_callbacks *cb)
{
    orca_session_flight *f = &s->flight;
    memset(&s->answer, 0, sizeof s->answer);
    s->answer.date_rc = ORCA_ERR_NOT_FOUND;
    f->caller_cb = cb;
    f->hooks.on_header = session_on_header;
    f->hooks.on_body = cb != NULL && cb->on_body != NULL ? session_on_body : NULL;
    f->hooks.ctx = s;
    return &f->hooks;
}

/* The answer has been read: its Date, read once, and its request id. */
static void session_read_answer(orca_session *s)
{
    orca_session_answer *a = &s->answer;
    const orca_span *first = a->first;
    orca_span id = first[ORCA_ANSWER_REQUEST_ID].len > 0u ? first[ORCA_ANSWER_REQUEST_ID]
                                                          : first[ORCA_ANSWER_CALL_ID];
#if ORCA_WITH_DATE_PARSER
    if (first[ORCA_ANSWER_DATE].ptr != NULL) {
        a->date_rc = (int16_t)orca_date_parse_cookie(first[ORCA_ANSWER_DATE].ptr,
                                                     first[ORCA_ANSWER_DATE].len, &a->date_s);
    }
#endif
    orca_session_copy_span(id, s->request_id, sizeof s->request_id);
}

#if ORCA_WITH_NONBLOCKING
/* The transport would block (@p rc): the exchange waits for the caller to
 * call again, unless it has run out of time (its deadline has passed, or no
 * byte moved within the per-operation timeout; a blocking transport waits out
 * both itself): then ORCA_ERR_TIMEOUT. */
static int session_would_block(const orca_session *s, int rc)
{
    uint32_t now = orca_session_now(s);
#if ORCA_WITH_DEADLINE
    if (orca_clock_remaining(now, s->call.deadline_ms) <= 0) {
        return ORCA_ERR_TIMEOUT;
    }
#endif
    return now - s->flight.transfer.progress_ms >= s->call.timeout_ms ? ORCA_ERR_TIMEOUT : rc;
}
#else
/* Without non-blocking calls a transport that would block cannot be waited
 * for: the exchange ends. */
static int session_would_block(const orca_session *s, int rc)
{
    (void)s;
    (void)rc;
    return ORCA_ERR_UNSUPPORTED;
}
#endif

/* The first phase of an exchange of s->call in work[0..limit): the Cookie
 * header's value first, our other headers, the deadline; then connect, or
 * reuse a quiet connection. */
static int session_exchange_begin(orca_session *s)
{
    orca_session_flight *f = &s->flight;
    uint32_t now = orca_session_now(s);
    f->own_len = 0; /* header values at the start of work */
    f->started_ms = now;
    int rc = session_headers(s, f->limit, now, &f->own_len);
    f->connect_ms = session_deadline(s, now); /* connect and handshake count too */
    if (rc == ORCA_OK && f->connect_ms == 0u) {
        rc = ORCA_ERR_TIMEOUT; /* the call's limit has passed: nothing is sent */
    }
    if (rc == ORCA_OK && s->connected) {
        session_check_idle(s, s->cfg.work + f->own_len, f->limit - f->own_len);
    }
    f->transfer.progress_ms = now;
    f->phase = s->connected ? X_START : X_CONNECT;
    return rc;
}

/* Connects (a non-blocking transport: goes on connecting). A connect in
 * progress counts as connected, so that giving it up closes it. */
static int session_connect(orca_session *s)
{
    const orca_session_config *c = &s->cfg;
    int rc = c->transport->connect(c->transport->ctx, c->host,
                                   c->port != 0u ? c->port : (c->tls ? 443u : 80u),
                                   s->flight.connect_ms);
    if (orca_transport_would_block(rc)) {
        s->connected = 1;
        return rc;
    }
    if (rc != ORCA_OK) {
        session_close(s);
    }
    s->connected = rc == ORCA_OK;
    s->flight.phase = X_START;
    return rc;
}

/* The exchange ended with @p rc: what the answer leaves (its request id,
 * its cookies, maybe a renewed credential), the log. */
static int session_exchange_end(orca_session *s, int rc, orca_http_response *res)
{
    const orca_session_config *c = &s->cfg;
    uint32_t now = s->flight.started_ms;
    orca_wipe(c->work, s->flight.own_len);
    if (rc != ORCA_OK || !res->keep_alive) {
        session_close(s);
    }
    s->request_id[0] = '\0';
    if (rc == ORCA_OK) {
        session_read_answer(s);
    }
    if (rc == ORCA_OK && session_keep_cookies(s)) {
        s->auth->cookie_set(s, now);
    }
    if (rc == ORCA_OK) {
        orca_session_answered(s, res, now);
    }
#if ORCA_WITH_EXCHANGE_LOG
    if (c->log != NULL) {
        orca_span method = {s->call.method, s->call.method_len};
        orca_span path = {s->call.path, s->call.path_len};
        c->log(c->log_ctx, method, path, rc == ORCA_OK ? res->status : 0u, rc, s->request_id);
    }
#endif
    s->flight.phase = X_BEGIN;
    return rc;
}

/* The parts of an exchange a failure can be in (session_phase). */
enum { IN_SETUP, IN_CONNECT, IN_TRANSFER };

#if ORCA_STATUS_STRINGS
/* After an exchange that ended with @p rc in part @p in: where it broke
 * (s->error.phase) when that was on the network. */
static void session_phase(orca_session *s, int rc, int in)
{
    const char *phase = NULL;
    const orca_transport_state *t = s->cfg.transport_state;
    if (rc != ORCA_OK && in == IN_CONNECT) {
        phase = rc <= ORCA_ERR_TLS && rc >= ORCA_ERR_TLS_SESSION_HOST ? "TLS handshake with"
                                                                     : "connect to";
        /* The transport's own words: which check a certificate failed. */
        const char *why = t != NULL && t->why != NULL ? t->why(t->ctx) : NULL;
        if (why != NULL && s->error.message[0] == '\0') {
            session_copy_words(s->error.message, sizeof s->error.message, why);
        }
    } else if (rc != ORCA_OK && in == IN_TRANSFER) {
        phase = s->flight.transfer.phase == ORCA_HTTP_SENDING ? "sending the request to"
                                                              : "waiting for the answer from";
    }
    s->error.phase = phase;
}
#else
static void session_phase(orca_session *s, int rc, int in)
{
    (void)s;
    (void)rc;
    (void)in;
}
#endif

/* One HTTP exchange of s->call over the (re)connected transport, from where
 * it stopped: ORCA_ERR_WANT_READ / _WRITE while the transport would block,
 * else its result. */
static int session_exchange(orca_session *s, const orca_http_callbacks *cb,
                            orca_http_response *res)
{
    orca_session_flight *f = &s->flight;
    const orca_session_config *c = &s->cfg;
    int in = IN_SETUP;
    int rc = f->phase == X_BEGIN ? session_exchange_begin(s) : ORCA_OK;
    if (rc == ORCA_OK && f->phase == X_CONNECT) {
        in = IN_CONNECT;
        rc = session_connect(s);
    }
    if (rc == ORCA_OK && f->phase == X_START) {
        in = IN_SETUP;
        rc = orca_http_transfer_begin(&f->transfer, c->work + f->own_len,
                                      f->limit - f->own_len, &s->call, session_hooks(s, cb), res);
        f->phase = X_RUN;
        if (rc == ORCA_ERR_BUFFER_TOO_SMALL) {
            rc = session_too_small_for(s, "the request head");
        }
    }
    if (rc == ORCA_OK) {
        in = IN_TRANSFER;
        rc = orca_http_transfer_step(&f->transfer, c->transport, &s->call, res);
    }
    if (orca_transport_would_block(rc)) {
        rc = session_would_block(s, rc);
        if (orca_transport_would_block(rc)) {
            return rc; /* the caller calls again */
        }
    }
    session_phase(s, rc, in);
    return session_exchange_end(s, rc, res);
}

#if ORCA_WITH_RETRIES
/* Waits @p delay ms before the next attempt: blocking, it is slept;
 * non-blocking, it becomes the X_WAIT phase. @return ORCA_OK;
 * ORCA_ERR_TIMEOUT, without waiting, when the wait would not end before the
 * call's limit. */
static int session_wait_before_retry(orca_session *s, uint32_t delay)
{
    const orca_clock *c = s->cfg.clock;
    uint32_t now = orca_session_now(s);
#if ORCA_WITH_DEADLINE
    if (delay >= session_call_left(s, now)) {
        s->call_deadline_ms = now; /* the message names the call's limit */
        return ORCA_ERR_TIMEOUT;
    }
#endif
    if (ORCA_WITH_NONBLOCKING && s->cfg.nonblocking) {
        s->flight.wait_until_ms = now + delay;
        s->flight.phase = X_WAIT;
    } else if (c->sleep_ms != NULL) {
        c->sleep_ms(c->ctx, delay);
    }
    return ORCA_OK;
}

/* An exchange of s->call, sent again as the retry policy says
 * (session_retry.c), from where it stopped. */
static int session_attempts(orca_session *s, const orca_http_callbacks *cb,
                            orca_http_response *res)
{
    orca_session_flight *f = &s->flight;
    for (;;) {
        if (ORCA_WITH_NONBLOCKING && f->phase == X_WAIT) {
            if (orca_clock_remaining(orca_session_now(s), f->wait_until_ms) > 0) {
                return ORCA_ERR_WANT_TICK;
            }
            f->phase = X_BEGIN;
        }
        int rc = session_exchange(s, cb, res);
        uint32_t delay = 0;
        if (orca_transport_would_block(rc) || !orca_session_retry_delay(s, rc, res, &delay)) {
            return rc;
        }
        if (session_wait_before_retry(s, delay) != ORCA_OK) {
            return ORCA_ERR_TIMEOUT;
        }
        f->attempt++;
        if (ORCA_WITH_NONBLOCKING && f->phase == X_WAIT) {
            return ORCA_ERR_WANT_TICK; /* non-blocking: the wait is the caller's */
        }
    }
}
#else
/* Without retries every exchange is tried once. */
static int session_attempts(orca_session *s, const orca_http_callbacks *cb,
                            orca_http_response *res)
{
    return session_exchange(s, cb, res);
}
#endif

/* 1 for the statuses that mean "not done yet: call again" (never without
 * ORCA_WITH_NONBLOCKING: nothing waits between calls). */
static int session_waits(int rc)
{
    return ORCA_WITH_NONBLOCKING && (orca_transport_would_block(rc) || rc == ORCA_ERR_WANT_TICK);
}

/* Starts an exchange of s->call (with its retries) in work[0..limit). */
static void session_call_start(orca_session *s, size_t limit)
{
    s->flight.limit = limit;
    s->flight.attempt = 0;
    s->flight.phase = X_BEGIN;
}

/* Goes on with the exchange of s->call: a wait status while it waits, else
 * its result, ORCA_ERR_HTTP (s->error filled) for a final status of 400 and
 * above. */
static int session_call(orca_session *s, const orca_http_callbacks *cb, orca_http_response *res)
{
    int rc = session_attempts(s, cb, res);
    if (rc == ORCA_ERR_TIMEOUT) {
        session_timeout_message(s, orca_session_now(s));
    }
    if (rc == ORCA_OK && res->status >= 400u) {
        orca_session_set_error(s, res);
        rc = ORCA_ERR_HTTP;
    }
    return rc;
}

/* Makes s->call a request for @p method and @p path, with no body and no
 * caller headers (host, port, TLS and timeout were set by orca_session_init),
 * and starts its exchange in work[0..limit). */
static void session_start(orca_session *s, orca_span method, orca_span path, size_t limit)
{
    orca_http_request *r = &s->call;
    r->method = method.ptr;
    r->method_len = method.len;
    r->path = path.ptr;
    r->path_len = path.len;
    s->origin.path = path;
    r->body = NULL;
    r->body_len = 0;
    r->parse_flags = 0;
    s->caller_headers = 0;
    s->exchange_ms = s->cfg.exchange_timeout_ms;
    s->repeatable = 0; /* only a sign-in is marked so (session_sign_in) */
    session_call_start(s, limit);
}

/* Makes s->call a request of ours: @p method to @p path (NUL-terminated). */
static void session_start_own(orca_session *s, const char *method, const char *path,
                              size_t limit)
{
    session_start(s, orca_span_from_str(method), orca_span_from_str(path), limit);
}

/* Makes s->call the caller's @p call and starts its exchange. */
static void session_start_request(orca_session *s, const orca_session_call *call)
{
    session_start(s, call->method, call->path, s->cfg.work_size);
    s->call.body = call->body;
    s->call.body_len = call->body_len;
    s->call.parse_flags = call->parse_flags;
    if (call->exchange_timeout_ms != 0u) {
        s->exchange_ms = call->exchange_timeout_ms;
    }
    if (call->header_count > 0u) {
        memcpy(s->headers, call->headers, call->header_count * sizeof s->headers[0]);
    }
    s->caller_headers = call->header_count;
}

#if ORCA_STATUS_STRINGS
/* The sign-in body did not fit: how large the work buffer must be, whose
 * upper half holds it (the template, each value as a JSON string). */
static int session_body_too_small(orca_session *s)
{
    const orca_session_config *c = &s->cfg;
    const char *const values[] = {c->user, c->password, c->tenancy};
    size_t need = 0;
    for (const char *t = s->auth->sign_in_body; *t != '\0'; t++) {
        size_t i = (unsigned char)*t - 1u; /* placeholder \1 \2 \3: value 0, 1, 2 */
        need += i > 2u   ? 1u
                : i == 1u ? orca_json_string_size(values[i], c->password_len)
                          : orca_json_string_size(values[i], strlen(values[i]));
    }
    return session_too_small(s, "work_size", c->work_size, 2u * need);
}
#else
static int session_body_too_small(orca_session *s)
{
    (void)s;
    return ORCA_ERR_BUFFER_TOO_SMALL;
}
#endif

/* Writes the strategy's sign-in body: its template, each placeholder
 * replaced by the JSON string (escaped) of the user, password or tenancy.
 * Not inlined: its frame stays out of the sign-in's. */
SESSION_NOINLINE static int session_sign_in_body(orca_session *s, char *out, size_t cap,
                                                 size_t *len)
{
    const orca_session_config *c = &s->cfg;
    const char *const values[] = {c->user, c->password, c->tenancy};
    int rc = ORCA_OK;
    for (const char *t = s->auth->sign_in_body; *t != '\0' && rc == ORCA_OK; t++) {
        size_t i = (unsigned char)*t - 1u; /* placeholder \1 \2 \3: value 0, 1, 2 */
        if (i <= 2u) {
            rc = orca_json_write_string(out, cap, len, values[i],
                                        i == 1u ? c->password_len : strlen(values[i]));
        } else if (*len < cap) {
            out[(*len)++] = *t;
        } else {
            rc = ORCA_ERR_BUFFER_TOO_SMALL;
        }
    }
    return rc == ORCA_ERR_BUFFER_TOO_SMALL ? session_body_too_small(s) : rc;
}

/* The end of a sign-in's POST (or of its body, when that failed): the
 * credential taken, or dropped. */
static int session_sign_in_end(orca_session *s, int rc)
{
    if (rc == ORCA_ERR_HTTP && (s->reply.status == 401u || s->reply.status == 403u)) {
        rc = ORCA_ERR_AUTH; /* refused: never retried, accounts get locked */
    }
    if (rc == ORCA_OK) {
        rc = s->auth->accept(s);
    }
    if (rc != ORCA_OK) {
        session_drop(s);
    }
    /* The body held the password, the answer the new token or cookie. */
    orca_wipe(s->cfg.work, s->cfg.work_size);
    return rc;
}

/* Starts the sign-in of orca_session_sign_in(), also made by a renewal and
 * by a call that finds no credential (within that call's limit): its POST
 * is STEP_SIGN_IN_CALL. Signed requests sign in to nothing: then, and when
 * the body does not fit, the sign-in ends here (*done 1, its result
 * returned). */
static int session_sign_in(orca_session *s, int *done)
{
    *done = 1;
    if (orca_session_no_sign_in(s)) { /* nothing to sign in to */
        s->signed_in = 1;
        return s->auth->accept(s);
    }
    /* The body goes in the upper half of the work buffer while the exchange
     * uses the lower half; it is never retried on 401 nor replayed. */
    size_t half = s->cfg.work_size / 2u, len = 0;
    char *body = (char *)s->cfg.work + half;
    session_drop(s);
    s->started_ms = orca_session_now(s);
    int rc = session_sign_in_body(s, body, s->cfg.work_size - half, &len);
    if (rc != ORCA_OK) {
        return session_sign_in_end(s, rc);
    }
    session_start_own(s, "POST", s->auth->sign_in_path, half);
    s->repeatable = 1u; /* a sign-in creates nothing: safe to repeat */
    s->call.body = (const uint8_t *)body;
    s->call.body_len = len;
    s->flight.step = STEP_SIGN_IN_CALL;
    *done = 0;
    return ORCA_OK;
}

/* Whether the credential is good (ORCA_OK), must be refreshed
 * (ORCA_AUTH_REFRESH) or signed in anew (ORCA_ERR_SESSION_EXPIRED): when
 * @p force, or missing, or about to expire, it is renewed. */
static int session_ensure(orca_session *s, int force)
{
    if (s->signed_in && s->auth->renew != NULL) {
        return s->auth->renew(s, force);
    }
    return s->signed_in && !force ? ORCA_OK : ORCA_ERR_SESSION_EXPIRED;
}

/* The credential is good: a renewal has done its work, a request goes on
 * to the caller's call. */
static int session_credential_ready(orca_session *s, const orca_session_call *call)
{
    if (s->flight.op != OP_REQUEST) {
        return 1;
    }
    session_start_request(s, call);
    s->flight.step = STEP_CALL;
    return 0;
}

/* Runs the call in flight from where it stopped until it waits or ends. */
static int session_run(orca_session *s, const orca_session_call *call,
                       const orca_http_callbacks *cb, orca_http_response *res)
{
    orca_session_flight *f = &s->flight;
    int rc = ORCA_OK, done = 0;
    while (!done) {
        if (f->step >= STEP_REFRESH) { /* its exchange goes on; its answer is below */
            int own = f->step == STEP_CALL;
            rc = session_call(s, own ? cb : NULL, own ? res : &s->reply);
            if (session_waits(rc)) {
                return rc;
            }
        }
        switch (f->step) {
        case STEP_ENSURE:
            rc = session_ensure(s, f->op == OP_RENEW);
            if (rc == ORCA_AUTH_REFRESH) {
                session_start_own(s, "GET", s->auth->refresh_path, s->cfg.work_size);
                f->step = STEP_REFRESH;
            } else if (rc == ORCA_ERR_SESSION_EXPIRED) {
                f->step = STEP_SIGN_IN;
            } else {
                done = rc != ORCA_OK || session_credential_ready(s, call);
            }
            break;
        case STEP_REFRESH:
            orca_wipe(s->cfg.work, s->cfg.work_size); /* the answer had the new cookie */
            if (rc == ORCA_ERR_HTTP && s->error.status == 401u) {
                f->step = STEP_SIGN_IN; /* refused: only a new sign-in can */
            } else {
                done = rc != ORCA_OK || session_credential_ready(s, call);
            }
            break;
        case STEP_SIGN_IN:
            rc = session_sign_in(s, &done);
            done = done && (rc != ORCA_OK || session_credential_ready(s, call));
            break;
        case STEP_SIGN_IN_CALL:
            rc = session_sign_in_end(s, rc);
            done = rc != ORCA_OK || session_credential_ready(s, call);
            break;
        case STEP_CALL:
            /* A 401 signs in again and replays once; a second 401 goes to
             * the caller, as does one whose body went to on_body already. */
            done = rc != ORCA_ERR_HTTP || res->status != 401u || f->replay ||
                   res->body_streamed;
            if (!done) {
                session_drop(s);
                f->replay = 1u;
                f->step = STEP_ENSURE;
            }
            break;
        case STEP_LOGOUT:
            rc = ORCA_OK;
            done = !s->signed_in || s->auth->sign_out_path == NULL;
            if (done) {
                session_drop(s); /* nothing to call: the credential goes */
            } else {
                session_start_own(s, "DELETE", s->auth->sign_out_path, s->cfg.work_size);
                f->step = STEP_LOGOUT_CALL;
            }
            break;
        default: /* STEP_LOGOUT_CALL */
            session_drop(s);
            done = 1;
            break;
        }
    }
    return rc;
}

/* Runs the call in flight; when it ends, the session is free for the next. */
static int session_go(orca_session *s, const orca_session_call *call,
                      const orca_http_callbacks *cb, orca_http_response *res)
{
    int rc = session_run(s, call, cb, res);
    s->flight.want = (int16_t)(session_waits(rc) ? rc : ORCA_OK);
    if (!session_waits(rc)) {
        s->flight.op = OP_NONE;
        s->flight.args = NULL;
    }
    return rc;
}

/* A public call @p op (with the caller's @p call, NULL for the others): goes
 * on with the call in flight when it is this one, refuses it while another
 * is in flight, else starts it (its limit from now). */
static int session_enter(orca_session *s, unsigned op, const orca_session_call *call,
                         const orca_http_callbacks *cb, orca_http_response *res)
{
    orca_session_flight *f = &s->flight;
    if (ORCA_WITH_NONBLOCKING && f->op != OP_NONE) {
        return f->op == op && f->args == (const void *)call ? session_go(s, call, cb, res)
                                                            : ORCA_ERR_STATE;
    }
    session_begin(s, call != NULL ? call->call_timeout_ms : 0u);
    f->op = (uint8_t)op;
    f->args = call;
    f->replay = 0;
    f->step = op == OP_SIGN_IN ? STEP_SIGN_IN : op == OP_LOGOUT ? STEP_LOGOUT : STEP_ENSURE;
    return session_go(s, call, cb, res);
}

int orca_session_sign_in(orca_session *s)
{
    return s == NULL || s->auth == NULL ? ORCA_ERR_INVALID_ARG
                                        : session_enter(s, OP_SIGN_IN, NULL, NULL, &s->reply);
}

int orca_session_renew(orca_session *s)
{
    return s == NULL || s->auth == NULL ? ORCA_ERR_INVALID_ARG
                                        : session_enter(s, OP_RENEW, NULL, NULL, &s->reply);
}

int orca_session_logout(orca_session *s)
{
    return s == NULL || s->auth == NULL ? ORCA_ERR_INVALID_ARG
                                        : session_enter(s, OP_LOGOUT, NULL, NULL, &s->reply);
}

int orca_session_request(orca_session *s, const orca_session_call *call,
                         const orca_http_callbacks *cb, orca_http_response *res)
{
    const size_t max_headers = ORCA_SESSION_MAX_HEADERS - ORCA_SESSION_OWN_HEADERS;
    if (s == NULL || s->auth == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    const char *missing =
        call == NULL                                        ? "call"
        : res == NULL                                       ? "res"
        : call->method.ptr == NULL || call->method.len == 0 ? "call->method"
        : call->path.ptr == NULL || call->path.len == 0     ? "call->path"
        : call->body == NULL && call->body_len > 0u         ? "call->body"
        : call->headers == NULL && call->header_count > 0u  ? "call->headers"
                                                            : NULL;
    if (missing != NULL) {
        return orca_session_refuse(s, missing, 0u, 0u);
    }
    if (call->header_count > max_headers) {
        return session_too_many(s, "call->header_count", call->header_count, max_headers);
    }
    if (s->flight.op == OP_NONE) { /* a new call */
        int rc = orca_http_check_path(call->path.ptr, call->path.len); /* before any sign-in */
        if (rc != ORCA_OK) {
            return rc;
        }
        /* A sign-in that fails returns before any exchange of this call: the
         * caller still reads an empty response, never stale views. */
        memset(res, 0, sizeof *res);
    }
    return session_enter(s, OP_REQUEST, call, cb, res);
}

#if ORCA_WITH_NONBLOCKING
int orca_session_wait(const orca_session *s, uint32_t *until_ms)
{
    if (s == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    const orca_session_flight *f = &s->flight;
    if (until_ms != NULL) {
        /* The per-operation timeout, or the exchange's deadline if sooner. */
        uint32_t until = f->transfer.progress_ms + s->call.timeout_ms;
#if ORCA_WITH_DEADLINE
        if (orca_clock_remaining(until, s->call.deadline_ms) < 0) {
            until = s->call.deadline_ms;
        }
#endif
        *until_ms = f->want == ORCA_ERR_WANT_TICK ? f->wait_until_ms : until;
    }
    return f->want;
}

void orca_session_cancel(orca_session *s)
{
    if (s == NULL || s->auth == NULL || s->flight.op == OP_NONE) {
        return;
    }
    session_close(s);
    /* A sign-in or logout cut short: whatever the server did, we hold no
     * credential we can trust. */
    if (s->flight.step == STEP_SIGN_IN_CALL || s->flight.op == OP_LOGOUT) {
        session_drop(s);
    }
    orca_wipe(s->cfg.work, s->cfg.work_size);
    s->flight.op = OP_NONE;
    s->flight.args = NULL;
    s->flight.want = ORCA_OK;
}
#endif /* ORCA_WITH_NONBLOCKING */

void orca_session_free(orca_session *s)
{
    if (s == NULL || s->auth == NULL) {
        return;
    }
    session_close(s);
    session_drop(s);
    session_jar_free(s);
    orca_wipe(s->cfg.work, s->cfg.work_size);
    memset(&s->flight, 0, sizeof s->flight);
    s->auth = NULL;
}
