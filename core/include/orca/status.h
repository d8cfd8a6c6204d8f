/**
 * @file status.h
 * @brief The one status type of orca: 0 is success, every error is negative.
 *
 * Codes are grouped in ranges by layer so that a number seen in a log tells
 * where it came from. Values are stable: never renumber a released code.
 * The enum and the texts of orca_status_str() are both made from the one list
 * below (an X-macro): a new status is one entry there, with its meaning in the
 * comment above it.
 */
#ifndef ORCA_STATUS_H
#define ORCA_STATUS_H

/** Every status: X(name, value, short text), grouped by range. */
#define ORCA_STATUS_LIST(X)                                                                        \
    /* Success. */                                                                                 \
    X(ORCA_OK, 0, "ok")                                                                            \
    /* ---- General (-1 .. -19) ---- */                                                            \
    /* NULL pointer or out-of-range argument. */                                                   \
    X(ORCA_ERR_INVALID_ARG, -1, "invalid argument")                                                \
    /* Output does not fit the caller's buffer. */                                                 \
    X(ORCA_ERR_BUFFER_TOO_SMALL, -2, "buffer too small")                                           \
    /* A value was cut to fit; the output is incomplete. */                                        \
    X(ORCA_ERR_TRUNCATED, -3, "value truncated")                                                   \
    /* Looked-up item does not exist. */                                                           \
    X(ORCA_ERR_NOT_FOUND, -4, "not found")                                                         \
    /* Feature not compiled in or not offered by the port. */                                      \
    X(ORCA_ERR_UNSUPPORTED, -5, "unsupported")                                                     \
    /* Call not valid in the object's current state. */                                            \
    X(ORCA_ERR_STATE, -6, "invalid state")                                                         \
    /* A caller callback asked to stop. */                                                         \
    X(ORCA_ERR_ABORTED, -7, "aborted")                                                             \
    /* The caller was compiled with another config header than the library (struct layouts         \
     * differ): orca_session_init says which setting. */                                           \
    X(ORCA_ERR_CONFIG_MISMATCH, -8, "config header differs from the library's")                    \
    /* ---- HTTP writer and parser (-20 .. -59) ---- */                                            \
    /* CR, LF or NUL in a method, path, header name or value. */                                   \
    X(ORCA_ERR_HEADER_INJECTION, -20, "CR, LF or NUL in request field")                            \
    /* Method is empty or not an HTTP token. */                                                    \
    X(ORCA_ERR_BAD_METHOD, -21, "bad method")                                                      \
    /* Header name is empty or not an HTTP token. */                                               \
    X(ORCA_ERR_BAD_HEADER_NAME, -22, "bad header name")                                            \
    /* Response head larger than the caller's buffer. */                                           \
    X(ORCA_ERR_HEADERS_TOO_LARGE, -23, "response head too large")                                  \
    /* Malformed status line (version, code or reason). */                                         \
    X(ORCA_ERR_BAD_STATUS_LINE, -24, "bad status line")                                            \
    /* Malformed header line. */                                                                   \
    X(ORCA_ERR_BAD_HEADER, -25, "bad header line")                                                 \
    /* Obsolete line folding in a header. */                                                       \
    X(ORCA_ERR_OBS_FOLD, -26, "obsolete line folding")                                             \
    /* LF without CR where CRLF is required (strict mode). */                                      \
    X(ORCA_ERR_BARE_LF, -27, "bare LF")                                                            \
    /* Content-Length not a decimal number, or too large. */                                       \
    X(ORCA_ERR_BAD_CONTENT_LENGTH, -28, "bad Content-Length")                                      \
    /* Content-Length repeated or conflicting. */                                                  \
    X(ORCA_ERR_DUP_CONTENT_LENGTH, -29, "repeated Content-Length")                                 \
    /* Both Content-Length and chunked Transfer-Encoding. */                                       \
    X(ORCA_ERR_CL_WITH_CHUNKED, -30, "Content-Length with chunked")                                \
    /* Transfer-Encoding the client cannot decode. */                                              \
    X(ORCA_ERR_BAD_TRANSFER_ENCODING, -31, "unsupported Transfer-Encoding")                        \
    /* Malformed chunk size line, extension or terminator. */                                      \
    X(ORCA_ERR_BAD_CHUNK, -32, "bad chunk")                                                        \
    /* Chunk size does not fit in the size type. */                                                \
    X(ORCA_ERR_CHUNK_OVERFLOW, -33, "chunk size overflow")                                         \
    /* Connection closed before the message was complete. */                                       \
    X(ORCA_ERR_UNEXPECTED_EOF, -34, "unexpected EOF")                                              \
    /* Body does not fit and no body callback was given. */                                        \
    X(ORCA_ERR_BODY_TOO_LARGE, -35, "body too large")                                              \
    /* Request path does not start with '/'. */                                                    \
    X(ORCA_ERR_PATH_NOT_ABSOLUTE, -36, "path does not start with '/'")                             \
    /* Space in the request path (percent-encode it: %20). */                                      \
    X(ORCA_ERR_PATH_SPACE, -37, "space in path (percent-encode it)")                               \
    /* ---- Transport and port (-60 .. -79) ---- */                                                \
    /* Generic send/recv failure. */                                                               \
    X(ORCA_ERR_IO, -60, "I/O error")                                                               \
    /* No progress within the timeout. */                                                          \
    X(ORCA_ERR_TIMEOUT, -61, "timeout")                                                            \
    /* Peer refused the connection. */                                                             \
    X(ORCA_ERR_CONN_REFUSED, -62, "connection refused")                                            \
    /* Peer reset the connection. */                                                               \
    X(ORCA_ERR_CONN_RESET, -63, "connection reset")                                                \
    /* Host name did not resolve. */                                                               \
    X(ORCA_ERR_DNS, -64, "DNS lookup failed")                                                      \
    /* Operation on a connection that is closed. */                                                \
    X(ORCA_ERR_CLOSED, -65, "connection closed")                                                   \
    /* A file (CA, password) could not be read. */                                                 \
    X(ORCA_ERR_FILE, -66, "file error")                                                            \
    /* The last three of the range are no failures: a non-blocking transport (transport.h)         \
     * or session (session.h) could not go on without waiting. Call again with the same            \
     * arguments once the connection is readable / writable (mbedTLS's                             \
     * MBEDTLS_ERR_SSL_WANT_READ / _WRITE) or the tick has come. */                                \
    /* A session waits for time to pass (a backoff, a Retry-After): orca_session_wait(). */        \
    X(ORCA_ERR_WANT_TICK, -77, "would block: wants a later tick")                                  \
    /* Nothing to read yet. */                                                                     \
    X(ORCA_ERR_WANT_READ, -78, "would block: wants readable")                                      \
    /* No room to write yet, or a connect still in progress. */                                    \
    X(ORCA_ERR_WANT_WRITE, -79, "would block: wants writable")                                     \
    /* ---- TLS (-80 .. -89) ---- */                                                               \
    /* TLS handshake or record failure. */                                                         \
    X(ORCA_ERR_TLS, -80, "TLS error")                                                              \
    /* Peer certificate or host name verification failed. */                                       \
    X(ORCA_ERR_TLS_VERIFY, -81, "TLS verification failed")                                         \
    /* The CA certificate could not be parsed. */                                                  \
    X(ORCA_ERR_TLS_CA, -82, "bad CA certificate")                                                  \
    /* The TLS arena is exhausted. */                                                              \
    X(ORCA_ERR_TLS_MEMORY, -83, "TLS arena exhausted")                                             \
    /* Saved TLS session bytes truncated, damaged or from another mbedTLS build. */                \
    X(ORCA_ERR_TLS_SESSION, -84, "bad saved TLS session")                                          \
    /* Saved TLS session belongs to another host name. */                                          \
    X(ORCA_ERR_TLS_SESSION_HOST, -85, "saved TLS session is for another host")                     \
    /* ---- Cookies and dates (-90 .. -109) ---- */                                                \
    /* Set-Cookie value cannot be parsed (no '=' or empty name). */                                \
    X(ORCA_ERR_BAD_COOKIE, -90, "bad Set-Cookie")                                                  \
    /* Domain attribute refused (public suffix or no domain-match). */                             \
    X(ORCA_ERR_COOKIE_DOMAIN, -91, "cookie domain refused")                                        \
    /* Secure cookie received over a non-TLS connection. */                                        \
    X(ORCA_ERR_COOKIE_SECURE, -92, "Secure cookie over HTTP")                                      \
    /* No room in the jar arena, even after evicting expired cookies. */                           \
    X(ORCA_ERR_JAR_FULL, -93, "cookie jar full")                                                   \
    /* Date cannot be parsed or is out of range. */                                                \
    X(ORCA_ERR_BAD_DATE, -94, "bad date")                                                          \
    /* Cookie larger than the jar allows for one entry. */                                         \
    X(ORCA_ERR_COOKIE_TOO_LARGE, -95, "cookie too large")                                          \
    /* ---- JSON (-110 .. -119) ---- */                                                            \
    /* Input is not valid JSON. */                                                                 \
    X(ORCA_ERR_JSON, -110, "invalid JSON")                                                         \
    /* More JSON tokens than the caller's token array holds. */                                    \
    X(ORCA_ERR_JSON_TOKENS, -111, "too many JSON tokens")                                          \
    /* A value has the wrong JSON type. */                                                         \
    X(ORCA_ERR_JSON_TYPE, -112, "wrong JSON type")                                                 \
    /* ---- Session (-120 .. -139) ---- */                                                         \
    /* The server answered with an HTTP error status. */                                           \
    X(ORCA_ERR_HTTP, -120, "HTTP error status")                                                    \
    /* Sign-in refused by the server (credentials). */                                             \
    X(ORCA_ERR_AUTH, -121, "sign-in refused")                                                      \
    /* Base URL cannot be parsed. */                                                               \
    X(ORCA_ERR_BAD_URL, -122, "bad URL")                                                           \
    /* Response lacks what the protocol requires (token, cookie). */                               \
    X(ORCA_ERR_BAD_RESPONSE, -123, "unexpected response")                                          \
    /* Session limit reached and sign-in not possible. */                                          \
    X(ORCA_ERR_SESSION_EXPIRED, -124, "session expired")                                           \
    /* Sign-in answer's token holds a byte that cannot go into a header (control, space,           \
     * non-ASCII). */                                                                              \
    X(ORCA_ERR_BAD_TOKEN, -125, "bad token in sign-in answer")                                     \
    /* A signed request needs the date: no wall clock, no server Date yet. */                      \
    X(ORCA_ERR_NO_WALL_CLOCK, -126, "no wall clock")                                               \
    /* The signing key does not parse (or wrong passphrase), or signing failed. */                 \
    X(ORCA_ERR_KEY, -127, "bad signing key")                                                      \
    /* A saved session state is cut, damaged (CRC), of another version, or holds a credential      \
     * or cookie that is refused. */                                                               \
    X(ORCA_ERR_STATE_CORRUPT, -130, "saved state corrupt")                                         \
    /* A saved session state belongs to another service, host, port, scheme, user or tenancy. */   \
    X(ORCA_ERR_STATE_FOREIGN, -131, "saved state of another session")                              \
    /* The credential of a saved session state expired while the device slept. */                  \
    X(ORCA_ERR_STATE_EXPIRED, -132, "saved state expired")

/** Result of every fallible orca call (the names and meanings: ORCA_STATUS_LIST). */
typedef enum orca_status {
/** Expands one entry of ORCA_STATUS_LIST into an enumerator (defined here only). */
#define ORCA_STATUS_ENUM(name, value, text) name = (value),
    ORCA_STATUS_LIST(ORCA_STATUS_ENUM)
#undef ORCA_STATUS_ENUM
} orca_status;

/**
 * @brief Short, constant, human-readable name of a status (with
 *        ORCA_STATUS_STRINGS; without it "ok", "error" or "unknown status").
 * @param status Any value; unknown values give "unknown status".
 * @return A static string, never NULL.
 */
const char *orca_status_str(int status);

#endif /* ORCA_STATUS_H */
