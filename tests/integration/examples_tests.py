#!/usr/bin/env python3
"""The hosted examples (examples/hosted) against the mock Oracle server over
TLS, and README's quick start: the same program as examples/hosted/classic.c.

Usage: examples_tests.py EXAMPLES_BIN_DIR CERT_DIR WORK_DIR SOURCE_DIR
"""
import os
import re
import subprocess
import sys

from session_tests import (CLASSIC_DIR, CLASSIC_USER, PASSWORD, PCA_USER, TENANCY, Mock,
                           check, failures)


def readme_block(source):
    """The one ```c block of README.md (the quick start)."""
    with open(os.path.join(source, "README.md")) as f:
        blocks = re.findall(r"^```c\n(.*?)^```$", f.read(), re.S | re.M)
    return blocks


def run(env, program, args, password=PASSWORD):
    r = subprocess.run([os.path.join(env["bin"], program)] + args, capture_output=True,
                       text=True, timeout=120, env=dict(os.environ, ORCA_PASSWORD=password))
    for line in (r.stdout + r.stderr).splitlines():
        print("    | " + line)
    check("%s: password not printed" % program, password not in r.stdout + r.stderr)
    return r


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    bindir, certs, work, source = [os.path.abspath(a) for a in sys.argv[1:5]]
    os.makedirs(work, exist_ok=True)
    env = {"bin": bindir, "certs": certs, "work": work}
    ca = certs + "/ca.pem"

    print("== README quick start is examples/hosted/classic.c")
    blocks = readme_block(source)
    with open(os.path.join(source, "examples", "hosted", "classic.c")) as f:
        classic = f.read()
    check("README has exactly one ```c block", len(blocks) == 1, len(blocks))
    check("it is examples/hosted/classic.c, byte for byte (so CI compiles it)",
          blocks[:1] == [classic], "edit both together")

    print("== classic example: sign in, a listing")
    with Mock(env) as m:
        r = run(env, "orca_example_classic",
                ["localhost", str(m.port), CLASSIC_USER, ca, "/instance/Compute-acme/"])
        log = m.entries()
    check("exit 0, 200 and the listing on stdout", r.returncode == 0 and
          r.stdout.startswith("200 ") and "/instance/Compute-acme/vm-1" in r.stdout, r.stdout)
    check("authenticate, then the listing with the directory Accept (chosen by the library)",
          [(e["method"], e["path"]) for e in log] ==
          [("POST", "/authenticate/"), ("GET", "/instance/Compute-acme/")] and
          log[1]["headers"].get("accept") == CLASSIC_DIR, log)

    with Mock(env) as m:
        r = run(env, "orca_example_classic",
                ["localhost", str(m.port), CLASSIC_USER, ca, "/instance/"], password="wrong")
    check("classic, wrong password: exit 1, the refusal and the server's message",
          r.returncode == 1 and "sign-in refused" in r.stderr and "401" in r.stderr, r.stderr)

    with Mock(env) as m:
        r = run(env, "orca_example_classic",
                ["localhost", str(m.port), CLASSIC_USER, ca, "/instance/my vm"])
        log = m.entries()
    check("classic, a space in the path: exit 1, said so, nothing sent",
          r.returncode == 1 and "space in path" in r.stderr and log == [], (r.stderr, log))

    with Mock(env) as m:
        r = run(env, "orca_example_classic",
                ["localhost", str(m.port), CLASSIC_USER, work + "/no-such-ca.pem", "/instance/"])
        log = m.entries()
    check("classic, a missing CA file: exit 1, the file and the reason named, nothing sent",
          r.returncode == 1 and "CA file " + work + "/no-such-ca.pem: No such file" in r.stderr
          and log == [], (r.stderr, log))

    with Mock(env) as m:
        r = run(env, "orca_example_classic",
                ["localhost", str(m.port), CLASSIC_USER, certs + "/other-ca.pem", "/instance/"])
        log = m.entries()
    check("classic, a server the CA does not vouch for: exit 1, TLS verification refused",
          r.returncode == 1 and "TLS" in r.stderr and log == [], (r.stderr, log))

    print("== non-blocking example: the loop goes on while orca waits for the network")
    with Mock(env) as m:
        r = run(env, "orca_example_nonblocking",
                ["localhost", str(m.port), CLASSIC_USER, ca, "/instance/Compute-acme/"])
        log = m.entries()
    loop = re.search(r"loop: (\d+) passes, (\d+) calls into orca", r.stderr)
    check("exit 0, 200 and the listing on stdout", r.returncode == 0 and
          r.stdout.startswith("200 ") and "/instance/Compute-acme/vm-1" in r.stdout, r.stdout)
    check("the same two exchanges as the blocking example",
          [(e["method"], e["path"]) for e in log] ==
          [("POST", "/authenticate/"), ("GET", "/instance/Compute-acme/")], log)
    check("the call returned to the loop while it waited (passes > 0, calls = passes + 1)",
          loop is not None and int(loop.group(1)) > 0 and
          int(loop.group(2)) == int(loop.group(1)) + 1, r.stderr)

    print("== pca example: login, GET, logout")
    with Mock(env) as m:
        r = run(env, "orca_example_pca", ["localhost", str(m.port), PCA_USER, TENANCY, ca,
                                          "/20160918/instances?compartmentId=c1"])
        log = m.entries()
    check("exit 0, 200 and the instances on stdout", r.returncode == 0 and
          r.stdout.startswith("200 ") and '"displayName": "vm-1"' in r.stdout, r.stdout)
    check("login, GET with the token, logout", [(e["method"], e["path"], e["credential"])
                                                for e in log] ==
          [("POST", "/20160918/login", "none"),
           ("GET", "/20160918/instances?compartmentId=c1", "valid"),
           ("DELETE", "/20160918/logout", "valid")], log)

    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
