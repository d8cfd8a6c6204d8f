/* Compute Classic auth strategy (core/src/auth_classic.c) through the
 * session: nimbula cookie, lifetime cap, renew margin, /refresh/ versus a
 * new authentication, session limit, clock wrap. Scripted transport and fake
 * clock from tests/support/session_fakes.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "session_fakes.h"
#include "feature_skip.h"

#if ORCA_WITH_CLASSIC

#define AUTH_OK(value, max_age)                                                    \
    "Set-Cookie: nimbula=" value "; Path=/; Max-Age=" max_age "\r\n"               \
    "Expires: Sun, 22 Nov 2026 11:00:00 GMT\r\nX-Oracle-Compute-Call-Id: call-1\r\n"
#define LIST "{\"result\": []}"
#define S 1000u /* ms per second */

static fake_world w;
static orca_http_response res;

static void classic_world(uint32_t start, const char *max_age)
{
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    w.time.now = start;
    w.pool_used = 0;
    if (strcmp(max_age, "1800") == 0) {
        fake_response(&w, 204, AUTH_OK("v1", "1800"), NULL);
    } else {
        fake_response(&w, 204, AUTH_OK("v1", "10800"), NULL);
    }
}

static int starts(size_t i, const char *prefix)
{
    return strncmp(fake_sent(&w, i), prefix, strlen(prefix)) == 0;
}

/* A service the build leaves out is refused at init, with its own status. */
static void test_switched_off_service_is_unsupported(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    w.cfg.service = ORCA_SERVICE_PCA;
    w.cfg.tenancy = "t";
#if ORCA_WITH_PCA
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
#else
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_UNSUPPORTED);
#endif
    orca_session_free(&w.session);
}

static void test_authenticate_and_cookie_on_every_call(void **state)
{
    (void)state;
    classic_world(1000u, "1800");
    fake_response(&w, 200, "", LIST);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/instance/Compute-acme/", &res), ORCA_OK);
    assert_int_equal(fake_get(&w, "/instance/Compute-acme/vm", &res), ORCA_OK);
    const char *auth = fake_sent(&w, 0);
    assert_true(starts(0, "POST /authenticate/ HTTP/1.1\r\n"));
    assert_non_null(strstr(auth, "\r\nAccept: application/oracle-compute-v3+json\r\n"));
    assert_non_null(strstr(auth, "\r\nContent-Type: application/oracle-compute-v3+json\r\n"));
    assert_null(strstr(auth, "Cookie"));
    assert_non_null(
        strstr(auth, "\r\n\r\n{\"user\":\"/Compute-acme/jack\",\"password\":\"pa\\\"ss\\\\word\"}"));
    for (size_t i = 1; i <= 2; i++) {
        assert_non_null(strstr(fake_sent(&w, i), "\r\nCookie: nimbula=v1\r\n"));
        assert_null(strstr(fake_sent(&w, i), "Authorization"));
    }
    assert_string_equal(w.session.request_id, "");
    assert_int_equal(w.session.svc.classic.lifetime_ms, 1800u * S);
    assert_false(fake_contains(w.work, sizeof w.work, "nimbula=v1"));
}

/* The library picks Classic's Accept: a GET of a path ending in '/' (before
 * any query) is a listing (+directory+json, else the server answers 406),
 * anything else +json; an Accept the caller gives wins. */
