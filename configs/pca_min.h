/* Preset "pca-min": PCA 3.0 only. Build with the CMake cache variable
 * -DORCA_CONFIG_FILE=configs/pca_min.h. What it leaves out, and why a PCA
 * device can: Classic; the cookie jar (PCA carries its token in a header); the
 * URL parser (the host is fixed in the image); the JSON grammar check beyond
 * jsmn's strict mode (the login answer is still read safely). Status texts stay off. */
#define ORCA_WITH_CLASSIC 0
#define ORCA_WITH_COOKIES 0
#define ORCA_WITH_URL_PARSER 0
#define ORCA_WITH_JSON_VALIDATION 0
/* Session sign-in, not request signing; no Retry-After (both bring the date
 * parser, issue 13). */
#define ORCA_WITH_PCA_SIGNING 0
#define ORCA_WITH_RETRY_AFTER 0

/* Saving the session across sleep (about 2.4 KB) is for devices that sleep
 * between calls: a minimal image leaves it out. */
#define ORCA_WITH_SESSION_STATE 0
/* Calls block: no non-blocking mode (about 350 B). */
#define ORCA_WITH_NONBLOCKING 0
/* The session reads its answers' headers while parsing: no lookup after the
 * parse (orca_http_response_header(), about 150 B); a caller reads a header
 * with orca_http_callbacks.on_header. */
#define ORCA_WITH_HEADER_LOOKUP 0
/* No exchange log (orca_session_config.log is ignored; about 160 B): a
 * device reports from its calls' results and session.error. */
#define ORCA_WITH_EXCHANGE_LOG 0
