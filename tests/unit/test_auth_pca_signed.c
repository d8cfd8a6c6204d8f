/* PCA request-signing strategy (core/src/auth_pca_signed.c) through the
 * session, with a recording signer (no cryptography: what core hands the
 * signer and where the answers go) over the scripted transport of
 * tests/support/session_fakes.h. The real signatures are checked against
 * openssl in test_signer_mbedtls.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "feature_skip.h"
#include "session_fakes.h"

#if ORCA_WITH_PCA_SIGNING

/* Records the last signing string and body; answers fixed texts. */
typedef struct fake_signer {
    char signed_text[2048];
    size_t signed_len;
    char body[256];
    size_t body_len;
    int digests, signs;
    int fail;         /* signer status to return, 0: none */
    size_t claim;     /* when set: the length the signer claims to have written */
} fake_signer;

static fake_signer fs;
static fake_world w;
static int64_t wall_now;
static int wall_known;

static int fake_digest(void *ctx, const uint8_t *data, size_t len, char *out, size_t size,
                       size_t *out_len)
{
    fake_signer *f = ctx;
    f->digests++;
    if (len > 0u) {
        memcpy(f->body, data, len < sizeof f->body ? len : sizeof f->body);
    }
    f->body_len = len;
    if (size < 44u) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, "DIGEST-of-the-body-in-base64-44-characters==", 44);
    *out_len = f->claim != 0u ? f->claim : 44u;
    return f->fail;
}

static int fake_sign(void *ctx, const uint8_t *data, size_t len, char *out, size_t size,
                     size_t *out_len)
{
    fake_signer *f = ctx;
    f->signs++;
    memcpy(f->signed_text, data, len < sizeof f->signed_text ? len : sizeof f->signed_text);
    f->signed_len = len;
    if (size < 7u) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, "SIG+/==", 7);
    *out_len = f->claim != 0u ? f->claim : 7u;
    return f->fail;
}

static const orca_signer signer = {fake_digest, fake_sign, &fs};

static int fake_unix(void *ctx, int64_t *out)
{
    (void)ctx;
    if (!wall_known) {
        return ORCA_ERR_UNSUPPORTED;
    }
    *out = wall_now;
    return ORCA_OK;
}

static void signed_world(void)
{
    fake_setup(&w, ORCA_SERVICE_PCA_SIGNED);
    memset(&fs, 0, sizeof fs);
    wall_now = 1388957500; /* Sun, 05 Jan 2014 21:31:40 GMT */
    wall_known = 1;
    w.clock.unix_s = fake_unix;
    w.cfg.host = "iaas.example.com";
    w.cfg.tenancy = "ocid1.tenancy.oc1..t";
    w.cfg.user = "ocid1.user.oc1..u";
    w.cfg.pca_signed.key_fingerprint = "aa:bb";
    w.cfg.pca_signed.signer = &signer;
    w.cfg.password = NULL; /* signing needs none */
    w.cfg.pca.cred = NULL;
}

/* signed_world() with @p answers 200 answers scripted, the session initialised. */
static void signed_session(size_t answers)
{
    signed_world();
    for (size_t i = 0; i < answers; i++) {
        fake_response(&w, 200, "", "{}");
    }
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
}

/* One request on the session: @p body (NULL for none) and the caller's
 * @p count headers; returns orca_session_request's status. */
static int signed_call(const char *method, const char *path, const char *body,
                       const orca_http_header *headers, size_t count)
{
    orca_session_call req;
    orca_http_response res;
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str(method);
    req.path = orca_span_from_str(path);
    req.body = (const uint8_t *)body;
    req.body_len = body != NULL ? strlen(body) : 0u;
    req.headers = headers;
    req.header_count = count;
    return orca_session_request(&w.session, &req, NULL, &res);
}

/* Nothing signed, no connection, no byte sent. */
static void assert_nothing_sent(void)
{
    assert_int_equal(fs.signs, 0);
    assert_int_equal(w.net.connects, 0);
    assert_int_equal(fake_exchanges(&w), 0);
}

static void assert_signed_text(const char *want)
{
    assert_int_equal(fs.signed_len, strlen(want));
    assert_memory_equal(fs.signed_text, want, fs.signed_len);
}

