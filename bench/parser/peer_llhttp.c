/* llhttp 8.1 (Debian node-llhttp sources, built in the same run). */
#include <string.h>

#include "bench.h"
#include "llhttp.h"

struct ctx {
    struct bench_result *r;
    const char *name, *value;
    size_t name_len, value_len;
    int in_value, done;
};

static int on_header_field(llhttp_t *p, const char *at, size_t n)
{
    struct ctx *c = p->data;
    if (c->in_value || c->name == NULL) {
        c->name = at;
        c->name_len = 0;
        c->value = NULL;
        c->value_len = 0;
        c->in_value = 0;
    }
    c->name_len += n;
    return 0;
}

static int on_header_value(llhttp_t *p, const char *at, size_t n)
{
    struct ctx *c = p->data;
    if (!c->in_value) {
        c->value = at;
        c->in_value = 1;
    }
    c->value_len += n;
    return 0;
}

static int on_header_value_complete(llhttp_t *p)
{
    struct ctx *c = p->data;
    bench_header(c->r, c->name, c->name_len, c->value ? c->value : "", c->value_len);
    return 0;
}

static int on_headers_complete(llhttp_t *p)
{
    struct ctx *c = p->data;
    c->r->status = p->status_code;
    return 0;
}

static int on_body(llhttp_t *p, const char *at, size_t n)
{
    struct ctx *c = p->data;
    bench_body(c->r, at, n);
    return 0;
}

static int on_message_complete(llhttp_t *p)
{
    struct ctx *c = p->data;
    c->done = 1;
    return 0;
}

int bench_parse(char *buf, size_t len, struct bench_result *r)
{
    llhttp_t parser;
    llhttp_settings_t settings;
    struct ctx c;

    memset(&c, 0, sizeof(c));
    c.r = r;
    llhttp_settings_init(&settings);
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_header_value_complete = on_header_value_complete;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    llhttp_init(&parser, HTTP_RESPONSE, &settings);
    parser.data = &c;
    if (llhttp_execute(&parser, buf, len) != HPE_OK || !c.done)
        return -1;
    return 0;
}
