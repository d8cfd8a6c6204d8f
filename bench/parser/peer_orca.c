/* orca's response parser (core/src), the way orca_http_exchange uses it:
 * the bytes were received straight into the parser's work buffer
 * (orca_http_parser_space), a body that fits is delivered in place. */
#include "bench.h"
#include "orca/http.h"

static int on_header(void *ctx, const orca_http_header *h)
{
    bench_header(ctx, h->name, h->name_len, h->value, h->value_len);
    return 0;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    bench_body(ctx, (const char *)data, len);
    return 0;
}

int bench_parse(char *buf, size_t len, struct bench_result *r)
{
    orca_http_parser p;
    orca_http_callbacks cb;
    size_t avail, consumed;
    uint8_t *space;

    cb.on_header = on_header;
    cb.on_body = on_body;
    cb.ctx = r;
    orca_http_parser_init(&p, (uint8_t *)buf, BENCH_BUF_SIZE, 0, &cb);
    space = orca_http_parser_space(&p, &avail);
    if (space != (uint8_t *)buf || avail < len)
        return -1;
    if (orca_http_parser_feed(&p, space, len, &consumed) != ORCA_OK || consumed != len ||
        !orca_http_parser_complete(&p))
        return -1;
    r->status = p.response.status;
    if (!p.response.body_streamed && p.response.body_len > 0)
        bench_body(r, (const char *)p.response.body, p.response.body_len);
    return 0;
}
