#!/usr/bin/env bash
# Worst-case stack of every public core function on Cortex-M4 (-Os -DNDEBUG
# -mcpu=cortex-m4 -mthumb), from GCC's -fstack-usage frames and
# -fcallgraph-info call graphs, walked by bench/stack_graph.py. Calls through
# function pointers (transport, clock and parser callbacks) count as 0, and so
# do libc's mem*/strlen (not part of core). Budget: < 512 bytes; exits 1 when missed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages gcc-arm-none-eabi libnewlib-arm-none-eabi libjsmn-dev python3

out="build-bench/stack"
rm -rf "$out"
mkdir -p "$out/jsmn"
cp /usr/include/jsmn.h "$out/jsmn/"
flags=(-std=c99 -Os -DNDEBUG -mcpu=cortex-m4 -mthumb -ffreestanding -fstack-usage -fcallgraph-info=su)
echo "arm-none-eabi-gcc $(arm-none-eabi-gcc -dumpversion): ${flags[*]}" >&2
# One table per preset of configs/ (the default config first): switches
# change which functions exist and which strategy a call goes through.
fail=0
for preset in default classic_min.h pca_min.h; do
  config=()
  [ "$preset" != default ] && config=(-DORCA_CONFIG_FILE="\"$PWD/configs/$preset\"")
  dir="$out/${preset%.h}"
  mkdir -p "$dir"
  for src in core/src/*.c; do
    arm-none-eabi-gcc "${flags[@]}" "${config[@]}" -Icore/include -Icore/src -I"$out/jsmn" \
      -c "$src" -o "$dir/$(basename "$src" .c).o"
  done
  printf '\n### Config: %s\n\n' "$preset"
  python3 bench/stack_graph.py 512 "$dir"/*.ci || fail=1
done
exit $fail
