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

/* ---- Request signing and Retry-After (issue 13) ---- */

/** 1: PCA with OCI request signing (ORCA_SERVICE_PCA_SIGNED, orca/signer.h,
 *  core/src/auth_pca_signed.c, orca_date_format_http()). 0: the strategy,
 *  its header hook and the date writer are left out, and orca_session_init()
 *  answers ORCA_ERR_UNSUPPORTED for ORCA_SERVICE_PCA_SIGNED. */
#ifndef ORCA_WITH_PCA_SIGNING
#define ORCA_WITH_PCA_SIGNING 1
#endif

/** 1: a 429 or 503 answer with Retry-After (seconds or an HTTP-date) waits
 *  that long before the retry instead of the computed backoff, up to
 *  orca_session_config.retry_after_max_s; longer: no retry. 0: Retry-After
 *  is ignored. Part of the retries. */
#ifndef ORCA_WITH_RETRY_AFTER
#define ORCA_WITH_RETRY_AFTER 1
#endif

/** Default cap on a Retry-After wait, in seconds. */
#ifndef ORCA_SESSION_RETRY_AFTER_MAX_S
#define ORCA_SESSION_RETRY_AFTER_MAX_S 60u
#endif

#endif /* ORCA_CONFIG_H */
