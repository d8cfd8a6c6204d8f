/* Host unit test of the firmware's serial link (examples/firmware/
 * serial_link.c): frames, resynchronisation, every connection state and its
 * status, against a scripted line and a fake clock that wraps. */
#include <stdio.h>
#include <string.h>

#include "orca/status.h"
#include "serial_link.h"

static int failures, checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                 \
        }                                                                                          \
    } while (0)

/* ---- a scripted line and a fake clock ---- */

typedef struct line {
    uint8_t in[4096]; /* bytes the device will receive */
    size_t in_len, in_pos;
    uint8_t out[4096]; /* bytes the device sent */
    size_t out_len;
    uint32_t now; /* the fake tick: idle() advances it by 1 ms */
} line;

static line wire;

static void line_put(void *ctx, uint8_t byte)
{
    line *l = ctx;
    if (l->out_len < sizeof(l->out))
        l->out[l->out_len++] = byte;
}

static int line_get(void *ctx, uint8_t *byte)
{
    line *l = ctx;
    if (l->in_pos == l->in_len)
        return 0;
    *byte = l->in[l->in_pos++];
    return 1;
}

static void line_idle(void *ctx)
{
    line *l = ctx;
    l->now++;
}

static uint32_t line_now(void *ctx)
{
    return ((line *)ctx)->now;
}

static void feed(const uint8_t *data, size_t len)
{
    memcpy(wire.in + wire.in_len, data, len);
    wire.in_len += len;
}

/* Queues one frame for the device, as the bridge encodes it. */
static void feed_frame(uint8_t type, uint8_t id, const uint8_t *payload, size_t len)
{
    uint8_t body[SERIAL_LINK_MAX_PAYLOAD + 64];
    uint8_t enc[2 * sizeof(body) + 2];
    size_t n = 0, i, e = 0;
    uint16_t crc;
    body[n++] = type;
    body[n++] = id;
    if (len > 0)
        memcpy(body + n, payload, len);
    n += len;
    crc = serial_crc16(0xFFFFu, body, n);
    body[n++] = (uint8_t)(crc >> 8);
    body[n++] = (uint8_t)crc;
    enc[e++] = SERIAL_END;
    for (i = 0; i < n; i++) {
        if (body[i] == SERIAL_END || body[i] == SERIAL_ESC) {
            enc[e++] = SERIAL_ESC;
            enc[e++] = body[i] == SERIAL_END ? SERIAL_ESC_END : SERIAL_ESC_ESC;
        } else {
            enc[e++] = body[i];
        }
    }
    enc[e++] = SERIAL_END;
    feed(enc, e);
}

/* Decodes what the device sent; returns the number of frames put in @p got. */
static size_t sent_frames(serial_decoder *d, uint8_t got[][SERIAL_LINK_MAX_PAYLOAD + 4],
                          size_t *lens, size_t max)
{
    size_t i, n = 0;
    serial_decoder_init(d);
    for (i = 0; i < wire.out_len; i++) {
        if (serial_decoder_feed(d, wire.out[i]) == SERIAL_FEED_FRAME && n < max) {
            memcpy(got[n], d->frame, d->frame_len);
            lens[n++] = d->frame_len;
        }
    }
    return n;
}

static serial_link link;
static orca_transport t;
static orca_clock clk;

static void setup(void)
{
    static const serial_io io = {line_put, line_get, line_idle, &wire};
    memset(&wire, 0, sizeof(wire));
    wire.now = 0xFFFFFFF0u; /* deadlines cross the wrap */
    clk.now_ms = line_now;
    clk.ctx = &wire;
    serial_link_init(&link, &io, &clk);
    serial_link_transport(&link, &t);
}

static int32_t connect_ok(void)
{
    feed_frame(SERIAL_ACCEPT, (uint8_t)(link.id + 1u), NULL, 0);
    return t.connect(t.ctx, "localhost", 4443, 1000);
}

/* ---- tests ---- */

static void test_crc(void)
{
    CHECK(serial_crc16(0xFFFFu, (const uint8_t *)"123456789", 9) == 0x29B1u); /* check value */
}

static void test_connect_frame(void)
{
    static uint8_t got[4][SERIAL_LINK_MAX_PAYLOAD + 4];
    size_t lens[4];
    serial_decoder d;
    setup();
    CHECK(connect_ok() == ORCA_OK);
    CHECK(sent_frames(&d, got, lens, 4) == 1);
    CHECK(lens[0] == 4 + 9 && got[0][0] == SERIAL_CONNECT && got[0][1] == 1);
    CHECK(got[0][2] == (4443 >> 8) && got[0][3] == (4443 & 0xFF));
    CHECK(memcmp(got[0] + 4, "localhost", 9) == 0);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_STATE);
}

