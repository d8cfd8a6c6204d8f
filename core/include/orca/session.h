/**
 * @file session.h
 * @brief Oracle sessions: PCA 3.0 and Compute Classic.
 *
 * One request cycle serves both services (orca_session_request): make sure
 * the credential is valid (sign in or renew first if not), write the request
 * with the credential attached, send it, parse the response, keep every
 * Set-Cookie and the request id, and hand the body back. The services differ
 * only in their auth strategy (core/src/auth_pca.c, core/src/auth_classic.c);
 * the protocol facts they rely on are in docs/protocol.md:
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
 * - PCA with OCI request signing (ORCA_SERVICE_PCA_SIGNED, switch
 *   ORCA_WITH_PCA_SIGNING): no sign-in, no token; every request carries
 *   `date`, for POST/PUT/PATCH also `x-content-sha256` (and Content-Type,
 *   Content-Length), and `Authorization: Signature version="1",keyId=
 *   "<tenancy>/<user>/<fingerprint>",algorithm="rsa-sha256",headers="date
 *   (request-target) host[ content-length content-type x-content-sha256]",
 *   signature="..."`, signed by the caller's orca_signer. The date comes from
 *   the clock's unix_s; without one (NULL, or it does not know the time) from
 *   the `Date` of the latest answer plus the monotonic time since; with
 *   neither the request fails with ORCA_ERR_NO_WALL_CLOCK (no date is ever
 *   made up). A 401 counts as a skewed clock once: from then on the date
 *   follows the server's `Date` (of every answer), and the request is
 *   signed again and replayed once.
 *
 * Renewal happens when the remaining lifetime drops below
 * min(renew margin, lifetime / 6). The old credential is cleared before a
 * sign-in, and a sign-in never goes through the request cycle, so it cannot
 * recurse. A 401 on an ordinary call drops the credential, signs in once and
 * replays once; a 401 from the sign-in itself is returned at once. 429, 5xx
 * and network failures are retried (max_retries times) with exponential
 * backoff and jitter (orca_clock.sleep_ms, orca_clock.random); the request
 * body is the caller's and is simply sent again. A request that the server
 * may have acted on is repeated only when that is safe (RFC 9110 section
 * 9.2.2): GET, HEAD, PUT and DELETE always; POST, PATCH and
 * other methods only when no byte of the request was sent (the connect
 * failed), when the answer says it was not processed (429, 503), or when the
 * caller marked the request safe to repeat with an `opc-retry-token` (Oracle's
 * contract makes such a POST idempotent) or `Idempotency-Key` header; the
 * sign-in POSTs create nothing and are always retried. So a POST whose
 * connection resets, or that gets a 500, is not sent again: the error goes to
 * the caller, who knows whether repeating it is safe. A kept-alive
 * connection is reused only when it is quiet: before each call it is polled
 * (a receive with a zero timeout); bytes nobody asked for (a second answer
 * injected while the connection was idle) or the server's close end it, and
 * the call connects afresh; those bytes reach nobody. An answer whose body has
 * already gone (in part) to the caller's on_body is final: bytes handed over
 * cannot be taken back, so it is neither retried nor replayed. A 429 or 503
 * with Retry-After (ORCA_WITH_RETRY_AFTER) waits what it asks instead of the
 * backoff: delay seconds, or an HTTP-date less the answer's `Date` (else the
 * wall clock); longer than retry_after_max_s, there is no retry and the error
 * carries the value (orca_session_error.retry_after_s); a value that does not
 * read as a delay (a sign, junk) is ignored and the backoff applies.
 *
 * Non-blocking (orca_session_config.nonblocking, a transport that returns
 * ORCA_ERR_WANT_READ / _WRITE): every call (request, sign-in, renew,
 * logout) is a state machine kept in the session. It returns at once with
 * what it waits for (readable, writable, or ORCA_ERR_WANT_TICK for a
 * backoff or Retry-After) and the caller calls it again with the same
 * arguments until a final status, as with mbedtls_ssl_read(); the same
 * exchanges, retries, replays and limits happen in the same order as when
 * blocking, but no call ever waits: the deadlines are checked at each call
 * (orca_session_wait() says when to come back at the latest). One call at a
 * time per session; any number of sessions side by side;
 * orca_session_cancel() abandons a call.
 *
 * Time: each exchange has its deadline (exchange_timeout_ms), and the whole
 * call one limit (call_timeout_ms, ORCA_DEFAULT_CALL_TIMEOUT_MS by default)
 * that covers its automatic sign-in or renewal, the 401 replay, the retries
 * and their waits: when it passes, or a wait would pass it, the call ends
 * with ORCA_ERR_TIMEOUT and s->error.message says which limit ran out.
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
#include "orca/signer.h"
#include "orca/span.h"
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

/** Set-Cookie headers of one answer the session keeps (in its answer
 *  record, for the cookie jar); more are counted and not kept. */
