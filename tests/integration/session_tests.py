#!/usr/bin/env python3
"""Integration tests of orca sessions over TLS: the orca CLI against the mock
Oracle server (tests/server/mock_oracle.py), every rule checked from the
server's JSON request log, or against nginx answering like the two services.

Usage: session_tests.py mock|nginx ORCA CERT_DIR WORK_DIR [CASE...]

Every server listens on a free port picked at run time and is stopped in a
finally block, so a failing case leaves nothing running.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

from tls_servers import free_port, stop, wait_port  # the TLS tests' server helpers, same folder

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "server", "mock_oracle.py")
PCA_USER, CLASSIC_USER, TENANCY, PASSWORD = ("jdoe", "/Compute-acme/jack.jones@example.com",
                                             "mytenancy", "secret")
PCA_JSON = "application/json"
CLASSIC_JSON = "application/oracle-compute-v3+json"
CLASSIC_DIR = "application/oracle-compute-v3+directory+json"
LINE = re.compile(r"^orca: (\d+|---) ([A-Z]+) (\S+)(?: \(request id (\S+)\)| \((.*)\))?$")
# Built with TLS session resumption (CMake ORCA_TLS_RESUMPTION, set by session.cmake)?
RESUMPTION = os.environ.get("ORCA_TLS_RESUMPTION", "1") != "0"
failures = []
checks_made = [0]  # a case that makes no check fails (it would pass whatever happened)
CASES = {}


def case(mode):
    def register(fn):
        CASES[fn.__name__] = (mode, fn)
        return fn
    return register


def check(what, ok, detail=""):
    print("  %s %s%s" % ("ok  " if ok else "FAIL", what, "" if ok else ": " + str(detail)))
    checks_made[0] += 1
    if not ok:
        failures.append(what)
    return ok


class Mock:
    """The mock server over TLS with the given flags; its log as a list."""

    def __init__(self, env, *flags, cert="server"):
        self.log = os.path.join(env["work"], "mock-%d.log" % time.monotonic_ns())
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "--cert", env["certs"] + "/%s.pem" % cert,
             "--key", env["certs"] + "/%s.key" % cert, "--log", self.log] + list(flags),
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            stop(self.proc)
            raise RuntimeError("mock server did not start: %r" % line)
        self.port = int(line.split()[1])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        stop(self.proc)

    def entries(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(x) for x in f]


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.lines = [LINE.match(x) for x in proc.stderr.splitlines() if LINE.match(x)]

    def exchanges(self):
        return [(m.group(1), m.group(2), m.group(3)) for m in self.lines]


def orca(env, service, port, steps, password=PASSWORD, ca=None):
    args = [env["orca"], service, "--url", "https://localhost:%d" % port,
            "--user", PCA_USER if service == "pca" else CLASSIC_USER]
    if service == "pca":
        args += ["--tenancy", TENANCY]
    args += ["--cacert", ca or env["certs"] + "/ca.pem"] + steps
    e = dict(os.environ, ORCA_PASSWORD=password)
    r = Run(subprocess.run(args, capture_output=True, text=True, env=e, timeout=180))
    for text in (r.out, r.err):
        for line in text.splitlines():
            print("    | " + line)
    check("password not printed", password not in r.out + r.err)
    return r


def calls(entries, path):
    return [e for e in entries if e["path"].split("?")[0] == path]


def mock_run(env, flags, service, steps, **kw):
    """Runs the CLI against a fresh mock server started with flags: (run, log)."""
    with Mock(env, *flags) as m:
        r = orca(env, service, m.port, steps, **kw)
        return r, m.entries()


def check_paths(what, log, paths):
    got = [e["path"] for e in log]
    return check(what, got == paths, got)


def check_no_old_cookie(log):
    check("no expired or stale cookie ever sent",
          bool(log) and all(e["credential"] in ("none", "valid") for e in log),
          [e["credential"] for e in log])


def classic_get_wait_get(env, lifetime, wait):
    """GET, wait, GET with Classic tokens of the given lifetime: (run, log)."""
    r, log = mock_run(env, ["--token-lifetime", str(lifetime)], "classic",
                      ["get", "/instance/Compute-acme/", "wait", str(wait),
                       "get", "/instance/Compute-acme/"])
    check("exit 0", r.code == 0, r.code)
    return r, log


def check_401_replayed(env, service, path, sign_in, sign_in_status):
    """GET path answered 401 once: sign in, 401, sign in again, one replay. The log."""
    r, log = mock_run(env, ["--fault", "401:1:" + path], service, ["get", path])
    check("exit 0", r.code == 0, r.code)
    check("sign in, 401, sign in, replay", [(e["path"], e["status"]) for e in log] == [
        (sign_in, sign_in_status), (path, 401), (sign_in, sign_in_status), (path, 200)], log)
    return log


# ---------------------------------------------------------------- PCA (mock)

@case("mock")
def pca_login_get_logout(env):
    r, log = mock_run(env, [],
                      "pca", ["login", "get", "/20160918/instances?compartmentId=c1", "logout"])
    check("exit 0", r.code == 0, r.code)
    check("three exchanges logged", r.exchanges() == [
        ("200", "POST", "/20160918/login"),
        ("200", "GET", "/20160918/instances?compartmentId=c1"),
        ("200", "DELETE", "/20160918/logout")], r.exchanges())
    check("request ids logged", bool(r.lines) and all(m.group(4) for m in r.lines), r.err)
    check("body on stdout", '"displayName": "vm-1"' in r.out, r.out)
    login = log[0]
    check("login headers", login["headers"].get("content-type") == PCA_JSON and
          login["headers"].get("accept") == PCA_JSON, login["headers"])
    check("login body", json.loads(login["body"]) ==
          {"username": PCA_USER, "password": PASSWORD, "tenancy": TENANCY}, login["body"])
    check("login carries no credential", login["credential"] == "none")
    get, out = log[1], log[2]
    check("GET with a valid bearer token", get["credential"] == "valid" and
          get["headers"]["authorization"].startswith("Bearer "), get)
    check("GET Accept json, no body", get["headers"].get("accept") == PCA_JSON and
          "content-type" not in get["headers"], get["headers"])
    check("logout: DELETE with the token", out["method"] == "DELETE" and
          out["credential"] == "valid", out)
    check("exactly three requests", len(log) == 3, len(log))


@case("mock")
def pca_signs_in_automatically(env):
    r, log = mock_run(env, [], "pca", ["get", "/20160918/instances", "get", "/20160918/instances"])
    check("exit 0", r.code == 0, r.code)
    check_paths("one login before the first call", log,
                ["/20160918/login", "/20160918/instances", "/20160918/instances"])
    check("automatic login logged", r.exchanges()[0] == ("200", "POST", "/20160918/login"))


@case("mock")
def pca_401_replays_once(env):
    log = check_401_replayed(env, "pca", "/20160918/instances", "/20160918/login", 200)
    check("replay carries the new token", log[3]["headers"]["authorization"] !=
          log[1]["headers"]["authorization"] and log[3]["credential"] == "valid")


@case("mock")
def pca_second_401_returned(env):
    r, log = mock_run(env, ["--fault", "401:2:/20160918/instances"],
                      "pca", ["get", "/20160918/instances"])
    check("exit 1", r.code == 1, r.code)
    check_paths("two calls, two logins, no more", log, [
        "/20160918/login", "/20160918/instances", "/20160918/login", "/20160918/instances"])
    check("error names the status", "HTTP 401" in r.err, r.err)


@case("mock")
def pca_wrong_password(env):
    r, log = mock_run(env, [], "pca", ["get", "/20160918/instances"], password="wrong")
    check("exit 1", r.code == 1, r.code)
    check("exactly one sign-in attempt", len(log) == 1 and log[0]["status"] == 401, log)
    check("server code and unescaped message",
          'HTTP 401 NotAuthenticated: Invalid "username" or password' in r.err, r.err)
    rid = r.lines[0].group(4) if r.lines else None
    check("request id reported", rid is not None and ("request id " + rid) in r.err, r.err)


@case("mock")
def pca_retries_503_then_success(env):
    with Mock(env, "--fault", "503:2:/20160918/instances") as m:
        t0 = time.monotonic()
        r = orca(env, "pca", m.port, ["get", "/20160918/instances"])
        took = time.monotonic() - t0
        log = m.entries()
    check("exit 0", r.code == 0, r.code)
    check("503, 503, 200", [e["status"] for e in calls(log, "/20160918/instances")] ==
          [503, 503, 200], log)
    check("the same request replayed", len({e["headers"]["authorization"]
                                             for e in calls(log, "/20160918/instances")}) == 1)
    gaps = [b["time"] - a["time"] for a, b in zip(log[1:], log[2:])]
    # Waits of 0.25-0.5 s then 0.5-1 s; the upper bounds leave room for a busy machine.
    check("backoff grows (0.25-0.5 s, then 0.5-1 s)", len(gaps) == 2 and
          0.2 <= gaps[0] <= 2.0 and 0.45 <= gaps[1] <= 3.0, gaps)
    check("took under 10 s", took < 10, took)


@case("mock")
def pca_retries_bounded(env):
    r, log = mock_run(env, ["--fault", "429:*:/20160918/instances"],
                      "pca", ["get", "/20160918/instances"])
    check("exit 1", r.code == 1, r.code)
    check("1 + 2 retries", len(calls(log, "/20160918/instances")) == 3, len(log))
    check("reports 429 with the server code", "HTTP 429 Fault" in r.err, r.err)


@case("mock")
def pca_network_failures_retried(env):
    r, log = mock_run(env, ["--fault", "reset:1:/20160918/instances",
              "--fault", "truncate:1:/20160918/instances"], "pca", ["get", "/20160918/instances"])
    check("exit 0", r.code == 0, r.code)
    check("reset, truncated, then answered", [e["status"] for e in calls(
        log, "/20160918/instances")] == ["reset", 200, 200], log)
    check("two failed exchanges logged", sum(1 for m in r.lines if m.group(1) == "---") == 2,
          r.err)


@case("mock")
def pca_bad_answers(env):
    instances = ["get", "/20160918/instances"]
    r, _ = mock_run(env, ["--fault", "badjson:1:/20160918/login"], "pca", ["login"])
    check("login answer not JSON: exit 1", r.code == 1 and "unexpected response" in r.err, r.err)
    r, _ = mock_run(env, ["--fault", "nonjson:*:/20160918/instances"], "pca", instances)
    check("non-JSON 502: exit 1, clear error", r.code == 1 and "HTTP 502" in r.err and
          "not JSON" in r.err and "Bad Gateway" in r.err, r.err)
    r, log = mock_run(env, ["--fault", "huge:1:/20160918/instances"], "pca", instances)
    check("huge headers: exit 3, not retried", r.code == 3 and
          len(calls(log, "/20160918/instances")) == 1, (r.code, r.err))
    r, _ = mock_run(env, ["--fault", "chunked:1:/20160918/instances",
                          "--fault", "slow=1:1:/20160918/instances"], "pca", instances * 2)
    check("chunked and slow answers read", r.code == 0 and r.out.count("vm-1") == 2, r.err)
    r, log = mock_run(env, [], "pca", instances, ca=env["certs"] + "/other-ca.pem")
    check("untrusted server: exit 3, nothing sent", r.code == 3 and log == [], (r.code, r.err))


@case("mock")
def cli_usage_and_password_sources(env):
    base = [env["orca"], "pca", "--url", "https://localhost:1", "--user", PCA_USER,
            "--tenancy", TENANCY, "--cacert", env["certs"] + "/ca.pem"]
    e = dict(os.environ, ORCA_PASSWORD=PASSWORD)
    for what, args in [("unknown step", ["bogus"]), ("path without /", ["get", "x"]),
                       ("bad wait", ["wait", "-1"]), ("no step", []),
                       ("password option refused", ["--password", "x", "login"])]:
        r = subprocess.run(base + args, capture_output=True, text=True, env=e, timeout=30)
        check("usage: %s -> exit 2" % what, r.returncode == 2, (r.returncode, r.stderr))
    r = subprocess.run(base + ["login"], capture_output=True, text=True, timeout=30,
                       env={k: v for k, v in os.environ.items() if k != "ORCA_PASSWORD"})
    check("no password -> exit 2", r.returncode == 2 and "ORCA_PASSWORD" in r.stderr, r.stderr)
    r = subprocess.run(base[:3] + ["https://jack:s3cret@localhost:1"] + base[4:] + ["login"],
                       capture_output=True, text=True, env=e, timeout=30)
    check("URL with user:password -> exit 2, not echoed",
          r.returncode == 2 and "s3cret" not in r.stderr + r.stdout, (r.returncode, r.stderr))
    with Mock(env) as m:
        r = orca(env, "classic", m.port, ["get", "/a\rb"])
        r2 = orca(env, "classic", m.port, ["get", "/a b"])
        log = m.entries()
    check("CR in a path -> exit 2, refused before anything is sent (no sign-in)",
          r.code == 2 and "CR, LF or NUL" in r.err, (r.code, r.err))
    check("space in a path -> exit 2, said so, refused before anything is sent",
          r2.code == 2 and "space in path" in r2.err and log == [], (r2.code, r2.err, log))
    base[3] = "https://localhost:%d" % free_port()  # nothing listens there
    r = subprocess.run(base + ["login"], capture_output=True, text=True, env=e, timeout=60)
    check("connection refused -> exit 3", r.returncode == 3, (r.returncode, r.stderr))
    pw_file = os.path.join(env["work"], "password.txt")
    with open(pw_file, "w") as f:
        f.write(PASSWORD + "\n")
    with Mock(env) as m:
        for source in (["--password-file", pw_file], ["--password-env", "MY_PW"]):
            args = [env["orca"], "classic", "--url", "https://localhost:%d" % m.port, "--user",
                    CLASSIC_USER, "--cacert", env["certs"] + "/ca.pem"] + source + ["login"]
            r = subprocess.run(args, capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, ORCA_PASSWORD="wrong", MY_PW=PASSWORD))
            check("password from %s" % source[0], r.returncode == 0, r.stderr)
        log = m.entries()
    check("both sign-ins sent the right password", [json.loads(x["body"])["password"]
                                                    for x in log] == [PASSWORD] * 2, log)


@case("mock")
def mock_help_is_whole(env):
    r = subprocess.run([sys.executable, SERVER, "--help"], capture_output=True, text=True,
                       timeout=30)
    first = r.stdout.split("\n\n")[1] if "\n\n" in r.stdout else ""
    check("mock_oracle.py --help: exit 0, its description whole (first paragraph ends a "
          "sentence, the faults listed)", r.returncode == 0 and first.rstrip().endswith(".") and
          "Faults (each applies" in r.stdout and
          "header=NAME=V" in r.stdout, r.stdout[:400])


# ------------------------------------------------------------ Classic (mock)

@case("mock")
def classic_authenticate_get(env):
    r, log = mock_run(env, [],
                      "classic", ["login", "get", "/instance/Compute-acme/",
                                  "get", "/instance/Compute-acme/jack/vm-1",
                                  "post", "/instance/", '{"name":"vm-3"}'])
    check("exit 0", r.code == 0, r.code)
    a = log[0]
    check("authenticate headers", a["headers"].get("content-type") == CLASSIC_JSON and
          a["headers"].get("accept") == CLASSIC_JSON and "cookie" not in a["headers"], a)
    check("authenticate body", json.loads(a["body"]) ==
          {"user": CLASSIC_USER, "password": PASSWORD}, a["body"])
    check("204 logged with the call id", r.lines[0].group(1) == "204" and r.lines[0].group(4))
    lst, get, post = log[1], log[2], log[3]
    check("listing asks for +directory+json", lst["headers"].get("accept") == CLASSIC_DIR, lst)
    check("object GET asks for +json", get["headers"].get("accept") == CLASSIC_JSON, get)
    check("POST body and Content-Type", post["body"] == '{"name":"vm-3"}' and
          post["headers"].get("content-type") == CLASSIC_JSON, post)
    check("Cookie is exactly nimbula=<value>", all(
        re.fullmatch(r"nimbula=[^;]+", e["headers"].get("cookie", "")) for e in log[1:]), log)
    check("every call with a valid cookie", all(e["credential"] == "valid" for e in log[1:]))
    check("listing on stdout", "/instance/Compute-acme/vm-1" in r.out, r.out)


def state_runs(env, service, flags, steps, runs=2, pause=0.0, before_second=None):
    """The CLI run `runs` times with one --state file against one mock server:
    (runs, log entries per run, the state file's path)."""
    path = os.path.join(env["work"], "state-%s-%d" % (service, time.monotonic_ns()))
    out, logs = [], []
    with Mock(env, *flags) as m:
        for i in range(runs):
            if i == 1 and before_second is not None:
                before_second(path)
            seen = len(m.entries())
            out.append(orca(env, service, m.port, ["--state", path] + steps))
            logs.append(m.entries()[seen:])
            time.sleep(pause)
    return out, logs, path


def check_state_file(path):
    st = os.stat(path)
    check("state file mode 0600", (st.st_mode & 0o777) == 0o600, oct(st.st_mode))
    with open(path, "rb") as f:
        data = f.read()
    check("state file never holds the password", PASSWORD.encode() not in data)
    check("no temporary file left", not [n for n in os.listdir(os.path.dirname(path))
                                         if n.startswith(os.path.basename(path) + ".tmp")])


@case("mock")
def cli_state_two_runs_one_sign_in(env):
    """Two runs in a row with the same --state make one sign-in in all."""
    for service, sign_in, path in (("pca", "/20160918/login", "/20160918/instances"),
                                   ("classic", "/authenticate/", "/instance/Compute-acme/")):
        runs, logs, state = state_runs(env, service, [], ["get", path])
        check(service + ": both runs exit 0", [r.code for r in runs] == [0, 0],
              [r.code for r in runs])
        check_paths(service + ": first run signs in", logs[0], [sign_in, path])
        check_paths(service + ": second run does not", logs[1], [path])
        check(service + ": second run's call carries a valid credential",
              bool(logs[1]) and logs[1][0]["credential"] == "valid", logs[1])
        check(service + ": no warning", "warning" not in runs[1].err, runs[1].err)
        check(service + ": first run's handshake full, the second's resumed",
              [e.get("resumed") for e in logs[0][:1] + logs[1][:1]] == [False, RESUMPTION],
              [(e.get("conn"), e.get("resumed")) for e in logs[0] + logs[1]])
        check_state_file(state)


@case("mock")
def cli_state_unusable_file_warns_and_signs_in(env):
    """A state file that is corrupt, another user's or expired: one warning
    line, a fresh sign-in, exit 0; the expired cookie is never sent."""
    def corrupt(path):
        with open(path, "r+b") as f:
            f.seek(30)
            b = f.read(1)
            f.seek(30)
            f.write(bytes([b[0] ^ 0x55]))

    runs, logs, _ = state_runs(env, "pca", [], ["get", "/20160918/instances"],
                               before_second=corrupt)
    check("corrupt: exit 0", runs[1].code == 0, runs[1].code)
    warn = [x for x in runs[1].err.splitlines() if "warning" in x]
    check("corrupt: one warning line naming it", len(warn) == 1 and "corrupt" in warn[0], warn)
    check_paths("corrupt: signs in afresh", logs[1], ["/20160918/login", "/20160918/instances"])

    path = os.path.join(env["work"], "state-foreign-%d" % time.monotonic_ns())
    with Mock(env) as m:
        orca(env, "pca", m.port, ["--state", path, "get", "/20160918/instances"])
        args = [env["orca"], "pca", "--url", "https://localhost:%d" % m.port, "--user", "other",
                "--tenancy", TENANCY, "--cacert", env["certs"] + "/ca.pem", "--state", path,
                "get", "/20160918/instances"]
        p = subprocess.run(args, capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, ORCA_PASSWORD=PASSWORD))
        log = m.entries()
    # The mock knows jdoe only: the other user's sign-in is refused (exit 1),
    # which shows the run signed in instead of sending jdoe's token.
    warn = [x for x in p.stderr.splitlines() if "warning" in x]
    check("another user's state: one warning naming it", len(warn) == 1 and
          "another session" in warn[0], p.stderr)
    check_paths("another user's state: a sign-in as that user, not jdoe's token", log[2:],
                ["/20160918/login"])
    check("another user's state: the sign-in's own answer decides (exit 1)",
          p.returncode == 1 and json.loads(log[2]["body"])["username"] == "other",
          (p.returncode, log[2:]))

    runs, logs, _ = state_runs(env, "classic", ["--token-lifetime", "2"],
                               ["get", "/instance/Compute-acme/"], pause=3.0)
    check("expired: exit 0", runs[1].code == 0, runs[1].code)
    check("expired: one warning", "expired" in runs[1].err, runs[1].err)
    check_paths("expired: authenticates again", logs[1], ["/authenticate/",
                                                          "/instance/Compute-acme/"])
    check_no_old_cookie(logs[1])


