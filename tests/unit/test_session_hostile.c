/* Server-supplied values through the session (issue 15), over the scripted
 * transport: a PCA token, a Classic cookie, a request id, an error code and
 * message, Location, Retry-After and the status code, each with CR, LF, NUL,
 * other control bytes, over-long and empty values. A bad value is refused
 * where it is read, with its own status, never kept, never sent, never
 * retried; a value that only names things (request id, error text) keeps
 * printable bytes only. Spans session.c, auth_pca.c, auth_classic.c, so it
 * has its own file rather than one per source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "session_fakes.h"
#include "feature_skip.h"

#if ORCA_WITH_PCA || ORCA_WITH_CLASSIC
static fake_world w;
static orca_http_response res;
static char big[3072]; /* a response longer than fake_response's pool */
#endif

#if ORCA_WITH_PCA
/* 1 when all @p len bytes at @p p are 0. */
static int all_zero(const void *p, size_t len)
{
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < len; i++) {
        if (b[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

/* A PCA world whose login answers {"token": "<token_json>"} (JSON text). */
static void pca_login_with(const char *token_json)
{
    char body[900];
    fake_setup(&w, ORCA_SERVICE_PCA);
    snprintf(body, sizeof body, "{\"token\": \"%s\", \"userId\": \"u\"}", token_json);
    fake_response(&w, 200, "opc-request-id: rid-login\r\n", body);
    fake_response(&w, 200, "", "[]"); /* never asked for when the token is refused */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
}

/* The sign-in of the current world failed with @p want: only the login was
 * sent, and nothing of the answer is held. */
static void expect_refused_sign_in(int rc, int want)
{
    assert_int_equal(rc, want);
    assert_int_equal(fake_exchanges(&w), 1);
    assert_int_equal(w.session.signed_in, 0);
    assert_int_equal(w.session.svc.pca.cred_len, 0);
    assert_true(all_zero(w.cred, sizeof w.cred));
    assert_true(all_zero(w.work, sizeof w.work));
}

static void test_pca_token_with_bytes_a_header_cannot_hold(void **state)
{
    (void)state;
    /* As the JSON answer spells them; each decodes to a byte outside VCHAR. */
    static const char *const bad[] = {
        "abc\\r\\nX-Evil: 1", "abc\\nX-Evil: 1", "abc\\rdef", "abc\\u0000def", "\\u0000",
        "abc\\u001b[2J",      "abc\\u007fdef",   "abc\\tdef", "abc def",       "abc\\u00e9def",
        "abc\xc3\xa9",        "abc\\u0085def",   " abc",      "abc ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pca_login_with(bad[i]);
        /* Through a call (the automatic sign-in) and on its own. */
        expect_refused_sign_in(fake_get(&w, "/x", &res), ORCA_ERR_BAD_TOKEN);
        assert_string_equal(w.session.request_id, "rid-login");
        orca_session_free(&w.session);
        pca_login_with(bad[i]);
        expect_refused_sign_in(orca_session_sign_in(&w.session), ORCA_ERR_BAD_TOKEN);
        orca_session_free(&w.session);
    }
}

static void test_pca_token_every_vchar_accepted(void **state)
{
    (void)state;
    /* 0x21..0x7E, with '"' and '\' escaped for JSON. */
    char json[200], want[120], *j = json;
    size_t n = 0;
    for (int c = 0x21; c <= 0x7E; c++) {
        if (c == '"' || c == '\\') {
            *j++ = '\\';
        }
        *j++ = (char)c;
        want[n++] = (char)c;
    }
    *j = '\0';
    want[n] = '\0';
    pca_login_with(json);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_true(fake_contains(w.net.sent[1], w.net.sent_len[1], want));
    orca_session_free(&w.session);
}

static void test_pca_token_empty_or_too_long(void **state)
{
    (void)state;
    /* "Bearer " + token + NUL must fit the 512-byte credential buffer. */
    char token[600];
    size_t fits = sizeof w.cred - strlen(ORCA_PCA_AUTH_PREFIX) - 1u;
    pca_login_with("");
    expect_refused_sign_in(fake_get(&w, "/x", &res), ORCA_ERR_BAD_RESPONSE);
    memset(token, 't', fits + 1u);
    token[fits + 1u] = '\0';
    pca_login_with(token);
    expect_refused_sign_in(fake_get(&w, "/x", &res), ORCA_ERR_BUFFER_TOO_SMALL);
    token[fits] = '\0';
    pca_login_with(token);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(w.session.svc.pca.cred_len, strlen(ORCA_PCA_AUTH_PREFIX) + fits);
    orca_session_free(&w.session);
}

/* A PCA world signed in, whose next answer carries the raw header lines @p h. */
static void pca_answer_with(const char *h, size_t len, unsigned status)
{
    static const char body[] = "Content-Length: 2\r\n\r\n[]";
    char head[64];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %u X\r\n", status);
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "opc-request-id: rid-login\r\n", "{\"token\": \"t1\"}");
    assert_true((size_t)n + len + sizeof body <= sizeof big);
    memcpy(big, head, (size_t)n);
    memcpy(big + (size_t)n, h, len);
    memcpy(big + (size_t)n + len, body, sizeof body);
    w.net.responses[w.net.count] = big;
    w.net.response_len[w.net.count++] = (size_t)n + len + sizeof body - 1u;
    fake_response(&w, 200, "", "[]"); /* a replay or retry would get this */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
}

#define PCA_ANSWER(text, status) pca_answer_with(text, sizeof text - 1u, status)

static void test_request_id_keeps_printable_ascii(void **state)
{
    (void)state;
    char line[400], want[ORCA_SESSION_ID_MAX];
    PCA_ANSWER("opc-request-id: r\t\x7f\x9b\xc3\xa9"
               "d\r\n",
               200);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_string_equal(w.session.request_id, "r?????d");
    PCA_ANSWER("opc-request-id:\r\n", 200);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_string_equal(w.session.request_id, "");
    memset(want, 'r', sizeof want - 1u);
    want[sizeof want - 1u] = '\0';
    snprintf(line, sizeof line, "opc-request-id: %s%s\r\n", want, "rrrrrrrrrr");
    pca_answer_with(line, strlen(line), 404);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_string_equal(w.session.request_id, want); /* cut to 127 bytes */
    assert_string_equal(w.session.error.request_id, want);
    /* The parser refuses a NUL: a malformed answer, not retried. */
    PCA_ANSWER("opc-request-id: a\0b\r\n", 200);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_BAD_HEADER);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_string_equal(w.session.request_id, "");
}

static void test_error_code_and_message_printable(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
    fake_response(&w, 400, "",
                  "{\"code\": \"C\\u001b[31m\\u007f\", \"message\": "
                  "\"a\\r\\nb\\u0007c\\u0000d \\u00e9\"}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_string_equal(w.session.error.code, "C?[31m?");
    /* Control bytes (NUL too) become '?'; UTF-8 text stays. */
    assert_string_equal(w.session.error.message, "a??b?c?d \xc3\xa9");
    /* A body that is not JSON: its printable ASCII start. */
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
    w.cfg.max_retries = 0;
    fake_response(&w, 502, "", "<b>\x1b[2J\xc3\xa9</b>");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_HTTP);
    assert_string_equal(w.session.error.message, "<b>?[2J??"
                                                 "</b>");
}

static void test_status_outside_100_599_not_retried(void **state)
{
    (void)state;
    static const char *const lines[] = {"HTTP/1.1 999 X\r\n", "HTTP/1.1 600 X\r\n",
                                        "HTTP/1.1 000 X\r\n"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        fake_setup(&w, ORCA_SERVICE_PCA);
        fake_response(&w, 200, "", "{\"token\": \"t1\"}");
        for (int k = 0; k < 3; k++) { /* what retries would get */
            w.net.responses[w.net.count++] = lines[i];
        }
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_BAD_STATUS_LINE);
        assert_int_equal(fake_exchanges(&w), 2);
        assert_int_equal(w.time.sleep_count, 0);
        /* The same on the sign-in: one attempt, no credential. */
        fake_setup(&w, ORCA_SERVICE_PCA);
        w.net.responses[w.net.count++] = lines[i];
        w.net.responses[w.net.count++] = lines[i];
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        expect_refused_sign_in(orca_session_sign_in(&w.session), ORCA_ERR_BAD_STATUS_LINE);
    }
    /* 101 nobody asked for: unsupported, not retried. */
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
    fake_response(&w, 101, "Upgrade: evil\r\n", NULL);
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_UNSUPPORTED);
    assert_int_equal(fake_exchanges(&w), 2);
#if ORCA_WITH_RETRIES
    /* 599 is a server error: retried. */
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
    fake_response(&w, 599, "", "{}");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 3);
