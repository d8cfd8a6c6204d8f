/* TLS client transport: mbedTLS over any lower orca_transport via its bio callbacks. */
#include <string.h>

#include "orca/status.h"
#include "orca/tls.h"
#include "tls_internal.h"

#include <mbedtls/ecp.h>
#include <mbedtls/pem.h>
#include <mbedtls/version.h>
#include <mbedtls/x509.h>
#if defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

/* lower_open while a non-blocking lower connect is under way. */
#define ORCA_TLS_LOWER_CONNECTING 2u

/* Bound on the close_notify send in close(): close must not hang on a dead peer. */
#define ORCA_TLS_CLOSE_TIMEOUT_MS 1000u

/* Starts a timed operation: every lower call below gets what is left of it. */
static void op_start(orca_tls *tls, uint32_t timeout_ms)
{
    tls->timeout_ms = timeout_ms;
    tls->lower_status = 0;
    if (tls->clock != NULL && tls->clock->now_ms != NULL) {
        tls->deadline_ms = tls->clock->now_ms(tls->clock->ctx) + timeout_ms;
    }
}

/* Time left for the current operation. None once a non-blocking lower
 * transport would block: the retry loops stop and the caller calls again. */
static uint32_t op_left(const orca_tls *tls)
{
    int32_t left;
    if (orca_transport_would_block(tls->lower_status)) {
        return 0u;
    }
    if (tls->clock == NULL || tls->clock->now_ms == NULL) {
        return tls->timeout_ms;
    }
    left = orca_clock_remaining(tls->clock->now_ms(tls->clock->ctx), tls->deadline_ms);
    return left > 0 ? (uint32_t)left : 0u;
}

/* mbedTLS sees "would block", "timeout" or "failed"; the lower status is
 * kept for the caller. */
static int bio_result(orca_tls *tls, int32_t n)
{
    if (n == 0) {
        tls->lower_eof = 1;
    }
    if (n >= 0) {
        return (int)n;
    }
    tls->lower_status = n;
    if (orca_transport_would_block(n)) {
        return n == ORCA_ERR_WANT_READ ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    return n == ORCA_ERR_TIMEOUT ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_SSL_INTERNAL_ERROR;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    orca_tls *tls = ctx;
    return bio_result(tls, tls->lower.send(tls->lower.ctx, buf, len, op_left(tls)));
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len, uint32_t timeout_ms)
{
    orca_tls *tls = ctx;
    (void)timeout_ms; /* ours is per operation, not per record */
    return bio_result(tls, tls->lower.recv(tls->lower.ctx, buf, len, op_left(tls)));
}

int orca_tls_is_alloc_failure(int ret)
{
    int low = (-ret) & 0x7F;
    int high = (-ret) & 0xFF80;
    return high == -MBEDTLS_ERR_SSL_ALLOC_FAILED || high == -MBEDTLS_ERR_X509_ALLOC_FAILED ||
           high == -MBEDTLS_ERR_PEM_ALLOC_FAILED ||
           high == -MBEDTLS_ERR_PK_ALLOC_FAILED || low == -MBEDTLS_ERR_MPI_ALLOC_FAILED ||
           low == -MBEDTLS_ERR_ASN1_ALLOC_FAILED;
}

static int is_retry(int ret)
{
    return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
           || ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET
#endif
        ;
}

/* Whether a send or recv loop goes on after a retry status: while time is
 * left, or whatever the time when mbedTLS asked again without the lower
 * transport having had to wait (it consumed a record that held no data for
 * the caller: a TLS 1.3 ticket, a post-handshake message). A poll with
 * timeout 0 or a non-blocking call then reads on to data, or to the lower
 * transport's "nothing yet", instead of ending as a timeout. */
static int goes_on(const orca_tls *tls, int ret)
{
    return is_retry(ret) && (tls->lower_status == 0 || op_left(tls) > 0);
}

/* One status for an mbedTLS failure: a step that still wanted I/O is what
 * the non-blocking lower transport said (ORCA_ERR_WANT_*: call again), else a
 * timeout (the operation's time ran out); else a lower transport error wins. */
static int32_t status_of(orca_tls *tls, int ret)
{
    if (is_retry(ret)) {
        return orca_transport_would_block(tls->lower_status) ? tls->lower_status
                                                             : ORCA_ERR_TIMEOUT;
    }
    if (tls->lower_status != 0) {
        return tls->lower_status;
    }
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        return ORCA_ERR_TLS_VERIFY;
    }
    if (ret == MBEDTLS_ERR_SSL_TIMEOUT) {
        return ORCA_ERR_TIMEOUT;
    }
    return orca_tls_is_alloc_failure(ret) ? ORCA_ERR_TLS_MEMORY : ORCA_ERR_TLS;
}

