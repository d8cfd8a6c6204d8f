/**
 * @file orca.h
 * @brief The whole core API of orca: include this one header.
 */
#ifndef ORCA_ORCA_H
#define ORCA_ORCA_H

#include "orca/version.h"
#include "orca/config.h"
#include "orca/status.h"
#include "orca/wipe.h"
#include "orca/transport.h"
#include "orca/clock.h"
#include "orca/http.h"
#include "orca/json.h"
#include "orca/date.h"
#include "orca/cookie.h"
#include "orca/session.h"

#endif /* ORCA_ORCA_H */
