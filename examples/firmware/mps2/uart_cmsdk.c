/* CMSDK APB UART0 of the MPS2 boards: transmit by polling, receive by
 * interrupt into a ring. When the ring is full the interrupt stops taking
 * bytes and the UART holds the next one: QEMU then waits before delivering
 * more (on hardware this is where RTS would drop). The reader takes the UART
 * back once the ring has room. */
#include "board.h"

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_INTCLEAR (*(volatile uint32_t *)(UART0_BASE + 0x0Cu))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10u))
#define NVIC_ISER0 (*(volatile uint32_t *)0xE000E100u)

#define STATE_TX_FULL 1u
#define STATE_RX_FULL 2u
#define CTRL_TX_EN 1u
#define CTRL_RX_EN 2u
#define CTRL_RX_INT 8u
#define INT_RX 2u
#define UART0_RX_IRQ 0u

#define RX_RING_SIZE 256u /* power of two */

static uint8_t rx_ring[RX_RING_SIZE];
static volatile uint32_t rx_head; /* written by the interrupt */
static volatile uint32_t rx_tail; /* written by the reader */
static volatile uint8_t rx_held;  /* the ring was full: the interrupt is off */

void uart_start(uint32_t core_hz, uint32_t baud)
{
    UART_BAUDDIV = core_hz / baud; /* QEMU transmits only with BAUDDIV >= 16 */
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT;
    NVIC_ISER0 = 1u << UART0_RX_IRQ;
}

void uart_put(void *ctx, uint8_t byte)
{
    (void)ctx;
    while (UART_STATE & STATE_TX_FULL) {
    }
    UART_DATA = byte;
}

int uart_try_put(void *ctx, uint8_t byte)
{
    (void)ctx;
    if (UART_STATE & STATE_TX_FULL)
        return 0;
    UART_DATA = byte;
    return 1;
}

/* Moves received bytes into the ring; stops (and disables the interrupt)
 * when it is full. */
static void uart_drain(void)
{
    while (UART_STATE & STATE_RX_FULL) {
        if (rx_head - rx_tail == RX_RING_SIZE) {
            UART_CTRL &= ~CTRL_RX_INT;
            rx_held = 1;
            return;
        }
        rx_ring[rx_head % RX_RING_SIZE] = (uint8_t)UART_DATA;
        rx_head++;
    }
}

void uart0_rx_isr(void)
{
    UART_INTCLEAR = INT_RX; /* before draining: a byte arriving meanwhile raises it again */
    uart_drain();
}

int uart_get(void *ctx, uint8_t *byte)
{
    (void)ctx;
    if (rx_held && rx_head == rx_tail) {
        /* A byte that came while the interrupt was off raised nothing:
         * take it here, with interrupts masked, then let them run again. */
        __asm__ volatile("cpsid i" ::: "memory");
        rx_held = 0;
        UART_CTRL |= CTRL_RX_INT;
        uart_drain();
        __asm__ volatile("cpsie i" ::: "memory");
    }
    if (rx_head == rx_tail)
        return 0;
    *byte = rx_ring[rx_tail % RX_RING_SIZE];
    rx_tail++;
    return 1;
}
