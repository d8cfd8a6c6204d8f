/* An example strategy, the whole of a minimal new service (docs/sessions.md
 * "Adding a service"): HTTP Basic (RFC 7617). Every request carries
 * `Authorization: Basic <base64(user ":" password)>`; no sign-in, no state
 * in orca_session.svc, no cookie, nothing to renew or drop. Built only into
 * tests/unit/test_auth_example.c, which stands in for the table entry. */
#include <string.h>

#include "session_auth.h"

/* The Basic value goes to the work buffer after *own_len: "Basic " then
 * base64 of user:password. */
static int basic_sign(orca_session *s, orca_http_header **h, size_t limit, size_t *own_len)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const orca_session_config *c = &s->cfg;
    char *buf = (char *)c->work + *own_len;
    size_t cap = limit - *own_len;
    size_t user = strlen(c->user), n = user + 1u + c->password_len, o = 6u;
    if (cap < 6u + (n + 2u) / 3u * 4u) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, "Basic ", 6u);
    for (size_t i = 0; i < n; i += 3u) {
        uint32_t v = 0;
        for (size_t k = i; k < i + 3u; k++) { /* the bytes of user ":" password, then 0 */
            const char *p = k < user              ? &c->user[k]
                            : k == user || k >= n ? ":"
                                                  : &c->password[k - user - 1u];
            v = v << 8 | (k < n ? (uint8_t)*p : 0u);
        }
        for (size_t k = 0; k < 4u; k++) { /* r bytes left: r + 1 digits, then '=' */
            buf[o++] = k <= n - i ? b64[v >> (18u - 6u * k) & 63u] : '=';
        }
    }
    *h = orca_session_add_header(*h, "Authorization", 13u, buf, o);
    *own_len += o;
    return ORCA_OK;
}

/* Nothing to sign in to: every request carries the credential. */
static int basic_accept(orca_session *s)
{
    (void)s;
    return ORCA_OK;
}

static void basic_drop(orca_session *s)
{
    (void)s;
}

const struct orca_auth_ops orca_auth_basic = {
    .media = "application/json",
    .accept = basic_accept,
    .sign = basic_sign,
    .drop = basic_drop,
};
