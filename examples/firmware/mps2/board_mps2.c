/* mps2-an386 additions to ../startup.c: the board's interrupt vectors
 * (UART0 receive on IRQ 0), the stack paint at boot, and main's status and
 * faults reported through semihosting. */
#include <stdint.h>

#include "board.h"
#include "firmware.h"

#define FAULT_EXIT_STATUS 0x7Fu

void Default_Handler(void);

void board_start(void)
{
    stack_paint_boot();
}

void board_exit(int status)
{
    semihost_exit((uint32_t)status);
}

/* A fault or an unexpected interrupt ends the run with its own status. */
void board_fault(void)
{
    semihost_write("orca-fw: fault or unexpected interrupt\n");
    semihost_exit(FAULT_EXIT_STATUS);
}

typedef void (*vector_fn)(void);

/* The board's interrupts, right after the system vectors (linker script):
 * 0 is UART0 receive, the rest are unused. */
/* clang-format off */
__attribute__((section(".isr_vector.irq"), used))
static const vector_fn irq_vectors[32] = {
    uart0_rx_isr, /* IRQ 0 */
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler,
};
/* clang-format on */
