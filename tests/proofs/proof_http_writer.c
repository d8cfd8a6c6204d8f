/* EVA driver: the request head writer (http_writer.c, text_out.c) with
 * unknown bytes in every field: method, path, host and two extra headers
 * (name and value), each FIELD_MAX bytes or fewer (or NULL), any port, TLS
 * and keep-alive, a body or none of any length, into an output buffer of any
 * size from 0 to OUT_MAX. */
#include "__fc_builtin.h"

#include "orca/http.h"

#ifndef FIELD_MAX
#define FIELD_MAX 8
#endif
#ifndef OUT_MAX
#define OUT_MAX 160
#endif

static const char *field(char *bytes, size_t *len)
{
    Frama_C_make_unknown(bytes, FIELD_MAX);
    *len = Frama_C_size_t_interval(0, FIELD_MAX);
    return Frama_C_nondet(0, 1) ? bytes : NULL;
}

int main(void)
{
    static char bytes[7][FIELD_MAX];
    static uint8_t out[OUT_MAX];
    static const uint8_t body[1];
    orca_http_header h[2];
    orca_http_request req = {0};
    size_t out_len = 0;
    req.method = field(bytes[0], &req.method_len);
    req.path = field(bytes[1], &req.path_len);
    req.host = field(bytes[2], &req.host_len);
    h[0].name = field(bytes[3], &h[0].name_len);
    h[0].value = field(bytes[4], &h[0].value_len);
    h[1].name = field(bytes[5], &h[1].name_len);
    h[1].value = field(bytes[6], &h[1].value_len);
    req.port = Frama_C_unsigned_short_interval(0, 65535);
    req.tls = (uint8_t)Frama_C_nondet(0, 1);
    req.keep_alive = (uint8_t)Frama_C_nondet(0, 1);
    req.headers = Frama_C_nondet(0, 1) ? h : NULL;
    req.header_count = Frama_C_size_t_interval(0, 2);
    req.body = Frama_C_nondet(0, 1) ? body : NULL;
    req.body_len = Frama_C_size_t_interval(0, SIZE_MAX);
    /* One state with a method, one without: the writer reads the method
     * again (for Content-Length) only when it was valid. */
    /*@ split req.method == \null; */
    return orca_http_write_head(&req, out, Frama_C_size_t_interval(0, OUT_MAX), &out_len);
}
