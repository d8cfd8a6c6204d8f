/**
 * @file session_state.h
 * @brief A session that survives deep sleep and restarts (ORCA_WITH_SESSION_STATE).
 *
 * orca_session_save() writes what a signed-in session holds into the
 * caller's bytes: the service, host, port, TLS and user it belongs to; the
 * credential (the PCA token, or Classic's cookies from the jar); the time
 * left on it (Classic's cookie lifetime and 3-hour session limit); and the
 * transport's own state through orca_session_config.transport_state (the TLS
 * session, so the next connect resumes). The caller keeps the bytes where it
 * likes: RTC RAM, flash, a file. orca_session_restore() takes them back on a
 * freshly initialised session, with how long the device slept.
 *
 * The bytes are untrusted when they come back: versioned, length-checked and
 * checked with a CRC-32, then checked against the session's config; a
 * corrupted, truncated, foreign or expired state is refused with its own
 * status and the session stays clean (signed out, empty jar, no TLS session
 * loaded): never half-restored. Every cookie goes back through the jar's
 * Set-Cookie parser, and a token through the sign-in's token check.
 *
 * The CRC finds damage, not forgery, and the bytes hold secrets (the token or
 * cookie, the TLS session's master secret): store them where only the
 * firmware can read and write (RTC RAM, internal flash, a file of mode 0600),
 * or encrypt and authenticate them with a device key before they leave the
 * chip. The password is never in them. Wipe your copies when done.
 *
 * Layout (version 1, every number 4 bytes little-endian): "OrcS", version,
 * service, flags, 0; the length of what follows up to the CRC; the wall clock
 * at save (seconds, low word then high word; valid with flag 2); host, user
 * and tenancy (length + bytes each); port; Classic's time left, lifetime and
 * time since sign-in (ms); the PCA credential, the cookies as Set-Cookie
 * lines and the transport's state (length + bytes each); CRC-32 of all before.
 */
#ifndef ORCA_SESSION_STATE_H
#define ORCA_SESSION_STATE_H

#include <stddef.h>
#include <stdint.h>

/** orca_session_restore()'s @p slept_s when the device cannot tell how long it slept. */
#define ORCA_SESSION_SLEPT_UNKNOWN 0xFFFFFFFFu

/** Bytes of a saved state besides host, user, tenancy, credential and transport state. */
#define ORCA_SESSION_STATE_OVERHEAD 64u

struct orca_session;

/**
 * @brief Writes the state of @p s into @p buf.
 * @param s    A session from orca_session_init(), signed in or not (a session
 *             that is not keeps only its transport's state).
 * @param buf  Caller's bytes; on success they hold secrets.
 * @param size Their size: ORCA_SESSION_STATE_OVERHEAD, the lengths of host,
 *             user and tenancy, the credential (PCA: prefix and token;
 *             Classic: each cookie as a Set-Cookie line) and the TLS session
 *             (about 100-200 bytes with tickets) must fit.
 * @param len  Receives the length written.
 * @return ORCA_OK; ORCA_ERR_INVALID_ARG for NULL arguments or a session that
 *         failed to init; ORCA_ERR_BUFFER_TOO_SMALL (@p buf is then wiped);
 *         an error of the transport_state hook's save.
 */
int orca_session_save(struct orca_session *s, uint8_t *buf, size_t size, size_t *len);

/**
 * @brief Restores a state saved by orca_session_save() into @p s.
 * @param s       A session from orca_session_init() with the same service,
 *                host, port, TLS, user and tenancy; what it held is dropped.
 * @param buf     The saved bytes (untrusted).
 * @param len     Their length.
 * @param slept_s How long passed since the save, in seconds, when the device
 *                knows (a sleep timer, an RTC); ORCA_SESSION_SLEPT_UNKNOWN:
 *                the clock's unix_s at save and now tells, when both are known.
 *                When neither can, a Classic cookie is not trusted (the next
 *                call signs in) while the TLS session is still offered; a PCA
 *                token is kept (a 401 signs in again and replays, as always).
 * @return ORCA_OK (s->signed_in says whether a credential came back);
 *         ORCA_ERR_INVALID_ARG for NULL arguments;
 *         ORCA_ERR_STATE_CORRUPT for bytes that are cut, damaged (CRC), of
 *           another version, or hold a credential or cookie that is refused;
 *         ORCA_ERR_STATE_FOREIGN for the state of another service, host,
 *           port, scheme, user, tenancy or credential prefix;
 *         ORCA_ERR_STATE_EXPIRED when the Classic credential's lifetime or
 *           the session limit ran out while the device slept;
 *         an error of the transport_state hook's load.
 *         On any error the session is signed out with an empty jar.
 */
int orca_session_restore(struct orca_session *s, const uint8_t *buf, size_t len,
                         uint32_t slept_s);

#endif /* ORCA_SESSION_STATE_H */
