#!/usr/bin/env python3
"""The hostile-server matrix (issue 14 part 1): the orca CLI against a
scripted raw server (hostile_server.py) that drops, stalls and lies, one case
per row of CASES. Each row gives the expected exit status (design.md: 0 ok,
1 HTTP, 2 usage, 3 network/TLS) and error message, a bound on wall time, and
a check of what the server saw; every run is also checked for sanitizer
reports, a leaked password, and (unless the row expects a body) an empty
stdout: no partial body is ever printed.

Usage: matrix.py ORCA NEXT_CALL CERT_DIR [CASE...]

NEXT_CALL (next_call.c) repeats a PCA case at the library level: the hostile
call, then an ordinary one on the same session; NEXT_CALL_CHECK says what
must hold afterwards (the CLI ends at the first failure, so it cannot show).

A row marked xfail=REASON is a known bug owned elsewhere (issue 15): it is
run and reported, does not fail the matrix while it fails, and fails the
matrix once it passes, so the mark gets removed.

A row with host=NAME runs the CLI with --url http(s)://NAME:PORT and
--connect-to localhost (the server is on loopback; NAME stays the Host
header and the cookies' origin). A row with options gets them before its
steps, "{dir}" in them replaced by a fresh directory that its files check
then inspects (--output).
"""
import collections
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_server import HostileServer  # noqa: E402

PASSWORD = "s3cret-pass"
LOGIN = "/20160918/login"
TOKEN = "tok-1"
BIG = 50 * 1024 * 1024
EXIT = {0: "ok", 1: "HTTP", 2: "usage", 3: "network/TLS"}


# ------------------------------------------------------------------ answers

def http(status, body=b"", headers=(), reason="X", version="1.1", length=True):
    head = "HTTP/%s %d %s\r\n" % (version, status, reason)
    head += "".join("%s: %s\r\n" % h for h in headers)
    if length:
        head += "Content-Length: %d\r\n" % len(body)
    return head.encode("latin-1") + b"\r\n" + body


JSON = [("Content-Type", "application/json")]
LOGIN_OK = http(200, b'{"tenancyId": "ocid1.tenancy.t", "token": "%s", "userId": "ocid1.user.u"}'
                % TOKEN.encode(), JSON + [("opc-request-id", "rid-login")])
ITEMS = http(200, b'{"items": []}', JSON + [("opc-request-id", "rid-2")])


def send(data, keep=False):
    """An answer: send raw bytes, then close (or keep the connection)."""
    def answer(server, conn, req):
        conn.send(data)
        return keep
    return answer


def send_then(data, end):
    """Sends data, then ends the connection with end(conn): reset, close_tcp."""
    def answer(server, conn, req):
        conn.send(data)
        end(conn)
        return False
    return answer


def pca(answer):
    """A PCA server: sign-ins succeed, every other call gets answer."""
    def script(server, conn, req):
        if req.path == LOGIN:
            conn.send(LOGIN_OK)
            return True
        return answer(server, conn, req)
    return script


def classic(sign_in, extra=()):
    """A Classic server: /authenticate/ gets sign_in (raw bytes), other calls
    a listing with the extra headers."""
    def script(server, conn, req):
        conn.send(sign_in if req.path == "/authenticate/" else
                  http(200, b'{"result": []}', [("Content-Type", "application/oracle-compute-v3+json")]
                       + list(extra)))
        return True
    return script


def headers_bytes(n, size):
    """n header lines of about size bytes each."""
    return [("X-H%d" % i, "v" * max(1, size - 10)) for i in range(n)]


def chunked(pieces, end=b"0\r\n\r\n"):
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + end


def login_body(token_json):
    return http(200, b'{"tenancyId": "t", "token": ' + token_json + b', "userId": "u"}', JSON)


