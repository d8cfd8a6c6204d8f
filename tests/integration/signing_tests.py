#!/usr/bin/env python3
"""Integration tests of OCI request signing and Retry-After (issue 13): the
orca CLI (`orca pca-signed`, `orca pca`) over TLS against the mock Oracle
server, which verifies every signature with the public key
(python3-cryptography) and logs its verdict.

Usage: signing_tests.py ORCA CERT_DIR VECTOR_DIR WORK_DIR [CASE...]

VECTOR_DIR holds the keys of tests/vectors/gen_signing_vectors.sh. The mock
server listens on a free port and is stopped by each case (session_tests.Mock).
"""
import base64
import hashlib
import http.client
import os
import ssl
import subprocess
import sys
import time

import session_tests as st  # Mock, check, Run and the failure count: same folder
from session_tests import Mock, Run, check

TENANCY = "ocid1.tenancy.oc1..aaaaaaaatest"
USER = "ocid1.user.oc1..aaaaaaaatest"
INSTANCES = "/20160918/instances"
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def key_id(env):
    return "%s/%s/%s" % (TENANCY, USER, env["fingerprint"])


def signed_mock(env, *flags):
    return Mock(env, "--signing-key", env["vectors"] + "/key.pub.pem",
                "--signing-key-id", key_id(env), *flags)


def orca_signed(env, port, steps, key="key.pem", extra=(), passphrase=None):
    args = [env["orca"], "pca-signed", "--url", "https://localhost:%d" % port,
            "--tenancy-ocid", TENANCY, "--user-ocid", USER, "--fingerprint", env["fingerprint"],
            "--key-file", env["vectors"] + "/" + key, "--cacert", env["certs"] + "/ca.pem"]
    e = dict(os.environ)
    if passphrase is not None:
        args += ["--passphrase-env", "KEY_PASS"]
        e["KEY_PASS"] = passphrase
    r = Run(subprocess.run(args + list(extra) + steps, capture_output=True, text=True, env=e,
                           timeout=120))
    for text in (r.out, r.err):
        for line in text.splitlines():
            print("    | " + line)
    if passphrase:
        check("passphrase not printed", passphrase not in r.out + r.err)
    return r


def verdicts(log):
    return [(e["path"].split("?")[0], e["status"], e.get("signature")) for e in log]


@case
def signed_get_and_post_verify(env):
    body = '{"objectName":"img-1"}'
    export = INSTANCES + "/ocid1.instance.oc1..i1/actions/export"
    with signed_mock(env) as m:
        r = orca_signed(env, m.port, ["get", INSTANCES + "?compartmentId=c1&limit=2",
                                      "post", export, body])
        log = m.entries()
    check("exit 0", r.code == 0, (r.code, r.err))
    check("no sign-in: GET and POST, both signatures valid (body hash too)", verdicts(log) == [
        (INSTANCES, 200, "valid"), (export, 202, "valid")], verdicts(log))
    if len(log) == 2:
        auth = log[0]["headers"].get("authorization", "")
        check("Authorization names the key and the GET's headers", auth.startswith(
            'Signature version="1",keyId="%s",algorithm="rsa-sha256",'
            'headers="date (request-target) host",signature="' % key_id(env)), auth)
        post = log[1]["headers"]
        check("POST signs its body headers", 'headers="date (request-target) host content-length '
              'content-type x-content-sha256"' in post.get("authorization", "") and
              post.get("x-content-sha256") == base64.b64encode(
                  hashlib.sha256(body.encode()).digest()).decode() and log[1]["body"] == body, post)
        check("no bearer token, no password", "Bearer" not in auth and "password" not in
              log[1]["body"])
    check("exchanges logged", [x[:2] for x in r.exchanges()] == [("200", "GET"), ("202", "POST")],
          r.exchanges())


