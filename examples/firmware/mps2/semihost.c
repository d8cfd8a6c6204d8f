/* ARM semihosting (QEMU -semihosting-config enable=on,target=native): the
 * BKPT 0xAB call with the operation in r0 and its argument block in r1. */
#include <string.h>

#include "board.h"

#define SYS_OPEN 0x01u
#define SYS_CLOSE 0x02u
#define SYS_WRITE0 0x04u
#define SYS_WRITE 0x05u
#define SYS_READ 0x06u
#define SYS_FLEN 0x0Cu
#define OPEN_RB 1u /* fopen modes by index: "r", "rb", "r+", "r+b", "w", "wb", ... */
#define OPEN_WB 5u
#define SYS_GET_CMDLINE 0x15u
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static uint32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihost_write(const char *text)
{
    (void)semihost_call(SYS_WRITE0, text);
}

int semihost_cmdline(char *buf, size_t size)
{
    uint32_t block[2];
    block[0] = (uint32_t)(uintptr_t)buf;
    block[1] = (uint32_t)size;
    if (size == 0 || semihost_call(SYS_GET_CMDLINE, block) != 0)
        return -1;
    buf[block[1] < size ? block[1] : size - 1] = '\0';
    return 0;
}

/* Opens @p path on the host with fopen mode index @p mode; -1 on failure. */
static int32_t semihost_open(const char *path, uint32_t mode)
{
    uint32_t block[3];
    block[0] = (uint32_t)(uintptr_t)path;
    block[1] = mode;
    block[2] = (uint32_t)strlen(path);
    return (int32_t)semihost_call(SYS_OPEN, block);
}

static void semihost_close(int32_t fd)
{
    uint32_t block[1];
    block[0] = (uint32_t)fd;
    (void)semihost_call(SYS_CLOSE, block);
}

int semihost_file_write(const char *path, const uint8_t *data, size_t len)
{
    uint32_t block[3];
    int32_t fd = semihost_open(path, OPEN_WB);
    uint32_t left;
    if (fd < 0)
        return -1;
    block[0] = (uint32_t)fd;
    block[1] = (uint32_t)(uintptr_t)data;
    block[2] = (uint32_t)len;
    left = semihost_call(SYS_WRITE, block); /* bytes NOT written */
    semihost_close(fd);
    return left == 0 ? 0 : -1;
}

int semihost_file_read(const char *path, uint8_t *buf, size_t size, size_t *len)
{
    uint32_t block[3];
    int32_t fd = semihost_open(path, OPEN_RB);
    int32_t flen;
    if (fd < 0)
        return -1;
    block[0] = (uint32_t)fd;
    flen = (int32_t)semihost_call(SYS_FLEN, block);
    if (flen < 0 || (uint32_t)flen > size) {
        semihost_close(fd);
        return -1;
    }
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = (uint32_t)flen;
    if (semihost_call(SYS_READ, block) != 0) { /* bytes NOT read */
        semihost_close(fd);
        return -1;
    }
    semihost_close(fd);
    *len = (size_t)flen;
    return 0;
}

/* Plain SYS_EXIT reports only 0 or 1 on 32-bit ARM; the extended call
 * carries the whole code to QEMU's exit status. */
void semihost_exit(uint32_t code)
{
    uint32_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = code;
    for (;;)
        (void)semihost_call(SYS_EXIT_EXTENDED, block);
}
