#!/usr/bin/env bash
# The feature-switch presets of configs/ (issue 10): for each one, the unit
# and vector tests on the host (a test that needs a switched-off feature is
# reported as skipped, by name), core built for Cortex-M4 with the project's
# toolchain file, and the stack budget of every preset (bench/stack.sh).
# The default config is the host stage's.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake libcmocka-dev libjsmn-dev libmbedtls-dev \
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi python3 \
  libpsl-dev publicsuffix
ensure_links "build-essential libmbedtls-dev libcmocka-dev" \
  gcc -lmbedtls -lmbedx509 -lmbedcrypto -lcmocka
ensure_links "libnewlib-arm-none-eabi" \
  arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft --specs=nano.specs --specs=nosys.specs

jobs="$(orca_jobs)"
for config in configs/*.h; do
  preset="$(basename "$config" .h)"
  echo "== presets: $preset ($config), host unit and vector tests"
  cmake -S . -B "build-preset-$preset" -DCMAKE_BUILD_TYPE=Debug -DORCA_CONFIG_FILE="$config" \
    -DORCA_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "build-preset-$preset" -j "$jobs"
  ctest --test-dir "build-preset-$preset" --output-on-failure -j "$jobs" -LE integration

  echo "== presets: $preset, core for Cortex-M4"
  rm -f "build-m4-$preset/CMakeCache.txt" # toolchain flags apply to a fresh cache only
  cmake -S . -B "build-m4-$preset" -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_CONFIG_FILE="$config" -DORCA_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "build-m4-$preset" -j "$jobs"
  arm-none-eabi-size -t "build-m4-$preset/core/liborca_core.a" | tail -n 1
done

echo "== presets: stack of every public core function, per preset (budget < 512 B)"
bash bench/stack.sh | grep -E '^(### Config|Deepest)'
