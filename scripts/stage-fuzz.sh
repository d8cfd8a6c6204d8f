#!/usr/bin/env bash
# libFuzzer stage: builds every harness (tests/fuzz/*.cmake, clang, ASan +
# UBSan), makes seed corpora from the test vectors, then runs EVERY
# build-fuzz/tests/fuzz_* for ORCA_FUZZ_SECONDS (default 60) each (the two
# harnesses of issue 14 for half of it).
# Fails on any crash, leak, sanitizer report or harness abort.
#
# Corpus of fuzz_NAME: build-fuzz/corpus-fuzz_NAME/ (generated, also where
# libFuzzer saves new inputs) plus tests/fuzz/seeds/fuzz_NAME/ when present.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake clang libclang-rt-14-dev libcmocka-dev libjsmn-dev \
  libmbedtls-dev libpsl-dev publicsuffix
# libFuzzer brings its own main: the check program is a harness.
LINK_PROGRAM='#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
  ensure_links "clang libclang-rt-14-dev" clang -fsanitize=fuzzer,address,undefined
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DORCA_FUZZ=ON \
  -DORCA_BUILD_EXAMPLES=OFF
cmake --build build-fuzz -j "$(orca_jobs)"

seconds="${ORCA_FUZZ_SECONDS:-60}"
# The harnesses of issue 14 get half of it, which keeps the stage near its
# old length; bench/fuzz-campaign.sh runs each for millions of inputs.
half_time=" fuzz_cookie_jar fuzz_session_adversary fuzz_session_state fuzz_session_nonblocking "
out=build-fuzz/tests

# Generated seed corpora: one line per generator (harness name, command
# that writes the seeds into the directory given as its last argument).
generate_seeds() {
  local name="$1"; shift
  [ -x "$out/$name" ] || return 0
  mkdir -p "build-fuzz/corpus-$name"
  local rc=0
  "$@" "build-fuzz/corpus-$name" || rc=$?
  # 77: ../shared/testdata is absent (a clone on its own): no generated seeds.
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || return "$rc"
}
generate_seeds fuzz_http_parser "$out/orca_http_vectors" --corpus

shopt -s nullglob
harnesses=("$out"/fuzz_*)
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "no fuzz harness found in $out"
  exit 1
fi
# Every harness source must have been built (a fragment that stops building one
# would otherwise drop it silently).
failed=()
for src in tests/fuzz/fuzz_*.c; do
  name="$(basename "$src" .c)"
  [ -x "$out/$name" ] || failed+=("$name(not built)")
done
ran=0
for bin in "${harnesses[@]}"; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  name="$(basename "$bin")"
  ran=$((ran + 1))
  corpus=("build-fuzz/corpus-$name")
  mkdir -p "${corpus[0]}"
  [ -d "tests/fuzz/seeds/$name" ] && corpus+=("tests/fuzz/seeds/$name")
  t="$seconds"
  [[ "$half_time" == *" $name "* ]] && t=$(((seconds + 1) / 2))
  echo "== $name: ${t}s, corpus ${corpus[*]}"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$bin" -max_total_time="$t" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/crash-$name-" "${corpus[@]}"; then
    failed+=("$name")
  fi
done
[ "$ran" -gt 0 ] || failed+=("(no harness ran)")
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz FAILED: ${failed[*]} (inputs: build-fuzz/crash-*)"
  exit 1
fi
echo "fuzz passed: $ran harness(es), ${seconds}s each (half for${half_time% })"