#endif
}

static void test_location_never_followed(void **state)
{
    (void)state;
    PCA_ANSWER("Location: https://evil.example/\x7f\xff\r\n", 302);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(res.status, 302);
    assert_int_equal(fake_exchanges(&w), 2);
    PCA_ANSWER("Location:\r\n", 301);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 2);
    /* A redirected sign-in has no token: an unexpected answer. */
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 302, "Location: /20160918/login2\r\n", "{}");
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    expect_refused_sign_in(fake_get(&w, "/x", &res), ORCA_ERR_BAD_RESPONSE);
}

/* Retry-After values that are not a delay in seconds. Today the session
 * reads no Retry-After; once it does (issue 13 part 2), these must still be
 * ignored (the computed backoff). Add its own cases beside these: a value
 * over the cap, 2^32 and more, an HTTP-date. */
#if ORCA_WITH_RETRIES
static void test_retry_after_not_a_delay_ignored(void **state)
{
    (void)state;
    static const char *const values[] = {
        "Retry-After: -1\r\n",   "Retry-After: abc\r\n",   "Retry-After:\r\n",
        "Retry-After: 1e3\r\n",  "Retry-After: 1\x7f\r\n", "Retry-After: 0x10\r\n",
        "Retry-After: \xff\r\n",
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        pca_answer_with(values[i], strlen(values[i]), 503);
        assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
        assert_int_equal(fake_exchanges(&w), 3);
        /* backoff_ms 500, random 0: equal jitter gives 250 ms. */
        assert_int_equal(w.time.sleep_count, 1);
        assert_int_equal(w.time.sleeps[0], 250);
    }
}

