#!/usr/bin/env python3
"""The orca CLI's own behaviour for a person at a terminal, against the mock
server over TLS: one-line usage errors, the --tenancy warning for classic,
--help naming the default CA bundle, retry lines (attempt, wait, reason), a
3xx not followed, a final newline on a terminal only, the wait countdown on a
terminal only.

Usage: cli_tests.py ORCA_BIN CERT_DIR WORK_DIR
"""
import os
import pty
import re
import select
import subprocess
import sys

from session_tests import (CLASSIC_USER, PASSWORD, PCA_USER, TENANCY, Mock, check, failures)

INSTANCES = "/20160918/instances?compartmentId=c1"


def base(env, service, port):
    args = [env["orca"], service, "--url", "https://localhost:%d" % port, "--user",
            PCA_USER if service == "pca" else CLASSIC_USER]
    if service == "pca":
        args += ["--tenancy", TENANCY]
    return args + ["--cacert", env["certs"] + "/ca.pem"]


def run(args):
    r = subprocess.run(args, capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, ORCA_PASSWORD=PASSWORD))
    for line in (r.stdout + r.stderr).splitlines():
        print("    | " + line)
    return r


def run_on_terminal(args, stdout_tty=True):
    """Runs args with stderr (and stdout unless told) on pseudo-terminals:
    (exit status, stdout bytes, stderr bytes), CR LF turned back into LF."""
    out_master, out_slave = pty.openpty() if stdout_tty else os.pipe()
    err_master, err_slave = pty.openpty()
    p = subprocess.Popen(args, stdout=out_slave, stderr=err_slave, stdin=subprocess.DEVNULL,
                         env=dict(os.environ, ORCA_PASSWORD=PASSWORD))
    os.close(out_slave)
    os.close(err_slave)
    got = {out_master: b"", err_master: b""}
    open_fds = [out_master, err_master]
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [], 60)
        if not ready:
            break
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # a pty's other end closed
                data = b""
            if data:
                got[fd] += data
            else:
                open_fds.remove(fd)
    code = p.wait(timeout=60)
    os.close(out_master)
    os.close(err_master)
    fix = lambda b: b.replace(b"\r\n", b"\n")
    print("    | stdout %r" % got[out_master][:200])
    print("    | stderr %r" % got[err_master][:400])
    return code, fix(got[out_master]) if stdout_tty else got[out_master], fix(got[err_master])


def usage_errors(env):
    print("== usage errors are one line naming the problem")
    orca = env["orca"]
    url = ["--url", "https://localhost:1"]
    cases = [
        ([], "no command"),
        (["frobnicate"], "unknown command frobnicate"),
        (["classic"] + ["--user", "u", "login"], "missing --url"),
        (["classic"] + url + ["login"], "missing --user"),
        (["pca"] + url + ["--user", "u", "login"], "missing --tenancy"),
        (["classic"] + url + ["--user", "u"], "missing a step"),
        (["classic"] + url + ["--user", "u", "--tenant", "t", "login"], "unknown option --tenant"),
        (["classic"] + url + ["--user", "u", "fetch", "/x"], "unknown step fetch"),
        (["classic"] + url + ["--user", "u", "get"], "missing argument of step get"),
        (["classic"] + url + ["--user", "u", "get", "instance/"], "paths start with '/'"),
        (["pca-signed"] + url + ["login"], "missing --tenancy-ocid"),
    ]
    for args, want in cases:
        r = run([orca] + args)
        lines = r.stderr.splitlines()
        check("%r: exit 2, one line naming it (%s) and 'see orca --help'" % (args, want),
              r.returncode == 2 and len(lines) == 1 and want in lines[0] and
              lines[0].endswith("see orca --help") and "usage:" not in r.stderr,
              (r.returncode, r.stderr))
    r = run([orca, "--help"])
    check("--help names the default CA bundle",
          r.returncode == 0 and "/etc/ssl/certs/ca-certificates.crt" in r.stdout, r.stdout)


def tenancy_warned_for_classic(env):
    print("== --tenancy with classic is warned, and the run goes on")
    with Mock(env) as m:
        r = run(base(env, "classic", m.port) + ["--tenancy", "t", "get", "/instance/"])
    check("exit 0 and a warning that classic ignores --tenancy",
          r.returncode == 0 and "warning: --tenancy is for pca" in r.stderr, r.stderr)


def retries_shown(env):
    print("== retries say their attempt, their wait and why")
    with Mock(env, "--fault", "503:2:/20160918/instances") as m:
        r = run(base(env, "pca", m.port) + ["get", INSTANCES])
    first = re.search(r"^orca: retry 1/2 in \d+\.\d s: HTTP 503$", r.stderr, re.M)
    second = re.search(r"^orca: retry 2/2 in \d+\.\d s: HTTP 503$", r.stderr, re.M)
    check("two 503s: 'retry 1/2 in N.N s: HTTP 503', then 2/2, then success",
          r.returncode == 0 and first and second and first.start() < second.start(), r.stderr)
    with Mock(env, "--fault", "reset:1:/20160918/instances") as m:
        r = run(base(env, "pca", m.port) + ["get", INSTANCES])
    check("a dropped connection: 'retry 1/2 in N.N s: <the network error>', then success",
          r.returncode == 0 and re.search(r"^orca: retry 1/2 in \d+\.\d s: [a-zA-Z]", r.stderr,
                                          re.M), r.stderr)
    with Mock(env, "--fault", "503:*:/20160918/instances") as m:
        r = run(base(env, "pca", m.port) + ["get", INSTANCES])
    check("retries counted per call: 1/2, 2/2 and no 3/2 (the sign-in's success reset them)",
          r.returncode == 1 and "retry 2/2" in r.stderr and "retry 3/2" not in r.stderr,
          r.stderr)


