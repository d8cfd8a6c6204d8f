/* The public-suffix check of the POSIX port (RFC 6265 section 5.3 step 5),
 * on libpsl, as curl does: the cookie jar calls it for a Domain attribute
 * that has a dot and domain-matches the request host. Built without libpsl
 * (ORCA_POSIX_LIBPSL=OFF) it knows no list and answers "public suffix" for
 * everything, which leaves the jar as strict as with no check at all. */
#include <stddef.h>

#include "orca/posix.h"

#if ORCA_POSIX_WITH_LIBPSL
#include <libpsl.h>

int orca_posix_public_suffix(void *ctx, const char *domain, size_t len)
{
    char name[ORCA_POSIX_PSL_NAME_MAX];
    const psl_ctx_t *psl = ctx != NULL ? (const psl_ctx_t *)ctx : psl_builtin();
    size_t i;
    if (domain != NULL && len > 0u && domain[len - 1u] == '.') {
        len--; /* "co.uk." is "co.uk" (libpsl wants it without the root dot) */
    }
    /* No list, or a name the check cannot tell about: say "public suffix",
     * so the jar keeps the cookie only as a host-only one. */
    if (psl == NULL || domain == NULL || len == 0u || len >= sizeof name) {
        return 1;
    }
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)domain[i];
        if (ch == 0u || ch >= 0x80u) {
            return 1; /* libpsl wants UTF-8 in NFKC lower case: not checked here */
        }
        name[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch); /* libpsl is case-sensitive */
    }
    name[len] = '\0';
    return psl_is_public_suffix(psl, name) != 0;
}

#else

int orca_posix_public_suffix(void *ctx, const char *domain, size_t len)
{
    (void)ctx;
    (void)domain;
    (void)len;
    return 1;
}

#endif
