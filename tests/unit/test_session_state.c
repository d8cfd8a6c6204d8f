/* orca_session_save / orca_session_restore (session_state.c) over the
 * scripted transport: round trips for PCA and Classic with the time slept,
 * the TLS hook, and the refusals: every byte flipped, every cut, foreign,
 * expired, a buffer too small, and bytes with a valid CRC that hold what a
 * server could not have set. A refused state leaves the session clean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "session_fakes.h"
#include "state_forge.h"
#include "feature_skip.h"

#if ORCA_WITH_SESSION_STATE && ORCA_WITH_PCA && ORCA_WITH_CLASSIC && ORCA_WITH_COOKIES
#define LOGIN "{\"token\": \"t0k-1\"}"
#define NIMBULA "Set-Cookie: nimbula=n1; Path=/; Max-Age=1800\r\n"

static fake_world w;
static orca_http_response res;
static uint8_t state[2048];
static size_t state_len;

/* A fake TLS session behind the transport_state hook. */
typedef struct fake_tls_state {
    uint8_t session[16];
    size_t len;
    int loads;
    char host[64];
    int load_rc;
} fake_tls_state;
static fake_tls_state tls_state;
static orca_transport_state hook;

static int hook_save(void *ctx, uint8_t *buf, size_t size, size_t *len)
{
    fake_tls_state *t = ctx;
    if (t->len == 0u) {
        return ORCA_ERR_NOT_FOUND;
    }
    if (t->len > size) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, t->session, t->len);
    *len = t->len;
    return ORCA_OK;
}

static int hook_load(void *ctx, const char *host, const uint8_t *buf, size_t len)
{
    fake_tls_state *t = ctx;
    t->loads++;
    snprintf(t->host, sizeof t->host, "%s", host);
    if (t->load_rc != ORCA_OK || len > sizeof t->session) {
        return t->load_rc != ORCA_OK ? t->load_rc : ORCA_ERR_STATE_CORRUPT;
    }
    memcpy(t->session, buf, len);
    t->len = len;
    return ORCA_OK;
}

/* Wall clock of the tests, when one is wanted. */
static int64_t wall_s;
static int fake_unix(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = wall_s;
    return wall_s != 0 ? ORCA_OK : ORCA_ERR_UNSUPPORTED;
}

static void world(orca_service service)
{
    fake_setup(&w, service);
    memset(&tls_state, 0, sizeof tls_state);
    memcpy(tls_state.session, "tls-session-0123", 16);
    tls_state.len = 16u;
    hook.save = hook_save;
    hook.load = hook_load;
    hook.ctx = &tls_state;
    w.cfg.transport_state = &hook;
    w.cfg.tls = 1u;
    wall_s = 0;
}

/* A signed-in session of @p service whose state is saved into state[]. */
static void saved(orca_service service)
{
    world(service);
    if (service == ORCA_SERVICE_PCA) {
        fake_response(&w, 200, "", LOGIN);
    } else {
        fake_response(&w, 204, NIMBULA "Set-Cookie: lb=x; Path=/\r\n", NULL);
    }
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(orca_session_save(&w.session, state, sizeof state, &state_len), ORCA_OK);
}

/* A new boot: the same config on a fresh world (the tick starts again at 0). */
static void reboot(orca_service service)
{
    orca_session_free(&w.session);
    world(service);
    memset(tls_state.session, 0, sizeof tls_state.session);
    tls_state.len = 0;
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
}

/* What a refused state leaves: signed out, no cookie, no TLS session. */
static void expect_clean(void)
{
    assert_int_equal(w.session.signed_in, 0);
    assert_int_equal(w.session.svc.pca.cred_len, 0);
    assert_int_equal(w.session.jar.used, 0);
}

static void test_pca_round_trip(void **state_)
{
    (void)state_;
    saved(ORCA_SERVICE_PCA);
    reboot(ORCA_SERVICE_PCA);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 300u), ORCA_OK);
    assert_int_equal(w.session.signed_in, 1);
    assert_int_equal(tls_state.loads, 1);
    assert_string_equal(tls_state.host, "api.example.com");
    assert_memory_equal(tls_state.session, "tls-session-0123", 16);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 1); /* no sign-in */
    assert_non_null(strstr(fake_sent(&w, 0), "\r\nAuthorization: Bearer t0k-1\r\n"));
    /* a PCA token is kept when the time slept is unknown */
    saved(ORCA_SERVICE_PCA);
    reboot(ORCA_SERVICE_PCA);
    assert_int_equal(
        orca_session_restore(&w.session, state, state_len, ORCA_SESSION_SLEPT_UNKNOWN), ORCA_OK);
    assert_int_equal(w.session.signed_in, 1);
}

