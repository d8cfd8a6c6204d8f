/**
 * @file session.h
 * @brief Oracle sessions: PCA 3.0 and Compute Classic (issue 5).
 *
 * One request cycle serves both services (orca_session_request): make sure
 * the credential is valid (sign in or renew first if not), write the request
 * with the credential attached, send it, parse the response, keep every
 * Set-Cookie and the request id, and hand the body back. The services differ
 * only in their auth strategy (core/src/auth_pca.c, core/src/auth_classic.c):
 *
 * - PCA: `POST /20160918/login` with {"username","password","tenancy"}; the
 *   token of the answer goes on later requests as `Authorization: Bearer
 *   <token>` (header name and prefix configurable); its lifetime is unknown,
 *   so a 401 triggers the one sign-in and replay; `DELETE /20160918/logout`.
 * - Classic: `POST /authenticate/` with {"user","password"}; the `nimbula`
 *   cookie lives in the cookie jar and goes on every later call; its lifetime
 *   is min(Max-Age, token lifetime cap); `GET /refresh/` renews it while the
 *   session limit (3 h from the first authentication) leaves room, after
 *   that the session authenticates again.
 *
 * Renewal happens when the remaining lifetime drops below
 * min(renew margin, lifetime / 6). The old credential is cleared before a
 * sign-in, and a sign-in never goes through the request cycle, so it cannot
 * recurse. A 401 on an ordinary call drops the credential, signs in once and
 * replays once; a 401 from the sign-in itself is returned at once. 429, 5xx
 * and network failures are retried (max_retries times) with exponential
 * backoff and jitter (orca_clock.sleep_ms, orca_clock.random); the request
 * body is the caller's and is simply sent again. An answer whose body has
 * already gone (in part) to the caller's on_body is final: bytes handed over
 * cannot be taken back, so it is neither retried nor replayed.
 *
 * Memory: every byte is in the orca_session struct or in buffers the caller
 * hands over in orca_session_config; nothing is allocated, nothing is static.
 * The password stays in the caller's memory: the library copies it only into
 * the sign-in body, which it wipes once sent; tokens and cookie values are
 * wiped when dropped and by orca_session_free(). Nothing is logged.
 */
#ifndef ORCA_SESSION_H
#define ORCA_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/config.h"
#include "orca/cookie.h"
#include "orca/http.h"
#include "orca/json.h"
#include "orca/status.h"
#include "orca/transport.h"

/** JSON tokens the session keeps for sign-in answers and error bodies. */
#ifndef ORCA_SESSION_JSON_TOKENS
#define ORCA_SESSION_JSON_TOKENS 32u
#endif

/** Room for a server error `code` (NUL included). */
#ifndef ORCA_SESSION_CODE_MAX
#define ORCA_SESSION_CODE_MAX 64u
#endif

/** Room for a server error `message` (NUL included). */
#ifndef ORCA_SESSION_MESSAGE_MAX
#define ORCA_SESSION_MESSAGE_MAX 256u
#endif

/** Room for a request id, an OCID (tenancyId, userId) or an etag (NUL included). */
#ifndef ORCA_SESSION_ID_MAX
#define ORCA_SESSION_ID_MAX 128u
#endif

/** Header slots of one call: 4 the session adds plus the caller's extra headers. */
#ifndef ORCA_SESSION_MAX_HEADERS
#define ORCA_SESSION_MAX_HEADERS 8u
#endif

/** Default PCA credential header. */
#define ORCA_PCA_AUTH_HEADER "Authorization"
/** Default PCA credential value prefix (followed by the token). */
#define ORCA_PCA_AUTH_PREFIX "Bearer "

/** Media type of PCA requests and answers. */
#define ORCA_PCA_MEDIA "application/json"
/** Media type of Classic requests and answers. */
#define ORCA_CLASSIC_MEDIA "application/oracle-compute-v3+json"
/** Media type of Classic listing calls (GET of a path ending in '/'). */
#define ORCA_CLASSIC_MEDIA_DIRECTORY "application/oracle-compute-v3+directory+json"

