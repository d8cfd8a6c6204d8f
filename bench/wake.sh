#!/usr/bin/env bash
# The wake cycle of a battery device on the emulated Cortex-M4 (mps2-an386,
# QEMU -icount shift=0: one instruction per virtual ns): boot 1 (cold) signs
# in over TLS, one GET, saves the session state; boot 2 restores it and makes
# one GET. cold = boot 1's sign-in step (connect, full handshake, sign-in) +
# its GET; resumed = boot 2's restore + its GET (connect, resumed handshake,
# GET). Both services, with TLS 1.3 (the default: the resumption keeps an
# ECDHE) and with the image offering TLS 1.2 at most (tickets: no public-key
# operation). The last line is the Classic wake with TLS 1.2 tickets, the
# configuration for devices whose wake cost matters most.
# Usage: bash bench/wake.sh   (builds build-m4 like the cross stage)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm openssl python3
mbedtls_dir="$(bash scripts/fetch-mbedtls.sh | tail -n 1)"
if [ ! -f build-m4/CMakeCache.txt ]; then
  cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_WITH_MBEDTLS=ON \
    -DORCA_MBEDTLS_SOURCE_DIR="$(realpath "$mbedtls_dir")" >/dev/null
fi
cmake --build build-m4 -j "$(orca_jobs)" --target orca_firmware_mps2 >/dev/null
fw=build-m4/examples/firmware
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# run CASE TLS: run_qemu.py's CASE under -icount with TLS 1.TLS into $work/CASE-TLS.txt.
run() {
  local flag=()
  [ "$2" = 12 ] && flag=(--tls12)
  python3 tests/firmware/run_qemu.py --qemu qemu-system-arm --image "$fw/orca_firmware_mps2.elf" \
    --certs "$fw/test-certs" --work "$work" --case "$1" --icount "${flag[@]}" >"$work/$1-$2.txt" \
    || { cat "$work/$1-$2.txt"; echo "wake: the TLS 1.$2 $1 runs failed" >&2; exit 1; }
}
for tls in 13 12; do
  run wake "$tls"
  run profile "$tls"
done
echo "Where a full handshake's instructions go (one handshake, by the state each step starts in):"
echo
cat "$work"/profile-*.txt | grep '^handshake-figures ' | python3 -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin]
print("| TLS | state | instructions |")
print("|---|---|---:|")
for r in rows:
    if int(r["instructions"]) >= 100000:
        print("| %s | %s | %s |" % (r["tls"], r["state"], r["instructions"]))
'
echo
cat "$work"/wake-*.txt | grep '^wake-figures ' | python3 -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin]
print("| TLS | service | cold: sign-in step | cold: GET | resumed: restore | resumed: GET |"
      " cold | resumed | ratio | round trips cold / resumed | state |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
last = None
for r in rows:
    cold = int(r["cold_sign_in"]) + int(r["cold_get"])
    res = int(r["wake_restore"]) + int(r["wake_get"])
    print("| %s | %s | %s | %s | %s | %s | %d | %d | %.3f | %s / %s | %s B |" % (
        r["tls"], r["service"], r["cold_sign_in"], r["cold_get"], r["wake_restore"],
        r["wake_get"], cold, res, res / cold, r["cold_round_trips"], r["wake_round_trips"],
        r["state"]))
    if r["tls"] == "TLSv1.2" and r["service"] == "classic":
        last = (cold, res)
if last is None:
    sys.exit("wake: no Classic TLS 1.2 figures")
print("wake cycle (Cortex-M4, QEMU -icount): cold %d instructions, resumed %d instructions, "
      "ratio %.3f" % (last[0], last[1], last[1] / last[0]))
'