#ifndef ORCA_SESSION_SET_COOKIES
#define ORCA_SESSION_SET_COOKIES 8u
#endif

/** Header slots the session may add to a call: Cookie, Accept, Content-Type
 *  and the credential; signed requests add date and x-content-sha256. */
#if ORCA_WITH_PCA_SIGNING
#define ORCA_SESSION_OWN_HEADERS 6u
#else
#define ORCA_SESSION_OWN_HEADERS 4u
#endif

/** Header slots of one call: ORCA_SESSION_OWN_HEADERS plus 4 for the caller's. */
#ifndef ORCA_SESSION_MAX_HEADERS
#define ORCA_SESSION_MAX_HEADERS (ORCA_SESSION_OWN_HEADERS + 4u)
#endif

/** Default PCA credential header. */
#define ORCA_PCA_AUTH_HEADER "Authorization"
/** Default PCA credential value prefix (followed by the token). */
#define ORCA_PCA_AUTH_PREFIX "Bearer "

/** Media type of PCA requests and answers. */
#define ORCA_PCA_MEDIA "application/json"
/** Media type of Classic requests and answers. */
#define ORCA_CLASSIC_MEDIA "application/oracle-compute-v3+json"
/** Media type of Classic listing calls: the session sends it as Accept of
 *  a GET whose path (before any '?') ends in '/'. */
#define ORCA_CLASSIC_MEDIA_DIRECTORY "application/oracle-compute-v3+directory+json"

/** The two services. */
typedef enum orca_service {
    ORCA_SERVICE_PCA = 0,    /**< Private Cloud Appliance 3.0 Compute Enclave API. */
    ORCA_SERVICE_CLASSIC = 1, /**< Compute Cloud Service Classic. */
    /** PCA with OCI request signing: orca_session_config.pca_signed,
     *  tenancy and user are OCIDs, no password
     *  (ORCA_ERR_UNSUPPORTED without ORCA_WITH_PCA_SIGNING). */
    ORCA_SERVICE_PCA_SIGNED = 2
} orca_service;

/**
 * @brief Called once per HTTP exchange, automatic ones (sign-in, refresh,
 *        replays, retries) included. Never sees a body, a token or a cookie.
 * @param ctx        The config's log_ctx.
 * @param method     Method of the exchange ("POST" for a sign-in, ...); print
 *                   it with "%.*s" (not NUL-terminated).
 * @param path       Its path (with query), likewise.
 * @param status     HTTP status, or 0 when the exchange failed.
 * @param rc         ORCA_OK, or the error of a failed exchange.
 * @param request_id The response's request id, "" when it had none.
 */
typedef void (*orca_session_log_fn)(void *ctx, orca_span method, orca_span path,
                                    unsigned status, int rc, const char *request_id);

/** @brief PCA's settings (ORCA_SERVICE_PCA, orca_session_config.pca); unused
 *         by Classic (its cookie is in the jar) and signed PCA. */
typedef struct orca_pca_config {
    char *cred;              /**< Required: receives "<prefix><token>" at each login. */
    size_t cred_size;        /**< Size of @c cred. */
    const char *auth_header; /**< Credential header name; NULL: ORCA_PCA_AUTH_HEADER. */
    const char *auth_prefix; /**< Credential value prefix; NULL: ORCA_PCA_AUTH_PREFIX. */
} orca_pca_config;

/** @brief Classic's settings (ORCA_SERVICE_CLASSIC, orca_session_config.classic);
 *         orca_session_config_defaults() sets all three. */
typedef struct orca_classic_config {
    uint32_t renew_margin_s;   /**< Renew this long before expiry (capped at lifetime / 6). */
    uint32_t token_lifetime_s; /**< Cap on a token's lifetime (30 min). */
    uint32_t session_limit_s;  /**< Session limit from the first authentication (3 h). */
} orca_classic_config;

/** @brief Signed PCA's settings (ORCA_SERVICE_PCA_SIGNED,
 *         orca_session_config.pca_signed); ignored without ORCA_WITH_PCA_SIGNING. */