/** The two services. */
typedef enum orca_service {
    ORCA_SERVICE_PCA = 0,    /**< Private Cloud Appliance 3.0 Compute Enclave API. */
    ORCA_SERVICE_CLASSIC = 1 /**< Compute Cloud Service Classic. */
} orca_service;

/**
 * @brief Called once per HTTP exchange, automatic ones (sign-in, refresh,
 *        replays, retries) included. Never sees a body, a token or a cookie.
 * @param ctx        The config's log_ctx.
 * @param method     Method of the exchange ("POST" for a sign-in, ...).
 * @param path       Its path (with query).
 * @param status     HTTP status, or 0 when the exchange failed.
 * @param rc         ORCA_OK, or the error of a failed exchange.
 * @param request_id The response's request id, "" when it had none.
 */
typedef void (*orca_session_log_fn)(void *ctx, const char *method, const char *path,
                                    unsigned status, int rc, const char *request_id);

/**
 * @brief Everything a session needs; copied by orca_session_init(). Start from
 *        orca_session_config_defaults(). Strings are NUL-terminated and must
 *        outlive the session.
 */
typedef struct orca_session_config {
    orca_service service; /**< PCA or Classic. */
    const char *host;     /**< Server host name, without port. */
    uint16_t port;        /**< 0: the scheme's default. */
    uint8_t tls;          /**< 1 for https (the transport does TLS), 0 for http. */
    const char *user;     /**< PCA user name, or Classic `/Compute-<domain>/<user>`. */
    const char *tenancy;  /**< PCA tenancy (required for PCA; unused by Classic). */
    const char *password; /**< The caller's copy; read at each sign-in, never stored. */
    size_t password_len;  /**< Length of @c password. */
    const char *auth_header; /**< PCA credential header name; NULL: ORCA_PCA_AUTH_HEADER. */
    const char *auth_prefix; /**< PCA credential value prefix; NULL: ORCA_PCA_AUTH_PREFIX. */
    uint32_t renew_margin_s;  /**< Classic: renew this long before expiry (capped at lifetime / 6). */
    uint32_t max_retries;     /**< Retries on 429, 5xx and network failures (ORCA_WITH_RETRIES;
                                   ignored without it). */
    uint32_t backoff_ms;      /**< First backoff delay; doubles per retry, with jitter
                                   (ORCA_WITH_RETRIES; ignored without it). */
    uint32_t token_lifetime_s; /**< Classic: cap on a token's lifetime (30 min). */
    uint32_t session_limit_s;  /**< Classic: session limit from the first authentication (3 h). */
    uint32_t timeout_ms;      /**< Per connect/send/recv; 0: ORCA_DEFAULT_TIMEOUT_MS. */
    /** Deadline of each whole exchange (connect, TLS handshake, send, receive
     *  to the last body byte) on @c clock; ORCA_ERR_TIMEOUT and the connection
     *  closed when it passes (a retry gets a new one). 0:
     *  ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS; capped at ORCA_CLOCK_MAX_INTERVAL_MS.
     *  A request's own exchange_timeout_ms overrides it for that request's
     *  exchanges. */
    uint32_t exchange_timeout_ms;
    const orca_transport *transport; /**< Connected on demand, kept alive between calls. */
    const orca_clock *clock;  /**< now_ms required; sleep_ms and random optional. */
    uint8_t *work;            /**< Work buffer: request head, response head and body. */
    size_t work_size;         /**< At least 1024 bytes; sign-ins use its upper half for their body. */
    char *cred;               /**< PCA: "<prefix><token>"; unused by Classic (cookie in the jar). */
    size_t cred_size;         /**< Size of @c cred. */
    void *jar_mem;            /**< Cookie jar arena (Classic keeps its token there); required
                                   with ORCA_WITH_COOKIES, unused without. */
    size_t jar_size;          /**< Size of @c jar_mem. */
    orca_session_log_fn log;  /**< Optional exchange log. */
    void *log_ctx;            /**< First argument of @c log. */
} orca_session_config;