static void test_connect_errors(void)
{
    static const struct {
        uint8_t reason;
        int32_t status;
    } cases[] = {{SERIAL_REASON_REFUSED, ORCA_ERR_CONN_REFUSED},
                 {SERIAL_REASON_DNS, ORCA_ERR_DNS},
                 {SERIAL_REASON_TIMEOUT, ORCA_ERR_TIMEOUT},
                 {SERIAL_REASON_RESET, ORCA_ERR_CONN_RESET},
                 {'?', ORCA_ERR_CONN_RESET}};
    char long_host[SERIAL_LINK_MAX_PAYLOAD];
    size_t i;
    setup();
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        feed_frame(SERIAL_RESET, (uint8_t)(link.id + 1u), &cases[i].reason, 1);
        CHECK(t.connect(t.ctx, "localhost", 1, 1000) == cases[i].status);
    }
    feed_frame(SERIAL_CLOSE, (uint8_t)(link.id + 1u), NULL, 0);
    CHECK(t.connect(t.ctx, "localhost", 1, 1000) == ORCA_ERR_CONN_REFUSED);
    memset(long_host, 'h', sizeof(long_host) - 1);
    long_host[sizeof(long_host) - 1] = '\0';
    CHECK(t.connect(t.ctx, long_host, 1, 1000) == ORCA_ERR_INVALID_ARG);
    CHECK(t.connect(t.ctx, "", 1, 1000) == ORCA_ERR_INVALID_ARG);
    CHECK(t.connect(t.ctx, NULL, 1, 1000) == ORCA_ERR_INVALID_ARG);
    /* still usable after every failure */
    CHECK(connect_ok() == ORCA_OK);
}

static void test_connect_timeout(void)
{
    uint32_t start;
    setup();
    start = wire.now;
    CHECK(t.connect(t.ctx, "localhost", 1, 50) == ORCA_ERR_TIMEOUT);
    CHECK((uint32_t)(wire.now - start) == 50u); /* across the wrap */
    /* the late ACCEPT of that attempt is stale for the next one */
    feed_frame(SERIAL_ACCEPT, 1, NULL, 0);
    CHECK(connect_ok() == ORCA_OK && link.id == 2);
    CHECK(link.stale == 1);
}

static void test_data_every_byte(void)
{
    uint8_t payload[SERIAL_LINK_MAX_PAYLOAD], got[2 * SERIAL_LINK_MAX_PAYLOAD];
    size_t n = 0, i;
    setup();
    for (i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)i; /* END and ESC included */
    CHECK(connect_ok() == ORCA_OK);
    feed_frame(SERIAL_DATA, link.id, payload, sizeof(payload));
    feed_frame(SERIAL_DATA, link.id, payload, 10);
    while (n < sizeof(payload) + 10) {
        int32_t r = t.recv(t.ctx, got + n, 7, 100);
        CHECK(r > 0 && r <= 7);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    CHECK(n == sizeof(payload) + 10);
    CHECK(memcmp(got, payload, sizeof(payload)) == 0 && memcmp(got + 256, payload, 10) == 0);
    CHECK(t.recv(t.ctx, got, sizeof(got), 20) == ORCA_ERR_TIMEOUT);
}

static void test_end_of_stream_and_reset(void)
{
    uint8_t buf[8];
    uint8_t reason = SERIAL_REASON_RESET;
    setup();
    CHECK(connect_ok() == ORCA_OK);
    feed_frame(SERIAL_DATA, link.id, (const uint8_t *)"ab", 2);
    feed_frame(SERIAL_CLOSE, link.id, NULL, 0);
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 100) == 2);
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 100) == 0); /* end of stream, not a timeout */
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 100) == 0);
    t.close(t.ctx);
    t.close(t.ctx); /* twice is fine */
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 100) == ORCA_ERR_CLOSED);
    CHECK(t.send(t.ctx, buf, 1, 100) == ORCA_ERR_CLOSED);

    CHECK(connect_ok() == ORCA_OK);
    feed_frame(SERIAL_RESET, link.id, &reason, 1);
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 100) == ORCA_ERR_CONN_RESET);
    CHECK(t.send(t.ctx, buf, 1, 100) == ORCA_ERR_CONN_RESET);
}

