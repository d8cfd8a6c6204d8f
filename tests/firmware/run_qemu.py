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
  wake     the wake cycle of a battery device, Classic then PCA: boot 1 (cold)
           signs in over TLS, one GET, saves the session state to a host file
           and exits; boot 2 restores it (slept 1 s) and makes one GET: no
           sign-in, a resumed handshake (the mock's log says so per
           connection). Classic boot 3 slept past the cookie's lifetime: the
           state is refused as expired, the GET signs in again and the dead
           cookie is never sent. With --icount (bench/wake.sh), under
           -icount shift=0, it prints the instructions of each boot's steps.
  superloop the image's non-blocking main loop (mode=superloop): a 10 ms
           heartbeat and the calls stepped without waiting; checks every call
           ended ORCA_OK, the heartbeat ran, and the server saw the calls.
           --icount counts instructions (bench/superloop.sh); --max-ops N
           (an image built with restartable ECC) with TLS 1.2 and secp256r1.
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


def run_qemu(args, mock_port, extra="", icount=None, now=None):
    """Starts QEMU on the bridge's port, serves the bridge, returns
    (exit status, console text, bridge, command line). @extra goes at the
    end of the image's command line."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    wait_ms = WAIT_MS if args.case == "session" else 0
    # A fixed seed for the count: the handshake's random values change how
    # much work the big-number code does (about 5 % between seeds).
    seed = FIXED_SEED if args.case == "icount" else os.urandom(16).hex()
    if icount is None:
        icount = args.case == "icount"
    if icount:
        seed = FIXED_SEED
    now = int(time.time()) if now is None else now
    append = "seed=%s port=%d now=%d wait=%d%s" % (seed, mock_port, now, wait_ms, extra)
    if args.case == "usage":
        append = "port=%d now=%d" % (mock_port, int(time.time()))
    cmd = [args.qemu, "-M", "mps2-an386", "-display", "none", "-monitor", "none",
           "-semihosting-config", "enable=on,target=native",
           "-serial", "tcp:127.0.0.1:%d" % listener.getsockname()[1],
           "-kernel", args.image, "-append", append]
    if icount:
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


def boot(args, port, extra, now):
    """One boot of the wake cycle at wall time @now: (exit status, console
    lines, steps by name)."""
    if args.tls12:
        extra += " tls12=1"
    status, console, _, _ = run_qemu(args, port, extra, icount=args.icount, now=now)
    lines = parse_console(console)
    for line in console.splitlines():
        if line.startswith("orca-fw: ") and not line.startswith("orca-fw: http"):
            print("    " + line)
    return status, lines, {kv["name"]: kv for kind, kv in lines if kind == "step"}


def first(lines, kind):
    return next((kv for k, kv in lines if k == kind), {})


def check_wake(args, port, log_path):
    """Cold boot, wake boot (and for Classic an expired wake) per service."""
    def entries():
        if not os.path.exists(log_path):
            return []
        with open(log_path) as f:
            return [json.loads(x) for x in f]
    for service in ("classic", "pca"):
        state = os.path.join(args.work, "wake-%s.state" % service)
        if os.path.exists(state):
            os.remove(state)
        sign_in = "/authenticate/" if service == "classic" else "/20160918/login"
        seen = len(entries())
        # The device's wall clock: boot 2 wakes the declared 1 s after boot 1
        # (second-granular as the image's now=, so boot 1 starts a second back).
        t0 = int(time.time()) - 1
        status, lines, steps = boot(args, port, " mode=cold service=%s state=%s" % (service, state),
                                    t0)
        cold_log = entries()[seen:]
        check("%s cold boot: exit 0, sign-in, GET, state saved" % service, status == 0 and
              [n for n in steps] == ["tls_setup", "sign_in", "get", "state_save"] and
              all(x["rc"] == "0" for x in steps.values()), str(steps))
        check("%s cold boot: full handshake" % service, first(lines, "tls").get("resumed") == "0" and
              [e.get("resumed") for e in cold_log] == [False, False][:len(cold_log)],
              str([(e["path"], e.get("resumed")) for e in cold_log]))
        seen = len(entries())
        status2, lines2, steps2 = boot(args, port, " mode=wake service=%s state=%s slept=1" %
                                       (service, state), t0 + 1)
        wake_log = entries()[seen:]
        restored = first(lines2, "state")
        check("%s wake boot: exit 0, state restored signed in" % service, status2 == 0 and
              restored.get("restored") == "0" and restored.get("signed_in") == "1", str(restored))
        check("%s wake boot: no sign-in, one GET with a valid credential, resumed" % service,
              [(e["path"] == sign_in, e["credential"], e.get("resumed")) for e in wake_log] ==
              [(False, "valid", True)], str([(e["path"], e.get("resumed")) for e in wake_log]))
        check("%s wake boot: the device saw the resumption" % service,
              first(lines2, "tls").get("resumed") == "1", str(first(lines2, "tls")))
        state_size = os.path.getsize(state)
        print("wake %s: state %d B; instructions cold sign_in %s get %s; wake restore %s get %s"
              % (service, state_size, steps.get("sign_in", {}).get("cpu_ns"),
                 steps.get("get", {}).get("cpu_ns"), steps2.get("state_restore", {}).get("cpu_ns"),
                 steps2.get("get", {}).get("cpu_ns")))
        print("wake-figures tls=%s service=%s state=%d cold_sign_in=%s cold_get=%s wake_restore=%s "
              "wake_get=%s cold_round_trips=%d wake_round_trips=%d" % (
                  first(lines2, "tls").get("version"), service, state_size, steps.get("sign_in", {}).get("cpu_ns"),
                  steps.get("get", {}).get("cpu_ns"),
                  steps2.get("state_restore", {}).get("cpu_ns"),
                  steps2.get("get", {}).get("cpu_ns"), len(cold_log), len(wake_log)))
        if service != "classic":
            continue
        old = [e["headers"].get("cookie") for e in cold_log + wake_log if e["headers"].get("cookie")]
        seen = len(entries())
        status3, lines3, _ = boot(args, port, " mode=wake service=classic state=%s slept=%d" %
                                  (state, LIFETIME_S + 1), t0 + 1 + LIFETIME_S + 1)
        late_log = entries()[seen:]
        check("classic wake after the cookie's lifetime: state refused as expired (-132)",
              status3 == 0 and first(lines3, "state").get("restored") == "-132",
              str(first(lines3, "state")))
        check("... signs in again and never sends the dead cookie",
              [e["path"] for e in late_log] == ["/authenticate/", CLASSIC_GET] and
              not any(e["headers"].get("cookie") in old for e in late_log),
              str([(e["path"], e["headers"].get("cookie")) for e in late_log]))
    return report()


def check_superloop(args, port, log_path):
    """One superloop run: every call OK, heartbeats, the server's log."""
    extra = " mode=superloop"  # boot() adds tls12=1 for --tls12
    if args.p256:
        extra += " p256=1"
    if args.max_ops:
        extra += " max_ops=%d" % args.max_ops
    status, lines, _ = boot(args, port, extra, int(time.time()))
    calls = [kv for kind, kv in lines if kind == "call"]
    loop = first(lines, "superloop")
    log = []
    if os.path.exists(log_path):
        with open(log_path) as f:
            log = [json.loads(x) for x in f]
    got = [(e["method"], e["path"].split("?")[0], e["credential"], e["status"]) for e in log]
    names = ["classic_sign_in", "classic_get", "classic_get", "pca_login", "pca_get",
             "pca_logout"]
    want = [("POST", "/authenticate/", "none", 204), ("GET", CLASSIC_GET, "valid", 200),
            ("GET", CLASSIC_GET, "valid", 200), ("POST", "/20160918/login", "none", 200),
            ("GET", "/20160918/instances", "valid", 200),
            ("DELETE", "/20160918/logout", "valid", 200)]
    check("superloop: exit status 0", status == 0, str(status))
    check("superloop: the figures line", bool(loop), str(lines[-3:]))
    check("superloop: every call ran and ended ORCA_OK",
          [c["name"] for c in calls] == names and all(c["rc"] == "0" for c in calls),
          ", ".join("%s=%s" % (c["name"], c["rc"]) for c in calls))
    check("superloop: calls ok == %d" % len(names), loop.get("calls_ok") == str(len(names)),
          str(loop.get("calls_ok")))
    check("superloop: heartbeats > 0", int(loop.get("heartbeats", "0")) > 0,
          str(loop.get("heartbeats")))
    check("superloop: calls were stepped, not run whole (more steps than calls)",
          int(loop.get("steps", "0")) > len(names), str(loop.get("steps")))
    check("server log: the calls in order, each with the right credential", got == want,
          "\n  got  %s\n  want %s" % (got, want))
    stack, arena, mem = first(lines, "stack"), first(lines, "arena"), first(lines, "memory")
    check("superloop: stack high-water inside the stack",
          0 < int(stack.get("high_water", "0")) < int(stack.get("size", "0")), str(stack))
    check("superloop: arena empty at the end, image RAM < 64 KB",
          arena.get("in_use") == "0" and 0 < int(mem.get("ram", "65536")) < 65536,
          "%s %s" % (arena, mem))
    print("superloop: stack high-water %s B of %s, arena peak %s B of %s" % (
        stack.get("high_water"), stack.get("size"), arena.get("peak"), arena.get("size")))
    if args.max_step:
        check("superloop: no step reaches %d instructions" % args.max_step,
              0 < int(loop.get("longest_step", "0")) < args.max_step, str(loop.get("longest_step")))
    if args.tls12 or args.max_ops:
        check("superloop: TLS 1.2", loop.get("tls") == "TLSv1.2", str(loop.get("tls")))
    print("superloop-figures heartbeats=%s longest_gap_ms=%s longest_step=%s calls_ok=%s "
          "steps=%s max_ops=%s tls=%s" % (
              loop.get("heartbeats"), loop.get("longest_gap_ms"), loop.get("longest_step"),
              loop.get("calls_ok"), loop.get("steps"), loop.get("max_ops"), loop.get("tls")))
    return report()


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
    ap.add_argument("--case", choices=("session", "icount", "corrupt", "refused", "usage", "wake",
                                       "profile", "superloop"),
                    default="session")
    ap.add_argument("--icount", action="store_true",
                    help="wake: run under -icount shift=0 and count instructions")
    ap.add_argument("--tls12", action="store_true",
                    help="wake: the image offers TLS 1.2 at most (tls12=1)")
    ap.add_argument("--p256", action="store_true",
                    help="superloop: the image offers secp256r1 only (p256=1)")
    ap.add_argument("--max-ops", type=int, default=0,
                    help="superloop: restartable ECC, mbedtls_ecp_set_max_ops(N) (max_ops=N)")
    ap.add_argument("--max-step", type=int, default=0,
                    help="superloop: the longest step must stay below N instructions (--icount)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    log_path = os.path.join(args.work, "mock-%s.log" % args.case)
    if os.path.exists(log_path):
        os.remove(log_path)
    mock, port = start_mock(args.certs, log_path)
    if args.case == "wake":
        try:
            return check_wake(args, port, log_path)
        finally:
            stop(mock)
    if args.case == "superloop":
        try:
            return check_superloop(args, port, log_path)
        finally:
            stop(mock)
    if args.case == "profile":  # bench/wake.sh: one full handshake, per state
        try:
            status, lines, steps = boot(args, port, " mode=profile", int(time.time()))
        finally:
            stop(mock)
        check("profile boot: exit 0", status == 0 and
              all(x["rc"] == "0" for x in steps.values()), str(steps))
        for kind, kv in lines:
            if kind == "handshake":
                print("handshake-figures tls=%s state=%s instructions=%s" % (
                    first(lines, "tls").get("version"), kv["state"], kv["cpu_ns"]))
        return report()
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
