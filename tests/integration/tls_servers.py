#!/usr/bin/env python3
"""TLS integration tests: orca's TLS transport (tls_client) against real servers.

Usage: tls_servers.py s_server|nginx|arena|resume CLIENT CERT_DIR WORK_DIR
(arena: CLIENT is bench/tls_arena.c's program; one handshake + one GET
against s_server -www per TLS version and key type, in the 40 KB budget arena.
resume: CLIENT is bench/tls_resume.c's program; series of connections to
s_server -www and nginx, the client's "resumed" checked against the server's
own word: s_server's "Reused"/"New" page, nginx's $ssl_session_reused)

Every server is started on a free port picked at run time and stopped in a
finally block, so a failing case leaves nothing behind. Cases:
  ok          handshake + echo (s_server -rev) or GET (nginx) with the right CA
  wronghost   certificate for another name        -> ORCA_ERR_TLS_VERIFY
  expired     expired certificate                 -> ORCA_ERR_TLS_VERIFY
  untrusted   certificate from an unknown CA      -> ORCA_ERR_TLS_VERIFY
  silent      TCP accepted, never a byte          -> ORCA_ERR_TIMEOUT within bound
  hangup      closes after the ClientHello        -> clean error, no hang
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

VERIFY = -81
TIMEOUT = -61
TIMEOUT_MS = 1500
SLACK_MS = 500
failures = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=10.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited with %d" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not listen on %d" % port)


def run_client(client, port, ca, request, expect, drain=False, timeout_ms=TIMEOUT_MS):
    args = [client, "localhost", str(port), ca, str(timeout_ms), request, expect]
    if drain:
        args.append("drain")
    out = subprocess.run(args, capture_output=True, text=True, timeout=30)
    fields = {}
    for line in out.stdout.splitlines():
        if line.startswith("version="):
            print("  negotiated " + line[8:])
        m = re.match(r"code=(-?\d+) phase=(\w+) elapsed_ms=(\d+) result=", line)
        if m:
            fields = {"code": m.group(1), "phase": m.group(2), "elapsed_ms": m.group(3)}
    if "code" not in fields:
        raise RuntimeError("client crashed: rc=%d %s %s" % (out.returncode, out.stdout, out.stderr))
    return int(fields["code"]), fields.get("phase"), int(fields.get("elapsed_ms", -1)), out.returncode


def check(name, cond, detail):
    print("%s %s: %s" % ("PASS" if cond else "FAIL", name, detail))
    if not cond:
        failures.append(name)


def stop(proc):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_s_server(certs, name, mode=("-rev",)):
    port = free_port()
    proc = subprocess.Popen(
        ["openssl", "s_server", "-quiet"] + list(mode) + ["-accept", "127.0.0.1:%d" % port,
         "-cert", os.path.join(certs, name + ".pem"), "-key", os.path.join(certs, name + ".key")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, proc)
    except Exception:
        stop(proc)
        raise
    return proc, port


NGINX_CONF = """
daemon off;
master_process on;
worker_processes 1;
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/tmp/body;
  proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi;
  uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
{servers}
}}
"""

NGINX_SERVER = """  server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    ssl_certificate {certs}/{name}.pem;
    ssl_certificate_key {certs}/{name}.key;
    location / {{ return 200 "orca-ok\\n"; }}
  }}
