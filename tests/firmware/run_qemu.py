#!/usr/bin/env python3
"""Runs the firmware image on QEMU's mps2-an386 against the mock Oracle server
and checks what happened, from the image's console lines and the server's log.

Usage: run_qemu.py --qemu QEMU --image ELF --certs DIR --work DIR [--case CASE]

The mock server (tests/server/mock_oracle.py, TLS with DIR/server.pem, token
lifetime LIFETIME s) and the serial bridge (serial_bridge.py) listen on free
loopback ports; QEMU connects its UART0 to the bridge as a client. Every wait
is bounded and everything started here is stopped in a finally block.

Cases:
  session  Classic sign-in, GET, a wait past the token lifetime across the
           tick's 32-bit wrap, GET (must sign in again), PCA login/GET/logout.
  icount   the same without the wait under -icount shift=0 (one instruction
           per virtual ns), to count instructions per step.
  corrupt  without the wait; the bridge flips a bit in the 3rd frame to the
           device: the link drops it and fails the connection (ORCA_ERR_IO),
           the session reconnects and the run still succeeds.
  refused  the server's port is closed: the bridge answers RESET 'R', the
           sign-in fails with ORCA_ERR_CONN_REFUSED, exit status 3.
  usage    no seed on the command line: the image refuses to run (a TLS
           client without entropy), exit status 1, nothing sent.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from tls_servers import stop  # noqa: E402
import serial_bridge  # noqa: E402

SERVER = os.path.join(HERE, "..", "server", "mock_oracle.py")
LIFETIME_S = 6      # the mock's token lifetime
WAIT_MS = 8000      # the image's wait: past the lifetime, on its own clock
RUN_TIMEOUT_S = 150  # the whole QEMU run
WRAP = 1 << 32
FIXED_SEED = "000102030405060708090a0b0c0d0e0f"  # TEST-ONLY RNG seed of the icount case
LINE = re.compile(r"^orca-fw: (\w+)((?: \w+=\S*)*)$")
CLASSIC_GET = "/instance/Compute-acme/jack.jones@example.com/"
failures = []


def check(what, ok, detail=""):
    print("%s %s%s" % ("PASS" if ok else "FAIL", what, ": " + detail if detail else ""))
    if not ok:
        failures.append(what)


def parse_console(text):
    """Console lines as (kind, {key: value}); numbers stay strings."""
    out = []
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            out.append((m.group(1), dict(kv.split("=", 1) for kv in m.group(2).split())))
    return out


def start_mock(certs, log):
    proc = subprocess.Popen(
        [sys.executable, SERVER, "--cert", os.path.join(certs, "server.pem"),
         "--key", os.path.join(certs, "server.key"), "--log", log,
         "--token-lifetime", str(LIFETIME_S)],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        stop(proc)
        raise RuntimeError("mock server did not start: %r" % line)
    return proc, int(line.split()[1])


def run_qemu(args, mock_port):
    """Starts QEMU on the bridge's port, serves the bridge, returns
    (exit status, console text, bridge, command line)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    wait_ms = WAIT_MS if args.case == "session" else 0
    # A fixed seed for the count: the handshake's random values change how
    # much work the big-number code does (about 5 % between seeds).
    seed = FIXED_SEED if args.case == "icount" else os.urandom(16).hex()
    append = "seed=%s port=%d now=%d wait=%d" % (seed, mock_port, int(time.time()), wait_ms)
    if args.case == "usage":
        append = "port=%d now=%d" % (mock_port, int(time.time()))
    cmd = [args.qemu, "-M", "mps2-an386", "-display", "none", "-monitor", "none",
           "-semihosting-config", "enable=on,target=native",
           "-serial", "tcp:127.0.0.1:%d" % listener.getsockname()[1],
           "-kernel", args.image, "-append", append]
    if args.case == "icount":
        cmd[1:1] = ["-icount", "shift=0"]
    print("QEMU: " + " ".join(cmd))
    qemu = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    bridge = None
    try:
        conn, _ = listener.accept()
        noise = serial_bridge.noise()
        bridge = serial_bridge.Bridge(conn, noise[0],
                                      corrupt_frame=3 if args.case == "corrupt" else 0)
        bridge.start()
        out, _ = qemu.communicate(timeout=RUN_TIMEOUT_S)
        return qemu.returncode, out.decode("utf-8", "replace"), bridge, cmd
    except (socket.timeout, subprocess.TimeoutExpired) as e:
        raise RuntimeError("QEMU run did not finish: %s" % e)
    finally:
        stop(qemu)
        listener.close()
        if bridge is not None:
            try:
                bridge.qemu.shutdown(socket.SHUT_RDWR)  # ends the bridge's recv
            except OSError:
                pass
            bridge.join(timeout=5)
            bridge.qemu.close()


