/* Declarations shared by the files of the TLS port only. */
#ifndef ORCA_TLS_INTERNAL_H
#define ORCA_TLS_INTERNAL_H

#include "orca/tls.h"

/* Makes @p entropy PSA crypto's random source (project config only). */
void orca_tls_psa_set_entropy(orca_tls_entropy_fn entropy, void *ctx);

/* Non-zero when an mbedTLS error code means an allocation failed (tls.c). */
int orca_tls_is_alloc_failure(int ret);

/* Session resumption (tls_session.c); each is a no-op with
 * ORCA_TLS_WITH_RESUMPTION 0. */

/* Client settings for resumption on @p conf (tickets, TLS 1.3 modes). */
void orca_tls_resume_configure(mbedtls_ssl_config *conf);
/* Before the handshake to @p host (hostname already set): offers the saved
 * session if it was made for @p host, else drops it. */
void orca_tls_resume_offer(orca_tls *tls, const char *host);
/* After a successful handshake: records whether it resumed and keeps the new
 * session (TLS 1.2; TLS 1.3 sessions come with a NewSessionTicket later). */
void orca_tls_resume_done(orca_tls *tls);
/* After a failed handshake: a session that was offered is dropped. */
void orca_tls_resume_failed(orca_tls *tls);
/* A result of mbedtls_ssl_read/write/handshake: on
 * MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET keeps the ticket's session. */
void orca_tls_resume_check(orca_tls *tls, int ret);

#endif /* ORCA_TLS_INTERNAL_H */
