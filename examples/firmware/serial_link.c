/* The serial link of serial_link.h: SLIP-delimited frames with a CRC, and an
 * orca_transport that keeps one connection over them. */
#include <string.h>

#include "orca/status.h"
#include "serial_link.h"

enum { SERIAL_CLOSED, SERIAL_CONNECTING, SERIAL_OPEN, SERIAL_PEER_CLOSED, SERIAL_BROKEN };

#define SERIAL_FRAME_MIN 4u /* type, id, crc */

/* ---- frames ---- */

uint16_t serial_crc16(uint16_t crc, const uint8_t *data, size_t len)
{
    while (len-- > 0) {
        unsigned bit;
        crc = (uint16_t)(crc ^ (uint16_t)(*data++ << 8));
        for (bit = 0; bit < 8u; bit++)
            crc = (uint16_t)((crc & 0x8000u) ? ((unsigned)crc << 1) ^ 0x1021u : (unsigned)crc << 1);
    }
    return crc;
}

void serial_decoder_init(serial_decoder *d)
{
    memset(d, 0, sizeof(*d));
}

/* An END closes the frame: whole and with a good CRC, or dropped. Empty
 * frames (END END) are only padding. */
static int decoder_end(serial_decoder *d)
{
    size_t len = d->len;
    int bad = d->bad || d->escaped;
    uint16_t crc;

    d->len = 0;
    d->bad = d->escaped = 0;
    if (len == 0 && !bad)
        return SERIAL_FEED_MORE;
    if (bad || len < SERIAL_FRAME_MIN)
        return SERIAL_FEED_DROPPED;
    crc = (uint16_t)((d->frame[len - 2] << 8) | d->frame[len - 1]);
    if (serial_crc16(0xFFFFu, d->frame, len - 2) != crc)
        return SERIAL_FEED_DROPPED;
    d->frame_len = len - 2;
    return SERIAL_FEED_FRAME;
}

int serial_decoder_feed(serial_decoder *d, uint8_t byte)
{
    if (byte == SERIAL_END)
        return decoder_end(d);
    if (d->bad)
        return SERIAL_FEED_MORE; /* skip to the next END */
    if (d->escaped) {
        d->escaped = 0;
        if (byte != SERIAL_ESC_END && byte != SERIAL_ESC_ESC) {
            d->bad = 1;
            return SERIAL_FEED_MORE;
        }
        byte = byte == SERIAL_ESC_END ? SERIAL_END : SERIAL_ESC;
    } else if (byte == SERIAL_ESC) {
        d->escaped = 1;
        return SERIAL_FEED_MORE;
    }
    if (d->len == sizeof(d->frame)) {
        d->bad = 1;
        return SERIAL_FEED_MORE;
    }
    d->frame[d->len++] = byte;
    return SERIAL_FEED_MORE;
}

/* One byte to the line: queued in non-blocking mode (the caller made room,
 * frame_room()), else straight to the UART. */
static void link_out(serial_link *link, uint8_t b)
{
    if (link->try_put != NULL)
        link->tx[link->tx_len++] = b;
    else
        link->io.put(link->io.ctx, b);
}

static void put_escaped(serial_link *link, const uint8_t *p, size_t n)
{
    while (n-- > 0) {
        uint8_t b = *p++;
        if (b == SERIAL_END || b == SERIAL_ESC) {
            link_out(link, SERIAL_ESC);
            b = b == SERIAL_END ? SERIAL_ESC_END : SERIAL_ESC_ESC;
        }
        link_out(link, b);
    }
}

/* Sends one frame: head = {type, id} (+ up to 2 more bytes), then payload. */
static void send_frame(serial_link *link, const uint8_t *head, size_t head_len,
                       const uint8_t *payload, size_t len)
{
    uint16_t crc = serial_crc16(serial_crc16(0xFFFFu, head, head_len), payload, len);
    uint8_t tail[2];

    tail[0] = (uint8_t)(crc >> 8);
    tail[1] = (uint8_t)crc;
    link_out(link, SERIAL_END);
    put_escaped(link, head, head_len);
    put_escaped(link, payload, len);
    put_escaped(link, tail, 2);
    link_out(link, SERIAL_END);
}

/* ---- non-blocking output ---- */

/* Encoded size of a frame of @p body bytes (type, id, payload, crc) at worst:
 * every byte escaped, and the two ENDs. */
#define FRAME_WORST(body) (2u * (size_t)(body) + 2u)
/* Room kept free for a CLOSE: close() must never wait. */
#define TX_CLOSE_ROOM FRAME_WORST(4u)

size_t serial_link_poll(serial_link *link)
{
    if (link->try_put == NULL)
        return 0;
    while (link->tx_off < link->tx_len && link->try_put(link->io.ctx, link->tx[link->tx_off]))
        link->tx_off++;
    if (link->tx_off == link->tx_len)
        link->tx_off = link->tx_len = 0;
    return link->tx_len - link->tx_off;
}