static void test_classic_round_trip_ages_the_cookie(void **state_)
{
    (void)state_;
    saved(ORCA_SERVICE_CLASSIC);
    reboot(ORCA_SERVICE_CLASSIC);
    w.time.now = 0xFFFFF000u; /* the new boot's tick wraps during the session */
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 600u), ORCA_OK);
    assert_int_equal(w.session.signed_in, 1);
    /* 1800 s cap less 600 s slept */
    assert_int_equal(w.session.svc.classic.deadline_ms - w.time.now, 1200000u);
    orca_cookie_info info;
    assert_int_equal(orca_cookie_jar_find(&w.session.jar, "api.example.com", "nimbula", w.time.now,
                                          &info),
                     ORCA_OK);
    assert_int_equal(info.remaining_ms, 1200000u);
    assert_int_equal(fake_get(&w, "/x", &res), ORCA_OK);
    assert_int_equal(fake_exchanges(&w), 1);
    assert_non_null(strstr(fake_sent(&w, 0), "\r\nCookie: nimbula=n1; lb=x\r\n"));
}

static void test_classic_expired_or_unknown_time(void **state_)
{
    (void)state_;
    /* slept past the cookie's lifetime: refused, clean, the next call signs in */
    saved(ORCA_SERVICE_CLASSIC);
    reboot(ORCA_SERVICE_CLASSIC);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1800u),
                     ORCA_ERR_STATE_EXPIRED);
    expect_clean();
    assert_int_equal(tls_state.loads, 0);
    /* no time known: the cookie is not trusted, the TLS session is offered */
    reboot(ORCA_SERVICE_CLASSIC);
    assert_int_equal(
        orca_session_restore(&w.session, state, state_len, ORCA_SESSION_SLEPT_UNKNOWN), ORCA_OK);
    expect_clean();
    assert_int_equal(tls_state.loads, 1);
    /* the wall clock at save and now tells the time slept */
    saved(ORCA_SERVICE_CLASSIC);
    w.clock.unix_s = fake_unix;
    wall_s = 1700000000;
    assert_int_equal(orca_session_save(&w.session, state, sizeof state, &state_len), ORCA_OK);
    reboot(ORCA_SERVICE_CLASSIC);
    w.clock.unix_s = fake_unix;
    wall_s = 1700000000 + 1000;
    assert_int_equal(
        orca_session_restore(&w.session, state, state_len, ORCA_SESSION_SLEPT_UNKNOWN), ORCA_OK);
    assert_int_equal(w.session.svc.classic.deadline_ms - w.time.now, 800000u);
    /* the 3-hour session limit counts the sleep too */
    reboot(ORCA_SERVICE_CLASSIC);
    w.session.cfg.classic.session_limit_s = 900u;
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 900u),
                     ORCA_ERR_STATE_EXPIRED);
    expect_clean();
}

static void test_foreign_state_refused(void **state_)
{
    (void)state_;
    saved(ORCA_SERVICE_PCA);
    for (int k = 0; k < 6; k++) {
        reboot(ORCA_SERVICE_PCA);
        orca_session_config *c = &w.session.cfg;
        c->host = k == 0 ? "api.example.org" : c->host;
        c->user = k == 1 ? "mallory" : c->user;
        c->tenancy = k == 2 ? "other" : c->tenancy;
        c->port = k == 3 ? 8443u : c->port;
        c->tls = k == 4 ? 0u : c->tls;
        c->pca.auth_prefix = k == 5 ? "Token " : c->pca.auth_prefix;
        assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                         ORCA_ERR_STATE_FOREIGN);
        expect_clean();
    }
    /* another service */
    saved(ORCA_SERVICE_CLASSIC);
    reboot(ORCA_SERVICE_PCA);
    w.session.cfg.user = "/Compute-acme/jack";
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                     ORCA_ERR_STATE_FOREIGN);
}

