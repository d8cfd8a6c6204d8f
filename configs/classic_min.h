/* Preset "classic-min": Compute Classic only, the smallest useful image; the
 * firmware example's config. Build with the CMake cache variable
 * -DORCA_CONFIG_FILE=configs/classic_min.h (or -DORCA_CONFIG_FILE='"classic_min.h"'
 * and -Iconfigs). What it leaves out, and why a Classic device can:
 * PCA; the cookie Expires attribute (the nimbula cookie carries Max-Age);
 * reading JSON (Classic answers sign-ins with a cookie; an error body
 * `{"message": ...}` stays readable as text); the URL parser (the host is
 * fixed in the image);retries with backoff. Status texts stay off (config.h's default). */
#define ORCA_WITH_PCA 0
#define ORCA_WITH_COOKIE_EXPIRES 0
#define ORCA_WITH_JSON_READER 0
#define ORCA_WITH_URL_PARSER 0
#define ORCA_WITH_RETRIES 0
/* Request signing is PCA's (issue 13). */
#define ORCA_WITH_PCA_SIGNING 0

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