static void test_listing_accept_chosen_by_the_library(void **state)
{
    (void)state;
    static const struct {
        const char *method, *path;
        int listing;
    } calls[] = {
        {"GET", "/instance/Compute-acme/", 1}, {"GET", "/instance/?name=vm", 1},
        {"GET", "/instance/Compute-acme/vm", 0}, {"GET", "/instance/x?dir=/", 0},
        {"DELETE", "/instance/Compute-acme/", 0}, {"POST", "/instance/", 0},
    };
    const size_t n = sizeof calls / sizeof calls[0];
    orca_session_call req;
    classic_world(1000u, "1800");
    for (size_t i = 0; i < n + 1u; i++) {
        fake_response(&w, 200, "", LIST);
    }
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    for (size_t i = 0; i < n; i++) {
        memset(&req, 0, sizeof req);
        req.method = orca_span_from_str(calls[i].method);
        req.path = orca_span_from_str(calls[i].path);
        assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_OK);
        const char *sent = fake_sent(&w, i + 1u);
        print_message("%s %s\n", calls[i].method, calls[i].path);
        assert_non_null(strstr(sent, calls[i].listing
                                         ? "\r\nAccept: application/oracle-compute-v3+directory+json\r\n"
                                         : "\r\nAccept: application/oracle-compute-v3+json\r\n"));
    }
    const orca_http_header mine = {"accept", 6, "application/json", 16};
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/instance/");
    req.headers = &mine;
    req.header_count = 1;
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, n + 1u), "\r\naccept: application/json\r\n"));
    assert_null(strstr(fake_sent(&w, n + 1u), "directory"));
    orca_session_free(&w.session);
}

/* Max-Age describes the session on some releases: the token lifetime is
 * capped at 30 min; the renew margin is min(300 s, lifetime / 6). */
static void test_lifetime_cap_and_margin(void **state)
{
    (void)state;
    classic_world(0u, "10800");
    fake_response(&w, 200, "", LIST);
    fake_response(&w, 204, "Set-Cookie: nimbula=v2; Path=/; Max-Age=1800\r\n", NULL);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, 1800u * S);
    w.time.now = (1800u - 301u) * S; /* 301 s left: no renewal yet */
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_true(starts(1, "GET /a "));
    w.time.now = (1800u - 299u) * S; /* 299 s left: refresh first */
    assert_int_equal(fake_get(&w, "/b", &res), ORCA_OK);
    assert_true(starts(2, "GET /refresh/ HTTP/1.1\r\n"));
    assert_non_null(strstr(fake_sent(&w, 2), "\r\nCookie: nimbula=v1\r\n"));
    assert_true(starts(3, "GET /b "));
    assert_non_null(strstr(fake_sent(&w, 3), "\r\nCookie: nimbula=v2\r\n"));
    assert_int_equal(fake_exchanges(&w), 4);
}

static void test_short_lifetime_margin_is_a_sixth(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    fake_response(&w, 204, "Set-Cookie: nimbula=v1; Max-Age=60\r\n", NULL);
    fake_response(&w, 200, "", LIST);
    fake_response(&w, 204, "Set-Cookie: nimbula=v2; Max-Age=60\r\n", NULL);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    w.time.now = 49u * S; /* signed in at 0: 11 s left > 10 s */
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, 60u * S);
    w.time.now = 49u * S + 49u * S;
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_true(starts(1, "GET /a "));
    w.time.now += 2u * S; /* 9 s left */
    assert_int_equal(fake_get(&w, "/b", &res), ORCA_OK);
    assert_true(starts(2, "GET /refresh/ "));
}

/* An expired token is never sent: the next call authenticates again. */
static void test_expired_token_authenticates_without_cookie(void **state)
{
    (void)state;
    classic_world(0xFFFF0000u, "1800"); /* and the tick wraps on the way */
    fake_response(&w, 200, "", LIST);
    fake_response(&w, 204, AUTH_OK("v9", "1800"), NULL);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    w.time.now += 1801u * S;
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_true(starts(2, "POST /authenticate/ "));
    assert_null(strstr(fake_sent(&w, 2), "Cookie"));
    assert_non_null(strstr(fake_sent(&w, 3), "\r\nCookie: nimbula=v9\r\n"));
}

static void test_session_limit_means_authenticate(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 204, AUTH_OK("v2", "1800"), NULL);
    fake_response(&w, 200, "", LIST);
    w.cfg.classic.session_limit_s = 1800u + 100u;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    w.time.now = 1700u * S; /* 100 s left of the token, 200 s of the session */
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_true(starts(1, "POST /authenticate/ "));
    assert_true(starts(2, "GET /a "));
}