static void test_get_signing_string_and_headers(void **state)
{
    (void)state;
    orca_http_response res;
    signed_world();
    w.cfg.port = 30003; /* not the default: part of host, as in the Host header */
    fake_response(&w, 200, "opc-request-id: r1\r\n", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/20160918/instances?compartmentId=c&limit=2", &res), ORCA_OK);
    assert_signed_text("date: Sun, 05 Jan 2014 21:31:40 GMT\n"
                       "(request-target): get /20160918/instances?compartmentId=c&limit=2\n"
                       "host: iaas.example.com:30003");
    assert_int_equal(fs.digests, 0);
    const char *sent = fake_sent(&w, 0);
    assert_non_null(strstr(sent, "\r\nHost: iaas.example.com:30003\r\n"));
    assert_non_null(strstr(sent, "\r\ndate: Sun, 05 Jan 2014 21:31:40 GMT\r\n"));
    assert_non_null(strstr(sent, "\r\nAuthorization: Signature version=\"1\",keyId=\"ocid1.tenancy."
                                 "oc1..t/ocid1.user.oc1..u/aa:bb\",algorithm=\"rsa-sha256\","
                                 "headers=\"date (request-target) host\",signature=\"SIG+/==\"\r\n"));
    assert_null(strstr(sent, "x-content-sha256"));
    assert_null(strstr(sent, "Bearer"));
    assert_int_equal(fake_exchanges(&w), 1); /* no sign-in call */
    /* Logout makes no call either. */
    assert_int_equal(orca_session_logout(&w.session), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 1);
    orca_session_free(&w.session);
}

static void test_post_signs_body_headers(void **state)
{
    (void)state;
    orca_http_header type = {"content-type", 12, "application/x-test", 18};
    signed_session(2);
    /* the caller's Content-Type is the one signed */
    assert_int_equal(signed_call("PUT", "/20160918/x", "{\"a\":1}", &type, 1), ORCA_OK);
    assert_int_equal(fs.body_len, 7);
    assert_memory_equal(fs.body, "{\"a\":1}", 7);
    assert_signed_text("date: Sun, 05 Jan 2014 21:31:40 GMT\n"
                       "(request-target): put /20160918/x\n"
                       "host: iaas.example.com\n"
                       "content-length: 7\n"
                       "content-type: application/x-test\n"
                       "x-content-sha256: DIGEST-of-the-body-in-base64-44-characters==");
    const char *sent = fake_sent(&w, 0);
    assert_non_null(strstr(sent, "\r\nx-content-sha256: DIGEST-of-the-body-in-base64-44-"
                                 "characters==\r\n"));
    assert_non_null(strstr(sent, "headers=\"date (request-target) host content-length "
                                 "content-type x-content-sha256\",signature=\"SIG+/==\"\r\n"));
    assert_null(strstr(sent, "application/json\r\nContent-Type")); /* one Content-Type */
    /* A POST without a body signs (and sends) Content-Type and length 0. */
    assert_int_equal(signed_call("POST", "/20160918/x", NULL, NULL, 0), ORCA_OK);
    assert_int_equal(fs.body_len, 0);
    assert_non_null(strstr((const char *)fs.signed_text,
                           "content-length: 0\ncontent-type: application/json\n"));
    sent = fake_sent(&w, 1);
    assert_non_null(strstr(sent, "\r\nContent-Type: application/json\r\n"));
    assert_non_null(strstr(sent, "\r\nContent-Length: 0\r\n"));
    orca_session_free(&w.session);
}

/* No wall clock and no server Date yet: refused before anything is sent. */
static void test_no_wall_clock(void **state)
{
    (void)state;
    orca_http_response res;
    signed_world();
    wall_known = 0; /* unix_s says "unknown" */
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/20160918/instances", &res), ORCA_ERR_NO_WALL_CLOCK);
    assert_int_equal(w.net.connects, 0);
    assert_int_equal(fake_exchanges(&w), 0);
    assert_int_equal(fs.signs, 0);
    w.clock.unix_s = NULL; /* no wall clock at all */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/20160918/instances", &res), ORCA_ERR_NO_WALL_CLOCK);
    assert_int_equal(fake_exchanges(&w), 0);
}

/* Once an answer had a Date, a lost wall clock is replaced by that Date
 * plus the monotonic time since (across the tick's wrap). */
static void test_date_learned_from_answer(void **state)
{
    (void)state;
    orca_http_response res;
    signed_world();
    w.time.now = 0xFFFFF000u; /* wraps 4096 ms later */
    fake_response(&w, 200, "Date: Mon, 06 Jan 2014 00:00:00 GMT\r\n", "[]");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    wall_known = 0;
    w.time.now += 65999u; /* 65.999 s later: 65 whole seconds */
    assert_int_equal(fake_get(&w, "/b", &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 1), "\r\ndate: Mon, 06 Jan 2014 00:01:05 GMT\r\n"));
    orca_session_free(&w.session);
}