typedef struct orca_pca_signed_config {
    const orca_signer *signer;   /**< Required: signs each request. */
    const char *key_fingerprint; /**< Required: the key's fingerprint, third part of keyId. */
} orca_pca_signed_config;

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
    const char *user;     /**< PCA user name, or Classic `/Compute-<domain>/<user>`;
                               signed PCA: the user OCID. */
    const char *tenancy;  /**< PCA tenancy (required for PCA; unused by Classic);
                               signed PCA: the tenancy OCID. */
    const char *password; /**< The caller's copy; read at each sign-in, never stored
                               (unused by signed PCA). */
    size_t password_len;  /**< Length of @c password. */
    orca_pca_config pca;               /**< PCA's settings (ORCA_SERVICE_PCA). */
    orca_classic_config classic;       /**< Classic's settings (ORCA_SERVICE_CLASSIC). */
    orca_pca_signed_config pca_signed; /**< Signed PCA's settings (ORCA_SERVICE_PCA_SIGNED). */
    uint32_t max_retries;     /**< Retries on 429, 5xx and network failures (ORCA_WITH_RETRIES;
                                   ignored without it). */
    uint32_t backoff_ms;      /**< First backoff delay; doubles per retry, with jitter
                                   (ORCA_WITH_RETRIES; ignored without it). */
    uint32_t timeout_ms;      /**< Per connect/send/recv; 0: ORCA_DEFAULT_TIMEOUT_MS. */
    /** Longest Retry-After a 429 or 503 may ask for, in seconds (default
     *  ORCA_SESSION_RETRY_AFTER_MAX_S); a longer one ends the retries
     *  (ORCA_WITH_RETRY_AFTER; ignored without it). */
    uint32_t retry_after_max_s;
    /** Deadline of each whole exchange (connect, TLS handshake, send, receive
     *  to the last body byte) on @c clock; ORCA_ERR_TIMEOUT and the connection
     *  closed when it passes (a retry gets a new one). 0:
     *  ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS; capped at ORCA_CLOCK_MAX_INTERVAL_MS.
     *  A request's own exchange_timeout_ms overrides it for that request's
     *  exchanges. */
    uint32_t exchange_timeout_ms;
    /** Limit of each whole call (orca_session_request, sign-in, renew,
     *  logout) on @c clock: its automatic sign-in or renewal, the 401
     *  replay, every retry and every backoff or Retry-After wait included;
     *  ORCA_ERR_TIMEOUT when it passes (s->error.message names it). 0:
     *  ORCA_DEFAULT_CALL_TIMEOUT_MS; capped at ORCA_CLOCK_MAX_INTERVAL_MS. A
     *  request's own call_timeout_ms overrides it for that call. Ignored
     *  without ORCA_WITH_DEADLINE. */
    uint32_t call_timeout_ms;
    /** 1: no call ever waits. The transport is non-blocking (transport.h),
     *  and a backoff or Retry-After is not slept but returned as
     *  ORCA_ERR_WANT_TICK: every call returns at once, and is called again
     *  with the same arguments until it ends (see orca_session_request()).
     *  0 (default): calls block, sleeping with clock->sleep_ms.
     *  (ORCA_WITH_NONBLOCKING; init refuses 1 without it.) */
    uint8_t nonblocking;
    const orca_transport *transport; /**< Connected on demand, kept alive between calls. */
    /** Optional: the transport's own state (a TLS session), saved and restored
     *  with the session's (orca_session_save/restore); NULL: none. */
    const orca_transport_state *transport_state;
    const orca_clock *clock;  /**< now_ms required; sleep_ms and random optional. */
    uint8_t *work;            /**< Work buffer: request head, response head and body. */
    size_t work_size;         /**< At least ORCA_SESSION_MIN_WORK (1024) bytes; sign-ins use its
                                   upper half for their body. */
    void *jar_mem;            /**< Cookie jar arena (Classic keeps its token there); required
                                   with ORCA_WITH_COOKIES (at least ORCA_SESSION_MIN_JAR
                                   bytes), unused without. */
    size_t jar_size;          /**< Size of @c jar_mem. */
    /** Public-suffix check for cookie Domain attributes (RFC 6265 5.3 step 5),
     *  given to the jar (orca_cookie_jar_set_public_suffix(); the POSIX port's
     *  is orca_posix_public_suffix()). NULL: no list, so only host-only
     *  cookies and a Domain equal to the host are kept (ORCA_WITH_COOKIES;
     *  ignored without it). */
    orca_public_suffix_fn public_suffix;
    void *public_suffix_ctx;  /**< First argument of @c public_suffix. */
    orca_session_log_fn log;  /**< Optional exchange log (ORCA_WITH_EXCHANGE_LOG; ignored
                                   without it). */
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
    /** Retry-After of the failed response in seconds (an HTTP-date turned
     *  into seconds from its Date, at most INT32_MAX); -1 when it had none,
     *  none that reads as a delay, or the build has no ORCA_WITH_RETRY_AFTER. */
    int32_t retry_after_s;
    /** Where the call's last exchange broke, for a network, TLS or framing
     *  failure: "connect to", "TLS handshake with", "sending the request to"
     *  or "waiting for the answer from" (the peer is cfg.host), as in
     *  "TLS handshake with api.example.com failed"; NULL otherwise, and
     *  always without ORCA_STATUS_STRINGS. */
    const char *phase;
} orca_session_error;