@case("mock")
def classic_expired_token_reauthenticates(env):
    # Lifetime 4 s: after 5 s the jar has dropped the cookie; the next call
    # authenticates again and the expired cookie is never sent.
    r, log = classic_get_wait_get(env, 4, 5)
    if check_paths("authenticate, GET, authenticate, GET", log, [
            "/authenticate/", "/instance/Compute-acme/", "/authenticate/",
            "/instance/Compute-acme/"]):
        check("second authenticate sends no cookie", "cookie" not in log[2]["headers"], log[2])
    check_no_old_cookie(log)


@case("mock")
def classic_refresh_before_expiry(env):
    # Lifetime 30 s -> margin min(300, 30/6) = 5 s: at 27 s the token is about
    # to expire and the session has room, so the session calls /refresh/.
    r, log = classic_get_wait_get(env, 30, 27)
    if check_paths("authenticate, GET, refresh, GET", log, [
            "/authenticate/", "/instance/Compute-acme/", "/refresh/", "/instance/Compute-acme/"]):
        check("refresh sends the current cookie", log[2]["credential"] == "valid" and
              log[2]["headers"]["cookie"] == log[1]["headers"]["cookie"])
        check("the GET after uses the refreshed cookie", log[3]["credential"] == "valid" and
              log[3]["headers"]["cookie"] != log[1]["headers"]["cookie"])
    check("refresh logged", ("204", "GET", "/refresh/") in r.exchanges(), r.exchanges())


