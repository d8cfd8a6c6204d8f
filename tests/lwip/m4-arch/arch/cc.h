/* Bare-metal Cortex-M4 arch header for size-m4.sh: what an RTOS port's cc.h
 * declares, nothing more (compile-only; no program is linked). */
#ifndef ORCA_M4_ARCH_CC_H
#define ORCA_M4_ARCH_CC_H

#define LWIP_ERRNO_STDINCLUDE 1 /* newlib's errno and E* codes */
#define LWIP_NO_UNISTD_H 1
#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_PLATFORM_DIAG(x)                                                                      \
    do {                                                                                           \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x)                                                                    \
    do {                                                                                           \
    } while (0)
typedef unsigned int sys_prot_t;
unsigned int orca_m4_rand(void);
#define LWIP_RAND() ((u32_t)orca_m4_rand())

#endif
