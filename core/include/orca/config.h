/**
 * @file config.h
 * @brief Compile-time defaults. Override any of them in one file of your own:
 *        compile with -DORCA_CONFIG_FILE='"my_orca_config.h"' and define the
 *        macros there (the mbedTLS / lwIP convention). Every default below is
 *        guarded by `#ifndef`, so your file only lists what it changes.
 *
 * Sizes here are defaults for caller-owned buffers and limits; orca itself
 * allocates nothing.
 */
#ifndef ORCA_CONFIG_H
#define ORCA_CONFIG_H

#ifdef ORCA_CONFIG_FILE
#include ORCA_CONFIG_FILE
#endif

/* ---- Features ----
 *
 * Each switch removes a whole feature from core when set to 0: its functions,
 * its strategy entry, its struct members. Costs are .text on Cortex-M4
 * (GCC 12 -Os, `bash bench/size.sh`, which measures every preset). A public
 * function that needs a feature switched off returns ORCA_ERR_UNSUPPORTED (or
 * is not declared, where the header says so). A library and the code using
 * it must be built with the same switches: they change struct layouts. */

/** PCA 3.0 sessions (auth_pca.c): POST /20160918/login, the token header, logout,
 *  and PCA's state in orca_session (svc.pca: tenancy_id, user_id, etag, the
 *  token's length). 0: orca_session_init() refuses ORCA_SERVICE_PCA with
 *  ORCA_ERR_UNSUPPORTED. About 490 B. */
#ifndef ORCA_WITH_PCA
#define ORCA_WITH_PCA 1
#endif

/** Compute Classic sessions (auth_classic.c): POST /authenticate/, the nimbula
 *  cookie's expiry tracking, GET /refresh/ and the 3-hour session limit. 0:
 *  orca_session_init() refuses ORCA_SERVICE_CLASSIC with ORCA_ERR_UNSUPPORTED.
 *  About 440 B. */
#ifndef ORCA_WITH_CLASSIC
#define ORCA_WITH_CLASSIC 1
#endif

/** The cookie jar (cookie_jar.c, orca/cookie.h: RFC 6265 parsing, domain and
 *  path matching, the Cookie header, monotonic expiry) and the session's use
 *  of it: every Set-Cookie kept, the Cookie header sent. Classic needs it (its
 *  token is the nimbula cookie). 0: the orca_cookie_jar_* functions are not
 *  declared, a session ignores Set-Cookie and needs no jar arena, for a PCA
 *  device whose server sets no cookie it must send back. About 2,900 B with the
 *  date parser. */
#ifndef ORCA_WITH_COOKIES
#define ORCA_WITH_COOKIES 1
#endif

/** The cookie `Expires` attribute and the cookie-date parser (date.c,
 *  orca_date_parse_cookie()), with the response `Date` it is measured against.
 *  0: `Expires` is ignored (RFC 6265 lets a user agent keep such cookies for the
 *  session); `Max-Age` still sets expiry, which is all Classic's nimbula cookie
 *  uses; orca_date_parse_cookie() is not declared. About 720 B. */
#ifndef ORCA_WITH_COOKIE_EXPIRES
#define ORCA_WITH_COOKIE_EXPIRES 1
#endif

/** Retries of a session call answered 429 or 5xx or failed on the network,
 *  with exponential backoff and jitter (orca_session_config.max_retries,
 *  backoff_ms). 0: every call is tried once; those members are ignored. About 110 B. */
#ifndef ORCA_WITH_RETRIES
#define ORCA_WITH_RETRIES 1
#endif

/** Reading JSON (json_reader.c: orca_json_parse(), orca_json_find(),
 *  orca_json_copy_string(), with jsmn) and the session's JSON token array.
 *  PCA needs it (its login answer is JSON). 0: those functions are not
 *  declared; a session error keeps the body's printable start as its message
 *  (Classic's errors are `{"message": ...}`: still readable) and no code.
 *  About 1,900 B of .text and the 512 B token array of orca_session. */
#ifndef ORCA_WITH_JSON_READER
#define ORCA_WITH_JSON_READER 1
#endif

/** The full RFC 8259 grammar check orca_json_parse() runs before jsmn (number
 *  syntax, literals, commas and colons, escapes and control characters in
 *  strings, nesting depth). 0: jsmn's strict mode alone checks the structure,
 *  so some malformed texts are accepted (a bad number, a raw control character
 *  in a string) and a lone number or literal as the root is refused (objects
 *  and arrays, all that orca reads, are fine); reading stays memory-safe and orca_json_copy_string() still
 *  refuses bad escapes. About 320 B. */