/** @brief The last HTTP error: status, the server's `code`/`message`, and the request id. */
typedef struct orca_session_error {
    unsigned status;   /**< HTTP status of the failed call (0: none, or a network failure). */
    uint8_t json;      /**< 1 when the error body was JSON (code/message come from it). */
    char code[ORCA_SESSION_CODE_MAX];       /**< Server `code`, unescaped, control bytes
                                                 as '?'; "" if none. */
    char message[ORCA_SESSION_MESSAGE_MAX]; /**< Server `message` unescaped, control bytes
                                                 as '?'; for a body that is not JSON, its
                                                 start in printable ASCII. */
    char request_id[ORCA_SESSION_ID_MAX];   /**< Request id of the failed response. */
} orca_session_error;

struct orca_auth_ops;

/** @brief One session. Caller-owned; members are readable, but only orca_session_* change them. */
typedef struct orca_session {
    orca_session_config cfg;          /**< Copy of the config given to orca_session_init(). */
    const struct orca_auth_ops *auth; /**< The service's strategy. */
#if ORCA_WITH_COOKIES
    orca_cookie_jar jar;      /**< Every cookie the server set (Classic's token among them). */
#endif
#if ORCA_WITH_JSON_READER
    orca_json_token tokens[ORCA_SESSION_JSON_TOKENS]; /**< For sign-in answers and error bodies. */
#endif
    orca_http_request call;   /**< The request in flight (kept here, not on the stack). */
    orca_http_header headers[ORCA_SESSION_MAX_HEADERS]; /**< Its headers: the caller's, then ours. */
    size_t caller_headers;    /**< How many of headers[] are the caller's. */
    orca_cookie_origin origin; /**< Host, path and TLS of the call, for the cookie jar. */
    orca_http_response reply; /**< Answer of the last internal call (sign-in, refresh, logout). */
    orca_session_error error;               /**< Set when a call returns ORCA_ERR_HTTP/AUTH. */
    char request_id[ORCA_SESSION_ID_MAX];   /**< Request id of the last response, "" if none
                                                 (printable ASCII, other bytes as '?'). */
#if ORCA_WITH_PCA
    char tenancy_id[ORCA_SESSION_ID_MAX];   /**< PCA: tenancyId of the last login. */
    char user_id[ORCA_SESSION_ID_MAX];      /**< PCA: userId of the last login. */
    char etag[ORCA_SESSION_ID_MAX];         /**< PCA: etag of the last login answer. */
    size_t cred_len;       /**< PCA: bytes of "<prefix><token>" in cfg.cred; 0 when none. */
#endif
#if ORCA_WITH_CLASSIC
    uint32_t deadline_ms;  /**< Classic: credential expiry on the clock tick. */
    uint32_t lifetime_ms;  /**< Classic: lifetime the credential was given (for the renew margin). */
#endif
    uint32_t started_ms;   /**< Tick of the last sign-in (Classic's session limit counts from it). */
    uint32_t exchange_ms;  /**< Deadline of each exchange of the call in flight. */
    uint8_t signed_in;     /**< 1 while a credential is held. */
    uint8_t connected;     /**< 1 while the transport is connected. */
} orca_session;

/**
 * @brief Fills @p cfg with zeroes and the defaults of orca/config.h
 *        (renew margin, retries, backoff, Classic lifetime cap and limit, tls=1).
 */
void orca_session_config_defaults(orca_session_config *cfg);

/**
 * @brief Sets up @p s from @p cfg (copied) with no credential.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL @p s or @p cfg, a missing
 *         host, user, password, transport, clock (or its now_ms), work buffer
 *         (or one under 1024 bytes), credential buffer or jar arena, a PCA
 *         config without tenancy, or an unknown service;
 *         ORCA_ERR_UNSUPPORTED for a service this build leaves out
 *         (ORCA_WITH_PCA or ORCA_WITH_CLASSIC set to 0 in config.h).
 */
int orca_session_init(orca_session *s, const orca_session_config *cfg);