#else
ORCA_SKIP_TEST(test_retry_after_not_a_delay_ignored, "ORCA_WITH_RETRIES")
#endif

/* Bodies larger than the work buffer stream to the caller's on_body: once
 * bytes went there they cannot be taken back, so that answer is final (a
 * retried 503 or a replayed 401 would hand the caller two bodies in one). */
static char streamed[2][7000];
static size_t got_body, got_other, got_headers; /* 'e' bytes, 'o' bytes, headers */
static int stream_ctx;

static int count_body(void *ctx, const uint8_t *data, size_t len)
{
    assert_ptr_equal(ctx, &stream_ctx);
    for (size_t i = 0; i < len; i++) {
        got_body += data[i] == 'e';
        got_other += data[i] != 'e';
    }
    return 0;
}

static int count_header(void *ctx, const orca_http_header *h)
{
    assert_ptr_equal(ctx, &stream_ctx);
    (void)h;
    got_headers++;
    return 0;
}

/* PCA signed in; then @p status with a @p sent of @p length 'e' bytes (then
 * EOF), then a 200 with 'o' bytes that must never be asked for. */
static int stream_call(unsigned status, size_t length, size_t sent)
{
    orca_session_call req;
    const orca_http_callbacks cb = {count_header, count_body, &stream_ctx};
    fake_setup(&w, ORCA_SERVICE_PCA);
    fake_response(&w, 200, "", "{\"token\": \"t1\"}");
    int n =
        snprintf(streamed[0], 64, "HTTP/1.1 %u X\r\nContent-Length: %zu\r\n\r\n", status, length);
    memset(streamed[0] + n, 'e', sent);
    streamed[0][(size_t)n + sent] = '\0';
    n = snprintf(streamed[1], 64, "HTTP/1.1 200 X\r\nContent-Length: 6000\r\n\r\n");
    memset(streamed[1] + n, 'o', 6000);
    streamed[1][n + 6000] = '\0';
    w.net.responses[w.net.count++] = streamed[0];
    w.net.responses[w.net.count++] = streamed[1];
    got_body = got_other = got_headers = 0;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/x");
    return orca_session_request(&w.session, &req, &cb, &res);
}