@case
def signed_key_forms(env):
    with signed_mock(env) as m:
        r1 = orca_signed(env, m.port, ["get", INSTANCES], key="key.der")
        r2 = orca_signed(env, m.port, ["get", INSTANCES], key="key-enc.pem",
                         passphrase=env["passphrase"])
        r3 = orca_signed(env, m.port, ["get", INSTANCES], key="key-enc.pem", passphrase="wrong")
        r4 = orca_signed(env, m.port, ["get", INSTANCES], key="ec.pem")
        log = m.entries()
    check("DER key: exit 0", r1.code == 0, r1.err)
    check("encrypted PEM with its passphrase: exit 0", r2.code == 0, r2.err)
    check("wrong passphrase: exit 2, clear error", r3.code == 2 and "bad signing key" in r3.err,
          (r3.code, r3.err))
    check("EC key refused (rsa-sha256 only): exit 2", r4.code == 2, (r4.code, r4.err))
    check("only the two good runs reached the server, both valid",
          verdicts(log) == [(INSTANCES, 200, "valid")] * 2, verdicts(log))


@case
def signed_wrong_key_401(env):
    with signed_mock(env) as m:
        r = orca_signed(env, m.port, ["get", INSTANCES], key="other.pem")
        log = m.entries()
    check("exit 1", r.code == 1, r.code)
    check("refused: one resync + replay, then the 401 is returned", verdicts(log) == [
        (INSTANCES, 401, "bad-signature")] * 2, verdicts(log))
    check("error names the status and the server's message", "HTTP 401 NotAuthenticated: "
          "signature check failed: bad-signature" in r.err, r.err)


@case
def signed_skewed_clock_resyncs_once(env):
    # The server's clock runs 10 minutes ahead: the first request is refused as
    # skewed, orca takes the 401's Date and replays; later requests follow it.
    with signed_mock(env, "--clock-offset", "600") as m:
        r = orca_signed(env, m.port, ["get", INSTANCES, "get", INSTANCES])
        log = m.entries()
    check("exit 0", r.code == 0, (r.code, r.err))
    check("skewed 401, replay valid, next call valid at once", verdicts(log) == [
        (INSTANCES, 401, "skewed"), (INSTANCES, 200, "valid"), (INSTANCES, 200, "valid")],
        verdicts(log))


@case
def signed_no_wall_clock(env):
    with signed_mock(env) as m:
        r = orca_signed(env, m.port, ["get", INSTANCES], extra=["--no-wall-clock"])
        log = m.entries()
    check("exit 1 with 'no wall clock'", r.code == 1 and "no wall clock" in r.err,
          (r.code, r.err))
    check("nothing sent", log == [], log)


