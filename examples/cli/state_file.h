/* The CLI's --state FILE: a session saved after the last step and restored
 * before the first, so two runs in a row make one sign-in in all. */
#ifndef ORCA_CLI_STATE_FILE_H
#define ORCA_CLI_STATE_FILE_H

#include <orca/orca.h>

/* Restores @p s from @p path when the file exists. A file that cannot be used
 * (unreadable, corrupt, another host or user, expired) prints one warning
 * line: the run then signs in afresh; the exit status is not affected. */
void cli_state_load(const char *path, orca_session *s);

/* Saves @p s to @p path: written to a temporary file of mode 0600 beside it,
 * then renamed, so a crash never leaves a torn file. A failure prints one
 * warning line. */
void cli_state_save(const char *path, orca_session *s);

#endif /* ORCA_CLI_STATE_FILE_H */
