#!/usr/bin/env bash
# mbedTLS 3.6 LTS, built from Debian's source package (trixie) with the project's
# config header port/mbedtls/orca_mbedtls_config.h; every test, including the
# TLS unit, integration, arena-budget and no-heap-symbol tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake dpkg-dev libcmocka-dev libjsmn-dev openssl nginx python3 \
  python3-cryptography libpsl-dev publicsuffix
ensure_links "build-essential libcmocka-dev" gcc -lcmocka
src=$(bash scripts/fetch-mbedtls.sh | tail -n 1)
cmake -S . -B build-mbedtls36 -DCMAKE_BUILD_TYPE=Debug -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$src"
cmake --build build-mbedtls36 -j "$(orca_jobs)"
ctest --test-dir build-mbedtls36 --output-on-failure -j "$(orca_jobs)"
