#!/usr/bin/env python3
"""The consumers of an installed orca against the mock Oracle server over TLS.

Usage: package_test.py VERSION MBEDTLS CERT_DIR WORK_DIR CONSUMER...

VERSION is orca's, MBEDTLS the start of the mbedTLS version the consumers must
have been compiled against ("2.28": the system one, "3.6": the one an orca
built from source installs).

Each CONSUMER (tests/package/consumer/consumer.c, built the find_package,
pkg-config or add_subdirectory way) signs in to PCA (login, GET, logout) and
to Classic (authenticate, GET) against a fresh mock server
(tests/server/mock_oracle.py) on a free port; the checks read the server's
JSON request log and the consumer's output. Every server is stopped in a
finally block; every run is bounded by a timeout.
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from tls_servers import stop  # noqa: E402  the integration tests' server helper

SERVER = os.path.join(HERE, "..", "server", "mock_oracle.py")
PASSWORD = "secret"
PCA_GET = "/20160918/instances?compartmentId=c1"
CLASSIC_GET = "/instance/Compute-acme/vm-1"
failures = []


def check(what, ok, detail=""):
    print("  %s %s%s" % ("ok  " if ok else "FAIL", what, "" if ok else ": " + str(detail)))
    if not ok:
        failures.append(what)


def run_against_mock(consumer, service, certs, work):
    """Runs the consumer against a fresh mock server: (exit code, stdout, log entries)."""
    log = os.path.join(work, "mock-%s-%d.log" % (service, time.monotonic_ns()))
    server = subprocess.Popen(
        [sys.executable, SERVER, "--cert", os.path.join(certs, "server.pem"),
         "--key", os.path.join(certs, "server.key"), "--log", log],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError("mock server did not start: %r" % line)
        env = dict(os.environ, ORCA_PASSWORD=PASSWORD)
        r = subprocess.run([consumer, service, "localhost", line.split()[1],
                            os.path.join(certs, "ca.pem")],
                           capture_output=True, text=True, env=env, timeout=60)
    finally:
        stop(server)
    for text in (r.stdout, r.stderr):
        for out in text.splitlines():
            print("    | " + out)
    entries = []
    if os.path.exists(log):
        with open(log) as f:
            entries = [json.loads(x) for x in f]
    return r.returncode, r.stdout + r.stderr, entries


def check_versions(service, out, version, mbedtls):
    want = "consumer: orca %s mbedTLS %s" % (version, mbedtls)
    check("%s: built against orca %s, mbedTLS %s" % (service, version, mbedtls),
          any(line.startswith(want) for line in out.splitlines()), want)


def check_pca(consumer, version, mbedtls, certs, work):
    code, out, log = run_against_mock(consumer, "pca", certs, work)
    check("pca: exit 0", code == 0, code)
    check_versions("pca", out, version, mbedtls)
    check("pca: password never printed", PASSWORD not in out)
    got = [(e["method"], e["path"], e["status"]) for e in log]
    want = [("POST", "/20160918/login", 200), ("GET", PCA_GET, 200),
            ("DELETE", "/20160918/logout", 200)]
    check("pca: server saw login, GET, logout", got == want, got)
    if len(log) == 3:
        login = json.loads(log[0]["body"])
        check("pca: login body has user, tenancy and password",
              login == {"username": "jdoe", "password": PASSWORD, "tenancy": "mytenancy"},
              login)
        check("pca: GET and logout carried the token",
              [e["credential"] for e in log[1:]] == ["valid", "valid"],
              [e["credential"] for e in log])
    check("pca: GET body reached the consumer", '"displayName": "vm-1"' in out)


def check_classic(consumer, version, mbedtls, certs, work):
    code, out, log = run_against_mock(consumer, "classic", certs, work)
    check("classic: exit 0", code == 0, code)
    check_versions("classic", out, version, mbedtls)
    got = [(e["method"], e["path"], e["status"]) for e in log]
    want = [("POST", "/authenticate/", 204), ("GET", CLASSIC_GET, 200)]
    check("classic: server saw authenticate, GET", got == want, got)
    if len(log) == 2:
        check("classic: GET carried the nimbula cookie", log[1]["credential"] == "valid",
              log[1]["credential"])
    check("classic: GET body reached the consumer", '"state": "running"' in out)


def main():
    if len(sys.argv) < 6:
        print(__doc__)
        return 2
    version, mbedtls, certs, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    for consumer in sys.argv[5:]:
        print("== %s" % consumer)
        check_pca(consumer, version, mbedtls, certs, work)
        check_classic(consumer, version, mbedtls, certs, work)
    if failures:
        print("%d check(s) failed: %s" % (len(failures), ", ".join(failures)))
        return 1
    print("all package checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