static void test_lost_frame_breaks_connection(void)
{
    uint8_t buf[8];
    size_t before;
    setup();
    CHECK(connect_ok() == ORCA_OK);
    before = wire.in_len;
    feed_frame(SERIAL_DATA, link.id, (const uint8_t *)"hello", 5);
    wire.in[before + 4] ^= 0x01; /* a bit flipped on the line */
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 100) == ORCA_ERR_IO);
    CHECK(link.dropped == 1);
    t.close(t.ctx);
    CHECK(connect_ok() == ORCA_OK);
}

static void test_noise_and_resync(void)
{
    static const uint8_t noise[] = "AT\r\n+++\r\n";
    static const uint8_t bad_escape[] = {SERIAL_END, 'D', 1, SERIAL_ESC, 'A', SERIAL_END};
    static const uint8_t esc_at_end[] = {SERIAL_END, 'D', 1, 'x', 'y', SERIAL_ESC, SERIAL_END};
    uint8_t big[SERIAL_LINK_MAX_PAYLOAD + 1], buf[SERIAL_LINK_MAX_PAYLOAD + 1];
    int32_t r;
    setup();
    memset(big, 'x', sizeof(big));
    feed(noise, sizeof(noise) - 1);
    feed((const uint8_t *)"\xc0\xc0\xc0", 3);     /* noise ends; empty frames are padding */
    feed(bad_escape, sizeof(bad_escape));         /* dropped */
    feed(esc_at_end, sizeof(esc_at_end));         /* dropped */
    feed_frame(SERIAL_DATA, 1, big, sizeof(big)); /* one byte too long: dropped */
    feed_frame(SERIAL_DATA, 0x77, big, 4);        /* another connection's: stale */
    feed_frame('Z', 1, NULL, 0);                  /* unknown type before ACCEPT: no use */
    CHECK(connect_ok() == ORCA_OK);
    CHECK(link.dropped == 4);
    CHECK(link.stale == 2);
    /* the largest frame passes */
    feed_frame(SERIAL_DATA, link.id, big, SERIAL_LINK_MAX_PAYLOAD);
    r = t.recv(t.ctx, buf, sizeof(buf), 100);
    CHECK(r == (int32_t)SERIAL_LINK_MAX_PAYLOAD);
}

static void test_timeout_mid_frame_keeps_sync(void)
{
    uint8_t buf[8];
    size_t start, end;
    setup();
    CHECK(connect_ok() == ORCA_OK);
    start = wire.in_len;
    feed_frame(SERIAL_DATA, link.id, (const uint8_t *)"split", 5);
    end = wire.in_len;
    wire.in_len = start + 4; /* only the first bytes have arrived */
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 30) == ORCA_ERR_TIMEOUT);
    wire.in_len = end;
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 30) == 5 && memcmp(buf, "split", 5) == 0);
}

static void test_send(void)
{
    static uint8_t got[4][SERIAL_LINK_MAX_PAYLOAD + 4];
    uint8_t data[1000];
    size_t lens[4], i;
    serial_decoder d;
    setup();
    for (i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 7u);
    CHECK(t.send(t.ctx, data, sizeof(data), 100) == ORCA_ERR_CLOSED);
    CHECK(connect_ok() == ORCA_OK);
    wire.out_len = 0;
    CHECK(t.send(t.ctx, data, sizeof(data), 100) == (int32_t)SERIAL_LINK_MAX_PAYLOAD);
    CHECK(t.send(t.ctx, data, 0, 100) == ORCA_ERR_INVALID_ARG);
    t.close(t.ctx);
    CHECK(sent_frames(&d, got, lens, 4) == 2);
    CHECK(got[0][0] == SERIAL_DATA && got[0][1] == link.id);
    CHECK(lens[0] == 2 + SERIAL_LINK_MAX_PAYLOAD &&
          memcmp(got[0] + 2, data, SERIAL_LINK_MAX_PAYLOAD) == 0);
    CHECK(got[1][0] == SERIAL_CLOSE && lens[1] == 2);
}

/* ---- non-blocking mode ---- */

static size_t tx_room = (size_t)-1; /* bytes the fake transmitter still takes */

static int line_try_put(void *ctx, uint8_t byte)
{
    if (tx_room == 0)
        return 0;
    tx_room--;
    line_put(ctx, byte);
    return 1;
}

static void setup_nonblocking(size_t room)
{
    setup();
    tx_room = room;
    serial_link_set_nonblocking(&link, line_try_put);
}

/* No call waits (the fake clock never moves: idle() is never called), the
 * connect is finished by connect called again, and a refusal is final. */
