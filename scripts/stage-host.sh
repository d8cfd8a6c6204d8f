#!/usr/bin/env bash
# Host build with the system mbedTLS (2.28), optimised (-O2: GCC sees more
# maybe-uninitialized paths), warnings as errors, all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake libcmocka-dev libjsmn-dev libmbedtls-dev \
  openssl nginx python3 python3-cryptography libpsl-dev publicsuffix
ensure_links "build-essential libmbedtls-dev libcmocka-dev" \
  gcc -lmbedtls -lmbedx509 -lmbedcrypto -lcmocka
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(orca_jobs)"
ctest --test-dir build --output-on-failure -j "$(orca_jobs)"
