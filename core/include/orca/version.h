/**
 * @file version.h
 * @brief The version of orca: the same number as `project(orca VERSION ...)`
 *        in CMakeLists.txt (configuring fails when they differ:
 *        cmake/orcaVersion.cmake). Semantic versioning; changes are in
 *        CHANGELOG.md.
 */
#ifndef ORCA_VERSION_H
#define ORCA_VERSION_H

/** Major version: changes that break the API or the ABI. */
#define ORCA_VERSION_MAJOR 0
/** Minor version: additions (before 1.0, also breaking changes). */
#define ORCA_VERSION_MINOR 1
/** Patch version: fixes only. */
#define ORCA_VERSION_PATCH 0

/** The version as "MAJOR.MINOR.PATCH". */
#define ORCA_VERSION_STRING "0.1.0"

/** The version as one number, 0xMMNNPP00 (the mbedTLS shape), for `#if` tests. */
#define ORCA_VERSION_NUMBER                                                                        \
    (ORCA_VERSION_MAJOR * 0x1000000u + ORCA_VERSION_MINOR * 0x10000u + ORCA_VERSION_PATCH * 0x100u)

#endif /* ORCA_VERSION_H */
