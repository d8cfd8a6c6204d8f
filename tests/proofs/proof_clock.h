/* The clock of the EVA drivers: a monotonic tick and a wall clock that may
 * answer anything (any int64_t, or "unknown"), so that every value a port
 * could give is analysed. Their answers are read from volatile objects (any
 * value on each read, for EVA), not drawn with Frama_C_interval: they then
 * change no memory, as a port's clock changes none of orca's, and From
 * (`-from-verify-assigns`) can check core's contracts that say so. */
#ifndef ORCA_PROOF_CLOCK_H
#define ORCA_PROOF_CLOCK_H

#include <stdint.h>

#include "orca/status.h"

static volatile uint32_t proof_tick;      /* the tick: any value */
static volatile int64_t proof_wall_s;     /* the wall clock: any value */
static volatile int proof_wall_answers;   /* 0: the wall clock is unknown */

static int unix_s(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = proof_wall_s;
    return proof_wall_answers != 0 ? ORCA_OK : ORCA_ERR_UNSUPPORTED;
}

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return proof_tick;
}

#endif /* ORCA_PROOF_CLOCK_H */
