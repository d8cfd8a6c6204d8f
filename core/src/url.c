/* Base URL of a service: "https://host[:port][/]" into host, port and TLS. */
#include <string.h>

#include "orca/session.h"

int orca_url_split(const char *url, char *host, size_t host_size, uint16_t *port, uint8_t *tls)
{
    size_t start, end, i;
    uint32_t p = 0;
    if (url == NULL || host == NULL || port == NULL || tls == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (memcmp(url, "https://", strlen(url) < 8u ? strlen(url) + 1u : 8u) == 0) {
        start = 8u;
    } else if (memcmp(url, "http://", strlen(url) < 7u ? strlen(url) + 1u : 7u) == 0) {
        start = 7u;
    } else {
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
