/**
 * @file http.h
 * @brief HTTP/1.1 request writer and incremental response parser (issue 2).
 */
#ifndef ORCA_HTTP_H
#define ORCA_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "orca/status.h"

#endif /* ORCA_HTTP_H */
