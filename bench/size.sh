#!/usr/bin/env bash
# Code size of core on Cortex-M4 (-Os -DNDEBUG -mcpu=cortex-m4 -mthumb, GCC
# arm-none-eabi), per object and in total, beside llhttp built with the same
# flags in the same run. Checks the budgets: core < 8 KB .text, HTTP writer +
# parser < 4 KB, cookies + dates < 2 KB, .data + .bss of every core object 0.
# Prints Markdown tables; exits 1 when a budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi node-llhttp libjsmn-dev

out="build-bench/size"
rm -rf "$out"
mkdir -p "$out/core" "$out/llhttp" "$out/jsmn"
cp /usr/include/jsmn.h "$out/jsmn/"
cc=arm-none-eabi-gcc
flags=(-std=c99 -Os -DNDEBUG -mcpu=cortex-m4 -mthumb -ffreestanding)
echo "$cc $(${cc} -dumpversion): ${flags[*]}" >&2

for src in core/src/*.c; do
  $cc "${flags[@]}" -Icore/include -Icore/src -I"$out/jsmn" -c "$src" -o "$out/core/$(basename "$src" .c).o"
done
for src in /usr/share/llhttp/*.c; do
  $cc "${flags[@]}" -I/usr/share/include/llhttp -c "$src" -o "$out/llhttp/$(basename "$src" .c).o"
done

# Groups with their own budget (object names without .o, as a regex).
http_re='^http_(writer|parser|chars)'
cookie_re='^(cookie|date)'

table() {  # table DIR TITLE: per-object rows then the total; sets tot_text tot_data tot_bss
  local dir="$1" title="$2" t d b name
  tot_text=0 tot_data=0 tot_bss=0 http_text=0 cookie_text=0
  printf '\n%s\n\n| object | .text | .data | .bss |\n|---|---:|---:|---:|\n' "$title"
  while read -r t d b _ _ name; do
    name="$(basename "$name" .o)"
    printf '| %s | %d | %d | %d |\n' "$name" "$t" "$d" "$b"
    tot_text=$((tot_text + t)); tot_data=$((tot_data + d)); tot_bss=$((tot_bss + b))
    if [[ $name =~ $http_re ]]; then http_text=$((http_text + t)); fi
    if [[ $name =~ $cookie_re ]]; then cookie_text=$((cookie_text + t)); fi
  done < <(arm-none-eabi-size "$dir"/*.o | tail -n +2)
  printf '| **total** | **%d** | **%d** | **%d** |\n' "$tot_text" "$tot_data" "$tot_bss"
}

table "$out/core" "orca core (every object in core/src):"
core_text=$tot_text core_data=$tot_data core_bss=$tot_bss
core_http=$http_text core_cookie=$cookie_text
# Status texts are off by default in config.h (bare-metal images log numbers)
# and on in hosted CMake builds: show what they cost.
mkdir -p "$out/texts"
$cc "${flags[@]}" -DORCA_STATUS_STRINGS=1 -Icore/include -c core/src/status.c -o "$out/texts/status.o"
texts_text=$(arm-none-eabi-size "$out/texts/status.o" | awk 'NR == 2 { print $1 }')
plain_text=$(arm-none-eabi-size "$out/core/status.o" | awk 'NR == 2 { print $1 }')
printf '\nWith ORCA_STATUS_STRINGS=1 (every status named; hosted builds): status %d B, core total %d B.\n' \
  "$texts_text" $((core_text - plain_text + texts_text))
table "$out/llhttp" "llhttp $(awk '/LLHTTP_VERSION_(MAJOR|MINOR|PATCH)/ { v = v (v ? "." : "") $3 } END { print v }' \
  /usr/share/include/llhttp/llhttp.h) (Debian node-llhttp sources, same flags):"
ll_text=$tot_text

fail=0
check() {  # check LABEL VALUE LIMIT  (VALUE must be below LIMIT; LIMIT 1 means "0")
  local verdict=ok
  [ "$2" -lt "$3" ] || { verdict=OVER; fail=1; }
  printf '| %s | %d | < %d | %s |\n' "$1" "$2" "$3" "$verdict"
}
printf '\nBudgets:\n\n| what | bytes | budget | |\n|---|---:|---:|---|\n'
check "core .text" "$core_text" 8192
check "HTTP writer + parser .text" "$core_http" 4096
check "cookies + dates .text" "$core_cookie" 2048
check "core .data + .bss" $((core_data + core_bss)) 1
awk -v o="$core_http" -v l="$ll_text" 'BEGIN { if (o > 0) printf "\nHTTP writer + parser are %.1fx smaller than llhttp (%d vs %d bytes of .text).\n", l / o, o, l }'
exit $fail
