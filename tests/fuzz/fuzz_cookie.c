/* libFuzzer harness: Set-Cookie values parsed and stored in a small jar.
 * The input is split on '\n' into Set-Cookie values stored in turn (so the
 * jar fills, replaces and evicts); the first byte moves the clock. After each
 * store the Cookie header is built and checked: never a CR, LF or NUL, and
 * always the length reported. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "orca/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t fuzz_now;

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return fuzz_now;
}

static int unix_s(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = 1700000000;
    return (fuzz_now & 1u) ? ORCA_ERR_UNSUPPORTED : ORCA_OK;
}

static void check_header(orca_cookie_jar *jar, const orca_cookie_origin *to)
{
    char buf[256];
    size_t len = 0, i;
    if (orca_cookie_jar_header(jar, to, fuzz_now, buf, sizeof buf, &len) != ORCA_OK) {
        return;
    }
    if (len >= sizeof buf || buf[len] != '\0') {
        abort();
    }
    for (i = 0; i < len; i++) {
        if (buf[i] == '\r' || buf[i] == '\n' || buf[i] == '\0') {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const orca_clock clock = {now_ms, unix_s, NULL, NULL, NULL};
    const orca_cookie_origin from = {"www.example.com", ORCA_SPAN_LITERAL("/a/b?c"),
                                     (int)(size & 1u)};
    const orca_cookie_origin to = {"sub.www.example.com", ORCA_SPAN_LITERAL("/a/b/c"), 1};
    unsigned char arena[512];
    orca_cookie_jar jar;
    const char *p = (const char *)data, *end = p + size;
    int64_t date = 1700000000;
    if (size == 0u) {
        return 0;
    }
    fuzz_now = 0xFFFFF000u + (uint32_t)data[0] * 977u; /* near the wrap */
    orca_cookie_jar_init(&jar, arena, sizeof arena);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl != NULL ? nl : end) - p);
        int rc = orca_cookie_jar_store(&jar, p, len, &from, (len & 2u) ? &date : NULL, &clock);
        if (jar.used > jar.size || (rc == ORCA_OK && memchr(p, '=', len) == NULL)) {
            abort(); /* a Set-Cookie without '=' is never taken */
        }
        check_header(&jar, &to);
        orca_cookie_jar_find(&jar, to.host, "a", fuzz_now, NULL);
        fuzz_now += 1000u * (uint32_t)len;
        p += len + 1u;
    }
    orca_cookie_jar_delete(&jar, from.host, "a");
    orca_cookie_jar_free(&jar);
    return 0;
}
