#!/usr/bin/env bash
# The lwIP port: lwIP 2.2 from Debian's source archive (trixie), built with
# port/lwip/lwipopts.h, running in the test process with its netif wired to
# libslirp (unprivileged, all traffic on this machine), TLS from mbedTLS 3.6
# built with the project's config. Tests: the transport's contract
# (test_lwip_tcp), the CLI's Classic and PCA sessions over lwIP against the
# mock Oracle server (session_lwip), no heap in the port or the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake dpkg-dev libcmocka-dev libjsmn-dev libslirp-dev \
  openssl python3
ensure_links "build-essential libcmocka-dev libslirp-dev" gcc -lcmocka -lslirp -lpthread
lwip=$(bash scripts/fetch-lwip.sh | tail -n 1)
mbedtls=$(bash scripts/fetch-mbedtls.sh | tail -n 1)
cmake -S . -B build-lwip -DCMAKE_BUILD_TYPE=Debug -DORCA_LWIP_SOURCE_DIR="$PWD/$lwip" \
  -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$mbedtls"
# Only what the lwIP tests run: the other stages build and test the rest.
cmake --build build-lwip -j "$(orca_jobs)" --target test_lwip_tcp orca_lwip_cli
ctest --test-dir build-lwip --output-on-failure -j "$(orca_jobs)" -L lwip
