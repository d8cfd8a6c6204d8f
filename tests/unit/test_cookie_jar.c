#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/cookie.h"
#include "feature_skip.h"

#if ORCA_WITH_COOKIES

/* A port clock the test drives: tick, and a wall clock that may be unknown. */
typedef struct fake_clock {
    uint32_t now;
    int has_wall;
    int64_t wall;
} fake_clock;

static uint32_t fake_now(void *ctx)
{
    return ((fake_clock *)ctx)->now;
}

static int fake_unix(void *ctx, int64_t *out)
{
    const fake_clock *c = ctx;
    if (!c->has_wall) {
        return ORCA_ERR_UNSUPPORTED;
    }
    *out = c->wall;
    return ORCA_OK;
}

#define HOST "home.example.org"
#define T2020 1577836800 /* 2020-01-01T00:00:00Z */

static fake_clock fc;
static orca_clock clk;
static unsigned char arena[4096];
static orca_cookie_jar jar;
static const orca_cookie_origin plain = {HOST, ORCA_SPAN_LITERAL("/"), 0},
                                tls = {HOST, ORCA_SPAN_LITERAL("/"), 1};

/* A port's public-suffix check over a small list (what libpsl does with the
 * real one, tests/unit/test_posix_psl.c): it records what it was asked. */
typedef struct suffix_list {
    unsigned calls;
    char last[64]; /* the last domain asked, NUL-terminated */
} suffix_list;

static suffix_list suffixes;

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int listed_suffix(void *ctx, const char *domain, size_t len)
{
    static const char *const list[] = {"org", "com", "uk", "co.uk", "github.io"};
    suffix_list *l = ctx;
    l->calls++;
    snprintf(l->last, sizeof l->last, "%.*s", (int)len, domain);
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
        size_t k = 0;
        while (k < len && list[i][k] != '\0' && lower(domain[k]) == list[i][k]) {
            k++;
        }
        if (k == len && list[i][k] == '\0') {
            return 1;
        }
    }
    return 0;
}

/* An empty jar in the arena, with the list above as its check. */
static int init_jar(void)
{
    int rc = orca_cookie_jar_init(&jar, arena, sizeof arena);
    memset(&suffixes, 0, sizeof suffixes);
    return rc != ORCA_OK ? rc : orca_cookie_jar_set_public_suffix(&jar, listed_suffix, &suffixes);
}

static int setup(void **state)
{
    (void)state;
    memset(&fc, 0, sizeof fc);
    memset(&clk, 0, sizeof clk);
    clk.now_ms = fake_now;
    clk.unix_s = fake_unix;
    clk.ctx = &fc;
    memset(arena, 0xA5, sizeof arena);
    return init_jar();
}

static int store_at(const orca_cookie_origin *o, const char *s, const int64_t *date)
{
    return orca_cookie_jar_store(&jar, s, strlen(s), o, date, &clk);
}

static int store(const char *s)
{
    return store_at(&plain, s, NULL);
}

/* The Cookie header for origin o, or "<rc>" on an error. */
static const char *header_for(const orca_cookie_origin *o)
{
    static char buf[512];
    size_t len = 99;
    int rc = orca_cookie_jar_header(&jar, o, fc.now, buf, sizeof buf, &len);
    if (rc != ORCA_OK) {
        return "<rc>";
    }
    assert_int_equal(len, strlen(buf));
    return buf;
}

static const char *header(void)
{
    return header_for(&plain);
}

static orca_cookie_info find(const char *name, int want_rc)
{
    orca_cookie_info info;
    memset(&info, 0xEE, sizeof info);
    assert_int_equal(orca_cookie_jar_find(&jar, HOST, name, fc.now, &info), want_rc);
    return info;
}

static void test_max_age_countdown(void **state)
{
    orca_cookie_info info;
    (void)state;
    fc.now = 1000;
    assert_int_equal(store("a=1; Max-Age=60"), ORCA_OK);
    info = find("a", ORCA_OK);
    assert_int_equal(info.expiry, ORCA_COOKIE_EXPIRY_KNOWN);
    assert_int_equal(info.remaining_ms, 60000);
    fc.now += 59999;
    assert_int_equal(find("a", ORCA_OK).remaining_ms, 1);
    assert_string_equal(header(), "a=1");
    fc.now += 1;
    assert_int_equal(find("a", ORCA_OK).expiry, ORCA_COOKIE_EXPIRY_EXPIRED);
    assert_string_equal(header(), ""); /* never sent once expired, and evicted */
    find("a", ORCA_ERR_NOT_FOUND);
    assert_int_equal(jar.used, 0);
}

static void test_wrap_around(void **state)
{
    (void)state;
    fc.now = 0xFFFF0000u;
    assert_int_equal(store("w=1; Max-Age=3600"), ORCA_OK);
    fc.now += 3599999u; /* past the 2^32 wrap */
    assert_true(fc.now < 0xFFFF0000u);
    assert_int_equal(find("w", ORCA_OK).remaining_ms, 1);
    assert_string_equal(header(), "w=1");
    fc.now += 1u;
    assert_int_equal(find("w", ORCA_OK).expiry, ORCA_COOKIE_EXPIRY_EXPIRED);
    assert_int_equal(orca_cookie_jar_purge(&jar, fc.now), 1);
    find("w", ORCA_ERR_NOT_FOUND);
}

#if ORCA_WITH_COOKIE_EXPIRES
static void test_expires_relative_to_date(void **state)
{
    int64_t date = T2020;
    (void)state;
    fc.now = 5;
    fc.has_wall = 1;
    fc.wall = T2020 + 100000; /* a wrong wall clock: the Date header wins */
    assert_int_equal(store_at(&plain, "d=1; Expires=Wed, 01 Jan 2020 00:02:00 GMT", &date),
                     ORCA_OK);
    assert_int_equal(find("d", ORCA_OK).remaining_ms, 120000);
    /* without a Date, the wall clock reads Expires */
    fc.wall = T2020 + 30;
    assert_int_equal(store("e=1; Expires=Wed, 01 Jan 2020 00:01:00 GMT"), ORCA_OK);
    assert_int_equal(find("e", ORCA_OK).remaining_ms, 30000);
    /* an Expires before the Date deletes */
    assert_int_equal(store_at(&plain, "d=2; Expires=Tue, 31 Dec 2019 23:59:59 GMT", &date),
                     ORCA_OK);
    find("d", ORCA_ERR_NOT_FOUND);
}
#else
ORCA_SKIP_TEST(test_expires_relative_to_date, "ORCA_WITH_COOKIE_EXPIRES")
#endif

