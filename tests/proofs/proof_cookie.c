/* EVA driver: the cookie parser and jar (cookie_jar.c): two Set-Cookie
 * values of IN_MAX unknown bytes or fewer stored one after the other into an
 * arena of any size from 0 to JAR_MAX, from a request host and path of
 * unknown bytes (HOST_MAX and PATH_MAX or fewer, the path may be NULL), with
 * or without TLS, a response Date or none, any tick, a wall clock or none,
 * a public-suffix check or none;
 * then the Cookie header into a buffer of any size, a lookup, a delete (of
 * a name of unknown bytes) and a purge at any later tick. */
#include "__fc_builtin.h"
#include "proof_clock.h"
#include "proof_http_chars.h"

#include "orca/cookie.h"
#include "text_out.h"

/* The export's writer (text_out.c, not analysed here; no entry point of this
 * driver exports): WP (proofs.list's last field) asks every function for a
 * contract, and one it would generate counts as unproven (the stage aborts on
 * that instead). \false: a call would be an alarm. */
/*@ requires \false;
    assigns \nothing; */
void orca_text_put(orca_text_out *w, const char *s, size_t n);
/*@ requires \false;
    assigns \nothing; */
void orca_text_uint(orca_text_out *w, size_t v);

#ifndef IN_MAX
#define IN_MAX 16
#endif
#define HOST_MAX 6
#define PATH_MAX 6
#define NAME_MAX 4
#define JAR_MAX 64
#define OUT_MAX 32

/* A public-suffix check that may answer either way. It reads nothing: that
 * the domain it is given is readable is is_public_suffix's requires, which
 * WP proves at cookie_jar.c's call (EVA, here, could not bound that view);
 * it changes no memory, as a port's check changes none of orca's (From
 * checks core's contract that says so). */
static volatile int proof_suffix_answer;
static int public_suffix(void *ctx, const char *domain, size_t len)
{
    (void)ctx;
    (void)domain;
    (void)len;
    return proof_suffix_answer;
}

/* Any C string of max bytes or fewer: max unknown bytes, a NUL after them. */
static void c_string(char *s, size_t max)
{
    Frama_C_make_unknown(s, max);
    s[max] = '\0';
}

int main(void)
{
    static char set_cookie[2][IN_MAX];
    static char host[HOST_MAX + 1], path[PATH_MAX + 1], name[NAME_MAX + 1];
    static unsigned char arena[JAR_MAX];
    static char header[OUT_MAX];
    static orca_clock clock = {now_ms, unix_s, NULL, NULL, NULL};
    orca_cookie_jar jar;
    orca_cookie_origin origin;
    orca_cookie_info info;
    int64_t date = Frama_C_long_long_interval(INT64_MIN, INT64_MAX);
    size_t out_len = 0;
    uint32_t now = Frama_C_unsigned_int_interval(0, UINT32_MAX);

    Frama_C_make_unknown(set_cookie[0], IN_MAX);
    Frama_C_make_unknown(set_cookie[1], IN_MAX);
    c_string(host, HOST_MAX);
    c_string(path, PATH_MAX);
    c_string(name, NAME_MAX);
    if (Frama_C_nondet(0, 1)) {
        clock.unix_s = NULL;
    }
    origin.host = host;
    origin.path.ptr = Frama_C_nondet(0, 1) ? path : NULL; /* a span: any 0..PATH_MAX bytes */
    origin.path.len = origin.path.ptr != NULL ? Frama_C_size_t_interval(0, PATH_MAX) : 0u;
    origin.is_tls = Frama_C_nondet(0, 1);
    (void)orca_cookie_jar_init(&jar, arena, Frama_C_size_t_interval(0, JAR_MAX));
    if (Frama_C_nondet(0, 1)) { /* a public-suffix list, or none */
        (void)orca_cookie_jar_set_public_suffix(&jar, public_suffix, NULL);
    }
    for (int k = 0; k < 2; k++) {
        (void)orca_cookie_jar_store(&jar, set_cookie[k], Frama_C_size_t_interval(0, IN_MAX),
                                    &origin, Frama_C_nondet(0, 1) ? &date : NULL, &clock);
    }
    (void)orca_cookie_jar_header(&jar, &origin, now, header, Frama_C_size_t_interval(0, OUT_MAX),
                                 &out_len);
    (void)orca_cookie_jar_find(&jar, host, name, now, &info);
    (void)orca_cookie_jar_delete(&jar, host, name);
    (void)orca_cookie_jar_purge(&jar, Frama_C_unsigned_int_interval(0, UINT32_MAX));
    orca_cookie_jar_free(&jar);
    return 0;
}
