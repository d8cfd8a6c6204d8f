/* Set-Cookie parsing (RFC 6265 section 5.2), the first half of
 * orca_cookie_jar_store(): every rule is checked by what the jar then holds
 * (orca_cookie_jar_find) and sends (orca_cookie_jar_header). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "orca/cookie.h"

#define HOST "www.example.com"

static uint32_t zero_ms(void *ctx)
{
    (void)ctx;
    return 0;
}

/* no wall clock: an Expires alone leaves the expiry unknown */
static const orca_clock clk = {zero_ms, NULL, NULL, NULL, NULL};
/* TLS, so that Secure cookies are taken; the default path is "/dir" */
static const orca_cookie_origin from = {HOST, "/dir/page", 1};
static unsigned char arena[1024];
static orca_cookie_jar jar;

/* Stores s (strlen bytes, with the response Date *date or none) in an empty jar. */
static int parse_at(const char *s, size_t len, const int64_t *date)
{
    orca_cookie_jar_free(&jar);
    assert_int_equal(orca_cookie_jar_init(&jar, arena, sizeof arena), ORCA_OK);
    return orca_cookie_jar_store(&jar, s, len, &from, date, &clk);
}

static int parse(const char *s)
{
    return parse_at(s, strlen(s), NULL);
}

/* What the jar knows of the cookie called name. */
static orca_cookie_info info(const char *name)
{
    orca_cookie_info i;
    memset(&i, 0xEE, sizeof i);
    assert_int_equal(orca_cookie_jar_find(&jar, HOST, name, 0, &i), ORCA_OK);
    return i;
}

static void assert_value(const char *name, const char *want)
{
    orca_cookie_info i = info(name);
    assert_int_equal(i.value_len, strlen(want));
    assert_memory_equal(i.value, want, i.value_len);
}

/* The Cookie header for host + path (over TLS). */
static const char *sent(const char *host, const char *path)
{
    static char buf[256];
    const orca_cookie_origin to = {host, path, 1};
    size_t len = 99;
    assert_int_equal(orca_cookie_jar_header(&jar, &to, 0, buf, sizeof buf, &len), ORCA_OK);
    assert_int_equal(len, strlen(buf));
    return buf;
}

