/* RTOS handle types for size-m4.sh (an RTOS port defines them the same way). */
#ifndef ORCA_M4_ARCH_SYS_ARCH_H
#define ORCA_M4_ARCH_SYS_ARCH_H

typedef void *sys_sem_t;
typedef void *sys_mutex_t;
typedef void *sys_mbox_t;
typedef void *sys_thread_t;
#define SYS_MBOX_NULL NULL
#define SYS_SEM_NULL NULL

#endif
