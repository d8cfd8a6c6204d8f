/* The superloop of the mps2-an386 image (mode=superloop): one main loop that
 * runs a heartbeat every 10 ms of the board tick and steps orca's calls
 * without ever waiting inside one (non-blocking serial link, TLS over it).
 * main_qemu.c lends it the image's buffers. */
#ifndef SUPERLOOP_H
#define SUPERLOOP_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/session.h"
#include "orca/tls.h"
#include "serial_link.h"

/** What the loop works with (main_qemu.c's statics and command line). */
typedef struct superloop_env {
    const orca_clock *tick;
    serial_link *link;
    orca_tls *tls;
    uint8_t *arena; /* the TLS arena */
    size_t arena_size;
    const uint8_t *ca; /* PEM, NUL counted */
    size_t ca_len;
    uint8_t *work;
    size_t work_size;
    char *cred;
    size_t cred_size;
    unsigned char *jar;
    size_t jar_size;
    /* the image's session objects (used with the non-blocking session API) */
    orca_session *session;
    orca_session_config *session_cfg;
    orca_http_response *res;
    uint16_t port;
    uint8_t tls12;    /* offer TLS 1.2 at most */
    uint8_t p256;     /* offer secp256r1 only (restartable ECDH needs it) */
    uint32_t max_ops; /* restartable ECC: mbedtls_ecp_set_max_ops(), 0 = off */
} superloop_env;

/** Runs the loop to the end of its calls and reports over semihosting:
 *  0 when every call ended ORCA_OK, else 1. */
int superloop_run(const superloop_env *env);

#endif
