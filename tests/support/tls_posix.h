/*
 * Test and benchmark helper: orca's TLS transport over the POSIX TCP transport,
 * trusting one CA file, with the POSIX clock and entropy (the stack of the
 * integration client and of the TLS benchmarks).
 */
#ifndef ORCA_TEST_TLS_POSIX_H
#define ORCA_TEST_TLS_POSIX_H

#include <string.h>

#include "orca/posix.h"
#include "orca/status.h"
#include "orca/tls.h"

typedef struct tls_posix {
    orca_posix_tcp tcp;
    orca_transport lower; /* plain TCP */
    orca_transport t;     /* TLS over lower: the transport to use */
    orca_clock clock;
    orca_tls tls;         /* free with orca_tls_free() */
} tls_posix;

/* Loads the CA file @p ca_path (PEM or DER) into @p ca_buf and readies @p s,
 * not connected. Returns ORCA_OK, else orca_posix_file_load's status (*phase
 * "ca") or orca_tls_init's (*phase "init"), with nothing left to free.
 * @p phase may be NULL. */
static inline int tls_posix_init(tls_posix *s, const char *ca_path, uint8_t *ca_buf,
                                 size_t ca_cap, const char **phase)
{
    orca_tls_config cfg;
    const char *failed = "ca";
    int st;
    orca_posix_tcp_init(&s->tcp, &s->lower);
    orca_posix_clock_init(&s->clock);
    memset(&cfg, 0, sizeof cfg);
    st = orca_posix_file_load(ca_path, ca_buf, ca_cap, &cfg.ca_len);
    if (st == ORCA_OK) {
        cfg.ca = ca_buf;
        cfg.entropy = orca_posix_entropy;
        cfg.clock = &s->clock;
        failed = "init";
        st = orca_tls_init(&s->tls, &cfg, &s->lower, &s->t);
    }
    if (phase != NULL && st != ORCA_OK) {
        *phase = failed;
    }
    return st;
}

#endif /* ORCA_TEST_TLS_POSIX_H */
