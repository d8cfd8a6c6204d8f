/* The config check of core/src/session_layout.c: orca_session_init() passes
 * the caller's view of the config, the library refuses one that differs
 * from its own and names the first difference.
 *
 * Built three times (tests/CMakeLists.txt): with the library's config (every
 * mismatch made by hand), and as test_config_mismatch_message (with
 * -DORCA_SESSION_MESSAGE_MAX=32u, an application that got the sizes wrong)
 * and test_config_mismatch_switch (-DORCA_WITH_DEADLINE=0, one that got a
 * switch wrong): those expect ORCA_CONFIG_MISMATCH_EXPECT in the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feature_skip.h"
#include "session_fakes.h"

static fake_world w;

/* A service every preset builds. */
#if ORCA_WITH_CLASSIC
#define SERVICE ORCA_SERVICE_CLASSIC
#else
#define SERVICE ORCA_SERVICE_PCA
#endif

#ifdef ORCA_CONFIG_MISMATCH_EXPECT

/* Built with another config than the library: init refuses, names it, and
 * touches nothing else of the session. */
static void test_mismatch_refused_and_named(void **state)
{
    (void)state;
    fake_setup(&w, SERVICE);
    memset(&w.session, 0xA5, sizeof w.session);
    w.session.error.message[0] = '\0';
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_ERR_CONFIG_MISMATCH);
    print_message("message: %s\n", w.session.error.message);
#if ORCA_STATUS_STRINGS
    assert_true(strncmp(w.session.error.message, ORCA_CONFIG_MISMATCH_EXPECT,
                        strlen(ORCA_CONFIG_MISMATCH_EXPECT)) == 0);
#else
    assert_string_equal(w.session.error.message, ""); /* bare metal: the status alone */
#endif
    assert_true(strlen(w.session.error.message) < sizeof w.session.error.message);
    assert_int_equal(((const unsigned char *)&w.session)[0], 0xA5);
    assert_int_equal(w.session.request_id[0], (char)0xA5);
    assert_int_equal(fake_exchanges(&w), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mismatch_refused_and_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

/* The same config on both sides: no complaint. */
static void test_same_config_agrees(void **state)
{
    (void)state;
    const orca_layout here = ORCA_LAYOUT_HERE;
    char msg[96] = "";
    assert_int_equal(orca_layout_diff(&here, msg, sizeof msg), ORCA_OK);
    assert_string_equal(msg, "");
    assert_int_equal(orca_layout_diff(NULL, msg, sizeof msg), ORCA_ERR_INVALID_ARG);
    fake_setup(&w, SERVICE);
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    orca_session_free(&w.session);
}

#if ORCA_STATUS_STRINGS
/* Each switch that differs is named with both values. */
static void test_each_switch_named(void **state)
{
    (void)state;
    static const char *const names[] = {
        "PCA",         "CLASSIC",         "COOKIES",    "COOKIE_EXPIRES",
        "RETRIES",     "JSON_READER",     "JSON_VALIDATION", "URL_PARSER",
        "PCA_SIGNING", "RETRY_AFTER",     "DEADLINE",        "NONBLOCKING"};
    const orca_layout here = ORCA_LAYOUT_HERE;
    assert_int_equal(sizeof names / sizeof names[0], ORCA_LAYOUT_SWITCH_COUNT);
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        orca_layout other = here;
        char msg[96], expected[96];
        unsigned lib = (here.features >> i) & 1u;
        other.features ^= 1u << i;
        snprintf(expected, sizeof expected, "ORCA_WITH_%s %u here, %u in the library", names[i],
                 lib ^ 1u, lib);
        assert_int_equal(orca_layout_diff(&other, msg, sizeof msg), ORCA_ERR_CONFIG_MISMATCH);
        assert_string_equal(msg, expected);
    }
}

/* Sizes: the macro that differs, else the struct whose size does. */
static void test_each_size_named(void **state)
{
    (void)state;
    static const char *const names[] = {
        "ORCA_SESSION_JSON_TOKENS", "ORCA_SESSION_CODE_MAX",   "ORCA_SESSION_MESSAGE_MAX",
        "ORCA_SESSION_ID_MAX",      "ORCA_SESSION_MAX_HEADERS", "sizeof(orca_session_config)",
        "sizeof(orca_session)"};
    const orca_layout here = ORCA_LAYOUT_HERE;
    assert_int_equal(sizeof names / sizeof names[0], ORCA_LAYOUT_SIZE_COUNT);
    for (unsigned i = 0; i < 7u; i++) {
        orca_layout other = here;
        char msg[96], expected[96];
        other.sizes[i] = here.sizes[i] + 8u;
        snprintf(expected, sizeof expected, "%s %u here, %u in the library", names[i],
                 (unsigned)other.sizes[i], (unsigned)here.sizes[i]);
        assert_int_equal(orca_layout_diff(&other, msg, sizeof msg), ORCA_ERR_CONFIG_MISMATCH);
        assert_string_equal(msg, expected);
    }
    /* A switch is named before a size; a short buffer gets what fits. */
    orca_layout other = here;
    char small[12];
    other.features ^= 1u;
    other.sizes[6] = 1u;
    assert_int_equal(orca_layout_diff(&other, small, sizeof small), ORCA_ERR_CONFIG_MISMATCH);
    assert_string_equal(small, "ORCA_WITH_P");
    assert_int_equal(orca_layout_diff(&other, NULL, 0), ORCA_ERR_CONFIG_MISMATCH);
}

#else
ORCA_SKIP_TEST(test_each_switch_named, "ORCA_STATUS_STRINGS")
ORCA_SKIP_TEST(test_each_size_named, "ORCA_STATUS_STRINGS")
#endif

/* The library refuses before it reads the config or writes the session:
 * only the message buffer the caller named changes. */
static void test_init_with_other_layout_touches_nothing(void **state)
{
    (void)state;
    orca_layout other = ORCA_LAYOUT_HERE;
    static orca_session copy;
    char msg[64] = "";
    other.sizes[2] = 32u;
    fake_setup(&w, SERVICE);
    memset(&w.session, 0x5A, sizeof w.session);
    copy = w.session;
    assert_int_equal(orca_session_init_layout(&w.session, &w.cfg, &other, msg, sizeof msg),
                     ORCA_ERR_CONFIG_MISMATCH);
    assert_int_equal(memcmp(&w.session, &copy, sizeof copy), 0);
#if ORCA_STATUS_STRINGS
    assert_true(strncmp(msg, "ORCA_SESSION_MESSAGE_MAX 32 here, ", 34) == 0);
#endif
    assert_int_equal(orca_session_init_layout(&w.session, NULL, &other, msg, sizeof msg),
                     ORCA_ERR_CONFIG_MISMATCH);
    assert_int_equal(orca_session_init_layout(NULL, &w.cfg, &other, NULL, 0),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_session_init_layout(&w.session, &w.cfg, NULL, msg, sizeof msg),
                     ORCA_ERR_INVALID_ARG);
    assert_int_equal(fake_exchanges(&w), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_config_agrees),
        cmocka_unit_test(test_each_switch_named),
        cmocka_unit_test(test_each_size_named),
        cmocka_unit_test(test_init_with_other_layout_touches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
