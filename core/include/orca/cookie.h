/**
 * @file cookie.h
 * @brief RFC 6265 cookie jar with monotonic expiry.
 *
 * The jar lives in an arena the caller supplies; nothing is allocated and
 * nothing is kept in static storage, so several jars can coexist.
 *
 * Expiry is a deadline on the port's wrapping millisecond tick
 * (orca_clock.now_ms), never a wall-clock date: a device without a real-time
 * clock still knows when its cookie dies. `Max-Age` wins over `Expires`.
 * `Expires` is turned into a lifetime with the response's `Date` header when
 * the caller passes it, else with the port's wall clock (orca_clock.unix_s)
 * when it knows the time, else the cookie is kept for the session and
 * orca_cookie_jar_find() reports ORCA_COOKIE_EXPIRY_UNKNOWN (an Expires before
 * ORCA_COOKIE_PAST_BEFORE_S, such as the usual 1970 date, still deletes).
 * Lifetimes longer than ORCA_CLOCK_MAX_INTERVAL_MS (~24.8 days) are clamped
 * to it, not wrapped.
 *
 * The tick can only tell "before" from "after" within ORCA_CLOCK_MAX_INTERVAL_MS:
 * every jar call drops the cookies it sees expired, so call any of them (for
 * example orca_cookie_jar_purge()) at least once every few days.
 *
 * Usage from an HTTP client: the `Date` header may come after `Set-Cookie` in
 * the response head, so collect the Set-Cookie values (they point into the
 * response buffer) and call orca_cookie_jar_store() for each once the head is
 * complete, passing the parsed `Date` (orca_date_parse_cookie()) if there was one.
 *
 * The functions are built with ORCA_WITH_COOKIES (config.h; on by default);
 * without it only the types below are declared. Without
 * ORCA_WITH_COOKIE_EXPIRES the `Expires` attribute is ignored (the cookie
 * stays a session cookie unless it has Max-Age) and the response date passed
 * to orca_cookie_jar_store() is not used.
 *
 * Public suffixes (RFC 6265 section 5.3 step 5): a cookie whose Domain is a
 * public suffix (`com`, `co.uk`, `github.io`) would go to every site under it,
 * so it is refused unless that suffix is the request host itself, which then
 * gets a host-only cookie. Which names are public suffixes is a list the core
 * does not carry: the port supplies a check (orca_public_suffix_fn, set with
 * orca_cookie_jar_set_public_suffix(); the POSIX port has one on libpsl,
 * orca_posix_public_suffix()). Without a check the jar assumes the worst:
 * it keeps host-only cookies and those whose Domain equals the request host
 * (as host-only cookies), and refuses every other Domain with
 * ORCA_ERR_COOKIE_DOMAIN. A single label (`org`, `localhost`) is always a
 * public suffix, whatever the check says.
 *
 * Cookies are secrets: the jar never logs them, and deleting or freeing
 * wipes their bytes with orca_wipe().
 */
#ifndef ORCA_COOKIE_H
#define ORCA_COOKIE_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/config.h"
#include "orca/span.h"
#include "orca/status.h"

/** @name Cookie flags (orca_cookie_info.flags)
 *  @{ */
#define ORCA_COOKIE_SECURE 0x01u          /**< Secure attribute: sent over TLS only. */
#define ORCA_COOKIE_HTTPONLY 0x02u        /**< HttpOnly attribute (kept, not acted on). */
#define ORCA_COOKIE_HOST_ONLY 0x04u       /**< No Domain attribute: sent to the exact host only. */
#define ORCA_COOKIE_SAMESITE_MASK 0x18u   /**< SameSite value (kept, not acted on): */
#define ORCA_COOKIE_SAMESITE_STRICT 0x08u /**<   SameSite=Strict */
#define ORCA_COOKIE_SAMESITE_LAX 0x10u    /**<   SameSite=Lax */
#define ORCA_COOKIE_SAMESITE_NONE 0x18u   /**<   SameSite=None (0 = attribute absent or unknown) */
/** @} */

/** @brief Where a response came from, or where a request goes. */
typedef struct orca_cookie_origin {
    const char *host;  /**< Request host, NUL-terminated, without port (case-insensitive). */
    orca_span path;    /**< Request target; the part from '?' or '#' is ignored; an
                            empty one, or one not starting with '/', is "/". */
    int is_tls;        /**< Non-zero for https: Secure cookies are only taken and sent then. */
} orca_cookie_origin;

/**
 * @brief Is @p domain a public suffix (RFC 6265 section 5.3 step 5)?
 *
 * Supplied by the port (the POSIX port: orca_posix_public_suffix(), on
 * libpsl). Called while a cookie is stored, for a Domain attribute that has a
 * dot and domain-matches the request host.
 *
 * @param ctx     The context given with the check.
 * @param domain  The Domain attribute without its leading '.', as the server
 *                wrote it (compare without ASCII case); not NUL-terminated.
 * @param len     Its length in bytes (at least 1).
 * @return 1 when it is a public suffix (or the check cannot tell: the cookie
 *         is then refused unless @p domain is the host), 0 when it is not.
 */
