/**
 * @file cookie.h
 * @brief RFC 6265 cookie jar with monotonic expiry (issue 3).
 */
#ifndef ORCA_COOKIE_H
#define ORCA_COOKIE_H

#include <stddef.h>
#include <stdint.h>

#include "orca/status.h"

#endif /* ORCA_COOKIE_H */
