#!/usr/bin/env bash
# Cross builds: Cortex-M4 (core + firmware example), RISC-V 64 (core), and
# armhf Linux (everything), whose unit and vector tests run under qemu-arm.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_packages build-essential cmake libjsmn-dev gcc-arm-none-eabi libnewlib-arm-none-eabi \
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf gcc-arm-linux-gnueabihf qemu-user

# armhf multiarch test dependencies. The update may fail on one armhf index and
# still leave the installs working, so its exit code is ignored and the install
# (ensure_packages fails if it does) is what is checked.
armhf_pkgs=(libmbedtls-dev:armhf libcmocka-dev:armhf)
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  apt_locked $sudo dpkg --add-architecture armhf
  apt_locked $sudo apt-get update -qq || echo "apt-get update reported errors; checking the install instead"
  export ORCA_APT_UPDATED=1
fi
ensure_packages "${armhf_pkgs[@]}"

jobs="$(orca_jobs)"

# mbedTLS 3.6 source for the firmware example, when the fetch script can get it.
mbedtls_args=()
if [ -x scripts/fetch-mbedtls.sh ] || [ -f scripts/fetch-mbedtls.sh ]; then
  if mbedtls_dir="$(bash scripts/fetch-mbedtls.sh | tail -n 1)" && [ -d "$mbedtls_dir" ]; then
    mbedtls_args=(-DORCA_MBEDTLS_SOURCE_DIR="$mbedtls_dir")
  else
    echo "stage cross: mbedTLS 3.6 source not available" >&2
    exit 1
  fi
fi

echo "== cross: Cortex-M4 (arm-none-eabi, newlib-nano)"
cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
  -DCMAKE_BUILD_TYPE=MinSizeRel "${mbedtls_args[@]}"
cmake --build build-m4 -j "$jobs"
arm-none-eabi-size -t build-m4/core/liborca_core.a | tail -n 1

echo "== cross: RISC-V 64 (riscv64-unknown-elf, picolibc)"
cmake -S . -B build-rv64 -DCMAKE_TOOLCHAIN_FILE=toolchains/riscv64-unknown-elf.cmake \
  -DCMAKE_BUILD_TYPE=MinSizeRel
cmake --build build-rv64 -j "$jobs"
riscv64-unknown-elf-size -t build-rv64/core/liborca_core.a | tail -n 1

echo "== cross: armhf Linux, tests under qemu-arm"
cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-linux-gnueabihf.cmake \
  -DCMAKE_BUILD_TYPE=Debug
cmake --build build-armhf -j "$jobs"
# Integration tests (label "integration") start real servers and are run by the
# host stages; under qemu-arm the unit and vector tests are the point.
ctest --test-dir build-armhf --output-on-failure -j "$jobs" -LE integration