def expected_log(wait):
    classic = [("POST", "/authenticate/", "none", 204), ("GET", CLASSIC_GET, "valid", 200)]
    if wait:  # after the wait: the token expired, so a new sign-in
        classic += classic
    return classic + [("POST", "/20160918/login", "none", 200),
                      ("GET", "/20160918/instances", "valid", 200),
                      ("DELETE", "/20160918/logout", "valid", 200)]


def check_steps(steps, wait):
    names = ["tls_setup", "classic_sign_in", "classic_get"]
    names += ["wait", "classic_get_after_wait"] if wait else []
    names += ["classic_end", "pca_login", "pca_get", "pca_logout", "pca_end"]
    check("every step ran and returned ORCA_OK", [s["name"] for s in steps] == names and
          all(s["rc"] == "0" for s in steps),
          ", ".join("%s=%s" % (s["name"], s["rc"]) for s in steps))


def check_wrap(steps, http):
    """The tick started 4096 ms before the wrap: the first sign-in's deadline
    lies past it, and expiry still worked (the server log shows no expired
    credential and a sign-in again after the wait)."""
    by = {s["name"]: s for s in steps}
    sign_in, after = by.get("classic_sign_in"), by.get("classic_get_after_wait")
    if sign_in is None or after is None:
        check("wrap steps reported", False)
        return
    t0, dl = int(sign_in["tick_end"]), int(sign_in["deadline"])
    t1 = int(after["tick_start"])
    print("wrap: sign-in at tick %d (%d ms before the wrap), deadline %d (%d ms after it), "
          "GET after the wait at tick %d" % (t0, WRAP - t0, dl, dl, t1))
    check("sign-in before the wrap, deadline after it", t0 >= 0xFFFFF000 and dl < 0x10000000,
          "sign-in tick %d, deadline %d" % (t0, dl))
    check("GET after the wait runs after the wrap", t1 < 0x10000000 and
          (t1 - t0) % WRAP >= WAIT_MS, "tick %d" % t1)
    again = [h for h in http if h["method"] == "POST" and h["path"] == "/authenticate/"]
    check("the device signed in again after the wrap", len(again) == 2 and
          int(again[1]["tick"]) < 0x10000000, str([h["tick"] for h in again]))


def check_server_log(log, wait):
    got = [(e["method"], e["path"].split("?")[0], e["credential"], e["status"]) for e in log]
    want = expected_log(wait)
    check("server log: the calls in order, each with the right credential", got == want,
          "\n  got  %s\n  want %s" % (got, want))
    if wait and len(log) >= 3:
        gap = log[2]["time"] - log[0]["time"]
        check("second Classic sign-in came after the server's token lifetime",
              gap >= LIFETIME_S, "%.1f s after the first" % gap)