/** @brief PCA's state (ORCA_SERVICE_PCA, in orca_session.svc.pca). */
typedef struct orca_pca_state {
    char tenancy_id[ORCA_SESSION_ID_MAX];   /**< tenancyId of the last login. */
    char user_id[ORCA_SESSION_ID_MAX];      /**< userId of the last login. */
    char etag[ORCA_SESSION_ID_MAX];         /**< etag of the last login answer. */
    size_t cred_len; /**< Bytes of "<prefix><token>" in cfg.pca.cred; 0 when none. */
} orca_pca_state;

/** @brief Classic's state (ORCA_SERVICE_CLASSIC, in orca_session.svc.classic). */
typedef struct orca_classic_state {
    uint32_t deadline_ms; /**< Credential expiry on the clock tick. */
    uint32_t lifetime_ms; /**< Lifetime the credential was given (for the renew margin). */
} orca_classic_state;

/** @brief Signed PCA's state (ORCA_SERVICE_PCA_SIGNED, in orca_session.svc.pca_signed). */
typedef struct orca_pca_signed_state {
    int64_t server_date_s;     /**< `Date` of the latest answer that had one (epoch s). */
    uint32_t server_date_ms;   /**< Tick at which that answer's exchange started. */
    uint8_t server_date_known; /**< 1 once an answer had a readable `Date`. */
    uint8_t date_from_server;  /**< 1 after a 401: dates follow the server's. */
} orca_pca_signed_state;

/** @brief The state of one service: the member of orca_session_config.service
 *         (a service switched off in config.h has none). Zero at
 *         orca_session_init(). */
typedef union orca_service_state {
    uint8_t none; /**< Keeps the union whole when every service is off. */
#if ORCA_WITH_PCA
    orca_pca_state pca; /**< ORCA_SERVICE_PCA. */
#endif
#if ORCA_WITH_CLASSIC
    orca_classic_state classic; /**< ORCA_SERVICE_CLASSIC. */
#endif
#if ORCA_WITH_PCA_SIGNING
    orca_pca_signed_state pca_signed; /**< ORCA_SERVICE_PCA_SIGNED. */
#endif
} orca_service_state;

struct orca_auth_ops;

/** The headers of which the answer record keeps the first value. */
enum {
    ORCA_ANSWER_REQUEST_ID,  /**< opc-request-id, ... */
    ORCA_ANSWER_CALL_ID,     /**< ... else X-Oracle-Compute-Call-Id (Classic) names the answer. */
    ORCA_ANSWER_DATE,        /**< Date. */
    ORCA_ANSWER_RETRY_AFTER, /**< Retry-After. */
    ORCA_ANSWER_ETAG,        /**< etag. */
    ORCA_ANSWER_HEADERS      /**< (how many) */
};

/** @brief What the session reads of an answer, filled while the parser reads
 *         its head (one pass; no header is looked up again): views into the
 *         work buffer, valid until the next call. Status and framing are in
 *         the orca_http_response. */
typedef struct orca_session_answer {
    /** The first value of each header the session reads, by ORCA_ANSWER_*
     *  ({NULL, 0} when absent). */
    orca_span first[ORCA_ANSWER_HEADERS];
    orca_span cookies[ORCA_SESSION_SET_COOKIES]; /**< Every Set-Cookie value, in order. */
    uint16_t cookie_count;     /**< Entries of @c cookies. */
    uint16_t cookies_over;     /**< Set-Cookie headers beyond them, not kept. */
    int16_t date_rc;           /**< The Date read: ORCA_OK, ORCA_ERR_NOT_FOUND, ORCA_ERR_BAD_DATE. */
    int64_t date_s;            /**< The Date in epoch seconds when date_rc is ORCA_OK. */
} orca_session_answer;

