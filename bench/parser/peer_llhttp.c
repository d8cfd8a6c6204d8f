/* llhttp 8.1 (Debian node-llhttp sources, built in the same run). */
#include <string.h>

#include "bench.h"
#include "llhttp.h"

/* llhttp reports every completed value, so a field never has a header
 * pending before it: the leaner start than bench_spans_field(). */
static int on_header_field(llhttp_t *p, const char *at, size_t n)
{
    struct bench_spans *s = p->data;
    if (s->in_value || s->name == NULL)
        bench_spans_start(s, at);
    s->name_len += n;
    return 0;
}

static int on_header_value(llhttp_t *p, const char *at, size_t n)
{
    bench_spans_value(p->data, at, n);
    return 0;
}

/* llhttp says when a value is complete: report the header right away. */
static int on_header_value_complete(llhttp_t *p)
{
    struct bench_spans *s = p->data;
    bench_header(s->r, s->name, s->name_len, s->value ? s->value : "", s->value_len);
    return 0;
}

static int on_headers_complete(llhttp_t *p)
{
    struct bench_spans *s = p->data;
    s->r->status = p->status_code;
    return 0;
}

static int on_body(llhttp_t *p, const char *at, size_t n)
{
    struct bench_spans *s = p->data;
    bench_body(s->r, at, n);
    return 0;
}

static int on_message_complete(llhttp_t *p)
{
    struct bench_spans *s = p->data;
    s->done = 1;
    return 0;
}

int bench_parse(char *buf, size_t len, struct bench_result *r)
{
    llhttp_t parser;
    llhttp_settings_t settings;
    struct bench_spans s;

    memset(&s, 0, sizeof(s));
    s.r = r;
    llhttp_settings_init(&settings);
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_header_value_complete = on_header_value_complete;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    llhttp_init(&parser, HTTP_RESPONSE, &settings);
    parser.data = &s;
    if (llhttp_execute(&parser, buf, len) != HPE_OK || !s.done)
        return -1;
    return 0;
}
