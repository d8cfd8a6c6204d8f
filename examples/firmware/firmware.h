/* The board support of the firmware example: a tick clock driven by SysTick,
 * the STM32F4 hardware RNG as entropy, and a stub network interface with an
 * orca_transport over it. A real product replaces netif_stub with its NIC
 * driver or IP stack (lwIP, a cellular modem) behind the same transport.
 * mps2/ is a second board (QEMU mps2-an386) that keeps the tick clock and
 * replaces the RNG (test-only) and the network (serial_link.h over its UART). */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/transport.h"

/* ---- start-up hooks (startup.c has weak defaults; a board overrides them) ---- */

/** Runs after .data and .bss are set up, before main. */
void board_start(void);
/** Receives main's return value; never returns. */
void board_exit(int status);
/** Runs on a fault or an unexpected interrupt; never returns. */
void board_fault(void);

/* ---- tick clock (tick_clock.c) ---- */

/** Starts SysTick at 1 kHz for a core running at @p core_hz. */
void tick_clock_start(uint32_t core_hz);
/** SysTick interrupt: one millisecond passed. */
void tick_clock_isr(void);
/** Fills @p clock: now_ms from the tick, no wall clock, WFI sleep, TRNG jitter. */
void tick_clock_init(orca_clock *clock);
/** Milliseconds since tick_clock_start() (whatever the tick started at). */
uint32_t tick_clock_uptime_ms(void);
/** Core clock cycles since tick_clock_start() (SysTick count included). */
uint64_t tick_clock_cycles(void);
/** Waits for an interrupt (WFI), counting the cycles spent waiting. */
void tick_clock_idle(void);
/** Cycles spent in tick_clock_idle() so far. */
uint64_t tick_clock_idle_cycles(void);

/** Wall clock at tick_clock_start(), in Unix seconds (syscalls.c): the build
 *  time unless the board learns the time (SNTP, RTC, the test's command line). */
extern uint32_t firmware_epoch_s;

/* ---- hardware RNG (trng.c) ---- */

void trng_start(void);
/** orca_tls_entropy_fn over the RNG: 0 on success, -1 on a seed or clock error. */
int trng_entropy(void *ctx, unsigned char *out, size_t len);
uint32_t trng_read(void);

/* ---- stub network interface (netif_stub.c) ---- */

#define NETIF_STUB_RX_SIZE 2048u

/** One network interface: a receive ring the NIC's interrupt fills, and an
 *  output hook; the stub has no wire, so output only counts bytes. */
typedef struct netif_stub {
    uint8_t rx[NETIF_STUB_RX_SIZE];
    volatile size_t rx_head;    /* written by the receive interrupt */
    size_t rx_tail;             /* read by the transport */
    volatile uint8_t peer_closed;
    uint8_t open;
    uint32_t tx_bytes;
    const orca_clock *clock;
} netif_stub;

void netif_stub_init(netif_stub *nif, const orca_clock *clock);
/** Receive interrupt of the NIC: queues @p len bytes; returns how many fit. */
size_t netif_stub_input(netif_stub *nif, const uint8_t *data, size_t len);
/** Sends @p len bytes on the wire; returns how many were taken. */
size_t netif_stub_output(netif_stub *nif, const uint8_t *data, size_t len);
/** Fills @p transport with connect/send/recv/close over @p nif. */
void netif_stub_transport(netif_stub *nif, orca_transport *transport);

#endif
