"""Host side of the firmware's serial link (examples/firmware/serial_link.h):
QEMU's UART0 socket on one side, TCP connections to loopback on the other.

Frames: SLIP-delimited (END 0xC0, ESC 0xDB) {type, id, payload, crc16}, CRC-16/
CCITT-FALSE big-endian over type, id and payload. The device sends CONNECT
(port, host), DATA, CLOSE; the bridge answers ACCEPT or RESET (reason byte),
DATA, CLOSE (end of stream) and RESET (reset by the peer). Only 127.0.0.1
("localhost") is reachable: anything else gets RESET 'D'.
"""
import socket
import struct
import threading

END, ESC, ESC_END, ESC_ESC = 0xC0, 0xDB, 0xDC, 0xDD
CONNECT, ACCEPT, DATA, CLOSE, RESET = b"C", b"A", b"D", b"F", b"R"
MAX_PAYLOAD = 256
ALLOWED_HOSTS = ("localhost", "127.0.0.1")


def crc16(data, crc=0xFFFF):
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1) & 0xFFFF
    return crc


def escape(data):
    return data.replace(b"\xdb", b"\xdb\xdd").replace(b"\xc0", b"\xdb\xdc")


def noise():
    """Line noise before the first connection, and what the device's decoder
    must make of it: (bytes, frames dropped, frames ignored as stale)."""
    bad_crc = bytearray(frame(DATA, 1, b"bad crc"))
    bad_crc[-2] ^= 0x01
    return (b"AT\r\n+++\r\n\xc0"                       # modem chatter: dropped
            + bytes(bad_crc)                               # dropped
            + frame(DATA, 2, b"x" * (MAX_PAYLOAD + 40))    # too long: dropped
            + b"\xc0D\x01\xdbA\xc0"                       # bad escape: dropped
            + b"\xc0\xc0"                                  # empty: padding, ignored
            + frame(DATA, 0xEE, b"stale")                  # another connection's
            + frame(b"Z", 0xEE), 4, 2)


def corrupt(encoded):
    """One bit flipped inside an encoded frame, leaving END and ESC alone."""
    out = bytearray(encoded)
    for i in range(len(out) // 2, len(out) - 1):
        if out[i] not in (END, ESC) and out[i] ^ 1 not in (END, ESC) and out[i - 1] != ESC:
            out[i] ^= 1
            return bytes(out)
    raise ValueError("no byte to corrupt")


def frame(kind, conn_id, payload=b""):
    body = kind + bytes([conn_id]) + payload
    return b"\xc0" + escape(body + struct.pack(">H", crc16(body))) + b"\xc0"


class Decoder:
    """Byte-at-a-time SLIP decoder: yields (kind, id, payload) for good frames
    and counts bad ones (the device's decoder mirrors it)."""

    def __init__(self):
        self.buf, self.escaped, self.bad, self.dropped = bytearray(), False, False, 0

    def feed(self, data):
        for b in data:
            if b == END:
                got = self.end()
                if got:
                    yield got
            elif self.bad:
                continue
            elif self.escaped:
                self.escaped = False
                if b not in (ESC_END, ESC_ESC):
                    self.bad = True
                else:
                    self.buf.append(END if b == ESC_END else ESC)
            elif b == ESC:
                self.escaped = True
            else:
                self.buf.append(b)

    def end(self):
        buf, bad = bytes(self.buf), self.bad or self.escaped
        self.buf, self.escaped, self.bad = bytearray(), False, False
        if not buf and not bad:
            return None
        if bad or len(buf) < 4 or len(buf) > MAX_PAYLOAD + 4 or \
                crc16(buf[:-2]) != struct.unpack(">H", buf[-2:])[0]:
            self.dropped += 1
            return None
        return buf[0:1], buf[1], buf[2:-2]


class Bridge(threading.Thread):
    """Serves one QEMU serial socket until it closes. `events` records what
    happened, e.g. ("connect", id, host, port, "ok"), for the test to check."""

    def __init__(self, qemu_sock, noise=b"", corrupt_frame=0):
        """corrupt_frame=N: flip one bit of the N-th DATA frame sent to the
        device (after its CRC was computed: the device must drop it)."""
        super().__init__(daemon=True)
        self.qemu, self.noise = qemu_sock, noise
        self.corrupt_frame, self.down_frames = corrupt_frame, 0
        self.lock = threading.Lock()
        self.upstream, self.up_id = None, None
        self.events, self.bytes_up, self.bytes_down = [], 0, 0
        self.decoder = Decoder()

    def send_qemu(self, data):
        with self.lock:
            self.qemu.sendall(data)

    def run(self):
        try:
            if self.noise:
                self.send_qemu(self.noise)
            while True:
                data = self.qemu.recv(4096)
                if not data:
                    break
                for kind, conn_id, payload in self.decoder.feed(data):
                    self.handle(kind, conn_id, payload)
        except OSError as e:
            self.events.append(("error", str(e)))
        finally:
            self.drop_upstream()

    def handle(self, kind, conn_id, payload):
        if kind == CONNECT:
            self.drop_upstream()
            self.connect(conn_id, payload)
        elif conn_id != self.up_id or self.upstream is None:
            self.events.append(("stale", kind.decode(), conn_id))
        elif kind == DATA:
            self.bytes_up += len(payload)
            try:
                self.upstream.sendall(payload)
            except OSError:
                self.send_qemu(frame(RESET, conn_id, b"X"))
                self.drop_upstream()
        elif kind == CLOSE:
            self.events.append(("close", conn_id, "device"))
            self.drop_upstream()

    def connect(self, conn_id, payload):
        port = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 0
        host = payload[2:].decode("ascii", "replace")
        if host not in ALLOWED_HOSTS:
            self.events.append(("connect", conn_id, host, port, "refused-host"))
            self.send_qemu(frame(RESET, conn_id, b"D"))
            return
        try:
            up = socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            self.events.append(("connect", conn_id, host, port, "refused"))
            self.send_qemu(frame(RESET, conn_id, b"R"))
            return
        except OSError:
            self.events.append(("connect", conn_id, host, port, "timeout"))
            self.send_qemu(frame(RESET, conn_id, b"T"))
            return
        up.settimeout(None)
        self.upstream, self.up_id = up, conn_id
        self.events.append(("connect", conn_id, host, port, "ok"))
        self.send_qemu(frame(ACCEPT, conn_id))
        threading.Thread(target=self.pump_down, args=(up, conn_id), daemon=True).start()

    def pump_down(self, up, conn_id):
        """Server -> device: DATA frames, then CLOSE (or RESET on a reset)."""
        try:
            while True:
                data = up.recv(MAX_PAYLOAD)
                if not data:
                    if self.upstream is up:  # the server closed, not us
                        self.events.append(("close", conn_id, "server"))
                        self.send_qemu(frame(CLOSE, conn_id))
                    return
                self.bytes_down += len(data)
                self.down_frames += 1
                encoded = frame(DATA, conn_id, data)
                if self.down_frames == self.corrupt_frame:
                    encoded = corrupt(encoded)
                    self.events.append(("corrupted", conn_id, self.down_frames))
                self.send_qemu(encoded)
        except OSError:
            if self.upstream is up:  # not our own close of it
                self.send_qemu(frame(RESET, conn_id, b"X"))

    def drop_upstream(self):
        up, self.upstream, self.up_id = self.upstream, None, None
        if up is not None:
            try:
                up.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            up.close()