/** @brief The call in flight, kept between the calls of a non-blocking
 *         caller (internal: only the session reads or writes it). */
typedef struct orca_session_flight {
    orca_http_transfer transfer; /**< The exchange in progress. */
    orca_http_callbacks hooks;   /**< The parser's callbacks: the answer record's, then the caller's. */
    const orca_http_callbacks *caller_cb; /**< The caller's callbacks of the exchange, or NULL. */
    const void *args;       /**< The request of the call in flight (to tell it from another). */
    size_t limit;           /**< Bytes of the work buffer its exchange may use. */
    size_t own_len;         /**< Bytes of our header values at the start of the work buffer. */
    uint32_t started_ms;    /**< Tick the exchange started at. */
    uint32_t connect_ms;    /**< Timeout its connect was given. */
    uint32_t wait_until_ms; /**< ORCA_ERR_WANT_TICK: the tick to go on at. */
    uint32_t attempt;       /**< Retries made of the exchange. */
    int16_t want;           /**< What the call waits for (ORCA_ERR_WANT_*); ORCA_OK: no call. */
    uint8_t op;             /**< Which public call is in flight. */
    uint8_t step;           /**< Where that call is. */
    uint8_t phase;          /**< Where its exchange is. */
    uint8_t replay;         /**< 1 once a 401 made it sign in again. */
} orca_session_flight;

/**
 * @brief One call of orca_session_request(): what the caller asks for. The
 *        session adds the rest (host, port, TLS, keep-alive, the credential,
 *        the cookies, Accept and Content-Type unless given, the framing).
 *
 * Strings are spans: a NUL inside one is a byte (and refused in a path).
 * Start from zeroes: `orca_session_call call = {.method = ORCA_SPAN_LITERAL("GET"),
 * .path = orca_span_from_str(path)};`
 */
typedef struct orca_session_call {
    orca_span method; /**< HTTP token, e.g. "GET" (required). */
    orca_span path;   /**< Origin form with query, already percent-encoded:
                           "/a?b=c" (required; it also selects the cookies). */
    const orca_http_header *headers; /**< Extra headers, sent in order; may be NULL. At
                                          most ORCA_SESSION_MAX_HEADERS -
                                          ORCA_SESSION_OWN_HEADERS. */
    size_t header_count;             /**< Number of entries in @c headers. */
    const uint8_t *body;             /**< Request body or NULL. */
    size_t body_len;                 /**< Length of @c body. */
    /** The deadline of each exchange of this call (connect to last body
     *  byte), in milliseconds; 0: the session's
     *  orca_session_config.exchange_timeout_ms. */
    uint32_t exchange_timeout_ms;
    /** The limit of the whole call in milliseconds (automatic sign-in,
     *  renewal, 401 replay, every retry and its wait included); 0: the
     *  session's orca_session_config.call_timeout_ms. */
    uint32_t call_timeout_ms;
    unsigned parse_flags; /**< ORCA_HTTP_LENIENT_LF or 0 (HEAD is seen from the method). */
} orca_session_call;

/** @brief One session. Caller-owned; members are readable, but only orca_session_* change them. */
typedef struct orca_session {
    orca_session_config cfg;          /**< Copy of the config given to orca_session_init(). */
    const struct orca_auth_ops *auth; /**< The service's strategy. */
#if ORCA_WITH_COOKIES
    orca_cookie_jar jar;      /**< Every cookie the server set (Classic's token among them). */
    int cookie_rc;            /**< What the jar said of the latest credential cookie (Classic:
                                   ORCA_ERR_JAR_FULL when it did not fit). */
#endif
#if ORCA_WITH_JSON_READER
    orca_json_token tokens[ORCA_SESSION_JSON_TOKENS]; /**< For sign-in answers and error bodies. */
#endif
    orca_http_request call;   /**< The request in flight (kept here, not on the stack). */
    orca_http_header headers[ORCA_SESSION_MAX_HEADERS]; /**< Its headers: the caller's, then ours. */
    size_t caller_headers;    /**< How many of headers[] are the caller's. */
    orca_cookie_origin origin; /**< Host, path and TLS of the call, for the cookie jar. */
    orca_http_response reply; /**< Answer of the last internal call (sign-in, refresh, logout). */
    orca_session_answer answer; /**< What the last answer said (its headers, read once). */
    orca_session_error error;               /**< Set when a call returns ORCA_ERR_HTTP/AUTH;
                                                 message also says why init refused. */
    char request_id[ORCA_SESSION_ID_MAX];   /**< Request id of the last response, "" if none
                                                 (printable ASCII, other bytes as '?'). */
    uint32_t started_ms;   /**< Tick of the last sign-in (Classic's session limit counts from it). */
    orca_service_state svc; /**< The state of the session's service (the member of
                                 cfg.service: svc.pca, svc.classic, svc.pca_signed). */
    orca_session_flight flight; /**< The call in flight (non-blocking callers). */
    uint32_t exchange_ms;  /**< Deadline of each exchange of the call in flight. */
    uint32_t call_deadline_ms; /**< Tick by which the call in flight must end. */
    uint8_t repeatable;    /**< 1 for a sign-in: sent again after a failure the server
                                may have acted on, whatever its method (it creates nothing). */
    uint8_t signed_in;     /**< 1 while a credential is held. */
    uint8_t connected;     /**< 1 while the transport is connected. */
} orca_session;

