/* libFuzzer harness of the session layer against an adversarial server
 * (issue 14), over the scripted transport of tests/support/session_fakes.h.
 *
 * Input: a setup (service, recv piece size, retries, credential buffer,
 * work buffer and jar sizes), then up to FAKE_MAX_EXCHANGES responses, each
 * either raw bytes or built from a template whose details are fuzzed (a
 * sign-in answer with a token or nimbula cookie of any length and bytes,
 * 401, 429/503, a body, a reset or timeout, a redirect to another host with
 * its cookie, credential cookies with Domain/Secure/Max-Age tricks), then a
 * program of operations (calls, renew, sign-in, logout, clock jumps).
 *
 * Checked after every operation (abort on a violation):
 *  - sign-ins are bounded: per call at most two sign-in attempts (the first
 *    and the one after a 401), each at most max_retries + 1 exchanges, the
 *    second only after a 401; a sign-in answered 401/403 ends the operation;
 *  - no credential leaves for another host: every connect goes to the
 *    configured host and port, every request has exactly one Host header,
 *    for it; only known paths are requested (a redirect is not followed);
 *    the password goes only in sign-in bodies; a sign-in carries no old
 *    credential; the Authorization header is exactly the credential held; a
 *    cookie of another host ("stolen") is never sent nor held;
 *  - no partial token: without a credential the credential buffer is all
 *    zeroes; with one, it is the prefix and the whole token of the last
 *    accepted sign-in answer (when built from a template); the Classic
 *    nimbula cookie held is a whole value the server sent;
 *  - the password is nowhere in the work buffer between operations; free
 *    wipes the credential buffer, the work buffer and the jar.
 * The harness itself is built without coverage feedback (tests/fuzz/
 * session_adversary.cmake), so its compares teach the fuzzer nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_fakes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RESPONSE_MAX 2048
#define MAX_OPS 10
#define HOST "api.example.com"
/* The password as sent (JSON-escaped by the sign-in body writer). */
#define PASSWORD "Zq\"7\\w#Pk2!vR9"
#define PASSWORD_JSON "Zq\\\"7\\\\w#Pk2!vR9"

typedef struct input {
    const uint8_t *p, *end;
} input;

static unsigned next_byte(input *in)
{
    return in->p < in->end ? *in->p++ : 0u;
}

/* What the harness knows about one scripted response. */
typedef struct scripted {
    char text[RESPONSE_MAX + 1]; /* NUL after the bytes: fake_recv strcmp()s them */
    size_t len;
    char token[RESPONSE_MAX]; /* PCA token of a template sign-in answer ("" none) */
    int known;                /* built from a template (token above is exact) */
    unsigned status;          /* template status, 0 for raw */
} scripted;

/* Per operation: what the log saw. */
typedef struct op_log {
    unsigned exchanges, sign_ins, sign_in_runs, call_401s;
    int last_was_sign_in, refused; /* a sign-in answered 401/403 */
} op_log;

typedef struct harness {
    fake_world w;
    scripted resp[FAKE_MAX_EXCHANGES];
    const char *sign_in_path;
    uint16_t port;
    op_log op;
    size_t last_sent;   /* exchange index of the last send */
    size_t last_recv;   /* response index of the last recv */
    int raw_stolen;     /* a raw response spells "stolen": its checks are off */
    int raw_password;   /* a raw response carries the password: the server
                           echoed it, so the work buffer may hold it */
    char host_line[48]; /* the Host header every request must carry */
    int sent_since_log; /* a request went out since the last log call */
    size_t accepted;    /* response index of the last 2xx sign-in answer */
} harness;

static harness h;

/* ---- byte helpers that libFuzzer does not hook (no memcmp/strstr), so
 * the secrets looked for are never offered to the fuzzer as hints ---- */

/* A loop, not memcmp: libFuzzer hooks memcmp and would learn the password
 * and the other needles as dictionary words from the harness's checks. */
static int bytes_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

/* Occurrences of @p needle in the @p len bytes at @p hay (overlapping ones
 * too). memchr (not hooked) finds each candidate start: this runs after
 * every operation over every request and the whole work buffer, so it sets
 * the exec rate. */
