/* Declarations shared by the files of the TLS port only. */
#ifndef ORCA_TLS_INTERNAL_H
#define ORCA_TLS_INTERNAL_H

#include "orca/tls.h"

/* Makes @p entropy PSA crypto's random source (project config only). */
void orca_tls_psa_set_entropy(orca_tls_entropy_fn entropy, void *ctx);

#endif /* ORCA_TLS_INTERNAL_H */
