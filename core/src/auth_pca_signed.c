/* PCA with OCI request signing (docs/protocol.md): no sign-in,
 * no token. Every request carries `date`, for POST/PUT/PATCH also
 * `x-content-sha256` (and Content-Type), and `Authorization: Signature ...`
 * over the signing string of those headers, made by the caller's orca_signer
 * (core has no hash, RSA or base64 of its own). A 401 makes session.c "sign
 * in" again, which here only switches the date to the server's clock: the
 * one resync + replay a skewed clock gets. */
#include <string.h>

#include "http_chars.h"
#include "orca/date.h"
#include "session_auth.h"
#include "text_out.h"

#if ORCA_WITH_PCA_SIGNING

static void out_str(orca_text_out *w, const char *p)
{
    orca_text_put(w, p, strlen(p));
}

/* A keyId part: a quote or backslash would end the quoted string early. */
static void out_quoted(orca_text_out *w, const char *p)
{
    for (const char *q = p; *q != '\0'; q++) {
        if (*q == '"' || *q == '\\') {
            w->err = ORCA_ERR_INVALID_ARG;
        }
    }
    out_str(w, p);
}

/* The signer, its two functions, the key fingerprint and the tenancy are
 * required (the user OCID is checked by session.c). */
static int signed_check(orca_session *s, const orca_session_config *cfg)
{
    const char *missing = cfg->tenancy == NULL                      ? "tenancy"
                          : cfg->pca_signed.key_fingerprint == NULL ? "pca_signed.key_fingerprint"
                          : cfg->pca_signed.signer == NULL ||
                                  cfg->pca_signed.signer->digest_b64 == NULL ||
                                  cfg->pca_signed.signer->sign_b64 == NULL
                              ? "pca_signed.signer"
                              : NULL;
    return missing != NULL ? orca_session_refuse(s, missing, 0u, 0u) : ORCA_OK;
}

/* The time for the date header: the wall clock, unless a 401 switched to
 * the server's; the server's `Date` of the latest answer plus the ticks
 * since; never a guess. */
static int signed_now(const orca_session *s, int64_t *now)
{
    const orca_clock *c = s->cfg.clock;
    const orca_pca_signed_state *st = &s->svc.pca_signed;
    if (!st->date_from_server && c->unix_s != NULL && c->unix_s(c->ctx, now) == ORCA_OK) {
        return ORCA_OK;
    }
    if (!st->server_date_known) {
        return ORCA_ERR_NO_WALL_CLOCK;
    }
    *now = st->server_date_s + (int64_t)((c->now_ms(c->ctx) - st->server_date_ms) / 1000u);
    return ORCA_OK;
}

/* The Content-Type among the headers so far (the caller's or the session's). */
static const orca_http_header *signed_content_type(const orca_session *s,
                                                   const orca_http_header *end)
{
    for (const orca_http_header *h = s->headers; h < end; h++) {
        if (h->name_len == 12u && orca_http_ieq(h->name, "Content-Type", 12u)) {
            return h;
        }
    }
    return NULL;
}

/* The signing string: "name: value" lines of the signed headers, in the
 * order of the headers="..." list, joined by LF. */
static void signed_string(const orca_session *s, orca_text_out *w, const char *date,
                          const orca_http_header *type, const orca_http_header *digest)
{
    const orca_session_config *c = &s->cfg;
    const orca_http_request *r = &s->call;
    out_str(w, "date: ");
    orca_text_put(w, date, ORCA_DATE_HTTP_LEN);
    out_str(w, "\n(request-target): ");
    for (size_t i = 0; i < r->method_len; i++) {
        char m = r->method[i];
        orca_text_put(w, m >= 'A' && m <= 'Z' ? &"abcdefghijklmnopqrstuvwxyz"[m - 'A'] : &m, 1u);
    }
    out_str(w, " ");
    orca_text_put(w, r->path, r->path_len);
    out_str(w, "\nhost: ");
    out_str(w, c->host);
    if (c->port != 0u && c->port != (c->tls ? 443u : 80u)) { /* as the writer's Host */
        out_str(w, ":");
        orca_text_uint(w, c->port);
    }
    if (digest != NULL) {
        out_str(w, "\ncontent-length: ");
        orca_text_uint(w, r->body_len);
        out_str(w, "\ncontent-type: ");
        orca_text_put(w, type->value, type->value_len);
        out_str(w, "\nx-content-sha256: ");
        orca_text_put(w, digest->value, digest->value_len);
    }
}

/* Authorization: Signature version="1",keyId="<tenancy>/<user>/<fingerprint>",
 * algorithm="rsa-sha256",headers="...",signature="<base64>". The signing
 * string is written where the signature goes, the signature after it, then
 * moved down over it. */