@case("mock")
def classic_expired_token_authenticates_instead_of_refresh(env):
    # The server caps tokens at its 3 s session limit (Max-Age=3 on refresh):
    # once that passed, a refresh step authenticates again rather than
    # sending an expired cookie to /refresh/.
    r, log = mock_run(env, ["--session-limit", "3"],
                      "classic", ["login", "refresh", "wait", "3", "refresh"])
    check("exit 0", r.code == 0, r.code)
    check_paths("refresh inside the limit, authenticate after it", log,
                ["/authenticate/", "/refresh/", "/authenticate/"])
    check_no_old_cookie(log)


@case("mock")
def classic_refused_refresh_authenticates(env):
    r, log = mock_run(env, ["--fault", "401:1:/refresh/"],
                      "classic", ["login", "refresh", "get", "/instance/Compute-acme/"])
    check("exit 0", r.code == 0, r.code)
    check("authenticate, refresh 401, authenticate, GET", [(e["path"], e["status"])
                                                           for e in log] == [
        ("/authenticate/", 204), ("/refresh/", 401), ("/authenticate/", 204),
        ("/instance/Compute-acme/", 200)], log)


@case("mock")
def classic_keeps_new_cookie_from_any_answer(env):
    r, log = mock_run(env, ["--fault", "rotate:1:/instance/"],
                      "classic", ["get", "/instance/Compute-acme/"] * 2)
    check("exit 0", r.code == 0, r.code)
    check("second call uses the rotated cookie", len(log) == 3 and
          log[2]["credential"] == "valid" and
          log[2]["headers"]["cookie"] != log[1]["headers"]["cookie"], log)


