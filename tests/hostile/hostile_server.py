"""A scripted raw HTTP server for the hostile-server matrix (matrix.py).

It listens on a free loopback port, plain TCP or TLS (Python's ssl module with
the certificates of tests/integration/gen_certs.sh), reads each request head
and body itself and hands it to the case's script, which answers with raw
bytes: truncated, oversized, malformed, trickled, reset, or not at all.
Everything it saw is recorded (connections, requests with their arrival time,
bytes sent), so a case can check what the client sent.

Every socket wait is bounded, and stop() closes every socket and joins every
thread it started, so a failing case leaves nothing running.
"""
import socket
import ssl
import struct
import threading
import time

IO_TIMEOUT_S = 10.0      # bound on every read and write of the server
HEAD_LIMIT = 1 << 20     # a request head longer than this ends the connection


class Closed(Exception):
    """The client went away (or the case is over) while the server wrote."""


class Request:
    def __init__(self, conn, head, body):
        self.time = time.monotonic()
        self.conn = conn
        lines = head.decode("latin-1").split("\r\n")
        self.method, self.path, self.version = (lines[0].split(" ") + ["", "", ""])[:3]
        self.headers = []  # (lower-case name, value) in order, repeats kept
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.append((name.strip().lower(), value.strip()))
        self.body = body

    def header(self, name):
        """All values of header @name (lower case)."""
        return [v for n, v in self.headers if n == name]


class Conn:
    """One accepted connection as a script sees it."""

    def __init__(self, server, sock, index):
        self.server, self.sock, self.index = server, sock, index
        self.raw = sock  # the TCP socket under TLS
        self.buf = b""

    def read_request(self):
        """The next request, or None when the client closed or stopped sending."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > HEAD_LIMIT or not self._fill():
                return None
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        req = Request(self.index, head, b"")
        length = int((req.header("content-length") or ["0"])[0])
        while len(self.buf) < length:
            if not self._fill():
                return None
        req.body, self.buf = self.buf[:length], self.buf[length:]
        return req

    def _fill(self):
        try:
            data = self.sock.recv(65536)
        except (OSError, ssl.SSLError):
            return False
        self.buf += data
        return bool(data)

    def send(self, data):
        """Sends all of data; raises Closed when the client is gone."""
        if self.server.stopping.is_set():
            raise Closed()
        try:
            self.sock.sendall(data)
        except (OSError, ssl.SSLError) as e:
            raise Closed() from e
        self.server.sent_bytes += len(data)

    def trickle(self, data, interval_s):
        """Sends data one byte every interval_s seconds, until done or stopped."""
        for i in range(len(data)):
            self.send(data[i:i + 1])
            if self.server.stopping.wait(interval_s):
                raise Closed()

    def hold(self):
        """Answers nothing, keeping the connection open until the case ends."""
        self.server.stopping.wait(IO_TIMEOUT_S * 6)
        raise Closed()

    def reset(self):
        """Ends the connection with a TCP reset (SO_LINGER 0), TLS or not."""
        self.raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.raw.close()

    def close_tcp(self):
        """Closes the TCP connection without a TLS close_notify."""
        try:
            self.raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.raw.close()

    def close(self):
        """Orderly close: close_notify first under TLS (bounded), then TCP."""
        if isinstance(self.sock, ssl.SSLSocket):
            try:
                self.sock.settimeout(2.0)
                self.sock = self.raw = self.sock.unwrap()
            except (OSError, ssl.SSLError, ValueError):
                pass
        self.close_tcp()


class HostileServer:
    """Serves one case: script(server, conn, request) answers each request
    and returns True to read the next one on the same connection. A script
    given as accept_script(server, conn) instead runs once per connection
    before any request is read (for servers that never answer)."""

    def __init__(self, script, tls=False, certs=None, accept_script=None):
        self.script, self.accept_script = script, accept_script
        self.requests, self.connections, self.sent_bytes = [], 0, 0
        self.errors = []
        self.stopping = threading.Event()
        self.threads, self.socks = [], []
        self.lock = threading.Lock()
        self.tls = None
        if tls:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(certs + "/server.pem", certs + "/server.key")
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self._start(self._accept_loop)

    def _start(self, fn, *args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        with self.lock:
            self.threads.append(t)
        t.start()

    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                sock, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.settimeout(IO_TIMEOUT_S)
            with self.lock:
                self.connections += 1
                self.socks.append(sock)
                index = self.connections - 1
            self._start(self._serve, sock, index)

    def _serve(self, raw, index):
        conn = Conn(self, raw, index)
        try:
            if self.accept_script is not None:
                self.accept_script(self, conn)
                return
            if self.tls is not None:
                # wrap_socket takes the descriptor over: the TLS socket is now the TCP one too
                conn.sock = conn.raw = self.tls.wrap_socket(raw, server_side=True)
                with self.lock:
                    self.socks.append(conn.sock)
            while True:
                req = conn.read_request()
                if req is None:
                    break
                with self.lock:
                    self.requests.append(req)
                if not self.script(self, conn, req):
                    break
            conn.close()
        except Closed:
            pass
        except (OSError, ssl.SSLError):
            pass  # the client refused the handshake or went away: its verdict is checked
        except Exception as e:  # a bug in a script: fail the case, do not hide it
            self.errors.append(repr(e))
        finally:
            for sock in (conn.sock, raw):
                try:
                    sock.close()
                except OSError:
                    pass

    def paths(self):
        return [r.path for r in self.requests]

    def stop(self):
        self.stopping.set()
        self.listener.close()
        with self.lock:
            socks, threads = list(self.socks), list(self.threads)
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in threads:
            t.join(timeout=IO_TIMEOUT_S)
        alive = [t for t in threads if t.is_alive()]
        if alive:
            self.errors.append("%d server thread(s) still running" % len(alive))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
