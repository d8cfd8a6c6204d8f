/* libFuzzer harness of the session layer's response handling: status,
 * headers (Set-Cookie, request ids, Date) and bodies (sign-in JSON, error
 * JSON) of every exchange of a call, its sign-in, 401 replay, retries and
 * renewal, over the scripted transport of tests/support/session_fakes.h.
 *
 * Input: byte 0 picks the service (bit 0), the recv piece size (bits 1-3)
 * and how far the clock jumps before the second call (bits 4-7); the rest is
 * up to FAKE_MAX_EXCHANGES raw responses separated by "@@@@".
 * Built with FAKE_WOULD_BLOCK (fuzz_session_nonblocking), the session is
 * non-blocking and its transport would block at points the input picks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session_fakes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fake_world w;
static char text[1u << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    orca_http_response res;
    if (size < 1u || size - 1u >= sizeof text) {
        return 0;
    }
#ifdef FAKE_WOULD_BLOCK
    /* Where the transport would block follows from the input (FNV-1a), so
     * a finding replays. */
    fake_wb_seed = 2166136261u;
    for (size_t i = 0; i < size; i++) {
        fake_wb_seed = (fake_wb_seed ^ data[i]) * 16777619u;
    }
    fake_wb_seed |= 1u;
#endif
    /* A build with one service (a preset) runs that one. */
    int classic = ORCA_WITH_CLASSIC && (!ORCA_WITH_PCA || (data[0] & 1u));
    fake_setup(&w, classic ? ORCA_SERVICE_CLASSIC : ORCA_SERVICE_PCA);
    w.net.chunk = (size_t)((data[0] >> 1) & 7u) * 3u;
    memcpy(text, data + 1, size - 1u);
    /* Split at "@@@@" into responses with explicit lengths (NULs allowed). */
    size_t start = 0, n = size - 1u;
    for (size_t i = 0; i + 4u <= n && w.net.count + 1u < FAKE_MAX_EXCHANGES; i++) {
        if (memcmp(text + i, "@@@@", 4) == 0) {
            w.net.responses[w.net.count] = text + start;
            w.net.response_len[w.net.count++] = i - start;
            start = i + 4u;
            i += 3u;
        }
    }
    w.net.responses[w.net.count] = text + start;
    w.net.response_len[w.net.count++] = n - start;
    for (size_t i = 0; i < w.net.count; i++) {
        if (w.net.response_len[i] == 0u) { /* 0 means strlen to the fake */
            w.net.responses[i] = "";
        }
    }
    if (orca_session_init(&w.session, &w.cfg) != ORCA_OK) {
        abort();
    }
    for (int call = 0; call < 2; call++) {
        int rc = fake_get(&w, "/instance/x", &res);
        if ((rc == ORCA_OK && res.status >= 400u) ||
            (rc == ORCA_ERR_HTTP && w.session.error.status < 400u) ||
            (rc == ORCA_OK && res.body != NULL &&
             (res.body < w.work || res.body + res.body_len > w.work + sizeof w.work))) {
            abort();
        }
        w.time.now += (uint32_t)(data[0] >> 4) * 200000u;
    }
    (void)orca_session_renew(&w.session);
    (void)orca_session_logout(&w.session);
#if ORCA_WITH_PCA
    if (!classic && w.session.svc.pca.cred_len != 0u) {
        abort();
    }
#endif
    if (w.session.signed_in) {
        abort();
    }
    orca_session_free(&w.session);
    return 0;
}