/* A 401 (a skewed clock): one resync to the server's Date and one replay;
 * later requests keep the server's time. */
static void test_401_resyncs_once(void **state)
{
    (void)state;
    orca_http_response res;
    signed_world();
    w.time.now = 1000u;
    fake_response(&w, 401, "Date: Sun, 05 Jan 2014 21:41:40 GMT\r\n",
                  "{\"code\":\"NotAuthenticated\",\"message\":\"clock skew\"}");
    fake_response(&w, 200, "", "[]");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_non_null(strstr(fake_sent(&w, 0), "\r\ndate: Sun, 05 Jan 2014 21:31:40 GMT\r\n"));
    assert_non_null(strstr(fake_sent(&w, 1), "\r\ndate: Sun, 05 Jan 2014 21:41:40 GMT\r\n"));
    w.time.now += 3000u;
    assert_int_equal(fake_get(&w, "/b", &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 2), "\r\ndate: Sun, 05 Jan 2014 21:41:43 GMT\r\n"));
    orca_session_free(&w.session);
}

static void test_second_401_returned(void **state)
{
    (void)state;
    orca_http_response res;
    signed_world();
    fake_response(&w, 401, "Date: Sun, 05 Jan 2014 21:31:41 GMT\r\n", "{\"code\":\"NotAuthenticated\"}");
    fake_response(&w, 401, "", "{\"code\":\"NotAuthenticated\",\"message\":\"bad key\"}");
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_ERR_HTTP);
    assert_int_equal(fake_exchanges(&w), 2);
    assert_int_equal(w.session.error.status, 401);
    assert_string_equal(w.session.error.message, "bad key");
    orca_session_free(&w.session);
}

/* Bad settings and a failing signer: clear errors, nothing sent. */
static void test_refusals(void **state)
{
    (void)state;
    orca_http_response res;
    signed_world();
    fake_response(&w, 200, "", "[]");
    w.cfg.pca_signed.key_fingerprint = "aa\"bb"; /* would end the quoted keyId */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_ERR_INVALID_ARG);
    w.cfg.pca_signed.key_fingerprint = "aa:bb";
    fs.fail = ORCA_ERR_KEY;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_ERR_KEY);
    fs.fail = ORCA_OK;
    fs.claim = 100000u; /* a signer claiming more than its buffer */
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_ERR_KEY);
    fs.claim = 0;
    assert_int_equal(fake_exchanges(&w), 0);
    assert_int_equal(w.net.connects, 0);
    /* A path that leaves no room for the signed headers: refused, not cut. */
    static char path[1100];
    memset(path, 'p', sizeof path - 1u);
    path[0] = '/';
    w.cfg.work_size = 1024u;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, path, &res), ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(fake_exchanges(&w), 0);
    /* Init: the signer, its functions, the fingerprint and the tenancy are required. */
    orca_signer half = {NULL, fake_sign, &fs};
    w.cfg.work_size = sizeof w.work;
    w.cfg.pca_signed.signer = &half;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_INVALID_ARG);
#if ORCA_STATUS_STRINGS
    assert_string_equal(w.session.error.message, "pca_signed.signer missing");
#endif
    w.cfg.pca_signed.signer = NULL;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_INVALID_ARG);
#if ORCA_STATUS_STRINGS
    assert_string_equal(w.session.error.message, "pca_signed.signer missing");
#endif
    w.cfg.pca_signed.signer = &signer;
    w.cfg.pca_signed.key_fingerprint = NULL;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_INVALID_ARG);
#if ORCA_STATUS_STRINGS
    assert_string_equal(w.session.error.message, "pca_signed.key_fingerprint missing");
#endif
    w.cfg.pca_signed.key_fingerprint = "aa:bb";
    w.cfg.tenancy = NULL;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_INVALID_ARG);
#if ORCA_STATUS_STRINGS
    assert_string_equal(w.session.error.message, "tenancy missing");
#endif
}