static void test_name_value_trimmed_value_kept_byte_for_byte(void **state)
{
    /* a Classic nimbula cookie can be raw JSON: quotes, spaces, backslashes */
    static const char json[] = "{\"identity\": \"a\\\\b \\\"c\\\"\", \"n\": 1}";
    char text[128];
    orca_cookie_info i;
    (void)state;
    strcpy(text, " \tnimbula = ");
    strcat(text, json);
    strcat(text, " \t; Path=/; Max-Age=1800");
    assert_int_equal(parse(text), ORCA_OK);
    assert_value("nimbula", json);
    i = info("nimbula");
    assert_int_equal(i.flags, ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(i.expiry, ORCA_COOKIE_EXPIRY_KNOWN);
    assert_int_equal(i.remaining_ms, 1800000);
    assert_int_equal(strncmp(sent(HOST, "/"), "nimbula={", 9), 0); /* Path=/ */
    /* the value runs up to the first ';' and may hold '=' */
    assert_int_equal(parse("a=b=c"), ORCA_OK);
    assert_value("a", "b=c");
    assert_string_equal(sent(HOST, "/dir"), "a=b=c");
    assert_int_equal(parse("a="), ORCA_OK);
    i = info("a");
    assert_int_equal(i.value_len, 0);
    assert_int_equal(i.flags, ORCA_COOKIE_HOST_ONLY); /* no Domain */
    assert_int_equal(i.expiry, ORCA_COOKIE_EXPIRY_SESSION);
    assert_string_equal(sent(HOST, "/"), ""); /* no Path: the default "/dir" */
    assert_string_equal(sent(HOST, "/dir/x"), "a=");
}

static void test_attributes_case_insensitive(void **state)
{
    const int64_t date = 1260376043 - 7; /* 7 s before the Expires below */
    orca_cookie_info i;
    (void)state;
    assert_int_equal(parse("a=1; EXPIRES=Wed, 09 Dec 2009 16:27:23 GMT; mAx-AgE=5; "
                           "DOMAIN=.Example.COM; PATH=/x; SECURE; HttpONLY; samesite=LAX"),
                     ORCA_OK);
    i = info("a");
    assert_int_equal(i.flags, ORCA_COOKIE_SECURE | ORCA_COOKIE_HTTPONLY | ORCA_COOKIE_SAMESITE_LAX);
    assert_int_equal(i.remaining_ms, 5000); /* Max-Age wins */
    /* leading dot dropped, matched without case: a domain cookie */
    assert_string_equal(sent("other.EXAMPLE.com", "/x"), "a=1");
    assert_string_equal(sent(HOST, "/"), "");
    /* Expires read exactly: 7 s after the response Date */
    assert_int_equal(parse_at("a=1; EXPIRES=Wed, 09 Dec 2009 16:27:23 GMT", 42, &date), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, 7000);
    assert_int_equal(parse("a=1; SameSite=Strict"), ORCA_OK);
    assert_int_equal(info("a").flags, ORCA_COOKIE_SAMESITE_STRICT | ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(parse("a=1; SameSite=None; samesite=bogus"), ORCA_OK);
    assert_int_equal(info("a").flags, ORCA_COOKIE_HOST_ONLY); /* the last one wins, unknown is 0 */
    assert_int_equal(parse("a=1; SameSite=none"), ORCA_OK);
    assert_int_equal(info("a").flags, ORCA_COOKIE_SAMESITE_NONE | ORCA_COOKIE_HOST_ONLY);
    /* attribute values of Secure/HttpOnly are ignored; unknown attributes too */
    assert_int_equal(parse("a=1; Secure=no; Max-Ag=3; Pathx=/y; Comment=\"x\""), ORCA_OK);
    i = info("a");
    assert_int_equal(i.flags, ORCA_COOKIE_SECURE | ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(i.expiry, ORCA_COOKIE_EXPIRY_SESSION);
    assert_string_equal(sent(HOST, "/y"), "");
    assert_string_equal(sent(HOST, "/dir"), "a=1");
}

static void test_max_age_forms(void **state)
{
    static const char *const ignored[] = {"a=1; Max-Age=",    "a=1; Max-Age=-",
                                          "a=1; Max-Age=+5",  "a=1; Max-Age=5s",
                                          "a=1; Max-Age=abc", "a=1; Max-Age=1 2"};
    size_t i;
    (void)state;
    /* <= 0: already expired, so not stored */
    assert_int_equal(parse("a=1; Max-Age=-5"), ORCA_OK);
    assert_int_equal(jar.used, 0);
    assert_int_equal(parse("a=1; Max-Age=0"), ORCA_OK);
    assert_int_equal(jar.used, 0);
    /* saturated, never wrapped (2^32 would wrap to 0), then clamped */
    assert_int_equal(parse("a=1; Max-Age=99999999999999999999"), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    assert_int_equal(parse("a=1; Max-Age=4294967296"), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    assert_int_equal(parse("a=1; Max-Age=4294967295"), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        assert_int_equal(parse(ignored[i]), ORCA_OK);
        assert_int_equal(info("a").expiry, ORCA_COOKIE_EXPIRY_SESSION);
    }
    /* an ignored Max-Age keeps the earlier valid one */
    assert_int_equal(parse("a=1; Max-Age=7; Max-Age=x"), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, 7000);
    assert_int_equal(parse("a=1; Max-Age=7; Max-Age=8"), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, 8000);
}

static void test_expires_domain_path_rules(void **state)
{
    const int64_t date = 1260376043 - 9;
    static const char good_then_bad[] = "a=1; Expires=Wed, 09 Dec 2009 16:27:23 GMT; Expires=never";
    (void)state;
    /* a bad Expires is ignored, keeping an earlier good one */
    assert_int_equal(parse_at(good_then_bad, sizeof good_then_bad - 1u, &date), ORCA_OK);
    assert_int_equal(info("a").remaining_ms, 9000);
    assert_int_equal(parse("a=1; Expires=Feb 30 2020 00:00:00"), ORCA_OK);
    assert_int_equal(info("a").expiry, ORCA_COOKIE_EXPIRY_SESSION);
    /* without a Date or wall clock, a valid Expires leaves the expiry unknown */
    assert_int_equal(parse("a=1; Expires=Fri, 01 Jan 2055 00:00:00 GMT"), ORCA_OK);
    assert_int_equal(info("a").expiry, ORCA_COOKIE_EXPIRY_UNKNOWN);
    /* an empty Domain is ignored; "." leaves an empty one (host-only) */
    assert_int_equal(parse("a=1; Domain=example.com; Domain="), ORCA_OK);
    assert_int_equal(info("a").flags, 0);
    assert_string_equal(sent("x.example.com", "/dir"), "a=1");
    assert_int_equal(parse("a=1; Domain=example.com; Domain=."), ORCA_OK);
    assert_int_equal(info("a").flags, ORCA_COOKIE_HOST_ONLY);
    assert_string_equal(sent("x.example.com", "/dir"), "");
    /* a Path that is not absolute resets to the default path */
    assert_int_equal(parse("a=1; Path=/x; Path=y"), ORCA_OK);
    assert_string_equal(sent(HOST, "/x"), "");
    assert_string_equal(sent(HOST, "/dir"), "a=1");
    assert_int_equal(parse("a=1; Path=; Path=/z/"), ORCA_OK);
    assert_string_equal(sent(HOST, "/z"), "");
    assert_string_equal(sent(HOST, "/z/a"), "a=1");
    /* empty attributes and stray semicolons are harmless */
    assert_int_equal(parse("a=1;;; ;=;Path=/q;"), ORCA_OK);
    assert_string_equal(sent(HOST, "/q"), "a=1");
    assert_string_equal(sent(HOST, "/dir"), "");
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
        assert_int_equal(jar.used, 0);
    }
    /* control characters (but tab) anywhere: CR/LF/NUL must never reach a request */
    for (i = 0; i < 0x80u; i++) {
        int want = (i < 0x20u && i != '\t') || i == 0x7Fu ? ORCA_ERR_BAD_COOKIE : ORCA_OK;
        memcpy(buf, ctl, sizeof ctl);
        buf[3] = (char)i;
        assert_int_equal(parse_at(buf, sizeof ctl, NULL), want);
    }
    /* bytes past len are not read: the '=' lies outside */
    assert_int_equal(parse_at("ab=c", 2, NULL), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(parse_at(NULL, 0, NULL), ORCA_ERR_INVALID_ARG);
    /* UTF-8 and other high bytes are plain bytes */
    assert_int_equal(parse("\xe6\x98\xa5=\xe8\x8a\x82"), ORCA_OK);
    assert_string_equal(sent(HOST, "/dir"), "\xe6\x98\xa5=\xe8\x8a\x82");
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