static void test_streamed_body_is_final(void **state)
{
    (void)state;
    assert_int_equal(stream_call(503, 6000, 6000), ORCA_ERR_HTTP);
    assert_int_equal(res.status, 503);
    assert_int_equal(got_body, 6000);
    assert_int_equal(got_other, 0); /* the 200 was never asked for */
    assert_int_equal(got_headers, 1);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.time.sleep_count, 0);
    assert_int_equal(stream_call(401, 6000, 6000), ORCA_ERR_HTTP); /* not replayed */
    assert_int_equal(res.status, 401);
    assert_int_equal(got_body, 6000);
    assert_int_equal(got_other, 0);
    assert_int_equal(fake_exchanges(&w), 2);
    /* Cut off after 5000 of 6000 bytes: the caller has 5000, no retry. */
    assert_int_equal(stream_call(200, 6000, 5000), ORCA_ERR_UNEXPECTED_EOF);
    assert_int_equal(got_body, 5000);
    assert_int_equal(got_other, 0);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.time.sleep_count, 0);
#if ORCA_WITH_RETRIES
    /* A 503 whose body fits the buffer gave the caller nothing: retried. */
    assert_int_equal(stream_call(503, 100, 100), ORCA_OK);
    assert_int_equal(res.status, 200);
    assert_int_equal(got_body, 0);
    assert_int_equal(got_other, 6000);
    assert_int_equal(fake_exchanges(&w), 3);
#endif
}
#else
ORCA_SKIP_TEST(test_pca_token_with_bytes_a_header_cannot_hold, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_pca_token_every_vchar_accepted, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_pca_token_empty_or_too_long, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_request_id_keeps_printable_ascii, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_error_code_and_message_printable, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_status_outside_100_599_not_retried, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_location_never_followed, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_retry_after_not_a_delay_ignored, "ORCA_WITH_PCA")
ORCA_SKIP_TEST(test_streamed_body_is_final, "ORCA_WITH_PCA")
#endif /* ORCA_WITH_PCA */

#if ORCA_WITH_CLASSIC
/* A Classic world whose authenticate answers 204 with the raw header lines
 * @p headers (@p len bytes, NULs allowed). */
static void classic_answer(const char *headers, size_t len)
{
    static const char head[] = "HTTP/1.1 204 No Content\r\nX-Oracle-Compute-Call-Id: cid\r\n";
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    assert_true(sizeof head - 1u + len + 2u <= sizeof big);
    memcpy(big, head, sizeof head - 1u);
    memcpy(big + sizeof head - 1u, headers, len);
    memcpy(big + sizeof head - 1u + len, "\r\n", 2u);
    w.net.responses[0] = big;
    w.net.response_len[0] = sizeof head - 1u + len + 2u;
    w.net.count = 1;
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
}

#define CLASSIC(text) classic_answer(text, sizeof text - 1u)

/* Only the authenticate went out, and it carried no cookie. */
static void expect_classic_refused(int rc, int want)
{
    assert_int_equal(rc, want);
    assert_int_equal(fake_exchanges(&w), 1);
    assert_null(strstr(fake_sent(&w, 0), "Cookie"));
    assert_int_equal(w.session.signed_in, 0);
    orca_cookie_info info;
    assert_int_equal(orca_cookie_jar_find(&w.session.jar, w.cfg.host, "nimbula", 0u, &info),
                     ORCA_ERR_NOT_FOUND);
    orca_session_free(&w.session);
}

