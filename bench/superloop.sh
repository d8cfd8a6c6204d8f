#!/usr/bin/env bash
# The superloop image on the emulated Cortex-M4 (mps2-an386, QEMU -icount
# shift=0: one instruction per virtual ns) against the mock server: a main
# loop with a heartbeat every 10 ms of the board tick steps the calls of a
# non-blocking session (a Classic sign-in over TLS and two GETs, then a PCA
# login, GET and logout: 6), none of which ever waits. H: heartbeats,
# G: the longest gap between two heartbeats (ms of the tick), S: the longest
# step (instructions of one call into orca that returned), C: calls that
# ended ORCA_OK.
# Runs: the image as built by the cross stage (TLS 1.3 as negotiated, then
# TLS 1.2 ECDHE-ECDSA over secp256r1), and an image built with mbedTLS's
# restartable ECC (-DORCA_FIRMWARE_ECP_RESTARTABLE=ON, build-m4-restart) for
# the same TLS 1.2 handshake with mbedtls_ecp_set_max_ops(N) for a few N.
# The last line is the image as built (no restartable ECC), TLS as negotiated.
# Usage: bash bench/superloop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm openssl python3
mbedtls_dir="$(realpath "$(bash scripts/fetch-mbedtls.sh | tail -n 1)")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# build DIR [extra cmake args]: the mps2 image in DIR, configured like the cross stage.
build() {
  local dir="$1"
  shift
  cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_WITH_MBEDTLS=ON -DORCA_MBEDTLS_SOURCE_DIR="$mbedtls_dir" \
    "$@" >"$work/build.log" 2>&1 \
    && cmake --build "$dir" -j "$(orca_jobs)" --target orca_firmware_mps2 >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; echo "superloop: building $dir failed" >&2; exit 1; }
}
build build-m4 -DORCA_FIRMWARE_ECP_RESTARTABLE=OFF
build build-m4-restart -DORCA_FIRMWARE_ECP_RESTARTABLE=ON
# run NAME BUILD [run_qemu.py flags]: one superloop run, its figures line to $work/NAME.
run() {
  local name="$1" dir="$2"
  shift 2
  local fw="$dir/examples/firmware"
  python3 tests/firmware/run_qemu.py --qemu qemu-system-arm --image "$fw/orca_firmware_mps2.elf" \
    --certs "$fw/test-certs" --work "$work" --case superloop --icount "$@" >"$work/$name.txt" \
    || { cat "$work/$name.txt"; echo "superloop: the $name run failed" >&2; exit 1; }
  grep '^superloop-figures ' "$work/$name.txt" | sed "s/^superloop-figures /run=$name /" \
    >"$work/$name.fig"
}
run restart-1000 build-m4-restart --max-ops 1000
run restart-250 build-m4-restart --max-ops 250
run restart-120 build-m4-restart --max-ops 120
run tls12-p256 build-m4 --tls12 --p256
run default build-m4
cat "$work"/restart-1000.fig "$work"/restart-250.fig "$work"/restart-120.fig \
  "$work"/tls12-p256.fig "$work"/default.fig | python3 -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()) for line in sys.stdin]
what = {"default": "image as built, TLS as negotiated",
        "tls12-p256": "image as built, TLS 1.2 ECDHE-ECDSA secp256r1",
        "restart-1000": "restartable ECC, max_ops 1000, TLS 1.2 ECDHE-ECDSA secp256r1",
        "restart-250": "restartable ECC, max_ops 250, same",
        "restart-120": "restartable ECC, max_ops 120, same"}
print("| run | TLS | steps | heartbeats | longest gap (ms) | longest step (instructions) | calls ok |")
print("|---|---|---:|---:|---:|---:|---:|")
for r in rows:
    print("| %s | %s | %s | %s | %s | %s | %s |" % (what[r["run"]], r["tls"], r["steps"],
          r["heartbeats"], r["longest_gap_ms"], r["longest_step"], r["calls_ok"]))
print()
for r in rows[:-1]:
    print("superloop (%s): heartbeats %s, longest gap %s ms, longest step %s instructions, "
          "calls ok %s" % (what[r["run"]], r["heartbeats"], r["longest_gap_ms"],
                           r["longest_step"], r["calls_ok"]))
r = rows[-1]
print("superloop: heartbeats %s, longest gap %s ms, longest step %s instructions, calls ok %s"
      % (r["heartbeats"], r["longest_gap_ms"], r["longest_step"], r["calls_ok"]))
'
