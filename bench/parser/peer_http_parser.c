/* nodejs/http-parser 2.9 (Debian libhttp-parser-dev). */
#include <string.h>

#include "bench.h"
#include <http_parser.h>

static int on_header_field(http_parser *p, const char *at, size_t n)
{
    bench_spans_field(p->data, at, n);
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t n)
{
    bench_spans_value(p->data, at, n);
    return 0;
}

/* http-parser has no "value complete" event: the next field or the end of
 * the head completes a header. */
static int on_headers_complete(http_parser *p)
{
    struct bench_spans *s = p->data;
    bench_spans_flush(s);
    s->r->status = (int)p->status_code;
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t n)
{
    struct bench_spans *s = p->data;
    bench_body(s->r, at, n);
    return 0;
}

static int on_message_complete(http_parser *p)
{
    struct bench_spans *s = p->data;
    s->done = 1;
    return 0;
}

int bench_parse(char *buf, size_t len, struct bench_result *r)
{
    http_parser parser;
    http_parser_settings settings;
    struct bench_spans s;

    memset(&s, 0, sizeof(s));
    s.r = r;
    memset(&settings, 0, sizeof(settings));
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &s;
    if (http_parser_execute(&parser, &settings, buf, len) != len || !s.done)
        return -1;
    return 0;
}
