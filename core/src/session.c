/* The one request cycle of both services (design.md "Data flow of one call"):
 * ensure the credential, write, send, parse, keep Set-Cookie and the request
 * id, deliver the body; 401 replay, retries with backoff, error details.
 * What differs between PCA and Classic is in auth_pca.c / auth_classic.c. */
#include <string.h>

#include "orca/date.h"
#include "orca/wipe.h"
#include "http_chars.h"
#include "session_auth.h"

#define SESSION_MIN_WORK 1024u

void orca_session_config_defaults(orca_session_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->tls = 1u;
    cfg->renew_margin_s = ORCA_SESSION_RENEW_MARGIN_S;
    cfg->max_retries = ORCA_SESSION_MAX_RETRIES;
    cfg->backoff_ms = ORCA_SESSION_BACKOFF_MS;
    cfg->token_lifetime_s = ORCA_CLASSIC_TOKEN_LIFETIME_S;
    cfg->session_limit_s = ORCA_CLASSIC_SESSION_LIMIT_S;
}

int orca_session_init(orca_session *s, const orca_session_config *cfg)
{
    if (s == NULL || cfg == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    memset(s, 0, sizeof *s);
    if (cfg->host == NULL || cfg->user == NULL || cfg->password == NULL ||
        cfg->transport == NULL || cfg->clock == NULL || cfg->clock->now_ms == NULL ||
        cfg->work == NULL || cfg->work_size < SESSION_MIN_WORK || cfg->jar_mem == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (cfg->service == ORCA_SERVICE_PCA && cfg->tenancy != NULL && cfg->cred != NULL &&
        cfg->cred_size > 0u) {
        s->auth = &orca_auth_pca;
    } else if (cfg->service == ORCA_SERVICE_CLASSIC) {
        s->auth = &orca_auth_classic;
    } else {
        return ORCA_ERR_INVALID_ARG;
    }
    s->cfg = *cfg;
    s->call.host = cfg->host;
    s->call.host_len = strlen(cfg->host);
    s->call.port = cfg->port;
    s->call.tls = cfg->tls;
    s->call.keep_alive = 1u;
    s->call.timeout_ms = cfg->timeout_ms != 0u ? cfg->timeout_ms : ORCA_DEFAULT_TIMEOUT_MS;
    s->origin.host = cfg->host;
    s->origin.is_tls = cfg->tls;
    return orca_cookie_jar_init(&s->jar, cfg->jar_mem, cfg->jar_size);
}

static uint32_t session_now(const orca_session *s)
{
    return s->cfg.clock->now_ms(s->cfg.clock->ctx);
}

static uint32_t session_ms(uint32_t seconds)
{
    return seconds > ORCA_CLOCK_MAX_INTERVAL_MS / 1000u ? ORCA_CLOCK_MAX_INTERVAL_MS
                                                        : seconds * 1000u;
}

/* The renew margin: min(renew_margin_s, lifetime / 6), in milliseconds. */
static uint32_t session_margin_ms(const orca_session *s)
{
    uint32_t margin = session_ms(s->cfg.renew_margin_s);
    return margin < s->lifetime_ms / 6u ? margin : s->lifetime_ms / 6u;
}

/* Copies printable text (control bytes become '?'), NUL-terminated, cut to fit. */
static void session_copy_text(char *out, size_t size, const char *src, size_t len)
{
    size_t i;
    for (i = 0; i < len && i + 1u < size; i++) {
        unsigned char c = (unsigned char)src[i];
        out[i] = (c < 0x20u || c == 0x7Fu) ? '?' : (char)c;
    }
    out[i] = '\0';
}

void orca_session_copy_header(const orca_http_response *res, const char *name, char *out,
                              size_t size)
{
    orca_http_header h;
    out[0] = '\0';
    if (orca_http_response_header(res, name, strlen(name), 0, &h) == ORCA_OK) {
        session_copy_text(out, size, h.value, h.value_len);
    }
}

int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc)
{
    if (res->body == NULL) {
        return ORCA_ERR_JSON;
    }
    return orca_json_parse(doc, (const char *)res->body, res->body_len, s->tokens,
                           ORCA_SESSION_JSON_TOKENS);
}

void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size)
{
    out[0] = '\0';
    (void)orca_json_copy_string(doc, orca_json_find(doc, 0, key), out, size, NULL);
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
    orca_wipe(s->cfg.cred, s->cfg.cred != NULL ? s->cfg.cred_size : 0u);
    s->cred_len = 0;
    s->signed_in = 0;
    if (s->auth->cookie != NULL) {
        (void)orca_cookie_jar_delete(&s->jar, s->cfg.host, s->auth->cookie);
    }
}

