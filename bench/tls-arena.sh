#!/usr/bin/env bash
# TLS arena figures: peak of the mbedTLS arena (mbedtls_memory_buffer_alloc_max_get)
# and heap calls for one handshake + one GET, with mbedTLS 3.6 built with the
# project's config, against openssl s_server (TLS 1.3 and 1.2, EC and RSA keys),
# in an arena of exactly the 40 KB budget. Heap calls are counted by linking
# with --wrap=malloc,calloc,realloc,free (bench/tls_arena.c).
# Usage: bash bench/tls-arena.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake dpkg-dev libcmocka-dev libjsmn-dev openssl python3
src=$(bash scripts/fetch-mbedtls.sh | tail -n 1)
build=build-mbedtls36
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$src" >/dev/null
cmake --build "$build" -j "$(orca_jobs)" --target orca_tls_arena >/dev/null
bash tests/integration/gen_certs.sh "$build/tls-certs" >/dev/null
echo "mbedTLS $(basename "$src"), arena budget 40960 bytes, one handshake + one GET:"
python3 tests/integration/tls_servers.py arena "$build/tests/orca_tls_arena" \
  "$PWD/$build/tls-certs" "$PWD/$build/tls-work"
