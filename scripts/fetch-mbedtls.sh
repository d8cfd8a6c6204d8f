#!/usr/bin/env bash
# Fetches the mbedTLS 3.6 LTS source from Debian's source archive (trixie)
# into third_party/ and prints the unpacked tree's path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
fetch_trixie_source mbedTLS mbedtls 3.6 include/mbedtls/build_info.h