#if ORCA_WITH_COOKIE_EXPIRES
/* A Date or wall clock of any int64_t (a caller's value, a broken RTC):
 * Expires less it overflowed int64_t (UB, UBSan's report); now an Expires
 * far ahead of it is the longest lifetime, one far behind deletes. */
static void test_expires_against_any_clock(void **state)
{
    int64_t date = INT64_MIN;
    (void)state;
    assert_int_equal(store_at(&plain, "f=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", &date),
                     ORCA_OK);
    assert_int_equal(find("f", ORCA_OK).remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    fc.has_wall = 1;
    fc.wall = INT64_MIN; /* no Date: the wall clock reads Expires */
    assert_int_equal(store("g=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT"), ORCA_OK);
    assert_int_equal(find("g", ORCA_OK).remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    date = INT64_MAX;
    assert_int_equal(store_at(&plain, "f=2; Expires=Mon, 01 Jan 1601 00:00:00 GMT", &date),
                     ORCA_OK);
    find("f", ORCA_ERR_NOT_FOUND);
}
#else
ORCA_SKIP_TEST(test_expires_against_any_clock, "ORCA_WITH_COOKIE_EXPIRES")
#endif

#if ORCA_WITH_COOKIE_EXPIRES
static void test_unknown_wall_clock(void **state)
{
    orca_cookie_info info;
    (void)state;
    fc.has_wall = 0; /* unix_s says it does not know */
    assert_int_equal(store("u=1; Expires=Fri, 01 Jan 2055 00:00:00 GMT"), ORCA_OK);
    info = find("u", ORCA_OK);
    assert_int_equal(info.expiry, ORCA_COOKIE_EXPIRY_UNKNOWN);
    assert_int_equal(info.remaining_ms, 0);
    fc.now += 0x7FFFFFFFu;
    assert_string_equal(header(), "u=1"); /* kept for the session */
    clk.unix_s = NULL;                    /* no wall clock at all */
    assert_int_equal(store("v=1; Expires=Fri, 01 Jan 2055 00:00:00 GMT"), ORCA_OK);
    assert_int_equal(find("v", ORCA_OK).expiry, ORCA_COOKIE_EXPIRY_UNKNOWN);
    /* the usual deletion date is in the past without any clock */
    assert_int_equal(store("u=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), ORCA_OK);
    find("u", ORCA_ERR_NOT_FOUND);
    assert_string_equal(header(), "v=1");
    /* no Expires nor Max-Age: a session cookie */
    assert_int_equal(store("s=1"), ORCA_OK);
    assert_int_equal(find("s", ORCA_OK).expiry, ORCA_COOKIE_EXPIRY_SESSION);
}
#else
ORCA_SKIP_TEST(test_unknown_wall_clock, "ORCA_WITH_COOKIE_EXPIRES")
#endif

static void test_max_age_wins_and_zero_deletes(void **state)
{
    int64_t date = T2020;
    size_t i, used;
    (void)state;
    assert_int_equal(
        store_at(&plain, "m=1; Expires=Tue, 31 Dec 2019 00:00:00 GMT; Max-Age=10", &date), ORCA_OK);
    assert_int_equal(find("m", ORCA_OK).remaining_ms, 10000);
    assert_int_equal(
        store_at(&plain, "m=2; Max-Age=0; Expires=Fri, 01 Jan 2055 00:00:00 GMT", &date), ORCA_OK);
    find("m", ORCA_ERR_NOT_FOUND);
    assert_int_equal(store("n=secret; Max-Age=100"), ORCA_OK);
    used = jar.used;
    assert_true(used > 0u);
    assert_int_equal(store("n=; Max-Age=-1"), ORCA_OK);
    find("n", ORCA_ERR_NOT_FOUND);
    assert_int_equal(jar.used, 0);
    for (i = 0; i < used; i++) { /* the secret's bytes were wiped */
        assert_int_equal(arena[i], 0);
    }
    /* deleting what is not there is fine, and stores nothing */
    assert_int_equal(store("z=1; Max-Age=0"), ORCA_OK);
    assert_int_equal(jar.used, 0);
}

/* Arena bytes one cookie takes (measured, so the tests do not depend on the layout). */
static size_t entry_size(const char *set_cookie)
{
    unsigned char mem[256];
    orca_cookie_jar scratch;
    assert_int_equal(orca_cookie_jar_init(&scratch, mem, sizeof mem), ORCA_OK);
    assert_int_equal(
        orca_cookie_jar_store(&scratch, set_cookie, strlen(set_cookie), &plain, NULL, &clk),
        ORCA_OK);
    return scratch.used;
}

/* An arena for two and a half cookies of 17-byte values. */
static unsigned char small[256], before[256];
static size_t small_size, half;

static void init_small(void)
{
    size_t e = entry_size("a=11111111111111111");
    half = e / 2u;
    small_size = 2u * e + half;
    assert_true(small_size <= sizeof small);
    assert_int_equal(orca_cookie_jar_init(&jar, small, small_size), ORCA_OK);
}

static void test_eviction_when_full(void **state)
{
    (void)state;
    init_small();
    fc.now = 0;
    assert_int_equal(store("a=11111111111111111; Max-Age=1"), ORCA_OK);
    assert_int_equal(store("b=22222222222222222"), ORCA_OK);
    assert_int_equal(store("c=33333333333333333"), ORCA_ERR_JAR_FULL);
    fc.now = 1000; /* a expires: its room is taken back */
    assert_int_equal(store("c=33333333333333333"), ORCA_OK);
    find("a", ORCA_ERR_NOT_FOUND);
    assert_string_equal(header(), "b=22222222222222222; c=33333333333333333");
}

static void test_jar_full_keeps_cookies_intact(void **state)
{
    char bigger[320];
    orca_cookie_jar copy;
    (void)state;
    init_small();
    assert_int_equal(store("a=11111111111111111"), ORCA_OK);
    assert_int_equal(store("b=22222222222222222; Max-Age=100"), ORCA_OK);
    memcpy(before, small, sizeof small);
    copy = jar;
    assert_int_equal(store("c=33333333333333333"), ORCA_ERR_JAR_FULL);
    /* a replacement one byte larger than the free room plus the old one's */
    memset(bigger, '1', sizeof bigger);
    memcpy(bigger, "a=", 2);
    bigger[2u + 17u + half + 1u] = '\0';
    assert_int_equal(store(bigger), ORCA_ERR_JAR_FULL);
    assert_memory_equal(small, before, sizeof small);
    assert_memory_equal(&copy, &jar, sizeof jar);
    assert_string_equal(header(), "a=11111111111111111; b=22222222222222222");
    /* one that fits the room exactly replaces it, in place */
    bigger[2u + 17u + half] = '\0';
    assert_int_equal(store(bigger), ORCA_OK);
    assert_int_equal(jar.used, jar.size);
    assert_int_equal(store("a=99999999999999999"), ORCA_OK);
    assert_string_equal(header(), "a=99999999999999999; b=22222222222222222");
    /* one cookie larger than the whole arena */
    memset(bigger, '1', sizeof bigger);
    memcpy(bigger, "big=", 4);
    bigger[small_size] = '\0'; /* with its header, more than the arena */
    assert_int_equal(store(bigger), ORCA_ERR_COOKIE_TOO_LARGE);
}

static void test_replacement_keeps_creation_order(void **state)
{
    (void)state;
    assert_int_equal(store("a=1"), ORCA_OK);
    assert_int_equal(store("b=2"), ORCA_OK);
    assert_int_equal(store("a=3; HttpOnly"), ORCA_OK);
    assert_string_equal(header(), "a=3; b=2");
    assert_int_equal(find("a", ORCA_OK).flags, ORCA_COOKIE_HTTPONLY | ORCA_COOKIE_HOST_ONLY);
    /* same name on another path or domain is another cookie */
    assert_int_equal(store("a=4; Path=/"), ORCA_OK); /* default path of "/" is "/" */
    assert_string_equal(header(), "a=4; b=2");
    assert_int_equal(store("a=5; Domain=example.org"), ORCA_OK);
    assert_string_equal(header(), "a=4; b=2; a=5");
    /* Domain case does not make another cookie */
    assert_int_equal(store("a=6; Domain=EXAMPLE.org"), ORCA_OK);
    assert_string_equal(header(), "a=4; b=2; a=6");
}

static void test_header_order(void **state)
{
    const orca_cookie_origin deep = {HOST, ORCA_SPAN_LITERAL("/a/b/c?q=/x#f"), 0};
    const orca_cookie_origin query_only = {HOST, ORCA_SPAN_LITERAL("?q=/a/b"), 0},
                             no_path = {HOST, {NULL, 0}, 0};
    (void)state;
    assert_int_equal(store("x=1; Path=/"), ORCA_OK);
    assert_int_equal(store("y=2; Path=/a/b"), ORCA_OK);
    assert_int_equal(store("z=3; Path=/a"), ORCA_OK);
    assert_int_equal(store("w=4; Path=/a/b"), ORCA_OK);
    assert_int_equal(store("v=5; Path=/a/bc"), ORCA_OK);
    assert_string_equal(header_for(&deep), "y=2; w=4; z=3; x=1");
    assert_string_equal(header(), "x=1");
    /* a target without a path ("?q", "", NULL) is "/" */
    assert_string_equal(header_for(&query_only), "x=1");
    assert_string_equal(header_for(&no_path), "x=1");
    /* the path is a span: its bytes count, not what follows them */
    const orca_cookie_origin cut = {HOST, {"/a/bc", 4}, 0}, empty = {HOST, {"/a/b", 0}, 0};
    assert_string_equal(header_for(&cut), "y=2; w=4; z=3; x=1");
    assert_string_equal(header_for(&empty), "x=1");
}

static void test_default_path(void **state)
{
    const orca_cookie_origin from = {HOST, ORCA_SPAN_LITERAL("/a/b/c?x=/y/z"), 0};
    const orca_cookie_origin to_d = {HOST, ORCA_SPAN_LITERAL("/a/b/d"), 0},
                             to_a = {HOST, ORCA_SPAN_LITERAL("/a"), 0};
    (void)state;
    assert_int_equal(store_at(&from, "p=1", NULL), ORCA_OK);
    assert_int_equal(store_at(&from, "q=1; Path=relative", NULL), ORCA_OK);
    assert_string_equal(header_for(&to_d), "p=1; q=1");
    assert_string_equal(header_for(&to_a), "");
    assert_int_equal(store_at(&to_a, "r=1", NULL), ORCA_OK); /* one slash: "/" */
    assert_string_equal(header(), "r=1");
}

static void test_secure_only_over_tls(void **state)
{
    (void)state;
    assert_int_equal(store("s=1; Secure"), ORCA_ERR_COOKIE_SECURE);
    find("s", ORCA_ERR_NOT_FOUND);
    assert_int_equal(store_at(&tls, "s=1; Secure", NULL), ORCA_OK);
    assert_int_equal(store_at(&tls, "t=2", NULL), ORCA_OK);
    assert_string_equal(header(), "t=2");
    assert_string_equal(header_for(&tls), "s=1; t=2");
    assert_int_equal(find("s", ORCA_OK).flags, ORCA_COOKIE_SECURE | ORCA_COOKIE_HOST_ONLY);
}

static void test_domains(void **state)
{
    const orca_cookie_origin sub = {"a.home.example.org", ORCA_SPAN_LITERAL("/"), 0};
    const orca_cookie_origin sib = {"sibling.example.org", ORCA_SPAN_LITERAL("/"), 0};
    const orca_cookie_origin local = {"localhost", ORCA_SPAN_LITERAL("/"), 0},
                             sub_local = {"a.localhost", ORCA_SPAN_LITERAL("/"), 0};
    const orca_cookie_origin ip = {"10.0.0.1", ORCA_SPAN_LITERAL("/"), 0};
    (void)state;
    /* public suffixes: any single label that is not the host itself */
    assert_int_equal(store("p=1; Domain=org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=.org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=ORG"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=other.com"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=a.home.example.org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=me.example.org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(jar.used, 0);
    /* a domain cookie goes to subdomains, a host-only one does not */
    assert_int_equal(store("d=1; Domain=Example.org"), ORCA_OK);
    assert_int_equal(store("h=1"), ORCA_OK);
    assert_string_equal(header_for(&sub), "d=1");
    assert_string_equal(header_for(&sib), "d=1");
    assert_string_equal(header(), "d=1; h=1");
    assert_int_equal(find("d", ORCA_OK).flags, 0);
    /* Domain equal to a single-label host: kept host-only */
    assert_int_equal(store_at(&local, "l=1; Domain=localhost", NULL), ORCA_OK);
    assert_string_equal(header_for(&local), "l=1");
    assert_string_equal(header_for(&sub_local), "");
    /* an IP address only matches itself */
    assert_int_equal(store_at(&ip, "i=1; Domain=0.0.1", NULL), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store_at(&ip, "i=1; Domain=10.0.0.1", NULL), ORCA_OK);
    assert_string_equal(header_for(&ip), "i=1");
}

/* RFC 6265 5.3 step 5 with the port's list: a Domain that is a public
 * suffix is refused (it would reach every site under it) unless it is the
 * host, which keeps a host-only cookie. */
static void test_public_suffix_domain(void **state)
{
    const orca_cookie_origin api = {"api.example.co.uk", ORCA_SPAN_LITERAL("/"), 0};
    const orca_cookie_origin www = {"www.example.co.uk", ORCA_SPAN_LITERAL("/"), 0};
    const orca_cookie_origin other = {"shop.other.co.uk", ORCA_SPAN_LITERAL("/"), 0};
    const orca_cookie_origin suffix_host = {"co.uk", ORCA_SPAN_LITERAL("/"), 0};
    (void)state;
    assert_int_equal(store_at(&api, "ps=1; Domain=co.uk", NULL), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(suffixes.calls, 1);
    assert_string_equal(suffixes.last, "co.uk"); /* the attribute as written, not the host */
    assert_int_equal(store_at(&api, "ps=1; Domain=.Co.UK", NULL), ORCA_ERR_COOKIE_DOMAIN);
    assert_string_equal(suffixes.last, "Co.UK"); /* leading dot dropped, case as written */
    assert_int_equal(jar.used, 0);
    /* a single label never reaches the check: it is a public suffix anyway */
    assert_int_equal(store_at(&api, "ps=1; Domain=uk", NULL), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(suffixes.calls, 2);
    /* nor does a Domain that does not domain-match the host */
    assert_int_equal(store_at(&api, "ps=1; Domain=github.io", NULL), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(suffixes.calls, 2);
    /* the registrable domain under the suffix is fine: a domain cookie */
    assert_int_equal(store_at(&api, "site=1; Domain=example.co.uk", NULL), ORCA_OK);
    assert_string_equal(suffixes.last, "example.co.uk");
    assert_string_equal(header_for(&www), "site=1");
    assert_string_equal(header_for(&other), "");
    /* the suffix as the host itself: kept, host-only */
    assert_int_equal(store_at(&suffix_host, "own=1; Domain=co.uk", NULL), ORCA_OK);
    assert_string_equal(header_for(&suffix_host), "own=1");
    assert_string_equal(header_for(&api), "site=1");
    assert_int_equal(orca_cookie_jar_find(&jar, "co.uk", "own", 0, NULL), ORCA_OK);
    /* the check applies to the cookies stored after it is removed or set */
    assert_int_equal(orca_cookie_jar_set_public_suffix(&jar, NULL, NULL), ORCA_OK);
    assert_int_equal(store_at(&api, "later=1; Domain=example.co.uk", NULL), ORCA_ERR_COOKIE_DOMAIN);
    assert_string_equal(header_for(&www), "site=1");
    assert_int_equal(orca_cookie_jar_set_public_suffix(NULL, listed_suffix, &suffixes),
                     ORCA_ERR_INVALID_ARG);
}

/* Without a list (a device build): only host-only cookies and a Domain equal
 * to the host, kept host-only; any other Domain is refused. */
static void test_no_public_suffix_list(void **state)
{
    const orca_cookie_origin sub = {"a.home.example.org", ORCA_SPAN_LITERAL("/"), 0};
    orca_cookie_info info;
    (void)state;
    assert_int_equal(orca_cookie_jar_init(&jar, arena, sizeof arena), ORCA_OK);
    assert_null(jar.public_suffix); /* init sets no check, whatever was there */
    assert_int_equal(store("h=1"), ORCA_OK);
    assert_int_equal(store("same=1; Domain=HOME.example.org"), ORCA_OK);
    assert_int_equal(orca_cookie_jar_find(&jar, HOST, "same", 0, &info), ORCA_OK);
    assert_int_equal(info.flags, ORCA_COOKIE_HOST_ONLY);
    assert_string_equal(header(), "h=1; same=1");
    assert_string_equal(header_for(&sub), "");
    assert_int_equal(store("p=1; Domain=example.org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=.example.org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_int_equal(store("p=1; Domain=org"), ORCA_ERR_COOKIE_DOMAIN);
    assert_string_equal(header(), "h=1; same=1");
    assert_int_equal(suffixes.calls, 0);
}

#if ORCA_WITH_COOKIE_EXPIRES
static void test_clamping(void **state)
{
    int64_t date = T2020;
    (void)state;
    fc.now = 0xFFFFFF00u;
    assert_int_equal(store("y=1; Max-Age=31536000"), ORCA_OK); /* a year */
    assert_int_equal(find("y", ORCA_OK).remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    assert_int_equal(store_at(&plain, "z=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", &date),
                     ORCA_OK);
    assert_int_equal(find("z", ORCA_OK).remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    assert_int_equal(store("x=1; Max-Age=4294967295"), ORCA_OK);
    assert_int_equal(find("x", ORCA_OK).remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    /* just below the clamp: exact */
    assert_int_equal(store("v=1; Max-Age=2147482"), ORCA_OK);
    assert_int_equal(find("v", ORCA_OK).remaining_ms, 2147482000u);
    fc.now += 24u * 86400u * 1000u; /* 24 days later, still alive (not wrapped to expired) */
    assert_string_equal(header(), "y=1; z=1; x=1; v=1");
}
#else
ORCA_SKIP_TEST(test_clamping, "ORCA_WITH_COOKIE_EXPIRES")
#endif

static void test_malformed_and_arguments(void **state)
{
    char big[ORCA_COOKIE_MAX_SIZE + 8];
    char out[8];
    size_t len = 7;
    (void)state;
    assert_int_equal(store("novalue"), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(store("=v"), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(store("a=b\r\nX-Injected: 1"), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(jar.used, 0);
    memset(big, 'v', sizeof big);
    big[0] = 'n';
    big[1] = '=';
    assert_int_equal(
        orca_cookie_jar_store(&jar, big, ORCA_COOKIE_MAX_SIZE + 2u, &plain, NULL, &clk),
        ORCA_ERR_COOKIE_TOO_LARGE);
    assert_int_equal(orca_cookie_jar_store(NULL, "a=b", 3, &plain, NULL, &clk),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_store(&jar, NULL, 3, &plain, NULL, &clk),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_store(&jar, "a=b", 3, NULL, NULL, &clk), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_store(&jar, "a=b", 3, &plain, NULL, NULL),
                     ORCA_ERR_INVALID_ARG);
    clk.now_ms = NULL;
    assert_int_equal(orca_cookie_jar_store(&jar, "a=b", 3, &plain, NULL, &clk),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_init(NULL, arena, 1), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_init(&jar, NULL, 1), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_header(&jar, NULL, 0, out, sizeof out, &len),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_header(&jar, &plain, 0, NULL, 1, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_find(&jar, NULL, "a", 0, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_find(&jar, HOST, NULL, 0, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_delete(&jar, HOST, NULL), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_cookie_jar_purge(NULL, 0), 0);
    orca_cookie_jar_free(NULL);
}

static void test_header_buffer_size(void **state)
{
    char out[16];
    size_t len = 99;
    (void)state;
    assert_int_equal(store("ab=cd"), ORCA_OK);
    assert_int_equal(store("e=f"), ORCA_OK);
    /* "ab=cd; e=f" is 10 bytes: 11 with the NUL fit, 10 do not */
    assert_int_equal(orca_cookie_jar_header(&jar, &plain, 0, out, 11, &len), ORCA_OK);
    assert_int_equal(len, 10);
    assert_string_equal(out, "ab=cd; e=f");
    memset(out, 'x', sizeof out);
    assert_int_equal(orca_cookie_jar_header(&jar, &plain, 0, out, 10, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(out, "");
    assert_int_equal(orca_cookie_jar_header(&jar, &plain, 0, out, 0, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    /* no cookie applies: an empty header, and a 1-byte buffer is enough */
    orca_cookie_jar_free(&jar);
    assert_int_equal(orca_cookie_jar_init(&jar, arena, sizeof arena), ORCA_OK);
    assert_int_equal(orca_cookie_jar_header(&jar, &plain, 0, out, 1, &len), ORCA_OK);
    assert_int_equal(len, 0);
}

/* A jar over a copy of the first used bytes of the jar's arena, in a heap
 * block of exactly size bytes (so that ASan sees a read past it), the bytes
 * after the copy set to fill: a damaged jar, as a caller's bug could leave it. */
static orca_cookie_jar cut_jar(size_t used, size_t size, unsigned char fill)
{
    orca_cookie_jar cut = jar;
    cut.mem = malloc(size);
    assert_non_null(cut.mem);
    memset(cut.mem, fill, size);
    memcpy(cut.mem, arena, used < jar.used ? used : jar.used);
    cut.used = used;
    cut.size = size;
    return cut;
}

static void test_cut_jar_read_up_to_used(void **state)
{
    orca_cookie_jar cut;
    orca_cookie_info info;
    char buf[64];
    size_t len = 0, record;
    (void)state;
    assert_int_equal(store("a=1; Max-Age=1"), ORCA_OK);
    record = jar.used;
    /* the path's end mark cut off: read up to used, a record cut short
     * matches no request path (found by name), and goes when it expires */
    cut = cut_jar(record - 1u, record - 1u, 0);
    assert_int_equal(orca_cookie_jar_header(&cut, &plain, 0, buf, sizeof buf, &len), ORCA_OK);
    assert_string_equal(buf, "");
    assert_int_equal(orca_cookie_jar_find(&cut, HOST, "a", 0, &info), ORCA_OK);
    assert_int_equal(info.value_len, 1);
    assert_memory_equal(info.value, "1", 1);
    assert_int_equal(orca_cookie_jar_purge(&cut, 1000), 1);
    assert_int_equal(cut.used, 0);
    free(cut.mem);
    /* used past the records: 3 bytes of no record (a cut header) at the end */
    cut = cut_jar(record + 3u, record + 3u, 'x');
    assert_int_equal(orca_cookie_jar_header(&cut, &plain, 0, buf, sizeof buf, &len), ORCA_OK);
    assert_string_equal(buf, "a=1");
    assert_int_equal(orca_cookie_jar_purge(&cut, 0), 0);
    free(cut.mem);
}

static void test_cut_name_copied_up_to_used(void **state)
{
    orca_cookie_jar cut;
    char buf[64];
    size_t len = 0, record;
    char *mem;
    (void)state;
    assert_int_equal(store("ab=1"), ORCA_OK);
    record = jar.used;
    /* used ends after "a": the rest of the record, past used, is not read */
    cut = cut_jar(record, record, 0);
    cut.used = record - strlen("b=1") - strlen(HOST) - strlen("/") - 3u; /* header and "a" */
    assert_int_equal(orca_cookie_jar_header(&cut, &plain, 0, buf, sizeof buf, &len), ORCA_OK);
    assert_string_equal(buf, "");
    assert_int_equal(orca_cookie_jar_find(&cut, HOST, "ab", 0, NULL), ORCA_ERR_NOT_FOUND);
#if ORCA_WITH_SESSION_STATE
    /* the export writes "a" (it wrote "a" and the byte after used, for the '=') */
    assert_int_equal(orca_cookie_jar_export(&cut, 0, buf, sizeof buf, &len), ORCA_OK);
    assert_int_equal(len, strlen("a; Path=\n"));
    assert_memory_equal(buf, "a; Path=\n", len);
#endif
    mem = cut.mem;
    orca_cookie_jar_free(&cut);
    free(mem);
}

static void test_find_delete_clear_free(void **state)
{
    static const char json[] = "{\"id\": \"x\\\\y\"}";
    orca_cookie_info info;
    size_t i, used;
    (void)state;
    assert_int_equal(store("nimbula={\"id\": \"x\\\\y\"}; Path=/; Max-Age=1800; SameSite=Lax"),
                     ORCA_OK);
    info = find("nimbula", ORCA_OK);
    assert_int_equal(info.value_len, strlen(json));
    assert_memory_equal(info.value, json, info.value_len);
    assert_int_equal(info.flags, ORCA_COOKIE_SAMESITE_LAX | ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(orca_cookie_jar_find(&jar, "other.org", "nimbula", 0, NULL),
                     ORCA_ERR_NOT_FOUND);
    assert_int_equal(orca_cookie_jar_find(&jar, HOST, "nimbul", 0, NULL), ORCA_ERR_NOT_FOUND);
    /* the one that would be sent first is reported */
    assert_int_equal(store("k=short; Path=/"), ORCA_OK);
    assert_int_equal(store("k=long; Path=/deep"), ORCA_OK);
    info = find("k", ORCA_OK);
    assert_int_equal(info.value_len, 4);
    assert_memory_equal(info.value, "long", 4);
    /* delete every "k", on every path */
    assert_int_equal(orca_cookie_jar_delete(&jar, HOST, "k"), ORCA_OK);
    assert_int_equal(orca_cookie_jar_delete(&jar, HOST, "k"), ORCA_ERR_NOT_FOUND);
    find("k", ORCA_ERR_NOT_FOUND);
    find("nimbula", ORCA_OK);
    /* free wipes every byte that held a cookie, and the jar is usable once
     * initialised again */
    used = jar.used;
    orca_cookie_jar_free(&jar);
    assert_null(jar.mem);
    for (i = 0; i < used; i++) {
        assert_int_equal(arena[i], 0);
    }
    assert_int_equal(orca_cookie_jar_init(&jar, arena, sizeof arena), ORCA_OK);
    assert_string_equal(header(), "");
    assert_int_equal(store("again=1"), ORCA_OK);
    orca_cookie_jar_free(&jar);
    assert_null(jar.mem);
    assert_int_equal(jar.used, 0);
    assert_int_equal(arena[0], 0);
}

static void test_jars_coexist(void **state)
{
    unsigned char other_mem[256];
    orca_cookie_jar other;
    char out[64];
    size_t len = 0;
    (void)state;
    assert_int_equal(orca_cookie_jar_init(&other, other_mem, sizeof other_mem), ORCA_OK);
    assert_int_equal(store("mine=1"), ORCA_OK);
    assert_int_equal(orca_cookie_jar_store(&other, "theirs=2", 8, &plain, NULL, &clk), ORCA_OK);
    assert_string_equal(header(), "mine=1");
    assert_int_equal(orca_cookie_jar_header(&other, &plain, 0, out, sizeof out, &len), ORCA_OK);
    assert_string_equal(out, "theirs=2");
    orca_cookie_jar_free(&other);
}

/* Set-Cookie parsing (RFC 6265 section 5.2), the first half of
 * orca_cookie_jar_store(): every rule is checked by what the jar then holds
 * and sends, for cookies set over TLS from WWW "/dir/page" (default path
 * "/dir") with no wall clock (an Expires alone leaves the expiry unknown). */
#define WWW "www.example.com"

/* Stores s (len bytes, with the response Date *date or none) in an empty jar. */
static int parse_at(const char *s, size_t len, const int64_t *date)
{
    static const orca_cookie_origin from = {WWW, ORCA_SPAN_LITERAL("/dir/page"), 1};
    orca_cookie_jar_free(&jar);
    assert_int_equal(init_jar(), ORCA_OK);
    return orca_cookie_jar_store(&jar, s, len, &from, date, &clk);
}

static int parse(const char *s)
{
    return parse_at(s, strlen(s), NULL);
}

/* What the jar knows of the cookie called name on WWW. */
static orca_cookie_info www_find(const char *name)
{
    orca_cookie_info i;
    memset(&i, 0xEE, sizeof i);
    assert_int_equal(orca_cookie_jar_find(&jar, WWW, name, fc.now, &i), ORCA_OK);
    return i;
}

static void assert_value(const char *name, const char *want)
{
    orca_cookie_info i = www_find(name);
    assert_int_equal(i.value_len, strlen(want));
    assert_memory_equal(i.value, want, i.value_len);
}

/* The Cookie header for host + path over TLS. */
static const char *sent(const char *host, const char *path)
{
    const orca_cookie_origin to = {host, orca_span_from_str(path), 1};
    return header_for(&to);
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
    i = www_find("nimbula");
    assert_int_equal(i.flags, ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(i.expiry, ORCA_COOKIE_EXPIRY_KNOWN);
    assert_int_equal(i.remaining_ms, 1800000);
    assert_int_equal(strncmp(sent(WWW, "/"), "nimbula={", 9), 0); /* Path=/ */
    /* the value runs up to the first ';' and may hold '=' */
    assert_int_equal(parse("a=b=c"), ORCA_OK);
    assert_value("a", "b=c");
    assert_string_equal(sent(WWW, "/dir"), "a=b=c");
    assert_int_equal(parse("a="), ORCA_OK);
    i = www_find("a");
    assert_int_equal(i.value_len, 0);
    assert_int_equal(i.flags, ORCA_COOKIE_HOST_ONLY); /* no Domain */
    assert_int_equal(i.expiry, ORCA_COOKIE_EXPIRY_SESSION);
    assert_string_equal(sent(WWW, "/"), ""); /* no Path: the default "/dir" */
    assert_string_equal(sent(WWW, "/dir/x"), "a=");
}

#if ORCA_WITH_COOKIE_EXPIRES
static void test_attributes_case_insensitive(void **state)
{
    const int64_t date = 1260376043 - 7; /* 7 s before the Expires below */
    orca_cookie_info i;
    (void)state;
    assert_int_equal(parse("a=1; EXPIRES=Wed, 09 Dec 2009 16:27:23 GMT; mAx-AgE=5; "
                           "DOMAIN=.Example.COM; PATH=/x; SECURE; HttpONLY; samesite=LAX"),
                     ORCA_OK);
    i = www_find("a");
    assert_int_equal(i.flags, ORCA_COOKIE_SECURE | ORCA_COOKIE_HTTPONLY | ORCA_COOKIE_SAMESITE_LAX);
    assert_int_equal(i.remaining_ms, 5000); /* Max-Age wins */
    /* leading dot dropped, matched without case: a domain cookie */
    assert_string_equal(sent("other.EXAMPLE.com", "/x"), "a=1");
    assert_string_equal(sent(WWW, "/"), "");
    /* Expires read exactly: 7 s after the response Date */
    assert_int_equal(parse_at("a=1; EXPIRES=Wed, 09 Dec 2009 16:27:23 GMT", 42, &date), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, 7000);
    assert_int_equal(parse("a=1; SameSite=Strict"), ORCA_OK);
    assert_int_equal(www_find("a").flags, ORCA_COOKIE_SAMESITE_STRICT | ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(parse("a=1; SameSite=None; samesite=bogus"), ORCA_OK);
    assert_int_equal(www_find("a").flags, ORCA_COOKIE_HOST_ONLY); /* the last one wins, unknown is 0 */
    assert_int_equal(parse("a=1; SameSite=none"), ORCA_OK);
    assert_int_equal(www_find("a").flags, ORCA_COOKIE_SAMESITE_NONE | ORCA_COOKIE_HOST_ONLY);
    /* attribute values of Secure/HttpOnly are ignored; unknown attributes too */
    assert_int_equal(parse("a=1; Secure=no; Max-Ag=3; Pathx=/y; Comment=\"x\""), ORCA_OK);
    i = www_find("a");
    assert_int_equal(i.flags, ORCA_COOKIE_SECURE | ORCA_COOKIE_HOST_ONLY);
    assert_int_equal(i.expiry, ORCA_COOKIE_EXPIRY_SESSION);
    assert_string_equal(sent(WWW, "/y"), "");
    assert_string_equal(sent(WWW, "/dir"), "a=1");
}
#else
ORCA_SKIP_TEST(test_attributes_case_insensitive, "ORCA_WITH_COOKIE_EXPIRES")
#endif

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
    assert_int_equal(www_find("a").remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    assert_int_equal(parse("a=1; Max-Age=4294967296"), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    assert_int_equal(parse("a=1; Max-Age=4294967295"), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, ORCA_CLOCK_MAX_INTERVAL_MS);
    for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        assert_int_equal(parse(ignored[i]), ORCA_OK);
        assert_int_equal(www_find("a").expiry, ORCA_COOKIE_EXPIRY_SESSION);
    }
    /* an ignored Max-Age keeps the earlier valid one */
    assert_int_equal(parse("a=1; Max-Age=7; Max-Age=x"), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, 7000);
    assert_int_equal(parse("a=1; Max-Age=7; Max-Age=8"), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, 8000);
}

#if ORCA_WITH_COOKIE_EXPIRES
static void test_expires_domain_path_rules(void **state)
{
    const int64_t date = 1260376043 - 9;
    static const char good_then_bad[] = "a=1; Expires=Wed, 09 Dec 2009 16:27:23 GMT; Expires=never";
    (void)state;
    /* a bad Expires is ignored, keeping an earlier good one */
    assert_int_equal(parse_at(good_then_bad, sizeof good_then_bad - 1u, &date), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, 9000);
    assert_int_equal(parse("a=1; Expires=Feb 30 2020 00:00:00"), ORCA_OK);
    assert_int_equal(www_find("a").expiry, ORCA_COOKIE_EXPIRY_SESSION);
    /* without a Date or wall clock, a valid Expires leaves the expiry unknown */
    assert_int_equal(parse("a=1; Expires=Fri, 01 Jan 2055 00:00:00 GMT"), ORCA_OK);
    assert_int_equal(www_find("a").expiry, ORCA_COOKIE_EXPIRY_UNKNOWN);
    /* an empty Domain is ignored; "." leaves an empty one (host-only) */
    assert_int_equal(parse("a=1; Domain=example.com; Domain="), ORCA_OK);
    assert_int_equal(www_find("a").flags, 0);
    assert_string_equal(sent("x.example.com", "/dir"), "a=1");
    assert_int_equal(parse("a=1; Domain=example.com; Domain=."), ORCA_OK);
    assert_int_equal(www_find("a").flags, ORCA_COOKIE_HOST_ONLY);
    assert_string_equal(sent("x.example.com", "/dir"), "");
    /* a Path that is not absolute resets to the default path */
    assert_int_equal(parse("a=1; Path=/x; Path=y"), ORCA_OK);
    assert_string_equal(sent(WWW, "/x"), "");
    assert_string_equal(sent(WWW, "/dir"), "a=1");
    assert_int_equal(parse("a=1; Path=; Path=/z/"), ORCA_OK);
    assert_string_equal(sent(WWW, "/z"), "");
    assert_string_equal(sent(WWW, "/z/a"), "a=1");
    /* empty attributes and stray semicolons are harmless */
    assert_int_equal(parse("a=1;;; ;=;Path=/q;"), ORCA_OK);
    assert_string_equal(sent(WWW, "/q"), "a=1");
    assert_string_equal(sent(WWW, "/dir"), "");
}
#else
ORCA_SKIP_TEST(test_expires_domain_path_rules, "ORCA_WITH_COOKIE_EXPIRES")
#endif

#if !ORCA_WITH_COOKIE_EXPIRES
/* Without Expires support the attribute is ignored (RFC 6265 lets a user
 * agent keep such a cookie for the session): neither a future nor a past
 * date sets a deadline; Max-Age still does. */
static void test_expires_ignored(void **state)
{
    const int64_t date = 1260376043 - 9;
    static const char future[] = "a=1; Expires=Wed, 09 Dec 2009 16:27:23 GMT";
    (void)state;
    assert_int_equal(parse_at(future, sizeof future - 1u, &date), ORCA_OK);
    assert_int_equal(www_find("a").expiry, ORCA_COOKIE_EXPIRY_SESSION);
    assert_int_equal(parse("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), ORCA_OK);
    assert_int_equal(www_find("a").expiry, ORCA_COOKIE_EXPIRY_SESSION);
    assert_int_equal(parse("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=5"), ORCA_OK);
    assert_int_equal(www_find("a").remaining_ms, 5000);
}
#else
ORCA_SKIP_TEST(test_expires_ignored, "ORCA_WITH_COOKIE_EXPIRES set to 0")
#endif

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
    assert_string_equal(sent(WWW, "/dir"), "\xe6\x98\xa5=\xe8\x8a\x82");
}

#if ORCA_WITH_SESSION_STATE
static int import(const char *text, size_t len)
{
    return orca_cookie_jar_import(&jar, text, len, &plain, &clk, 0);
}

/* orca_cookie_jar_import: each LF-ended line is a Set-Cookie; an error (an
 * empty line, a cut last line, a line too large) empties the jar. */
static void test_import_lines(void **state)
{
    static const char lines[] = "a=1\nb=2; Max-Age=60\nc=3; Path=/\n";
    static char big[ORCA_COOKIE_MAX_SIZE + 8];
    (void)state;
    fc.now = 1000;
    assert_int_equal(import(lines, strlen(lines)), ORCA_OK);
    assert_string_equal(header(), "a=1; b=2; c=3");
    assert_int_equal(find("b", ORCA_OK).expiry, ORCA_COOKIE_EXPIRY_KNOWN);
    assert_int_equal(import("", 0), ORCA_OK); /* no line: nothing to add */
    assert_string_equal(header(), "a=1; b=2; c=3");
    /* an empty line is a Set-Cookie without a name */
    assert_int_equal(import("d=4\n\ne=5\n", 9), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(jar.used, 0);
    /* a last line without its LF is cut: nothing of the text stays */
    assert_int_equal(store("a=1"), ORCA_OK);
    assert_int_equal(import("d=4\ne=5", 7), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(jar.used, 0);
    assert_string_equal(header(), "");
    /* only len bytes are read: the LF past it does not end the line */
    assert_int_equal(import("d=4\n", 3), ORCA_ERR_BAD_COOKIE);
    assert_int_equal(import("d=4\n", 4), ORCA_OK);
    assert_string_equal(header(), "d=4");
    /* a line whose name and value exceed ORCA_COOKIE_MAX_SIZE */
    memset(big, 'v', sizeof big);
    memcpy(big, "x=", 2);
    big[sizeof big - 1u] = '\n';
    assert_int_equal(import(big, sizeof big), ORCA_ERR_COOKIE_TOO_LARGE);
    assert_int_equal(jar.used, 0);
    assert_int_equal(import(NULL, 0), ORCA_OK);
    assert_int_equal(import(NULL, 1), ORCA_ERR_INVALID_ARG);
    /* an origin without a host is refused before any line: the jar is kept */
    assert_int_equal(store("a=1"), ORCA_OK);
    {
        const orca_cookie_origin no_host = {NULL, ORCA_SPAN_LITERAL("/"), 0};
        assert_int_equal(orca_cookie_jar_import(&jar, "b=2\n", 4, &no_host, &clk, 0),
                         ORCA_ERR_INVALID_ARG);
        assert_int_equal(orca_cookie_jar_import(&jar, "", 0, &no_host, &clk, 0),
                         ORCA_ERR_INVALID_ARG);
    }
    assert_string_equal(header(), "a=1");
}

/* Ageing a jar whose used cuts a header (3 bytes of it): the header reads
 * with zeroes past used (expiry KNOWN), and nothing is written past used. */
static void test_cut_header_aged_up_to_used(void **state)
{
    orca_cookie_jar cut;
    static const unsigned char fill[13] = "xxxxxxxxxxxxx";
    (void)state;
    assert_int_equal(store("a=1; Max-Age=60"), ORCA_OK);
    cut = cut_jar(3, 16, 'x');
    assert_int_equal(orca_cookie_jar_import(&cut, "", 0, &plain, &clk, 1000), ORCA_OK);
    assert_memory_equal(cut.mem + 3, fill, sizeof fill);
    free(cut.mem);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_max_age_countdown, setup),
        cmocka_unit_test_setup(test_wrap_around, setup),
        cmocka_unit_test_setup(test_expires_relative_to_date, setup),
        cmocka_unit_test_setup(test_expires_against_any_clock, setup),
        cmocka_unit_test_setup(test_unknown_wall_clock, setup),
        cmocka_unit_test_setup(test_max_age_wins_and_zero_deletes, setup),
        cmocka_unit_test_setup(test_eviction_when_full, setup),
        cmocka_unit_test_setup(test_jar_full_keeps_cookies_intact, setup),
        cmocka_unit_test_setup(test_replacement_keeps_creation_order, setup),
        cmocka_unit_test_setup(test_header_order, setup),
        cmocka_unit_test_setup(test_default_path, setup),
        cmocka_unit_test_setup(test_secure_only_over_tls, setup),
        cmocka_unit_test_setup(test_domains, setup),
        cmocka_unit_test_setup(test_public_suffix_domain, setup),
        cmocka_unit_test_setup(test_no_public_suffix_list, setup),
        cmocka_unit_test_setup(test_clamping, setup),
        cmocka_unit_test_setup(test_malformed_and_arguments, setup),
        cmocka_unit_test_setup(test_header_buffer_size, setup),
        cmocka_unit_test_setup(test_find_delete_clear_free, setup),
        cmocka_unit_test_setup(test_cut_jar_read_up_to_used, setup),
        cmocka_unit_test_setup(test_cut_name_copied_up_to_used, setup),
        cmocka_unit_test_setup(test_jars_coexist, setup),
        cmocka_unit_test_setup(test_name_value_trimmed_value_kept_byte_for_byte, setup),
        cmocka_unit_test_setup(test_attributes_case_insensitive, setup),
        cmocka_unit_test_setup(test_max_age_forms, setup),
        cmocka_unit_test_setup(test_expires_domain_path_rules, setup),
        cmocka_unit_test_setup(test_expires_ignored, setup),
        cmocka_unit_test_setup(test_malformed, setup),
#if ORCA_WITH_SESSION_STATE
        cmocka_unit_test_setup(test_import_lines, setup),
        cmocka_unit_test_setup(test_cut_header_aged_up_to_used, setup),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_COOKIES")
#endif