#ifndef ORCA_WITH_JSON_VALIDATION
#define ORCA_WITH_JSON_VALIDATION 1
#endif

/** orca_url_split(), which turns a base URL into host, port and TLS (the CLI
 *  takes --url). 0: not declared, for devices whose host is fixed. About 290 B. */
#ifndef ORCA_WITH_URL_PARSER
#define ORCA_WITH_URL_PARSER 1
#endif

/** orca_session_config.log, the exchange log: called after every exchange
 *  (method, path, status, result, request id), as mbedTLS's debug callback
 *  is with MBEDTLS_DEBUG_C. 0: the member stays and is ignored, nothing is
 *  logged; about 160 B in the one-service presets. */
#ifndef ORCA_WITH_EXCHANGE_LOG
#define ORCA_WITH_EXCHANGE_LOG 1
#endif

/** orca_http_response_header(): a header of a parsed answer looked up by
 *  name, after the parse. The session reads what it needs while the parser
 *  goes (its answer record), so only callers use it. 0: declared but not
 *  built (a call does not link); read headers with
 *  orca_http_callbacks.on_header as they are parsed instead. About 150 B. */
#ifndef ORCA_WITH_HEADER_LOOKUP
#define ORCA_WITH_HEADER_LOOKUP 1
#endif

/** orca_session_save() / orca_session_restore() (session_state.c): a
 *  session's credential, cookies, time left and the transport's TLS session
 *  in caller bytes that survive deep sleep or a restart. 0: not declared. */
#ifndef ORCA_WITH_SESSION_STATE
#define ORCA_WITH_SESSION_STATE 1
#endif

/** PCA with OCI request signing (auth_pca_signed.c, orca/signer.h,
 *  ORCA_SERVICE_PCA_SIGNED): every request signed by the caller's
 *  orca_signer, its date from the wall clock or the server's `Date`, and
 *  orca_date_format_http(). 0: orca_session_init() refuses
 *  ORCA_SERVICE_PCA_SIGNED with ORCA_ERR_UNSUPPORTED. About 2,100 B (with the
 *  date parser it needs, which cookies may already bring: 570 B). */
#ifndef ORCA_WITH_PCA_SIGNING
#define ORCA_WITH_PCA_SIGNING 1
#endif

/** Retry-After on a 429 or 503 (part of the retries): delay-seconds or an
 *  HTTP-date (less the answer's `Date`) waits that long instead of the
 *  computed backoff, up to orca_session_config.retry_after_max_s; longer: no
 *  retry, orca_session_error.retry_after_s has the value. 0: the header is
 *  ignored. About 280 B (with the date parser it needs, as above). Follows
 *  ORCA_WITH_RETRIES unless set (1 by default). */
#ifndef ORCA_WITH_RETRY_AFTER
#define ORCA_WITH_RETRY_AFTER ORCA_WITH_RETRIES
#endif

#if ORCA_WITH_RETRY_AFTER && !ORCA_WITH_RETRIES
#error "ORCA_WITH_RETRY_AFTER needs ORCA_WITH_RETRIES: it replaces a retry's backoff"
#endif
#if ORCA_WITH_CLASSIC && !ORCA_WITH_COOKIES
#error "ORCA_WITH_CLASSIC needs ORCA_WITH_COOKIES: the Classic token is the nimbula cookie"
#endif
#if ORCA_WITH_PCA && !ORCA_WITH_JSON_READER
#error "ORCA_WITH_PCA needs ORCA_WITH_JSON_READER: the PCA login answer is JSON"
#endif

/** Derived, not to be set: 1 when the date parser (date.c) is built, because
 *  a feature needs it (the cookie `Expires` attribute, the date of signed
 *  requests, Retry-After dates). */
#define ORCA_WITH_DATE_PARSER                                                                     \
    ((ORCA_WITH_COOKIES && ORCA_WITH_COOKIE_EXPIRES) || ORCA_WITH_PCA_SIGNING ||                  \
     ORCA_WITH_RETRY_AFTER)

/* ---- Status ---- */