/* A credential cookie arrived: its lifetime is min(what the jar knows, the
 * token lifetime cap, what is left of the session limit). */
static void session_track_cookie(orca_session *s, uint32_t now)
{
    orca_cookie_info info;
    uint32_t life = session_ms(s->cfg.token_lifetime_s);
    uint32_t limit = session_ms(s->cfg.session_limit_s);
    uint32_t elapsed = now - s->started_ms;
    uint32_t left = elapsed < limit ? limit - elapsed : 0u;
    if (orca_cookie_jar_find(&s->jar, s->cfg.host, s->auth->cookie, now, &info) != ORCA_OK ||
        info.expiry == ORCA_COOKIE_EXPIRY_EXPIRED) {
        s->signed_in = 0;
        return;
    }
    if (info.expiry == ORCA_COOKIE_EXPIRY_KNOWN && info.remaining_ms < life) {
        life = info.remaining_ms;
    }
    if (left < life) {
        life = left;
    }
    s->lifetime_ms = life;
    s->deadline_ms = now + life;
    s->signed_in = 1;
}

/* 1 when the credential held has a known expiry in s->deadline_ms: only a
 * cookie credential has one (session_track_cookie); a PCA token has none. */
static int session_has_deadline(const orca_session *s)
{
    return s->signed_in && s->auth->cookie != NULL;
}

/* 1 when the Set-Cookie value @p h (OWS already trimmed by the parser) sets
 * the cookie called @p name. */
static int session_sets(const orca_http_header *h, const char *name)
{
    size_t n = strlen(name);
    return h->value_len > n && memcmp(h->value, name, n) == 0 && h->value[n] == '=';
}

/* Every Set-Cookie goes to the jar (with the response Date); a new credential
 * cookie also resets the credential's deadline. */
static void session_keep_cookies(orca_session *s, const orca_http_response *res, uint32_t now)
{
    orca_http_header h;
    int64_t date;
    const int64_t *date_p = NULL;
    int fresh = 0;
    if (orca_http_response_header(res, "Date", 4u, 0, &h) == ORCA_OK &&
        orca_date_parse_cookie(h.value, h.value_len, &date) == ORCA_OK) {
        date_p = &date;
    }
    for (size_t i = 0; orca_http_response_header(res, "Set-Cookie", 10u, i, &h) == ORCA_OK; i++) {
        /* A cookie the jar refuses (bad domain, too large) is simply not kept. */
        (void)orca_cookie_jar_store(&s->jar, h.value, h.value_len, &s->origin, date_p,
                                    s->cfg.clock);
        fresh |= s->auth->cookie != NULL && session_sets(&h, s->auth->cookie);
    }
    if (fresh) {
        session_track_cookie(s, now);
    }
}

/* 1 when the caller's headers of the call include @p name (any case). */
static int session_has_header(const orca_session *s, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < s->caller_headers; i++) {
        if (s->headers[i].name_len == n && orca_http_ieq(s->headers[i].name, name, n)) {
            return 1;
        }
    }
    return 0;
}

static void session_header(orca_http_header *h, const char *name, const char *value, size_t len)
{
    h->name = name;
    h->name_len = strlen(name);
    h->value = value;
    h->value_len = len;
}

/* Adds our headers after the caller's in s->headers; the Cookie header
 * value goes at the end of work[0..limit), its length in *cookie_len. */
