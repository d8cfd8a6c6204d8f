#!/usr/bin/env bash
# Fetches the lwIP 2.2 source from Debian's source archive (trixie) into
# third_party/ and prints the unpacked tree's path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
fetch_trixie_source lwIP lwip 2.2 src/include/lwip/opt.h