def check_figures(figs, bridge, noise, corrupted):
    stack, arena, mem, link = figs["stack"], figs["arena"], figs["memory"], figs["link"]
    print("figures: stack high-water %s B of %s (orca %s B, TLS layer %s B), arena peak %s B "
          "of %s, RAM %s B (data %s + bss %s + stack %s), flash %s B" % (
              stack["high_water"], stack["size"], stack["orca"], stack["tls"], arena["peak"],
              arena["size"], mem["ram"], mem["data"], mem["bss"], mem["stack"], mem["flash"]))
    check("orca's own stack frames < 512 B", 0 < int(stack["orca"]) < 512, stack["orca"])
    check("stack high-water inside the stack", int(stack["high_water"]) < int(stack["size"]),
          stack["high_water"])
    check("image RAM < 64 KB", int(mem["ram"]) < 65536, mem["ram"])
    check("arena peak within the arena", 0 < int(arena["peak"]) <= int(arena["size"]),
          arena["peak"])
    check("arena empty at the end", arena["in_use"] == "0", arena["in_use"])
    _, dropped, stale = noise
    dropped += corrupted
    check("bad frames dropped by the device's decoder", link["dropped"] == str(dropped),
          "dropped %s (sent %d bad frames), stale %s" % (link["dropped"], dropped, link["stale"]))
    check("frames of no connection ignored", int(link["stale"]) >= stale, link["stale"])
    check("bridge saw no bad frame from the device", bridge.decoder.dropped == 0,
          str(bridge.decoder.dropped))


def check_corrupt(bridge):
    connects = [e for e in bridge.events if e[0] == "connect"]
    corrupted = [e for e in bridge.events if e[0] == "corrupted"]
    check("a frame was corrupted on the first connection", len(corrupted) == 1 and
          corrupted[0][1] == 1, str(corrupted))
    check("the session reconnected after the broken connection",
          len(connects) == 3 and all(e[4] == "ok" for e in connects), str(connects))


def check_refused(status, steps, log):
    check("QEMU exit status 3 (the Classic sign-in step failed)", status == 3, str(status))
    failed = [s for s in steps if s["rc"] != "0"]
    check("sign-in failed with ORCA_ERR_CONN_REFUSED (-62)",
          len(failed) == 1 and failed[0]["name"] == "classic_sign_in" and failed[0]["rc"] == "-62",
          str(failed))
    check("nothing reached the server", log == [], str(log))


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--case", choices=("session", "icount", "corrupt", "refused", "usage"),
                    default="session")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    log_path = os.path.join(args.work, "mock-%s.log" % args.case)
    if os.path.exists(log_path):
        os.remove(log_path)
    mock, port = start_mock(args.certs, log_path)
    try:
        status, console, bridge, _ = run_qemu(args, closed_port() if args.case == "refused"
                                              else port)
    finally:
        stop(mock)
    print(console, end="")
    lines = parse_console(console)
    steps = [kv for kind, kv in lines if kind == "step"]
    http = [kv for kind, kv in lines if kind == "http"]
    figs = {kind: kv for kind, kv in lines if kind in ("stack", "arena", "memory", "link")}
    log = []
    if os.path.exists(log_path):
        with open(log_path) as f:
            log = [json.loads(x) for x in f]

    wait = args.case == "session"
    if args.case == "usage":
        check("QEMU exit status 1 without a seed", status == 1, str(status))
        check("the usage line, no step run", "orca-fw: usage:" in console and not steps,
              console.strip())
        connects = [e for e in bridge.events if e[0] == "connect"]
        check("nothing reached the bridge or the server", not connects and not log,
              str(bridge.events))
        return report()
    if args.case == "refused":
        check_refused(status, steps, log)
    else:
        check("QEMU exit status 0 (SYS_EXIT_EXTENDED)", status == 0, str(status))
        check_steps(steps, wait)
        check_server_log(log, wait)
    if wait:
        check_wrap(steps, http)
    if args.case == "corrupt":
        check_corrupt(bridge)
    if len(figs) == 4:
        check_figures(figs, bridge, serial_bridge.noise(), 1 if args.case == "corrupt" else 0)
    else:
        check("figures reported", False, str(sorted(figs)))
    if args.case == "icount":
        for s in steps:
            print("instructions %-16s %12s" % (s["name"], s["cpu_ns"]))
    print("bridge: %s" % bridge.events)
    return report()


def report():
    if failures:
        print("%d check(s) failed: %s" % (len(failures), ", ".join(failures)))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