/* Every single byte changed and every cut: refused, the session clean. */
static void test_every_flip_and_cut_refused(void **state_)
{
    (void)state_;
    saved(ORCA_SERVICE_CLASSIC);
    reboot(ORCA_SERVICE_CLASSIC);
    for (size_t i = 0; i < state_len; i++) {
        for (unsigned bit = 0; bit < 8u; bit++) {
            state[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                             ORCA_ERR_STATE_CORRUPT);
            expect_clean();
            state[i] ^= (uint8_t)(1u << bit);
        }
    }
    for (size_t n = 0; n < state_len; n++) {
        assert_int_equal(orca_session_restore(&w.session, state, n, 1u), ORCA_ERR_STATE_CORRUPT);
        expect_clean();
    }
    assert_int_equal(tls_state.loads, 0);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u), ORCA_OK);
    assert_int_equal(w.session.signed_in, 1);
}

static void forge_crc(void)
{
    forge_state(state, state_len);
}

/* Replaces the first @p from in state[] with @p to (same length) and fixes the CRC. */
static void forge(const char *from, const char *to)
{
    size_t n = strlen(from);
    assert_int_equal(n, strlen(to));
    for (size_t i = 0; i + n <= state_len; i++) {
        if (memcmp(state + i, from, n) == 0) {
            memcpy(state + i, to, n);
            forge_crc();
            return;
        }
    }
    fail_msg("'%s' not in the state", from);
}

static void test_forged_contents_refused(void **state_)
{
    (void)state_;
    /* a cookie value with a CR: the jar's parser refuses it */
    saved(ORCA_SERVICE_CLASSIC);
    forge("nimbula=n1", "nimbula=\r1");
    reboot(ORCA_SERVICE_CLASSIC);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                     ORCA_ERR_STATE_CORRUPT);
    expect_clean();
    /* a cookie for a Domain the host does not match */
    saved(ORCA_SERVICE_CLASSIC);
    forge("lb=x; Path=/", "l=x;Domain=b");
    reboot(ORCA_SERVICE_CLASSIC);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                     ORCA_ERR_STATE_CORRUPT);
    expect_clean();
    /* a token with a space or a LF */
    saved(ORCA_SERVICE_PCA);
    forge("t0k-1", "t0k 1");
    reboot(ORCA_SERVICE_PCA);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                     ORCA_ERR_STATE_CORRUPT);
    expect_clean();
    assert_int_equal(w.cred[0], 0);
    /* another version */
    saved(ORCA_SERVICE_PCA);
    state[4] = 2u;
    forge_crc();
    reboot(ORCA_SERVICE_PCA);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                     ORCA_ERR_STATE_CORRUPT);
}

/* A wall clock at save of any int64_t (bytes with a valid CRC): the time
 * slept is its distance to now, and a distance past int64_t (now less
 * INT64_MIN overflowed: UB, UBSan's report) is a very long sleep. */
static void test_wall_clock_at_save_far_in_the_past(void **state_)
{
    (void)state_;
    saved(ORCA_SERVICE_CLASSIC);
    w.clock.unix_s = fake_unix;
    wall_s = 1700000000;
    assert_int_equal(orca_session_save(&w.session, state, sizeof state, &state_len), ORCA_OK);
    /* the wall clock at save (bytes 12-19, low word then high word): INT64_MIN */
    memset(state + 12, 0, 8);
    state[19] = 0x80u;
    forge_crc();
    reboot(ORCA_SERVICE_CLASSIC);
    w.clock.unix_s = fake_unix;
    wall_s = 1700000000 + 1000;
    assert_int_equal(
        orca_session_restore(&w.session, state, state_len, ORCA_SESSION_SLEPT_UNKNOWN),
        ORCA_ERR_STATE_EXPIRED);
    expect_clean();
}

/* A field's length (bytes with a valid CRC) that reaches past the state, or
 * wraps the reader's cursor (pos + len past SIZE_MAX on a 32-bit size_t):
 * refused, the session clean. The host's length is bytes 20-23. */
