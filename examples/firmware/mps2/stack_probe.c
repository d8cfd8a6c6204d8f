/* Stack measurement on the running image. The stack is painted at boot; a
 * word that no longer holds the paint was used. Every call into the TLS
 * layer goes through this wrapper, which splits the use in two:
 * - before the call, paint missing below the current stack pointer was used
 *   by orca (and the app) outside TLS calls: recorded, then repainted;
 * - after the call, paint missing below that same pointer was used by the
 *   TLS layer (orca_tls, mbedTLS, the serial link and any interrupt taken
 *   meanwhile): recorded, then repainted.
 * orca's figure is measured from the app's stack mark (stack_mark_app, the
 * deepest one) and includes this wrapper's own frame: an upper bound.
 * Scans and repaints are inlined so they touch no stack themselves. */
#include "board.h"

#define STACK_PAINT 0xC5C5C5C5u

extern uint32_t _sstack, _estack; /* linker script: bottom and top of the stack */

static struct {
    orca_transport inner;
    orca_transport_state inner_state;
    uintptr_t app_sp;   /* deepest stack_mark_app */
    uintptr_t orca_low; /* deepest word used outside TLS calls */
    uintptr_t tls_low;  /* deepest word used inside a TLS call */
    uint32_t tls_depth; /* most bytes one TLS call used below its entry */
} probe;

static inline __attribute__((always_inline)) uintptr_t current_sp(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

/* Lowest word below @p limit that lost its paint (@p limit when none did). */
static inline __attribute__((always_inline)) uintptr_t deepest_used(uintptr_t limit)
{
    const volatile uint32_t *p = &_sstack;
    while ((uintptr_t)p < limit && *p == STACK_PAINT)
        p++;
    return (uintptr_t)p;
}

static inline __attribute__((always_inline)) void repaint(uintptr_t from, uintptr_t to)
{
    volatile uint32_t *p = (volatile uint32_t *)from;
    while ((uintptr_t)p < to)
        *p++ = STACK_PAINT;
}

/* Before a TLS call at @p sp: what orca used so far, then a clean slate. */
static inline __attribute__((always_inline)) void probe_enter(uintptr_t sp)
{
    uintptr_t low = deepest_used(sp);
    if (low < probe.orca_low)
        probe.orca_low = low;
    repaint(low, sp);
}

/* After it: what the TLS call used below @p sp, then a clean slate. */
static inline __attribute__((always_inline)) void probe_leave(uintptr_t sp)
{
    uintptr_t low = deepest_used(sp);
    if (sp - low > probe.tls_depth)
        probe.tls_depth = (uint32_t)(sp - low);
    if (low < probe.tls_low)
        probe.tls_low = low;
    repaint(low, sp);
}

void stack_paint_boot(void)
{
    uintptr_t sp = current_sp();
    repaint((uintptr_t)&_sstack, sp - 64u); /* keep clear of this frame */
    probe.orca_low = probe.tls_low = (uintptr_t)&_estack;
}

void stack_mark_app(void)
{
    uintptr_t sp = current_sp(); /* a leaf: its caller's stack pointer */
    if (sp > probe.app_sp)
        probe.app_sp = sp;
}

static int32_t probe_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    uintptr_t sp = current_sp();
    int32_t rc;
    (void)ctx;
    probe_enter(sp);
    rc = probe.inner.connect(probe.inner.ctx, host, port, timeout_ms);
    probe_leave(sp);
    return rc;
}

static int32_t probe_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    uintptr_t sp = current_sp();
    int32_t rc;
    (void)ctx;
    probe_enter(sp);
    rc = probe.inner.send(probe.inner.ctx, buf, len, timeout_ms);
    probe_leave(sp);
    return rc;
}

static int32_t probe_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    uintptr_t sp = current_sp();
    int32_t rc;
    (void)ctx;
    probe_enter(sp);
    rc = probe.inner.recv(probe.inner.ctx, buf, len, timeout_ms);
    probe_leave(sp);
    return rc;
}

static void probe_close(void *ctx)
{
    uintptr_t sp = current_sp();
    (void)ctx;
    probe_enter(sp);
    probe.inner.close(probe.inner.ctx);
    probe_leave(sp);
}

void stack_probe_transport(const orca_transport *inner, orca_transport *out)
{
    probe.inner = *inner;
    out->connect = probe_connect;
    out->send = probe_send;
    out->recv = probe_recv;
    out->close = probe_close;
    out->ctx = &probe;
}

int stack_probe_call(int (*fn)(void *arg), void *arg)
{
    uintptr_t sp = current_sp();
    int rc;
    probe_enter(sp);
    rc = fn(arg);
    probe_leave(sp);
    return rc;
}

void stack_probe_report(stack_report *out)
{
    uintptr_t low = deepest_used((uintptr_t)&_estack);
    uintptr_t top = (uintptr_t)&_estack;
    if (low < probe.orca_low && low < current_sp())
        probe.orca_low = low; /* orca's use since the last TLS call */
    if (probe.tls_low < low)
        low = probe.tls_low;
    if (probe.orca_low < low)
        low = probe.orca_low;
    out->size = (uint32_t)(top - (uintptr_t)&_sstack);
    out->high_water = (uint32_t)(top - low);
    out->orca = probe.app_sp > probe.orca_low ? (uint32_t)(probe.app_sp - probe.orca_low) : 0u;
    out->tls = probe.tls_depth;
}

/* The TLS session's save and load (the session state's transport part) are
 * the TLS layer's work too: counted as such. */
static int probe_state_save(void *ctx, uint8_t *buf, size_t size, size_t *len)
{
    uintptr_t sp = current_sp();
    int rc;
    (void)ctx;
    probe_enter(sp);
    rc = probe.inner_state.save(probe.inner_state.ctx, buf, size, len);
    probe_leave(sp);
    return rc;
}

static int probe_state_load(void *ctx, const char *host, const uint8_t *buf, size_t len)
{
    uintptr_t sp = current_sp();
    int rc;
    (void)ctx;
    probe_enter(sp);
    rc = probe.inner_state.load(probe.inner_state.ctx, host, buf, len);
    probe_leave(sp);
    return rc;
}

void stack_probe_state(const orca_transport_state *inner, orca_transport_state *out)
{
    probe.inner_state = *inner;
    out->save = probe_state_save;
    out->load = probe_state_load;
    out->ctx = &probe;
}