/* Closes the lower transport and readies the context for a new connect. */
static void drop_connection(orca_tls *tls)
{
    if (tls->lower_open) {
        tls->lower.close(tls->lower.ctx);
    }
    tls->lower_open = 0;
    tls->lower_eof = 0;
    tls->connected = 0;
    (void)mbedtls_ssl_session_reset(&tls->ssl);
}

/* Connects the lower transport: lower_open becomes ORCA_TLS_LOWER_CONNECTING
 * while a non-blocking one is under way, 1 once connected (close owed
 * either way). */
static int32_t lower_connect(orca_tls *tls, const char *host, uint16_t port)
{
    int32_t st = tls->lower.connect(tls->lower.ctx, host, port, op_left(tls));
    tls->lower_open = st == ORCA_OK ? 1u : (st == ORCA_ERR_WANT_WRITE || st == ORCA_ERR_WANT_READ
                                                ? ORCA_TLS_LOWER_CONNECTING
                                                : 0u);
    return st;
}

static int32_t tls_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    orca_tls *tls = ctx;
    int32_t st;
    int ret;
    if (tls == NULL || host == NULL || host[0] == '\0') {
        return ORCA_ERR_INVALID_ARG;
    }
    if (tls->connected) {
        return ORCA_ERR_STATE;
    }
    /* SNI and the name the certificate must carry (not again when called
     * again, non-blocking, with the connect under way). */
    ret = tls->lower_open ? 0 : mbedtls_ssl_set_hostname(&tls->ssl, host);
    if (ret != 0) {
        return orca_tls_is_alloc_failure(ret) ? ORCA_ERR_TLS_MEMORY : ORCA_ERR_INVALID_ARG;
    }
    op_start(tls, timeout_ms);
    if (tls->lower_open != 1u) { /* else the handshake is under way: go on with it */
        st = lower_connect(tls, host, port);
        if (st != ORCA_OK) {
            return st;
        }
        tls->cert_seen = 0;
        tls->resumed = 0;
        tls->verify_flags = 0;
        orca_tls_resume_offer(tls, host);
    }
    for (;;) {
        ret = mbedtls_ssl_handshake(&tls->ssl);
#if defined(MBEDTLS_ERR_SSL_CRYPTO_IN_PROGRESS)
        if (ret == MBEDTLS_ERR_SSL_CRYPTO_IN_PROGRESS) {
            /* Restartable ECC paused (orca_tls_restartable()): the caller
             * calls again; a blocking one just goes on. */
            if (tls->crypto_yield) {
                return ORCA_ERR_WANT_WRITE;
            }
            continue;
        }
#endif
        if (!is_retry(ret) || op_left(tls) == 0) {
            break;
        }
    }
    if (ret != 0) {
        st = status_of(tls, ret);
        if (!orca_transport_would_block(st)) {
            orca_tls_resume_failed(tls);
            drop_connection(tls);
        }
        return st;
    }
    orca_tls_resume_done(tls);
    tls->connected = 1;
    return ORCA_OK;
}

/* Shared start of send and recv: argument checks, the int32_t result cap,
 * and the operation's deadline. */