/* Every header slot in use: 4 of the caller's on a signed POST. */
static void test_all_header_slots(void **state)
{
    (void)state;
    orca_http_header extra[5] = {{"X-A", 3, "1", 1}, {"X-B", 3, "2", 1}, {"X-C", 3, "3", 1},
                                 {"X-D", 3, "4", 1}, {"X-E", 3, "5", 1}};
    signed_session(1);
    assert_int_equal(signed_call("POST", "/p", "{}", extra, 5), ORCA_ERR_INVALID_ARG);
    assert_int_equal(signed_call("POST", "/p", "{}", extra, 4), ORCA_OK);
    const char *sent = fake_sent(&w, 0);
    assert_non_null(strstr(sent, "\r\nX-D: 4\r\n"));
    assert_non_null(strstr(sent, "\r\nAuthorization: Signature "));
    orca_session_free(&w.session);
}

/* A backslash in a keyId part ends the quoted string as early as a quote
 * does: refused for each of tenancy, user and fingerprint, nothing signed
 * or sent. */
static void test_backslash_in_key_id(void **state)
{
    (void)state;
    orca_http_response res;
    const char **parts[3];
    signed_world();
    parts[0] = &w.cfg.tenancy;
    parts[1] = &w.cfg.user;
    parts[2] = &w.cfg.pca_signed.key_fingerprint;
    for (size_t i = 0; i < 3u; i++) {
        const char *kept = *parts[i];
        *parts[i] = "ab\\cd";
        assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
        assert_int_equal(fake_get(&w, "/a", &res), ORCA_ERR_INVALID_ARG);
        *parts[i] = kept;
    }
    assert_nothing_sent();
}

/* A signer without sign_b64 (digest_b64 set) is refused at init, like one
 * without digest_b64. */
static void test_signer_without_sign(void **state)
{
    (void)state;
    orca_signer half = {fake_digest, NULL, &fs};
    signed_world();
    w.cfg.pca_signed.signer = &half;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_INVALID_ARG);
}

/* A caller header of Content-Type's length but another name is passed
 * over: the Content-Type after it is the one signed. */
static void test_content_type_look_alike_beside_real(void **state)
{
    (void)state;
    orca_http_header given[2] = {{"Content-Tipe", 12, "text/x-not-this", 15},
                                 {"Content-Type", 12, "text/plain", 10}};
    signed_session(1);
    assert_int_equal(signed_call("POST", "/p", "hi", given, 2), ORCA_OK);
    assert_signed_text("date: Sun, 05 Jan 2014 21:31:40 GMT\n"
                       "(request-target): post /p\n"
                       "host: iaas.example.com\n"
                       "content-length: 2\n"
                       "content-type: text/plain\n"
                       "x-content-sha256: DIGEST-of-the-body-in-base64-44-characters==");
    const char *sent = fake_sent(&w, 0);
    assert_non_null(strstr(sent, "\r\nContent-Tipe: text/x-not-this\r\n"));
    assert_non_null(strstr(sent, "\r\nContent-Type: text/plain\r\n"));
    assert_null(strstr(sent, "application/json\r\nContent-Type")); /* no second one */
    assert_null(strstr(sent, "Content-Type: application/json"));
    orca_session_free(&w.session);
}

/* Only the look-alike given: it is no Content-Type, so the session's media
 * type is sent and signed, on a POST with a body and on one without. */
static void test_content_type_look_alike_alone(void **state)
{
    (void)state;
    orca_http_header given = {"X-Trace-Id12", 12, "t1", 2};
    signed_session(2);
    assert_int_equal(signed_call("POST", "/p", "{}", &given, 1), ORCA_OK);
    assert_signed_text("date: Sun, 05 Jan 2014 21:31:40 GMT\n"
                       "(request-target): post /p\n"
                       "host: iaas.example.com\n"
                       "content-length: 2\n"
                       "content-type: application/json\n"
                       "x-content-sha256: DIGEST-of-the-body-in-base64-44-characters==");
    const char *sent = fake_sent(&w, 0);
    assert_non_null(strstr(sent, "\r\nX-Trace-Id12: t1\r\n"));
    assert_non_null(strstr(sent, "\r\nContent-Type: application/json\r\n"));
    /* Without a body the strategy adds the Content-Type itself. */
    assert_int_equal(signed_call("POST", "/p", NULL, &given, 1), ORCA_OK);
    assert_non_null(strstr((const char *)fs.signed_text,
                           "content-length: 0\ncontent-type: application/json\n"));
    sent = fake_sent(&w, 1);
    assert_non_null(strstr(sent, "\r\nX-Trace-Id12: t1\r\n"));
    assert_non_null(strstr(sent, "\r\nContent-Type: application/json\r\n"));
    orca_session_free(&w.session);
}

/* (request-target) lowercases only A-Z of the method: lowercase letters and
 * a '-' are kept, while the request line keeps the method as given. */
