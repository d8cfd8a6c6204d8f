#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "orca/http.h"
#include "http_request.h"

#define STR(lit) (lit), (sizeof(lit) - 1u)

static orca_http_header hdrs[2];

static orca_http_request base_request(void)
{
    hdrs[0] = (orca_http_header){STR("Accept"), STR("application/json")};
    hdrs[1] = (orca_http_header){STR("Authorization"), STR("Bearer t0k\tn")};
    return test_request("GET", "/20160918/instances?compartmentId=x&limit=5", "iaas.example.com",
                        hdrs, 2);
}

static int write_head(const orca_http_request *req, char *out, size_t size, size_t *len)
{
    return orca_http_write_head(req, (uint8_t *)out, size, len);
}

/* Writes req and compares the head with want. */
static void expect_head(const orca_http_request *req, const char *want)
{
    char out[512];
    size_t len = 0;
    assert_int_equal(write_head(req, out, sizeof out, &len), ORCA_OK);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(out, want, len);
}

static void test_get_keep_alive(void **state)
{
    (void)state;
    orca_http_request req = base_request();
    expect_head(&req, "GET /20160918/instances?compartmentId=x&limit=5 HTTP/1.1\r\n"
                      "Host: iaas.example.com\r\nAccept: application/json\r\n"
                      "Authorization: Bearer t0k\tn\r\nConnection: keep-alive\r\n\r\n");
}

static void test_post_body_and_close(void **state)
{
    (void)state;
    orca_http_request req = test_request("POST", "/authenticate/", "api.example.com", NULL, 0);
    req.port = 8443;
    req.keep_alive = 0;
    test_request_body(&req, "{\"user\":\"u\"}x");
    expect_head(&req, "POST /authenticate/ HTTP/1.1\r\nHost: api.example.com:8443\r\n"
                      "Content-Length: 13\r\nConnection: close\r\n\r\n");
}

