/* EVA driver: the HTTP response parser (http_parser.c) fed two pieces of
 * IN_MAX unknown bytes or fewer each (so every response of IN_MAX bytes or
 * fewer, split at any point, and more), into a work buffer of any size from
 * 1 to WORK_MAX, received in place (orca_http_exchange's way) or copied from
 * the caller's memory, with any flags, and callbacks that read every byte
 * they are given and stop or go on at random (or none). Then the peer closes,
 * and a complete response is read back: its headers looked up, its body read. */
#include "__fc_builtin.h"
#include <string.h>

#include "orca/http.h"
#include "proof_http_chars.h"
#include "proof_uncalled.h"

#ifndef IN_MAX
#define IN_MAX 24
#endif
#ifndef WORK_MAX
#define WORK_MAX 32
#endif

/* The contracts of http_chars.c's helpers that WP uses to prove
 * http_parser.c's find_ctl, split_header and orca_http_response_header
 * (proofs.list's last field): ieq, trim and lookup in proof_http_chars.h
 * (shared with the cookie drivers), the tokens' here, where only this driver
 * checks them. WP proves them (the helpers are in the same field) and EVA
 * checks the requires at each call. */
/*@ assigns \nothing; */
int orca_http_is_tchar(unsigned c);

/*@ requires \valid_read(s + (0 .. n - 1)) && n < SIZE_MAX - sizeof(size_t);
    assigns \nothing;
    ensures \result <= n;
 */
size_t orca_http_token_len(const char *s, size_t n);

/* orca_wipe: called by orca/http.h's inline orca_http_exchange, never
 * called here (proof_uncalled.h says why it needs a contract). */
/*@ requires \false;
    assigns \nothing;
 */
void orca_wipe(void *buf, size_t len);

static volatile unsigned char sink;

static void read_all(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        sink = b[i];
    }
}

static int on_header(void *ctx, const orca_http_header *h)
{
    (void)ctx;
    read_all(h->name, h->name_len);
    read_all(h->value, h->value_len);
    return Frama_C_nondet(0, 1);
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    read_all(data, len);
    return Frama_C_nondet(0, 1);
}

int main(void)
{
    static uint8_t in[2][IN_MAX];
    static uint8_t work[WORK_MAX];
    orca_http_parser p;
    orca_http_callbacks cb = {on_header, on_body, NULL};
    size_t size = Frama_C_size_t_interval(1, WORK_MAX);
    unsigned flags = (unsigned)Frama_C_interval(0, 3);
    int in_place = Frama_C_nondet(0, 1);
    /* 0: no callbacks; 1: on_header only; 2: both. Kept apart (split): the
     * parser streams a body only with an on_body, which joined states lose. */
    int callbacks = Frama_C_nondet(0, 2);
    int r = ORCA_OK;

    Frama_C_make_unknown((char *)in, sizeof in);
    /*@ split callbacks; */
    if (callbacks == 1) {
        cb.on_body = NULL;
    }
    orca_http_parser_init(&p, work, size, flags, callbacks != 0 ? &cb : NULL);
    for (int k = 0; k < 2 && r == ORCA_OK && !orca_http_parser_complete(&p); k++) {
        size_t n = Frama_C_size_t_interval(0, IN_MAX), avail, used;
        if (in_place) {
            uint8_t *dst;
            /*@ split p.used; */ /* dst = buf + used, avail = size - used */
            dst = orca_http_parser_space(&p, &avail);
            if (n > avail) {
                n = avail;
            }
            if (n != 0u) { /* no call for nothing: dst may be buf + size */
                memcpy(dst, in[k], n);
            }
            /*@ merge p.used; */
            r = orca_http_parser_feed(&p, dst, n, &used);
        } else {
            r = orca_http_parser_feed(&p, in[k], n, &used);
        }
    }
    if (r == ORCA_OK) {
        r = orca_http_parser_finish(&p);
    }
    if (r == ORCA_OK && orca_http_parser_complete(&p)) {
        orca_http_header h;
        const orca_http_response *res = &p.response;
        read_all(res->reason, res->reason_len);
        if (res->body != NULL) {
            read_all(res->body, res->body_len);
        }
        if (orca_http_response_header(res, "Content-Length", 14u, 0, &h) == ORCA_OK) {
            read_all(h.value, h.value_len);
        }
    }
    return r;
}