static void test_request_target_lowercases_method(void **state)
{
    (void)state;
    signed_session(2);
    /* an extension method: no body headers signed */
    assert_int_equal(signed_call("MKcol", "/dav/x", NULL, NULL, 0), ORCA_OK);
    assert_signed_text("date: Sun, 05 Jan 2014 21:31:40 GMT\n"
                       "(request-target): mkcol /dav/x\n"
                       "host: iaas.example.com");
    assert_int_equal(strncmp(fake_sent(&w, 0), "MKcol /dav/x HTTP/1.1\r\n", 23), 0);
    /* RFC 3253: a '-' is kept too */
    assert_int_equal(signed_call("VERSION-CONTROL", "/dav/x", NULL, NULL, 0), ORCA_OK);
    assert_signed_text("date: Sun, 05 Jan 2014 21:31:40 GMT\n"
                       "(request-target): version-control /dav/x\n"
                       "host: iaas.example.com");
    assert_int_equal(fs.digests, 0);
    orca_session_free(&w.session);
}

/* One GET with @p tls and @p port: the signing string's host line and the
 * Host header sent are both "host: @p host". */
static void assert_host_signed(uint8_t tls, uint16_t port, const char *host)
{
    orca_http_response res;
    char line[128], header[64];
    signed_world();
    w.cfg.tls = tls;
    w.cfg.port = port;
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    snprintf(line, sizeof line,
             "date: Sun, 05 Jan 2014 21:31:40 GMT\n"
             "(request-target): get /a\nhost: %s",
             host);
    assert_signed_text(line);
    snprintf(header, sizeof header, "\r\nHost: %s\r\n", host);
    assert_non_null(strstr(fake_sent(&w, 0), header));
    orca_session_free(&w.session);
}

/* The host line carries the port as the Host header does: not the scheme's
 * default, so 443 only over plain HTTP and 80 only over TLS. */
static void test_host_line_port(void **state)
{
    (void)state;
    assert_host_signed(1u, 443u, "iaas.example.com");
    assert_host_signed(1u, 8443u, "iaas.example.com:8443");
    assert_host_signed(1u, 80u, "iaas.example.com:80");
    assert_host_signed(0u, 80u, "iaas.example.com");
    assert_host_signed(0u, 443u, "iaas.example.com:443");
    assert_host_signed(0u, 0u, "iaas.example.com");
}

/* A failing digest_b64 (a POST): its status is returned, nothing is signed
 * or sent. */
static void test_digest_fails(void **state)
{
    (void)state;
    signed_session(1);
    fs.fail = ORCA_ERR_KEY;
    assert_int_equal(signed_call("POST", "/p", "{}", NULL, 0), ORCA_ERR_KEY);
    assert_int_equal(fs.digests, 1);
    assert_nothing_sent();
}

/* A digest_b64 that claims more than the room it was given: ORCA_ERR_KEY,
 * nothing signed or sent. */
static void test_digest_claims_too_much(void **state)
{
    (void)state;
    signed_session(1);
    fs.claim = sizeof w.work + 1u; /* more than the whole work buffer */
    assert_int_equal(signed_call("PUT", "/p", "{}", NULL, 0), ORCA_ERR_KEY);
    assert_int_equal(fs.digests, 1);
    assert_nothing_sent();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_signing_string_and_headers),
        cmocka_unit_test(test_post_signs_body_headers),
        cmocka_unit_test(test_no_wall_clock),
        cmocka_unit_test(test_date_learned_from_answer),
        cmocka_unit_test(test_401_resyncs_once),
        cmocka_unit_test(test_second_401_returned),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_all_header_slots),
        cmocka_unit_test(test_backslash_in_key_id),
        cmocka_unit_test(test_signer_without_sign),
        cmocka_unit_test(test_content_type_look_alike_beside_real),
        cmocka_unit_test(test_content_type_look_alike_alone),
        cmocka_unit_test(test_request_target_lowercases_method),
        cmocka_unit_test(test_host_line_port),
        cmocka_unit_test(test_digest_fails),
        cmocka_unit_test(test_digest_claims_too_much),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
/* ORCA_WITH_PCA_SIGNING 0: the service is refused with ORCA_ERR_UNSUPPORTED. */
static void test_signing_unsupported(void **state)
{
    (void)state;
    static fake_world w;
    fake_setup(&w, ORCA_SERVICE_PCA_SIGNED);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_UNSUPPORTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_signing_unsupported)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