static void test_classic_cookie_hostile(void **state)
{
    (void)state;
    /* Refused by the jar or empty: no credential, an unexpected answer. */
    CLASSIC("Set-Cookie: nimbula=abc\x7f"
            "def; Path=/\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_RESPONSE);
    CLASSIC("Set-Cookie: nimbula=; Path=/\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_RESPONSE);
    CLASSIC("Set-Cookie: nimbula=\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_RESPONSE);
    CLASSIC("Set-Cookie: nimbula=\"\"; Path=/\r\n"); /* "" is a value: two bytes */
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 1), "\r\nCookie: nimbula=\"\"\r\n"));
    orca_session_free(&w.session);
    /* Longer than the jar holds (its arena made small). */
    {
        char line[700] = "Set-Cookie: nimbula=";
        size_t n = strlen(line);
        memset(line + n, 'c', 600);
        memcpy(line + n + 600, "\r\n", 2);
        classic_answer(line, n + 602u);
    }
    w.cfg.jar_size = 256; /* a jar too small has its own status: the caller's to fix */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_COOKIE_TOO_LARGE);
    /* Room for one cookie but not for the credential after another: a full jar. */
    CLASSIC("Set-Cookie: lb=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
            "Set-Cookie: nimbula=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv; Path=/\r\n");
    w.cfg.jar_size = ORCA_SESSION_MIN_JAR;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_ERR_JAR_FULL);
    assert_int_equal(w.session.signed_in, 0);
    orca_session_free(&w.session);
    /* Bytes the parser refuses in any header line: the answer is malformed. */
    CLASSIC("Set-Cookie: nimbula=abc\0def\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_HEADER);
    CLASSIC("Set-Cookie: nimbula=abc\rdef\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_HEADER);
    CLASSIC("Set-Cookie: nimbula=abc\nX-Evil: 1\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BARE_LF);
    CLASSIC("Set-Cookie: nimbula=abc\x1b[2J\r\n");
    expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_HEADER);
}

/* Max-Age, Expires and Date decide the credential's lifetime: a bad or
 * huge one never outlives the 30-minute cap, an expired one is no credential. */
static void test_classic_lifetime_values_hostile(void **state)
{
    (void)state;
    static const char *const capped[] = {
        "Set-Cookie: nimbula=v; Max-Age=99999999999999999999\r\n",
        "Set-Cookie: nimbula=v; Max-Age=abc\r\n",
        "Set-Cookie: nimbula=v; Max-Age=\r\n",
        "Set-Cookie: nimbula=v; Max-Age=+60000\r\n",
        "Set-Cookie: nimbula=v; Max-Age=\xff\r\n",
        "Set-Cookie: nimbula=v; Expires=garbage\r\n",
        ("Date: Mon, 99 Foo 99999 99:99:99 GMT\r\n"
         "Set-Cookie: nimbula=v; Expires=Wed, 01 Jan 2098 00:00:00 GMT\r\n"),
    };
    static const char *const expired[] = {
        "Set-Cookie: nimbula=v; Max-Age=-1\r\n",
        "Set-Cookie: nimbula=v; Max-Age=0\r\n",
        "Set-Cookie: nimbula=v; Max-Age=-99999999999999999999\r\n",
#if ORCA_WITH_COOKIE_EXPIRES /* without it, Expires is ignored */
        ("Date: Wed, 01 Jan 2098 00:00:00 GMT\r\n"
         "Set-Cookie: nimbula=v; Expires=Thu, 01 Jan 2026 00:00:00 GMT\r\n"),
#endif
    };
    for (size_t i = 0; i < sizeof capped / sizeof capped[0]; i++) {
        classic_answer(capped[i], strlen(capped[i]));
        assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
        assert_int_equal(w.session.svc.classic.lifetime_ms, ORCA_CLASSIC_TOKEN_LIFETIME_S * 1000u);
        orca_session_free(&w.session);
    }
    for (size_t i = 0; i < sizeof expired / sizeof expired[0]; i++) {
        classic_answer(expired[i], strlen(expired[i]));
        expect_classic_refused(fake_get(&w, "/x", &res), ORCA_ERR_BAD_RESPONSE);
    }
}
#else
ORCA_SKIP_TEST(test_classic_cookie_hostile, "ORCA_WITH_CLASSIC")
ORCA_SKIP_TEST(test_classic_lifetime_values_hostile, "ORCA_WITH_CLASSIC")
#endif /* ORCA_WITH_CLASSIC */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pca_token_with_bytes_a_header_cannot_hold),
        cmocka_unit_test(test_pca_token_every_vchar_accepted),
        cmocka_unit_test(test_pca_token_empty_or_too_long),
        cmocka_unit_test(test_classic_cookie_hostile),
        cmocka_unit_test(test_classic_lifetime_values_hostile),
        cmocka_unit_test(test_request_id_keeps_printable_ascii),
        cmocka_unit_test(test_error_code_and_message_printable),
        cmocka_unit_test(test_status_outside_100_599_not_retried),
        cmocka_unit_test(test_location_never_followed),
        cmocka_unit_test(test_retry_after_not_a_delay_ignored),
        cmocka_unit_test(test_streamed_body_is_final),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