@case("mock")
def classic_401_replays_once(env):
    check_401_replayed(env, "classic", "/instance/Compute-acme/", "/authenticate/", 204)


@case("mock")
def classic_wrong_password(env):
    r, log = mock_run(env, [], "classic", ["get", "/instance/Compute-acme/"], password="bad\"pw\\")
    check("exit 1", r.code == 1, r.code)
    check("exactly one authenticate", len(log) == 1 and log[0]["path"] == "/authenticate/", log)
    check("escaped password sent as JSON", json.loads(log[0]["body"])["password"] == "bad\"pw\\")
    check("server message and call id",
          re.search(r"HTTP 401: Incorrect username or password, request id \S+", r.err), r.err)


# --------------------------------------------------- TLS session resumption

def check_connections(log, resumed_after_first):
    """Every request on a connection of its own (the server closed after each
    answer); the first a full handshake, the later ones resumed or not."""
    conns = [e.get("conn") for e in log]
    check("one connection per request", len(set(conns)) == len(log) and None not in conns, conns)
    flags = [e.get("resumed") for e in log]
    print("  info: (TLS version, resumed) per request: %s" % [(e.get("tls"), f) for e, f in
                                                              zip(log, flags)])
    want = [False] + [resumed_after_first] * (len(log) - 1)
    check("resumed flags %s" % want, flags == want, [(e.get("tls"), f) for e, f in zip(log, flags)])