/* Free bytes at the end of tx, once what was sent is dropped from its front. */
static size_t tx_free(serial_link *link)
{
    (void)serial_link_poll(link);
    if (link->tx_off > 0) {
        memmove(link->tx, link->tx + link->tx_off, link->tx_len - link->tx_off);
        link->tx_len -= link->tx_off;
        link->tx_off = 0;
    }
    return sizeof(link->tx) - link->tx_len;
}

void serial_link_set_nonblocking(serial_link *link, serial_try_put_fn try_put)
{
    link->try_put = try_put;
    link->tx_off = link->tx_len = 0;
}

static void send_control(serial_link *link, uint8_t type)
{
    uint8_t head[2];
    head[0] = type;
    head[1] = link->id;
    send_frame(link, head, 2, NULL, 0);
}

/* ---- connection state ---- */

static int32_t reset_status(const uint8_t *payload, size_t len)
{
    switch (len > 0 ? payload[0] : 0) {
    case SERIAL_REASON_REFUSED: return ORCA_ERR_CONN_REFUSED;
    case SERIAL_REASON_DNS: return ORCA_ERR_DNS;
    case SERIAL_REASON_TIMEOUT: return ORCA_ERR_TIMEOUT;
    default: return ORCA_ERR_CONN_RESET;
    }
}

static void link_break(serial_link *link, int32_t status)
{
    link->state = SERIAL_BROKEN;
    link->error = status;
    link->data_len = link->data_off = 0;
}

/* Acts on a whole frame of the current connection. */
static void handle_frame(serial_link *link)
{
    const uint8_t *f = link->dec.frame;
    size_t payload = link->dec.frame_len - 2;
    int open = link->state == SERIAL_OPEN;

    link->frames++;
    if (f[1] != link->id || link->state == SERIAL_CLOSED || link->state == SERIAL_BROKEN) {
        link->stale++;
        return;
    }
    if (f[0] == SERIAL_ACCEPT && link->state == SERIAL_CONNECTING) {
        link->state = SERIAL_OPEN;
    } else if (f[0] == SERIAL_DATA && open) {
        link->data_off = 0;
        link->data_len = payload;
    } else if (f[0] == SERIAL_CLOSE && open) {
        link->state = SERIAL_PEER_CLOSED;
    } else if (f[0] == SERIAL_CLOSE && link->state == SERIAL_CONNECTING) {
        link_break(link, ORCA_ERR_CONN_REFUSED);
    } else if (f[0] == SERIAL_RESET && link->state != SERIAL_PEER_CLOSED) {
        link_break(link, reset_status(f + 2, payload));
    } else {
        link->stale++; /* unknown type, or no use in this state */
    }
}

/* Takes the bytes that have arrived until one frame has been handled
 * (ORCA_OK), or ORCA_ERR_WANT_READ when none is waiting. A lost frame breaks
 * an open connection (the stream it carried now has a gap); before ACCEPT
 * it is only line noise. */
static int32_t pump_once(serial_link *link)
{
    for (;;) {
        uint8_t byte;
        int r;
        if (!link->io.get(link->io.ctx, &byte))
            return ORCA_ERR_WANT_READ;
        r = serial_decoder_feed(&link->dec, byte);
        if (r == SERIAL_FEED_FRAME) {
            handle_frame(link);
            return ORCA_OK;
        }
        if (r == SERIAL_FEED_DROPPED) {
            link->dropped++;
            if (link->state == SERIAL_OPEN)
                link_break(link, ORCA_ERR_IO);
            return ORCA_OK;
        }
    }
}

/* Reads bytes until one frame has been handled (ORCA_OK) or the deadline
 * passes (ORCA_ERR_TIMEOUT). */
static int32_t pump(serial_link *link, uint32_t deadline)
{
    while (pump_once(link) == ORCA_ERR_WANT_READ) {
        if (orca_clock_remaining(link->clock->now_ms(link->clock->ctx), deadline) <= 0)
            return ORCA_ERR_TIMEOUT;
        link->io.idle(link->io.ctx);
    }
    return ORCA_OK;
}

/* ---- transport ---- */

static uint32_t deadline_after(const serial_link *link, uint32_t timeout_ms)
{
    return link->clock->now_ms(link->clock->ctx) + timeout_ms;
}

/* Where a connect under way stands: ORCA_OK once accepted, the refusal (the
 * link is closed again), else ORCA_ERR_WANT_READ. */
static int32_t connect_result(serial_link *link)
{
    if (link->state == SERIAL_BROKEN) {
        link->state = SERIAL_CLOSED;
        return link->error;
    }
    return link->state == SERIAL_CONNECTING ? ORCA_ERR_WANT_READ : ORCA_OK;
}

/* Non-blocking: what has arrived, without waiting. */
static int32_t connect_poll(serial_link *link)
{
    (void)serial_link_poll(link);
    while (link->state == SERIAL_CONNECTING && pump_once(link) == ORCA_OK) {
    }
    return connect_result(link);
}