"""


def start_nginx(certs, work, names):
    prefix = os.path.join(work, "nginx")
    shutil.rmtree(prefix, ignore_errors=True)
    os.makedirs(os.path.join(prefix, "tmp"))
    ports = {n: free_port() for n in names}
    servers = "".join(NGINX_SERVER.format(port=ports[n], certs=certs, name=n) for n in names)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(prefix=prefix, servers=servers,
                                  user="user root;" if os.geteuid() == 0 else ""))
    proc = subprocess.Popen(["nginx", "-p", prefix, "-c", conf, "-e", prefix + "/error.log"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for n in names:
            wait_port(ports[n], proc)
    except Exception:
        stop(proc)
        with open(prefix + "/error.log") as f:
            sys.stderr.write(f.read())
        raise
    return proc, ports


class RawServer(threading.Thread):
    """A TCP server that accepts one client and then stays silent, or reads the
    ClientHello and hangs up."""

    def __init__(self, hangup):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.hangup = hangup
        self.done = threading.Event()

    def run(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            if self.hangup:
                conn.recv(16384)
            else:
                self.done.wait(30)

    def stop(self):
        self.done.set()
        self.sock.close()
        self.join(5)


def raw_cases(client, ca):
    silent = RawServer(hangup=False)
    silent.start()
    try:
        code, phase, ms, _ = run_client(client, silent.port, ca, "x", "x")
        check("silent server times out", code == TIMEOUT and phase == "connect"
              and TIMEOUT_MS <= ms < TIMEOUT_MS + SLACK_MS,
              "code=%d phase=%s elapsed=%d ms (bound %d ms)" % (code, phase, ms, TIMEOUT_MS))
    finally:
        silent.stop()
    hang = RawServer(hangup=True)
    hang.start()
    try:
        t0 = time.monotonic()
        code, phase, ms, _ = run_client(client, hang.port, ca, "x", "x")
        check("hang-up mid-handshake is a clean error",
              code < 0 and code != TIMEOUT and phase == "connect" and ms < TIMEOUT_MS,
              "code=%d phase=%s elapsed=%d ms" % (code, phase, ms))
    finally:
        hang.stop()


def s_server_cases(client, certs):
    ca = os.path.join(certs, "ca.pem")
    proc, port = start_s_server(certs, "server")
    try:
        code, phase, ms, rc = run_client(client, port, ca, "hello orca\n", "acro olleh")
        check("s_server handshake + echo", code == 0 and rc == 0, "code=%d phase=%s" % (code, phase))
        code, phase, ms, rc = run_client(client, port, os.path.join(certs, "ca.der"),
                                         "der ca\n", "ac red")
        check("s_server with DER CA", code == 0, "code=%d phase=%s" % (code, phase))
        # Connected, but the answer never comes: a read timeout, not a close.
        code, phase, ms, _ = run_client(client, port, ca, "hello\n", "never sent")
        check("s_server read timeout", code == TIMEOUT and phase == "recv"
              and TIMEOUT_MS <= ms < TIMEOUT_MS + SLACK_MS,
              "code=%d phase=%s elapsed=%d ms (bound %d ms)" % (code, phase, ms, TIMEOUT_MS))
    finally:
        stop(proc)
    # RSA key on a TLS 1.2-only server: the server picks the signature scheme.
    proc, port = start_s_server(certs, "server-rsa", ("-rev", "-tls1_2"))
    try:
        code, phase, _, _ = run_client(client, port, ca, "rsa tls12\n", "21slt asr")
        check("s_server RSA key, TLS 1.2", code == 0, "code=%d phase=%s" % (code, phase))
    finally:
        stop(proc)
    for name in ("wronghost", "expired", "untrusted"):
        proc, port = start_s_server(certs, name)
        try:
            code, phase, _, _ = run_client(client, port, ca, "x\n", "x")
            check("s_server %s refused" % name, code == VERIFY and phase == "connect",
                  "code=%d phase=%s" % (code, phase))
        finally:
            stop(proc)
    raw_cases(client, ca)


def nginx_cases(client, certs, work):
    ca = os.path.join(certs, "ca.pem")
    names = ["server", "wronghost", "expired", "untrusted"]
    proc, ports = start_nginx(certs, work, names)
    get = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    try:
        code, phase, _, rc = run_client(client, ports["server"], ca, get, "orca-ok", drain=True)
        check("nginx handshake + GET + close_notify", code == 0 and rc == 0,
              "code=%d phase=%s" % (code, phase))
        for name in names[1:]:
            code, phase, _, _ = run_client(client, ports[name], ca, get, "orca-ok")
            check("nginx %s refused" % name, code == VERIFY and phase == "connect",
                  "code=%d phase=%s" % (code, phase))
    finally:
        stop(proc)


def arena_cases(bench, certs):
    ca = os.path.join(certs, "ca.pem")
    for name in ("server", "server-rsa"):
        for version in ("-tls1_3", "-tls1_2"):
            proc, port = start_s_server(certs, name, ("-www", version))
            try:
                out = subprocess.run([bench, "localhost", str(port), ca], capture_output=True,
                                     text=True, timeout=30)
            finally:
                stop(proc)
            line = out.stdout.strip()
            # exit 3 (no arena allocator) is a failure here: this mode only runs
            # against the source-built mbedTLS, whose config has the arena.
            check("arena %s %s" % (name, version), out.returncode == 0, line + out.stderr)


def run_resume(client, port, certs, steps):
    """Runs the resumption client: [(host, resumed, server word, version)], ok."""
    out = subprocess.run([client, str(port), os.path.join(certs, "ca.pem")] + steps,
                         capture_output=True, text=True, timeout=60)
    rows = re.findall(r"conn=\d+ host=(\S+) code=(-?\d+) version=(\S+) resumed=(\d) server=(\S+)",
                      out.stdout)
    for line in out.stdout.splitlines():
        print("  " + line)
    return [(h, int(r), w, v) for h, c, v, r, w in rows if c == "0"], out.returncode == 0


def resume_case(name, client, certs, server_args, steps, want, cert="twonames"):
    """want: per connection (resumed, server word) e.g. (1, "Reused")."""
    proc, port = start_s_server(certs, cert, ["-www"] + server_args)
    try:
        rows, ok = run_resume(client, port, certs, [s.replace("PORT", str(port)) for s in steps])
    finally:
        stop(proc)
    got = [(r, w) for _, r, w, _ in rows]
    check("resume: " + name, ok and got == want, "got %s want %s" % (got, want))
    return rows


def resume_cases(client, certs, work):
    full, resumed = (0, "New"), (1, "Reused")
    # The newest version both ends speak (TLS 1.3 with mbedTLS 3.6, 1.2 with 2.28).
    rows = resume_case("same host resumes, another name gets a full handshake", client, certs, [],
                       ["localhost", "localhost", "alias.localhost", "localhost", "localhost",
                        "reload", "localhost"],
                       [full, resumed, full, full, resumed, resumed])
    print("  (negotiated %s)" % (rows[0][3] if rows else "?"))
    resume_case("TLS 1.2 session ticket", client, certs, ["-tls1_2"],
                ["localhost", "localhost", "localhost"], [full, resumed, resumed])
    resume_case("TLS 1.2 session id (no tickets)", client, certs, ["-tls1_2", "-no_ticket"],
                ["localhost", "localhost"], [full, resumed])
    # Refused: a second server (new ticket key, empty cache) gets the session.
    proc, port = start_s_server(certs, "twonames", ("-www",))
    try:
        resume_case("refused resumption falls back to a full handshake", client, certs, [],
                    ["localhost", "port=%d" % port, "localhost", "localhost"],
                    [full, full, resumed])
    finally:
        stop(proc)
    nginx_resume(client, certs, work)


NGINX_RESUME_SERVER = """  log_format r '$ssl_session_reused $ssl_server_name';
  server {{
    access_log {prefix}/access.log r;
    listen 127.0.0.1:{port} ssl;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate {certs}/twonames.pem;
    ssl_certificate_key {certs}/twonames.key;
    keepalive_timeout 0;
    location / {{ return 200 "orca-ok\\n"; }}
  }}
