#!/usr/bin/env python3
"""Hostile server values (issue 15) and the byte-exact body (issue 13 part 4):
the orca CLI over TLS against the mock Oracle server, whose faults make it
answer a token, cookie, request id, Location or Retry-After with CR, LF, NUL,
other control bytes, over-long or empty values, or a status outside 100-599.
Every case checks the exit status (a fault of the server never exits 2, the
usage status) and, from the server's request log, that nothing of the bad
value was sent.

Usage: hostile_tests.py ORCA CERT_DIR WORK_DIR [CASE...]
"""
import os
import subprocess
import sys
import time

import session_tests as st  # Mock, orca, check, calls: the session tests' helpers

LOGIN, INSTANCES, AUTH = "/20160918/login", "/20160918/instances", "/authenticate/"
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def fault(kind, path, count="1"):
    return ["--fault", "%s:%s:%s" % (kind, count, path)]


def header(name, value, path, count="1"):
    """A header= fault: value uses Python escapes (\\r, \\x00, \\x3a for ':')."""
    return fault("header=%s=%s" % (name, value), path, count)


def login_id(run):
    """Request id the CLI logged for the sign-in (its first exchange)."""
    return run.lines[0].group(4) if run.lines else None


# Token bytes that cannot go into "Authorization: Bearer <token>" (Python
# escapes, decoded by the mock server, which JSON-escapes them in its answer).
BAD_TOKENS = [("CR LF", r"abc\r\nX-Evil\x3a 1"), ("LF", r"abc\nX-Evil\x3a 1"),
              ("CR", r"abc\rdef"), ("NUL", r"abc\x00def"), ("ESC", r"abc\x1b[2Jdef"),
              ("DEL", r"abc\x7fdef"), ("TAB", r"abc\tdef"), ("space", "abc def"),
              ("non-ASCII", r"abc\xe9def")]


@case
def pca_token_with_bad_bytes(env):
    for what, token in BAD_TOKENS:
        r, log = st.mock_run(env, fault("token=" + token, LOGIN), "pca", ["get", INSTANCES])
        rid = login_id(r)
        st.check("token with %s: exit 1, only the login sent" % what, r.code == 1 and
                 [e["path"] for e in log] == [LOGIN], (r.code, log))
        st.check("token with %s: reported with the login's request id" % what,
                 rid is not None and
                 "bad token in sign-in answer, request id %s" % rid in r.err, r.err)
        st.check("token with %s: nothing of it printed" % what,
                 "X-Evil" not in r.err + r.out and "abc" not in r.err + r.out, r.err)


@case
def pca_token_empty_or_too_long(env):
    r, log = st.mock_run(env, fault("token=", LOGIN), "pca", ["get", INSTANCES])
    st.check("empty token: exit 1, unexpected response, only the login",
             r.code == 1 and "unexpected response, request id" in r.err and
             [e["path"] for e in log] == [LOGIN], (r.code, r.err, log))
    # The CLI's credential buffer holds 4096 bytes.
    r, log = st.mock_run(env, fault("token=" + "t" * 5000, LOGIN), "pca", ["get", INSTANCES])
    st.check("5000-byte token: exit 1, buffer too small, only the login",
             r.code == 1 and "buffer too small, request id" in r.err and
             [e["path"] for e in log] == [LOGIN], (r.code, r.err, log))
    st.check("5000-byte token: not printed", "t" * 100 not in r.err + r.out)


@case
def status_outside_100_599(env):
    for status in ("999", "600"):
        r, log = st.mock_run(env, fault(status, INSTANCES, "*"), "pca", ["get", INSTANCES])
        st.check("status %s: exit 3 (malformed answer), bad status line" % status,
                 r.code == 3 and "bad status line" in r.err, (r.code, r.err))
        st.check("status %s: not retried" % status,
                 len(st.calls(log, INSTANCES)) == 1, [e["path"] for e in log])
    r, log = st.mock_run(env, fault("101", INSTANCES, "*"), "pca", ["get", INSTANCES])
    st.check("101 nobody asked for: exit 1 (unsupported), not retried", r.code == 1 and
             "unsupported" in r.err and len(st.calls(log, INSTANCES)) == 1, (r.code, r.err))
    r, log = st.mock_run(env, fault("999", LOGIN, "*"), "pca", ["login"])
    st.check("status 999 on the login: exit 3, one attempt", r.code == 3 and
             [e["path"] for e in log] == [LOGIN], (r.code, log))


