/**
 * @file status.h
 * @brief The one status type of orca: 0 is success, every error is negative.
 *
 * Codes are grouped in ranges by layer so that a number seen in a log tells
 * where it came from. Values are stable: never renumber a released code.
 */
#ifndef ORCA_STATUS_H
#define ORCA_STATUS_H

/** Result of every fallible orca call. */
typedef enum orca_status {
    ORCA_OK = 0, /**< Success. */

    /* General (-1 .. -19) */
    ORCA_ERR_INVALID_ARG = -1,       /**< NULL pointer or out-of-range argument. */
    ORCA_ERR_BUFFER_TOO_SMALL = -2,  /**< Output does not fit the caller's buffer. */
    ORCA_ERR_TRUNCATED = -3,         /**< A value was cut to fit; the output is incomplete. */
    ORCA_ERR_NOT_FOUND = -4,         /**< Looked-up item does not exist. */
    ORCA_ERR_UNSUPPORTED = -5,       /**< Feature not compiled in or not offered by the port. */
    ORCA_ERR_STATE = -6,             /**< Call not valid in the object's current state. */
    ORCA_ERR_ABORTED = -7,           /**< A caller callback asked to stop. */
    ORCA_ERR_CONFIG_MISMATCH = -8,   /**< The caller was compiled with another config header
                                          than the library (switches or sizes differ). */

    /* HTTP writer and parser (-20 .. -59) */
    ORCA_ERR_HEADER_INJECTION = -20,      /**< CR, LF or NUL in a method, path, header name or value. */
    ORCA_ERR_BAD_METHOD = -21,            /**< Method is empty or not an HTTP token. */
    ORCA_ERR_BAD_HEADER_NAME = -22,       /**< Header name is empty or not an HTTP token. */
    ORCA_ERR_HEADERS_TOO_LARGE = -23,     /**< Response head larger than the caller's buffer. */
    ORCA_ERR_BAD_STATUS_LINE = -24,       /**< Malformed status line (version, code or reason). */
    ORCA_ERR_BAD_HEADER = -25,            /**< Malformed header line. */
    ORCA_ERR_OBS_FOLD = -26,              /**< Obsolete line folding in a header. */
    ORCA_ERR_BARE_LF = -27,               /**< LF without CR where CRLF is required (strict mode). */
    ORCA_ERR_BAD_CONTENT_LENGTH = -28,    /**< Content-Length not a decimal number, or too large. */
    ORCA_ERR_DUP_CONTENT_LENGTH = -29,    /**< Content-Length repeated or conflicting. */
    ORCA_ERR_CL_WITH_CHUNKED = -30,       /**< Both Content-Length and chunked Transfer-Encoding. */
    ORCA_ERR_BAD_TRANSFER_ENCODING = -31, /**< Transfer-Encoding the client cannot decode. */
    ORCA_ERR_BAD_CHUNK = -32,             /**< Malformed chunk size line, extension or terminator. */
    ORCA_ERR_CHUNK_OVERFLOW = -33,        /**< Chunk size does not fit in the size type. */
    ORCA_ERR_UNEXPECTED_EOF = -34,        /**< Connection closed before the message was complete. */
    ORCA_ERR_BODY_TOO_LARGE = -35,        /**< Body does not fit and no body callback was given. */
    ORCA_ERR_PATH_NOT_ABSOLUTE = -36,     /**< Request path does not start with '/'. */
    ORCA_ERR_PATH_SPACE = -37,            /**< Space in the request path (percent-encode it: %20). */

    /* Transport and port (-60 .. -79) */
    ORCA_ERR_IO = -60,            /**< Generic send/recv failure. */
    ORCA_ERR_TIMEOUT = -61,       /**< No progress within the timeout. */
    ORCA_ERR_CONN_REFUSED = -62,  /**< Peer refused the connection. */
    ORCA_ERR_CONN_RESET = -63,    /**< Peer reset the connection. */
    ORCA_ERR_DNS = -64,           /**< Host name did not resolve. */
    ORCA_ERR_CLOSED = -65,        /**< Operation on a connection that is closed. */
    ORCA_ERR_FILE = -66,          /**< A file (CA, password) could not be read. */

    /* TLS (-80 .. -89) */
    ORCA_ERR_TLS = -80,            /**< TLS handshake or record failure. */
    ORCA_ERR_TLS_VERIFY = -81,     /**< Peer certificate or host name verification failed. */
    ORCA_ERR_TLS_CA = -82,         /**< The CA certificate could not be parsed. */
    ORCA_ERR_TLS_MEMORY = -83,     /**< The TLS arena is exhausted. */

    /* Cookies and dates (-90 .. -109) */
    ORCA_ERR_BAD_COOKIE = -90,        /**< Set-Cookie value cannot be parsed (no '=' or empty name). */
    ORCA_ERR_COOKIE_DOMAIN = -91,     /**< Domain attribute refused (public suffix or no domain-match). */
    ORCA_ERR_COOKIE_SECURE = -92,     /**< Secure cookie received over a non-TLS connection. */
    ORCA_ERR_JAR_FULL = -93,          /**< No room in the jar arena, even after evicting expired cookies. */
    ORCA_ERR_BAD_DATE = -94,          /**< Date cannot be parsed or is out of range. */
    ORCA_ERR_COOKIE_TOO_LARGE = -95,  /**< Cookie larger than the jar allows for one entry. */

    /* JSON (-110 .. -119) */
    ORCA_ERR_JSON = -110,             /**< Input is not valid JSON. */
    ORCA_ERR_JSON_TOKENS = -111,      /**< More JSON tokens than the caller's token array holds. */
    ORCA_ERR_JSON_TYPE = -112,        /**< A value has the wrong JSON type. */

    /* Session (-120 .. -139) */
    ORCA_ERR_HTTP = -120,             /**< The server answered with an HTTP error status. */
    ORCA_ERR_AUTH = -121,             /**< Sign-in refused by the server (credentials). */
    ORCA_ERR_BAD_URL = -122,          /**< Base URL cannot be parsed. */
    ORCA_ERR_BAD_RESPONSE = -123,     /**< Response lacks what the protocol requires (token, cookie). */
    ORCA_ERR_SESSION_EXPIRED = -124,  /**< Session limit reached and sign-in not possible. */
    ORCA_ERR_BAD_TOKEN = -125,        /**< Sign-in answer's token holds a byte that cannot go
                                           into a header (control, space, non-ASCII). */
    ORCA_ERR_NO_WALL_CLOCK = -126,    /**< A signed request needs the date: no wall clock, no server Date yet. */
    ORCA_ERR_KEY = -127               /**< The signing key does not parse (or wrong passphrase), or signing failed. */
} orca_status;

/**
 * @brief Short, constant, human-readable name of a status.
 * @param status Any value; unknown values give "unknown status".
 * @return A static string, never NULL.
 */
const char *orca_status_str(int status);

#endif /* ORCA_STATUS_H */
