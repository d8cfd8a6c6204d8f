/* The mbedTLS request signer (port/mbedtls/src/signer_mbedtls.c) against
 * openssl: known-answer vectors made at test time by
 * tests/vectors/gen_signing_vectors.sh (directory in $ORCA_SIGNING_VECTORS),
 * the signer alone and through a signed PCA session (the whole header). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "orca/posix.h"
#include "orca/signer_mbedtls.h"
#include "feature_skip.h"
#include "session_fakes.h"

#include <mbedtls/version.h>

#define VEC_MAX 8192u

static const char *vec_dir;
static uint8_t arena[256u * 1024u]; /* the project's mbedTLS config: no heap */

/* Vector file @p name into @p buf (PEM: NUL counted, as mbedTLS wants). */
static size_t load(const char *name, uint8_t *buf, size_t cap)
{
    char path[512];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", vec_dir, name);
    assert_int_equal(orca_posix_file_load(path, buf, cap, &len), ORCA_OK);
    return len;
}

/* Vector text file @p name, NUL-terminated, into a static buffer. */
static const char *text(const char *name)
{
    static uint8_t buf[4][VEC_MAX];
    static int next;
    uint8_t *b = buf[next++ % 4];
    size_t len = load(name, b, VEC_MAX - 1u);
    b[len] = '\0';
    return (const char *)b;
}

static int init_key(orca_mbedtls_signer *st, orca_signer *sg, const char *file, const char *pass)
{
    static uint8_t key[VEC_MAX];
    orca_mbedtls_signer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.key = key;
    cfg.key_len = load(file, key, sizeof key);
    cfg.passphrase = (const uint8_t *)pass;
    cfg.passphrase_len = pass != NULL ? strlen(pass) : 0u;
    cfg.entropy = orca_posix_entropy;
    return orca_mbedtls_signer_init(st, &cfg, sg);
}

/* Signs vector @p name's signing string and compares with openssl's signature. */
static void check_vector(const orca_signer *sg, const char *name)
{
    char file[64], sig[1024];
    size_t len = 0;
    snprintf(file, sizeof file, "%s.txt", name);
    const char *str = text(file);
    snprintf(file, sizeof file, "%s.sig", name);
    const char *want = text(file);
    assert_int_equal(sg->sign_b64(sg->ctx, (const uint8_t *)str, strlen(str), sig, sizeof sig, &len),
                     ORCA_OK);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(sig, want, len);
}

/* Every key form openssl wrote gives openssl's signatures, byte for byte. */
static void test_key_forms_match_openssl(void **state)
{
    (void)state;
    static const char *const plain[] = {"key.pem", "key-pkcs1.pem", "key.der"};
    char pass[64];
    snprintf(pass, sizeof pass, "%s", text("passphrase.txt")); /* text() reuses its buffers */
    orca_mbedtls_signer st;
    orca_signer sg;
    for (size_t i = 0; i < 3u; i++) {
        assert_int_equal(init_key(&st, &sg, plain[i], NULL), ORCA_OK);
        check_vector(&sg, "get");
        check_vector(&sg, "post");
        orca_mbedtls_signer_free(&st);
    }
#if defined(MBEDTLS_CIPHER_MODE_CBC) /* mbedTLS 2.28 (Debian), or ORCA_MBEDTLS_KEY_DECRYPTION */
    assert_int_equal(init_key(&st, &sg, "key-enc.pem", pass), ORCA_OK);
    check_vector(&sg, "get");
    orca_mbedtls_signer_free(&st);
#else
    assert_int_equal(init_key(&st, &sg, "key-enc.pem", pass), ORCA_ERR_KEY);
#endif
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PKCS5_C)
    assert_int_equal(init_key(&st, &sg, "key-enc-pkcs8.pem", pass), ORCA_OK);
    check_vector(&sg, "post");
    orca_mbedtls_signer_free(&st);
#else
    /* Documented: 2.28 has no AES cipher for PKCS#8 PBES2. */
    assert_int_equal(init_key(&st, &sg, "key-enc-pkcs8.pem", pass), ORCA_ERR_KEY);
#endif
}

