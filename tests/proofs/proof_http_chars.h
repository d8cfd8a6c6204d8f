/* The contracts of http_chars.c's helpers that WP uses to prove the
 * Set-Cookie parser's functions in cookie_jar.c (the cookie and
 * session_state drivers, proofs.list's last field): WP proves them (the
 * helpers are in the same field) and EVA checks the requires at each call.
 * One requires per pointer: at a call where EVA proves one and WP the other,
 * each is proven by one of them. Included by a driver only: core's other
 * drivers analyse the helpers without them. */
#ifndef ORCA_PROOF_HTTP_CHARS_H
#define ORCA_PROOF_HTTP_CHARS_H

#include <stddef.h>

/*@ requires \valid_read(a + (0 .. n - 1));
    requires \valid_read(b + (0 .. n - 1));
    assigns \nothing;
 */
int orca_http_ieq(const char *a, const char *b, size_t n);

/*@ requires \valid(end) && \valid_read(s + (start .. *end - 1));
    assigns *end;
    ensures \old(start) <= \result && *end <= \old(*end);
    ensures \old(start) <= \old(*end) ==> \result <= *end;
 */
size_t orca_http_trim(const char *s, size_t start, size_t *end);

/* list: EVA proves its reads (a constant of the caller's) */
/*@ requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
 */
int orca_http_lookup(const char *list, const char *s, size_t n);

#endif /* ORCA_PROOF_HTTP_CHARS_H */
