#!/usr/bin/env bash
# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake clang libclang-rt-14-dev libcmocka-dev libjsmn-dev \
  libmbedtls-dev openssl nginx python3 python3-cryptography libpsl-dev publicsuffix
ensure_links "clang libclang-rt-14-dev libmbedtls-dev libcmocka-dev" \
  clang -fsanitize=address,undefined -lmbedtls -lmbedx509 -lmbedcrypto -lcmocka
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DORCA_SANITIZE=ON
cmake --build build-asan -j "$(orca_jobs)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(orca_jobs)"
