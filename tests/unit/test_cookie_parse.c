#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "orca/cookie.h"

static orca_set_cookie sc;

static int parse(const char *s)
{
    return orca_set_cookie_parse(s, strlen(s), &sc);
}

static void assert_view(const char *p, size_t n, const char *want)
{
    assert_non_null(p);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(p, want, n);
}

static void test_name_value_trimmed_value_kept_byte_for_byte(void **state)
{
    /* a Classic nimbula cookie can be raw JSON: quotes, spaces, backslashes */
    static const char json[] = "{\"identity\": \"a\\\\b \\\"c\\\"\", \"n\": 1}";
    char text[128];
    (void)state;
    strcpy(text, " \tnimbula = ");
    strcat(text, json);
    strcat(text, " \t; Path=/; Max-Age=1800");
    assert_int_equal(parse(text), ORCA_OK);
    assert_view(sc.name, sc.name_len, "nimbula");
    assert_view(sc.value, sc.value_len, json);
    assert_view(sc.path, sc.path_len, "/");
    assert_int_equal(sc.flags, ORCA_COOKIE_HAS_MAX_AGE);
    assert_int_equal(sc.max_age, 1800);
    /* the value runs up to the first ';' and may hold '=' */
    assert_int_equal(parse("a=b=c"), ORCA_OK);
    assert_view(sc.value, sc.value_len, "b=c");
    assert_int_equal(parse("a="), ORCA_OK);
    assert_int_equal(sc.value_len, 0);
    assert_null(sc.domain);
    assert_null(sc.path);
}

static void test_attributes_case_insensitive(void **state)
{
    (void)state;
    assert_int_equal(parse("a=1; EXPIRES=Wed, 09 Dec 2009 16:27:23 GMT; mAx-AgE=5; "
                           "DOMAIN=.Example.COM; PATH=/x; SECURE; HttpONLY; samesite=LAX"),
                     ORCA_OK);
    assert_int_equal(sc.flags, ORCA_COOKIE_HAS_EXPIRES | ORCA_COOKIE_HAS_MAX_AGE |
                                   ORCA_COOKIE_SECURE | ORCA_COOKIE_HTTPONLY |
                                   ORCA_COOKIE_SAMESITE_LAX);
    assert_true(sc.expires == 1260376043);
    assert_int_equal(sc.max_age, 5);
    assert_view(sc.domain, sc.domain_len, "Example.COM"); /* leading dot dropped, case kept */
    assert_view(sc.path, sc.path_len, "/x");
    assert_int_equal(parse("a=1; SameSite=Strict"), ORCA_OK);
    assert_int_equal(sc.flags, ORCA_COOKIE_SAMESITE_STRICT);
    assert_int_equal(parse("a=1; SameSite=None; samesite=bogus"), ORCA_OK);
    assert_int_equal(sc.flags, 0); /* the last one wins, unknown is 0 */
    assert_int_equal(parse("a=1; SameSite=none"), ORCA_OK);
    assert_int_equal(sc.flags, ORCA_COOKIE_SAMESITE_NONE);
    /* attribute values of Secure/HttpOnly are ignored; unknown attributes too */
    assert_int_equal(parse("a=1; Secure=no; Max-Ag=3; Pathx=/y; Comment=\"x\""), ORCA_OK);
    assert_int_equal(sc.flags, ORCA_COOKIE_SECURE);
    assert_null(sc.path);
}

