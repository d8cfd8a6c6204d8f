/* ARM semihosting (QEMU -semihosting-config enable=on,target=native): the
 * BKPT 0xAB call with the operation in r0 and its argument block in r1. */
#include "board.h"

#define SYS_WRITE0 0x04u
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