static int session_headers(orca_session *s, size_t limit, uint32_t now, size_t *cookie_len)
{
    const orca_session_config *c = &s->cfg;
    char *cookie = (char *)c->work + limit / 2u;
    orca_http_header *h = s->headers;
    size_t n = s->caller_headers;
    int rc = orca_cookie_jar_header(&s->jar, &s->origin, now, cookie, limit - limit / 2u,
                                    cookie_len);
    if (rc != ORCA_OK) {
        return rc;
    }
    if (*cookie_len > 0u) {
        /* Move it to the very end; wipe what the move leaves behind. */
        memmove((char *)c->work + limit - *cookie_len, cookie, *cookie_len);
        orca_wipe(cookie, limit - *cookie_len - limit / 2u);
        session_header(&h[n++], "Cookie", (char *)c->work + limit - *cookie_len, *cookie_len);
    }
    if (!session_has_header(s, "accept")) {
        session_header(&h[n++], "Accept", s->auth->media, strlen(s->auth->media));
    }
    if (s->call.body != NULL && !session_has_header(s, "content-type")) {
        session_header(&h[n++], "Content-Type", s->auth->media, strlen(s->auth->media));
    }
    if (s->cred_len > 0u) {
        session_header(&h[n++], c->auth_header != NULL ? c->auth_header : ORCA_PCA_AUTH_HEADER,
                       c->cred, s->cred_len);
    }
    s->call.headers = h;
    s->call.header_count = n;
    return ORCA_OK;
}

/* One HTTP exchange of s->call over the (re)connected transport, in work[0..limit). */
static int session_exchange(orca_session *s, size_t limit, const orca_http_callbacks *cb,
                            orca_http_response *res)
{
    const orca_session_config *c = &s->cfg;
    orca_http_request *r = &s->call;
    uint32_t now = session_now(s);
    size_t cookie_len = 0;
    int rc = session_headers(s, limit, now, &cookie_len);
    if (rc == ORCA_OK && !s->connected) {
        rc = c->transport->connect(c->transport->ctx, c->host,
                                   c->port != 0u ? c->port : (c->tls ? 443u : 80u),
                                   r->timeout_ms);
        s->connected = rc == ORCA_OK;
    }
    if (rc == ORCA_OK) {
        rc = orca_http_exchange(c->transport, c->work, limit - cookie_len, r, cb, res);
    }
    orca_wipe(c->work + limit - cookie_len, cookie_len);
    if (rc != ORCA_OK || !res->keep_alive) {
        session_close(s);
    }
    s->request_id[0] = '\0';
    if (rc == ORCA_OK) {
        orca_session_copy_header(res, "opc-request-id", s->request_id, sizeof s->request_id);
        if (s->request_id[0] == '\0') {
            orca_session_copy_header(res, "X-Oracle-Compute-Call-Id", s->request_id,
                                     sizeof s->request_id);
        }
        session_keep_cookies(s, res, now);
    }
    if (c->log != NULL) {
        c->log(c->log_ctx, r->method, r->path, rc == ORCA_OK ? res->status : 0u, rc,
               s->request_id);
    }
    return rc;
}

static int session_retryable(int rc, const orca_http_response *res)
{
    if (rc == ORCA_OK) {
        return res->status == 429u || res->status >= 500u;
    }
    return (rc <= ORCA_ERR_IO && rc >= ORCA_ERR_CLOSED) || rc == ORCA_ERR_UNEXPECTED_EOF;
}

/* Exponential backoff with "equal jitter": half the delay fixed, half random. */
static void session_backoff(const orca_session *s, uint32_t attempt)
{
    const orca_clock *c = s->cfg.clock;
    uint32_t delay = s->cfg.backoff_ms;
    while (attempt-- > 0u && delay < 0x40000000u) {
        delay <<= 1;
    }
    if (c->random != NULL) {
        delay = delay / 2u + c->random(c->ctx) % (delay / 2u + 1u);
    }
    if (c->sleep_ms != NULL) {
        c->sleep_ms(c->ctx, delay);
    }
}

/* An exchange of s->call with its retries on 429, 5xx and network failures. */
static int session_call(orca_session *s, size_t limit, const orca_http_callbacks *cb,
                        orca_http_response *res)
{
    for (uint32_t attempt = 0;; attempt++) {
        int rc = session_exchange(s, limit, cb, res);
        if (!session_retryable(rc, res) || attempt >= s->cfg.max_retries) {
            return rc;
        }
        session_backoff(s, attempt);
    }
}