static int io_start(orca_tls *tls, const uint8_t *buf, size_t *len, uint32_t timeout_ms)
{
    if (tls == NULL || buf == NULL || *len == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (!tls->connected) {
        return ORCA_ERR_CLOSED;
    }
    if (*len > (size_t)INT32_MAX) {
        *len = (size_t)INT32_MAX;
    }
    op_start(tls, timeout_ms);
    return ORCA_OK;
}

static int32_t tls_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    orca_tls *tls = ctx;
    int ret = io_start(tls, buf, &len, timeout_ms);
    if (ret != ORCA_OK) {
        return ret;
    }
    do {
        ret = mbedtls_ssl_write(&tls->ssl, buf, len);
        orca_tls_resume_check(tls, ret);
    } while (goes_on(tls, ret));
    if (ret > 0) {
        return (int32_t)ret;
    }
    return status_of(tls, ret);
}

static int32_t tls_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    orca_tls *tls = ctx;
    int ret = io_start(tls, buf, &len, timeout_ms);
    if (ret != ORCA_OK) {
        return ret;
    }
    do {
        ret = mbedtls_ssl_read(&tls->ssl, buf, len);
        orca_tls_resume_check(tls, ret); /* TLS 1.3: a ticket arrived */
    } while (goes_on(tls, ret));
    if (ret > 0) {
        return (int32_t)ret;
    }
    /* mbedTLS reports a bare end of stream as 0 too: without close_notify
     * the data may have been cut by an attacker, so it is not an orderly close. */
    if (ret == 0 || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
        return tls->lower_eof ? ORCA_ERR_UNEXPECTED_EOF : 0;
    }
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        return 0;
    }
    return status_of(tls, ret);
}

static void tls_close(void *ctx)
{
    orca_tls *tls = ctx;
    if (tls == NULL) {
        return;
    }
    if (tls->connected) {
        op_start(tls, ORCA_TLS_CLOSE_TIMEOUT_MS);
        (void)mbedtls_ssl_close_notify(&tls->ssl);
    }
    drop_connection(tls);
}

#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
/* mbedTLS 3.6 cannot verify rsa_pss_rsae_* ServerKeyExchange signatures in
 * TLS 1.2, yet its default list offers them first, so a TLS 1.2 server with an
 * RSA key (OpenSSL) picks PSS and the handshake fails. PKCS#1 v1.5 first keeps
 * such servers on what 1.2 verifies; TLS 1.3 ignores PKCS#1 for handshakes. */
static const uint16_t sig_algs[] = {
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256, MBEDTLS_TLS1_3_SIG_ECDSA_SECP384R1_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA256,       MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA512,       MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA256,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA384,    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA512,
    MBEDTLS_TLS1_3_SIG_NONE};
#endif

/* Called for each certificate of a chain being verified: marks a full
 * handshake (a resumed one carries no certificate) and keeps the flags for
 * orca_tls_verify_reason(). Changes no verdict. */
static int on_verify(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    orca_tls *tls = ctx;
    (void)crt;
    (void)depth;
    tls->verify_flags |= *flags;
    tls->cert_seen = 1;
    return 0;
}

const char *orca_tls_verify_reason(const orca_tls *tls)
{
    uint32_t f = orca_tls_verify_flags(tls);
    if (f == 0u) {
        return NULL;
    }
    if (f & (MBEDTLS_X509_BADCERT_NOT_TRUSTED | MBEDTLS_X509_BADCERT_MISSING)) {
        return "certificate not trusted by the given CA";
    }
    if (f & MBEDTLS_X509_BADCERT_EXPIRED) {
        return "certificate expired";
    }
    if (f & MBEDTLS_X509_BADCERT_FUTURE) {
        return "certificate not yet valid";
    }
    if (f & MBEDTLS_X509_BADCERT_CN_MISMATCH) {
        return "host name mismatch";
    }
    return "certificate refused (key, usage or signature not acceptable)";
}

uint32_t orca_tls_verify_flags(const orca_tls *tls)
{
    return tls != NULL ? tls->verify_flags : 0u;
}

