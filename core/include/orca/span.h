/**
 * @file span.h
 * @brief A string with its length, as strings pass between orca's layers.
 */
#ifndef ORCA_SPAN_H
#define ORCA_SPAN_H

#include <stddef.h>

/** Bytes at @c ptr, @c len of them: not NUL-terminated (a NUL inside is a
 *  byte like any other). An absent value is {NULL, 0}. */
typedef struct orca_span {
    const char *ptr; /**< First byte, or NULL. */
    size_t len;      /**< Number of bytes. */
} orca_span;

#endif /* ORCA_SPAN_H */
