/* A stub network interface and an orca_transport over it. The NIC driver's
 * receive interrupt calls netif_stub_input(); the transport polls the ring
 * against the tick clock, so a timeout (no bytes in time) and an orderly close
 * by the peer (recv returns 0) never look alike. */
#include <string.h>

#include "firmware.h"
#include "orca/status.h"

void netif_stub_init(netif_stub *nif, const orca_clock *clock)
{
    memset(nif, 0, sizeof(*nif));
    nif->clock = clock;
}

size_t netif_stub_input(netif_stub *nif, const uint8_t *data, size_t len)
{
    size_t n = 0;
    while (n < len && (size_t)(nif->rx_head - nif->rx_tail) < NETIF_STUB_RX_SIZE) {
        nif->rx[nif->rx_head % NETIF_STUB_RX_SIZE] = data[n++];
        nif->rx_head++;
    }
    return n;
}

size_t netif_stub_output(netif_stub *nif, const uint8_t *data, size_t len)
{
    (void)data; /* no wire behind the stub: a driver would start DMA here */
    nif->tx_bytes += (uint32_t)len;
    return len;
}

static int32_t stub_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    netif_stub *nif = ctx;
    (void)host; /* the IP stack would resolve and open a TCP connection here */
    (void)port;
    (void)timeout_ms;
    nif->rx_head = nif->rx_tail = 0;
    nif->peer_closed = 0;
    nif->open = 1;
    return ORCA_OK;
}

static int32_t stub_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    netif_stub *nif = ctx;
    (void)timeout_ms;
    if (!nif->open)
        return ORCA_ERR_CLOSED;
    return (int32_t)netif_stub_output(nif, buf, len > 0x7FFFFFFFu ? 0x7FFFFFFFu : len);
}

static int32_t stub_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    netif_stub *nif = ctx;
    uint32_t deadline = nif->clock->now_ms(nif->clock->ctx) + timeout_ms;
    size_t n = 0;

    if (!nif->open)
        return ORCA_ERR_CLOSED;
    while (nif->rx_head == nif->rx_tail) {
        if (nif->peer_closed)
            return 0;
        if (orca_clock_remaining(nif->clock->now_ms(nif->clock->ctx), deadline) <= 0)
            return ORCA_ERR_TIMEOUT;
        __asm__ volatile("wfi"); /* the receive or tick interrupt wakes us */
    }
    if (len > 0x7FFFFFFFu)
        len = 0x7FFFFFFFu;
    while (n < len && nif->rx_tail != nif->rx_head) {
        buf[n++] = nif->rx[nif->rx_tail % NETIF_STUB_RX_SIZE];
        nif->rx_tail++;
    }
    return (int32_t)n;
}

static void stub_close(void *ctx)
{
    netif_stub *nif = ctx;
    nif->open = 0;
}

void netif_stub_transport(netif_stub *nif, orca_transport *transport)
{
    transport->connect = stub_connect;
    transport->send = stub_send;
    transport->recv = stub_recv;
    transport->close = stub_close;
    transport->ctx = nif;
}
