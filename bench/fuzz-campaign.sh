#!/usr/bin/env bash
# Long fuzz campaign (issue 14): every libFuzzer harness (tests/fuzz/fuzz_*.c,
# clang, ASan + UBSan, as scripts/stage-fuzz.sh builds them but at -O1, the
# level libFuzzer's docs and OSS-Fuzz use: 1.5-2.8x the exec/s of the stage's
# -O0, measured; own build dir build-campaign/) until it has run
# ORCA_CAMPAIGN_RUNS inputs (default 10 million) or for SECONDS (default 3600)
# at most, two harnesses at a time (ORCA_CAMPAIGN_JOBS, default 2: both cores),
# slowest first, under nice (a CI run or a build on the same machine goes
# first). Then prints per harness: executions, exec/s, wall seconds,
# corpus (grown and minimized), coverage (cov: edges, ft: features), verdict.
#
#   bash bench/fuzz-campaign.sh [SECONDS] [HARNESS...]
#
# With HARNESS names (fuzz_http_parser ...) only those run. ORCA_CAMPAIGN_DIR
# (default build-campaign/campaign) holds corpora, logs and crashes: a second
# campaign beside a running one needs its own.
#
# The grown corpus stays outside the repo, in build-campaign/campaign/<harness>/
# (kept between runs: a second campaign starts from the first's corpus), its
# minimized copy (-merge=1) in build-campaign/campaign/<harness>.min/, logs in
# build-campaign/campaign/<harness>.log, crashing inputs in
# build-campaign/campaign/crash-<harness>-*. Fails on any crash, leak, sanitizer
# report or harness abort (a harness stopped with SIGINT is reported as
# interrupted, with its figures so far). Prints the machine load before and
# after (the cores may be shared).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

seconds="${1:-3600}"
runs="${ORCA_CAMPAIGN_RUNS:-10000000}"
jobs="${ORCA_CAMPAIGN_JOBS:-2}"
dir="${ORCA_CAMPAIGN_DIR:-build-campaign/campaign}"
out=build-campaign/tests

ensure_packages build-essential cmake clang libclang-rt-14-dev libcmocka-dev libjsmn-dev \
  libmbedtls-dev
LINK_PROGRAM='#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
  ensure_links "clang libclang-rt-14-dev" clang -fsanitize=fuzzer,address,undefined
CC=clang cmake -S . -B build-campaign -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS_DEBUG=-g -O1" \
  -DORCA_FUZZ=ON -DORCA_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-campaign -j "$(orca_jobs)" >/dev/null
mkdir -p "$dir"

# Slowest first (measured exec/s), so the long runs start at once and the
# fast ones fill the other core; any harness not listed comes last.
order=(fuzz_session_adversary fuzz_session fuzz_cookie_jar fuzz_http_parser fuzz_cookie
  fuzz_date fuzz_json)
harnesses=()
for name in "${order[@]}"; do
  [ -x "$out/$name" ] && harnesses+=("$name")
done
for src in tests/fuzz/fuzz_*.c; do
  name="$(basename "$src" .c)"
  [ -x "$out/$name" ] || { echo "ERROR: $name not built" >&2; exit 1; }
  [[ " ${harnesses[*]} " == *" $name "* ]] || harnesses+=("$name")
done
if [ $# -gt 1 ]; then
  shift
  for name in "$@"; do
    [[ " ${harnesses[*]} " == *" $name "* ]] || { echo "ERROR: no harness $name" >&2; exit 2; }
  done
  harnesses=("$@")
fi

# Seeds: the repo's, plus the HTTP vectors for the parser.
mkdir -p "$dir/fuzz_http_parser"
"$out/orca_http_vectors" --corpus "$dir/fuzz_http_parser" >/dev/null

run_one() {
  local name="$1" seeds=()
  mkdir -p "$dir/$name"
  [ -d "tests/fuzz/seeds/$name" ] && seeds=("tests/fuzz/seeds/$name")
  local start=$SECONDS rc=0
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n 19 "$out/$name" -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/crash-$name-" "$dir/$name" "${seeds[@]}" \
    >"$dir/$name.log" 2>&1 || rc=$?
  echo "wall_seconds: $((SECONDS - start))" >>"$dir/$name.log"
  echo "exit_code: $rc" >>"$dir/$name.log"
  rm -rf "$dir/$name.min" && mkdir -p "$dir/$name.min"
  "$out/$name" -merge=1 "$dir/$name.min" "$dir/$name" >"$dir/$name.merge.log" 2>&1 || true
  echo "   done $name (exit $rc, $((SECONDS - start)) s)"
}

echo "== fuzz campaign: ${#harnesses[@]} harnesses, $runs runs or ${seconds}s each, $jobs at a time"
echo "   load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
campaign_start=$SECONDS
running=0
for name in "${harnesses[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  echo "   start $name"
  run_one "$name" &
  running=$((running + 1))
done
wait || true
echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg); campaign $((SECONDS - campaign_start)) s"

# The table, from each log: the DONE line (last status line when stopped
# by a crash) has cov: and ft:; the final stats have the counts.
kbytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", (s + 1023) / 1024 }'; }
failed=()
printf '| harness | executions | exec/s | seconds | corpus (files / KiB) | minimized (files / KiB) | cov | ft | result |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
for name in "${harnesses[@]}"; do
  log="$dir/$name.log"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  wall="$(sed -n 's/^wall_seconds: //p' "$log")"
  rc="$(sed -n 's/^exit_code: //p' "$log")"
  status_line="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status_line")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status_line")"
  files="$(find "$dir/$name" -type f | wc -l)"
  kb="$(kbytes "$dir/$name")"
  min_files="$(find "$dir/$name.min" -type f | wc -l)"
  min_kb="$(kbytes "$dir/$name.min")"
  result=ok
  if [ "$rc" = 72 ] && grep -q 'libFuzzer: run interrupted' "$log"; then
    result="interrupted (SIGINT) at ${wall}s" # libFuzzer's -interrupt_exit_code
  elif [ "$rc" != 0 ] || grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error' "$log"; then
    result="FAILED (see $log)"
    failed+=("$name")
  elif [ "${execs:-0}" -lt "$runs" ]; then
    result="stopped at ${seconds}s"
  fi
  printf '| %s | %s | %s | %s | %s / %s | %s / %s | %s | %s | %s |\n' "$name" "${execs:-?}" \
    "${rate:-?}" "${wall:-?}" "$files" "$kb" "$min_files" "$min_kb" "${cov:-?}" "${ft:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz campaign FAILED: ${failed[*]} (inputs: $dir/crash-*)"
  exit 1
fi
echo "fuzz campaign passed"
