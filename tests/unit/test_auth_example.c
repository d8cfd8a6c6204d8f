/* The example strategy of docs/sessions.md "Adding a service"
 * (tests/support/auth_basic.c, HTTP Basic) through the session: the
 * strategy interface is enough for a service whose file is all it adds.
 * The session is set up as PCA and then given the example's table, which
 * stands in for its ORCA_AUTH_SERVICES entry and enum value. And the
 * registry's entries name the hooks their tables have. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "session_fakes.h"
#include "feature_skip.h"
#include "session_auth.h"

/* Every service built in: its registry entry names the optional hooks its
 * table has, since a hook no entry names is never called. */
#define ENTRY(table, on, hooks) {(on) ? &table : NULL, hooks, #table},
static const struct {
    const struct orca_auth_ops *ops;
    unsigned hooks;
    const char *name;
} registry[] = {ORCA_AUTH_SERVICES(ENTRY)};
#undef ENTRY

static void test_registry_hooks_match_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        const struct orca_auth_ops *a = registry[i].ops;
        unsigned has;
        if (a == NULL) {
            continue; /* switched off */
        }
        has = (a->attach != NULL ? ORCA_AUTH_ATTACH : 0u) | (a->sign != NULL ? ORCA_AUTH_SIGN : 0u) |
              (a->answered != NULL ? ORCA_AUTH_ANSWERED : 0u) |
              (a->sign_in_path == NULL ? ORCA_AUTH_NO_SIGN_IN : 0u);
        print_message("%s: hooks %u\n", registry[i].name, has);
        assert_int_equal(has, registry[i].hooks);
        assert_non_null(a->media); /* the required members */
        assert_non_null(a->accept);
        assert_non_null(a->drop);
    }
}

/* The example signs requests (sign) and has no sign-in: a build where no
 * service built in does either would never call them for it. */
#define EXAMPLE_HOOKS (ORCA_AUTH_SIGN | ORCA_AUTH_NO_SIGN_IN)
#if ORCA_WITH_PCA && (ORCA_AUTH_HOOKS & EXAMPLE_HOOKS) == EXAMPLE_HOOKS

extern const struct orca_auth_ops orca_auth_basic;

static fake_world w;
static orca_http_response res;

static void basic_world(const char *user, const char *password)
{
    fake_setup(&w, ORCA_SERVICE_PCA);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    w.session.auth = &orca_auth_basic; /* the table entry */
    w.session.cfg.user = user;
    w.session.cfg.password = password;
    w.session.cfg.password_len = strlen(password);
}

/* No sign-in: the first exchange is the call, with the Basic credential
 * (RFC 7617's base64 of user:password, padded), and so is every next one. */
static void test_every_request_carries_basic(void **state)
{
    (void)state;
    basic_world("jdoe", "pa\"ss\\word");
    fake_response(&w, 200, "", "{}");
    fake_response(&w, 200, "", "{}");
    assert_int_equal(fake_get(&w, "/a", &res), ORCA_OK);
    assert_int_equal(fake_get(&w, "/b", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 2u);
    assert_non_null(strstr(fake_sent(&w, 0), "GET /a HTTP/1.1\r\n"));
    assert_non_null(strstr(fake_sent(&w, 0), "\r\nAuthorization: Basic amRvZTpwYSJzc1x3b3Jk\r\n"));
    assert_non_null(strstr(fake_sent(&w, 1), "\r\nAuthorization: Basic amRvZTpwYSJzc1x3b3Jk\r\n"));
    assert_non_null(strstr(fake_sent(&w, 0), "\r\nAccept: application/json\r\n"));
    assert_null(strstr(fake_sent(&w, 0), "login"));
    orca_session_free(&w.session);
}

/* The base64 padding of each length of the last group. */
static void test_padding(void **state)
{
    static const struct {
        const char *user, *password, *header;
    } cases[] = {
        {"a", "", "Authorization: Basic YTo=\r\n"},
        {"ab", "c", "Authorization: Basic YWI6Yw==\r\n"},
        {"ab", "cd", "Authorization: Basic YWI6Y2Q=\r\n"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        basic_world(cases[i].user, cases[i].password);
        fake_response(&w, 200, "", "{}");
        assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
        assert_non_null(strstr(fake_sent(&w, 0), cases[i].header));
        orca_session_free(&w.session);
    }
}

/* A 401 is the session's: it "signs in" (nothing to do here) and replays
 * once, with the credential again; a second 401 is the caller's. */
static void test_401_replayed_once(void **state)
{
    (void)state;
    basic_world("jdoe", "wrong");
    fake_response(&w, 401, "", "{\"code\":\"NotAuthenticated\",\"message\":\"no\"}");
    fake_response(&w, 401, "", "{\"code\":\"NotAuthenticated\",\"message\":\"no\"}");
    assert_int_not_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 2u);
    assert_non_null(strstr(fake_sent(&w, 1), "\r\nAuthorization: Basic amRvZTp3cm9uZw==\r\n"));
    assert_int_equal(w.session.error.status, 401u);
    orca_session_free(&w.session);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_hooks_match_tables),
        cmocka_unit_test(test_every_request_carries_basic),
        cmocka_unit_test(test_padding),
        cmocka_unit_test(test_401_replayed_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_TEST(test_example_service, "ORCA_WITH_PCA and ORCA_WITH_PCA_SIGNING (the example runs "
                                     "in a session set up as PCA; the sign and no sign-in hooks)")

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_hooks_match_tables),
        cmocka_unit_test(test_example_service),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
