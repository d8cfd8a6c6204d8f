/* Text written into a caller's buffer of fixed size, piece by piece: the
 * first error (a piece that does not fit, or one a caller records) stops
 * the copying, so a writer checks once at the end. Shared by the HTTP head
 * writer and the request signer (internal). */
#ifndef ORCA_TEXT_OUT_H
#define ORCA_TEXT_OUT_H

#include <stddef.h>

#include "orca/status.h"

typedef struct orca_text_out {
    char *buf;  /* the caller's buffer */
    size_t cap; /* its size */
    size_t len; /* bytes written */
    int err;    /* ORCA_OK, or the first error: nothing is copied after it */
} orca_text_out;

/* Appends the @p n bytes at @p s (NULL when @p n is 0);
 * ORCA_ERR_BUFFER_TOO_SMALL in w->err when they do not fit. */
void orca_text_put(orca_text_out *w, const char *s, size_t n);

/* Appends the decimal digits of @p v, without a terminator. */
void orca_text_uint(orca_text_out *w, size_t v);

#endif /* ORCA_TEXT_OUT_H */