typedef int (*orca_public_suffix_fn)(void *ctx, const char *domain, size_t len);

/**
 * @brief A cookie jar. Treat the members as private; the arena holds the
 *        cookies packed one after the other, in the order the Cookie header
 *        lists them (so creation order needs no clock).
 */
typedef struct orca_cookie_jar {
    char *mem;          /**< Caller's arena: each cookie's header, then its text. */
    size_t size;        /**< Arena size in bytes. */
    size_t used;        /**< Bytes holding cookies, from the start of the arena. */
    orca_public_suffix_fn public_suffix; /**< NULL: no list, a Domain must be the host. */
    void *public_suffix_ctx;             /**< First argument of @c public_suffix. */
} orca_cookie_jar;

/** @brief What is known about a cookie's expiry. */
typedef enum orca_cookie_expiry {
    ORCA_COOKIE_EXPIRY_KNOWN = 0,   /**< Deadline known: see orca_cookie_info.remaining_ms. */
    ORCA_COOKIE_EXPIRY_SESSION = 1, /**< No Expires nor Max-Age: lives for the session. */
    ORCA_COOKIE_EXPIRY_UNKNOWN = 2, /**< Expires given but no Date and no wall clock to read it. */
    ORCA_COOKIE_EXPIRY_EXPIRED = 3  /**< The deadline has passed (the cookie is no longer sent). */
} orca_cookie_expiry;

/** @brief Result of orca_cookie_jar_find(). */
typedef struct orca_cookie_info {
    orca_cookie_expiry expiry; /**< What is known about the expiry. */
    uint32_t remaining_ms;     /**< Time left when expiry is KNOWN, else 0. */
    unsigned flags;            /**< ORCA_COOKIE_SECURE, _HTTPONLY, _HOST_ONLY, _SAMESITE_*. */
    const char *value;         /**< Value bytes inside the arena (not NUL-terminated); valid
                                    until the next call that changes the jar. */
    size_t value_len;          /**< Length of @c value in bytes. */
} orca_cookie_info;

#if ORCA_WITH_COOKIES
/**
 * @brief Makes @p jar use the arena @p mem of @p size bytes, empty, with no
 *        public-suffix check (see orca_cookie_jar_set_public_suffix()).
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG if @p jar or @p mem is NULL.
 */
int orca_cookie_jar_init(orca_cookie_jar *jar, void *mem, size_t size);

/**
 * @brief Sets the public-suffix check the jar consults for Domain attributes
 *        (see the file comment); NULL @p check removes it (a Domain must then
 *        be the request host). Applies to the cookies stored from then on.
 * @param jar    An initialised jar.
 * @param check  The port's check, or NULL.
 * @param ctx    Its first argument.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG if @p jar is NULL.
 */
int orca_cookie_jar_set_public_suffix(orca_cookie_jar *jar, orca_public_suffix_fn check,
                                      void *ctx);

/**
 * @brief Wipes every stored cookie and detaches the arena. NULL is ignored.
 *        To empty a jar and keep using it, free it and initialise it again.
 */
void orca_cookie_jar_free(orca_cookie_jar *jar);

/**
 * @brief Parses one Set-Cookie header value received from @p origin
 *        (RFC 6265 section 5.2) and stores the cookie (section 5.3).
 *
 * Name and value are the bytes before and after the first '=' of the part
 * before the first ';', trimmed of spaces and tabs; the value is kept byte for
 * byte (quotes, spaces, backslashes: a Classic cookie can be raw JSON).
 * Attribute names are case-insensitive: Expires, Max-Age, Domain (one leading
 * '.' dropped; an empty value ignored), Path (one not starting with '/' means
 * the default path), Secure, HttpOnly and SameSite (Strict, Lax or None; kept,
 * not acted on). For each the last valid one counts; unknown attributes and
 * invalid Expires/Max-Age values are ignored, as the RFC says. Max-Age is
 * saturated at UINT32_MAX seconds before the clamp below.
 *
 * A cookie with the same name, domain and path replaces the stored one and keeps
 * its creation order. `Max-Age=0` (or less) or an `Expires` in the past
 * deletes it. Before giving up for lack of room, expired cookies are evicted;
 * on any error the jar is left as it was (except for evicted expired cookies).
 *
 * @param jar            An initialised jar.
 * @param set_cookie     The header value (need not be NUL-terminated).
 * @param len            Its length in bytes.
 * @param origin         Host, path and TLS of the request that got this response.
 * @param response_date  The response's `Date` in epoch seconds, or NULL if it had none.
 * @param clock          now_ms is required; unix_s (optional) reads `Expires` when
 *                       there is no @p response_date.
 * @return ORCA_OK (stored, replaced or deleted);
 *         ORCA_ERR_INVALID_ARG for NULL arguments (or a clock without now_ms);
 *         ORCA_ERR_BAD_COOKIE if there is no '=' before the first ';', the name is
 *           empty, or @p set_cookie holds a control character other than horizontal tab;
 *         ORCA_ERR_COOKIE_DOMAIN if Domain does not domain-match the host, or is a
 *           public suffix other than the host itself (a single label such as
 *           `org`, one the jar's check reports, or without a check any Domain
 *           other than the host);
 *         ORCA_ERR_COOKIE_SECURE for a Secure cookie over a connection without TLS;
 *         ORCA_ERR_COOKIE_TOO_LARGE if name + value exceed ORCA_COOKIE_MAX_SIZE,
 *           or the cookie the whole arena;
 *         ORCA_ERR_JAR_FULL if it does not fit even after evicting expired cookies.
 */
