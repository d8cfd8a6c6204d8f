/* nodejs/http-parser 2.9 (Debian libhttp-parser-dev). */
#include <string.h>

#include "bench.h"
#include <http_parser.h>

struct ctx {
    struct bench_result *r;
    const char *name, *value;
    size_t name_len, value_len;
    int in_value, done;
};

static void flush_header(struct ctx *c)
{
    if (c->name != NULL)
        bench_header(c->r, c->name, c->name_len, c->value ? c->value : "", c->value_len);
    c->name = NULL;
}

static int on_header_field(http_parser *p, const char *at, size_t n)
{
    struct ctx *c = p->data;
    if (c->in_value || c->name == NULL) {
        flush_header(c);
        c->name = at;
        c->name_len = 0;
        c->value = NULL;
        c->value_len = 0;
        c->in_value = 0;
    }
    c->name_len += n;
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t n)
{
    struct ctx *c = p->data;
    if (!c->in_value) {
        c->value = at;
        c->in_value = 1;
    }
    c->value_len += n;
    return 0;
}

static int on_headers_complete(http_parser *p)
{
    struct ctx *c = p->data;
    flush_header(c);
    c->r->status = (int)p->status_code;
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t n)
{
    struct ctx *c = p->data;
    bench_body(c->r, at, n);
    return 0;
}

static int on_message_complete(http_parser *p)
{
    struct ctx *c = p->data;
    c->done = 1;
    return 0;
}

int bench_parse(char *buf, size_t len, struct bench_result *r)
{
    http_parser parser;
    http_parser_settings settings;
    struct ctx c;

    memset(&c, 0, sizeof(c));
    c.r = r;
    memset(&settings, 0, sizeof(settings));
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &c;
    if (http_parser_execute(&parser, &settings, buf, len) != len || !c.done)
        return -1;
    return 0;
}