static void test_lifetime_never_passes_session_limit(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 204, "Set-Cookie: nimbula=v2; Max-Age=1800\r\n", NULL);
    w.cfg.classic.session_limit_s = 2000u;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    w.time.now = 1000u * S;
    assert_int_equal(orca_session_renew(&w.session), ORCA_OK);
    assert_true(starts(1, "GET /refresh/ "));
    assert_int_equal(w.session.svc.classic.lifetime_ms, 1000u * S);
}

static void test_refused_refresh_authenticates(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 401, "", "{\"message\": \"Authorization token is invalid\"}");
    fake_response(&w, 204, AUTH_OK("v3", "1800"), NULL);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(orca_session_renew(&w.session), ORCA_OK);
    assert_true(starts(1, "GET /refresh/ "));
    assert_true(starts(2, "POST /authenticate/ "));
    assert_null(strstr(fake_sent(&w, 2), "Cookie"));
}

static void test_failed_refresh_is_returned(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 400, "", "{\"message\": \"no\"}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(orca_session_renew(&w.session), ORCA_ERR_HTTP);
#if ORCA_WITH_JSON_READER
    assert_string_equal(w.session.error.message, "no");
#else
    assert_string_equal(w.session.error.message, "{\"message\": \"no\"}"); /* kept as text */
#endif
    assert_int_equal(fake_exchanges(&w), 2);
}

static void test_new_cookie_on_any_answer_is_kept(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 200, "Set-Cookie: nimbula=v5; Path=/; Max-Age=1800\r\n", LIST);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    w.time.now = 1000u * S;
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_int_equal(w.session.svc.classic.deadline_ms, 2800u * S); /* extended from the new cookie */
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 2), "\r\nCookie: nimbula=v5\r\n"));
}

static void test_raw_json_cookie_value_sent_as_is(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    fake_response(&w, 204, "Set-Cookie: nimbula={\"v\": \"a\\\\b\"}; Path=/; Max-Age=1800\r\n",
                  NULL);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 1), "\r\nCookie: nimbula={\"v\": \"a\\\\b\"}\r\n"));
}

static void test_authenticate_without_cookie_is_bad_response(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    fake_response(&w, 204, "Set-Cookie: other=1\r\n", NULL);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_ERR_BAD_RESPONSE);
    assert_int_equal(fake_exchanges(&w), 1);
}

static void test_logout_forgets_cookie_without_a_call(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(orca_session_logout(&w.session), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 1);
    assert_int_equal(orca_cookie_jar_find(&w.session.jar, "api.example.com", "nimbula", 0, NULL),
                     ORCA_ERR_NOT_FOUND);
    assert_false(fake_contains(w.jar, sizeof w.jar, "v1"));
}

/* A nimbula cookie the jar refuses (another host's domain) signs nobody in;
 * one an answer deletes (Max-Age=0) signs the session out, and the next
 * call authenticates again. */
static void test_refused_or_deleted_cookie_signs_out(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    fake_response(&w, 204, "Set-Cookie: nimbula=x; Domain=evil.example.net\r\n", NULL);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_ERR_BAD_RESPONSE);
    assert_false(w.session.signed_in);

    classic_world(0u, "1800");
    fake_response(&w, 200, "Set-Cookie: nimbula=; Max-Age=0\r\n", LIST);
    fake_response(&w, 204, AUTH_OK("v2", "1800"), NULL);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_false(w.session.signed_in);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_true(starts(2, "POST /authenticate/ "));
    assert_non_null(strstr(fake_sent(&w, 3), "\r\nCookie: nimbula=v2\r\n"));
}

/* A cookie without Max-Age or Expires lives as long as the cap allows; caps
 * beyond what the tick can tell apart are clamped to ~24.8 days. */
