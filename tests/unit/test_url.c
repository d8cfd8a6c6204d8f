#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "orca/session.h"
#include "feature_skip.h"

#if ORCA_WITH_URL_PARSER

static void test_good_urls(void **state)
{
    (void)state;
    char host[32];
    uint16_t port = 1;
    uint8_t tls = 9;
    assert_int_equal(orca_url_split("https://iaas.example.com", host, sizeof host, &port, &tls),
                     ORCA_OK);
    assert_string_equal(host, "iaas.example.com");
    assert_int_equal(port, 0);
    assert_int_equal(tls, 1);
    assert_int_equal(orca_url_split("http://h:30003/", host, sizeof host, &port, &tls), ORCA_OK);
    assert_string_equal(host, "h");
    assert_int_equal(port, 30003);
    assert_int_equal(tls, 0);
    assert_int_equal(orca_url_split("https://[::1]:8443", host, sizeof host, &port, &tls), ORCA_OK);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 8443);
}

static void test_bad_urls(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "ftp://h",        "https://",      "https://:80",     "https://h:0",
        "https://h:65536", "https://h:8x", "https://h/path", "https://[::1",
        "http:/h",        "",              "https://h:",      "https://h//",
    };
    char host[32];
    uint16_t port;
    uint8_t tls;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(orca_url_split(bad[i], host, sizeof host, &port, &tls), ORCA_ERR_BAD_URL);
    }
    assert_int_equal(orca_url_split("https://abcd", host, 4, &port, &tls),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(orca_url_split("https://abc", host, 4, &port, &tls), ORCA_OK);
    assert_int_equal(orca_url_split(NULL, host, 4, &port, &tls), ORCA_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_urls),
        cmocka_unit_test(test_bad_urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_URL_PARSER")
#endif
