/* The retry policy of a session (ORCA_WITH_RETRIES; docs/retries.md): which
 * failed exchanges go again, and after how long. session.c runs the
 * attempts, the waits and the call's limit; this file only decides. */
#include <string.h>

#include "http_chars.h"
#include "session_auth.h"

#if ORCA_WITH_RETRIES
/* Headers by which a caller marks a request safe to send again: Oracle's
 * retry token makes a POST idempotent by contract; Idempotency-Key likewise.
 * Both names have 15 characters: the row size holds them and their NUL. */
static const char retry_repeat_keys[2][16] = {"opc-retry-token", "Idempotency-Key"};

/* 1 when the call in flight may be sent again after a failure the server may
 * have acted on: an idempotent method, a sign-in, or a caller's mark. */
static int retry_safe_to_repeat(const orca_session *s)
{
    const size_t n = sizeof retry_repeat_keys[0] - 1u;
    if (s->repeatable || orca_http_method_idempotent(s->call.method, s->call.method_len)) {
        return 1;
    }
    for (size_t i = 0; i < s->caller_headers; i++) {
        const orca_http_header *h = &s->headers[i];
        if (h->name_len == n && (orca_http_ieq(h->name, retry_repeat_keys[0], n) ||
                                 orca_http_ieq(h->name, retry_repeat_keys[1], n))) {
            return 1;
        }
    }
    return 0;
}

/* 1 when the exchange that ended with @p rc and @p res may go again: a 429,
 * a 5xx or a network failure, and (RFC 9110 section 9.2.2) either the
 * request is safe to repeat or the server cannot have acted on it: nothing
 * of it was sent, or the answer says it was not processed (429, 503). */
static int retry_retryable(const orca_session *s, int rc, const orca_http_response *res)
{
    int retry, not_processed;
    if (rc == ORCA_OK) {
        retry = res->status == 429u || res->status >= 500u;
        not_processed = res->status == 429u || res->status == 503u;
    } else {
        retry = (rc <= ORCA_ERR_IO && rc >= ORCA_ERR_CLOSED) || rc == ORCA_ERR_UNEXPECTED_EOF;
        not_processed = !res->request_sent;
    }
    return retry && (not_processed || retry_safe_to_repeat(s));
}

/* The wait before retry number @p attempt + 1: exponential backoff from
 * cfg.backoff_ms with "equal jitter" (half the delay fixed, half random). */
static uint32_t retry_backoff(const orca_session *s, uint32_t attempt)
{
    const orca_clock *c = s->cfg.clock;
    uint32_t delay = s->cfg.backoff_ms;
    while (attempt-- > 0u && delay < 0x40000000u) {
        delay <<= 1;
    }
    if (c->random != NULL) {
        delay = delay / 2u + c->random(c->ctx) % (delay / 2u + 1u);
    }
    return delay;
}

int orca_session_retry_delay(const orca_session *s, int rc, const orca_http_response *res,
                             uint32_t *delay_ms)
{
    /* Body bytes given to the caller cannot be taken back: that answer is final. */
    if (!retry_retryable(s, rc, res) || res->body_streamed ||
        s->flight.attempt >= s->cfg.max_retries) {
        return 0;
    }
    /* The answer's Retry-After, when it has one; over the cap it ends the
     * retries (s->error has it). */
    int32_t wait_s = rc == ORCA_OK ? orca_session_retry_after(s, res) : -1;
    if (wait_s > 0 && (uint32_t)wait_s > s->cfg.retry_after_max_s) {
        return 0;
    }
    *delay_ms = wait_s >= 0 ? orca_session_ms((uint32_t)wait_s)
                            : retry_backoff(s, s->flight.attempt);
    return 1;
}
#endif /* ORCA_WITH_RETRIES */
