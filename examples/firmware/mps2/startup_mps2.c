/* mps2-an386 start-up: the vector table (UART0 receive on IRQ 0), the reset
 * handler (copy .data, zero .bss, paint the stack, run main, report its
 * status through semihosting) and the handlers. */
#include <stdint.h>

#include "board.h"
#include "firmware.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);

#define FAULT_EXIT_STATUS 0x7Fu

void Reset_Handler(void)
{
    const uint32_t *src = &_sidata;
    uint32_t *dst;

    for (dst = &_sdata; dst < &_edata; dst++)
        *dst = *src++;
    for (dst = &_sbss; dst < &_ebss; dst++)
        *dst = 0;
    stack_paint_boot();
    semihost_exit((uint32_t)main());
}

/* A fault or an unexpected interrupt ends the run with its own status. */
void Default_Handler(void)
{
    semihost_write("orca-fw: fault or unexpected interrupt\n");
    semihost_exit(FAULT_EXIT_STATUS);
}

void SysTick_Handler(void)
{
    tick_clock_isr();
}

typedef void (*vector_fn)(void);

/* Initial stack pointer, the 15 system exceptions of ARMv7-M, then the
 * board's interrupts: 0 is UART0 receive, the rest are unused. */
/* clang-format off */
__attribute__((section(".isr_vector"), used))
static const vector_fn vectors[16 + 32] = {
    (vector_fn)(uintptr_t)&_estack,
    Reset_Handler,
    Default_Handler, /* NMI */
    Default_Handler, /* HardFault */
    Default_Handler, /* MemManage */
    Default_Handler, /* BusFault */
    Default_Handler, /* UsageFault */
    0, 0, 0, 0,      /* reserved */
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,               /* reserved */
    Default_Handler, /* PendSV */
    SysTick_Handler,
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