int orca_cookie_jar_store(orca_cookie_jar *jar, const char *set_cookie, size_t len,
                          const orca_cookie_origin *origin, const int64_t *response_date,
                          const orca_clock *clock);

/**
 * @brief Writes the value of the `Cookie` request header for @p origin
 *        (RFC 6265 section 5.4): `name=value` pairs joined by "; ", longer
 *        paths first, then earlier creation; NUL-terminated.
 *
 * Expired cookies are dropped first; Secure cookies only go to TLS origins.
 *
 * @param jar      An initialised jar.
 * @param origin   Host, path and TLS of the request.
 * @param now_ms   The current tick (orca_clock.now_ms).
 * @param buf      Output buffer.
 * @param size     Its size; the header and its NUL must fit.
 * @param out_len  Receives the header length without the NUL; 0 means no
 *                 cookie applies (send no Cookie header). May be NULL.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL arguments;
 *         ORCA_ERR_BUFFER_TOO_SMALL if it does not fit (@p buf then holds an
 *         empty string when size > 0).
 */
int orca_cookie_jar_header(orca_cookie_jar *jar, const orca_cookie_origin *origin,
                           uint32_t now_ms, char *buf, size_t size, size_t *out_len);

/**
 * @brief Looks a cookie up by name for @p host (its remaining lifetime above all:
 *        the session layer renews its credential before expiry with it).
 *
 * Considers the cookies whose domain matches @p host, on any path, Secure or
 * not; when several have the name, the one that would be sent first (longest
 * path, then earliest creation) is reported. Expired cookies are reported as
 * ORCA_COOKIE_EXPIRY_EXPIRED until a jar call that evicts them.
 *
 * @param jar     An initialised jar.
 * @param host    Host name, NUL-terminated, without port.
 * @param name    Cookie name, NUL-terminated (case-sensitive).
 * @param now_ms  The current tick.
 * @param info    Receives what is known; may be NULL to test presence only.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL arguments; ORCA_ERR_NOT_FOUND.
 */
int orca_cookie_jar_find(const orca_cookie_jar *jar, const char *host, const char *name,
                         uint32_t now_ms, orca_cookie_info *info);

/**
 * @brief Deletes (and wipes) every cookie called @p name whose domain matches
 *        @p host, on any path.
 * @return ORCA_OK if at least one was deleted; ORCA_ERR_NOT_FOUND if none;
 *         ORCA_ERR_INVALID_ARG for NULL arguments.
 */
int orca_cookie_jar_delete(orca_cookie_jar *jar, const char *host, const char *name);

/**
 * @brief Deletes (and wipes) every cookie whose deadline has passed at @p now_ms.
 * @return The number of cookies deleted (0 for a NULL jar).
 */
size_t orca_cookie_jar_purge(orca_cookie_jar *jar, uint32_t now_ms);

#if ORCA_WITH_SESSION_STATE
/**
 * @brief Writes every cookie of @p jar as a Set-Cookie line (`name=value;
 *        Path=..[; Domain=..][; Max-Age=..][; Secure][; HttpOnly][; SameSite=..]`
 *        and LF) into @p out, Max-Age being the whole seconds left at
 *        @p now_ms: the text orca_cookie_jar_import() reads back. It holds
 *        the cookies' values: secret.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL arguments;
 *         ORCA_ERR_BUFFER_TOO_SMALL when it does not fit (@p out is then wiped).
 */
int orca_cookie_jar_export(orca_cookie_jar *jar, uint32_t now_ms, char *out, size_t size,
                           size_t *len);

/**
 * @brief Stores each LF-ended Set-Cookie line of @p in (orca_cookie_jar_export's
 *        text) as received from @p origin, then ages every cookie with a
 *        deadline by @p elapsed_ms (time that passed since the export, on no
 *        clock of this jar): those whose time ran out are deleted.
 * Each line goes through orca_cookie_jar_store(), so nothing the parser would
 * refuse (a control byte, a foreign Domain) gets in.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL arguments; the first error of
 *         orca_cookie_jar_store(), or ORCA_ERR_BAD_COOKIE for text not ending
 *         in LF: the jar is then emptied (wiped), never half-filled.
 */
int orca_cookie_jar_import(orca_cookie_jar *jar, const char *in, size_t len,
                           const orca_cookie_origin *origin, const orca_clock *clock,
                           uint32_t elapsed_ms);
#endif /* ORCA_WITH_SESSION_STATE */

#endif /* ORCA_WITH_COOKIES */

#endif /* ORCA_COOKIE_H */