static void test_body_digest(void **state)
{
    (void)state;
    orca_mbedtls_signer st;
    orca_signer sg;
    char out[64];
    size_t len = 0;
    const char *body = text("post.body"), *want = text("post.sha256");
    assert_int_equal(init_key(&st, &sg, "key.pem", NULL), ORCA_OK);
    assert_int_equal(sg.digest_b64(sg.ctx, (const uint8_t *)body, strlen(body), out, sizeof out,
                                   &len),
                     ORCA_OK);
    assert_int_equal(len, ORCA_SIGNER_DIGEST_B64_LEN);
    assert_memory_equal(out, want, len);
    /* SHA-256 of nothing (a POST without a body), the well-known value. */
    assert_int_equal(sg.digest_b64(sg.ctx, NULL, 0, out, sizeof out, &len), ORCA_OK);
    assert_memory_equal(out, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 44);
    /* Too small for the text (and mbedTLS's NUL): refused, never cut. */
    assert_int_equal(sg.digest_b64(sg.ctx, NULL, 0, out, 44, &len), ORCA_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(sg.sign_b64(sg.ctx, (const uint8_t *)"x", 1, out, sizeof out, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL); /* RSA 2048: 344 characters */
    orca_mbedtls_signer_free(&st);
}

/* Bad keys and passphrases: ORCA_ERR_KEY, never a crash; nothing to free. */
static void test_bad_keys(void **state)
{
    (void)state;
    orca_mbedtls_signer st;
    orca_signer sg;
    orca_mbedtls_signer_config cfg;
    static uint8_t key[VEC_MAX];
    assert_int_equal(init_key(&st, &sg, "key-enc.pem", "wrong"), ORCA_ERR_KEY);
    assert_int_equal(init_key(&st, &sg, "key-enc.pem", NULL), ORCA_ERR_KEY);
    assert_int_equal(init_key(&st, &sg, "ec.pem", NULL), ORCA_ERR_KEY); /* rsa-sha256 only */
    memset(&cfg, 0, sizeof cfg);
    cfg.key = key;
    cfg.entropy = orca_posix_entropy;
    size_t len = load("key.pem", key, sizeof key);
    for (size_t cut = 1; cut < len; cut += 97) { /* every truncation, PEM and DER */
        memcpy(key, text("key.pem"), len);
        key[cut - 1u] = '\0';
        cfg.key_len = cut;
        assert_int_equal(orca_mbedtls_signer_init(&st, &cfg, &sg), ORCA_ERR_KEY);
    }
    size_t der = load("key.der", key, sizeof key);
    for (size_t cut = 1; cut < der; cut += 61) {
        cfg.key_len = cut;
        assert_int_equal(orca_mbedtls_signer_init(&st, &cfg, &sg), ORCA_ERR_KEY);
    }
    memset(key, 'A', 300);
    cfg.key_len = 300;
    assert_int_equal(orca_mbedtls_signer_init(&st, &cfg, &sg), ORCA_ERR_KEY);
    cfg.key_len = 0;
    assert_int_equal(orca_mbedtls_signer_init(&st, &cfg, &sg), ORCA_ERR_INVALID_ARG);
    cfg.key_len = der;
    cfg.entropy = NULL;
    assert_int_equal(orca_mbedtls_signer_init(&st, &cfg, &sg), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_mbedtls_signer_init(NULL, &cfg, &sg), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_mbedtls_signer_init(&st, NULL, &sg), ORCA_ERR_INVALID_ARG);
    orca_mbedtls_signer_free(NULL);
}

/* Free zeroises the whole state (key numbers included) and is safe twice. */
static void test_free_wipes(void **state)
{
    (void)state;
    static orca_mbedtls_signer st;
    static const orca_mbedtls_signer zero;
    orca_signer sg;
    assert_int_equal(init_key(&st, &sg, "key.pem", NULL), ORCA_OK);
    assert_true(memcmp(&st, &zero, sizeof st) != 0);
    orca_mbedtls_signer_free(&st);
    assert_memory_equal(&st, &zero, sizeof st);
    orca_mbedtls_signer_free(&st);
}

/* ---- the whole header, through a signed PCA session ---- */
#if ORCA_WITH_PCA_SIGNING

static fake_world w;

static int fixed_unix(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = 1388957500; /* Sun, 05 Jan 2014 21:31:40 GMT, the vectors' date */
    return ORCA_OK;
}

static void signed_world(orca_mbedtls_signer *st, orca_signer *sg)
{
    static char fingerprint[64];
    fake_setup(&w, ORCA_SERVICE_PCA_SIGNED);
    w.clock.unix_s = fixed_unix;
    w.cfg.host = "iaas.example.com";
    w.cfg.tenancy = "ocid1.tenancy.oc1..tttt";
    w.cfg.user = "ocid1.user.oc1..uuuu";
    w.cfg.password = NULL;
    snprintf(fingerprint, sizeof fingerprint, "%s", text("fingerprint.txt"));
    fingerprint[strcspn(fingerprint, "\r\n")] = '\0';
    w.cfg.pca_signed.key_fingerprint = fingerprint;
    assert_int_equal(init_key(st, sg, "key.pem", NULL), ORCA_OK);
    w.cfg.pca_signed.signer = sg;
}

/* The header orca should send for vector @p name (headers list @p headers). */
static void expect_authorization(const char *sent, const char *headers, const char *name)
{
    char want[2048], file[64];
    snprintf(file, sizeof file, "%s.sig", name);
    snprintf(want, sizeof want,
             "\r\nAuthorization: Signature version=\"1\",keyId=\"%s/%s/%s\","
             "algorithm=\"rsa-sha256\",headers=\"%s\",signature=\"%s\"\r\n",
             w.cfg.tenancy, w.cfg.user, w.cfg.pca_signed.key_fingerprint, headers, text(file));
    if (strstr(sent, want) == NULL) {
        fail_msg("no %s in:\n%s", want, sent);
    }
}

static void test_session_get_header_matches_openssl(void **state)
{
    (void)state;
    orca_mbedtls_signer st;
    orca_signer sg;
    orca_http_response res;
    signed_world(&st, &sg);
    fake_response(&w, 200, "", "[]");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    assert_int_equal(
        fake_get(&w, "/20160918/instances?compartmentId=ocid1.compartment.oc1..aaaa&limit=2", &res),
        ORCA_OK);
    const char *sent = fake_sent(&w, 0);
    assert_non_null(strstr(sent, "\r\nHost: iaas.example.com\r\n"));
    assert_non_null(strstr(sent, "\r\ndate: Sun, 05 Jan 2014 21:31:40 GMT\r\n"));
    assert_null(strstr(sent, "x-content-sha256"));
    expect_authorization(sent, "date (request-target) host", "get");
    orca_session_free(&w.session);
    orca_mbedtls_signer_free(&st);
}

static void test_session_post_header_matches_openssl(void **state)
{
    (void)state;
    orca_mbedtls_signer st;
    orca_signer sg;
    orca_http_response res;
    orca_session_call req;
    char line[128];
    signed_world(&st, &sg);
    fake_response(&w, 200, "", "{}");
    assert_int_equal(orca_session_init(&w.session, &w.cfg), ORCA_OK);
    const char *body = text("post.body");
    memset(&req, 0, sizeof req);
    req.method = orca_span_from_str("POST");
    req.path = orca_span_from_str("/20160918/instances");
    req.body = (const uint8_t *)body;
    req.body_len = strlen(body);
    assert_int_equal(orca_session_request(&w.session, &req, NULL, &res), ORCA_OK);
    const char *sent = fake_sent(&w, 0);
    snprintf(line, sizeof line, "\r\nx-content-sha256: %s\r\n", text("post.sha256"));
    assert_non_null(strstr(sent, line));
    snprintf(line, sizeof line, "\r\nContent-Length: %zu\r\n", strlen(body));
    assert_non_null(strstr(sent, line));
    assert_non_null(strstr(sent, "\r\nContent-Type: application/json\r\n"));
    expect_authorization(sent, "date (request-target) host content-length content-type "
                               "x-content-sha256", "post");
    assert_non_null(strstr(sent, body));
    orca_session_free(&w.session);
    orca_mbedtls_signer_free(&st);
}

#else
ORCA_SKIP_TEST(test_session_get_header_matches_openssl, "ORCA_WITH_PCA_SIGNING")
ORCA_SKIP_TEST(test_session_post_header_matches_openssl, "ORCA_WITH_PCA_SIGNING")
#endif

int main(void)
{
    vec_dir = getenv("ORCA_SIGNING_VECTORS");
    if (vec_dir == NULL) {
        fprintf(stderr, "ORCA_SIGNING_VECTORS is not set (ctest sets it)\n");
        return 1;
    }
    /* With the system mbedTLS this is ORCA_ERR_UNSUPPORTED: it uses the heap. */
    (void)orca_mbedtls_arena_init(arena, sizeof arena);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_forms_match_openssl),
        cmocka_unit_test(test_body_digest),
        cmocka_unit_test(test_bad_keys),
        cmocka_unit_test(test_free_wipes),
        cmocka_unit_test(test_session_get_header_matches_openssl),
        cmocka_unit_test(test_session_post_header_matches_openssl),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    orca_mbedtls_arena_free();
    return failed;
}
