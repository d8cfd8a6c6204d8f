/* Cortex-M4 start-up shared by the boards: the ARMv7-M system vector table,
 * the reset handler (copy .data, zero .bss, call main) and the SysTick
 * handler that drives the tick clock. A board overrides the weak hooks
 * below and adds its interrupt vectors in section .isr_vector.irq. */
#include <stdint.h>

#include "firmware.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);

/* Runs after .data and .bss are set up, before main. */
__attribute__((weak)) void board_start(void)
{
}

/* Where main's status goes: nowhere on a bare part, so the core sleeps. */
__attribute__((weak)) void board_exit(int status)
{
    (void)status;
    for (;;)
        __asm__ volatile("wfi");
}

/* Every fault and unused interrupt parks the core where a debugger sees it. */
__attribute__((weak)) void board_fault(void)
{
    for (;;)
        __asm__ volatile("bkpt #0");
}

void Reset_Handler(void)
{
    const uint32_t *src = &_sidata;
    uint32_t *dst;

    for (dst = &_sdata; dst < &_edata; dst++)
        *dst = *src++;
    for (dst = &_sbss; dst < &_ebss; dst++)
        *dst = 0;
    board_start();
    board_exit(main());
}

void Default_Handler(void)
{
    board_fault();
}

void SysTick_Handler(void)
{
    tick_clock_isr();
}

typedef void (*vector_fn)(void);

/* Initial stack pointer, then the 15 system exception vectors of ARMv7-M. */
__attribute__((section(".isr_vector"), used))
static const vector_fn vectors[16] = {
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
};
