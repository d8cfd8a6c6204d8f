/* An orca_transport over a serial byte stream (a UART wired to a modem-like
 * bridge): one TCP connection at a time, carried in SLIP-delimited frames.
 *
 * Frame on the wire: END, then SLIP-escaped {type, id, payload..., crc16},
 * then END (END 0xC0, ESC 0xDB; ESC ESC_END / ESC ESC_ESC stand for them).
 * crc16 is CRC-16/CCITT-FALSE (big-endian) over type, id and payload. Any END
 * starts a new frame, so the decoder resynchronises after noise by itself;
 * a frame with a bad CRC, a bad escape, fewer than 4 or more than
 * SERIAL_LINK_MAX_PAYLOAD + 4 bytes is dropped (counted).
 *
 * Types: device -> bridge CONNECT (payload: port, 2 bytes big-endian, then
 * the host name), DATA, CLOSE; bridge -> device ACCEPT, DATA, CLOSE (end of
 * stream), RESET (payload: one reason byte, SERIAL_REASON_*). The device picks
 * a new id for every CONNECT; frames carrying another id belong to an older
 * connection and are ignored (counted as stale). */
#ifndef SERIAL_LINK_H
#define SERIAL_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "orca/clock.h"
#include "orca/transport.h"

#define SERIAL_LINK_MAX_PAYLOAD 256u

#define SERIAL_END 0xC0u
#define SERIAL_ESC 0xDBu
#define SERIAL_ESC_END 0xDCu
#define SERIAL_ESC_ESC 0xDDu

#define SERIAL_CONNECT 'C'
#define SERIAL_ACCEPT 'A'
#define SERIAL_DATA 'D'
#define SERIAL_CLOSE 'F'
#define SERIAL_RESET 'R'

#define SERIAL_REASON_REFUSED 'R' /* connection refused: ORCA_ERR_CONN_REFUSED */
#define SERIAL_REASON_DNS 'D'     /* host not allowed or unknown: ORCA_ERR_DNS */
#define SERIAL_REASON_TIMEOUT 'T' /* bridge's connect timed out: ORCA_ERR_TIMEOUT */
#define SERIAL_REASON_RESET 'X'   /* peer reset the connection: ORCA_ERR_CONN_RESET */

/** Incremental frame decoder: state survives between calls, so a timeout in
 *  the middle of a frame loses nothing. */
typedef struct serial_decoder {
    /* type, id, payload, crc */
    uint8_t frame[SERIAL_LINK_MAX_PAYLOAD + 4u];
    size_t len;       /* bytes of the frame being received */
    size_t frame_len; /* after SERIAL_FEED_FRAME: type, id and payload bytes */
    uint8_t escaped;  /* the previous byte was ESC */
    uint8_t bad;      /* this frame is already lost (too long, bad escape) */
} serial_decoder;

/** Result of serial_decoder_feed(). */
#define SERIAL_FEED_MORE 0     /* no complete frame yet */
#define SERIAL_FEED_FRAME 1    /* frame[0..frame_len): type, id, payload (CRC checked) */
#define SERIAL_FEED_DROPPED -1 /* a frame ended that was bad: it is gone */

void serial_decoder_init(serial_decoder *d);
/** Feeds one received byte; see SERIAL_FEED_*. */
int serial_decoder_feed(serial_decoder *d, uint8_t byte);
/** CRC-16/CCITT-FALSE of @p len bytes, continuing from @p crc (start 0xFFFF). */
uint16_t serial_crc16(uint16_t crc, const uint8_t *data, size_t len);

/** Byte I/O of the line: the UART driver's. */
typedef struct serial_io {
    void (*put)(void *ctx, uint8_t byte); /**< Sends one byte (blocks while TX is full). */
    int (*get)(void *ctx, uint8_t *byte); /**< 1 and a received byte, or 0 when none waits. */
    void (*idle)(void *ctx);              /**< Sleeps until an interrupt (or returns). */
    void *ctx;
} serial_io;

/** Frames waiting for the UART in non-blocking mode: one DATA frame of
 *  SERIAL_LINK_MAX_PAYLOAD bytes escaped at worst (2 * 260 + 2) and a CLOSE. */
#define SERIAL_LINK_TX_SIZE 544u

/** Sends one byte if the transmitter has room: 1, else 0 (never waits). */
typedef int (*serial_try_put_fn)(void *ctx, uint8_t byte);

/** One link: the decoder, the connection state and counters. */
typedef struct serial_link {
    serial_decoder dec;
    serial_io io;
    serial_try_put_fn try_put;       /* non-blocking mode (serial_link_set_nonblocking) */
    uint8_t tx[SERIAL_LINK_TX_SIZE]; /* non-blocking mode: encoded frames not yet sent */
    size_t tx_off, tx_len;           /* tx[tx_off..tx_len) waits for the UART */
    const orca_clock *clock;
    size_t data_off; /* bytes of the pending DATA frame already handed out */
    /* bytes in the pending DATA frame (payload at dec.frame + 2; the
     * decoder is not fed again until they are handed out) */
    size_t data_len;
    int32_t error; /* why the connection broke (state SERIAL_BROKEN) */
    uint8_t state;
    uint8_t id;       /* id of the current connection */
    uint32_t frames;  /* frames received whole */
    uint32_t dropped; /* frames dropped by the decoder */
    uint32_t stale;   /* frames of another connection, or of no use in this state */
} serial_link;

void serial_link_init(serial_link *link, const serial_io *io, const orca_clock *clock);
/**
 * Fills @p transport with connect/send/recv/close over @p link.
 * connect: ORCA_OK, ORCA_ERR_STATE (already connected), ORCA_ERR_INVALID_ARG
 * (host longer than the payload allows), ORCA_ERR_TIMEOUT, or the bridge's
 * answer (ORCA_ERR_CONN_REFUSED, ORCA_ERR_DNS, ORCA_ERR_CONN_RESET).
 * recv: bytes, 0 after the bridge's CLOSE, ORCA_ERR_TIMEOUT, ORCA_ERR_CONN_RESET
 * (RESET), ORCA_ERR_IO (a frame of the open connection was lost on the line),
 * ORCA_ERR_CLOSED. send: bytes, or the error that broke the connection.
 */
void serial_link_transport(serial_link *link, orca_transport *transport);

/**
 * Makes the link's transport non-blocking (transport.h): no call waits for
 * the UART or the bridge. Frames are encoded into the link's tx buffer and
 * handed to @p try_put as far as the transmitter takes them; received bytes
 * are taken as far as they have arrived.
 * connect: sends CONNECT and returns ORCA_ERR_WANT_READ until the bridge's
 * ACCEPT (then ORCA_OK) or its refusal; call it again with the same host and
 * port (ORCA_ERR_WANT_WRITE: no room in the tx buffer yet). send: the bytes
 * queued (fewer than asked when the buffer is nearly full), or
 * ORCA_ERR_WANT_WRITE when there is no room; ORCA_ERR_STATE while connecting.
 * recv: bytes, 0 after CLOSE, or ORCA_ERR_WANT_READ when nothing has
 * arrived. Timeouts are the caller's (close gives a connect up). Call
 * serial_link_poll() from the main loop: queued bytes go out only when the
 * link is called. Call before serial_link_transport's first connect.
 */
void serial_link_set_nonblocking(serial_link *link, serial_try_put_fn try_put);

/** Non-blocking mode: hands queued bytes to the UART as far as it takes
 *  them; returns the number still waiting (0: all sent). */
size_t serial_link_poll(serial_link *link);

#endif
