#!/usr/bin/env bash
# Code size of core on Cortex-M4 (-Os -DNDEBUG -mcpu=cortex-m4 -mthumb, GCC
# arm-none-eabi) for every preset of configs/ (one row each), per object for
# the default config, beside llhttp built with the same flags in the same run.
# A preset's size is the sum of .text (code + read-only data) of every core
# object built with its config header: what a device links at most.
# Checks the budgets (issue 10) and .data + .bss 0 in every preset; prints
# Markdown tables; exits 1 when a budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi node-llhttp libjsmn-dev

out="build-bench/size"
rm -rf "$out"
mkdir -p "$out/llhttp" "$out/jsmn"
cp /usr/include/jsmn.h "$out/jsmn/"
cc=arm-none-eabi-gcc
flags=(-std=c99 -Os -DNDEBUG -mcpu=cortex-m4 -mthumb -ffreestanding)
echo "$cc $(${cc} -dumpversion): ${flags[*]}" >&2

# build_core NAME [CONFIG [-DSWITCH=0...]]: every core object into $out/NAME,
# with CONFIG (a header in configs/, "-" for none) as ORCA_CONFIG_FILE, and
# the switches after it.
build_core() {
  local name="$1" config=() src
  [ $# -gt 1 ] && [ "$2" != - ] && config=(-DORCA_CONFIG_FILE="\"$PWD/configs/$2\"")
  [ $# -gt 2 ] && config+=("${@:3}")
  mkdir -p "$out/$name"
  for src in core/src/*.c; do
    $cc "${flags[@]}" "${config[@]}" -Icore/include -Icore/src -I"$out/jsmn" -c "$src" \
      -o "$out/$name/$(basename "$src" .c).o"
  done
}
# sum_text DIR [OBJECT...]: .text of the objects (all of DIR when none given).
sum_text() {
  local dir="$1"; shift
  local objs=("$dir"/*.o)
  [ $# -gt 0 ] && objs=("${@/#/$dir/}")
  arm-none-eabi-size "${objs[@]}" | awk 'NR > 1 { t += $1 } END { print t + 0 }'
}
sum_data_bss() {
  arm-none-eabi-size "$1"/*.o | awk 'NR > 1 { t += $2 + $3 } END { print t + 0 }'
}

table() {  # table DIR TITLE: per-object rows then the total
  local dir="$1" title="$2" t d b name
  printf '\n%s\n\n| object | .text | .data | .bss |\n|---|---:|---:|---:|\n' "$title"
  while read -r t d b _ _ name; do
    printf '| %s | %d | %d | %d |\n' "$(basename "$name" .o)" "$t" "$d" "$b"
  done < <(arm-none-eabi-size "$dir"/*.o | tail -n +2)
  arm-none-eabi-size -t "$dir"/*.o | tail -n 1 |
    awk '{ printf "| **total** | **%d** | **%d** | **%d** |\n", $1, $2, $3 }'
}

build_core full
build_core no-state - -DORCA_WITH_SESSION_STATE=0
build_core classic-min classic_min.h
build_core pca-min pca_min.h
build_core no-expires no_expires.h
build_core no-signing no_signing.h
table "$out/full" "orca core, default config (every feature on), every object in core/src:"

# Status texts are off by default in config.h (bare-metal images log numbers)
# and on in hosted CMake builds: show what they cost.
mkdir -p "$out/texts"
$cc "${flags[@]}" -DORCA_STATUS_STRINGS=1 -Icore/include -c core/src/status.c -o "$out/texts/status.o"
texts_text=$(sum_text "$out/texts")
plain_text=$(sum_text "$out/full" status.o)
printf '\nWith ORCA_STATUS_STRINGS=1 (every status named; hosted builds): status %d B, core total %d B.\n' \
  "$texts_text" $(($(sum_text "$out/full") - plain_text + texts_text))

for src in /usr/share/llhttp/*.c; do
  $cc "${flags[@]}" -I/usr/share/include/llhttp -c "$src" -o "$out/llhttp/$(basename "$src" .c).o"
done
table "$out/llhttp" "llhttp $(awk '/LLHTTP_VERSION_(MAJOR|MINOR|PATCH)/ { v = v (v ? "." : "") $3 } END { print v }' \
  /usr/share/include/llhttp/llhttp.h) (Debian node-llhttp sources, same flags):"
ll_text=$(sum_text "$out/llhttp")

fail=0
# check LABEL CONFIG VALUE OP LIMIT: a budget row (OP is < or <=).
check() {
  local verdict=ok
  if [ "$4" = "<" ]; then [ "$3" -lt "$5" ] || verdict=MISSED; else [ "$3" -le "$5" ] || verdict=MISSED; fi
  [ "$verdict" = ok ] || fail=1
  printf '| %s | %s | %d | %s %d | %s |\n' "$1" "$2" "$3" "$4" "$5" "$verdict"
}
printf '\nBudgets (the first ones set on 2026-11-22, then the guards of design.md), .text in bytes:\n\n| what | config | bytes | budget | |\n|---|---|---:|---:|---|\n'
printf '| core, every switch on (signing, Retry-After too) | config.h defaults | %d | (none) | |\n' \
  "$(sum_text "$out/full")"
check "core, the issue's feature set" "configs/no_signing.h" "$(sum_text "$out/no-signing")" "<=" 11839
check "core, Classic only" "configs/classic_min.h" "$(sum_text "$out/classic-min")" "<" 8192
check "core, PCA only" "configs/pca_min.h" "$(sum_text "$out/pca-min")" "<" 8192
check "cookie jar + dates, every feature on" "configs/no_signing.h" \
  "$(sum_text "$out/no-signing" cookie_jar.o date.o)" "<=" 2617
check "cookie jar without Expires" "configs/no_expires.h" \
  "$(sum_text "$out/no-expires" cookie_jar.o date.o)" "<" 2048
http_text=$(sum_text "$out/full" http_writer.o http_parser.o http_chars.o)
check "HTTP writer + parser" "config.h defaults" "$http_text" "<" 4096
# The regression guards (design.md: about +10 % per preset over the tree
# before a change) for the non-blocking session: +10 % over the tree of
# 2026-12-06's end (8d71a47: 18,216 / 15,752 / 9,399 / 9,249 / 15,174 /
# 15,948 B, measured by this script's flags).
guard() {  # guard LABEL CONFIG DIR BEFORE
  check "guard: $1 ($4 + 10 %)" "$2" "$(sum_text "$out/$3")" "<=" $(($4 * 11 / 10))
}
guard "core, every switch on" "config.h defaults" full 18216
guard "core, without the session state" "defaults, ORCA_WITH_SESSION_STATE 0" no-state 15752
printf '| session state (ORCA_WITH_SESSION_STATE; session_state.c, the jar export) | config.h defaults | %d | (its cost) | |\n' \
  "$(( $(sum_text "$out/full") - $(sum_text "$out/no-state") ))"
guard "core, Classic only" "configs/classic_min.h" classic-min 9399
guard "core, PCA only" "configs/pca_min.h" pca-min 9249
guard "core without Expires" "configs/no_expires.h" no-expires 15174
guard "core without request signing" "configs/no_signing.h" no-signing 15948
for preset in full classic-min pca-min no-expires no-signing; do
  check ".data + .bss" "$preset" "$(sum_data_bss "$out/$preset")" "<" 1
done
awk -v o="$http_text" -v l="$ll_text" 'BEGIN { printf "\nHTTP writer + parser are %.1fx smaller than llhttp (%d vs %d bytes of .text).\n", l / o, o, l }'
exit $fail
