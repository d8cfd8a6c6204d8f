/* Status texts: one packed string per range of status.h, in code order
 * (0, -1, -2, ...), found by walking the NULs: no pointer table. */
#include "orca/config.h"
#include "orca/status.h"

#if ORCA_STATUS_STRINGS
/* First magnitude and count of each range; TEXTS holds them in this order,
 * then the unknown text. Keep both in step with status.h. */
static const unsigned char ranges[][2] = {
    {0u, 9u}, {20u, 18u}, {60u, 7u}, {80u, 4u}, {90u, 6u}, {110u, 3u}, {120u, 8u},
};

static const char texts[] =
    /* general, 0 .. -8 */
    "ok\0invalid argument\0buffer too small\0value truncated\0not found\0unsupported\0"
    "invalid state\0aborted\0config header differs from the library's\0"
    /* HTTP, -20 .. -37 */
    "CR, LF or NUL in request field\0bad method\0bad header name\0response head too large\0"
    "bad status line\0bad header line\0obsolete line folding\0bare LF\0"
    "bad Content-Length\0repeated Content-Length\0Content-Length with chunked\0"
    "unsupported Transfer-Encoding\0bad chunk\0chunk size overflow\0unexpected EOF\0"
    "body too large\0path does not start with '/'\0space in path (percent-encode it)\0"
    /* transport, -60 .. -66 */
    "I/O error\0timeout\0connection refused\0connection reset\0DNS lookup failed\0"
    "connection closed\0file error\0"
    /* TLS, -80 .. -83 */
    "TLS error\0TLS verification failed\0bad CA certificate\0TLS arena exhausted\0"
    /* cookies and dates, -90 .. -95 */
    "bad Set-Cookie\0cookie domain refused\0Secure cookie over HTTP\0"
    "cookie jar full\0bad date\0cookie too large\0"
    /* JSON, -110 .. -112 */
    "invalid JSON\0too many JSON tokens\0wrong JSON type\0"
    /* session, -120 .. -127 */
    "HTTP error status\0sign-in refused\0bad URL\0unexpected response\0session expired\0"
    "bad token in sign-in answer\0no wall clock\0bad signing key\0"
    "unknown status";

const char *orca_status_str(int status)
{
    unsigned m = status <= 0 && status > -256 ? (unsigned)-status : 255u;
    unsigned skip = 0, r;
    const char *s = texts;
    for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        if (m - (unsigned)ranges[r][0] < ranges[r][1]) {
            skip += m - (unsigned)ranges[r][0];
            break;
        }
        skip += ranges[r][1];
    }
    while (skip-- > 0u) {
        while (*s++ != '\0') {
        }
    }
    return s;
}
#else
const char *orca_status_str(int status)
{
    return status == ORCA_OK ? "ok" : status < 0 && status > -140 ? "error" : "unknown status";
}
#endif