/** 0 (the default for bare-metal images, which log numbers): orca_status_str()
 *  only says "ok", "error" or "unknown status", and a session's error message
 *  stays empty for errors other than HTTP ones. 1: it names every status, and
 *  orca_session_error.message says what to fix: what orca_session_init()
 *  refused ("work_size 512 < 1024") or the config difference it found, which
 *  time limit ran out; about 1,000 bytes of .text on Cortex-M4 (bash
 *  bench/size.sh). The CMake option ORCA_STATUS_STRINGS (ON for hosted builds:
 *  the CLI, the tests) defines it to 1. */
#ifndef ORCA_STATUS_STRINGS
#define ORCA_STATUS_STRINGS 0
#endif

/* ---- HTTP ---- */

/** Default timeout of one transport operation, in milliseconds. */
#ifndef ORCA_DEFAULT_TIMEOUT_MS
#define ORCA_DEFAULT_TIMEOUT_MS 10000u
#endif

/** One deadline per exchange, from its connect to its last body byte, on the
 *  monotonic clock (orca_session_config.exchange_timeout_ms, per request
 *  orca_session_call.exchange_timeout_ms; orca_http_exchange: clock and
 *  deadline_ms). 0: only the per-operation timeout bounds an exchange (a
 *  server trickling bytes can hold it); the members stay and are ignored.
 *  About 90 B. */
#ifndef ORCA_WITH_DEADLINE
#define ORCA_WITH_DEADLINE 1
#endif

/** Non-blocking calls (orca_session_config.nonblocking, orca_session_wait(),
 *  orca_session_cancel(), ORCA_ERR_WANT_TICK): 1 (default) or 0, where every
 *  call blocks (a transport that would block ends it with
 *  ORCA_ERR_UNSUPPORTED). About 350 B. */
#ifndef ORCA_WITH_NONBLOCKING
#define ORCA_WITH_NONBLOCKING 1
#endif

/** Default deadline of one whole exchange (connect, TLS handshake, send,
 *  receive to the last body byte), in milliseconds. Raise it for large bodies
 *  on slow links. */
#ifndef ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS
#define ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS 60000u
#endif

/** Default limit of one whole session call (orca_session_config.call_timeout_ms):
 *  its automatic sign-in or renewal, the 401 replay, every retry and every
 *  backoff or Retry-After wait, in milliseconds (ORCA_WITH_DEADLINE). Twice
 *  the exchange deadline: one slow exchange still fits, three do not. */
#ifndef ORCA_DEFAULT_CALL_TIMEOUT_MS
#define ORCA_DEFAULT_CALL_TIMEOUT_MS 120000u
#endif

/* ---- Cookies ---- */

/** Longest cookie name + value the jar stores, in bytes. */
#ifndef ORCA_COOKIE_MAX_SIZE
#define ORCA_COOKIE_MAX_SIZE 4096u
#endif

/** An Expires earlier than this (epoch seconds; default 2025-01-01) is in the
 *  past even when no Date and no wall clock say so: it deletes the cookie. */
#ifndef ORCA_COOKIE_PAST_BEFORE_S
#define ORCA_COOKIE_PAST_BEFORE_S 1735689600
#endif

/* ---- Sessions ---- */

/** Renew a credential this many seconds before it expires (capped at lifetime / 6). */
#ifndef ORCA_SESSION_RENEW_MARGIN_S
#define ORCA_SESSION_RENEW_MARGIN_S 300u
#endif

/** Retries of a request answered 429, 5xx or failed on the network (ORCA_WITH_RETRIES). */
#ifndef ORCA_SESSION_MAX_RETRIES
#define ORCA_SESSION_MAX_RETRIES 2u
#endif

/** Longest Retry-After a retry waits for, in seconds (ORCA_WITH_RETRY_AFTER). */
#ifndef ORCA_SESSION_RETRY_AFTER_MAX_S
#define ORCA_SESSION_RETRY_AFTER_MAX_S 60u
#endif

/** First backoff delay; doubles on each retry, with jitter. */
#ifndef ORCA_SESSION_BACKOFF_MS
#define ORCA_SESSION_BACKOFF_MS 500u
#endif

/** Classic: token lifetime cap in seconds (the documented 30 minutes). */
#ifndef ORCA_CLASSIC_TOKEN_LIFETIME_S
#define ORCA_CLASSIC_TOKEN_LIFETIME_S 1800u
#endif

/** Classic: session limit from the first authentication, in seconds (3 hours). */
#ifndef ORCA_CLASSIC_SESSION_LIMIT_S
#define ORCA_CLASSIC_SESSION_LIMIT_S 10800u
#endif

#endif /* ORCA_CONFIG_H */
