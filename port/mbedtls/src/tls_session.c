/* TLS session resumption: the session of the last handshake, offered again
 * only at a connect to the host name it was verified for, and its bytes for
 * keeping it across a sleep (orca_tls_session_save/load). */
#include <string.h>

#include "orca/status.h"
#include "orca/tls.h"
#include "orca/wipe.h"
#include "tls_internal.h"

#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

int orca_tls_resumed(const orca_tls *tls)
{
    return tls != NULL && tls->resumed;
}

#if ORCA_TLS_WITH_RESUMPTION

#ifndef ORCA_TLS_TLS13_PSK_KE
/* 1: resume TLS 1.3 in psk_ke mode instead of psk_dhe_ke (no ECDHE, so no
 * forward secrecy for resumed connections; the project's mbedTLS config then
 * enables MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_ENABLED, and the server
 * must allow it). For the measurements of docs/tls.md only. */
#define ORCA_TLS_TLS13_PSK_KE 0
#endif

/* Saved bytes: format byte, checksum, host digest, mbedTLS's session bytes. */
#define SAVE_FORMAT 1u
#define SUM_AT 1u
#define HOST_AT (SUM_AT + 32u)
#define SAVE_HEAD (HOST_AT + ORCA_TLS_HOST_DIGEST_SIZE)

static int sha256(const void *in, size_t len, uint8_t out[32])
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    return mbedtls_sha256(in, len, out, 0);
#else
    return mbedtls_sha256_ret(in, len, out, 0);
#endif
}

/* Frees and wipes the saved session (the struct holds the master secret). */
static void drop(orca_tls *tls)
{
    mbedtls_ssl_session_free(&tls->session);
    orca_wipe(&tls->session, sizeof tls->session);
    mbedtls_ssl_session_init(&tls->session);
    tls->has_session = 0;
}

/* Replaces the saved session with the connection's current one. */
static void keep(orca_tls *tls)
{
    drop(tls);
    if (mbedtls_ssl_get_session(&tls->ssl, &tls->session) == 0) {
        tls->has_session = 1;
    } else {
        drop(tls); /* a partial copy (arena exhausted) */
    }
}

