/* Whole-file loading into a caller buffer (CA certificates for the TLS port).
 * Plain open/read: stdio would allocate its buffer on the heap. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"

/* PEM is text holding "-----BEGIN "; anything else is taken as DER. */
static int is_pem(const uint8_t *buf, size_t len)
{
    static const char tag[] = "-----BEGIN ";
    size_t i;
    for (i = 0; i + sizeof tag - 1 <= len; i++) {
        if (memcmp(buf + i, tag, sizeof tag - 1) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Reads until EOF or a full buffer: bytes read, or -1 on a read error. */
static ssize_t read_all(int fd, uint8_t *buf, size_t cap)
{
    size_t len = 0;
    while (len < cap) {
        ssize_t n = read(fd, buf + len, cap - len);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        len += (size_t)n;
    }
    return (ssize_t)len;
}

int orca_posix_file_load(const char *path, uint8_t *buf, size_t cap, size_t *out_len)
{
    int fd;
    ssize_t n;
    size_t len;
    if (path == NULL || buf == NULL || out_len == NULL || cap == 0) {
        return ORCA_ERR_INVALID_ARG;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return ORCA_ERR_FILE;
    }
    n = read_all(fd, buf, cap);
    (void)close(fd);
    if (n <= 0) {
        return ORCA_ERR_FILE; /* read error, a directory, or an empty file */
    }
    len = (size_t)n;
    if (len == cap) {
        return ORCA_ERR_BUFFER_TOO_SMALL; /* no room left for the NUL */
    }
    buf[len] = 0;
    *out_len = is_pem(buf, len) ? len + 1 : len;
    return ORCA_OK;
}
