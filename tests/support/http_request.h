/*
 * Test helper: an orca_http_request from NUL-terminated strings.
 */
#ifndef ORCA_TEST_HTTP_REQUEST_H
#define ORCA_TEST_HTTP_REQUEST_H

#include <string.h>

#include "orca/http.h"

/* https, default port, keep-alive, no body; headers may be NULL. */
static inline orca_http_request test_request(const char *method, const char *path,
                                             const char *host, const orca_http_header *headers,
                                             size_t header_count)
{
    orca_http_request req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.method_len = strlen(method);
    req.path = path;
    req.path_len = strlen(path);
    req.host = host;
    req.host_len = strlen(host);
    req.tls = 1;
    req.keep_alive = 1;
    req.headers = headers;
    req.header_count = header_count;
    return req;
}

/* Sets a body from a string. */
static inline void test_request_body(orca_http_request *req, const char *body)
{
    req->body = (const uint8_t *)body;
    req->body_len = strlen(body);
}

#endif /* ORCA_TEST_HTTP_REQUEST_H */