@case("mock")
def tls_resumes_after_server_close(env):
    steps = ["login", "get", "/20160918/instances", "wait", "2", "get", "/20160918/instances"]
    r, log = mock_run(env, ["--close-after-answer"], "pca", steps)
    check("exit 0", r.code == 0, r.code)
    check_paths("login and two calls", log,
                ["/20160918/login", "/20160918/instances", "/20160918/instances"])
    check_connections(log, RESUMPTION)


@case("mock")
def tls_refused_resumption_full_handshakes(env):
    steps = ["login", "get", "/20160918/instances", "wait", "2", "get", "/20160918/instances"]
    r, log = mock_run(env, ["--close-after-answer", "--no-resumption"], "pca", steps)
    check("exit 0", r.code == 0, r.code)
    check("no error printed", "orca: ---" not in r.err, r.err)
    check_paths("login and two calls", log,
                ["/20160918/login", "/20160918/instances", "/20160918/instances"])
    check_connections(log, False)


@case("mock")
def tls_kept_alive_connection_not_resumed(env):
    """Without the server closing, one connection serves everything."""
    r, log = mock_run(env, [], "classic", ["get", "/instance/Compute-acme/",
                                           "get", "/instance/Compute-acme/"])
    check("exit 0", r.code == 0, r.code)
    check("one full handshake, one connection",
          [(e.get("conn"), e.get("resumed")) for e in log] == [(1, False)] * len(log) and
          len(log) == 3, log)


