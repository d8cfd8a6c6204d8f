/* Base URL of a service: "https://host[:port][/]" into host, port and TLS. */
#include <string.h>

#include "orca/session.h"

#if ORCA_WITH_URL_PARSER

/* Length of @p prefix when @p s starts with it, else 0 (stops at s's NUL). */
static size_t url_prefix(const char *s, const char *prefix)
{
    size_t i = 0;
    while (prefix[i] != '\0' && s[i] == prefix[i]) {
        i++;
    }
    return prefix[i] == '\0' ? i : 0u;
}

int orca_url_split(const char *url, char *host, size_t host_size, uint16_t *port, uint8_t *tls)
{
    size_t start, end, i;
    uint32_t p = 0;
    if (url == NULL || host == NULL || port == NULL || tls == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    start = url_prefix(url, "https://");
    if (start == 0u && (start = url_prefix(url, "http://")) == 0u) {
        return ORCA_ERR_BAD_URL;
    }
    *tls = start == 8u;
    end = start;
    if (url[start] == '[') { /* IPv6 literal */
        while (url[end] != '\0' && url[end] != ']') {
            end++;
        }
        if (url[end] != ']') {
            return ORCA_ERR_BAD_URL;
        }
        start++;
        i = end + 1u;
    } else {
        while (url[end] != '\0' && url[end] != ':' && url[end] != '/') {
            end++;
        }
        i = end;
    }
    if (url[i] == ':') {
        for (i++; url[i] >= '0' && url[i] <= '9' && p <= 65535u; i++) {
            p = p * 10u + (uint32_t)(url[i] - '0');
        }
        if (p == 0u || p > 65535u) {
            return ORCA_ERR_BAD_URL;
        }
    }
    if (end == start || (url[i] != '\0' && !(url[i] == '/' && url[i + 1u] == '\0'))) {
        return ORCA_ERR_BAD_URL;
    }
    if (end - start >= host_size) {
        return ORCA_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(host, url + start, end - start);
    host[end - start] = '\0';
    *port = (uint16_t)p;
    return ORCA_OK;
}

#endif /* ORCA_WITH_URL_PARSER */
