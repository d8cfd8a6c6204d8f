/* --state FILE (state_file.h). The bytes hold the token or cookie and the TLS
 * session, never the password; the buffer is wiped after each use. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <orca/posix.h>

#include "state_file.h"

#define CLI_STATE_SIZE 16384u

static uint8_t state_buf[CLI_STATE_SIZE];

void cli_state_load(const char *path, orca_session *s)
{
    size_t len = 0;
    int rc;
    if (access(path, F_OK) != 0) {
        return; /* the first run: nothing saved yet */
    }
    rc = orca_posix_file_load(path, state_buf, sizeof state_buf, &len);
    if (rc == ORCA_OK) {
        /* The clock's wall time at save and now tells how long it was. */
        rc = orca_session_restore(s, state_buf, len, ORCA_SESSION_SLEPT_UNKNOWN);
    }
    orca_wipe(state_buf, sizeof state_buf);
    if (rc != ORCA_OK) {
        fprintf(stderr, "orca: warning: --state %s not used (%s): signing in afresh\n", path,
                orca_status_str(rc));
    }
}

/* Writes all @p len bytes to @p fd. */
static int write_all(int fd, const uint8_t *p, size_t len)
{
    while (len > 0u) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void cli_state_save(const char *path, orca_session *s)
{
    char tmp[4096];
    size_t len = 0;
    int rc = orca_session_save(s, state_buf, sizeof state_buf, &len);
    int fd = -1, ok = 0;
    if (rc == ORCA_OK &&
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) < (int)sizeof tmp) {
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    }
    if (fd >= 0) {
        ok = write_all(fd, state_buf, len) == 0 && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok) {
            (void)unlink(tmp);
        }
    }
    orca_wipe(state_buf, sizeof state_buf);
    if (!ok) {
        fprintf(stderr, "orca: warning: --state %s not saved (%s)\n", path,
                rc != ORCA_OK ? orca_status_str(rc) : strerror(errno));
    }
}