@case("mock")
def tls_verify_failure_says_why(env):
    """Certificates made at test time (gen_certs.sh); the CLI names the reason."""
    for cert, ca, why in (("untrusted", "ca.pem", "certificate not trusted by the given CA"),
                          ("server", "other-ca.pem", "certificate not trusted by the given CA"),
                          ("wronghost", "ca.pem", "host name mismatch"),
                          ("expired", "ca.pem", "certificate expired"),
                          ("future", "ca.pem", "certificate not yet valid")):
        with Mock(env, cert=cert) as m:
            r = orca(env, "pca", m.port, ["get", "/20160918/instances"],
                     ca=env["certs"] + "/" + ca)
            log = m.entries()
        check("%s (CA %s): exit 3, nothing sent" % (cert, ca), r.code == 3 and not log,
              (r.code, log))
        check("%s: error says %r" % (cert, why),
              "orca: certificate of localhost: %s" % why in r.err, r.err)


# ------------------------------------------------------------------ nginx

NGINX_CONF = """{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  log_format orca escape=json '{{"method":"$request_method","uri":"$request_uri",'
    '"authorization":"$http_authorization","cookie":"$http_cookie","accept":"$http_accept",'
    '"content_type":"$content_type","status":"$status",'
    '"transfer_encoding":"$sent_http_transfer_encoding",'
    '"conn":"$connection","reused":"$ssl_session_reused","tls":"$ssl_protocol"}}';
  {keepalive}
  access_log {prefix}/access.log orca;
  client_body_temp_path {prefix}/tmp/body;
  proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi;
  uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
  server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    ssl_certificate {certs}/server.pem;
    ssl_certificate_key {certs}/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    default_type application/json;
    add_header opc-request-id "nginx-$request_id" always;
    location = /20160918/login {{
      return 200 '{{"tenancyId": "ocid1.tenancy..n", "token": "tok\\\\u0041en", "userId": "u"}}';
    }}
    location = /20160918/logout {{
      if ($http_authorization != "Bearer tokAen") {{ return 401 '{{"code":"NotAuthenticated","message":"no token"}}'; }}
      return 200 '';
    }}
    location = /20160918/instances {{
      if ($http_authorization != "Bearer tokAen") {{ return 401 '{{"code":"NotAuthenticated","message":"no token"}}'; }}
      root {prefix}/www;
      try_files /instances.json =404;
      sub_filter_types application/json;
      sub_filter '@VM@' 'vm-from-nginx';
    }}
    location = /authenticate/ {{
      add_header X-Oracle-Compute-Call-Id "call-$request_id" always;
      add_header Set-Cookie "nimbula=\\"{{\\\\\\"v\\\\\\": 1}}\\"; Path=/; Max-Age=30" always;
      return 204;
    }}
    location = /refresh/ {{
      add_header X-Oracle-Compute-Call-Id "call-$request_id" always;
      if ($cookie_nimbula = "") {{ return 401 '{{"message":"Authorization token is invalid"}}'; }}
      add_header Set-Cookie "nimbula=refreshed; Path=/; Max-Age=30" always;
      return 204;
    }}
    location /instance/ {{
      add_header X-Oracle-Compute-Call-Id "call-$request_id" always;
      if ($cookie_nimbula = "") {{ return 401 '{{"message":"Authorization token is invalid"}}'; }}
      return 200 '{{"result": ["/Compute-acme/jack/vm-1"]}}';
    }}
  }}
}}
"""