static void test_field_length_past_the_state_refused(void **state_)
{
    (void)state_;
    const uint32_t lens[] = {0xFFFFFFFFu, 0xFFFFFFFFu - 23u, 0xFFFFFFFFu - 24u, 0x80000000u,
                             (uint32_t)state_len, (uint32_t)state_len - 24u - 4u - 3u};
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        saved(ORCA_SERVICE_PCA);
        forge_le32(state + 20, lens[k]);
        forge_crc();
        reboot(ORCA_SERVICE_PCA);
        assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                         ORCA_ERR_STATE_CORRUPT);
        expect_clean();
        assert_int_equal(w.cred[0], 0);
    }
}

static void test_buffer_too_small_and_hook_errors(void **state_)
{
    (void)state_;
    saved(ORCA_SERVICE_PCA);
    for (size_t n = 0; n < state_len; n++) {
        uint8_t small[512];
        size_t len = 0;
        memset(small, 0xAA, sizeof small);
        assert_int_equal(orca_session_save(&w.session, small, n, &len), ORCA_ERR_BUFFER_TOO_SMALL);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(small[i], 0); /* wiped: no part of the token is left */
        }
    }
    /* a TLS session the hook refuses: the whole state is refused */
    reboot(ORCA_SERVICE_PCA);
    tls_state.load_rc = ORCA_ERR_TLS;
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u), ORCA_ERR_TLS);
    expect_clean();
    /* a PCA state into a credential buffer too small for its token */
    reboot(ORCA_SERVICE_PCA);
    w.session.cfg.pca.cred_size = 8u;
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u),
                     ORCA_ERR_BUFFER_TOO_SMALL);
    expect_clean();
    /* no hook: no TLS bytes saved, none loaded */
    reboot(ORCA_SERVICE_PCA);
    w.session.cfg.transport_state = NULL;
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u), ORCA_OK);
    assert_int_equal(tls_state.loads, 0);
    assert_int_equal(orca_session_save(&w.session, state, sizeof state, &state_len), ORCA_OK);
    assert_int_equal(orca_session_save(NULL, state, sizeof state, &state_len),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_restore(&w.session, NULL, 1u, 1u), ORCA_ERR_INVALID_ARG);
}

/* A test public-suffix list: only "com". */
static int only_com(void *ctx, const char *domain, size_t len)
{
    (void)ctx;
    return len == 3u && memcmp(domain, "com", 3u) == 0;
}

/* A cookie for the parent domain goes back through the jar with the
 * session's public-suffix check, which the restored jar keeps. */
static void test_domain_cookie_and_public_suffix_kept(void **state_)
{
    (void)state_;
    world(ORCA_SERVICE_CLASSIC);
    w.cfg.public_suffix = only_com;
    fake_response(&w, 204, NIMBULA "Set-Cookie: site=s1; Domain=example.com; Path=/\r\n", NULL);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_sign_in(&w.session), ORCA_OK);
    assert_int_equal(orca_cookie_jar_find(&w.session.jar, "api.example.com", "site", 0, NULL),
                     ORCA_OK);
    assert_int_equal(orca_session_save(&w.session, state, sizeof state, &state_len), ORCA_OK);
    orca_session_free(&w.session);
    world(ORCA_SERVICE_CLASSIC);
    w.cfg.public_suffix = only_com;
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(orca_session_restore(&w.session, state, state_len, 1u), ORCA_OK);
    assert_int_equal(orca_cookie_jar_find(&w.session.jar, "www.example.com", "site", 0, NULL),
                     ORCA_OK);
    assert_true(w.session.jar.public_suffix == only_com);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pca_round_trip),
        cmocka_unit_test(test_classic_round_trip_ages_the_cookie),
        cmocka_unit_test(test_classic_expired_or_unknown_time),
        cmocka_unit_test(test_foreign_state_refused),
        cmocka_unit_test(test_every_flip_and_cut_refused),
        cmocka_unit_test(test_forged_contents_refused),
        cmocka_unit_test(test_wall_clock_at_save_far_in_the_past),
        cmocka_unit_test(test_field_length_past_the_state_refused),
        cmocka_unit_test(test_buffer_too_small_and_hook_errors),
        cmocka_unit_test(test_domain_cookie_and_public_suffix_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_SESSION_STATE, ORCA_WITH_PCA, ORCA_WITH_CLASSIC and ORCA_WITH_COOKIES")
#endif