def network_failures_named(env):
    print("== a network failure names the phase and the host")
    from tls_servers import free_port
    port = free_port()
    r = run(base(env, "classic", port) + ["get", "/instance/"])
    check("nothing listening: exit 3, 'connection refused (connect to localhost port N)'",
          r.returncode == 3 and "connection refused (connect to localhost port %d)" % port
          in r.stderr, r.stderr)
    with Mock(env) as m:
        args = base(env, "classic", m.port)
        args[args.index("--cacert") + 1] = env["certs"] + "/other-ca.pem"
        r = run(args + ["get", "/instance/"])
    check("a certificate from another CA: exit 3, '(TLS handshake with localhost port N)'",
          r.returncode == 3 and "(TLS handshake with localhost port %d)" % m.port in r.stderr,
          r.stderr)
    with Mock(env, "--fault", "slow=3:*:/instance/") as m:
        r = run(base(env, "classic", m.port) + ["--deadline", "800", "get", "/instance/"])
    check("an answer that does not come: exit 3, 'timeout: exchange deadline passed "
          "(exchange_timeout_ms) (waiting for the answer from localhost port N)'",
          r.returncode == 3 and "timeout: exchange deadline passed (exchange_timeout_ms) "
          "(waiting for the answer from localhost port %d)" % m.port in r.stderr, r.stderr)


def redirect_not_followed(env):
    print("== a 3xx is not followed: exit 1, where it pointed")
    with Mock(env, "--fault", "302:1:/instance/x",
              "--fault", "header=Location=https\\x3a//elsewhere.example/y:1:/instance/x") as m:
        r = run(base(env, "classic", m.port) + ["get", "/instance/x"])
        log = m.entries()
    check("exit 1, 'redirect to https://elsewhere.example/y not followed', nothing more sent",
          r.returncode == 1 and "redirect to https://elsewhere.example/y not followed" in r.stderr
          and [e["path"] for e in log] == ["/authenticate/", "/instance/x"], (r.stderr, log))
    with Mock(env, "--fault", "301:1:/instance/x",
              "--fault", "header=Location=/a\\xe9 b:1:/instance/x") as m:
        r = run(base(env, "classic", m.port) + ["get", "/instance/x"])
    check("a Location with bytes outside printable ASCII (and a space) shows '?' for them",
          r.returncode == 1 and "redirect to /a??b not followed" in r.stderr, r.stderr)


def terminal_newline_and_progress(env):
    print("== on a terminal: a final newline, a countdown; into a pipe: neither")
    body = os.path.join(env["work"], "no-newline.json")
    with open(body, "wb") as f:
        f.write(b'{"a": 1}')
    with Mock(env, "--fault", "bodyfile=%s:*:/20160918/instances" % body) as m:
        code, out, err = run_on_terminal(base(env, "pca", m.port) + ["get", INSTANCES])
        check("stdout a terminal: the body gets its final newline",
              code == 0 and out == b'{"a": 1}\n', (code, out))
        code, out, err = run_on_terminal(base(env, "pca", m.port) + ["get", INSTANCES],
                                         stdout_tty=False)
        check("stdout a pipe: the body byte for byte, no newline added",
              code == 0 and out == b'{"a": 1}', (code, out))
        code, out, err = run_on_terminal(base(env, "pca", m.port) + ["wait", "2", "logout"])
        check("stderr a terminal: wait counts down ('waiting 2 s', 'waiting 1 s')",
              code == 0 and b"waiting 2 s" in err and b"waiting 1 s" in err, (code, err))
        r = run(base(env, "pca", m.port) + ["wait", "1", "logout"])
        check("stderr a pipe: wait says nothing", r.returncode == 0 and
              "waiting" not in r.stderr, r.stderr)
    big = os.path.join(env["work"], "big.bin")
    with open(big, "wb") as f:
        f.write(b"x" * (600 * 1024))
    with Mock(env, "--fault", "bodyfile=%s:*:/20160918/instances" % big) as m:
        code, out, err = run_on_terminal(base(env, "pca", m.port) + ["get", INSTANCES],
                                         stdout_tty=False)
        check("600 KiB into a pipe, stderr a terminal: progress on stderr, body intact",
              code == 0 and b"KiB received" in err and out == b"x" * (600 * 1024),
              (code, len(out), err[-200:]))
        r = run(base(env, "pca", m.port) + ["get", INSTANCES])
        check("stderr a pipe: no progress line", r.returncode == 0 and
              "KiB received" not in r.stderr, r.stderr[-200:])


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    orca_bin, certs, work = [os.path.abspath(a) for a in sys.argv[1:4]]
    os.makedirs(work, exist_ok=True)
    env = {"orca": orca_bin, "certs": certs, "work": work}
    for case in (usage_errors, tenancy_warned_for_classic, retries_shown, network_failures_named,
                 redirect_not_followed,
                 terminal_newline_and_progress):
        try:
            case(env)
        except Exception as e:  # a crash in a case is a failure, not a stop
            check(case.__name__ + " ran", False, repr(e))
    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