class Nginx:
    def __init__(self, env, keepalive=True):
        self.prefix = os.path.join(env["work"], "nginx-session")
        shutil.rmtree(self.prefix, ignore_errors=True)
        os.makedirs(os.path.join(self.prefix, "tmp"))
        os.makedirs(os.path.join(self.prefix, "www"))
        with open(os.path.join(self.prefix, "www", "instances.json"), "w") as f:
            f.write('[{"id": "ocid1.instance..i1", "displayName": "@VM@"}]\n')
        self.port = free_port()
        conf = os.path.join(self.prefix, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(prefix=self.prefix, port=self.port, certs=env["certs"],
                                      user="user root;" if os.geteuid() == 0 else "",
                                      keepalive="" if keepalive else "keepalive_timeout 0;"))
        self.proc = subprocess.Popen(["nginx", "-p", self.prefix, "-c", conf, "-e",
                                      self.prefix + "/error.log"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_port(self.port, self.proc)
        except Exception:
            stop(self.proc)
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        stop(self.proc)

    def entries(self):
        with open(os.path.join(self.prefix, "access.log")) as f:
            return [json.loads(x) for x in f]


@case("nginx")
def nginx_pca(env):
    with Nginx(env) as n:
        r = orca(env, "pca", n.port, ["login", "get", "/20160918/instances", "logout"])
        time.sleep(0.2)
        log = n.entries()
    check("exit 0", r.code == 0, r.code)
    check("three exchanges with request ids", [x[:2] for x in r.exchanges()] == [
        ("200", "POST"), ("200", "GET"), ("200", "DELETE")] and all(
        m.group(4).startswith("nginx-") for m in r.lines), r.err)
    check("chunked body decoded", '"displayName": "vm-from-nginx"' in r.out and
          log[1]["transfer_encoding"] == "chunked", (r.out, log))
    check("unescaped token sent as Bearer", [e["authorization"] for e in log] ==
          ["", "Bearer tokAen", "Bearer tokAen"], log)
    check("login Content-Type json", log[0]["content_type"] == PCA_JSON, log[0])


@case("nginx")
def nginx_classic(env):
    with Nginx(env) as n:
        r = orca(env, "classic", n.port, ["get", "/instance/Compute-acme/"])
        time.sleep(0.2)
        log = n.entries()
    check("exit 0", r.code == 0, r.code)
    check("authenticate then GET", [(e["method"], e["uri"], e["status"]) for e in log] == [
        ("POST", "/authenticate/", "204"), ("GET", "/instance/Compute-acme/", "200")], log)
    check("raw JSON cookie value sent as received",
          log[1]["cookie"] == 'nimbula="{\\"v\\": 1}"', log[1]["cookie"] if log else None)
    check("listing Accept", log[1]["accept"] == CLASSIC_DIR, log)
    check("call ids logged", bool(r.lines) and all(m.group(4).startswith("call-") for m in r.lines),
          r.err)


@case("nginx")
def nginx_classic_refresh(env):
    # Max-Age=30 -> margin min(300, 30/6) = 5 s: at 27 s the session refreshes first.
    with Nginx(env) as n:
        r = orca(env, "classic", n.port, ["get", "/instance/Compute-acme/", "wait", "27",
                                          "get", "/instance/Compute-acme/"])
        time.sleep(0.2)
        log = n.entries()
    check("exit 0", r.code == 0, r.code)
    check("authenticate, GET, refresh, GET", [(e["method"], e["uri"]) for e in log] == [
        ("POST", "/authenticate/"), ("GET", "/instance/Compute-acme/"), ("GET", "/refresh/"),
        ("GET", "/instance/Compute-acme/")], log)
    if len(log) == 4:
        check("refresh with the old cookie, then the new one",
              log[2]["cookie"] == log[1]["cookie"] and log[3]["cookie"] == "nimbula=refreshed",
              log)


@case("nginx")
def nginx_tls_resumption(env):
    # keepalive_timeout 0: nginx closes after every answer; its tickets resume.
    with Nginx(env, keepalive=False) as n:
        r = orca(env, "pca", n.port, ["login", "get", "/20160918/instances", "wait", "2",
                                      "get", "/20160918/instances"])
        time.sleep(0.2)
        log = n.entries()
    check("exit 0", r.code == 0, r.code)
    check("one connection per request", len(log) == 3 and
          len(set(e["conn"] for e in log)) == 3, log)
    want = [".", "r", "r"] if RESUMPTION else [".", ".", "."]
    check("$ssl_session_reused: %s" % want, [e["reused"] for e in log] == want,
          [(e["tls"], e["reused"]) for e in log])


@case("nginx")
def nginx_cli_state_two_runs(env):
    # Two CLI runs with one --state file against nginx: one login in all, and
    # the second run's connection resumes the first's TLS session.
    path = os.path.join(env["work"], "state-nginx-%d" % time.monotonic_ns())
    with Nginx(env) as n:
        runs = [orca(env, "pca", n.port, ["--state", path, "get", "/20160918/instances"])
                for _ in range(2)]
        time.sleep(0.2)
        log = n.entries()
    check("both runs exit 0", [r.code for r in runs] == [0, 0], [r.code for r in runs])
    check("one login in all", [(e["method"], e["uri"]) for e in log] == [
        ("POST", "/20160918/login"), ("GET", "/20160918/instances"),
        ("GET", "/20160918/instances")], log)
    want = "r" if RESUMPTION else "."
    check("the second run's handshake: $ssl_session_reused %s" % want,
          len(log) == 3 and log[2]["reused"] == want and log[2]["conn"] != log[1]["conn"],
          [(e["conn"], e["tls"], e["reused"]) for e in log])


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("mock", "nginx"):
        sys.stderr.write(__doc__)
        return 2
    mode, orca_bin, certs, work = [sys.argv[1]] + [os.path.abspath(a) for a in sys.argv[2:5]]
    os.makedirs(work, exist_ok=True)
    env = {"orca": orca_bin, "certs": certs, "work": work}
    names = sys.argv[5:] or [n for n, (m, _) in CASES.items() if m == mode]
    if not names:
        check("cases to run for " + mode, False, "none registered")
    for name in names:
        print("== " + name)
        before = checks_made[0]
        try:
            CASES[name][1](env)
        except Exception as e:  # a crash in a case is a failure, not a stop
            check(name + " ran", False, repr(e))
        if checks_made[0] == before:
            check(name + " checked something", False, "the case made no check")
    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