static void test_host_port_only_when_not_default(void **state)
{
    (void)state;
    struct {
        uint16_t port;
        uint8_t tls;
        const char *host_line;
    } cases[] = {
        {0, 0, "Host: h\r\n"},      {80, 0, "Host: h\r\n"},       {443, 1, "Host: h\r\n"},
        {0, 1, "Host: h\r\n"},      {443, 0, "Host: h:443\r\n"},  {80, 1, "Host: h:80\r\n"},
        {30003, 1, "Host: h:30003\r\n"}, {1, 0, "Host: h:1\r\n"}, {65535, 1, "Host: h:65535\r\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        orca_http_request req = base_request();
        req.host = "h";
        req.host_len = 1;
        req.port = cases[i].port;
        req.tls = cases[i].tls;
        req.header_count = 0;
        char out[256];
        size_t len = 0;
        assert_int_equal(write_head(&req, out, sizeof out, &len), ORCA_OK);
        size_t first = strlen("GET ") + req.path_len + strlen(" HTTP/1.1\r\n");
        assert_memory_equal(out + first, cases[i].host_line, strlen(cases[i].host_line));
    }
}

static void test_content_length_rules(void **state)
{
    (void)state;
    static const struct {
        const char *method;
        int with_body;
        const char *expect; /* NULL: no Content-Length at all */
    } cases[] = {
        {"POST", 0, "Content-Length: 0\r\n"}, {"PUT", 0, "Content-Length: 0\r\n"},
        {"PATCH", 0, "Content-Length: 0\r\n"}, {"GET", 0, NULL},
        {"DELETE", 0, NULL},                   {"HEAD", 0, NULL},
        {"DELETE", 1, "Content-Length: 2\r\n"}, {"POST", 1, "Content-Length: 2\r\n"},
        {"post", 0, NULL}, /* methods are case-sensitive: not POST */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        orca_http_request req = base_request();
        req.method = cases[i].method;
        req.method_len = strlen(cases[i].method);
        if (cases[i].with_body) {
            req.body = (const uint8_t *)"{}";
            req.body_len = 2;
        }
        char out[512];
        size_t len = 0;
        assert_int_equal(write_head(&req, out, sizeof out - 1u, &len), ORCA_OK);
        out[len] = '\0';
        char *cl = strstr(out, "Content-Length");
        if (cases[i].expect == NULL) {
            assert_null(cl);
        } else {
            assert_non_null(cl);
            assert_memory_equal(cl, cases[i].expect, strlen(cases[i].expect));
        }
    }
    /* a body length without a body is refused */
    orca_http_request req = base_request();
    req.body_len = 3;
    char out[512];
    size_t len = 0;
    assert_int_equal(write_head(&req, out, sizeof out, &len), ORCA_ERR_INVALID_ARG);
}

/* Places c in the middle of a copy of s. */
static const char *with_char(char *dst, const char *s, char c, size_t *len)
{
    size_t n = strlen(s);
    memcpy(dst, s, n / 2u);
    dst[n / 2u] = c;
    memcpy(dst + n / 2u + 1u, s + n / 2u, n - n / 2u);
    *len = n + 1u;
    return dst;
}

static void test_injection_in_every_field(void **state)
{
    (void)state;
    static const char inject[] = {'\r', '\n', '\0'};
    for (size_t c = 0; c < sizeof inject; ++c) {
        for (int field = 0; field < 5; ++field) {
            orca_http_request req = base_request();
            orca_http_header h[2] = {hdrs[0], hdrs[1]};
            char tmp[128];
            size_t n;
            req.headers = h;
            switch (field) {
            case 0: req.method = with_char(tmp, "GET", inject[c], &n); req.method_len = n; break;
            case 1: req.path = with_char(tmp, "/a/b?c=d", inject[c], &n); req.path_len = n; break;
            case 2: h[1].name = with_char(tmp, "X-Name", inject[c], &n); h[1].name_len = n; break;
            case 3: h[1].value = with_char(tmp, "evil value", inject[c], &n); h[1].value_len = n; break;
            default: req.host = with_char(tmp, "host.example", inject[c], &n); req.host_len = n; break;
            }
            char out[512];
            size_t len = 12345;
            int r = write_head(&req, out, sizeof out, &len);
            if (r != ORCA_ERR_HEADER_INJECTION) {
                print_message("char 0x%02x field %d\n", (unsigned)(unsigned char)inject[c], field);
            }
            assert_int_equal(r, ORCA_ERR_HEADER_INJECTION);
            assert_int_equal(len, 12345); /* untouched */
            /* at the very start and the very end of the field too */
            if (field == 3) {
                h[1].value = "\r\nX: y";
                h[1].value_len = 6;
                assert_int_equal(write_head(&req, out, sizeof out, &len),
                                 ORCA_ERR_HEADER_INJECTION);
                h[1].value = "y\n";
                h[1].value_len = 2;
                assert_int_equal(write_head(&req, out, sizeof out, &len),
                                 ORCA_ERR_HEADER_INJECTION);
            }
        }
    }
}

static void test_other_bad_fields(void **state)
{
    (void)state;
    struct {
        int field;
        const char *text;
        int err;
    } cases[] = {
        {0, "", ORCA_ERR_BAD_METHOD},         {0, "GE T", ORCA_ERR_BAD_METHOD},
        {0, "GET(", ORCA_ERR_BAD_METHOD},      {0, "G\x7f", ORCA_ERR_HEADER_INJECTION},
        {0, "G\x01T", ORCA_ERR_HEADER_INJECTION},
        {1, "", ORCA_ERR_INVALID_ARG},         {1, "/a b", ORCA_ERR_PATH_SPACE},
        {1, " /a", ORCA_ERR_PATH_SPACE},       {1, "/a/", ORCA_OK},
        {1, "a/b", ORCA_ERR_PATH_NOT_ABSOLUTE}, {1, "instance/", ORCA_ERR_PATH_NOT_ABSOLUTE},
        {1, "*", ORCA_ERR_PATH_NOT_ABSOLUTE},  {1, "x y", ORCA_ERR_PATH_SPACE},
        {1, "/a\tb", ORCA_ERR_HEADER_INJECTION}, {1, "a\r\n", ORCA_ERR_HEADER_INJECTION},
        {2, "", ORCA_ERR_BAD_HEADER_NAME},     {2, "X Name", ORCA_ERR_BAD_HEADER_NAME},
        {2, "X:Name", ORCA_ERR_BAD_HEADER_NAME}, {2, "X\tN", ORCA_ERR_HEADER_INJECTION},
        {2, "Host", ORCA_ERR_BAD_HEADER_NAME}, {2, "content-LENGTH", ORCA_ERR_BAD_HEADER_NAME},
        {2, "Transfer-Encoding", ORCA_ERR_BAD_HEADER_NAME},
        {2, "CONNECTION", ORCA_ERR_BAD_HEADER_NAME},
        {3, "a\x7f", ORCA_ERR_HEADER_INJECTION}, {3, "a\x1b[31m", ORCA_ERR_HEADER_INJECTION},
        {4, "", ORCA_ERR_INVALID_ARG},         {4, "a b", ORCA_ERR_HEADER_INJECTION},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        orca_http_request req = base_request();
        orca_http_header h[2] = {hdrs[0], hdrs[1]};
        const char *t = cases[i].text;
        req.headers = h;
        switch (cases[i].field) {
        case 0: req.method = t; req.method_len = strlen(t); break;
        case 1: req.path = t; req.path_len = strlen(t); break;
        case 2: h[0].name = t; h[0].name_len = strlen(t); break;
        case 3: h[0].value = t; h[0].value_len = strlen(t); break;
        default: req.host = t; req.host_len = strlen(t); break;
        }
        char out[512];
        size_t len = 0;
        int r = write_head(&req, out, sizeof out, &len);
        if (r != cases[i].err) {
            print_message("case %zu\n", i);
        }
        assert_int_equal(r, cases[i].err);
    }
    /* an empty header value is allowed; a NULL request is not */
    orca_http_request req = base_request();
    orca_http_header h = {STR("X-Empty"), NULL, 0};
    req.headers = &h;
    req.header_count = 1;
    char out[512];
    size_t len = 0;
    assert_int_equal(write_head(&req, out, sizeof out, &len), ORCA_OK);
    assert_int_equal(write_head(NULL, out, sizeof out, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(write_head(&req, NULL, sizeof out, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(write_head(&req, out, sizeof out, NULL), ORCA_ERR_INVALID_ARG);
    /* The path check on its own, as a session runs it before signing in. */
    assert_int_equal(orca_http_check_path("/a?b=c", 6), ORCA_OK);
    assert_int_equal(orca_http_check_path(NULL, 0), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_http_check_path("/a b", 2), ORCA_OK); /* only len bytes count */
    assert_int_equal(orca_http_check_path("/a b", 4), ORCA_ERR_PATH_SPACE);
    assert_int_equal(orca_http_check_path("a", 1), ORCA_ERR_PATH_NOT_ABSOLUTE);
    req.headers = NULL;
    assert_int_equal(write_head(&req, out, sizeof out, &len), ORCA_ERR_INVALID_ARG);
}

static void test_buffer_too_small_at_every_size(void **state)
{
    (void)state;
    orca_http_request req = base_request();
    req.body = (const uint8_t *)"x";
    req.body_len = 1;
    char full[512];
    size_t need = 0;
    assert_int_equal(write_head(&req, full, sizeof full, &need), ORCA_OK);
    for (size_t size = 0; size < need; ++size) {
        char out[512];
        size_t len = 777;
        memset(out, '#', sizeof out);
        assert_int_equal(write_head(&req, out, size, &len), ORCA_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 777);
        assert_int_equal(out[size], '#'); /* never writes past the size */
    }
    char out[512];
    size_t len = 0;
    assert_int_equal(write_head(&req, out, need, &len), ORCA_OK);
    assert_int_equal(len, need);
    assert_memory_equal(out, full, need);
}

/* Headers or body missing behind a count: the earlier field error wins, a
 * full buffer does not hide it (INVALID_ARG then). */
static void test_missing_arrays_after_other_errors(void **state)
{
    (void)state;
    char out[512];
    size_t len = 0;
    orca_http_request req = base_request();
    req.headers = NULL;
    req.method = "G T";
    req.method_len = 3;
    assert_int_equal(write_head(&req, out, sizeof out, &len), ORCA_ERR_BAD_METHOD);
    req = base_request();
    req.headers = NULL;
    assert_int_equal(write_head(&req, out, 8, &len), ORCA_ERR_INVALID_ARG);
    req = base_request();
    req.body = NULL;
    req.body_len = 4;
    assert_int_equal(write_head(&req, out, sizeof out, &len), ORCA_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_keep_alive),
        cmocka_unit_test(test_post_body_and_close),
        cmocka_unit_test(test_host_port_only_when_not_default),
        cmocka_unit_test(test_content_length_rules),
        cmocka_unit_test(test_injection_in_every_field),
        cmocka_unit_test(test_other_bad_fields),
        cmocka_unit_test(test_buffer_too_small_at_every_size),
        cmocka_unit_test(test_missing_arrays_after_other_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
