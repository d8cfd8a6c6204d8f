#!/usr/bin/env bash
# Parser speed: instructions per response (valgrind --tool=callgrind) for the
# responses in bench/responses/, orca's parser against llhttp, http-parser and
# picohttpparser on the same bytes, gcc -O2, x86_64. Prints Markdown tables;
# exits 1 when a goal (fewer than llhttp, within 1.5x of picohttpparser) is missed.
# Usage: bash bench/parser-speed.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential valgrind node-llhttp libhttp-parser-dev libh2o0.13 libjsmn-dev

iterations="${1:-1000}"
out="build-bench/parser"
rm -rf "$out"
mkdir -p "$out"
cflags=(-std=c99 -O2 -DNDEBUG -D_POSIX_C_SOURCE=200809L)
drv=bench/parser/driver.c

# llhttp from Debian's node-llhttp C sources, built here with the same flags.
gcc "${cflags[@]}" -Ibench/parser -I/usr/share/include/llhttp -o "$out/bench-llhttp" \
  $drv bench/parser/peer_llhttp.c /usr/share/llhttp/{llhttp,api,http}.c
# http-parser and picohttpparser as Debian built them (-O2): bound eagerly so
# lazy PLT resolution is not counted.
gcc "${cflags[@]}" -Ibench/parser -o "$out/bench-http-parser" $drv bench/parser/peer_http_parser.c \
  /usr/lib/x86_64-linux-gnu/libhttp_parser.a
gcc "${cflags[@]}" -Ibench/parser -Wl,-z,now -o "$out/bench-picohttpparser" \
  $drv bench/parser/peer_pico.c -l:libh2o.so.0.13
mkdir -p "$out/jsmn" && cp /usr/include/jsmn.h "$out/jsmn/"
gcc "${cflags[@]}" -Ibench/parser -Icore/include -Icore/src -I"$out/jsmn" -o "$out/bench-orca" \
  $drv bench/parser/peer_orca.c core/src/*.c

parsers=(orca llhttp http-parser picohttpparser)

# Ir counted inside bench_parse, for N iterations minus for none (the hashing
# check run), divided by N.
ir_of() {
  local bin="$1" file="$2" n="$3" cg="$out/cg.out"
  valgrind --tool=callgrind --callgrind-out-file="$cg" --toggle-collect=bench_parse \
    "$bin" "$file" "$n" >/dev/null 2>"$out/valgrind.log" || { cat "$out/valgrind.log" >&2; return 1; }
  awk '/^summary:/ { print $2 }' "$cg"
}

declare -A per   # per[parser,response] = instructions per response
responses=(bench/responses/*.http)
for f in "${responses[@]}"; do
  r="$(basename "$f" .http)"
  expect=""
  for p in "${parsers[@]}"; do
    seen="$("$out/bench-$p" "$f" 0)"
    if [ -z "$expect" ]; then
      expect="$seen"
    elif [ "$seen" != "$expect" ]; then
      echo "$p disagrees on $r: '$seen' vs '$expect'" >&2
      exit 1
    fi
    a="$(ir_of "$out/bench-$p" "$f" 0)"
    b="$(ir_of "$out/bench-$p" "$f" "$iterations")"
    per[$p,$r]=$(( (b - a) / iterations ))
  done
  echo "checked $r: every parser reports $expect" >&2
done

bytes=0
for f in "${responses[@]}"; do bytes=$((bytes + $(stat -c %s "$f"))); done
printf '\nInstructions per response (callgrind, gcc -O2, x86_64; %d responses, mean %d bytes):\n\n' \
  "${#responses[@]}" $((bytes / ${#responses[@]}))
printf '| response | bytes |'; for p in "${parsers[@]}"; do printf ' %s |' "$p"; done; echo
printf '|---|---:|'; for p in "${parsers[@]}"; do printf -- '---:|'; done; echo
declare -A sum
for f in "${responses[@]}"; do
  r="$(basename "$f" .http)"
  printf '| %s | %d |' "$r" "$(stat -c %s "$f")"
  for p in "${parsers[@]}"; do
    printf ' %d |' "${per[$p,$r]}"
    sum[$p]=$(( ${sum[$p]:-0} + per[$p,$r] ))
  done
  echo
done
printf '| **mean** | %d |' $((bytes / ${#responses[@]}))
for p in "${parsers[@]}"; do printf ' **%d** |' $(( sum[$p] / ${#responses[@]} )); done; echo

printf "\nRatios of mean instructions (below 1: orca needs fewer than the peer):\n\n"
echo "| peer | orca ÷ peer |"
echo "|---|---:|"
for p in "${parsers[@]:1}"; do
  awk -v a="${sum[orca]}" -v b="${sum[$p]}" -v p="$p" 'BEGIN { printf "| %s | %.2f |\n", p, a / b }'
done
awk -v o="${sum[orca]}" -v l="${sum[llhttp]}" -v c="${sum[picohttpparser]}" 'BEGIN {
  printf "\nGoal: fewer than llhttp (%s), within 1.5x of picohttpparser (%s)\n",
    (o < l ? "met" : "MISSED"), (o <= 1.5 * c ? "met" : "MISSED")
  exit !(o < l && o <= 1.5 * c) }'