static void test_nb_connect(void)
{
    static uint8_t got[4][SERIAL_LINK_MAX_PAYLOAD + 4];
    size_t lens[4];
    serial_decoder d;
    uint8_t buf[8];
    uint32_t start;
    setup_nonblocking((size_t)-1);
    start = wire.now;
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_WANT_READ);
    CHECK(sent_frames(&d, got, lens, 4) == 1 && got[0][0] == SERIAL_CONNECT);
    CHECK(t.send(t.ctx, (const uint8_t *)"x", 1, 0) == ORCA_ERR_STATE);
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 0) == ORCA_ERR_STATE);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_WANT_READ);
    CHECK(sent_frames(&d, got, lens, 4) == 1); /* no second CONNECT */
    feed_frame(SERIAL_ACCEPT, link.id, NULL, 0);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_OK);
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 1000) == ORCA_ERR_WANT_READ);
    CHECK(wire.now == start);
    t.close(t.ctx);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_WANT_READ);
    feed_frame(SERIAL_RESET, link.id, (const uint8_t *)"R", 1);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_CONN_REFUSED);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_WANT_READ); /* a new one */
}

/* Data as it arrives, byte by byte, then WANT_READ; 0 after CLOSE. */
static void test_nb_recv(void)
{
    uint8_t buf[16];
    size_t start, end;
    setup_nonblocking((size_t)-1);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_WANT_READ);
    feed_frame(SERIAL_ACCEPT, link.id, NULL, 0);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_OK);
    start = wire.in_len;
    feed_frame(SERIAL_DATA, link.id, (const uint8_t *)"hello", 5);
    end = wire.in_len;
    wire.in_len = start + 3; /* part of the frame */
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 1000) == ORCA_ERR_WANT_READ);
    wire.in_len = end;
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 1000) == 5 && memcmp(buf, "hello", 5) == 0);
    feed_frame(SERIAL_CLOSE, link.id, NULL, 0);
    CHECK(t.recv(t.ctx, buf, sizeof(buf), 1000) == 0);
}

/* A transmitter that takes nothing: send queues what fits, then
 * WANT_WRITE; poll hands the queue out as room comes; the CLOSE always fits. */
static void test_nb_send_backpressure(void)
{
    static uint8_t got[8][SERIAL_LINK_MAX_PAYLOAD + 4];
    uint8_t data[600];
    size_t lens[8], i, queued = 0, n;
    serial_decoder d;
    int32_t r;
    for (i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13u); /* some END and ESC bytes among them */
    setup_nonblocking((size_t)-1);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_ERR_WANT_READ);
    feed_frame(SERIAL_ACCEPT, link.id, NULL, 0);
    CHECK(t.connect(t.ctx, "localhost", 4443, 1000) == ORCA_OK);
    wire.out_len = 0;
    tx_room = 0;
    while ((r = t.send(t.ctx, data + queued, sizeof(data) - queued, 0)) > 0)
        queued += (size_t)r;
    CHECK(r == ORCA_ERR_WANT_WRITE);
    CHECK(queued > 0 && queued < sizeof(data));
    CHECK(wire.out_len == 0 && serial_link_poll(&link) > 0);
    tx_room = 1;
    CHECK(serial_link_poll(&link) > 0 && wire.out_len == 1);
    tx_room = (size_t)-1;
    CHECK(serial_link_poll(&link) == 0);
    while (queued < sizeof(data)) {
        r = t.send(t.ctx, data + queued, sizeof(data) - queued, 0);
        CHECK(r > 0);
        if (r <= 0)
            break;
        queued += (size_t)r;
    }
    tx_room = 0;
    t.close(t.ctx); /* queued in the room kept for it */
    tx_room = (size_t)-1;
    CHECK(serial_link_poll(&link) == 0);
    n = sent_frames(&d, got, lens, 8);
    CHECK(n >= 4 && got[n - 1][0] == SERIAL_CLOSE);
    for (i = 0, queued = 0; i + 1 < n; i++) {
        CHECK(got[i][0] == SERIAL_DATA && got[i][1] == link.id);
        CHECK(memcmp(got[i] + 2, data + queued, lens[i] - 2) == 0);
        queued += lens[i] - 2;
    }
    CHECK(queued == sizeof(data));
}

int main(void)
{
    test_crc();
    test_connect_frame();
    test_connect_errors();
    test_connect_timeout();
    test_data_every_byte();
    test_end_of_stream_and_reset();
    test_lost_frame_breaks_connection();
    test_noise_and_resync();
    test_timeout_mid_frame_keeps_sync();
    test_send();
    test_nb_connect();
    test_nb_recv();
    test_nb_send_backpressure();
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 && checks > 0 ? 0 : 1;
}
