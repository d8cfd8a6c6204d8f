#include "orca/status.h"

const char *orca_status_str(int status)
{
    switch (status) {
    case ORCA_OK: return "ok";
    case ORCA_ERR_INVALID_ARG: return "invalid argument";
    case ORCA_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case ORCA_ERR_TRUNCATED: return "value truncated";
    case ORCA_ERR_NOT_FOUND: return "not found";
    case ORCA_ERR_UNSUPPORTED: return "unsupported";
    case ORCA_ERR_STATE: return "invalid state";
    case ORCA_ERR_ABORTED: return "aborted by callback";
    case ORCA_ERR_HEADER_INJECTION: return "CR, LF or NUL in request field";
    case ORCA_ERR_BAD_METHOD: return "bad method";
    case ORCA_ERR_BAD_HEADER_NAME: return "bad header name";
    case ORCA_ERR_HEADERS_TOO_LARGE: return "response headers too large";
    case ORCA_ERR_BAD_STATUS_LINE: return "bad status line";
    case ORCA_ERR_BAD_HEADER: return "bad header line";
    case ORCA_ERR_OBS_FOLD: return "obsolete header line folding";
    case ORCA_ERR_BARE_LF: return "bare LF";
    case ORCA_ERR_BAD_CONTENT_LENGTH: return "bad Content-Length";
    case ORCA_ERR_DUP_CONTENT_LENGTH: return "repeated Content-Length";
    case ORCA_ERR_CL_WITH_CHUNKED: return "Content-Length with chunked";
    case ORCA_ERR_BAD_TRANSFER_ENCODING: return "unsupported Transfer-Encoding";
    case ORCA_ERR_BAD_CHUNK: return "bad chunk";
    case ORCA_ERR_CHUNK_OVERFLOW: return "chunk size overflow";
    case ORCA_ERR_UNEXPECTED_EOF: return "unexpected end of stream";
    case ORCA_ERR_EXTRA_DATA: return "unexpected data after response";
    case ORCA_ERR_BODY_TOO_LARGE: return "body too large";
    case ORCA_ERR_IO: return "I/O error";
    case ORCA_ERR_TIMEOUT: return "timeout";
    case ORCA_ERR_CONN_REFUSED: return "connection refused";
    case ORCA_ERR_CONN_RESET: return "connection reset";
    case ORCA_ERR_DNS: return "host name not resolved";
    case ORCA_ERR_CLOSED: return "connection closed";
    case ORCA_ERR_FILE: return "file error";
    case ORCA_ERR_TLS: return "TLS error";
    case ORCA_ERR_TLS_VERIFY: return "TLS certificate verification failed";
    case ORCA_ERR_TLS_CA: return "bad CA certificate";
    case ORCA_ERR_TLS_MEMORY: return "TLS arena exhausted";
    case ORCA_ERR_BAD_COOKIE: return "bad Set-Cookie";
    case ORCA_ERR_COOKIE_DOMAIN: return "cookie domain refused";
    case ORCA_ERR_COOKIE_SECURE: return "secure cookie over plain connection";
    case ORCA_ERR_JAR_FULL: return "cookie jar full";
    case ORCA_ERR_BAD_DATE: return "bad date";
    case ORCA_ERR_COOKIE_TOO_LARGE: return "cookie too large";
    case ORCA_ERR_JSON: return "invalid JSON";
    case ORCA_ERR_JSON_TOKENS: return "too many JSON tokens";
    case ORCA_ERR_JSON_TYPE: return "wrong JSON type";
    case ORCA_ERR_HTTP: return "HTTP error status";
    case ORCA_ERR_AUTH: return "sign-in refused";
    case ORCA_ERR_BAD_URL: return "bad URL";
    case ORCA_ERR_BAD_RESPONSE: return "unexpected response";
    case ORCA_ERR_SESSION_EXPIRED: return "session expired";
    case ORCA_ERR_RETRIES: return "retries exhausted";
    default: return "unknown status";
    }
}