/**
 * @brief Fills @p cfg with zeroes and the defaults of orca/config.h
 *        (renew margin, retries, backoff, Classic lifetime cap and limit, tls=1).
 */
void orca_session_config_defaults(orca_session_config *cfg);

/** Smallest cookie-jar arena orca_session_init() accepts (with
 *  ORCA_WITH_COOKIES): a few short cookies. Classic's `nimbula` cookie is
 *  usually a few hundred bytes, so give it 1 KiB or more; a cookie that does
 *  not fit later is ORCA_ERR_JAR_FULL. */
#define ORCA_SESSION_MIN_JAR 128u

/** Smallest work buffer orca_session_init() accepts. */
#define ORCA_SESSION_MIN_WORK 1024u

/** The ORCA_WITH_* switches that shape orca_session, X(NAME) each (NAME after
 *  "ORCA_WITH_"), in the order of their bits in ORCA_LAYOUT_FEATURES, bit 0
 *  first: the one list the bits and orca_layout_diff()'s names come from. */
#define ORCA_LAYOUT_SWITCHES(X)                                                                   \
    X(PCA) X(CLASSIC) X(COOKIES) X(COOKIE_EXPIRES) X(RETRIES) X(JSON_READER) X(JSON_VALIDATION)   \
    X(URL_PARSER) X(PCA_SIGNING) X(RETRY_AFTER) X(DEADLINE) X(NONBLOCKING)

/** The sizes that shape orca_session, X(size) each, in the order of
 *  orca_layout.sizes (orca_layout_diff() names a size by its expression). */
#define ORCA_LAYOUT_SIZES(X)                                                                      \
    X(ORCA_SESSION_JSON_TOKENS) X(ORCA_SESSION_CODE_MAX) X(ORCA_SESSION_MESSAGE_MAX)               \
    X(ORCA_SESSION_ID_MAX) X(ORCA_SESSION_MAX_HEADERS) X(sizeof(orca_session_config))             \
    X(sizeof(orca_session))

/** +1 for each item of an X-macro list. */
#define ORCA_LAYOUT_COUNT_(item) +1u

/** How many ORCA_LAYOUT_SIZES (orca_layout.sizes). */
#define ORCA_LAYOUT_SIZE_COUNT (0u ORCA_LAYOUT_SIZES(ORCA_LAYOUT_COUNT_))

/** Bit numbers of the ORCA_LAYOUT_SWITCHES in ORCA_LAYOUT_FEATURES. */
enum orca_layout_bit {
/** One enumerator per switch: ORCA_LAYOUT_BIT_PCA is 0, ... */
#define ORCA_LAYOUT_BIT_(name) ORCA_LAYOUT_BIT_##name,
    ORCA_LAYOUT_SWITCHES(ORCA_LAYOUT_BIT_)
#undef ORCA_LAYOUT_BIT_
    ORCA_LAYOUT_SWITCH_COUNT /**< How many switches shape orca_session. */
};

/** @brief What a compilation unit sees of orca's config: its switches and the
 *         sizes that shape orca_session. orca_session_init() hands the
 *         caller's to the library, which refuses a session whose layout it
 *         would misread (ORCA_ERR_CONFIG_MISMATCH). Never filled by hand:
 *         ORCA_LAYOUT_HERE. */