static int signed_authorization(const orca_session *s, orca_text_out *w, const char *date,
                                const orca_http_header *type, const orca_http_header *digest)
{
    const orca_session_config *c = &s->cfg;
    size_t n = 0;
    out_str(w, "Signature version=\"1\",keyId=\"");
    out_quoted(w, c->tenancy);
    out_str(w, "/");
    out_quoted(w, c->user);
    out_str(w, "/");
    out_quoted(w, c->pca_signed.key_fingerprint);
    out_str(w, "\",algorithm=\"rsa-sha256\",headers=\"date (request-target) host");
    out_str(w, digest != NULL ? " content-length content-type x-content-sha256" : "");
    out_str(w, "\",signature=\"");
    size_t text = w->len;
    signed_string(s, w, date, type, digest);
    if (w->err != ORCA_OK) {
        return w->err;
    }
    int rc =
        c->pca_signed.signer->sign_b64(c->pca_signed.signer->ctx, (const uint8_t *)w->buf + text,
                                       w->len - text, w->buf + w->len, w->cap - w->len, &n);
    if (rc == ORCA_OK && n > w->cap - w->len) {
        rc = ORCA_ERR_KEY; /* a signer that claims more than it was given */
    }
    if (rc == ORCA_OK) {
        memmove(w->buf + text, w->buf + w->len, n);
        w->len = text + n;
        out_str(w, "\"");
        rc = w->err;
    }
    return rc;
}

/* The signed headers' values go to work after *own_len, up to limit. */
static int signed_headers(orca_session *s, orca_http_header **h, size_t limit, size_t *own_len)
{
    const orca_session_config *c = &s->cfg;
    char *buf = (char *)c->work + *own_len;
    size_t cap = limit - *own_len;
    orca_text_out w = {buf, cap, 0, ORCA_OK};
    const orca_http_header *type = NULL, *digest = NULL;
    int64_t now;
    int rc = signed_now(s, &now);
    if (rc == ORCA_OK && cap < ORCA_DATE_HTTP_LEN) {
        rc = ORCA_ERR_BUFFER_TOO_SMALL;
    }
    if (rc == ORCA_OK) {
        rc = orca_date_format_http(now, buf);
    }
    if (rc != ORCA_OK) {
        return rc;
    }
    w.len = ORCA_DATE_HTTP_LEN;
    *h = orca_session_add_header(*h, "date", 4u, buf, ORCA_DATE_HTTP_LEN);
    if (orca_http_method_has_body(s->call.method, s->call.method_len)) {
        size_t n = 0;
        type = signed_content_type(s, *h);
        if (type == NULL) { /* a POST without a body still signs a Content-Type */
            type = *h;
            *h = orca_session_add_header(*h, "Content-Type", 12u, s->auth->media,
                                         strlen(s->auth->media));
        }
        rc = c->pca_signed.signer->digest_b64(c->pca_signed.signer->ctx, s->call.body,
                                              s->call.body_len, buf + w.len, cap - w.len, &n);
        if (rc == ORCA_OK && n > cap - w.len) {
            rc = ORCA_ERR_KEY;
        }
        if (rc != ORCA_OK) {
            return rc;
        }
        digest = *h;
        *h = orca_session_add_header(*h, "x-content-sha256", 16u, buf + w.len, n);
        w.len += n;
    }
    size_t start = w.len;
    rc = signed_authorization(s, &w, buf, type, digest);
    if (rc == ORCA_OK) {
        *h = orca_session_add_header(*h, "Authorization", 13u, buf + start, w.len - start);
        *own_len += w.len;
    }
    return rc;
}

/* Every answer's Date is the server's time at the exchange's start @p now:
 * what a missing or skewed wall clock is replaced by. */
static void signed_answered(orca_session *s, const orca_http_response *res, uint32_t now)
{
    int64_t date;
    (void)res; /* its Date is in the answer record */
    if (orca_session_answer_date(s, &date) == ORCA_OK) {
        s->svc.pca_signed.server_date_s = date;
        s->svc.pca_signed.server_date_ms = now;
        s->svc.pca_signed.server_date_known = 1;
    }
}

/* "Signing in" is the resync: from a server Date seen so far (the 401's),
 * dates follow the server's clock. */
static int signed_accept(orca_session *s)
{
    s->svc.pca_signed.date_from_server = s->svc.pca_signed.server_date_known;
    return ORCA_OK;
}

/* No credential to drop: every request carries its own signature. */
static void signed_drop(orca_session *s)
{
    (void)s;
}

const struct orca_auth_ops orca_auth_pca_signed = {
    .media = ORCA_PCA_MEDIA,
    .check = signed_check,
    .accept = signed_accept,
    .drop = signed_drop,
    .sign = signed_headers,
    .answered = signed_answered,
};

#else
typedef int orca_auth_pca_signed_off; /* ISO C: no empty translation unit */
#endif
