#!/usr/bin/env python3
"""A mock of Oracle's two sign-in protocols (../shared/oracle-protocol.md) for
orca's integration tests and demo: PCA 3.0 and Compute Classic on one HTTPS
server (Python standard library only; python3-cryptography for --signing-key).

Usage:
  mock_oracle.py [--port 0] [--cert PEM --key KEY] [--log FILE]
                 [--token-lifetime S] [--session-limit S]
                 [--signing-key PUB.pem --signing-key-id ID] [--clock-offset S]
                 [--fault KIND[=ARG][:COUNT[:PATH]]]...
                 [--close-after-answer] [--no-resumption]

Prints "PORT <n>" on stdout once listening (port 0 picks a free one), then
serves until killed. Every request is appended to --log as one JSON line:
{"method","path","headers" (names lower-cased),"body","credential","status"}
plus, over TLS, "conn" (the connection's number, from 1), "resumed" (whether
its handshake resumed a TLS session) and "tls" (the version), where
credential is what the request carried: "none", "valid", "expired",
"stale" (replaced by a newer one), "unknown" (never issued) or "logged-out".

PCA (paths under /20160918/): POST login with {"username","password","tenancy"}
-> 200 {"tenancyId","token","userId"} + etag; other calls need
"Authorization: Bearer <token>"; DELETE logout; GET instances -> JSON array
(opc-next-page). Every PCA answer has opc-request-id.
Classic: POST /authenticate/ {"user","password"} -> 204 + Set-Cookie
nimbula=...; Path=/; Max-Age=N; GET /refresh/ extends (never past the session
limit); other calls need the cookie and the right Accept (paths ending in '/'
are listings: +directory+json; else +json; 406 otherwise). Every Classic
answer has X-Oracle-Compute-Call-Id.

OCI request signing (PCA, with --signing-key): a request whose Authorization
is "Signature ..." is verified with the public key (python3-cryptography):
version "1", keyId == --signing-key-id, algorithm rsa-sha256, the headers
list covers date (request-target) host (+ content-length content-type
x-content-sha256 for POST/PUT/PATCH), the RSA-SHA256 signature over the
signing string rebuilt from the request, the date within 5 minutes of the
server's clock, x-content-sha256 == base64(SHA-256(body)). Anything else is a
401 NotAuthenticated; the log entry's "signature" says which check failed
("valid", "bad-params", "unknown-key", "missing-headers", "missing-header",
"bad-signature", "skewed", "body-hash"). --clock-offset S runs the server's
clock (Date headers and the skew check) S seconds off.
POST /20160918/instances/<id>/actions/export -> 202 + opc-work-request-id.

TLS sessions: the server issues session tickets (TLS 1.2 and 1.3) and keeps
TLS 1.2 session ids, so a client may resume. --no-resumption gives every
connection a fresh TLS context (new ticket key, empty cache): every offered
session is refused and each handshake is a full one. --close-after-answer
ends every answer with "Connection: close" and closes the connection, as a
server with a short idle timeout does: each request needs a new connection.

Faults (each applies to the next COUNT requests (default 1) whose path starts
with PATH (default "/"); "*" COUNT means every one):
  503, 429, 500, 401, ...   answer that status with a JSON error body
  slow=S                    wait S seconds before the status line
  truncate                  Content-Length larger than the body, then close
  reset                     close the connection without answering (RST)
  badjson                   200 with a body that is not JSON
  nonjson                   502 with an HTML body
  huge                      a 64 KiB header
  chunked                   the normal answer, chunked
  rotate                    Classic: the normal answer plus a new nimbula cookie
                            (the old one becomes "stale")
  token=V                   PCA login: the normal 200 with "token": V (a token
                            never issued, so it is "unknown" if it comes back)
  bodyfile=F[,STATUS][,truncate]
                            STATUS (200) with the bytes of file F as the body
                            (truncate: a Content-Length 100 over, then close)
  header=NAME=V             set header NAME to V in whatever the answer is (the
                            server's own NAME headers dropped); stacks with the
                            other faults, e.g. --fault 302:1:/x --fault header=Location=V:1:/x
In token= and header= values, Python escapes stand for any byte (\\r, \\n, \\x00,
\\x7f, and \\x3a for a ':', which would end the value); header values go to the
wire as Latin-1, so a \\r\\n there really starts another header line.
"""
import argparse
import base64
import codecs
import email.utils
import hashlib
import re
import http.server
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time