typedef struct orca_layout {
    uint32_t features; /**< ORCA_LAYOUT_FEATURES. */
    uint32_t sizes[ORCA_LAYOUT_SIZE_COUNT]; /**< ORCA_LAYOUT_SIZES, in order. */
} orca_layout;

/** Bit ORCA_LAYOUT_BIT_<name> of ORCA_LAYOUT_FEATURES: is ORCA_WITH_<name> on? */
#define ORCA_LAYOUT_FEATURE_(name) | (ORCA_WITH_##name ? 1u << ORCA_LAYOUT_BIT_##name : 0u)

/** The ORCA_LAYOUT_SWITCHES as bits. */
#define ORCA_LAYOUT_FEATURES (0u ORCA_LAYOUT_SWITCHES(ORCA_LAYOUT_FEATURE_))

/** One of the ORCA_LAYOUT_SIZES as orca_layout.sizes holds it. */
#define ORCA_LAYOUT_SIZE_(size) (uint32_t)(size),

/** The layout of the compilation unit that expands it (an orca_layout initializer). */
#define ORCA_LAYOUT_HERE {ORCA_LAYOUT_FEATURES, {ORCA_LAYOUT_SIZES(ORCA_LAYOUT_SIZE_)}}

/**
 * @brief Compares @p caller with the library's own layout.
 * @param caller   ORCA_LAYOUT_HERE of the caller's compilation.
 * @param msg      Receives, on a mismatch, the first difference, e.g.
 *                 "ORCA_SESSION_MESSAGE_MAX 32 here, 256 in the library"
 *                 (NUL-terminated, cut to fit); may be NULL.
 * @param msg_size Size of @p msg.
 * @return ORCA_OK when they agree; ORCA_ERR_CONFIG_MISMATCH;
 *         ORCA_ERR_INVALID_ARG for a NULL @p caller.
 */
int orca_layout_diff(const orca_layout *caller, char *msg, size_t msg_size);

/**
 * @brief orca_session_init() as the library runs it, with the caller's
 *        layout. Call orca_session_init() instead.
 * @param s        As orca_session_init().
 * @param cfg      As orca_session_init().
 * @param caller   ORCA_LAYOUT_HERE of the caller's compilation.
 * @param msg      The caller's view of s->error.message (where a mismatch
 *                 is described), or NULL.
 * @param msg_size Size of @p msg.
 * @return as orca_session_init().
 */
int orca_session_init_layout(orca_session *s, const orca_session_config *cfg,
                             const orca_layout *caller, char *msg, size_t msg_size);

/**
 * @brief Sets up @p s from @p cfg (copied) with no credential.
 *
 * Inline, so that the caller's own view of the config travels with the call:
 * a program built with another config header than the library (another
 * ORCA_WITH_* switch or ORCA_SESSION_* size) would read the structs at the
 * wrong offsets; it is refused instead. On every refusal but a NULL @p s,
 * s->error.message names the field and, for a size, what it needed
 * ("work_size 512 < 1024", "tenancy missing"), with ORCA_STATUS_STRINGS 1
 * (hosted builds; bare metal logs the status number, the message stays "").
 *
 * @param s   The session to set up (caller-owned).
 * @param cfg Its config, copied.
 * @return ORCA_OK;
 *         ORCA_ERR_CONFIG_MISMATCH when this compilation's config differs
 *         from the library's (s->error.message names the first difference;
 *         nothing else of @p s or @p cfg is read or written);
 *         ORCA_ERR_INVALID_ARG for NULL @p s or @p cfg, a missing host,
 *         user, password (but for signed PCA), transport, clock (or its
 *         now_ms) or work buffer, a work buffer under ORCA_SESSION_MIN_WORK,
 *         with ORCA_WITH_COOKIES a missing jar arena or one under
 *         ORCA_SESSION_MIN_JAR, for PCA a missing tenancy or credential
 *         buffer (or one that cannot hold the prefix and a token), for signed
 *         PCA a missing tenancy, signer or key fingerprint (it needs no
 *         password nor credential buffer; Classic needs neither tenancy nor
 *         credential buffer), or an unknown service;
 *         ORCA_ERR_UNSUPPORTED for a service this build leaves out
 *         (ORCA_WITH_PCA, ORCA_WITH_CLASSIC or ORCA_WITH_PCA_SIGNING set to 0
 *         in config.h).
 */
static inline int orca_session_init(orca_session *s, const orca_session_config *cfg)
{
    const orca_layout here = ORCA_LAYOUT_HERE;
    return orca_session_init_layout(s, cfg, &here, s != NULL ? s->error.message : NULL,
                                    sizeof s->error.message);
}

