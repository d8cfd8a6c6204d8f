#!/usr/bin/env bash
# The lwIP port: lwIP 2.2 from Debian's source archive (trixie), built with
# port/lwip/lwipopts.h, running in the test process with its netif wired to
# libslirp (unprivileged, all traffic on this machine). Tests (ctest -L lwip):
# the transport's contract (test_lwip_tcp, test_lwip_nonblocking), the CLI's Classic and PCA
# sessions over lwIP against the mock Oracle server (session_lwip), no heap
# in the port or the stack, Cortex-M4 sizes. Twice: GCC with mbedTLS 3.6
# built with the project's config, then clang with ASan + UBSan and the
# system mbedTLS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake clang libclang-rt-14-dev dpkg-dev libcmocka-dev \
  libjsmn-dev libmbedtls-dev libslirp-dev openssl python3 gcc-arm-none-eabi \
  libnewlib-arm-none-eabi libpsl-dev publicsuffix
ensure_links "build-essential libcmocka-dev libslirp-dev" gcc -lcmocka -lslirp -lpthread
ensure_links "clang libclang-rt-14-dev libmbedtls-dev libcmocka-dev libslirp-dev" \
  clang -fsanitize=address,undefined -lmbedtls -lmbedx509 -lmbedcrypto -lcmocka -lslirp -lpthread
ensure_links "gcc-arm-none-eabi libnewlib-arm-none-eabi" \
  arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb --specs=nano.specs --specs=nosys.specs
lwip=$(bash scripts/fetch-lwip.sh | tail -n 1)
mbedtls=$(bash scripts/fetch-mbedtls.sh | tail -n 1)
# Only what the lwIP tests run: the other stages build and test the rest.
targets=(test_lwip_tcp test_lwip_nonblocking orca_lwip_cli)

cmake -S . -B build-lwip -DCMAKE_BUILD_TYPE=Debug -DORCA_LWIP_SOURCE_DIR="$PWD/$lwip" \
  -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$mbedtls"
cmake --build build-lwip -j "$(orca_jobs)" --target "${targets[@]}"
ctest --test-dir build-lwip --output-on-failure -j "$(orca_jobs)" -L lwip

CC=clang cmake -S . -B build-lwip-asan -DCMAKE_BUILD_TYPE=Debug -DORCA_SANITIZE=ON \
  -DORCA_LWIP_SOURCE_DIR="$PWD/$lwip"
cmake --build build-lwip-asan -j "$(orca_jobs)" --target "${targets[@]}"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-lwip-asan --output-on-failure -j "$(orca_jobs)" -L lwip -E lwip_size_m4