"""


def nginx_resume(client, certs, work):
    prefix = os.path.join(work, "nginx-resume")
    shutil.rmtree(prefix, ignore_errors=True)
    os.makedirs(os.path.join(prefix, "tmp"))
    port = free_port()
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(prefix=prefix, user="user root;" if os.geteuid() == 0 else "",
                                  servers=NGINX_RESUME_SERVER.format(prefix=prefix, port=port,
                                                                     certs=certs)))
    proc = subprocess.Popen(["nginx", "-p", prefix, "-c", conf, "-e", prefix + "/error.log"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_port(port, proc)
        rows, ok = run_resume(client, port, certs, ["localhost", "localhost", "alias.localhost",
                                                    "localhost", "localhost"])
        time.sleep(0.2)
    finally:
        stop(proc)
    with open(os.path.join(prefix, "access.log")) as f:
        log = [tuple(x.split()) for x in f]
    want = [(".", "localhost"), ("r", "localhost"), (".", "alias.localhost"),
            (".", "localhost"), ("r", "localhost")]
    check("resume: nginx $ssl_session_reused (another name: full handshake)",
          ok and log == want and [r for _, r, _, _ in rows] == [0, 1, 0, 0, 1],
          "log %s want %s client %s" % (log, want, rows))


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("s_server", "nginx", "arena", "resume"):
        sys.stderr.write(__doc__)
        return 2
    mode, client, certs, work = sys.argv[1:]
    if mode == "s_server":
        s_server_cases(client, certs)
    elif mode == "arena":
        arena_cases(client, certs)
    elif mode == "resume":
        resume_cases(client, certs, work)
    else:
        nginx_cases(client, certs, work)
    if failures:
        print("FAILED: " + ", ".join(failures))
        return 1
    print("all %s cases passed" % mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