static void session_set_error(orca_session *s, const orca_http_response *res)
{
    orca_session_error *e = &s->error;
    orca_json doc;
    memset(e, 0, sizeof *e);
    e->status = res->status;
    memcpy(e->request_id, s->request_id, sizeof e->request_id);
    if (orca_session_json(s, res, &doc) == ORCA_OK && doc.tokens[0].type == JSMN_OBJECT) {
        e->json = 1;
        /* Missing or non-string members stay "", long ones are cut. */
        orca_session_copy_member(&doc, "code", e->code, sizeof e->code);
        orca_session_copy_member(&doc, "message", e->message, sizeof e->message);
    } else if (res->body != NULL) {
        session_copy_text(e->message, sizeof e->message, (const char *)res->body,
                          res->body_len);
    }
}

static int session_result(orca_session *s, int rc, const orca_http_response *res)
{
    if (rc == ORCA_OK && res->status >= 400u) {
        session_set_error(s, res);
        return ORCA_ERR_HTTP;
    }
    return rc;
}

/* Makes s->call a request for @p method and @p path, with no body and no
 * caller headers (host, port, TLS and timeout were set by orca_session_init). */
static void session_start(orca_session *s, const char *method, const char *path)
{
    orca_http_request *r = &s->call;
    r->method = method;
    r->method_len = strlen(method);
    r->path = path;
    r->path_len = strlen(path);
    s->origin.path = path;
    r->body = NULL;
    r->body_len = 0;
    r->parse_flags = 0;
    s->caller_headers = 0;
}

int orca_session_plain_call(orca_session *s, const char *method, const char *path)
{
    session_start(s, method, path);
    return session_result(s, session_call(s, s->cfg.work_size, NULL, &s->reply), &s->reply);
}

static int session_append(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    if (cap - *len < n) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out + *len, s, n);
    *len += n;
    return ORCA_OK;
}

/* {"<keys[0]>":"<user>","<keys[1]>":"<password>"[,"<keys[2]>":"<tenancy>"]},
 * every string escaped. */
int orca_session_sign_in_body(const orca_session *s, const char *const *keys, size_t count,
                              char *out, size_t cap, size_t *len)
{
    const orca_session_config *c = &s->cfg;
    int rc = ORCA_OK;
    /* strings j = 0 .. 2 * count - 1: key, value, key, value...; each after
     * its separator ('{' first, then ':' before a value, ',' before a key) */
    for (size_t j = 0; j < 2u * count && rc == ORCA_OK; j++) {
        size_t f = j / 2u;
        const char *str = j % 2u == 0u ? keys[f] : f == 0u ? c->user
                        : f == 1u ? c->password : c->tenancy;
        rc = session_append(out, cap, len, j == 0u ? "{" : j % 2u ? ":" : ",", 1u);
        if (rc == ORCA_OK) {
            rc = orca_json_write_string(out, cap, len, str, j == 3u ? c->password_len : strlen(str));
        }
    }
    return rc == ORCA_OK ? session_append(out, cap, len, "}", 1u) : rc;
}

/* POSTs the strategy's sign-in body (held in the upper half of the work
 * buffer while the exchange uses the lower half, wiped once sent), through
 * the retries but never the credential check or the 401 replay. */
static int session_sign_in_call(orca_session *s)
{
    const struct orca_auth_ops *a = s->auth;
    size_t half = s->cfg.work_size / 2u, len = 0;
    char *body = (char *)s->cfg.work + half;
    int rc = orca_session_sign_in_body(s, a->keys, a->key_count, body, s->cfg.work_size - half,
                                       &len);
    if (rc == ORCA_OK) {
        session_start(s, "POST", a->sign_in_path);
        s->call.body = (const uint8_t *)body;
        s->call.body_len = len;
        rc = session_call(s, half, NULL, &s->reply);
    }
    orca_wipe(body, s->cfg.work_size - half);
    rc = session_result(s, rc, &s->reply);
    if (rc == ORCA_ERR_HTTP && (s->reply.status == 401u || s->reply.status == 403u)) {
        rc = ORCA_ERR_AUTH; /* refused: never retried, accounts get locked */
    }
    return rc == ORCA_OK ? a->accept(s) : rc;
}