static size_t count_in(const char *hay, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    const char *p = hay, *end = hay + len;
    while (k != 0u && (size_t)(end - p) >= k) {
        const char *hit = memchr(p, needle[0], (size_t)(end - p) - k + 1u);
        if (hit == NULL) {
            break;
        }
        n += (size_t)bytes_equal(hit, needle, k);
        p = hit + 1;
    }
    return n;
}

/* ---- scripted responses ---- */

static const char token_chars[] = "abcdefXYZ0123456789-_.~+/=";
static const char cookie_chars[] = "abcXYZ019{}\":,\\ _";

static void fill(input *in, char *out, size_t n, const char *chars, size_t nchars)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = chars[next_byte(in) % nchars];
    }
    out[n] = '\0';
}

/* Appends printf-style text to r (cut at RESPONSE_MAX). */
static void put(scripted *r, const char *fmt, const char *a, const char *b)
{
    int n = snprintf(r->text + r->len, RESPONSE_MAX + 1u - r->len, fmt, a, b);
    r->len += n < 0 ? 0u : (size_t)n;
    if (r->len > RESPONSE_MAX) {
        r->len = RESPONSE_MAX;
    }
}

static void head(scripted *r, unsigned status, int close)
{
    char code[8];
    snprintf(code, sizeof code, "%u", status);
    r->status = status;
    put(r, "HTTP/1.1 %s X\r\nopc-request-id: r%s\r\n", code, code);
    if (close) {
        put(r, "Connection: close\r\n", "", "");
    }
}

static void body(scripted *r, const char *text)
{
    char n[16];
    snprintf(n, sizeof n, "%zu", strlen(text));
    put(r, "Content-Length: %s\r\n\r\n%s", n, text);
}

/* A sign-in answer: PCA a token in JSON, Classic a nimbula cookie. */
static void make_sign_in(input *in, scripted *r, int classic, unsigned b)
{
    size_t n = (size_t)next_byte(in) * ((b & 0x20u) ? 3u : 1u) % 700u;
    char value[700];
    head(r, (b & 0x40u) ? 204u : 200u, (int)(b & 0x80u));
    if (classic) {
        static const char *const tails[] = {
            "; Path=/", "; Max-Age=5", "; Max-Age=0", "; Domain=example.com", "; Secure", ""};
        fill(in, value, n % 300u, cookie_chars, sizeof cookie_chars - 1u);
        put(r, "Set-Cookie: nimbula=%s%s\r\n", value, tails[next_byte(in) % 6u]);
        body(r, "");
        return;
    }
    char json[RESPONSE_MAX];
    fill(in, value, n, token_chars, sizeof token_chars - 1u);
    memcpy(r->token, value, n + 1u);
    snprintf(json, sizeof json, "{\"tenancyId\":\"t\",\"token\":\"%s\",\"userId\":\"u\"}", value);
    body(r, json);
}

static void make_response(input *in, scripted *r, int classic)
{
    unsigned b = next_byte(in);
    memset(r, 0, sizeof *r);
    r->known = 1;
    switch (b & 7u) {
    case 0: { /* raw bytes */
        size_t n = next_byte(in) | (size_t)(next_byte(in) & 7u) << 8;
        r->known = 0;
        while (r->len < n && r->len < RESPONSE_MAX && in->p < in->end) {
            r->text[r->len++] = (char)*in->p++;
        }
        break;
    }
    case 1: make_sign_in(in, r, classic, b); break;
    case 2:
        head(r, (b & 8u) ? 403u : 401u, (int)(b & 0x10u));
        body(r, "{\"code\":\"NotAuthenticated\",\"message\":\"no\"}");
        break;
    case 3:
        head(r, (b & 8u) ? 429u : 503u, (int)(b & 0x10u));
        put(r, "Retry-After: 1\r\n", "", "");
        body(r, "busy");
        break;
    case 4: { /* a body of fuzzed bytes, length or chunked */
        char text[256];
        fill(in, text, next_byte(in) % 255u, cookie_chars, sizeof cookie_chars - 1u);
        head(r, 200u, (int)(b & 0x10u));
        if (b & 8u) {
            char n[16];
            snprintf(n, sizeof n, "%zx", strlen(text));
            put(r, "Transfer-Encoding: chunked\r\n\r\n%s\r\n%s\r\n0\r\n\r\n", n, text);
        } else {
            body(r, text);
        }
        break;
    }
    case 5:
        r->known = 0;
        put(r, "%s", (b & 8u) ? FAKE_RESET : FAKE_TIMEOUT, "");
        break;
    case 6: /* a redirect to another host, with that host's cookie */
        head(r, 302u, 0);
        put(r,
            "Location: https://evil.example.net/steal\r\n"
            "Set-Cookie: nimbula=stolen%s; Domain=evil.example.net\r\n",
            "", "");
        put(r, "Set-Cookie: stolen=1; Domain=net\r\n", "", "");
        body(r, "");
        break;
    default: { /* credential cookie tricks on an ordinary answer */
        static const char *const tricks[] = {"nimbula=stolen; Domain=evil.example.net",
                                             "nimbula=; Max-Age=0",
                                             "nimbula=new1; Domain=.example.com; Max-Age=60",
                                             "nimbula=stolen; Domain=com",
                                             "nimbula=new2; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                                             "other=1; Path=/instance",
                                             "nimbula=new3; Max-Age=99999999999",
                                             "nimbula=new4; Secure; HttpOnly"};
        head(r, 200u, (int)(b & 0x10u));
        put(r, "Set-Cookie: %s\r\n", tricks[(b >> 5) & 7u], "");
        body(r, "{}");
        break;
    }
    }
    r->text[r->len] = '\0';
}

