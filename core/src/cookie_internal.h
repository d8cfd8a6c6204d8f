/* Private helpers shared by cookie_parse.c and cookie_jar.c. */
#ifndef ORCA_COOKIE_INTERNAL_H
#define ORCA_COOKIE_INTERNAL_H

#include <stddef.h>

/* Non-zero if the n bytes at a and b are equal, ASCII letters compared without case. */
int orca_cookie_ieq(const char *a, const char *b, size_t n);

#endif /* ORCA_COOKIE_INTERNAL_H */
