/**
 * @file span.h
 * @brief A string with its length, as strings pass between orca's layers.
 */
#ifndef ORCA_SPAN_H
#define ORCA_SPAN_H

#include <stddef.h>
#include <string.h>

/** Bytes at @c ptr, @c len of them: not NUL-terminated (a NUL inside is a
 *  byte like any other). An absent value is {NULL, 0}. */
typedef struct orca_span {
    const char *ptr; /**< First byte, or NULL. */
    size_t len;      /**< Number of bytes. */
} orca_span;

/** Initialiser of a span from a string literal, without its NUL:
 *  `orca_span get = ORCA_SPAN_LITERAL("GET");` (a constant expression, so
 *  also for static data). */
#define ORCA_SPAN_LITERAL(literal) {(literal), sizeof(literal) - 1u}

/** @brief The span of a NUL-terminated string, without its NUL; {NULL, 0}
 *  for NULL. */
static inline orca_span orca_span_from_str(const char *str)
{
    orca_span s;
    s.ptr = str;
    s.len = str != NULL ? strlen(str) : 0u;
    return s;
}

#endif /* ORCA_SPAN_H */