USERS = {"pca": ("jdoe", "secret", "mytenancy"),
         "classic": ("/Compute-acme/jack.jones@example.com", "secret")}
PCA = "/20160918/"
CLASSIC_JSON = "application/oracle-compute-v3+json"
CLASSIC_DIR = "application/oracle-compute-v3+directory+json"


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.tokens = {}   # token -> {"expires": t, "state": "valid"|"stale"|"logged-out", "start": t}
        self.seq = 0
        self.conns = 0
        self.faults = []
        self.header_faults = []  # header=NAME=V: taken besides the other faults
        for spec in args.fault or []:
            parts = spec.split(":", 2)
            kind = parts[0]
            count = parts[1] if len(parts) > 1 and parts[1] else "1"
            path = parts[2] if len(parts) > 2 else "/"
            fault = {"kind": kind, "left": -1 if count == "*" else int(count), "path": path}
            (self.header_faults if kind.startswith("header=") else self.faults).append(fault)

    def next_conn(self):
        with self.lock:
            self.conns += 1
            return self.conns

    def next_id(self):
        with self.lock:
            self.seq += 1
            return "%08d-%s" % (self.seq, base64.b32encode(os.urandom(5)).decode().lower())

    def take_fault(self, path, faults=None):
        with self.lock:
            for f in self.faults if faults is None else faults:
                if f["left"] != 0 and path.startswith(f["path"]):
                    if f["left"] > 0:
                        f["left"] -= 1
                    return f["kind"]
        return None

    def take_header(self, path):
        """(name, value) of the next header= fault for path, or None."""
        kind = self.take_fault(path, self.header_faults)
        if kind is None:
            return None
        name, _, value = kind[len("header="):].partition("=")
        return name, unescape(value)

    def issue(self, start=None):
        token = base64.b64encode(os.urandom(24)).decode()
        now = time.monotonic()
        start = now if start is None else start
        expires = min(now + self.args.token_lifetime, start + self.args.session_limit)
        with self.lock:
            self.tokens[token] = {"expires": expires, "state": "valid", "start": start}
        return token, max(0, int(round(expires - now)))

    def check(self, token):
        if token is None:
            return "none"
        with self.lock:
            t = self.tokens.get(token)
            if t is None:
                return "unknown"
            if t["state"] != "valid":
                return t["state"]
            return "valid" if time.monotonic() < t["expires"] else "expired"

    def retire(self, token, state):
        with self.lock:
            if token in self.tokens:
                self.tokens[token]["state"] = state

    def start_of(self, token):
        with self.lock:
            return self.tokens[token]["start"]

    def log(self, entry):
        if self.args.log:
            with self.lock, open(self.args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")


def unescape(value):
    """A fault value with Python escapes (\\r, \\x00, \\x3a) as the string it stands for."""
    return codecs.decode(value, "unicode_escape")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock-oracle"

    def log_message(self, fmt, *args):  # quiet: the JSON log is the record
        pass

    def setup(self):
        super().setup()
        self.conn_id = self.server.state.next_conn()

    def tls_fields(self):
        """conn, resumed and tls of this connection for the log (TLS only)."""
        c = self.connection
        if not isinstance(c, ssl.SSLSocket):
            return {}
        return {"conn": self.conn_id, "resumed": c.session_reused, "tls": c.version()}

    def date_time_string(self, timestamp=None):  # the server's clock, --clock-offset off
        now = time.time() if timestamp is None else timestamp
        return super().date_time_string(now + self.server.state.args.clock_offset)

    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    # ---- plumbing ----
    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def credential(self):
        if self.path.startswith(PCA):
            auth = self.headers.get("Authorization")
            if auth is None:
                return None
            return auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "nimbula":
                return value
        return None

    def send(self, status, body=b"", headers=(), fault=None):
        st = self.server.state
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        hdrs = list(headers)
        if fault == "rotate":
            old = self.credential()
            new, max_age = st.issue(st.start_of(old))
            st.retire(old, "stale")
            hdrs += self.cookie_headers(new, max_age)
        if self.path.startswith(PCA):
            hdrs.append(("opc-request-id", st.next_id()))
        else:
            hdrs.append(("X-Oracle-Compute-Call-Id", st.next_id()))
        if fault and fault.startswith("slow="):
            time.sleep(float(fault[5:]))
        if fault == "huge":
            hdrs.append(("X-Padding", "x" * 65536))
        if st.args.close_after_answer:
            hdrs.append(("Connection", "close"))
            self.close_connection = True
        if self.header is not None:
            hdrs = [h for h in hdrs if h[0].lower() != self.header[0].lower()] + [self.header]
        self.log_entry(status)  # before answering: the client may exit at once
        self.send_response(status)
        for k, v in hdrs:
            self.send_header(k, v)
        if fault == "chunked" and status not in (204, 304):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 7):
                piece = body[i:i + 7]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif status in (204, 304):
            self.end_headers()
        else:
            extra = 100 if fault == "truncate" else 0
            self.send_header("Content-Length", str(len(body) + extra))
            self.end_headers()
            self.wfile.write(body)
            if fault == "truncate":
                self.close_connection = True
        self.wfile.flush()

    def error(self, status, code, message, fault=None):
        if self.path.startswith(PCA):
            body = {"code": code, "message": message}
        else:
            body = {"message": message}
        self.send(status, body, [("Content-Type", "application/json")], fault)

    def log_entry(self, status):
        if self.entry is not None:
            self.entry["status"] = status
            self.server.state.log(self.entry)
            self.entry = None

    def handle_any(self):
        st = self.server.state
        body = self.read_body()
        self.entry = {"method": self.command, "path": self.path,
                      "headers": {k.lower(): v for k, v in self.headers.items()},
                      "body": body.decode("utf-8", "replace"),
                      "credential": st.check(self.credential()), "time": time.monotonic()}
        self.entry.update(self.tls_fields())
        fault = st.take_fault(self.path)
        self.header = st.take_header(self.path)
        try:
            if fault == "reset":
                self.log_entry("reset")
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.close_connection = True
                return
            if fault and fault.isdigit():
                self.error(int(fault), "Fault", "injected %s" % fault)
            elif fault == "badjson":
                self.send(200, b'{"token": "abc", ', [("Content-Type", "application/json")])
            elif fault and fault.startswith("bodyfile="):
                path, *opts = fault[len("bodyfile="):].split(",")
                with open(path, "rb") as f:
                    self.send(int(([o for o in opts if o.isdigit()] or ["200"])[0]), f.read(),
                              [("Content-Type", "application/octet-stream")],
                              "truncate" if "truncate" in opts else None)
            elif fault == "nonjson":
                self.send(502, b"<html><body>Bad Gateway</body></html>",
                          [("Content-Type", "text/html")])
            elif self.path.startswith(PCA):
                self.pca(body, fault)
            else:
                self.classic(body, fault)
        finally:
            self.log_entry("none")

    # ---- PCA ----
    def pca(self, body, fault):
        st = self.server.state
        path = self.path.split("?", 1)[0]
        if path == PCA + "login" and self.command == "POST":
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                return self.error(400, "InvalidParameter", "Content-Type must be application/json")
            try:
                req = json.loads(body)
                creds = (req["username"], req["password"], req["tenancy"])
                assert all(isinstance(x, str) for x in creds)
            except Exception:
                return self.error(400, "InvalidParameter", "username, password and tenancy are required")
            if creds != USERS["pca"]:
                return self.error(401, "NotAuthenticated", "Invalid \"username\" or password",
                                  fault)
            token, _ = st.issue()
            if fault and fault.startswith("token="):
                token = unescape(fault[len("token="):])
            return self.send(200, {"tenancyId": "ocid1.tenancy.oc1..aaaa", "token": token,
                                   "userId": "ocid1.user.oc1..bbbb"},
                             [("Content-Type", "application/json"),
                              ("etag", "\"etag-%d\"" % st.seq)], fault)
        token = self.credential()
        auth = self.headers.get("Authorization") or ""
        if st.args.signing_key and auth.startswith("Signature "):
            verdict = self.verify_signature(auth, body)
            self.entry["signature"] = verdict
            if verdict != "valid":
                return self.error(401, "NotAuthenticated", "signature check failed: " + verdict,
                                  fault)
        elif st.check(token) != "valid":
            return self.error(401, "NotAuthenticated", "The token is missing, invalid or expired",
                              fault)
        if path.startswith(PCA + "instances/") and path.endswith("/actions/export") and \
                self.command == "POST":
            return self.send(202, b"", [("opc-work-request-id", "ocid1.workrequest.oc1..w%d" %
                                         st.seq)], fault)
        if path == PCA + "logout" and self.command == "DELETE":
            st.retire(token, "logged-out")
            return self.send(200, b"", [], fault)
        if path == PCA + "instances" and self.command == "GET":
            return self.send(200, [{"id": "ocid1.instance.oc1..i1", "displayName": "vm-1",
                                    "lifecycleState": "RUNNING"}],
                             [("Content-Type", "application/json"), ("opc-next-page", "p2")],
                             fault)
        return self.error(404, "NotAuthorizedOrNotFound", "No such resource: %s" % path, fault)

    def verify_signature(self, auth, body):
        """The OCI signature checks (module docstring): "valid" or what failed."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        args = self.server.state.args
        params = dict(re.findall(r'(\w+)="([^"]*)"', auth[len("Signature "):]))
        if params.get("version") != "1" or params.get("algorithm") != "rsa-sha256" or \
                "signature" not in params or "headers" not in params:
            return "bad-params"
        if params.get("keyId") != args.signing_key_id:
            return "unknown-key"
        names = params["headers"].split(" ")
        required = ["date", "(request-target)", "host"]
        if self.command in ("POST", "PUT", "PATCH"):
            required += ["content-length", "content-type", "x-content-sha256"]
        if not set(required) <= set(names):
            return "missing-headers"
        lines = []
        for name in names:
            if name == "(request-target)":
                value = self.command.lower() + " " + self.path
            else:
                value = self.headers.get(name)
                if value is None:
                    return "missing-header"
            lines.append(name + ": " + value)
        with open(args.signing_key, "rb") as f:
            key = serialization.load_pem_public_key(f.read())
        try:
            key.verify(base64.b64decode(params["signature"]), "\n".join(lines).encode(),
                       padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return "bad-signature"
        try:
            sent = email.utils.parsedate_to_datetime(self.headers["date"]).timestamp()
        except (TypeError, ValueError):
            return "bad-params"
        if abs(sent - (time.time() + args.clock_offset)) > 300:
            return "skewed"
        if "x-content-sha256" in names and self.headers["x-content-sha256"] != \
                base64.b64encode(hashlib.sha256(body).digest()).decode():
            return "body-hash"
        return "valid"

    # ---- Classic ----
    def cookie_headers(self, token, max_age):
        now = self.date_time_string()  # send_response adds the same Date
        return [("Set-Cookie", "nimbula=%s; Path=/; Max-Age=%d" % (token, max_age)),
                ("Expires", now), ("Cache-Control", "no-cache")]

    def classic(self, body, fault):
        st = self.server.state
        path = self.path.split("?", 1)[0]
        accept = self.headers.get("Accept") or ""
        if path == "/authenticate/" and self.command == "POST":
            if self.headers.get("Content-Type") != CLASSIC_JSON:
                return self.error(415, "", "Unsupported Content-Type")
            if accept != CLASSIC_JSON:
                return self.error(406, "", "Not acceptable: %s" % accept)
            try:
                req = json.loads(body)
                creds = (req["user"], req["password"])
            except Exception:
                return self.error(400, "", "user and password are required")
            if creds != USERS["classic"]:
                return self.error(401, "", "Incorrect username or password", fault)
            token, max_age = st.issue()
            return self.send(204, b"", self.cookie_headers(token, max_age), fault)
        token = self.credential()
        if st.check(token) != "valid":
            return self.error(401, "", "Authorization token is invalid", fault)
        if path == "/refresh/" and self.command == "GET":
            start = st.start_of(token)
            if time.monotonic() >= start + st.args.session_limit:
                return self.error(401, "", "Session limit reached", fault)
            new, max_age = st.issue(start)
            st.retire(token, "stale")
            return self.send(204, b"", self.cookie_headers(new, max_age), fault)
        want = CLASSIC_DIR if path.endswith("/") and self.command == "GET" else CLASSIC_JSON
        if accept != want:
            return self.error(406, "", "Not acceptable: %s (want %s)" % (accept, want), fault)
        if self.command == "GET" and path.endswith("/"):
            return self.send(200, {"result": [path + "vm-1", path + "vm-2"]},
                             [("Content-Type", CLASSIC_DIR)], fault)
        if self.command == "GET" and path.startswith("/instance/"):
            return self.send(200, {"name": path[len("/instance"):], "state": "running"},
                             [("Content-Type", CLASSIC_JSON)], fault)
        if self.command == "DELETE":
            return self.send(204, b"", [], fault)
        if self.command in ("POST", "PUT"):
            return self.send(201, body or b"{}", [("Content-Type", CLASSIC_JSON)], fault)
        return self.error(404, "", "No such object: %s" % path, fault)


class Server(http.server.ThreadingHTTPServer):
    """Wraps each accepted connection in TLS itself, so that --no-resumption
    can give every connection a context of its own."""
    daemon_threads = True
    tls = None  # the shared context, or None for plain HTTP

    def tls_context(self):
        args = self.state.args
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        ctx.options &= ~ssl.OP_NO_TICKET  # TLS 1.2 tickets (OpenSSL's default, made explicit)
        ctx.num_tickets = 2               # TLS 1.3 tickets per full handshake
        return ctx

    def get_request(self):
        sock, addr = self.socket.accept()
        if self.tls is None:
            return sock, addr
        ctx = self.tls_context() if self.state.args.no_resumption else self.tls
        try:
            return ctx.wrap_socket(sock, server_side=True), addr
        except (OSError, ValueError) as e:  # a failed handshake: drop this client only
            sock.close()
            raise OSError(str(e)) from e


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--log")
    ap.add_argument("--token-lifetime", type=float, default=1800.0)
    ap.add_argument("--session-limit", type=float, default=10800.0)
    ap.add_argument("--fault", action="append")
    ap.add_argument("--signing-key", help="PEM public key that verifies signed PCA requests")
    ap.add_argument("--signing-key-id", help="the keyId signed requests must name")
    ap.add_argument("--clock-offset", type=float, default=0.0,
                    help="seconds the server's clock is off (Date headers, skew check)")
    ap.add_argument("--close-after-answer", action="store_true",
                    help="Connection: close on every answer, then close")
    ap.add_argument("--no-resumption", action="store_true",
                    help="refuse every TLS session resumption (a new TLS context per connection)")
    args = ap.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.state = State(args)
    if args.cert:
        server.tls = server.tls_context()
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