/* ---- transport and log hooks ---- */

static int32_t hook_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    if (strcmp(host, HOST) != 0 || port != h.port) {
        abort(); /* a connection to another host */
    }
    return fake_connect(ctx, host, port, t);
}

static int32_t hook_send(void *ctx, const uint8_t *buf, size_t len, uint32_t t)
{
    fake_transport *f = (fake_transport *)ctx;
    h.last_sent = f->receiving ? f->current + 1u : f->current;
    h.sent_since_log = 1;
    return fake_send(ctx, buf, len, t);
}

/* Checks the request of exchange i: path, Host, password, credential. */
static void check_request(size_t i, const char *path, int sign_in)
{
    const char *req = fake_sent(&h.w, i);
    size_t len = strlen(req);
    const orca_session *s = &h.w.session;
    char auth[600];
    if (count_in(req, len, h.host_line) != 1u || count_in(req, len, "\r\nHost:") != 1u ||
        count_in(req, len, path) == 0u) {
        abort();
    }
    int escaped = count_in(req, len, PASSWORD_JSON) != 0u;
    int unescaped = count_in(req, len, PASSWORD) != 0u;
    if ((sign_in && !escaped) || (!h.raw_password && (escaped != sign_in || unescaped))) {
        abort(); /* the password outside a sign-in (unless the server sent it), or unescaped */
    }
    if (!h.raw_stolen && count_in(req, len, "stolen") != 0u) {
        abort(); /* another host's cookie sent here */
    }
    if (sign_in) {
        /* (nimbula is the credential of Classic only; for PCA a cookie like any) */
        if (count_in(req, len, "Authorization:") != 0u ||
            (s->cfg.service == ORCA_SERVICE_CLASSIC && count_in(req, len, "nimbula=") != 0u)) {
            abort(); /* an old credential on a sign-in */
        }
        return;
    }
    if (s->svc.pca.cred_len == 0u) {
        if (count_in(req, len, "\r\nAuthorization:") != 0u) {
            abort();
        }
        return;
    }
    snprintf(auth, sizeof auth, "\r\nAuthorization: %.*s\r\n", (int)s->svc.pca.cred_len,
             s->cfg.pca.cred);
    if (count_in(req, len, auth) != 1u) {
        abort(); /* the credential held, whole, once */
    }
}

static int32_t hook_recv(void *ctx, uint8_t *buf, size_t len, uint32_t t)
{
    h.last_recv = ((fake_transport *)ctx)->current;
    return fake_recv(ctx, buf, len, t);
}

/* Is @p s the string @p text? */
static int span_is(orca_span s, const char *text)
{
    return s.len == strlen(text) && memcmp(s.ptr, text, s.len) == 0;
}