static void test_max_age_forms(void **state)
{
    (void)state;
    assert_int_equal(parse("a=1; Max-Age=-5"), ORCA_OK);
    assert_int_equal(sc.flags, ORCA_COOKIE_HAS_MAX_AGE);
    assert_int_equal(sc.max_age, 0);
    assert_int_equal(parse("a=1; Max-Age=0"), ORCA_OK);
    assert_int_equal(sc.max_age, 0);
    assert_int_equal(sc.flags, ORCA_COOKIE_HAS_MAX_AGE);
    assert_int_equal(parse("a=1; Max-Age=99999999999999999999"), ORCA_OK);
    assert_int_equal(sc.max_age, UINT32_MAX); /* saturated */
    assert_int_equal(parse("a=1; Max-Age=4294967295"), ORCA_OK);
    assert_int_equal(sc.max_age, UINT32_MAX);
    static const char *const ignored[] = {"a=1; Max-Age=",    "a=1; Max-Age=-",
                                          "a=1; Max-Age=+5",  "a=1; Max-Age=5s",
                                          "a=1; Max-Age=abc", "a=1; Max-Age=1 2"};
    size_t i;
    for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        assert_int_equal(parse(ignored[i]), ORCA_OK);
        assert_int_equal(sc.flags, 0);
    }
    /* an ignored Max-Age keeps the earlier valid one */
    assert_int_equal(parse("a=1; Max-Age=7; Max-Age=x"), ORCA_OK);
    assert_int_equal(sc.max_age, 7);
    assert_int_equal(parse("a=1; Max-Age=7; Max-Age=8"), ORCA_OK);
    assert_int_equal(sc.max_age, 8);
}

static void test_expires_domain_path_rules(void **state)
{
    (void)state;
    /* a bad Expires is ignored, keeping an earlier good one */
    assert_int_equal(parse("a=1; Expires=Wed, 09 Dec 2009 16:27:23 GMT; Expires=never"), ORCA_OK);
    assert_int_equal(sc.flags, ORCA_COOKIE_HAS_EXPIRES);
    assert_true(sc.expires == 1260376043);
    assert_int_equal(parse("a=1; Expires=Feb 30 2020 00:00:00"), ORCA_OK);
    assert_int_equal(sc.flags, 0);
    /* an empty Domain is ignored; "." leaves an empty one (host-only) */
    assert_int_equal(parse("a=1; Domain=example.com; Domain="), ORCA_OK);
    assert_view(sc.domain, sc.domain_len, "example.com");
    assert_int_equal(parse("a=1; Domain=example.com; Domain=."), ORCA_OK);
    assert_non_null(sc.domain);
    assert_int_equal(sc.domain_len, 0);
    /* a Path that is not absolute resets to the default path */
    assert_int_equal(parse("a=1; Path=/x; Path=y"), ORCA_OK);
    assert_null(sc.path);
    assert_int_equal(parse("a=1; Path=; Path=/z/"), ORCA_OK);
    assert_view(sc.path, sc.path_len, "/z/");
    /* empty attributes and stray semicolons are harmless */
    assert_int_equal(parse("a=1;;; ;=;Path=/q;"), ORCA_OK);
    assert_view(sc.path, sc.path_len, "/q");
}

static void test_malformed(void **state)
{
    static const char *const bad[] = {"",       "   ",       "novalue", "novalue; a=b",
                                      "=value", " \t=value", "; a=b"};
    static const char ctl[] = {'a', '=', 'b', 'x', 'y'};
    char buf[8];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(parse(bad[i]), ORCA_ERR_BAD_COOKIE);
    }
    /* control characters (but tab) anywhere: CR/LF/NUL must never reach a request */
    for (i = 0; i < 0x80u; i++) {
        int want = (i < 0x20u && i != '\t') || i == 0x7Fu ? ORCA_ERR_BAD_COOKIE : ORCA_OK;
        memcpy(buf, ctl, sizeof ctl);
        buf[3] = (char)i;
        assert_int_equal(orca_set_cookie_parse(buf, sizeof ctl, &sc), want);
    }
    /* bytes past len are not read: the '=' lies outside */
    assert_int_equal(orca_set_cookie_parse("ab=c", 2, &sc), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(orca_set_cookie_parse(NULL, 0, &sc), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_set_cookie_parse("a=b", 3, NULL), ORCA_ERR_INVALID_ARG);
    /* UTF-8 and other high bytes are plain bytes */
    assert_int_equal(parse("\xe6\x98\xa5=\xe8\x8a\x82"), ORCA_OK);
    assert_int_equal(sc.name_len, 3);
    assert_int_equal(sc.value_len, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_value_trimmed_value_kept_byte_for_byte),
        cmocka_unit_test(test_attributes_case_insensitive),
        cmocka_unit_test(test_max_age_forms),
        cmocka_unit_test(test_expires_domain_path_rules),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
