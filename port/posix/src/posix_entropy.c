/* Entropy from the kernel: getrandom(), or /dev/urandom where it is missing. */
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include "orca/posix.h"

static int read_urandom(unsigned char *out, size_t len)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    while (len > 0) {
        ssize_t n = read(fd, out, len);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            (void)close(fd);
            return -1;
        }
        out += n;
        len -= (size_t)n;
    }
    (void)close(fd);
    return 0;
}

int orca_posix_entropy(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
    if (out == NULL && len > 0) {
        return -1;
    }
    while (len > 0) {
        ssize_t n = getrandom(out, len, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno == ENOSYS ? read_urandom(out, len) : -1;
        }
        out += n;
        len -= (size_t)n;
    }
    return 0;
}
