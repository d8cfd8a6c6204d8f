/* Functions a driver's headers declare but its entry points never call:
 * orca/http.h's transfer pair, for its inline orca_http_exchange. WP
 * (proofs.list's last field) asks every declared function for a contract,
 * and one it would generate counts as unproven (the stage aborts on that
 * instead). \false: a call would be an alarm. Included by the drivers that
 * run WP; each declares its own others. */
#ifndef ORCA_PROOF_UNCALLED_H
#define ORCA_PROOF_UNCALLED_H

#include "orca/http.h"

/*@ requires \false;
    assigns \nothing; */
int orca_http_transfer_begin(orca_http_transfer *x, uint8_t *buf, size_t buf_size,
                             const orca_http_request *req, const orca_http_callbacks *cb,
                             orca_http_response *res);
/*@ requires \false;
    assigns \nothing; */
int orca_http_transfer_step(orca_http_transfer *x, const orca_transport *transport,
                            const orca_http_request *req, orca_http_response *res);

#endif /* ORCA_PROOF_UNCALLED_H */