static void hook_log(void *ctx, orca_span method, orca_span path, unsigned status, int rc,
                     const char *request_id)
{
    op_log *op = &h.op;
    int sign_in = span_is(path, h.sign_in_path);
    (void)ctx;
    (void)request_id;
    if (op->refused) {
        abort(); /* an exchange after a refused sign-in */
    }
    if (!(span_is(path, "/instance/x") || span_is(path, "/a/b") || sign_in ||
          span_is(path, "/refresh/") || span_is(path, "/20160918/logout")) ||
        (sign_in && !span_is(method, "POST"))) {
        abort(); /* a path nobody asked for (a redirect followed?) */
    }
    op->exchanges++;
    if (sign_in) {
        op->sign_ins++;
        op->sign_in_runs += !op->last_was_sign_in;
        op->refused = rc == ORCA_OK && (status == 401u || status == 403u);
        if (rc == ORCA_OK && status >= 200u && status < 300u) {
            h.accepted = h.last_recv; /* not net.current: a close moves it on */
        }
    } else if (rc == ORCA_OK && status == 401u && !span_is(path, "/refresh/")) {
        op->call_401s++;
    }
    op->last_was_sign_in = sign_in;
    if (h.sent_since_log && h.last_sent < FAKE_MAX_EXCHANGES) {
        char text[64]; /* the path as a C string: one of the few above */
        snprintf(text, sizeof text, "%.*s", (int)path.len, path.ptr);
        check_request(h.last_sent, text, sign_in);
    }
    h.sent_since_log = 0;
}

/* ---- invariants between operations ---- */

/* Is value (len bytes) a whole cookie value of some scripted response: after
 * '=' or the spaces the jar trims, before ';', a space, CR, LF or the end?
 * (A cut value would go on with more value bytes.) */
static int is_separator(char c, const char *set)
{
    for (; *set != '\0'; set++) {
        if (c == *set) {
            return 1;
        }
    }
    return 0;
}