/**
 * @brief Runs one call of the request cycle.
 *
 * @param s   A session from orca_session_init().
 * @param req The call: @c method and @c path NUL-terminated (their _len
 *            members are ignored; the path also selects the cookies), optional
 *            body, up to ORCA_SESSION_MAX_HEADERS - 4 extra headers, and
 *            @c exchange_timeout_ms (0: the session's) for its exchanges (not
 *            an automatic sign-in's). Host, port, TLS, keep-alive, clock and
 *            per-operation timeout come from the session; Accept (unless
 *            given in @c req->headers), Content-Type (for a body, unless given),
 *            the Cookie header and the credential are added here.
 * @param cb  Optional parser callbacks (on_body for large bodies).
 * @param res Receives the final response; views point into the work buffer
 *            and stay valid until the next call on the session.
 * @return ORCA_OK for a final status below 400;
 *         ORCA_ERR_HTTP for 400 and above (after the 401 replay and the
 *           retries): details in s->error;
 *         ORCA_ERR_AUTH when the automatic sign-in was refused (details in
 *           s->error);
 *         ORCA_ERR_BAD_RESPONSE when a sign-in answer lacks the token or cookie
 *           (or gives an empty one);
 *         ORCA_ERR_BAD_TOKEN when the sign-in's token holds a byte outside
 *           VCHAR (CR, LF, NUL, other controls, space, non-ASCII): refused
 *           as it is read, never kept nor sent; s->request_id names the answer;
 *         ORCA_ERR_INVALID_ARG (also for too many extra headers);
 *         ORCA_ERR_BUFFER_TOO_SMALL when the
 *           credential or a sign-in body does not fit its buffer;
 *         any orca_http_exchange() or transport error (after the retries).
 */
int orca_session_request(orca_session *s, const orca_http_request *req,
                         const orca_http_callbacks *cb, orca_http_response *res);

/**
 * @brief Signs in now, dropping any credential held (PCA login, Classic authenticate).
 * @return ORCA_OK; ORCA_ERR_AUTH when the server refuses (401, or any other
 *         error status; s->error has the details), never retried on 401;
 *         ORCA_ERR_BAD_RESPONSE; ORCA_ERR_BAD_TOKEN; ORCA_ERR_BUFFER_TOO_SMALL;
 *         network errors.
 */
int orca_session_sign_in(orca_session *s);

/**
 * @brief Renews now: Classic `GET /refresh/` while the token is valid and the
 *        session limit leaves room, otherwise a new sign-in; PCA signs in again.
 * @return as orca_session_sign_in().
 */
int orca_session_renew(orca_session *s);

/**
 * @brief Ends the session: PCA `DELETE /20160918/logout` when signed in
 *        (Classic has no logout call), then drops and wipes the credential
 *        whatever the answer.
 * @return ORCA_OK (also when not signed in); ORCA_ERR_HTTP with s->error;
 *         network errors.
 */
int orca_session_logout(orca_session *s);

/**
 * @brief Closes the connection and wipes the credential buffer, the cookie
 *        jar and the work buffer. Safe on a session that failed to init (zeroed).
 */
void orca_session_free(orca_session *s);

/**
 * @brief Splits "https://host[:port][/]" or "http://..." into its parts
 *        (ORCA_WITH_URL_PARSER; not declared without it).
 * @param url       The URL, NUL-terminated.
 * @param host      Receives the host, NUL-terminated ("[v6]" brackets removed).
 * @param host_size Size of @p host.
 * @param port      Receives the port (0 when the URL names none).
 * @param tls       Receives 1 for https, 0 for http.
 * @return ORCA_OK; ORCA_ERR_BAD_URL for another scheme, an empty host, a bad
 *         or zero port, or a path other than "/"; ORCA_ERR_BUFFER_TOO_SMALL
 *         when the host does not fit; ORCA_ERR_INVALID_ARG for NULL pointers.
 */
#if ORCA_WITH_URL_PARSER
int orca_url_split(const char *url, char *host, size_t host_size, uint16_t *port, uint8_t *tls);
#endif

#endif /* ORCA_SESSION_H */
