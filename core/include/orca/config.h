/**
 * @file config.h
 * @brief Compile-time defaults. Override any of them in one file of your own:
 *        compile with -DORCA_CONFIG_FILE='"my_orca_config.h"' and define the
 *        macros there (the mbedTLS / lwIP convention). Every default below is
 *        guarded by #ifndef, so your file only lists what it changes.
 *
 * Sizes here are defaults for caller-owned buffers and limits; orca itself
 * allocates nothing.
 */
#ifndef ORCA_CONFIG_H
#define ORCA_CONFIG_H

#ifdef ORCA_CONFIG_FILE
#include ORCA_CONFIG_FILE
#endif

/* ---- Status ---- */

/** 0 (the default for bare-metal images, which log numbers): orca_status_str()
 *  only says "ok", "error" or "unknown status". 1: it names every status, for
 *  about 850 bytes of .text on Cortex-M4. The CMake option ORCA_STATUS_STRINGS
 *  (ON for hosted builds: the CLI, the tests) defines it to 1. */
#ifndef ORCA_STATUS_STRINGS
#define ORCA_STATUS_STRINGS 0
#endif

/* ---- HTTP ---- */

/** Default timeout of one transport operation, in milliseconds. */
#ifndef ORCA_DEFAULT_TIMEOUT_MS
#define ORCA_DEFAULT_TIMEOUT_MS 10000u
#endif

/** 1: an exchange has one deadline from its connect to its last body byte
 *  (orca_http_request.exchange_timeout_ms, orca_session_config.exchange_timeout_ms);
 *  0: only the per-operation timeout bounds it. */
#ifndef ORCA_WITH_DEADLINE
#define ORCA_WITH_DEADLINE 1
#endif

/** Default deadline of one whole exchange (connect, TLS handshake, send,
 *  receive to the last body byte), in milliseconds. Raise it for large bodies
 *  on slow links. */
#ifndef ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS
#define ORCA_DEFAULT_EXCHANGE_TIMEOUT_MS 60000u
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

/** Retries of a request answered 429, 5xx or failed on the network. */
#ifndef ORCA_SESSION_MAX_RETRIES
#define ORCA_SESSION_MAX_RETRIES 2u
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