static int whole_cookie_value(const char *value, size_t len)
{
    for (size_t r = 0; r < h.w.net.count; r++) {
        const char *t = h.resp[r].text;
        size_t n = h.resp[r].len;
        for (size_t i = 1; i + len <= n; i++) {
            if (is_separator(t[i - 1u], "= \t") && bytes_equal(t + i, value, len) &&
                (i + len == n || is_separator(t[i + len], "; \t\r\n"))) {
                return 1;
            }
        }
    }
    return 0;
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

static void check_state(int classic, unsigned max_retries)
{
    const orca_session *s = &h.w.session;
    const op_log *op = &h.op;
    orca_cookie_info info;
    /* bounds: the first sign-in and one after a 401, each with its retries */
    if (op->sign_in_runs > 2u || op->sign_in_runs > 1u + op->call_401s ||
        op->sign_ins > op->sign_in_runs * (max_retries + 1u) ||
        op->exchanges > 6u * (max_retries + 1u)) {
        abort();
    }
    if (!h.raw_password &&
        count_in((const char *)s->cfg.work, s->cfg.work_size, PASSWORD_JSON) != 0u) {
        abort(); /* the sign-in body was not wiped */
    }
    if (s->svc.pca.cred_len == 0u) {
        if (!classic && (s->signed_in || !all_zero(s->cfg.pca.cred, s->cfg.pca.cred_size))) {
            abort(); /* a partial token left behind */
        }
    } else {
        const scripted *r = h.accepted < FAKE_MAX_EXCHANGES ? &h.resp[h.accepted] : NULL;
        size_t tl = s->svc.pca.cred_len - 7u;
        if (classic || !s->signed_in || s->svc.pca.cred_len >= s->cfg.pca.cred_size ||
            s->svc.pca.cred_len <= 7u || !bytes_equal(s->cfg.pca.cred, "Bearer ", 7u) ||
            (r != NULL && r->known &&
             (strlen(r->token) != tl || !bytes_equal(s->cfg.pca.cred + 7, r->token, tl)))) {
            abort(); /* not the whole token of the accepted answer */
        }
    }
    if (orca_cookie_jar_find(&s->jar, HOST, "nimbula", h.w.time.now, &info) == ORCA_OK &&
        ((!h.raw_stolen && count_in(info.value, info.value_len, "stolen") != 0u) ||
         !whole_cookie_value(info.value, info.value_len))) {
        abort(); /* another host's cookie held, or a cut one */
    }
}

/* ---- the program ---- */

static void setup(input *in, int *classic, unsigned *max_retries)
{
    unsigned b0 = next_byte(in), b1 = next_byte(in), b2 = next_byte(in);
    fake_world *w = &h.w;
    *classic = (int)(b0 & 1u);
    fake_setup(w, *classic ? ORCA_SERVICE_CLASSIC : ORCA_SERVICE_PCA);
    w->net.chunk = (size_t)((b0 >> 1) & 7u) * 5u;
    w->transport.connect = hook_connect;
    w->transport.send = hook_send;
    w->transport.recv = hook_recv;
    w->cfg.log = hook_log;
    w->cfg.password = PASSWORD;
    w->cfg.password_len = strlen(PASSWORD);
    w->cfg.tls = (uint8_t)((b0 >> 4) & 1u);
    w->cfg.port = (b0 & 0x20u) ? 8443u : 0u;
    h.port = w->cfg.port != 0u ? w->cfg.port : (w->cfg.tls ? 443u : 80u);
    snprintf(h.host_line, sizeof h.host_line, "\r\nHost: %s%s\r\n", HOST,
             w->cfg.port != 0u ? ":8443" : "");
    *max_retries = w->cfg.max_retries = (b0 >> 6) & 3u;
    w->cfg.pca.cred_size = 8u + (size_t)b1 * 2u; /* 8 .. 518: cut tokens too */
    if (w->cfg.pca.cred_size > sizeof w->cred) {
        w->cfg.pca.cred_size = sizeof w->cred;
    }
    w->cfg.work_size = 1024u + (size_t)(b2 & 3u) * 1024u;
    w->cfg.jar_size = 128u + (size_t)(b2 >> 2) * 30u;
    w->cfg.classic.token_lifetime_s = (b2 & 0x80u) ? 60u : ORCA_CLASSIC_TOKEN_LIFETIME_S;
    h.sign_in_path = *classic ? "/authenticate/" : "/20160918/login";
}

static void run_op(input *in)
{
    orca_http_response res;
    unsigned b = next_byte(in);
    memset(&h.op, 0, sizeof h.op);
    switch (b % 6u) {
    case 0:
    case 1: (void)fake_get(&h.w, (b & 8u) ? "/a/b" : "/instance/x", &res); break;
    case 2: (void)orca_session_renew(&h.w.session); break;
    case 3: (void)orca_session_sign_in(&h.w.session); break;
    case 4: (void)orca_session_logout(&h.w.session); break;
    default: h.w.time.now += (uint32_t)next_byte(in) * 60000u; break; /* up to 4.25 h */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, data + size};
    int classic;
    unsigned max_retries, responses;
    memset(&h, 0, sizeof h);
    h.accepted = FAKE_MAX_EXCHANGES;
    setup(&in, &classic, &max_retries);
    responses = next_byte(&in) % (FAKE_MAX_EXCHANGES + 1u);
    for (unsigned i = 0; i < responses; i++) {
        make_response(&in, &h.resp[i], classic);
        h.w.net.responses[i] = h.resp[i].text;
        h.w.net.response_len[i] = h.resp[i].len; /* 0 (empty) is strlen: 0 too */
        h.raw_stolen |= !h.resp[i].known && count_in(h.resp[i].text, h.resp[i].len, "stolen") != 0u;
        h.raw_password |= count_in(h.resp[i].text, h.resp[i].len, PASSWORD_JSON) != 0u ||
                          count_in(h.resp[i].text, h.resp[i].len, PASSWORD) != 0u;
    }
    h.w.net.count = responses;
    if (orca_session_init(&h.w.session, &h.w.cfg) != ORCA_OK) {
        abort();
    }
    for (int op = 0; op < MAX_OPS && in.p < in.end; op++) {
        run_op(&in);
        check_state(classic, max_retries);
    }
    orca_session_free(&h.w.session);
    if (!all_zero(h.w.cred, sizeof h.w.cred) || !all_zero(h.w.work, sizeof h.w.work) ||
        !all_zero(h.w.jar, h.w.cfg.jar_size)) {
        abort(); /* free left a secret behind */
    }
    return 0;
}