/**
 * @brief Runs one call of the request cycle.
 *
 * @param s   A session from orca_session_init().
 * @param call The call: method, path, optional body and extra headers,
 *            and @c exchange_timeout_ms (0: the session's) for its exchanges
 *            (not an automatic sign-in's). Host, port, TLS, keep-alive, clock and
 *            per-operation timeout come from the session; Accept (unless
 *            given in @c call->headers: the service's media type, for a
 *            Classic GET of a path ending in '/' ORCA_CLASSIC_MEDIA_DIRECTORY),
 *            Content-Type (for a body, unless given), the Cookie header and
 *            the credential are added here.
 * @param cb  Optional parser callbacks (on_body for large bodies).
 * @param res Receives the final response; views point into the work buffer
 *            and stay valid until the next call on the session. Zeroed
 *            first: after a failed automatic sign-in it stays empty (the
 *            sign-in's answer is in s->error).
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
 *         ORCA_ERR_TIMEOUT when the call's limit (call_timeout_ms), an
 *           exchange's deadline or a per-operation timeout ran out:
 *           s->error.message says which, by its setting ("call limit
 *           passed (call_timeout_ms)");
 *         ORCA_ERR_INVALID_ARG (also for too many extra headers);
 *         ORCA_ERR_PATH_SPACE, ORCA_ERR_PATH_NOT_ABSOLUTE or
 *           ORCA_ERR_HEADER_INJECTION for a path orca_http_check_path()
 *           refuses: before any sign-in or connection;
 *         ORCA_ERR_BUFFER_TOO_SMALL when the
 *           credential, a sign-in body or the signed headers do not fit;
 *         signed PCA: ORCA_ERR_NO_WALL_CLOCK (no unix_s and no server Date
 *           yet: nothing sent), ORCA_ERR_KEY (the signer failed);
 *         any orca_http_exchange() or transport error (after the retries);
 *         non-blocking (orca_session_config.nonblocking): ORCA_ERR_WANT_READ,
 *           ORCA_ERR_WANT_WRITE or ORCA_ERR_WANT_TICK while the call is in
 *           flight: call again with the same arguments (orca_session_wait()
 *           tells when at the latest) until another status ends it;
 *         ORCA_ERR_STATE when another call is in flight on @p s (finish it or
 *           orca_session_cancel() it first).
 */
int orca_session_request(orca_session *s, const orca_session_call *call,
                         const orca_http_callbacks *cb, orca_http_response *res);

/**
 * @brief Signs in now, dropping any credential held (PCA login, Classic authenticate).
 *        Signed PCA makes no call: from a server `Date` seen since, dates
 *        follow the server's clock (the resync a 401 triggers).
 * @return ORCA_OK; ORCA_ERR_AUTH when the server refuses (401 or 403;
 *         s->error has the details), never retried; ORCA_ERR_HTTP for another
 *         error status (after the retries of 429 and 5xx), s->error filled;
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
 * @brief What the call in flight waits for, for a non-blocking caller's loop
 *        (poll or select on the connection, or sleep until a tick). Defined
 *        with ORCA_WITH_NONBLOCKING only.
 * @param s        A session.
 * @param until_ms Receives the tick (clock->now_ms) at which to call again at
 *                 the latest, even if the connection did not become ready
 *                 (a deadline to check, the end of a backoff); may be NULL.
 * @return ORCA_ERR_WANT_READ, ORCA_ERR_WANT_WRITE or ORCA_ERR_WANT_TICK, as
 *         the call last returned; ORCA_OK when no call is in flight;
 *         ORCA_ERR_INVALID_ARG for NULL @p s.
 */
int orca_session_wait(const orca_session *s, uint32_t *until_ms);

/**
 * @brief Abandons the call in flight: the connection is closed and the work
 *        buffer wiped. A sign-in or logout cut short leaves the session
 *        signed out; a request or a refresh cut short leaves the credential
 *        as it was (the server may or may not have acted on the request).
 *        Nothing happens when no call is in flight. Defined with
 *        ORCA_WITH_NONBLOCKING only.
 */
void orca_session_cancel(orca_session *s);

/**
 * @brief Closes the connection and wipes the credential buffer, the cookie
 *        jar and the work buffer. Safe on a session that failed to init (zeroed).
 */
void orca_session_free(orca_session *s);

#if ORCA_WITH_SESSION_STATE
#include "orca/session_state.h"
#endif

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
