/* The clock of the EVA drivers: a monotonic tick and a wall clock that may
 * answer anything (any int64_t, or "unknown"), so that every value a port
 * could give is analysed. */
#ifndef ORCA_PROOF_CLOCK_H
#define ORCA_PROOF_CLOCK_H

#include "__fc_builtin.h"

#include <stdint.h>

#include "orca/status.h"

static int unix_s(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = Frama_C_long_long_interval(INT64_MIN, INT64_MAX);
    return Frama_C_nondet(ORCA_OK, ORCA_ERR_UNSUPPORTED);
}

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return Frama_C_unsigned_int_interval(0, UINT32_MAX);
}

#endif /* ORCA_PROOF_CLOCK_H */
