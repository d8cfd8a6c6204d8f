/* libFuzzer harness of orca_session_restore (session_state.c): untrusted
 * bytes into a fresh PCA or Classic session over the scripted transport.
 *
 * Input: byte 0 picks the service (bit 0), whether the harness fixes the
 * state's length and CRC first (bit 1: lets the fuzzer past the CRC into the
 * fields), and the time slept (bits 2-7, in 100 s; 63: unknown); the rest is
 * the state. After any restore: a refusal leaves the session clean (signed
 * out, empty jar, credential wiped); a success that signed in sends a request
 * whose head has exactly one blank line, at its end (nothing restored can
 * inject a header). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session_fakes.h"
#include "state_forge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if ORCA_WITH_SESSION_STATE
static fake_world w;
static uint8_t state[4096];

/* 1 when the request head sent in exchange 0 ends at its only blank line. */
static int one_head(void)
{
    const char *sent = fake_sent(&w, 0);
    const char *end = strstr(sent, "\r\n\r\n");
    return end != NULL && (size_t)(end - sent) + 4u == w.net.sent_len[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    orca_http_response res;
    if (size < 1u || size - 1u > sizeof state) {
        return 0;
    }
    size_t n = size - 1u;
    memcpy(state, data + 1, n);
    if ((data[0] & 2u) != 0u && n >= 16u) {
        forge_state(state, n);
    }
    uint32_t slept = (uint32_t)(data[0] >> 2) == 63u ? ORCA_SESSION_SLEPT_UNKNOWN
                                                      : (uint32_t)(data[0] >> 2) * 100u;
    fake_setup(&w, (data[0] & 1u) ? ORCA_SERVICE_CLASSIC : ORCA_SERVICE_PCA);
    w.cfg.tls = 1u;
    fake_response(&w, 200, "", "[]");
    if (orca_session_init(&w.session, &w.cfg) != ORCA_OK) {
        abort();
    }
    int rc = orca_session_restore(&w.session, state, n, slept);
    if (rc != ORCA_OK) {
        if (w.session.signed_in || w.session.jar.used != 0u || w.session.svc.pca.cred_len != 0u ||
            w.cred[0] != '\0') {
            abort();
        }
    } else if (w.session.signed_in) {
        if (fake_get(&w, "/instance/x", &res) == ORCA_OK && !one_head()) {
            abort();
        }
    }
    orca_session_free(&w.session);
    return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0; /* this build leaves the session state out */
}
#endif