void orca_tls_resume_configure(mbedtls_ssl_config *conf)
{
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    mbedtls_ssl_conf_session_tickets(conf, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
#if defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED)
    /* mbedTLS 3.6 drops TLS 1.3 tickets unless told to hand them over. */
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
        conf, MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
#endif
#endif
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    /* psk_dhe_ke: resumed keys keep forward secrecy (docs/tls.md); a full
     * handshake (ephemeral) when the server refuses the ticket. */
    mbedtls_ssl_conf_tls13_key_exchange_modes(
        conf, (ORCA_TLS_TLS13_PSK_KE ? MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK
                                     : MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL) |
                  MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL);
#endif
}

void orca_tls_resume_offer(orca_tls *tls, const char *host)
{
    uint8_t digest[ORCA_TLS_HOST_DIGEST_SIZE];
    tls->offered = 0;
    if (sha256(host, strlen(host), digest) != 0) {
        drop(tls);
        memset(tls->session_host, 0, sizeof tls->session_host);
        return;
    }
    if (memcmp(digest, tls->session_host, sizeof digest) != 0) {
        /* Another host: the session was verified for the old name only. */
        drop(tls);
        memcpy(tls->session_host, digest, sizeof digest);
    } else if (tls->has_session) {
        /* On failure (arena) the handshake is simply a full one. */
        tls->offered = mbedtls_ssl_set_session(&tls->ssl, &tls->session) == 0;
    }
}

void orca_tls_resume_done(orca_tls *tls)
{
    /* A resumed handshake carries no certificate: none was verified. */
    tls->resumed = tls->offered && !tls->cert_seen;
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    if (mbedtls_ssl_get_version_number(&tls->ssl) == MBEDTLS_SSL_VERSION_TLS1_3) {
        /* The new session comes with a NewSessionTicket after the handshake;
         * a refused ticket is useless, a used one stays until replaced. */
        if (!tls->resumed) {
            drop(tls);
        }
        return;
    }
#endif
    keep(tls);
}

void orca_tls_resume_failed(orca_tls *tls)
{
    /* Whatever broke, do not offer that session again. */
    if (tls->offered) {
        drop(tls);
    }
    tls->offered = 0;
}

void orca_tls_resume_check(orca_tls *tls, int ret)
{
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
    if (ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
        keep(tls);
    }
#else
    (void)tls;
    (void)ret;
#endif
}

void orca_tls_session_forget(orca_tls *tls)
{
    if (tls != NULL) {
        drop(tls);
    }
}

int orca_tls_session_save(const orca_tls *tls, uint8_t *buf, size_t size, size_t *len)
{
    size_t olen = 0;
    int ret;
    if (tls == NULL || len == NULL || (buf == NULL && size > 0u)) {
        return ORCA_ERR_INVALID_ARG;
    }
    *len = 0;
    if (!tls->has_session) {
        return ORCA_ERR_NOT_FOUND;
    }
    ret = size > SAVE_HEAD
              ? mbedtls_ssl_session_save(&tls->session, buf + SAVE_HEAD, size - SAVE_HEAD, &olen)
              : mbedtls_ssl_session_save(&tls->session, NULL, 0, &olen);
    if (ret != 0 && ret != MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL) {
        orca_wipe(buf, size);
        return ORCA_ERR_TLS;
    }
    *len = SAVE_HEAD + olen;
    if (ret != 0 || size < *len) {
        orca_wipe(buf, size); /* no partial secret left behind */
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    buf[0] = SAVE_FORMAT;
    memcpy(buf + HOST_AT, tls->session_host, ORCA_TLS_HOST_DIGEST_SIZE);
    if (sha256(buf + HOST_AT, *len - HOST_AT, buf + SUM_AT) != 0) {
        orca_wipe(buf, size);
        *len = 0;
        return ORCA_ERR_TLS;
    }
    return ORCA_OK;
}

int orca_tls_session_load(orca_tls *tls, const char *host, const uint8_t *buf, size_t len)
{
    uint8_t digest[32];
    int ret;
    if (tls == NULL || host == NULL || host[0] == '\0' || buf == NULL || len == 0u) {
        return ORCA_ERR_INVALID_ARG;
    }
    drop(tls);
    /* The checksum first: damage anywhere, the host digest included, is
     * ORCA_ERR_TLS_SESSION; only intact bytes can be "for another host". */
    if (len <= SAVE_HEAD || buf[0] != SAVE_FORMAT ||
        sha256(buf + HOST_AT, len - HOST_AT, digest) != 0 ||
        memcmp(digest, buf + SUM_AT, sizeof digest) != 0) {
        return ORCA_ERR_TLS_SESSION;
    }
    if (sha256(host, strlen(host), digest) != 0) {
        return ORCA_ERR_TLS;
    }
    if (memcmp(digest, buf + HOST_AT, sizeof digest) != 0) {
        return ORCA_ERR_TLS_SESSION_HOST;
    }
    ret = mbedtls_ssl_session_load(&tls->session, buf + SAVE_HEAD, len - SAVE_HEAD);
    if (ret != 0) {
        drop(tls);
        return orca_tls_is_alloc_failure(ret) ? ORCA_ERR_TLS_MEMORY : ORCA_ERR_TLS_SESSION;
    }
    memcpy(tls->session_host, digest, sizeof digest);
    tls->has_session = 1;
    return ORCA_OK;
}

#else /* !ORCA_TLS_WITH_RESUMPTION: full handshakes only, no tickets asked for */

void orca_tls_resume_configure(mbedtls_ssl_config *conf)
{
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    mbedtls_ssl_conf_session_tickets(conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
#else
    (void)conf;
#endif
}

void orca_tls_resume_offer(orca_tls *tls, const char *host)
{
    (void)tls;
    (void)host;
}

void orca_tls_resume_done(orca_tls *tls)
{
    (void)tls;
}

void orca_tls_resume_failed(orca_tls *tls)
{
    (void)tls;
}

void orca_tls_resume_check(orca_tls *tls, int ret)
{
    (void)tls;
    (void)ret;
}

void orca_tls_session_forget(orca_tls *tls)
{
    (void)tls;
}

int orca_tls_session_save(const orca_tls *tls, uint8_t *buf, size_t size, size_t *len)
{
    (void)tls;
    (void)buf;
    (void)size;
    if (len != NULL) {
        *len = 0;
    }
    return ORCA_ERR_UNSUPPORTED;
}

int orca_tls_session_load(orca_tls *tls, const char *host, const uint8_t *buf, size_t len)
{
    (void)tls;
    (void)host;
    (void)buf;
    (void)len;
    return ORCA_ERR_UNSUPPORTED;
}

#endif /* ORCA_TLS_WITH_RESUMPTION */

/* orca_transport_state's shape over the two calls above. */
static int hook_save(void *ctx, uint8_t *buf, size_t size, size_t *len)
{
    return orca_tls_session_save((const orca_tls *)ctx, buf, size, len);
}

static int hook_load(void *ctx, const char *host, const uint8_t *buf, size_t len)
{
    return orca_tls_session_load((orca_tls *)ctx, host, buf, len);
}

static const char *hook_why(void *ctx)
{
    return orca_tls_verify_reason((const orca_tls *)ctx);
}

void orca_tls_state_hook(orca_tls *tls, orca_transport_state *hook)
{
    if (hook != NULL) {
        hook->save = hook_save;
        hook->load = hook_load;
        hook->ctx = tls;
        hook->why = hook_why;
    }
}
