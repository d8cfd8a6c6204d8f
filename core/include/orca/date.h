/**
 * @file date.h
 * @brief Cookie dates and IMF-fixdate by integer calendar arithmetic (issue 3).
 */
#ifndef ORCA_DATE_H
#define ORCA_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "orca/status.h"

#endif /* ORCA_DATE_H */
