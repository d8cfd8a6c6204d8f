/**
 * @file session.h
 * @brief Oracle sessions: PCA 3.0 and Compute Classic (issue 5).
 */
#ifndef ORCA_SESSION_H
#define ORCA_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "orca/status.h"

#endif /* ORCA_SESSION_H */
