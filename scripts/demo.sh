#!/usr/bin/env bash
# The main job. For now: build the CLI and show its help (the demo against the
# mock Oracle server arrives with the session layer).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake libcmocka-dev libjsmn-dev libmbedtls-dev
cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build -j "$(orca_jobs)" --target orca
./build/orca --help