/* Client-side mbedTLS configuration: TLS 1.2 at least, verification required. */
static int configure(orca_tls *tls)
{
    int ret = mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT,
                                          MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        return ret;
    }
    mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&tls->conf, &tls->ca, NULL);
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, &tls->drbg);
    mbedtls_ssl_conf_verify(&tls->conf, on_verify, tls);
    orca_tls_resume_configure(&tls->conf);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    mbedtls_ssl_conf_min_tls_version(&tls->conf, MBEDTLS_SSL_VERSION_TLS1_2);
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    mbedtls_ssl_conf_sig_algs(&tls->conf, sig_algs);
#endif
#else
    mbedtls_ssl_conf_min_version(&tls->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#endif
    ret = mbedtls_ssl_setup(&tls->ssl, &tls->conf);
    if (ret == 0) {
        mbedtls_ssl_set_bio(&tls->ssl, tls, bio_send, NULL, bio_recv);
    }
    return ret;
}

static void set_transport(orca_tls *tls, orca_transport *transport)
{
    transport->connect = tls_connect;
    transport->send = tls_send;
    transport->recv = tls_recv;
    transport->close = tls_close;
    transport->ctx = tls;
}

int orca_tls_init(orca_tls *tls, const orca_tls_config *config,
                  const orca_transport *lower, orca_transport *transport)
{
    static const unsigned char pers[] = "orca-tls";
    int ret;
    if (tls == NULL || config == NULL || lower == NULL || transport == NULL ||
        config->ca == NULL || config->ca_len == 0 || config->entropy == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    memset(tls, 0, sizeof *tls);
    tls->lower = *lower;
    tls->clock = config->clock;
    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_ctr_drbg_init(&tls->drbg);
#if defined(MBEDTLS_PSA_CRYPTO_C)
    orca_tls_psa_set_entropy(config->entropy, config->entropy_ctx);
    if (psa_crypto_init() != PSA_SUCCESS) {
        orca_tls_free(tls);
        return ORCA_ERR_TLS;
    }
#endif
    /* A partly parsed CA list (ret > 0) is refused as well: trust must be exact. */
    ret = mbedtls_x509_crt_parse(&tls->ca, config->ca, config->ca_len);
    if (ret != 0) {
        orca_tls_free(tls);
        return orca_tls_is_alloc_failure(ret) ? ORCA_ERR_TLS_MEMORY : ORCA_ERR_TLS_CA;
    }
    ret = mbedtls_ctr_drbg_seed(&tls->drbg, config->entropy, config->entropy_ctx, pers,
                                sizeof pers - 1);
    if (ret == 0) {
        ret = configure(tls);
    }
    if (ret != 0) {
        orca_tls_free(tls);
        return orca_tls_is_alloc_failure(ret) ? ORCA_ERR_TLS_MEMORY : ORCA_ERR_TLS;
    }
    set_transport(tls, transport);
    return ORCA_OK;
}

void orca_tls_free(orca_tls *tls)
{
    if (tls == NULL) {
        return;
    }
    if (tls->lower_open) {
        tls_close(tls);
    }
    orca_tls_session_forget(tls);
    mbedtls_ssl_free(&tls->ssl);
    mbedtls_ssl_config_free(&tls->conf);
    mbedtls_x509_crt_free(&tls->ca);
    mbedtls_ctr_drbg_free(&tls->drbg);
}

int orca_tls_restartable(orca_tls *tls, unsigned max_ops)
{
    if (tls == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
#if defined(MBEDTLS_ECP_RESTARTABLE)
    mbedtls_ecp_set_max_ops(max_ops);
    tls->crypto_yield = max_ops != 0u;
    return ORCA_OK;
#else
    (void)max_ops;
    return ORCA_ERR_UNSUPPORTED;
#endif
}

void orca_tls_max_tls12(orca_tls *tls)
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    if (tls != NULL) {
        mbedtls_ssl_conf_max_tls_version(&tls->conf, MBEDTLS_SSL_VERSION_TLS1_2);
        if (!tls->lower_open) {
            /* mbedTLS reads the version at a reset; a connection open now
             * gets it at its close (drop_connection). */
            (void)mbedtls_ssl_session_reset(&tls->ssl);
        }
    }
#else
    (void)tls; /* 2.28 speaks TLS 1.2 at most */
#endif
}