@case
def classic_cookie_with_bad_bytes(env):
    cases = [  # (what, Set-Cookie value, exit status)
        ("DEL", r"nimbula=abc\x7fdef; Path=/", 1),          # the jar refuses it
        ("empty value", "nimbula=; Path=/", 1),              # no credential
        ("5000 bytes", "nimbula=" + "c" * 5000 + "; Path=/", 1),  # over the jar's 4096
        ("NUL", r"nimbula=abc\x00def; Path=/", 3),           # the parser refuses the line
        ("CR", r"nimbula=abc\rdef; Path=/", 3),
        ("LF", r"nimbula=abc\nX-Evil\x3a 1", 3),
        ("ESC", r"nimbula=abc\x1bdef; Path=/", 3),
    ]
    for what, value, code in cases:
        r, log = st.mock_run(env, header("Set-Cookie", value, AUTH), "classic",
                             ["get", "/instance/Compute-acme/"])
        st.check("nimbula cookie with %s: exit %d, only the authenticate" % (what, code),
                 r.code == code and [e["path"] for e in log] == [AUTH], (r.code, r.err, log))
        st.check("nimbula cookie with %s: no cookie ever sent" % what,
                 all("cookie" not in e["headers"] for e in log), log)


@case
def request_id_with_bad_bytes(env):
    # Control bytes other than TAB never pass the parser; TAB, DEL and bytes
    # above 0x7E reach the request id, which keeps printable ASCII only.
    r, log = st.mock_run(env, header("opc-request-id", r"rid\t\x7f\x9b31m\xe9", INSTANCES),
                         "pca", ["get", INSTANCES])
    st.check("request id with TAB, DEL, 0x9B, 0xE9: exit 0, logged as rid???31m?",
             r.code == 0 and ("200", "GET", INSTANCES) in r.exchanges() and
             "(request id rid???31m?)" in r.err, (r.code, r.err))
    r, log = st.mock_run(env, header("opc-request-id", "r" * 300, INSTANCES), "pca",
                         ["get", INSTANCES])
    st.check("300-byte request id: exit 0, cut to 127 bytes", r.code == 0 and
             "(request id %s)" % ("r" * 127) in r.err and "r" * 128 not in r.err, r.err)
    r, log = st.mock_run(env, header("opc-request-id", "", INSTANCES), "pca", ["get", INSTANCES])
    st.check("empty request id: exit 0, logged without one",
             r.code == 0 and "orca: 200 GET %s\n" % INSTANCES in r.err, r.err)
    r, log = st.mock_run(env, header("opc-request-id", r"a\x00b", INSTANCES, "*"), "pca",
                         ["get", INSTANCES])
    st.check("request id with NUL: exit 3, not retried", r.code == 3 and
             len(st.calls(log, INSTANCES)) == 1, (r.code, log))


@case
def location_never_followed(env):
    for what, value, shown in [("another host", r"https\x3a//evil.example/steal",
                                "https://evil.example/steal"),
                               ("DEL and 0xFF", r"/x\x7f\xff", "/x??"),
                               ("empty", "", "(no Location)")]:
        r, log = st.mock_run(env, fault("302", INSTANCES) +
                             header("Location", value, INSTANCES), "pca", ["get", INSTANCES])
        st.check("302 with Location %s: exit 1, 'redirect to %s not followed', not followed"
                 % (what, shown), r.code == 1 and
                 "redirect to %s not followed" % shown in r.err and
                 [e["path"] for e in log] == [LOGIN, INSTANCES], (r.code, r.err, log))
    r, log = st.mock_run(env, fault("302", LOGIN) + header("Location", "/elsewhere", LOGIN),
                         "pca", ["get", INSTANCES])
    st.check("302 to the login: exit 1, unexpected response, only the login", r.code == 1 and
             "unexpected response" in r.err and [e["path"] for e in log] == [LOGIN],
             (r.code, r.err, log))
    r, log = st.mock_run(env, fault("302", INSTANCES) + header("Location", r"/a\x00b",
                                                               INSTANCES), "pca",
                         ["get", INSTANCES])
    st.check("Location with NUL: exit 3, nothing after", r.code == 3 and
             [e["path"] for e in log] == [LOGIN, INSTANCES], (r.code, log))