static void test_session_cookie_and_huge_caps(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    fake_response(&w, 204, "Set-Cookie: nimbula=s1\r\n", NULL);
    w.cfg.classic.token_lifetime_s = UINT32_MAX;
    w.cfg.classic.session_limit_s = UINT32_MAX;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
}

/* With no session limit left (0 s), every call authenticates first. */
static void test_no_session_limit_left_authenticates_each_call(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 200, "", LIST);
    fake_response(&w, 204, AUTH_OK("v2", "1800"), NULL);
    fake_response(&w, 200, "", LIST);
    w.cfg.classic.session_limit_s = 0u;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, 0u);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 4);
    assert_true(starts(2, "POST /authenticate/ "));
}

/* Only a cookie called exactly nimbula is the credential: "nimbulax" or a
 * longer name is stored like any cookie and leaves the lifetime alone. */
static void test_only_nimbula_is_the_credential(void **state)
{
    (void)state;
    classic_world(0u, "1800");
    fake_response(&w, 200, "Set-Cookie: nimbulax=1; Max-Age=10\r\nSet-Cookie: other_name=2\r\n",
                  LIST);
    fake_response(&w, 200, "", LIST);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, 1800u * S);
    assert_true(w.session.signed_in);
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_non_null(strstr(fake_sent(&w, 2), "nimbula=v1"));
    assert_non_null(strstr(fake_sent(&w, 2), "nimbulax=1"));
}

#if ORCA_WITH_COOKIE_EXPIRES
/* Expires is read against the answer's Date; a Date that does not parse
 * (and no wall clock) leaves the expiry unknown: the cap decides. */
static void test_expires_against_date(void **state)
{
    (void)state;
    fake_setup(&w, ORCA_SERVICE_CLASSIC);
    fake_response(&w, 204,
                  "Date: Sun, 22 Nov 2026 10:50:00 GMT\r\n"
                  "Set-Cookie: nimbula=d1; Expires=Sun, 22 Nov 2026 11:00:00 GMT\r\n",
                  NULL);
    fake_response(&w, 204,
                  "Date: yesterday\r\n"
                  "Set-Cookie: nimbula=d2; Expires=Sun, 22 Nov 2026 11:00:00 GMT\r\n",
                  NULL);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, 600u * S);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(w.session.svc.classic.lifetime_ms, 1800u * S);
}
#else
ORCA_SKIP_TEST(test_expires_against_date, "ORCA_WITH_COOKIE_EXPIRES")
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_switched_off_service_is_unsupported),
        cmocka_unit_test(test_authenticate_and_cookie_on_every_call),
        cmocka_unit_test(test_listing_accept_chosen_by_the_library),
        cmocka_unit_test(test_lifetime_cap_and_margin),
        cmocka_unit_test(test_short_lifetime_margin_is_a_sixth),
        cmocka_unit_test(test_expired_token_authenticates_without_cookie),
        cmocka_unit_test(test_session_limit_means_authenticate),
        cmocka_unit_test(test_lifetime_never_passes_session_limit),
        cmocka_unit_test(test_refused_refresh_authenticates),
        cmocka_unit_test(test_failed_refresh_is_returned),
        cmocka_unit_test(test_new_cookie_on_any_answer_is_kept),
        cmocka_unit_test(test_raw_json_cookie_value_sent_as_is),
        cmocka_unit_test(test_authenticate_without_cookie_is_bad_response),
        cmocka_unit_test(test_logout_forgets_cookie_without_a_call),
        cmocka_unit_test(test_refused_or_deleted_cookie_signs_out),
        cmocka_unit_test(test_session_cookie_and_huge_caps),
        cmocka_unit_test(test_no_session_limit_left_authenticates_each_call),
        cmocka_unit_test(test_only_nimbula_is_the_credential),
        cmocka_unit_test(test_expires_against_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_CLASSIC")
#endif