static int32_t link_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    serial_link *link = ctx;
    size_t host_len = host != NULL ? strlen(host) : 0;
    uint32_t deadline = deadline_after(link, timeout_ms);
    uint8_t head[4];

    if (link->try_put != NULL && link->state == SERIAL_CONNECTING)
        return connect_poll(link); /* called again: the connect under way */
    if (link->state != SERIAL_CLOSED)
        return ORCA_ERR_STATE;
    if (host_len == 0 || host_len > SERIAL_LINK_MAX_PAYLOAD - 2u)
        return ORCA_ERR_INVALID_ARG;
    if (link->try_put != NULL && tx_free(link) < FRAME_WORST(6u + host_len) + TX_CLOSE_ROOM)
        return ORCA_ERR_WANT_WRITE;
    link->id++;
    link->state = SERIAL_CONNECTING;
    link->data_len = link->data_off = 0;
    head[0] = SERIAL_CONNECT;
    head[1] = link->id;
    head[2] = (uint8_t)(port >> 8);
    head[3] = (uint8_t)port;
    send_frame(link, head, 4, (const uint8_t *)host, host_len);
    if (link->try_put != NULL)
        return connect_poll(link);
    while (link->state == SERIAL_CONNECTING) {
        if (pump(link, deadline) == ORCA_ERR_TIMEOUT) {
            send_control(link, SERIAL_CLOSE);
            link->state = SERIAL_CLOSED;
            return ORCA_ERR_TIMEOUT;
        }
    }
    return connect_result(link);
}

/* UART transmission has no timeout to honour: put() waits for the FIFO only.
 * Non-blocking: as much as the tx buffer has room for. */
static int32_t link_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    serial_link *link = ctx;
    size_t n = len < SERIAL_LINK_MAX_PAYLOAD ? len : SERIAL_LINK_MAX_PAYLOAD;
    uint8_t head[2];

    (void)timeout_ms;
    if (link->state == SERIAL_BROKEN)
        return link->error;
    if (link->try_put != NULL && link->state == SERIAL_CONNECTING)
        return ORCA_ERR_STATE;
    if (link->state != SERIAL_OPEN && link->state != SERIAL_PEER_CLOSED)
        return ORCA_ERR_CLOSED;
    if (len == 0)
        return ORCA_ERR_INVALID_ARG;
    if (link->try_put != NULL) {
        size_t room = tx_free(link);
        size_t fits = room > FRAME_WORST(4u) + TX_CLOSE_ROOM
                          ? (room - FRAME_WORST(4u) - TX_CLOSE_ROOM) / 2u
                          : 0;
        if (fits == 0)
            return ORCA_ERR_WANT_WRITE;
        if (n > fits)
            n = fits;
    }
    head[0] = SERIAL_DATA;
    head[1] = link->id;
    send_frame(link, head, 2, buf, n);
    (void)serial_link_poll(link);
    return (int32_t)n;
}

static int32_t link_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    serial_link *link = ctx;
    uint32_t deadline = deadline_after(link, timeout_ms);

    (void)serial_link_poll(link);
    for (;;) {
        if (link->data_off < link->data_len) {
            size_t n = link->data_len - link->data_off;
            if (n > len)
                n = len;
            memcpy(buf, link->dec.frame + 2 + link->data_off, n);
            link->data_off += n;
            return (int32_t)n;
        }
        if (link->state == SERIAL_PEER_CLOSED)
            return 0;
        if (link->state == SERIAL_BROKEN)
            return link->error;
        if (link->try_put != NULL && link->state == SERIAL_CONNECTING)
            return ORCA_ERR_STATE;
        if (link->state != SERIAL_OPEN)
            return ORCA_ERR_CLOSED;
        if (len == 0)
            return ORCA_ERR_INVALID_ARG;
        if (link->try_put != NULL) {
            if (pump_once(link) == ORCA_ERR_WANT_READ)
                return ORCA_ERR_WANT_READ;
        } else if (pump(link, deadline) == ORCA_ERR_TIMEOUT) {
            return ORCA_ERR_TIMEOUT;
        }
    }
}

/* Non-blocking: the CLOSE is queued in the room kept for it. */
static void link_close(void *ctx)
{
    serial_link *link = ctx;
    if (link->state == SERIAL_CLOSED)
        return;
    if (link->try_put == NULL || tx_free(link) >= TX_CLOSE_ROOM)
        send_control(link, SERIAL_CLOSE); /* also after a RESET: the bridge ignores it */
    link->state = SERIAL_CLOSED;
    link->data_len = link->data_off = 0;
    (void)serial_link_poll(link);
}

void serial_link_init(serial_link *link, const serial_io *io, const orca_clock *clock)
{
    memset(link, 0, sizeof(*link));
    serial_decoder_init(&link->dec);
    link->io = *io;
    link->clock = clock;
    link->state = SERIAL_CLOSED;
}

void serial_link_transport(serial_link *link, orca_transport *transport)
{
    transport->connect = link_connect;
    transport->send = link_send;
    transport->recv = link_recv;
    transport->close = link_close;
    transport->ctx = link;
}