def python_signed_post(env, port, body, claimed_body):
    """A POST signed in Python with key.pem whose x-content-sha256 is that of
    claimed_body: the mock's own checks, independent of orca. The status."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    with open(env["vectors"] + "/key.pem", "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    path = INSTANCES + "/ocid1.instance.oc1..i1/actions/export"
    headers = {"date": email_date(), "host": "localhost:%d" % port,
               "content-length": str(len(body)), "content-type": "application/json",
               "x-content-sha256": base64.b64encode(hashlib.sha256(claimed_body).digest()).decode()}
    lines = ["date: " + headers["date"], "(request-target): post " + path,
             "host: " + headers["host"]] + ["%s: %s" % (n, headers[n]) for n in
                                            ("content-length", "content-type", "x-content-sha256")]
    sig = base64.b64encode(key.sign("\n".join(lines).encode(), padding.PKCS1v15(),
                                    hashes.SHA256())).decode()
    headers["authorization"] = (
        'Signature version="1",keyId="%s",algorithm="rsa-sha256",headers="date (request-target) '
        'host content-length content-type x-content-sha256",signature="%s"' % (key_id(env), sig))
    ctx = ssl.create_default_context(cafile=env["certs"] + "/ca.pem")
    conn = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=30)
    try:
        conn.request("POST", path, body=body, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def email_date():
    import email.utils
    return email.utils.formatdate(usegmt=True)


@case
def signed_body_hash_mismatch(env):
    with signed_mock(env) as m:
        good = python_signed_post(env, m.port, b'{"a":1}', b'{"a":1}')
        bad = python_signed_post(env, m.port, b'{"a":2}', b'{"a":1}')
        log = m.entries()
    check("the mock accepts a correct Python-signed POST", good == 202, good)
    check("a body that does not match x-content-sha256: 401", bad == 401, bad)
    check("verdicts: valid, body-hash", [e.get("signature") for e in log] == ["valid", "body-hash"],
          log)


@case
def signed_usage(env):
    base = [env["orca"], "pca-signed", "--url", "https://localhost:1", "--tenancy-ocid", TENANCY,
            "--user-ocid", USER, "--fingerprint", env["fingerprint"], "--cacert",
            env["certs"] + "/ca.pem"]
    key = ["--key-file", env["vectors"] + "/key.pem"]
    for what, args in [("no key file", ["get", INSTANCES]), ("no step", key),
                       ("missing key file", ["--key-file", env["work"] + "/none.pem", "login"]),
                       ("unknown option", key + ["--password", "x", "login"])]:
        r = subprocess.run(base + args, capture_output=True, text=True, timeout=30)
        check("usage: %s -> exit 2" % what, r.returncode == 2, (r.returncode, r.stderr))
    r = subprocess.run(base + key + ["login", "logout"], capture_output=True, text=True, timeout=30)
    check("login and logout make no call (nothing listens): exit 0", r.returncode == 0 and
          "orca: " not in r.stderr, (r.returncode, r.stderr))


# ------------------------------------------------------------ Retry-After

def pca_run(env, flags, steps):
    with Mock(env, *flags) as m:
        t0 = time.monotonic()
        r = st.orca(env, "pca", m.port, steps)
        took = time.monotonic() - t0
        return r, m.entries(), took


def retry_after_fault(value):
    """The mock's header fault that adds Retry-After: value to the next instances answer
    (a ':' in the value is written \\x3a, as mock_oracle.py asks)."""
    return "header=Retry-After=%s:1:%s" % (value.replace(":", "\\x3a"), INSTANCES)


@case
def retry_after_seconds_and_date(env):
    import email.utils
    for wait, want in (("2", 2.0), (None, 3.0)):
        if wait is None:  # an HTTP-date about 3 s ahead
            wait = email.utils.formatdate(time.time() + 3, usegmt=True)
        r, log, took = pca_run(env, ["--fault", "503:1:" + INSTANCES,
                                     "--fault", retry_after_fault(wait)], ["get", INSTANCES])
        calls = [e for e in log if e["path"] == INSTANCES]
        check("Retry-After %s: exit 0, 503 then 200" % wait, r.code == 0 and
              [e["status"] for e in calls] == [503, 200], (r.code, calls))
        if len(calls) == 2:
            gap = calls[1]["time"] - calls[0]["time"]
            # The backoff alone would be 0.25-0.5 s; an HTTP-date has 1 s steps
            # and was made before the CLI started.
            check("waited what it asked (%.1f s)" % want, want - 1.05 <= gap <= want + 2.0, gap)


@case
def retry_after_over_cap_not_retried(env):
    r, log, took = pca_run(env, ["--fault", "429:1:" + INSTANCES,
                                 "--fault", retry_after_fault("120")], ["get", INSTANCES])
    calls = [e for e in log if e["path"] == INSTANCES]
    check("exit 1, one call, no wait", r.code == 1 and len(calls) == 1 and took < 10,
          (r.code, calls, took))
    check("the error reports the value", "HTTP 429 Fault: injected 429" in r.err and
          "Retry-After 120 s" in r.err, r.err)


def main():
    if len(sys.argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    orca_bin, certs, vectors, work = [os.path.abspath(a) for a in sys.argv[1:5]]
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(vectors, "fingerprint.txt")) as f:
        fingerprint = f.read().strip()
    with open(os.path.join(vectors, "passphrase.txt")) as f:
        passphrase = f.read()
    env = {"orca": orca_bin, "certs": certs, "vectors": vectors, "work": work,
           "fingerprint": fingerprint, "passphrase": passphrase}
    for name in sys.argv[5:] or list(CASES):
        print("== " + name)
        before = st.checks_made[0]
        try:
            CASES[name](env)
        except Exception as e:  # a crash in a case is a failure, not a stop
            check(name + " ran", False, repr(e))
        if st.checks_made[0] == before:
            check(name + " checked something", False, "the case made no check")
    print("%d check(s) failed" % len(st.failures) if st.failures else "all checks passed")
    return 1 if st.failures else 0


if __name__ == "__main__":
    sys.exit(main())
