#!/usr/bin/env bash
# Code size of TLS session resumption: the link-only Cortex-M4 firmware image
# (examples/firmware, GCC arm-none-eabi -Os, --gc-sections, mbedTLS 3.6 with
# the project's config) built with ORCA_TLS_RESUMPTION ON (the default) and
# OFF, per component from the image's map (examples/firmware/map_sizes.py),
# and sizeof(orca_tls) on that target. The image makes one TLS connection at a
# time, so what it links is what a device using resumption pays (the
# save/load hook is not called by the image: its code is listed apart).
# Usage: bash bench/tls-size.sh     Prints Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi cmake dpkg-dev \
  python3
src=$(realpath "$(bash scripts/fetch-mbedtls.sh | tail -n 1)")
out=build-bench/tls-size
for mode in ON OFF; do
  dir="$out/resumption-$mode"
  rm -f "$dir/CMakeCache.txt"
  cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DORCA_WITH_MBEDTLS=ON -DORCA_MBEDTLS_SOURCE_DIR="$src" \
    -DORCA_TLS_RESUMPTION="$mode" >/dev/null
  cmake --build "$dir" -j "$(orca_jobs)" --target orca_firmware >/dev/null
  echo
  echo "ORCA_TLS_RESUMPTION=$mode, orca_firmware.elf by component:"
  echo
  python3 examples/firmware/map_sizes.py "$dir/examples/firmware/orca_firmware.map"
  # sizeof(orca_tls) on the target, from a one-line object's symbol size.
  printf '#include "orca/tls.h"\nchar orca_tls_size[sizeof(orca_tls)];\n' \
    > "$dir/sizeof_tls.c"
  arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -c "$dir/sizeof_tls.c" -o "$dir/sizeof_tls.o" \
    -Icore/include -Iport/mbedtls/include -Iport/mbedtls -I"$src/include" \
    -DMBEDTLS_CONFIG_FILE='"orca_mbedtls_config.h"' \
    $([ "$mode" = OFF ] && echo -DORCA_TLS_WITH_RESUMPTION=0) -fno-common
  echo
  hex=$(arm-none-eabi-nm -S "$dir/sizeof_tls.o" | awk '/orca_tls_size/ { print $2 }')
  echo "sizeof(orca_tls) = $((16#$hex)) B"
done
echo
echo "orca_tls_session_save + orca_tls_session_load (not linked by the image), .text:"
arm-none-eabi-size -A "$(ls "$out"/resumption-ON/port/mbedtls/CMakeFiles/orca_mbedtls.dir/src/tls_session.c.o* | grep -v "\.d$")" |
  awk '/orca_tls_session_(save|load)/ { t += $2 } END { print t " B" }'
