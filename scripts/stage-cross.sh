#!/usr/bin/env bash
# Cross builds: Cortex-M4 (core + firmware example), RISC-V 64 (core), and
# armhf Linux (everything), whose unit and vector tests run under qemu-arm.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_packages build-essential cmake libjsmn-dev gcc-arm-none-eabi libnewlib-arm-none-eabi \
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf gcc-arm-linux-gnueabihf \
  libc6-dev-armhf-cross qemu-user openssl publicsuffix

# Each cross compiler must link a program with its C library, not just be
# installed: Debian's cross gcc packages only recommend their libc (installs
# here are --no-install-recommends), so a machine can have the compiler alone.
ensure_links "libnewlib-arm-none-eabi" \
  arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft --specs=nano.specs --specs=nosys.specs
ensure_links "picolibc-riscv64-unknown-elf" \
  riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany --specs=picolibc.specs
ensure_links "libc6-dev-armhf-cross linux-libc-dev-armhf-cross" arm-linux-gnueabihf-gcc

# armhf multiarch test dependencies. The update may fail on one armhf index and
# still leave the installs working, so its exit code is ignored and the install
# (ensure_packages fails if it does) is what is checked.
# libpsl-dev:armhf: orca_posix (built for armhf too) links libpsl for its
# public-suffix check; its test (test_posix_psl) runs under qemu-arm. Required,
# not skipped: CMake stops without it (ORCA_POSIX_LIBPSL=OFF would be explicit).
armhf_pkgs=(libmbedtls-dev:armhf libcmocka-dev:armhf libpsl-dev:armhf)
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  apt_locked $sudo dpkg --add-architecture armhf
  apt_locked $sudo apt-get update -qq || echo "apt-get update reported errors; checking the install instead"
  export ORCA_APT_UPDATED=1
fi
ensure_packages "${armhf_pkgs[@]}"
ensure_links "libmbedtls-dev:armhf libcmocka-dev:armhf libpsl-dev:armhf" arm-linux-gnueabihf-gcc \
  -L/usr/lib/arm-linux-gnueabihf -lmbedtls -lmbedx509 -lmbedcrypto -lcmocka -lpsl
# The armhf tests run under qemu-arm: one must start.
command -v qemu-arm >/dev/null || { echo "ERROR: qemu-arm missing: install qemu-user" >&2; exit 1; }

jobs="$(orca_jobs)"
# Toolchain *_INIT flags only apply to a fresh cache: configure anew each time
# (objects whose flags did not change are not rebuilt).
rm -f build-m4/CMakeCache.txt build-rv64/CMakeCache.txt build-armhf/CMakeCache.txt

# The firmware example needs mbedTLS 3.6 built from source with the project's config.
mbedtls_dir="$(bash scripts/fetch-mbedtls.sh | tail -n 1)"
[ -f "$mbedtls_dir/include/mbedtls/ssl.h" ] || { echo "no mbedTLS 3.6 source" >&2; exit 1; }

echo "== cross: Cortex-M4 (arm-none-eabi, newlib-nano): core + firmware example"
cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
  -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_WITH_MBEDTLS=ON \
  -DORCA_MBEDTLS_SOURCE_DIR="$(realpath "$mbedtls_dir")"
cmake --build build-m4 -j "$jobs"
arm-none-eabi-size -t build-m4/core/liborca_core.a | tail -n 1
[ -f build-m4/examples/firmware/orca_firmware.elf ] || { echo "firmware image not built" >&2; exit 1; }
arm-none-eabi-size build-m4/examples/firmware/orca_firmware.elf
# The map of the image has no heap symbol, and the check refuses one that has.
ctest --test-dir build-m4/examples/firmware --output-on-failure

echo "== cross: the link-only firmware image with the Classic-only preset (configs/classic_min.h)"
# The device a Classic user ships: the preset's core, the TLS transport and
# mbedTLS 3.6; the table from its map is the README's firmware table.
rm -f build-m4-classic/CMakeCache.txt
cmake -S . -B build-m4-classic -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
  -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_WITH_MBEDTLS=ON \
  -DORCA_MBEDTLS_SOURCE_DIR="$(realpath "$mbedtls_dir")" -DORCA_CONFIG_FILE=configs/classic_min.h
cmake --build build-m4-classic -j "$jobs" --target orca_firmware heap_probe
arm-none-eabi-size build-m4-classic/examples/firmware/orca_firmware.elf
ctest --test-dir build-m4-classic/examples/firmware --output-on-failure

echo "== cross: RISC-V 64 (riscv64-unknown-elf, picolibc)"
cmake -S . -B build-rv64 -DCMAKE_TOOLCHAIN_FILE=toolchains/riscv64-unknown-elf.cmake \
  -DCMAKE_BUILD_TYPE=MinSizeRel
cmake --build build-rv64 -j "$jobs"
riscv64-unknown-elf-size -t build-rv64/core/liborca_core.a | tail -n 1

echo "== cross: armhf Linux, tests under qemu-arm"
cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-linux-gnueabihf.cmake \
  -DCMAKE_BUILD_TYPE=Debug
cmake --build build-armhf -j "$jobs"
# Unit and vector tests run under qemu-arm (CMAKE_CROSSCOMPILING_EMULATOR).
# Integration tests (label "integration") are excluded: their Python drivers
# start the servers and exec the client program directly, which needs
# binfmt_misc for ARM (not available in the CI container); the host and
# sanitize stages run them natively.
ctest --test-dir build-armhf --output-on-failure -j "$jobs" -LE integration

echo "== cross: the firmware on QEMU mps2-an386 (Cortex-M4) against the mock server"
# The image's test CA is generated at build time (openssl); the runs need
# qemu-system-arm and python3. Each run is bounded (150 s, ctest 200 s) and
# stops its server and bridge itself; together they take about 30 s.
ensure_packages qemu-system-arm openssl python3
command -v qemu-system-arm >/dev/null || { echo "ERROR: qemu-system-arm missing: install qemu-system-arm" >&2; exit 1; }
# test_serial_link (the image's serial link on the host) runs under ASan + UBSan.
ensure_links "gcc libgcc-12-dev libc6-dev" cc -fsanitize=address,undefined
cmake --build build-m4 -j "$jobs" --target orca_firmware_mps2
# The superloop image once more with mbedTLS's restartable ECC (its own mbedTLS
# build): ctest firmware_qemu_superloop_restartable.
rm -f build-m4-restart/CMakeCache.txt
cmake -S . -B build-m4-restart -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
  -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_WITH_MBEDTLS=ON \
  -DORCA_MBEDTLS_SOURCE_DIR="$(realpath "$mbedtls_dir")" -DORCA_FIRMWARE_ECP_RESTARTABLE=ON
cmake --build build-m4-restart -j "$jobs" --target orca_firmware_mps2
rm -f build-m4/qemu-tests/CMakeCache.txt
cmake -S tests/firmware -B build-m4/qemu-tests -DORCA_FIRMWARE_DIR=build-m4/examples/firmware \
  -DORCA_FIRMWARE_RESTART_DIR=build-m4-restart/examples/firmware
cmake --build build-m4/qemu-tests -j "$jobs"
ctest --test-dir build-m4/qemu-tests --output-on-failure
