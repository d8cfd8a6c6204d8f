/* The POSIX port's public-suffix check (port/posix/src/posix_psl.c) on
 * libpsl's built-in list, alone and as the cookie jar's check. Built with
 * ORCA_POSIX_LIBPSL=OFF it must say "public suffix" for every name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "orca/cookie.h"
#include "orca/posix.h"
#include "feature_skip.h"

#if ORCA_TEST_LIBPSL
#include <libpsl.h>

static int psl(const char *name)
{
    return orca_posix_public_suffix(NULL, name, strlen(name));
}

static void test_listed_suffixes(void **state)
{
    (void)state;
    assert_int_equal(psl("co.uk"), 1);
    assert_int_equal(psl("com"), 1);
    assert_int_equal(psl("github.io"), 1); /* the list's private section counts too */
    assert_int_equal(psl("example.co.uk"), 0);
    assert_int_equal(psl("example.com"), 0);
    assert_int_equal(psl("home.example.org"), 0);
    /* any unlisted single label is one (the "*" rule) */
    assert_int_equal(psl("localhost"), 1);
    /* looked up without case and without a final dot */
    assert_int_equal(psl("CO.UK"), 1);
    assert_int_equal(psl("Example.Co.Uk"), 0);
    assert_int_equal(psl("co.uk."), 1);
    /* the length counts, not a NUL: "co.ukzz" cut to "co.uk", "example.co.uk" to "example.co" */
    assert_int_equal(orca_posix_public_suffix(NULL, "co.ukzz", 5), 1);
    assert_int_equal(orca_posix_public_suffix(NULL, "example.co.uk", 10), 0);
}

/* A list of the caller's own as the context: the newest of libpsl's built-in
 * one and the publicsuffix package's file (psl_latest()). */
static void test_own_list(void **state)
{
    psl_ctx_t *own = psl_latest(NULL);
    (void)state;
    assert_non_null(own);
    assert_int_equal(orca_posix_public_suffix(own, "co.uk", 5), 1);
    assert_int_equal(orca_posix_public_suffix(own, "example.co.uk", 13), 0);
    psl_free(own);
}

/* What the check cannot look up counts as a public suffix. */
static void test_cannot_tell(void **state)
{
    char longest[ORCA_POSIX_PSL_NAME_MAX + 8];
    (void)state;
    assert_int_equal(orca_posix_public_suffix(NULL, NULL, 3), 1);
    assert_int_equal(orca_posix_public_suffix(NULL, "example.com", 0), 1);
    assert_int_equal(orca_posix_public_suffix(NULL, ".", 1), 1);
    assert_int_equal(orca_posix_public_suffix(NULL, "exa\0mple.com", 12), 1);
    assert_int_equal(psl("b\xc3\xbc" "cher.example.com"), 1); /* non-ASCII */
    /* "a.a.a...example.com" of ORCA_POSIX_PSL_NAME_MAX - 1 bytes is looked up, one more is not */
    memset(longest, 'a', sizeof longest);
    for (size_t i = 1; i < sizeof longest; i += 2) {
        longest[i] = '.';
    }
    memcpy(longest + ORCA_POSIX_PSL_NAME_MAX - 12u, "example.com", 11);
    assert_int_equal(orca_posix_public_suffix(NULL, longest, ORCA_POSIX_PSL_NAME_MAX - 1u), 0);
    memcpy(longest + ORCA_POSIX_PSL_NAME_MAX - 11u, "example.com", 11);
    assert_int_equal(orca_posix_public_suffix(NULL, longest, ORCA_POSIX_PSL_NAME_MAX), 1);
}

#if ORCA_WITH_COOKIES
/* The jar with this check: RFC 6265 5.3 step 5 on the real list. */
static void test_jar_refuses_public_suffix(void **state)
{
    static unsigned char arena[1024];
    const orca_cookie_origin api = {"api.example.co.uk", ORCA_SPAN_LITERAL("/"), 1};
    const orca_cookie_origin www = {"www.example.co.uk", ORCA_SPAN_LITERAL("/"), 1};
    const orca_cookie_origin elsewhere = {"shop.other.co.uk", ORCA_SPAN_LITERAL("/"), 1};
    const orca_clock clock = {orca_posix_now_ms, NULL, NULL, NULL, NULL};
    orca_cookie_jar jar;
    char header[128];
    size_t len = 0;
    (void)state;
    assert_int_equal(orca_cookie_jar_init(&jar, arena, sizeof arena), ORCA_OK);
    assert_int_equal(orca_cookie_jar_set_public_suffix(&jar, orca_posix_public_suffix, NULL),
                     ORCA_OK);
    assert_int_equal(orca_cookie_jar_store(&jar, "ps=1; Domain=co.uk", 18, &api, NULL, &clock),
                     ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(orca_cookie_jar_store(&jar, "site=1; Domain=example.co.uk", 28, &api, NULL,
                                           &clock),
                     ORCA_OK);
    assert_int_equal(orca_cookie_jar_header(&jar, &www, 0, header, sizeof header, &len), ORCA_OK);
    assert_string_equal(header, "site=1");
    assert_int_equal(orca_cookie_jar_header(&jar, &elsewhere, 0, header, sizeof header, &len),
                     ORCA_OK);
    assert_int_equal(len, 0);
    orca_cookie_jar_free(&jar);
}
#else
ORCA_SKIP_TEST(test_jar_refuses_public_suffix, "ORCA_WITH_COOKIES")
#endif
#else
ORCA_SKIP_TEST(test_listed_suffixes, "the POSIX port built with libpsl (ORCA_POSIX_LIBPSL)")
ORCA_SKIP_TEST(test_own_list, "the POSIX port built with libpsl (ORCA_POSIX_LIBPSL)")
ORCA_SKIP_TEST(test_cannot_tell, "the POSIX port built with libpsl (ORCA_POSIX_LIBPSL)")
ORCA_SKIP_TEST(test_jar_refuses_public_suffix, "the POSIX port built with libpsl (ORCA_POSIX_LIBPSL)")
#endif

/* Without libpsl there is no list: every name is a public suffix. */
static void test_without_libpsl_everything_is_a_suffix(void **state)
{
    (void)state;
    if (ORCA_TEST_LIBPSL) {
        skip(); /* this build has the list */
    }
    assert_int_equal(orca_posix_public_suffix(NULL, "example.co.uk", 13), 1);
    assert_int_equal(orca_posix_public_suffix(NULL, "co.uk", 5), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listed_suffixes),
        cmocka_unit_test(test_own_list),
        cmocka_unit_test(test_cannot_tell),
        cmocka_unit_test(test_jar_refuses_public_suffix),
        cmocka_unit_test(test_without_libpsl_everything_is_a_suffix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