@case
def retry_after_bad_values(env):
    # Hook for Retry-After (issue 13 part 2): values that are not a delay are
    # ignored (the computed backoff, one retry); a huge one never makes the
    # client wait long (whether it then retries or reports the 503).
    for what, value in [("negative", "-1"), ("not a number", "abc"), ("empty", ""),
                        ("exponent", "1e3"), ("DEL", r"1\x7f")]:
        t0 = time.monotonic()
        r, log = st.mock_run(env, fault("503", INSTANCES) +
                             header("Retry-After", value, INSTANCES), "pca", ["get", INSTANCES])
        took = time.monotonic() - t0
        st.check("Retry-After %s: ignored, retried once, exit 0 in under 10 s" % what,
                 r.code == 0 and [e["status"] for e in st.calls(log, INSTANCES)] == [503, 200]
                 and took < 10, (r.code, log, took))
    t0 = time.monotonic()
    r, log = st.mock_run(env, fault("503", INSTANCES) +
                         header("Retry-After", "9" * 30, INSTANCES), "pca", ["get", INSTANCES])
    took = time.monotonic() - t0
    st.check("Retry-After 9x30: no long wait, no retry loop", r.code in (0, 1) and
             len(st.calls(log, INSTANCES)) <= 2 and took < 10, (r.code, log, took))


def orca_bytes(env, port, steps):
    """The CLI's PCA run with stdout as bytes: (exit status, stdout, stderr)."""
    args = [env["orca"], "pca", "--url", "https://localhost:%d" % port, "--user", st.PCA_USER,
            "--tenancy", st.TENANCY, "--cacert", env["certs"] + "/ca.pem"] + steps
    p = subprocess.run(args, capture_output=True, timeout=120,
                       env=dict(os.environ, ORCA_PASSWORD=st.PASSWORD))
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


@case
def body_byte_for_byte(env):
    bodies = {
        "no final newline": b'{"a": 1}',
        "final newline": b'{"a": 1}\n',
        "binary with NULs": bytes(range(256)) * 4 + b"\x00",
        "40000 bytes (streamed past the work buffer)": os.urandom(39999) + b"\x00",
    }
    for what, body in bodies.items():
        path = os.path.join(env["work"], "body-%d.bin" % len(body))
        with open(path, "wb") as f:
            f.write(body)
        with st.Mock(env, *fault("bodyfile=" + path, INSTANCES, "2")) as m:
            code, out, err = orca_bytes(env, m.port, ["get", INSTANCES])
            st.check("%s: stdout is the body, byte for byte" % what, code == 0 and out == body,
                     (code, len(out), len(body), err))
            code, out, err = orca_bytes(env, m.port, ["--newline", "get", INSTANCES])
            want = body if body.endswith(b"\n") else body + b"\n"
            st.check("%s: --newline ends it with one newline" % what,
                     code == 0 and out == want, (code, len(out), len(want), err))
    # A body past the work buffer streams to stdout as it comes: such an
    # answer is final (a retry would print a second body after the first).
    big = os.path.join(env["work"], "body-40000.bin")
    with open(big, "rb") as f:
        body = f.read()
    with st.Mock(env, *(fault("bodyfile=%s,503" % big, INSTANCES) +
                        fault("bodyfile=" + big, INSTANCES))) as m:
        code, out, err = orca_bytes(env, m.port, ["get", INSTANCES])
        log = m.entries()
    st.check("streamed 503: exit 1, not retried, its body once", code == 1 and
             out == body and len(st.calls(log, INSTANCES)) == 1, (code, len(out), err))
    with st.Mock(env, *(fault("bodyfile=%s,200,truncate" % big, INSTANCES) +
                        fault("bodyfile=" + big, INSTANCES))) as m:
        code, out, err = orca_bytes(env, m.port, ["get", INSTANCES])
        log = m.entries()
    st.check("streamed body cut off: exit 3, not retried, stdout what came", code == 3 and
             0 < len(out) <= len(body) and body.startswith(out) and
             len(st.calls(log, INSTANCES)) == 1, (code, len(out), err))
    with st.Mock(env, *fault("bodyfile=" + os.path.join(env["work"], "body-8.bin"),
                             INSTANCES, "2")) as m:
        code, out, err = orca_bytes(env, m.port, ["get", INSTANCES, "get", INSTANCES])
    st.check("two bodies: concatenated, nothing between", code == 0 and
             out == b'{"a": 1}{"a": 1}', (code, out))