def stream(size):
    """An answer of size bytes (a multiple of 64 KB), sent 64 KB at a time."""
    def answer(server, conn, req):
        conn.send(http(200, b"", [("Content-Type", "application/octet-stream"),
                                  ("Content-Length", str(size))], length=False))
        piece = big_piece()
        for _ in range(size // len(piece)):
            conn.send(piece)
        return False
    return answer


def big_piece():
    return bytes(range(256)) * 256  # 64 KB, BIG is a multiple of it


def trickle(server, conn, req):
    conn.trickle(ITEMS, 1.0)
    return False


def trickle_every_2s(server, conn, req):
    conn.trickle(ITEMS, 2.0)
    return False


INJECTED = http(200, b'{"injected": true}', JSON)


def inject_while_idle(server, conn, req):
    """Answers the sign-in, then, while the kept-alive connection is idle,
    sends a whole answer nobody asked for; later calls get ITEMS."""
    if req.path == LOGIN:
        conn.send(LOGIN_OK)
        time.sleep(0.3)
        conn.send(INJECTED)
    else:
        conn.send(ITEMS)
    return True


def reset_after_request(server, conn, req):
    """The request arrived (and may have been acted on): reset, no answer."""
    conn.reset()
    return False


def hold(server, conn):
    conn.hold()


def every(data):
    def script(server, conn, req):
        conn.send(data)
        return True
    return script


def promise_then_stop(promised, sent):
    """An answer whose Content-Length promises promised bytes; sent of them
    come, then the connection closes."""
    def answer(server, conn, req):
        conn.send(http(200, b"", [("Content-Type", "application/octet-stream"),
                                  ("Content-Length", str(promised))], length=False))
        conn.send(big_piece()[:sent])
        return False
    return answer


# ------------------------------------------------------------------ checks of what the server saw

def paths(*want):
    def check(server, run):
        return server.paths() == list(want), server.paths()
    return check


def no_credential_sent(server, run):
    """After a refused sign-in nothing (no token, whole or partial) went out."""
    sent = [r.header("authorization") + r.header("cookie") for r in server.requests]
    return server.paths() == [LOGIN] and sent == [[]], (server.paths(), sent)


def token_sent_back(server, run):
    got = [r.header("authorization") for r in server.requests]
    return server.paths() == [LOGIN, "/x"] and got == [[], ["Bearer " + TOKEN]], got


def connections_no_request(n):
    def check(server, run):
        return server.connections == n and not server.requests, \
            (server.connections, server.paths())
    return check


def backoff_visible(server, run):
    """Three sign-in attempts; the gaps show the backoff: 500 ms then 1000 ms
    base, with equal jitter each is at least half of that."""
    t = [r.time for r in server.requests]
    gaps = [round(b - a, 3) for a, b in zip(t, t[1:])]
    return server.paths() == [LOGIN] * 3 and len(gaps) == 2 and gaps[0] >= 0.25 and \
        gaps[1] >= 0.5 and gaps[1] >= gaps[0] * 0.9, (server.paths(), gaps)


def injection_ignored(server, run):
    """The call after the injection went on a new connection: two in all."""
    return server.paths() == [LOGIN, "/x"] and server.connections == 2, \
        (server.paths(), server.connections)


def cookies_sent(*calls):
    """Classic: one sign-in without cookies, then one call per entry of
    calls, each with exactly those Cookie headers."""
    def check(server, run):
        got = [r.header("cookie") for r in server.requests]
        return server.paths() == ["/authenticate/"] + ["/instance/"] * len(calls) and \
            got == [[]] + list(calls), got
    return check


# ------------------------------------------------------------------ checks of the --output directory

def output_files(want):
    """The {dir} of the row holds exactly the files of want (name: bytes, or
    None for any content): out.bin and never out.bin.part after a failure."""
    def check(d):
        got = {}
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                got[name] = f.read()
        ok = sorted(got) == sorted(want) and all(
            want[n] is None or got[n] == want[n] for n in want)
        return ok, dict((n, (len(v), v[:24])) for n, v in got.items())
    return check


# ------------------------------------------------------------------ checks of stdout

def stdout_has(text):
    def check(run):
        return text.encode() in run.head, run.head[:200]
    return check


def stdout_is_items(run):
    """stdout is the real answer to GET /x, never the injected one."""
    return run.head == b'{"items": []}', run.head[:80]


def stdout_is(size):
    """stdout is exactly the size bytes stream(size) sent."""
    def check(run):
        piece, want = big_piece(), hashlib.sha256()
        for _ in range(size // len(piece)):
            want.update(piece)
        return run.out_len == size and run.sha256 == want.hexdigest(), \
            (run.out_len, run.sha256[:16])
    return check


# ------------------------------------------------------------------ the matrix

Case = collections.namedtuple(
    "Case", "name tls service steps script exit message bound saw stdout xfail deadline accept "
    "host options files",
    defaults=(None, None, None, None, None, None, None))

NIMBULA_JSON = '{"identity": {"realm": "r1", "value": "a\\"b\\\\c", "groups": ["x,y"]}}'
GET_X = ["get", "/x"]

CASES = [
    Case("truncated_head", 1, "pca", GET_X, pca(send(b"HTTP/1.1 200 OK\r\nContent-Le")),
         3, "unexpected EOF", 6, paths(LOGIN, "/x", "/x", "/x")),
    Case("truncated_chunked_body", 1, "pca", GET_X,
         pca(send(http(200, chunked([b'{"items": [1, 2'], b"5\r\n, 3"), JSON, length=False)
                  .replace(b"\r\n\r\n", b"\r\nTransfer-Encoding: chunked\r\n\r\n", 1))),
         3, "unexpected EOF", 6, paths(LOGIN, "/x", "/x", "/x")),
    Case("content_length_larger_then_close", 0, "pca", GET_X,
         pca(send(http(200, b'{"items": [', JSON, length=False).replace(
             b"\r\n\r\n", b"\r\nContent-Length: 100\r\n\r\n", 1))),
         3, "unexpected EOF", 6, paths(LOGIN, "/x", "/x", "/x")),
    Case("header_section_64k", 1, "pca", GET_X, pca(send(http(200, b"{}", headers_bytes(1024, 64)))),
         3, "response head too large", 5, paths(LOGIN, "/x")),
    Case("header_line_1m", 0, "pca", GET_X,
         pca(send(http(200, b"{}", [("X-Big", "b" * (1 << 20))]))),
         3, "response head too large", 5, paths(LOGIN, "/x")),
    Case("headers_10000", 1, "pca", GET_X, pca(send(http(200, b"{}", headers_bytes(10000, 8)))),
         3, "response head too large", 5, paths(LOGIN, "/x")),
    Case("garbage_status_line", 1, "pca", GET_X, pca(send(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")),
         3, "bad status line", 5, paths(LOGIN, "/x")),
    Case("http10_close_delimited_tls", 1, "pca", GET_X,
         pca(send(http(200, b'{"items": ["closed"]}', JSON, version="1.0", length=False))),
         0, None, 5, paths(LOGIN, "/x"), stdout_has('{"items": ["closed"]}')),
    Case("http10_close_delimited_tcp", 0, "pca", GET_X,
         pca(send(http(200, b'{"items": ["closed"]}', JSON, version="1.0", length=False))),
         0, None, 5, paths(LOGIN, "/x"), stdout_has('{"items": ["closed"]}')),
    Case("body_50mb_streamed", 1, "pca", GET_X, pca(stream(BIG)), 0, None, 60,
         paths(LOGIN, "/x"), stdout_is(BIG)),
    Case("chunk_size_overflow", 1, "pca", GET_X,
         pca(send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"ffffffffffffffffffffff\r\n")),
         3, "chunk size overflow", 5, paths(LOGIN, "/x")),
    Case("content_length_negative", 0, "pca", GET_X,
         pca(send(http(200, b"{}", [("Content-Length", "-2")], length=False))),
         3, "bad Content-Length", 5, paths(LOGIN, "/x")),
    Case("content_length_duplicate", 0, "pca", GET_X,
         pca(send(http(200, b"{}", [("Content-Length", "2")]))),
         3, "repeated Content-Length", 5, paths(LOGIN, "/x")),
    Case("content_length_conflicting", 1, "pca", GET_X,
         pca(send(http(200, b"{}", [("Content-Length", "2"), ("Content-Length", "3")],
                       length=False))),
         3, "repeated Content-Length", 5, paths(LOGIN, "/x")),
    Case("set_cookie_8k_credential", 1, "classic", ["get", "/instance/"],
         classic(http(204, headers=[("Set-Cookie", "nimbula=%s; Path=/; Max-Age=1800" % ("n" * 8192))],
                      length=False)),
         3, "response head too large", 5, paths("/authenticate/")),
    Case("set_cookie_8k_beside_credential", 1, "classic", ["get", "/instance/", "get", "/instance/"],
         classic(http(204, headers=[("Set-Cookie", "nimbula=n1; Path=/; Max-Age=1800")], length=False),
                 [("Set-Cookie", "big=%s; Path=/" % ("b" * 8192))]),
         0, None, 5, cookies_sent(["nimbula=n1"], ["nimbula=n1"]), stdout_has('{"result": []}')),
    Case("set_cookie_1000_lines", 1, "classic", ["get", "/instance/"],
         classic(http(204, headers=[("Set-Cookie", "c%d=v; Path=/" % i) for i in range(1000)] +
                      [("Set-Cookie", "nimbula=n1; Path=/; Max-Age=1800")], length=False)),
         3, "response head too large", 5, paths("/authenticate/")),
    Case("nimbula_raw_json_value", 1, "classic", ["get", "/instance/"],
         classic(http(204, headers=[("Set-Cookie", "nimbula=%s; Path=/; Max-Age=1800" % NIMBULA_JSON)],
                      length=False)),
         0, None, 5, cookies_sent(["nimbula=" + NIMBULA_JSON]), stdout_has('{"result": []}')),
    Case("login_json_nested_100000", 1, "pca", GET_X,
         every(http(200, b"[" * 100000, JSON)), 3, "body too large", 5, no_credential_sent),
    Case("login_json_nested_4000", 1, "pca", GET_X,
         every(http(200, b'{"token": ' + b"[" * 4000 + b"]" * 4000 + b"}", JSON)),
         1, "unexpected response", 5, no_credential_sent),
    Case("login_token_64k", 1, "pca", GET_X, every(login_body(b'"' + b"A" * 65536 + b'"')),
         3, "body too large", 5, no_credential_sent),
    Case("login_token_6k_over_cred_buffer", 1, "pca", GET_X,
         every(login_body(b'"' + b"A" * 6000 + b'"')),
         1, "buffer too small", 5, no_credential_sent),
    Case("login_token_invalid_utf8", 1, "pca", GET_X, every(login_body(b'"ab\xff\xfe\xc3"')),
         1, "unexpected response", 5, no_credential_sent),
    Case("login_token_nul_escape", 1, "pca", GET_X, every(login_body(b'"ab\\u0000cd"')),
         1, "bad token in sign-in answer", 5, no_credential_sent),
    Case("login_token_crlf_escape", 1, "pca", GET_X, every(login_body(b'"ab\\r\\nX-Evil: 1"')),
         1, "bad token in sign-in answer", 5, no_credential_sent),
    Case("status_999", 1, "pca", GET_X, pca(send(http(999, b"{}", JSON), keep=True)),
         3, "bad status line", 5, paths(LOGIN, "/x")),
    Case("accept_never_answer_tls", 1, "pca", GET_X, None, 3, "timeout", 8,
         connections_no_request(3), deadline=1500, accept=hold),
    Case("one_byte_per_second", 1, "pca", GET_X, pca(trickle), 3, "timeout", 10,
         paths(LOGIN, "/x", "/x", "/x"), deadline=2000),
    Case("reset_mid_response", 1, "pca", GET_X,
         pca(send_then(ITEMS[:len(ITEMS) // 2], lambda c: c.reset())),
         3, "connection reset|TLS error", 6, paths(LOGIN, "/x", "/x", "/x")),
    Case("every_call_401", 1, "pca", GET_X,
         pca(send(http(401, b'{"code": "NotAuthenticated", "message": "no"}', JSON), keep=True)),
         1, "HTTP 401 NotAuthenticated: no", 5, paths(LOGIN, "/x", LOGIN, "/x"),
         stdout_has('"NotAuthenticated"')),  # the CLI prints an error's body
    Case("every_answer_401_sign_in_too", 1, "pca", GET_X,
         every(http(401, b'{"code": "NotAuthenticated", "message": "bad"}', JSON)),
         1, "HTTP 401 NotAuthenticated: bad", 5, no_credential_sent),
    Case("503_forever", 1, "pca", GET_X,
         every(http(503, b'{"code": "ServiceUnavailable", "message": "later"}', JSON)),
         1, "HTTP 503 ServiceUnavailable: later", 6, backoff_visible),
    Case("redirect_302_not_followed", 1, "pca", GET_X,
         pca(send(http(302, b"", [("Location", "https://localhost:1/elsewhere")]), keep=True)),
         1, "redirect to https://localhost:1/elsewhere not followed", 5, token_sent_back),
    Case("idle_injected_answer_tls", 1, "pca", ["login", "wait", "1"] + GET_X, inject_while_idle,
         0, None, 6, injection_ignored, stdout_is_items),
    Case("idle_injected_answer_tcp", 0, "pca", ["login", "wait", "1"] + GET_X, inject_while_idle,
         0, None, 6, injection_ignored, stdout_is_items),
    Case("post_reset_sent_once", 1, "pca", ["post", "/20160918/instances", "{}"],
         pca(reset_after_request), 3, "connection reset|TLS error|unexpected EOF", 6,
         paths(LOGIN, "/20160918/instances")),
    Case("trickle_2s_max_time", 1, "pca", GET_X, pca(trickle_every_2s), 3,
         r"timeout: call limit passed \(call_timeout_ms\)", 9, paths(LOGIN, "/x"), options=("--max-time", "5")),
    Case("tls_close_without_close_notify", 1, "pca", GET_X,
         pca(send_then(http(200, b'{"items": ["cut"]}', JSON, version="1.0", length=False),
                       lambda c: c.close_tcp())),
         3, "unexpected EOF", 6, paths(LOGIN, "/x", "/x", "/x")),
    # RFC 6265 5.3 step 5: a cookie for a public suffix (co.uk, per libpsl's
    # list) is refused, the registrable domain's (example.co.uk) is kept.
    Case("set_cookie_domain_public_suffix", 0, "classic", ["get", "/instance/", "get", "/instance/"],
         classic(http(204, headers=[("Set-Cookie", "nimbula=n1; Path=/; Max-Age=1800")], length=False),
                 [("Set-Cookie", "ps=1; Domain=co.uk; Path=/"),
                  ("Set-Cookie", "site=1; Domain=.example.co.uk; Path=/")]),
         0, None, 5, cookies_sent(["nimbula=n1"], ["nimbula=n1; site=1"]),
         stdout_has('{"result": []}'), host="api.example.co.uk"),
    # A body streamed past the work buffer that stops short: with --output
    # nothing of it is left (no out.bin, no out.bin.part), not retried.
    Case("content_length_1g_cut_at_1k_output", 1, "pca", GET_X,
         pca(promise_then_stop(1 << 30, 1024)), 3, "unexpected EOF", 6, paths(LOGIN, "/x"),
         options=["--output", "{dir}/out.bin"], files=output_files({})),
    # ... and a whole one ends up in out.bin, byte for byte, stdout empty.
    Case("body_1mb_output", 1, "pca", GET_X, pca(stream(1 << 20)), 0, None, 10,
         paths(LOGIN, "/x"), options=["--output", "{dir}/out.bin"],
         files=output_files({"out.bin": big_piece() * 16})),
]


# What the library's session must show after the hostile call (next_call.c):
#   works          the next call (GET /y, answered normally) succeeds, signed in;
#   no_credential  the sign-in failed: nothing kept (cred_len 0, buffer wiped),
#                  and the next call fails the same way.
# Cases not listed (Classic, the never-answering server, the 50 MB body that
# the driver has no body callback for) are CLI-only.
NEXT_CALL_CHECK = dict(
    [(name, "works") for name in (
        "truncated_head", "truncated_chunked_body", "content_length_larger_then_close",
        "header_section_64k", "header_line_1m", "headers_10000", "garbage_status_line",
        "http10_close_delimited_tls", "http10_close_delimited_tcp", "chunk_size_overflow",
        "content_length_negative", "content_length_duplicate", "content_length_conflicting",
        "one_byte_per_second", "reset_mid_response", "redirect_302_not_followed",
        "tls_close_without_close_notify", "status_999", "every_call_401")] +
    [(name, "no_credential") for name in (
        "login_json_nested_100000", "login_json_nested_4000", "login_token_64k",
        "login_token_6k_over_cred_buffer", "login_token_invalid_utf8", "login_token_nul_escape",
        "login_token_crlf_escape", "every_answer_401_sign_in_too", "503_forever")])
LIBRARY_ACCEPTS = {"redirect_302_not_followed"}
NEXT_LINE = re.compile(r"first=(-?\d+) signed_in=(\d) cred_len=(\d+) cred_wiped=(\d) "
                       r"second=(-?\d+) status=(\d+) signed_in=(\d)$")


# ------------------------------------------------------------------ the runner

def peak_rss_kb(pid):
    """VmHWM (peak resident set) of a running process, 0 once it has exited.
    Unlike getrusage's ru_maxrss of a child it does not count the pages the
    child shared with this (large) Python process between fork and exec."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Run:
    """One CLI run: exit status, stderr, the start of stdout (and its length
    and hash), wall time, and the peak RSS sampled while stdout was read
    (VmHWM only grows, so the last sample covers the whole body)."""

    def __init__(self, args, env):
        start = time.monotonic()
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        err = []
        reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
        reader.start()
        digest, self.head, self.out_len = hashlib.sha256(), b"", 0
        self.max_rss_kb = 0
        while True:
            data = proc.stdout.read(1 << 16)
            self.max_rss_kb = max(self.max_rss_kb, peak_rss_kb(proc.pid))
            if not data:
                break
            digest.update(data)
            self.out_len += len(data)
            if len(self.head) < 65536:
                self.head += data[:65536 - len(self.head)]
        proc.wait(timeout=60)
        reader.join(timeout=10)
        self.code, self.wall = proc.returncode, time.monotonic() - start
        self.sha256 = digest.hexdigest()
        self.err = (err[0] if err else b"").decode("utf-8", "replace")


def cli_args(orca, certs, case, port, out_dir=None):
    scheme = "https" if case.tls else "http"
    args = [orca, case.service, "--url", "%s://%s:%d" % (scheme, case.host or "localhost", port),
            "--user", "jdoe" if case.service == "pca" else "/Compute-acme/jack"]
    if case.host:
        args += ["--connect-to", "localhost"]
    args += [o.replace("{dir}", out_dir or "") for o in case.options or []]
    if case.service == "pca":
        args += ["--tenancy", "mytenancy"]
    if case.tls:
        args += ["--cacert", certs + "/ca.pem"]
    if case.deadline:
        args += ["--deadline", str(case.deadline)]
    return args + case.steps


def run_case(orca, certs, case):
    """(problems, observed): what went wrong (empty: the case holds) and a summary."""
    env = dict(os.environ, ORCA_PASSWORD=PASSWORD)
    out_dir = tempfile.mkdtemp(prefix="orca-matrix-") if case.files else None
    try:
        with HostileServer(case.script, tls=bool(case.tls), certs=certs,
                           accept_script=case.accept) as server:
            run = Run(cli_args(orca, certs, case, server.port, out_dir), env)
        problems = []
        if case.files:
            ok, detail = case.files(out_dir)
            if not ok:
                problems.append("--output directory: %s" % (detail,))
    finally:
        if out_dir:
            shutil.rmtree(out_dir, ignore_errors=True)
    error = [x for x in run.err.splitlines() if x.startswith("orca: error:")]
    observed = "exit %d %s, %.1f s" % (run.code, error[-1][13:] if error else "", run.wall)
    if run.code != case.exit:
        problems.append("exit %d, expected %d" % (run.code, case.exit))
    if case.message and not re.search(case.message, run.err, re.M):
        problems.append("no message /%s/ in stderr" % case.message)
    if case.exit != 0 and len(error) != 1:
        problems.append("expected one 'orca: error:' line, got %d" % len(error))
    if run.wall > case.bound:
        problems.append("took %.1f s, bound %d s" % (run.wall, case.bound))
    if "Sanitizer" in run.err or "runtime error:" in run.err:
        problems.append("sanitizer report")
    if PASSWORD in run.err or PASSWORD.encode() in run.head or TOKEN in run.err:
        problems.append("password or token printed")
    ok, detail = case.saw(server, run)
    if not ok:
        problems.append("server saw: %s" % (detail,))
    if case.stdout is not None:
        ok, detail = case.stdout(run)
        if not ok:
            problems.append("stdout: %s" % (detail,))
    elif run.out_len != 0:
        problems.append("printed %d bytes of a failed or empty answer: %r" % (run.out_len, run.head[:80]))
    problems += ["server: " + e for e in server.errors]
    return problems, observed, run


def with_y(script):
    """The case's script, with GET /y answered normally (the next call)."""
    def answer(server, conn, req):
        if req.path == "/y":
            conn.send(ITEMS)
            return True
        return script(server, conn, req)
    return answer


def run_next_call(driver, certs, case):
    """Problems of the library-level repeat of @case (next_call.c)."""
    want = NEXT_CALL_CHECK[case.name]
    with HostileServer(with_y(case.script), tls=bool(case.tls), certs=certs) as server:
        out = subprocess.run([driver, str(server.port), certs + "/ca.pem" if case.tls else "-",
                              str(case.deadline or 60000)], capture_output=True, text=True,
                             timeout=120)
    m = NEXT_LINE.search(out.stdout.strip())
    if out.returncode != 0 or m is None or "Sanitizer" in out.stderr or \
            "runtime error:" in out.stderr:
        return ["next_call: rc %d, %r %r" % (out.returncode, out.stdout, out.stderr[-300:])], ""
    first, in1, cred_len, wiped, second, status, in2 = (int(x) for x in m.groups())
    seen = "first %d, then %d (%d)" % (first, second, status)
    problems = []
    # A 3xx is an answer to the library (ORCA_OK); only the CLI refuses to go on.
    if (first == 0) != (case.exit == 0 or case.name in LIBRARY_ACCEPTS):
        problems.append("next_call: first call returned %d, the CLI exit expected %d"
                        % (first, case.exit))
    if want == "works" and not (second == 0 and status == 200 and in2 == 1):
        problems.append("next_call: the next call did not work: " + m.group(0))
    if want == "no_credential" and not (in1 == 0 and cred_len == 0 and wiped == 1 and
                                        second != 0 and in2 == 0):
        problems.append("next_call: credential kept or next call not refused: " + m.group(0))
    return problems, seen


def check_flat_memory(orca, certs, big_run):
    """The 50 MB body streams: peak RSS stays well under the body size and
    within 4 MB of a run that receives 1 MB (long enough to be sampled)."""
    small = run_case(orca, certs, Case("small", 1, "pca", GET_X, pca(stream(1 << 20)),
                                       0, None, 10, paths(LOGIN, "/x"), stdout_is(1 << 20)))[2]
    if not big_run.max_rss_kb or not small.max_rss_kb:
        return ["no RSS sample (VmHWM) of the CLI"]
    grow = big_run.max_rss_kb - small.max_rss_kb
    print("    peak RSS: %d KB for 50 MB of body, %d KB for 1 MB (+%d KB)"
          % (big_run.max_rss_kb, small.max_rss_kb, grow))
    problems = []
    if big_run.max_rss_kb * 1024 > BIG // 4:
        problems.append("max RSS %d KB is not well under the 50 MB body" % big_run.max_rss_kb)
    if grow > 4096:
        problems.append("max RSS grew by %d KB with the body size" % grow)
    return problems


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    orca, driver, certs, only = argv[1], argv[2], argv[3], set(argv[4:])
    unknown = only - {c.name for c in CASES}
    if unknown:
        print("unknown case(s): %s" % ", ".join(sorted(unknown)))
        return 2
    rows, failed, xfailed = [], [], []
    for case in CASES:
        if only and case.name not in only:
            continue
        problems, observed, run = run_case(orca, certs, case)
        if case.name == "body_50mb_streamed" and not problems:
            problems = check_flat_memory(orca, certs, run)
        if case.name in NEXT_CALL_CHECK:
            more, seen = run_next_call(driver, certs, case)
            problems += more
            observed += "; library: " + seen
        if case.xfail and problems:
            verdict = "xfail (%s)" % case.xfail
            xfailed.append(case.name)
        elif case.xfail:
            verdict = "FAIL: passes, remove the xfail mark (%s)" % case.xfail
            failed.append(case.name)
        elif problems:
            verdict = "FAIL"
            failed.append(case.name)
        else:
            verdict = "ok"
        expected = "exit %d (%s)%s" % (case.exit, EXIT[case.exit],
                                       " /%s/" % case.message if case.message else "")
        print("%-34s %-6s expected %s; observed %s" % (case.name, verdict.split(" ")[0],
                                                      expected, observed))
        for p in problems:
            print("    - " + p)
        rows.append((case.name, "TLS" if case.tls else "TCP", expected, observed, verdict))
    print("\n| case | transport | expected | observed | verdict |\n|---|---|---|---|---|")
    for r in rows:
        print("| %s |" % " | ".join(r))
    print("\n%d cases: %d ok, %d xfail, %d failed%s" % (
        len(rows), len(rows) - len(failed) - len(xfailed), len(xfailed), len(failed),
        (": " + ", ".join(failed)) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