int orca_session_sign_in(orca_session *s)
{
    if (s == NULL || s->auth == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    session_drop(s);
    s->started_ms = session_now(s);
    int rc = session_sign_in_call(s);
    if (rc != ORCA_OK) {
        session_drop(s);
    }
    /* The answer in the work buffer held the new token or cookie. */
    orca_wipe(s->cfg.work, s->cfg.work_size);
    return rc;
}

/* Renews through the strategy when it can; ORCA_ERR_SESSION_EXPIRED when
 * only a new sign-in can (the callers sign in themselves, which keeps the
 * sign-in's stack at their level). */
static int session_renew_step(orca_session *s)
{
    uint32_t now = session_now(s), elapsed = now - s->started_ms;
    uint32_t limit = session_ms(s->cfg.session_limit_s);
    /* An expired token cannot be refreshed, nor one at the session limit. */
    if (s->auth->refresh_path == NULL || !s->signed_in ||
        (session_has_deadline(s) && orca_clock_remaining(now, s->deadline_ms) <= 0) ||
        elapsed >= limit || limit - elapsed <= session_margin_ms(s)) {
        return ORCA_ERR_SESSION_EXPIRED;
    }
    int rc = orca_session_plain_call(s, "GET", s->auth->refresh_path);
    orca_wipe(s->cfg.work, s->cfg.work_size);
    return (rc == ORCA_ERR_HTTP && s->error.status == 401u) ? ORCA_ERR_SESSION_EXPIRED : rc;
}

int orca_session_renew(orca_session *s)
{
    if (s == NULL || s->auth == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    int rc = session_renew_step(s);
    return rc == ORCA_ERR_SESSION_EXPIRED ? orca_session_sign_in(s) : rc;
}

/* Signs in when there is no credential, renews when it is about to expire. */
static int session_ensure(orca_session *s)
{
    int rc = ORCA_ERR_SESSION_EXPIRED;
    if (session_has_deadline(s) &&
        orca_clock_remaining(session_now(s), s->deadline_ms) <=
            (int32_t)session_margin_ms(s)) {
        rc = session_renew_step(s);
    } else if (s->signed_in) {
        rc = ORCA_OK;
    }
    return rc == ORCA_ERR_SESSION_EXPIRED ? orca_session_sign_in(s) : rc;
}

/* Makes s->call the caller's request (method, path, body, extra headers). */
static void session_take(orca_session *s, const orca_http_request *req)
{
    session_start(s, req->method, req->path);
    s->call.body = req->body;
    s->call.body_len = req->body_len;
    s->call.parse_flags = req->parse_flags;
    if (req->header_count > 0u) {
        memcpy(s->headers, req->headers, req->header_count * sizeof s->headers[0]);
    }
    s->caller_headers = req->header_count;
}

int orca_session_request(orca_session *s, const orca_http_request *req,
                         const orca_http_callbacks *cb, orca_http_response *res)
{
    if (s == NULL || s->auth == NULL || req == NULL || res == NULL || req->method == NULL ||
        req->path == NULL || req->header_count > ORCA_SESSION_MAX_HEADERS - 4u) {
        return ORCA_ERR_INVALID_ARG;
    }
    int rc = session_ensure(s);
    if (rc == ORCA_OK) {
        session_take(s, req);
        rc = session_call(s, s->cfg.work_size, cb, res);
    }
    if (rc == ORCA_OK && res->status == 401u) {
        /* Once: sign in again and replay; a second 401 goes to the caller. */
        rc = orca_session_sign_in(s);
        if (rc == ORCA_OK) {
            session_take(s, req);
            rc = session_call(s, s->cfg.work_size, cb, res);
        }
    }
    return session_result(s, rc, res);
}

int orca_session_logout(orca_session *s)
{
    int rc = ORCA_OK;
    if (s == NULL || s->auth == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (s->signed_in && s->auth->sign_out != NULL) {
        rc = s->auth->sign_out(s);
    }
    session_drop(s);
    return rc;
}

void orca_session_free(orca_session *s)
{
    if (s == NULL || s->auth == NULL) {
        return;
    }
    session_close(s);
    session_drop(s);
    orca_cookie_jar_free(&s->jar);
    orca_wipe(s->cfg.work, s->cfg.work_size);
    s->auth = NULL;
}