@case
def output_file(env):
    """--output FILE: the body goes to FILE.part, renamed to FILE on success and
    removed on failure, so FILE never holds part of a body (stdout would)."""
    body = os.urandom(39999) + b"\x00"  # past the 16 KB work buffer: streamed
    big = os.path.join(env["work"], "output-body.bin")
    with open(big, "wb") as f:
        f.write(body)
    out = os.path.join(env["work"], "out.bin")
    part = out + ".part"

    def clean():
        for name in (out, part):
            if os.path.exists(name):
                os.unlink(name)

    def files():
        return [n for n in (out, part) if os.path.exists(n)]

    clean()
    with st.Mock(env, *fault("bodyfile=" + big, INSTANCES)) as m:
        code, stdout, err = orca_bytes(env, m.port, ["--output", out, "get", INSTANCES])
    got = open(out, "rb").read() if os.path.exists(out) else None
    st.check("success: exit 0, FILE is the body byte for byte, stdout empty, no FILE.part",
             code == 0 and got == body and stdout == b"" and not os.path.exists(part),
             (code, None if got is None else len(got), len(stdout), files(), err))
    # the same streamed body cut off: exit 3 as without --output, nothing left
    clean()
    with st.Mock(env, *fault("bodyfile=%s,200,truncate" % big, INSTANCES)) as m:
        code, stdout, err = orca_bytes(env, m.port, ["--output", out, "get", INSTANCES])
    st.check("cut off: exit 3, no FILE, no FILE.part, stdout empty",
             code == 3 and files() == [] and stdout == b"", (code, files(), len(stdout), err))
    # an older FILE stays as it was when the new transfer fails
    with open(out, "wb") as f:
        f.write(b"older")
    with st.Mock(env, *fault("bodyfile=%s,200,truncate" % big, INSTANCES)) as m:
        code, stdout, err = orca_bytes(env, m.port, ["--output", out, "get", INSTANCES])
    st.check("cut off: an existing FILE is left untouched", code == 3 and files() == [out] and
             open(out, "rb").read() == b"older", (code, files(), err))
    # two steps, the second fails: the first body is not kept either
    clean()
    with st.Mock(env, *(fault("bodyfile=" + big, INSTANCES) +
                        fault("bodyfile=%s,200,truncate" % big, INSTANCES))) as m:
        code, stdout, err = orca_bytes(env, m.port,
                                       ["--output", out, "get", INSTANCES, "get", INSTANCES])
    st.check("second step fails: exit 3, nothing kept", code == 3 and files() == [],
             (code, files(), err))
    # an HTTP error is a failure too (exit 1): its body is not kept
    with st.Mock(env, *fault("503", INSTANCES, "9")) as m:
        code, stdout, err = orca_bytes(env, m.port, ["--output", out, "get", INSTANCES])
    st.check("HTTP error: exit 1, nothing kept", code == 1 and files() == [],
             (code, files(), err))
    # FILE.part cannot be created: a usage error before any exchange
    with st.Mock(env) as m:
        code, stdout, err = orca_bytes(env, m.port, ["--output", os.path.join(
            env["work"], "no-such-dir", "out.bin"), "get", INSTANCES])
        log = m.entries()
    st.check("FILE.part cannot be created: exit 2, nothing sent",
             code == 2 and log == [] and "cannot create" in err, (code, log, err))
    help_text = subprocess.run([env["orca"], "--help"], capture_output=True, text=True).stdout
    st.check("--help says stdout is streamed and names --output",
             "streamed" in help_text and "--output FILE" in help_text, help_text)


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    orca_bin, certs, work = [os.path.abspath(a) for a in sys.argv[1:4]]
    os.makedirs(work, exist_ok=True)
    env = {"orca": orca_bin, "certs": certs, "work": work}
    for name in sys.argv[4:] or list(CASES):
        print("== " + name)
        before = st.checks_made[0]
        try:
            CASES[name](env)
        except Exception as e:  # a crash in a case is a failure, not a stop
            st.check(name + " ran", False, repr(e))
        if st.checks_made[0] == before:
            st.check(name + " checked something", False, "the case made no check")
    failed = st.failures
    print("%d check(s) failed" % len(failed) if failed else "all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
