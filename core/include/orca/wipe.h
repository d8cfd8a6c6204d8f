/**
 * @file wipe.h
 * @brief Erasing secrets (passwords, tokens, cookies) from memory.
 */
#ifndef ORCA_WIPE_H
#define ORCA_WIPE_H

#include <stddef.h>

/**
 * @brief Sets @p len bytes at @p buf to zero in a way the compiler may not
 *        remove as a dead store (writes through a volatile pointer).
 * @param buf May be NULL when len is 0.
 * @param len Number of bytes to clear.
 */
void orca_wipe(void *buf, size_t len);

#endif /* ORCA_WIPE_H */
