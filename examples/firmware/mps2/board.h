/* Board support of QEMU's mps2-an386 (Cortex-M4, 25 MHz, CMSDK APB UART0 at
 * 0x40004000 on IRQ 0, SysTick): the UART driver, ARM semihosting (the
 * command line, console lines, the exit status), the test-only RNG and the
 * stack measurement. The tick clock is ../tick_clock.c. */
#ifndef BOARD_H
#define BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "orca/transport.h"

#define BOARD_CORE_HZ 25000000u
#define BOARD_UART_BAUD 115200u

/* ---- UART0 (uart_cmsdk.c) ---- */

/** Enables UART0 (TX, RX and its receive interrupt) at @p baud. */
void uart_start(uint32_t core_hz, uint32_t baud);
/** Sends one byte; waits while the transmitter is full. */
void uart_put(void *ctx, uint8_t byte);
/** Sends one byte if the transmitter has room: 1, else 0 (never waits). */
int uart_try_put(void *ctx, uint8_t byte);
/** 1 and the next received byte, or 0 when none is waiting. */
int uart_get(void *ctx, uint8_t *byte);
/** Receive interrupt (vector 16 + 0). */
void uart0_rx_isr(void);

/* ---- semihosting (semihost.c) ---- */

/** Writes a NUL-terminated line to the host's console (SYS_WRITE0). */
void semihost_write(const char *text);
/** Copies the command line (QEMU: the image name, then -append) into @p buf;
 *  0 on success, -1 when the host gave none or it does not fit. */
int semihost_cmdline(char *buf, size_t size);
/** Writes @p len bytes to the host file @p path (created or truncated); 0 or -1.
 *  The wake cycle keeps the session state there, standing in for RTC RAM. */
int semihost_file_write(const char *path, const uint8_t *data, size_t len);
/** Reads the whole host file @p path into @p buf (at most @p size bytes): 0,
 *  *len set; -1 when it cannot be opened or does not fit. */
int semihost_file_read(const char *path, uint8_t *buf, size_t size, size_t *len);
/** Ends the program with exit status @p code (SYS_EXIT_EXTENDED). */
void semihost_exit(uint32_t code) __attribute__((noreturn));

/* ---- console lines (report.c) ---- */

/** One console line "orca-fw: <what> key=value ..." being built. */
typedef struct report_line {
    char text[192];
    size_t len;
} report_line;

void report_begin(report_line *line, const char *what);
void report_str(report_line *line, const char *key, const char *value);
/** A value of @p len bytes, not NUL-terminated. */
void report_span(report_line *line, const char *key, const char *value, size_t len);
void report_u64(report_line *line, const char *key, uint64_t value);
void report_i32(report_line *line, const char *key, int32_t value);
/** Ends the line and writes it (semihost_write); a line cut short ends in "...". */
void report_end(report_line *line);

/* ---- test-only RNG (test_rng.c) ---- */

/** Seeds the TEST-ONLY generator from @p hex (at least 32 hex digits);
 *  0 on success, -1 for a missing or short seed (entropy then fails). */
int test_rng_seed(const char *hex);

/* ---- stack measurement (stack_probe.c) ---- */

/** Stack usage split at the TLS boundary (bytes). */
typedef struct stack_report {
    uint32_t size;       /**< Bytes reserved for the stack. */
    uint32_t high_water; /**< Deepest use of the whole run (painted stack). */
    uint32_t orca;       /**< Deepest use below the app's call into orca, outside TLS calls. */
    uint32_t tls;        /**< Deepest use inside one TLS call (orca_tls, mbedTLS, link). */
} stack_report;

/** Fills the stack below the caller with the paint pattern (boot time). */
void stack_paint_boot(void);
/** Marks the app's stack depth just before it calls orca (call it in the
 *  function that makes the orca calls; the deepest mark counts). */
void stack_mark_app(void);
/** Wraps @p inner: every call is measured (orca's use before it, TLS's inside). */
void stack_probe_transport(const orca_transport *inner, orca_transport *out);
/** The same for the transport's state hook (the TLS session's save and load). */
void stack_probe_state(const orca_transport_state *inner, orca_transport_state *out);
/** Runs fn(arg) as a TLS-side call (orca_tls_init: certificate parsing, DRBG). */
int stack_probe_call(int (*fn)(void *arg), void *arg);
/** Final scan and the figures. */
void stack_probe_report(stack_report *out);

#endif
